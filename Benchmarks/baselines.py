"""The raw Argon2id rate the sign-in route is compared with.

Verifies the server's own stored hash (so exactly its parameters: memory, passes, lanes, salt
and hash length) with argon2-cffi, which wraps the same reference libargon2, on as many threads
as the server's hashing pool has (NIOThreadPool.singleton: one per core). cffi releases the GIL
during the call, so the threads hash in parallel.
"""

import threading
import time

from argon2.low_level import Type, verify_secret


def argon2_rate(phc, password, threads, seconds):
    hash_bytes, secret = phc.encode(), password.encode()
    counts = [0] * threads
    deadline = time.monotonic() + seconds

    def work(slot):
        while time.monotonic() < deadline:
            verify_secret(hash_bytes, secret, Type.ID)
            counts[slot] += 1

    started = time.monotonic()
    workers = [threading.Thread(target=work, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    return {"rate": round(sum(counts) / elapsed, 1), "threads": threads, "parameters": phc.split("$")[3]}
