"""Opens many keep-alive connections, one request each, then holds them idle.

While they are held it reads the server's resident memory, and times a few fresh requests on a
new connection, to show what idle clients cost the server and that it still answers. Prints one
JSON object for Benchmarks/bench.py.
"""

import argparse
import asyncio
import json
import socket
import struct
import time


async def read_response(reader):
    """Reads one response to a health check; returns its status."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    length = next((int(line.split(":", 1)[1]) for line in head if line.lower().startswith("content-length:")), 0)
    await reader.readexactly(length)
    return int(head[0].split(" ", 2)[1])


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def main(port, pid, count, hold):
    host = "127.0.0.1"
    request = f"GET /health/live HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    before = rss_kib(pid)
    opened, failed, connections = 0, 0, []
    semaphore = asyncio.Semaphore(200)  # open in waves: a SYN flood would only measure the backlog

    async def open_one():
        nonlocal opened, failed
        async with semaphore:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
                writer.write(request)
                status = await asyncio.wait_for(read_response(reader), 10)
                if status != 200:
                    raise RuntimeError(status)
                connections.append((reader, writer))
                opened += 1
            except Exception:
                failed += 1

    started = time.monotonic()
    await asyncio.gather(*(open_one() for _ in range(count)))
    open_seconds = time.monotonic() - started
    peak = rss_kib(pid)
    fresh = []
    deadline = time.monotonic() + hold
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        peak = max(peak, rss_kib(pid))
        t0 = time.monotonic()
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(request)
        await read_response(reader)
        fresh.append((time.monotonic() - t0) * 1000)
        writer.close()
    # Still open at the end: the server did not drop idle keep-alive connections meanwhile.
    still_open = sum(1 for reader, _ in connections if not reader.at_eof())
    for _, writer in connections:
        # Reset rather than close: 10,000 closes would leave as many local ports in TIME_WAIT
        # for a minute, and a PostgreSQL started meanwhile on one of them could not listen.
        writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.close()
    print(json.dumps({
        "connections": count, "opened": opened, "failed": failed, "still_open": still_open,
        "open_seconds": round(open_seconds, 2), "hold_seconds": hold,
        "rss_before_mib": round(before / 1024, 1), "rss_peak_mib": round(peak / 1024, 1),
        "per_connection_kib": round((peak - before) / max(opened, 1), 2),
        "fresh_request_ms_max": round(max(fresh), 2) if fresh else None,
    }))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--connections", type=int, default=10000)
    parser.add_argument("--hold", type=float, default=5.0)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.port, arguments.pid, arguments.connections, arguments.hold))
