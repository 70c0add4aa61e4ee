#!/usr/bin/env python3
"""The house's two habits, checked on a build directory:

1. Layers point down.  Every object file of the build is put in a layer by
   its source directory; every undefined symbol it uses is looked up in the
   object that defines it (nm).  A call into a layer that is not below
   (or beside, where LAYERS says so) is reported.  The #include graph is
   checked the same way, so that a header of a higher layer is not even
   seen.
2. Files stay small: a source file (C, header, script, page) over 1,000
   lines is reported.

Usage: check.py BUILD_DIR.  Prints one PASS/FAIL line per check and ends
with "N passed, N failed".
"""
import json
import os
import re
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MAX_LINES = 1000

# layer -> the layers it may use (itself included).  Guest side:
# lib -> mm -> drivers -> sysfs/procfs; host side: lib -> qapi -> hw -> qmp;
# the machine joins them; the adapters sit on top; the CLI above all.
BELOW_MACHINE = {"lib", "mm", "drivers", "sysfs", "procfs", "qapi", "hw", "qmp", "machine"}
LAYERS = {
    "lib": {"lib"},
    "mm": {"lib", "mm"},
    "drivers": {"lib", "mm", "drivers"},
    # memhp/sysfs.h serves /sys and /proc: the sysfs core mounts procfs's files
    "sysfs": {"lib", "mm", "drivers", "procfs", "sysfs"},
    "procfs": {"lib", "mm", "drivers", "procfs"},
    "qapi": {"lib", "qapi"},
    "hw": {"lib", "qapi", "hw"},
    "qmp": {"lib", "qapi", "hw", "qmp"},
    "machine": {"lib", "mm", "drivers", "qapi", "hw", "qmp", "machine"},
    "scenario": BELOW_MACHINE | {"scenario"},
    # the live machine (daemon/live.c) and its QMP server; the FUSE and HTTP
    # front ends sit on the live machine
    "daemon": BELOW_MACHINE | {"scenario", "daemon"},
    "fusefs": BELOW_MACHINE | {"daemon", "fusefs"},
    "httpd": BELOW_MACHINE | {"daemon", "httpd"},
    "cli": BELOW_MACHINE | {"scenario", "daemon", "fusefs", "httpd", "cli"},
}

# public headers (include/memhp) belong to the layer that implements them;
# firmware.h, acpi_memhp.h, virtio_mem.h and err.h are interfaces both
# sides share, hence "lib"
HEADER_LAYER = {
    "memhp/err.h": "lib",
    "memhp/firmware.h": "lib",
    "memhp/acpi_memhp.h": "lib",
    "memhp/virtio_mem.h": "lib",
    "memhp/profile.h": "mm",
    "memhp/mm.h": "mm",
    "memhp/drivers.h": "drivers",
    "memhp/sysfs.h": "sysfs",
    "memhp/hw.h": "hw",
    "memhp/machine.h": "machine",
}


def layer_of(rel):
    """rel: a path relative to TOP (src/mm/init.c, include/memhp/hw.h, cli/up.c)"""
    parts = rel.split("/")
    if parts[0] == "cli":
        return "cli"
    if parts[0] == "include":
        return HEADER_LAYER.get("/".join(parts[1:]))
    if parts[0] == "src":
        if len(parts) == 2:
            return os.path.splitext(parts[1])[0] if parts[1] == "machine.c" else None
        return parts[1] if parts[1] in LAYERS else None
    return None


results = []


def report(ok, name, detail=""):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + name + (": " + detail if detail else ""))


def check_symbols(build):
    with open(os.path.join(build, "compile_commands.json")) as f:
        cmds = json.load(f)
    objs = {}
    for c in cmds:
        src = os.path.relpath(os.path.normpath(os.path.join(c["directory"], c["file"])), TOP)
        lay = layer_of(src)
        if lay is None:
            continue
        objs[os.path.join(c["directory"], c["output"])] = (src, lay)
    defined, undefined = {}, {}
    for obj, (src, lay) in objs.items():
        if not os.path.exists(obj):
            continue
        out = subprocess.run(["nm", obj], capture_output=True, text=True).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] in "TDBR":
                defined[f[2]] = src
            elif len(f) == 2 and f[0] == "U":
                undefined.setdefault(src, set()).add(f[1])
    bad = []
    for src, syms in sorted(undefined.items()):
        lay = layer_of(src)
        for s in sorted(syms):
            dsrc = defined.get(s)
            if dsrc is None:
                continue
            dlay = layer_of(dsrc)
            if dlay not in LAYERS[lay]:
                bad.append(f"{src} ({lay}) calls {s} of {dsrc} ({dlay})")
    report(not bad and bool(objs), "no call runs up the layers (symbols of %d objects)" % len(objs),
           "; ".join(bad[:20]) if bad else ("" if objs else "no objects found"))


def check_includes():
    bad = []
    inc_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
    for d in ("src", "cli", "include"):
        for root, _, files in os.walk(os.path.join(TOP, d)):
            for fn in files:
                if not fn.endswith((".c", ".h")):
                    continue
                rel = os.path.relpath(os.path.join(root, fn), TOP)
                lay = layer_of(rel)
                if lay is None:
                    continue
                with open(os.path.join(TOP, rel), errors="replace") as f:
                    for n, line in enumerate(f, 1):
                        m = inc_re.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        if target.startswith("memhp/"):
                            tl = HEADER_LAYER.get(target)
                        elif os.path.exists(os.path.join(TOP, "src", target)):
                            tl = layer_of("src/" + target)
                        else:
                            tl = None	# a header beside the file (generated, local)
                        if tl is not None and tl not in LAYERS[lay]:
                            bad.append(f"{rel}:{n} ({lay}) includes {target} ({tl})")
    report(not bad, "no #include reaches up the layers", "; ".join(bad[:20]))


SOURCE_EXTS = (".c", ".h", ".py", ".js", ".html", ".css", ".sh", ".build")
SKIP_DIRS = {"golden", "golden-6.12", "scenarios"}	# recorded data, not source


def is_source(path, fn):
    if fn.endswith(SOURCE_EXTS):
        return True
    if "." in fn:
        return False
    try:
        with open(path, "rb") as f:
            return f.read(2) == b"#!"	# a script: tests/run, scripts/setup
    except OSError:
        return False


def check_sizes():
    big = []
    for d in ("src", "cli", "include", "tests", "bench", "scripts", ".ci"):
        for root, dirs, files in os.walk(os.path.join(TOP, d)):
            dirs[:] = [x for x in dirs if x not in SKIP_DIRS and not x.startswith("build")]
            for fn in files:
                p = os.path.join(root, fn)
                if not is_source(p, fn):
                    continue
                with open(p, errors="replace") as f:
                    n = sum(1 for _ in f)
                if n > MAX_LINES:
                    big.append(f"{os.path.relpath(p, TOP)} has {n} lines")
    report(not big, "no source file over %d lines" % MAX_LINES, "; ".join(big))


def main():
    if len(sys.argv) != 2:
        print("usage: check.py BUILD_DIR", file=sys.stderr)
        return 2
    check_symbols(os.path.abspath(sys.argv[1]))
    check_includes()
    check_sizes()
    p = sum(results)
    print(f"{p} passed, {len(results) - p} failed")
    return 0 if p == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
