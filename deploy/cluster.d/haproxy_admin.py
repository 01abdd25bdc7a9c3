"""HAProxy's admin socket for deploy/cluster (standard library only).

  haproxy_admin.py SOCKET "COMMAND"              sends one command (e.g. "set server nodes/node1 state drain")
  haproxy_admin.py SOCKET wait-idle BACKEND/SERVER SECONDS   until the server has no session left
  haproxy_admin.py SOCKET wait-up BACKEND/SERVER SECONDS     until HAProxy's check says UP
  haproxy_admin.py SOCKET wait-down BACKEND/SERVER SECONDS   until it says DOWN
"""
import csv
import io
import socket
import sys
import time


def send(path, command):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        sock.sendall(command.encode() + b"\n")
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks).decode()
            chunks.append(chunk)


def server_stat(path, name):
    """The `show stat` row of BACKEND/SERVER, as a dict."""
    backend, server = name.split("/")
    text = send(path, "show stat").lstrip("# ")
    for row in csv.DictReader(io.StringIO(text)):
        if row["pxname"] == backend and row["svname"] == server:
            return row
    raise SystemExit(f"haproxy_admin: no server {name}")


def wait(path, name, seconds, done, what):
    deadline = time.time() + seconds
    while True:
        row = server_stat(path, name)
        if done(row):
            return 0
        if time.time() > deadline:
            print(f"haproxy_admin: {name} not {what} after {seconds} s (status {row['status']}, sessions {row['scur']})", file=sys.stderr)
            return 1
        time.sleep(0.1)


def main(argv):
    path = argv[1]
    if argv[2] == "wait-idle":
        return wait(path, argv[3], float(argv[4]), lambda row: row["scur"] == "0", "idle")
    if argv[2] == "wait-up":
        return wait(path, argv[3], float(argv[4]), lambda row: row["status"] == "UP", "up")
    if argv[2] == "wait-down":
        return wait(path, argv[3], float(argv[4]), lambda row: row["status"].startswith("DOWN"), "down")
    answer = send(path, argv[2]).strip()
    if answer:
        print(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
