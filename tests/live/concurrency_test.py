#!/usr/bin/env python3
"""Many writers at once: FUSE writers toggle memory blocks while QMP clients
plug and unplug DIMMs, for a few seconds, against the test build of
`memhp up` (sanitizers and the model's invariant checks on, so a race that
breaks the model aborts it).  Afterwards the daemon must still answer and
its tree must read consistently.  Prints PASS/FAIL/SKIP and a summary.

    concurrency_test.py MEMHP_BINARY WORKDIR [SECONDS]
"""
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time

memhp, work = sys.argv[1], sys.argv[2]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
sock_path = os.path.join(work, "qmp.sock")
mnt = os.path.join(work, "mnt")
os.makedirs(mnt, exist_ok=True)
res = {"pass": 0, "fail": 0, "skip": 0}


def report(kind, name, detail=""):
    res[kind] += 1
    print("%s %s%s" % (kind.upper(), name, ("  " + str(detail)[:2000]) if detail and kind == "fail" else ""))


def finish():
    print("%d passed, %d failed, %d skipped" % (res["pass"], res["fail"], res["skip"]))
    sys.exit(1 if res["fail"] else 0)


if not os.path.exists("/dev/fuse"):
    report("skip", "concurrent QMP and FUSE writers (no /dev/fuse)")
    finish()
proc = subprocess.Popen([memhp, "up", "--qmp", sock_path, "--mount", mnt, "--",
                         "-m", "2G,slots=8,maxmem=16G", "-smp", "2"],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
ready = any(proc.stdout.readline().strip() == "ready" for _ in range(10))
if not ready or not os.path.isdir(os.path.join(mnt, "sys")):
    proc.terminate()
    proc.wait()
    report("skip", "concurrent QMP and FUSE writers (the mount is not available here)")
    finish()


class Qmp:
    def __init__(self):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.settimeout(10)
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


errors = []
stop = time.monotonic() + seconds
counts = {"qmp": 0, "write": 0}


def qmp_worker(n):
    rng = random.Random(n)
    try:
        q = Qmp()
        i = 0
        while time.monotonic() < stop:
            obj, dev = "m%d_%d" % (n, i), "d%d_%d" % (n, i)
            q.cmd("object-add", {"qom-type": "memory-backend-ram", "id": obj, "size": 134217728 * rng.choice([1, 2])})
            q.cmd("device_add", {"driver": "pc-dimm", "id": dev, "memdev": obj})
            q.cmd("query-memory-devices")
            q.cmd("device_del", {"id": dev})
            counts["qmp"] += 4
            i += 1
    except Exception as e:  # noqa: BLE001 - any failure is a finding
        errors.append("qmp %d: %r" % (n, e))


def fuse_worker(n):
    rng = random.Random(100 + n)
    words = ["online", "online_movable", "online_kernel", "offline"]
    try:
        while time.monotonic() < stop:
            block = rng.choice(range(32, 48))
            path = os.path.join(mnt, "sys/devices/system/memory/memory%d/state" % block)
            try:
                fd = os.open(path, os.O_WRONLY)
            except FileNotFoundError:
                continue
            try:
                os.write(fd, (rng.choice(words) + "\n").encode())
            except OSError:
                pass  # EINVAL, EBUSY, ENOENT (removed meanwhile): the kernel's answers
            finally:
                os.close(fd)
            counts["write"] += 1
            with open(os.path.join(mnt, "proc/zoneinfo")) as f:
                f.read()
    except Exception as e:  # noqa: BLE001
        errors.append("fuse %d: %r" % (n, e))


threads = [threading.Thread(target=qmp_worker, args=(i,)) for i in range(2)]
threads += [threading.Thread(target=fuse_worker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
alive = proc.poll() is None
if alive and not errors:
    report("pass", "%d QMP commands and %d sysfs writes at once, no client error" % (counts["qmp"], counts["write"]))
else:
    out = proc.stdout.read() if not alive else ""
    report("fail", "QMP and FUSE writers at once", (errors, out))
if alive:
    lsmem = subprocess.run(["lsmem", "--sysroot", mnt], capture_output=True, text=True)
    report("pass" if lsmem.returncode == 0 else "fail", "lsmem reads the tree afterwards", lsmem.stderr)
    r = Qmp().cmd("query-memory-size-summary")
    report("pass" if "return" in r else "fail", "QMP answers afterwards", r)
proc.terminate()
rc = proc.wait()
report("pass" if rc == 0 else "fail", "memhp up exits 0 after the load", rc)
finish()
