#!/usr/bin/env python3
"""Records a session driven over QMP and through the FUSE mount with
`memhp up --record`, then checks that the recording is the scenario
tests/scenarios/live-recorded-session.scn, whose transcript
tests/golden/live-recorded-session.out was made by replaying it on Linux
with ../shared/oracle/run-linux (the conformance run replays it on memhp
and compares).  Prints PASS/FAIL/SKIP lines and a summary.

    record_test.py MEMHP_BINARY WORKDIR
"""
import json
import os
import socket
import subprocess
import sys
import time

memhp, work = sys.argv[1], sys.argv[2]
top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
expected = os.path.join(top, "tests/scenarios/live-recorded-session.scn")
sock_path = os.path.join(work, "qmp.sock")
mnt = os.path.join(work, "mnt")
record = os.path.join(work, "session.scn")
os.makedirs(mnt, exist_ok=True)
res = {"pass": 0, "fail": 0, "skip": 0}


def report(kind, name, detail=""):
    res[kind] += 1
    print("%s %s%s" % (kind.upper(), name, ("  " + detail) if detail and kind == "fail" else ""))


def finish():
    print("%d passed, %d failed, %d skipped" % (res["pass"], res["fail"], res["skip"]))
    sys.exit(1 if res["fail"] else 0)


if not os.path.exists("/dev/fuse"):
    report("skip", "record a session over QMP and FUSE (no /dev/fuse)")
    finish()

proc = subprocess.Popen([memhp, "up", "--qmp", sock_path, "--mount", mnt, "--record", record, "--",
                         "-m", "1G,slots=4,maxmem=8G", "-smp", "1"],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
ready = False
for _ in range(10):
    line = proc.stdout.readline().strip()
    if line == "ready":
        ready = True
        break
if not ready or not os.path.isdir(os.path.join(mnt, "sys")):
    proc.terminate()
    proc.wait()
    report("skip", "record a session over QMP and FUSE (the mount is not available here)")
    finish()

s = socket.socket(socket.AF_UNIX)
s.connect(sock_path)
f = s.makefile("rwb")
f.readline()


def qmp(execute, args=None):
    msg = {"execute": execute}
    if args is not None:
        msg["arguments"] = args
    f.write(json.dumps(msg).encode() + b"\n")
    f.flush()
    while True:
        r = json.loads(f.readline())
        if "event" not in r:
            return r


def sysfs_write(rel, value):
    # as `echo VALUE > FILE` does: one write(2) with the newline
    fd = os.open(os.path.join(mnt, rel), os.O_WRONLY | os.O_TRUNC)
    try:
        os.write(fd, (value + "\n").encode())
        return "ok"
    except OSError as e:
        return e.strerror
    finally:
        os.close(fd)


try:
    qmp("qmp_capabilities")
    qmp("object-add", {"qom-type": "memory-backend-ram", "id": "m1", "size": 536870912})
    qmp("device_add", {"driver": "pc-dimm", "id": "d1", "memdev": "m1"})
    sysfs_write("sys/devices/system/memory/memory32/state", "online_movable")
    sysfs_write("sys/devices/system/memory/memory33/online", "1")
    sysfs_write("sys/devices/system/memory/memory34/state", "bogus")
    sysfs_write("sys/devices/system/memory/auto_online_blocks", "online_movable")
    qmp("query-memory-devices")
    qmp("x-memhp-record-snapshot")
    qmp("object-add", {"qom-type": "memory-backend-ram", "id": "m2", "size": 268435456})
    qmp("device_add", {"driver": "pc-dimm", "id": "d2", "memdev": "m2"})
    sysfs_write("sys/devices/system/memory/memory32/state", "offline")
    qmp("device_del", {"id": "d2"})
    qmp("x-memhp-record-snapshot")
finally:
    s.close()
    proc.terminate()
    proc.wait()

got = [l.rstrip("\n") for l in open(record) if not l.startswith("#")]
want = [l.rstrip("\n") for l in open(expected) if not l.startswith("#")]
if got == want:
    report("pass", "the recording of a QMP + FUSE session is the scenario replayed on Linux")
else:
    report("fail", "the recording of a QMP + FUSE session is the scenario replayed on Linux",
           "\n".join(got))
run = subprocess.run([memhp, "run", record], capture_output=True, text=True)
report("pass" if run.returncode == 0 else "fail", "the recording replays on memhp", run.stderr)
finish()
