#!/usr/bin/env python3
"""Figures for `memhp up` (prints them, asserts nothing):
 - QMP commands per second from several clients at once;
 - sysfs reads per second through the FUSE mount from several readers;
 - the latency of one hot-plug seen end to end: QMP device_add until the new
   blocks are visible in the mount.

    live_bench.py [MEMHP_BINARY] [SECONDS]
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

memhp = sys.argv[1] if len(sys.argv) > 1 else "build/memhp"
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
work = tempfile.mkdtemp(prefix="memhp-bench-")
sock_path = os.path.join(work, "qmp.sock")
mnt = os.path.join(work, "mnt")
os.mkdir(mnt)


def start(with_mount):
    argv = [memhp, "up", "--qmp", sock_path]
    if with_mount:
        argv += ["--mount", mnt]
    argv += ["--", "-m", "4G,slots=8,maxmem=64G", "-smp", "2"]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    while True:
        line = p.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
        if line.strip() == "ready":
            return p, True
    p.wait()
    return p, False


class Client:
    def __init__(self):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(sock_path)
        self.f = self.s.makefile("rwb")
        self.f.readline()
        self.cmd("qmp_capabilities")

    def cmd(self, execute, args=None):
        msg = {"execute": execute}
        if args is not None:
            msg["arguments"] = args
        self.f.write(json.dumps(msg).encode() + b"\n")
        self.f.flush()
        while True:
            r = json.loads(self.f.readline())
            if "event" not in r:
                return r


def qmp_rate(nclients):
    counts = [0] * nclients
    stop = time.monotonic() + seconds

    def worker(i):
        c = Client()
        while time.monotonic() < stop:
            c.cmd("query-memory-devices")
            counts[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(nclients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / seconds


def read_rate(nreaders):
    counts = [0] * nreaders
    stop = time.monotonic() + seconds
    path = os.path.join(mnt, "sys/devices/system/memory/memory1/valid_zones")

    def worker(i):
        while time.monotonic() < stop:
            with open(path) as f:
                f.read()
            counts[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(nreaders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / seconds


proc, ok = start(with_mount=True)
mounted = ok and os.path.isdir(os.path.join(mnt, "sys"))
if not ok:
    proc, ok = start(with_mount=False)
if not ok:
    sys.exit("memhp up did not start")
try:
    for n in (1, 4):
        print("QMP query-memory-devices, %d client(s): %8.0f commands/s" % (n, qmp_rate(n)))
    if mounted:
        for n in (1, 4):
            print("sysfs reads through the FUSE mount, %d reader(s): %8.0f reads/s" % (n, read_rate(n)))
        c = Client()
        c.cmd("object-add", {"qom-type": "memory-backend-ram", "id": "lat", "size": 1 << 30})
        # -m 4G: RAM ends at 5G, so the first DIMM sits at 5G: blocks 40-47
        probe = os.path.join(mnt, "sys/devices/system/memory/memory47")
        t0 = time.monotonic()
        c.cmd("device_add", {"driver": "pc-dimm", "id": "dlat", "memdev": "lat"})
        while not os.path.isdir(probe):
            pass
        t1 = time.monotonic()
        print("hot-plug seen end to end (device_add of 1 GiB to memory47/ in the mount): %.3f ms" % ((t1 - t0) * 1e3))
    else:
        print("sysfs reads and hot-plug latency: skipped (no FUSE mount here)")
finally:
    proc.terminate()
    proc.wait()
