#!/usr/bin/env python3
"""`memhp up` against clients that misbehave, over its real QMP socket:
values that are not objects, stray bytes, requests beyond the bounds,
clients that pipeline and never read, idle clients that collect events, a
65th client, and the default socket directory when someone else made it.
Each check fails on the server that buffered without bound, framed by
brackets and searched keys linearly.  Prints PASS/FAIL lines and a summary.

    qmp_hostile_test.py MEMHP_BINARY WORKDIR [--no-rss]

--no-rss leaves out the checks of the server's memory, for a build under
AddressSanitizer (whose quarantine keeps freed memory resident).
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time

memhp, work = sys.argv[1], sys.argv[2]
measure_rss = "--no-rss" not in sys.argv[3:]
sock_path = os.path.join(work, "qmp.sock")
results = []

# the bounds the README documents (src/daemon/qmp_server.h, src/lib/json_stream.h)
MAX_CLIENTS = 64
MAX_REQUEST = 1 << 20
MAX_NESTING = 64
MAX_TOKENS = 512 * 1024
OUT_MAX = 1 << 20


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("PASS " if cond else "FAIL ") + name + ("" if cond else "  " + str(detail)[:600]))


class Client:
    def __init__(self, negotiate=False, timeout=10):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.settimeout(timeout)
        self.s.connect(sock_path)
        self.buf = b""
        self.events = []
        self.greeting = self.line()
        if negotiate:
            assert self.cmd("qmp_capabilities") == {"return": {}}

    def raw_line(self):
        while b"\r\n" not in self.buf:
            data = self.s.recv(1 << 20)
            if not data:
                raise EOFError("closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def line(self):
        return json.loads(self.raw_line())

    def reply(self):
        while True:
            r = self.line()
            if "event" in r:
                self.events.append(r)
                continue
            return r

    def send(self, data):
        self.s.sendall(data if isinstance(data, bytes) else json.dumps(data).encode() + b"\n")

    def cmd(self, execute, args=None, id=None):
        msg = {"execute": execute}
        if args is not None:
            msg["arguments"] = args
        if id is not None:
            msg["id"] = id
        self.send(msg)
        return self.reply()

    def closed(self):
        """True when the server ends the connection (after what it had to say)."""
        try:
            while True:
                data = self.s.recv(1 << 16)
                if not data:
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False

    def close(self):
        self.s.close()


def rss_kib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start(*extra, env=None, sock=True):
    args = [memhp, "up"] + (["--qmp", sock_path] if sock else []) + list(extra) + \
        ["--", "-m", "1G,slots=4,maxmem=8G", "-smp", "1"]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    for _ in range(20):
        line = p.stdout.readline().strip()
        if line == "ready" or not line:
            break
    return p


def stop(p):
    p.terminate()
    try:
        return p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        return -1


def section(title, fn):
    """Runs one group of checks; one that breaks down (a timeout, a closed
    socket) counts as a failure and the next group goes on."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - any breakdown is a failed check
        check(title + ": the exchange broke down", False, repr(e))


def t_framing():
    a = Client()
    a.send(b'"hello"\n{"execute": "qmp_capabilities"}\n')
    r1, r2 = a.reply(), a.reply()
    check("a string is answered, and the next request is not swallowed",
          r1 == {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}} and
          r2 == {"return": {}}, (r1, r2))
    a.send(b'12345 "str" true null\n')
    rs = [a.reply() for _ in range(4)]
    check("four values, four replies",
          all(r.get("error", {}).get("desc") == "QMP input must be a JSON object" for r in rs), rs)
    a.send(b'hello@world\n{"execute": "query-memory-size-summary", "id": 3}\n')
    rs = [a.reply() for _ in range(3)]
    check("stray bytes get QEMU's parse errors, then requests go on",
          rs[0].get("error", {}).get("desc") == "JSON parse error, invalid keyword 'hello'" and
          rs[1].get("error", {}).get("desc") == "JSON parse error, stray '@'" and
          rs[2].get("id") == 3 and "return" in rs[2], rs)
    a.send(b"{'execute': 'query-memory-size-summary', 'id': 'q'}\n")
    r = a.reply()
    check("strings in apostrophes, as QEMU takes them", r.get("id") == "q" and "return" in r, r)
    a.send(b'{"execute": "query-memory-size-summary", "id": 4}{"execute": "query-memory-size-summary", "id": 5}')
    rs = [a.reply(), a.reply()]
    check("two objects without a line end between them", [r.get("id") for r in rs] == [4, 5], rs)
    a.close()


