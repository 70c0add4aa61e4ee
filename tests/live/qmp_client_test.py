#!/usr/bin/env python3
"""QMP over `memhp up`'s socket, driven as a QEMU client would: plain socket
and json, nothing memhp-specific.  Prints PASS/FAIL lines and a summary.

    qmp_client_test.py MEMHP_BINARY WORKDIR
"""
import json
import os
import socket
import subprocess
import sys
import time

memhp, work = sys.argv[1], sys.argv[2]
sock_path = os.path.join(work, "qmp.sock")
record = os.path.join(work, "recorded.scn")
results = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("PASS " if cond else "FAIL ") + name + ("" if cond else "  " + detail))


class Client:
    def __init__(self):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.settimeout(5)
        self.s.connect(sock_path)
        self.f = self.s.makefile("rwb")
        self.events = []
        self.greeting = self.line()

    def line(self):
        raw = self.f.readline()
        if not raw.endswith(b"\r\n"):
            raise RuntimeError("line without CRLF: %r" % raw)
        return json.loads(raw)

    def send(self, obj):
        self.f.write(json.dumps(obj).encode() + b"\n")
        self.f.flush()

    def cmd(self, execute, args=None, id=None):
        msg = {"execute": execute}
        if args is not None:
            msg["arguments"] = args
        if id is not None:
            msg["id"] = id
        self.send(msg)
        while True:
            r = self.line()
            if "event" in r:
                self.events.append(r)
                continue
            return r

    def drain(self, seconds=0.3):
        self.s.settimeout(seconds)
        try:
            while True:
                self.events.append(self.line())
        except (socket.timeout, TimeoutError):
            pass
        self.s.settimeout(5)
        self.f = self.s.makefile("rwb")  # a file object is unusable after a timeout
        ev, self.events = self.events, []
        return ev


proc = subprocess.Popen([memhp, "up", "--qmp", sock_path, "--record", record, "--",
                         "-m", "1G,slots=4,maxmem=8G", "-smp", "1"],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
banner = []
for _ in range(10):
    line = proc.stdout.readline().strip()
    banner.append(line)
    if line == "ready":
        break
check("up prints where it serves QMP", "qmp: " + sock_path in banner, repr(banner))

try:
    a = Client()
    check("greeting", a.greeting.get("QMP", {}).get("version", {}).get("qemu", {}).get("major") == 7, a.greeting)
    r = a.cmd("query-memory-devices", id=1)
    check("commands before negotiation are refused",
          r.get("error", {}).get("class") == "CommandNotFound" and r.get("id") == 1, r)
    r = a.cmd("qmp_capabilities", id="x")
    check("negotiation, id echoed", r == {"return": {}, "id": "x"}, r)
    r = a.cmd("qmp_capabilities")
    check("negotiation only once", "error" in r, r)

    b = Client()
    b.cmd("qmp_capabilities")
    # a client that goes away in the middle of a command harms nobody
    c = Client()
    c.s.sendall(b'{"execute": "qmp_capabilities"}{"execute": "object-add", "argu')
    c.s.close()

    r = a.cmd("object-add", {"qom-type": "memory-backend-ram", "id": "m1", "size": 268435456})
    check("object-add", r == {"return": {}}, r)
    r = a.cmd("device_add", {"driver": "pc-dimm", "id": "d1", "memdev": "m1"}, id=5)
    check("device_add", r == {"return": {}, "id": 5}, r)
    ea, eb = a.drain(), b.drain()
    ost = [e for e in ea if e["event"] == "ACPI_DEVICE_OST"]
    check("hot-plug event reaches the client", len(ost) == 1 and ost[0]["data"]["info"]["status"] == 0, ea)
    check("events go to every negotiated client", [e["event"] for e in eb] == [e["event"] for e in ea], eb)
    check("events carry a timestamp", all("seconds" in e.get("timestamp", {}) for e in ea), ea)
    r = a.cmd("query-memory-devices")
    devs = r.get("return", [])
    check("the DIMM is listed", len(devs) == 1 and devs[0]["data"]["addr"] == 4294967296, r)
    # two requests in one packet, one of them malformed
    a.s.sendall(b'{"execute": "query-memory-size-summary"} {"execute": ')
    a.s.sendall(b'"nosuch"}\n')
    r1, r2 = a.line(), a.line()
    check("requests split across packets", r1.get("return", {}).get("plugged-memory") == 268435456 and
          r2.get("error", {}).get("class") == "CommandNotFound", (r1, r2))
    a.s.sendall(b'{"execute": tru}\n')
    r = a.line()
    check("malformed JSON gets a GenericError", r.get("error", {}).get("class") == "GenericError", r)
    r = a.cmd("device_del", {"id": "d1"})
    check("device_del", r == {"return": {}}, r)
    ev = a.drain()
    names = sorted(e["event"] for e in ev)
    check("unplug events", names == ["ACPI_DEVICE_OST", "ACPI_DEVICE_OST", "DEVICE_DELETED"], ev)
    r = a.cmd("query-memory-devices")
    check("the DIMM is gone", r == {"return": []}, r)
    r = a.cmd("x-memhp-record-snapshot")
    check("snapshot marker for the recording", r == {"return": {}}, r)
    a.s.close()
    b.s.close()
finally:
    proc.terminate()
    try:
        rc = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = -1
check("SIGTERM ends memhp up with status 0", rc == 0, rc)
check("the socket is removed", not os.path.exists(sock_path))

steps = [l.strip() for l in open(record) if l.strip() and not l.startswith("#")]
check("the recording has the session's actions",
      steps[:2] == ["qemu -m 1G,slots=4,maxmem=8G -smp 1", "boot"] and
      any(s.startswith('qmp {"execute":"device_add"') for s in steps) and steps[-1] == "snapshot", steps)
run = subprocess.run([memhp, "run", record], capture_output=True, text=True)
out = run.stdout.split("\n")
replayed = out[out.index('$ qmp {"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d1","memdev":"m1"}}') + 1]
check("the recording replays on memhp", run.returncode == 0 and replayed == '{"return":{}}' and
      "block 32 " not in run.stdout, run.stdout + run.stderr)

passed = sum(results)
print("%d passed, %d failed" % (passed, len(results) - passed))
sys.exit(0 if passed == len(results) else 1)
