#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Slow and hostile clients against the live map of `memhp up --http`.

1. 60 clients trickle a request head one byte a second for ~15 s (each
   connects again when the server drops it), while a normal client fetches
   the page, its script and /api/map in a loop: every normal request must
   be served, each within a couple of seconds.
2. 200 connections that send nothing, opened at once and held, while the
   normal client keeps fetching: again every request is served.
3. A head with a NUL byte is answered 400 at once (well under a second),
   without the client finishing its head.

Usage: slow_clients_test.py MEMHP [SECONDS]
Prints PASS/FAIL lines (tests/http/run counts them) and exits 1 on a failure.
"""
import os
import random
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time

QEMU_ARGS = ["-m", "1G,slots=4,maxmem=8G", "-smp", "1"]
TRICKLERS = 60
SILENT = 200
NORMAL_TIMEOUT = 5.0		# a normal request that takes longer has failed
SLOW_MS = 2000			# ... and one that takes longer than this is reported

failures = 0


def check(name, ok, why=""):
    global failures
    if ok:
        print("PASS " + name, flush=True)
    else:
        failures += 1
        print("FAIL %s: %s" % (name, why), flush=True)
    return ok


def start_memhp(memhp, tmp):
    """memhp up on a free port; Return: (process, port)."""
    for _ in range(8):
        port = random.randint(20000, 49999)
        p = subprocess.Popen([memhp, "up", "--http", str(port), "--qmp", os.path.join(tmp, "qmp.sock"),
                              "--"] + QEMU_ARGS, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out = ""
        deadline = time.time() + 10
        while time.time() < deadline:
            line = p.stdout.readline()
            if not line:
                break
            out += line
            if line.strip() == "ready":
                return p, port
        err = p.stderr.read() if p.poll() is not None else ""
        p.kill()
        p.wait()
        if "in use" not in err.lower():
            raise RuntimeError("memhp up did not start: " + out + err)
    raise RuntimeError("memhp up found no free port")


def request(port, target, timeout=NORMAL_TIMEOUT):
    """One GET; Return: (status, body) or (None, why)."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError as e:
        return None, "connect: %s" % e
    try:
        s.settimeout(timeout)
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: slow_clients_test\r\n\r\n"
                   % (target, port)).encode())
        data = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
    except OSError as e:
        return None, "%s: %s" % (target, e)
    finally:
        s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    parts = head.split(b" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return None, "%s: no status line in %r" % (target, data[:80])
    return int(parts[1]), body


class Normal:
    """A client fetching the page and the map in a loop until stopped."""

    TARGETS = ["/", "/map.js", "/map.css", "/api/map"]

    def __init__(self, port):
        self.port = port
        self.served = 0
        self.failed = []
        self.slowest = 0.0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        i = 0
        while not self.stop.is_set():
            target = self.TARGETS[i % len(self.TARGETS)]
            i += 1
            t0 = time.monotonic()
            status, body = request(self.port, target)
            dt = time.monotonic() - t0
            self.slowest = max(self.slowest, dt)
            if status == 200 and body:
                self.served += 1
            else:
                self.failed.append("%s: %s" % (target, status if status is not None else body))
            time.sleep(0.02)

    def finish(self):
        self.stop.set()
        self.thread.join()


stats_lock = threading.Lock()


def count(stats, key):
    with stats_lock:
        stats[key] += 1


def trickler(port, stop, stats):
    """Connects and sends a never-ending head a byte a second; again when dropped."""
    head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100000
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            time.sleep(0.2)
            continue
        count(stats, "connects")
        try:
            for i in range(len(head)):
                if stop.is_set():
                    break
                s.send(head[i:i + 1])
                r, _, _ = select.select([s], [], [], 1.0)
                if r:		# the server answered or hung up: connect again
                    count(stats, "dropped")
                    break
        except OSError:
            count(stats, "dropped")
        finally:
            s.close()
        time.sleep(0.1)


def tricklers_phase(port, seconds):
    stop = threading.Event()
    stats = {"connects": 0, "dropped": 0}
    threads = [threading.Thread(target=trickler, args=(port, stop, stats), daemon=True) for _ in range(TRICKLERS)]
    for t in threads:
        t.start()
    time.sleep(1.5)		# every trickler connected and sending
    normal = Normal(port)
    time.sleep(seconds)
    normal.finish()
    stop.set()
    for t in threads:
        t.join()
    print("# %d trickling clients for %d s: %d normal requests served, %d not, slowest %.0f ms; "
          "the tricklers connected %d times and were dropped %d times"
          % (TRICKLERS, seconds, normal.served, len(normal.failed), normal.slowest * 1000,
             stats["connects"], stats["dropped"]), flush=True)
    check("every normal request served while %d clients trickle their heads (%d served)" % (TRICKLERS, normal.served),
          normal.served > 0 and not normal.failed, "; ".join(normal.failed[:5]))
    check("normal requests answered within %d ms while clients trickle" % SLOW_MS,
          normal.slowest * 1000 < SLOW_MS, "slowest %.0f ms" % (normal.slowest * 1000))


def silent_phase(port, seconds):
    socks = []
    for _ in range(SILENT):
        try:
            socks.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            break
    normal = Normal(port)
    time.sleep(seconds)
    normal.finish()
    for s in socks:
        s.close()
    print("# %d silent connections: %d normal requests served, %d not, slowest %.0f ms"
          % (len(socks), normal.served, len(normal.failed), normal.slowest * 1000), flush=True)
    check("every normal request served while %d connections send nothing (%d served)" % (len(socks), normal.served),
          len(socks) == SILENT and normal.served > 0 and not normal.failed,
          "%d connections; %s" % (len(socks), "; ".join(normal.failed[:5])))


def nul_head(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    t0 = time.monotonic()
    s.sendall(b"GET / HTTP/1.1\r\nHost: local\0host\r\nX-More: ")	# the head is not finished
    data = b""
    try:
        while True:
            d = s.recv(4096)
            if not d:
                break
            data += d
    except OSError as e:
        data += (" (%s)" % e).encode()
    dt = time.monotonic() - t0
    s.close()
    check("a head with a NUL byte gets 400 at once (%.0f ms)" % (dt * 1000),
          data.startswith(b"HTTP/1.1 400 ") and dt < 0.5, "%.0f ms: %r" % (dt * 1000, data[:60]))


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: slow_clients_test.py MEMHP [SECONDS]\n")
        return 2
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    with tempfile.TemporaryDirectory(prefix="memhp-slow-") as tmp:
        proc, port = start_memhp(sys.argv[1], tmp)
        try:
            nul_head(port)
            tricklers_phase(port, seconds)
            silent_phase(port, 3)
            nul_head(port)
            proc.terminate()
            try:
                code = proc.wait(timeout=8)
            except subprocess.TimeoutExpired:
                code = None
            check("memhp up stops on SIGTERM after the slow clients", code == 0, "exit %s" % code)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
