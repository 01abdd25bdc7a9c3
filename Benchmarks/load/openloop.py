"""Open-loop HTTP/1.1 load: requests are due at a fixed rate whatever the server answers.

Each request has an intended start time (start + i / rate). Its latency is measured from that
time, not from when a connection happened to be free, so a server that falls behind shows its
queue in the percentiles instead of slowing the generator down (coordinated omission). A request
with no complete answer `timeout` seconds after its intended time is counted as a timeout and its
connection dropped. Used by Benchmarks/bench.py; targets files are those of targets.lua.
"""

import asyncio
import json

try:
    import uvloop
except ImportError:  # the plain loop works too, only slower
    uvloop = None


def read_targets(path, host):
    requests = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            method, target, token, body = line.rstrip("\n").split("\t", 3)
            head = [f"{method} {target} HTTP/1.1", f"Host: {host}", "Accept-Language: vi", "X-Client: web"]
            if token != "-":
                head.append(f"Authorization: Bearer {token}")
            data = b""
            if body != "-":
                data = body.encode()
                head += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
            requests.append(("\r\n".join(head) + "\r\n\r\n").encode() + data)
    return requests


async def read_response(reader):
    """Status and whether Retry-After was sent; reads the body so the connection can be reused."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, "retry-after" in headers, headers.get("connection", "").lower() == "close"


class Pool:
    """Keep-alive connections, opened on demand up to `limit`; callers wait for one beyond it."""

    def __init__(self, host, port, limit):
        self.host, self.port, self.limit = host, port, limit
        self.idle = []
        self.opened = 0
        self.available = asyncio.Condition()

    async def acquire(self):
        async with self.available:
            while not self.idle and self.opened >= self.limit:
                await self.available.wait()
            if self.idle:
                return self.idle.pop()
            self.opened += 1
        try:
            return await asyncio.open_connection(self.host, self.port)
        except Exception:
            await self.discard(None)
            raise

    async def release(self, connection):
        async with self.available:
            self.idle.append(connection)
            self.available.notify()

    async def discard(self, connection):
        if connection is not None:
            connection[1].close()
        async with self.available:
            self.opened -= 1
            self.available.notify()


async def run(host, port, requests, rate, duration, timeout, connections, cycle):
    total = int(rate * duration)
    if not cycle:
        total = min(total, len(requests))
    pool = Pool(host, port, connections)
    latencies, statuses = [], {}
    counts = {"timeouts": 0, "errors": 0, "retry_after": 0}
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.05
    behind = 0.0

    async def one(index, intended):
        connection = None
        try:
            async def exchange():
                nonlocal connection
                connection = await pool.acquire()
                reader, writer = connection
                writer.write(requests[index % len(requests)])
                return await read_response(reader)
            status, retry_after, close = await asyncio.wait_for(exchange(), timeout - (loop.time() - intended))
            latencies.append(loop.time() - intended)
            statuses[status] = statuses.get(status, 0) + 1
            counts["retry_after"] += retry_after
            if close:
                await pool.discard(connection)
            else:
                await pool.release(connection)
        except (asyncio.TimeoutError, TimeoutError):
            counts["timeouts"] += 1
            await pool.discard(connection)
        except Exception:
            counts["errors"] += 1
            await pool.discard(connection)

    tasks = []
    for index in range(total):
        intended = start + index / rate
        delay = intended - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            behind = max(behind, -delay)
        tasks.append(asyncio.create_task(one(index, intended)))
    sending = loop.time() - start
    await asyncio.gather(*tasks)
    elapsed = loop.time() - start
    for connection in pool.idle:
        connection[1].close()

    latencies.sort()

    def percentile(p):
        if not latencies:
            return None
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000, 3)

    answered = len(latencies)
    return {
        "rate": rate,
        "sent": total,
        "send_seconds": round(sending, 3),
        # How late the generator itself was at worst: above a few ms it could not keep the rate.
        "generator_lag_ms": round(behind * 1000, 1),
        "elapsed_seconds": round(elapsed, 3),
        "answered": answered,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "ok": sum(v for k, v in statuses.items() if k < 400),
        "timeouts": counts["timeouts"],
        "errors": counts["errors"],
        "retry_after": counts["retry_after"],
        "latency_ms": {"p50": percentile(50), "p99": percentile(99), "p999": percentile(99.9),
                       "max": round(latencies[-1] * 1000, 3) if latencies else None},
    }


def main():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--targets", required=True)
    parser.add_argument("--rate", type=float, required=True, help="requests per second")
    parser.add_argument("--duration", type=float, required=True, help="seconds of sending")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds from intended start")
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--once", action="store_true", help="send each target at most once")
    args = parser.parse_args()
    host = "127.0.0.1"
    requests = read_targets(args.targets, f"{host}:{args.port}")
    if uvloop is not None:
        uvloop.install()
    result = asyncio.run(run(host, args.port, requests, args.rate, args.duration, args.timeout, args.connections, not args.once))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