def t_request_bounds():
    a = Client(negotiate=True)
    keys = ",".join('"k%d": %d' % (i, i) for i in range(64 * 1024))
    big = ('{"execute": "query-memory-devices", "arguments": {%s}}\n' % keys).encode()
    b = Client(negotiate=True, timeout=10)
    t0 = time.time()
    b.send(big)
    r = b.reply()
    check("an object of 64k keys (%d KB) is answered at once (%.2f s)" % (len(big) // 1000, time.time() - t0),
          r.get("error", {}).get("desc", "").startswith("Parameter 'k") and time.time() - t0 < 5, r)
    r = b.cmd("query-memory-size-summary")
    check("and the connection goes on", "return" in r, r)
    b.close()

    for name, data, desc in [
            ("nesting", b"[" * (MAX_NESTING + 1) + b"]" * (MAX_NESTING + 1) + b"\n",
             "JSON nesting depth limit exceeded"),
            ("size", b'"' + b"x" * (MAX_REQUEST + 16) + b'"\n', "JSON token size limit exceeded"),
            ("size (an object still open)", b'{"execute": "query-memdev", "id": ' + b" " * (MAX_REQUEST + 16),
             "JSON token size limit exceeded"),
            ("token count", b"[" + b"1," * (MAX_TOKENS // 2) + b"1]\n", "JSON token count limit exceeded")]:
        c = Client(negotiate=True)
        try:
            c.send(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            r = c.reply()
        except (EOFError, ConnectionResetError) as e:
            r = repr(e)
        check("a request beyond the %s bound gets '%s' before the end" % (name, desc),
              r == {"error": {"class": "GenericError", "desc": desc}} and c.closed(), r)
        c.close()
    r = a.cmd("query-memory-size-summary")
    check("other clients are not affected", "return" in r, r)
    a.close()


def t_clients():
    clients = []
    while len(clients) < MAX_CLIENTS:
        clients.append(Client())
    extra = socket.socket(socket.AF_UNIX)
    extra.settimeout(10)
    extra.connect(sock_path)
    data = b""
    while True:
        chunk = extra.recv(4096)
        if not chunk:
            break
        data += chunk
    extra.close()
    check("a client past the %dth gets an error line, then the end" % MAX_CLIENTS,
          data.endswith(b"\r\n") and json.loads(data) ==
          {"error": {"class": "GenericError", "desc": "too many QMP clients: at most %d at once" % MAX_CLIENTS}},
          data)
    clients.pop().close()
    time.sleep(0.2)
    c = Client()
    check("a slot that frees up is taken again", "QMP" in c.greeting, c.greeting)
    c.close()
    for c in clients:
        c.close()
    # the server sees the hang-ups when it next polls: wait until a slot is there
    for _ in range(50):
        try:
            c = Client()
            c.close()
            if "QMP" in c.greeting:
                break
        except (EOFError, ConnectionResetError):
            pass
        time.sleep(0.1)


def t_slow_reader():
    a = Client(negotiate=True)
    r = a.cmd("object-add", {"qom-type": "memory-backend-ram", "id": "m" + "x" * 999000, "size": 134217728})
    check("a memdev with a 1 MB id", r == {"return": {}}, r)
    base = rss_kib(proc.pid)
    slow = Client(negotiate=True)
    slow.send(b'{"execute": "query-memdev"}\n' * 300)
    time.sleep(1.0)
    b = Client(negotiate=True)
    t0 = time.time()
    r = b.cmd("query-memory-size-summary")
    grown = rss_kib(proc.pid) - base
    if measure_rss:
        check("300 pipelined 1 MB replies that nobody reads hold little memory (%d KiB more)" % grown,
              grown < 16 * 1024, grown)
    check("another client is answered meanwhile (%.2f s)" % (time.time() - t0), "return" in r, r)
    got = 0
    while got < 300:
        r = slow.reply()
        got += 1 if any(m["id"].startswith("mxxx") for m in r.get("return", [])) else 0
        if "return" not in r:
            break
    check("the slow client gets all 300 replies when it reads", got == 300, got)
    b.close()
    slow.close()
    a.close()


def t_idle_reader():
    a = Client(negotiate=True)
    idle = Client(negotiate=True)
    idle.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    base = rss_kib(proc.pid)
    sent = 0
    while sent < 8 * OUT_MAX // 100:
        a.send(b'{"execute": "system_reset"}\n' * 100)
        for _ in range(100):
            a.reply()
        a.events = []
        sent += 100
    grown = rss_kib(proc.pid) - base
    if measure_rss:
        check("%d RESET events for a client that never reads hold little memory (%d KiB more)" % (sent, grown),
              grown < 4 * 1024, grown)
    check("the client that never reads is dropped", idle.closed())
    r = a.cmd("query-memory-size-summary")
    check("the busy client goes on", "return" in r, r)
    idle.close()
    a.close()


proc = start()
try:
    # first, while the server's heap is small: what it holds shows in its RSS
    section('an idle client that collects events', t_idle_reader)
    section('framing: every top-level value is one request with one reply', t_framing)
    section("bounds of one request: QEMU's words, then the connection ends", t_request_bounds)
    section('the 65th client is told why it is closed', t_clients)
    section('a client that pipelines and never reads', t_slow_reader)
finally:
    rc = stop(proc)
check("memhp up ends with status 0", rc == 0, (rc, proc.stderr.read()))

# ---- the default socket's directory ----
uid = os.getuid()
tmp = os.path.join(work, "tmp")
os.mkdir(tmp)
os.chmod(tmp, 0o755)
env = dict(os.environ, TMPDIR=tmp)
env.pop("XDG_RUNTIME_DIR", None)
sdir = os.path.join(tmp, "memhp-%d" % uid)


def up_refuses(what, needle):
    p = start(env=env, sock=False)
    try:
        out, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        stop(p)
        out, err = "", "still running"
    check("the socket directory is refused when %s" % what,
          p.returncode not in (0, None) and needle in err and
          not os.path.exists(os.path.join(sdir, "qmp.sock")), (p.returncode, err))


os.mkdir(sdir)
os.chmod(sdir, 0o777)
if uid == 0:
    os.chown(sdir, 65534, 65534)
    up_refuses("another user made it", "belongs to uid 65534")
    os.chown(sdir, 0, 0)
up_refuses("others may write in it", "has mode 0777")
os.rmdir(sdir)
os.mkdir(os.path.join(tmp, "elsewhere"), 0o700)
os.symlink(os.path.join(tmp, "elsewhere"), sdir)
up_refuses("it is a symbolic link", "is not a directory")
os.unlink(sdir)
p = start(env=env, sock=False)
ok = os.path.exists(os.path.join(sdir, "qmp.sock")) and (os.stat(sdir).st_mode & 0o777) == 0o700
rc = stop(p)
check("without a directory, one of mode 0700 is made, served and removed",
      ok and rc == 0 and not os.path.exists(sdir), (ok, rc))
shutil.rmtree(tmp, ignore_errors=True)

passed = sum(results)
print("%d passed, %d failed" % (passed, len(results) - passed))
sys.exit(0 if passed == len(results) else 1)
