"""The raw Argon2id rate the sign-in route is compared with.

Verifies the server's own stored hash (so exactly its parameters: memory, passes, lanes, salt
and hash length) with the very library the server links, the system's libargon2, through ctypes,
on as many threads as the server's hashing pool has (NIOThreadPool.singleton: one per core).
ctypes releases the GIL during the call, so the threads hash in parallel.

It once used argon2-cffi, whose bundled libargon2 is built with upstream's SSE2 code, while
Debian's is its portable code, about a fifth slower a hash: the ratio then charged the server for
its library's build, not for what it adds around the hash.
"""

import ctypes
import ctypes.util
import threading
import time


def system_libargon2():
    name = ctypes.util.find_library("argon2")
    if name is None:
        raise RuntimeError("libargon2 is not installed (Debian: libargon2-1), the library the server links")
    library = ctypes.CDLL(name)
    library.argon2id_verify.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
    library.argon2id_verify.restype = ctypes.c_int
    return name, library


def argon2_rate(phc, password, threads, seconds):
    name, library = system_libargon2()
    hash_bytes, secret = phc.encode(), password.encode()
    if library.argon2id_verify(hash_bytes, secret, len(secret)) != 0:
        raise RuntimeError("the system libargon2 does not verify the server's own hash")
    counts = [0] * threads
    deadline = time.monotonic() + seconds

    def work(slot):
        while time.monotonic() < deadline:
            library.argon2id_verify(hash_bytes, secret, len(secret))
            counts[slot] += 1

    started = time.monotonic()
    workers = [threading.Thread(target=work, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    return {"rate": round(sum(counts) / elapsed, 1), "threads": threads, "parameters": phc.split("$")[3], "library": name}
