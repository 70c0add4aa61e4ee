#!/usr/bin/env python3
"""Writes src/mm/profile_devices_<K>.c from chardev-<K>.json.

The JSON files describe the oracle guest's character devices (every entry
of /sys/dev/char) on Debian's 6.1 and 6.12 builds: each device's directory,
files and parent, and the files of the parents on the way, recorded by
run-linux (two recordings each; only rtc0's clock differed).  memhp models
none of these devices' behaviour: they are the platform's (QEMU's pc
machine: the serial ports, the CMOS clock, the consoles, mem and misc
devices), shown as the build shows them.  rtc0's date, time and
since_epoch are the host's clock, as QEMU's RTC is.

Usage: scripts/device-data/gen.py 6.1|6.12
"""
import json
import os
import re
import sys

RTC_CLOCK = {"date", "time", "since_epoch"}
GRAFTS = ("/sys/devices/virtual", "/sys/devices/platform", "/sys/devices", "/sys/class", "/sys/dev/char")


def bus_of(path):
    """the bus of a parent device: pnp's 00:NN, the platform's devices, serial-core's ctrl and port devices"""
    name = os.path.basename(path)
    if re.fullmatch(r"[0-9a-f]{2}:[0-9a-f]{2}", name):
        return "pnp"
    if ":" in name:
        return "serial-base"
    if path.startswith("/sys/devices/platform/"):
        return "platform"
    raise SystemExit(f"{path}: which bus?")


def c_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'


def main():
    kernel = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(os.path.dirname(here))
    data = json.load(open(os.path.join(here, f"chardev-{kernel}.json")))
    nodes = {}

    def add(path, kind, value=None):
        if path in nodes:
            assert nodes[path] == (kind, value), (path, nodes[path], kind, value)
            return
        nodes[path] = (kind, value)

    def add_dirs(path):
        """every directory from a graft point down to @path"""
        for g in GRAFTS:
            if path.startswith(g + "/"):
                parts = path[len(g) + 1:].split("/")
                for i in range(1, len(parts) + 1):
                    add(g + "/" + "/".join(parts[:i]), "SN_DIR")
                return
        raise SystemExit(f"{path}: under no graft point")

    for p, info in sorted(data["parents"].items()):
        if p in ("/sys/devices/platform", "/sys/devices/pnp0") and p == "/sys/devices/platform":
            continue
        if p != "/sys/devices/platform":
            add_dirs(p)
        for f, v in sorted(info.items()):
            if f == "ls" or not isinstance(v, str) or v.startswith("error "):
                continue
            add(f"{p}/{f}", "SN_FILE", v + "\n")
        if "power" in info.get("ls", []):
            add(f"{p}/power", "SN_POWER")
        if "subsystem" in info.get("ls", []):
            add(f"{p}/subsystem", "SN_LINK", "/sys/bus/" + bus_of(p))
    for d in data["devices"]:
        path = d["path"]
        add_dirs(path)
        for f, v in sorted(d["files"].items()):
            if d["name"].startswith("rtc") and f in RTC_CLOCK:
                add(f"{path}/{f}", "SN_RTC", f)
            elif v.startswith("error "):
                add(f"{path}/{f}", "SN_ERROR", v[len("error "):])
            else:
                add(f"{path}/{f}", "SN_FILE", v + "\n")
        add(f"{path}/power", "SN_POWER_WAKEUP" if "wakeup" in (d.get("power") or []) else "SN_POWER")
        add(f"{path}/subsystem", "SN_LINK", f"/sys/class/{d['class']}")
        if d.get("device"):
            add(f"{path}/device", "SN_LINK", d["device"])
        for sub in (d.get("subdirs") or {}):
            add(f"{path}/{sub}", "SN_DIR")
            add(f"{path}/{sub}/power", "SN_POWER")
        add(f"/sys/class/{d['class']}", "SN_DIR")
        add(f"/sys/class/{d['class']}/{os.path.basename(path)}", "SN_LINK", path)
        add(f"/sys/dev/char/{d['devt']}", "SN_LINK", path)
    sym = kernel.replace('.', '_')
    lines = [
        "// SPDX-License-Identifier: MIT",
        "/*",
        f" * The platform's character devices of Debian's {kernel} build on QEMU's pc",
        " * machine, and their parents (memhp/profile.h's struct static_node), as",
        " * /sys shows them.  Written by scripts/device-data/gen.py from",
        f" * chardev-{kernel}.json; do not edit.",
        " */",
        "#include <stddef.h>",
        "",
        '#include "memhp/profile.h"',
        '#include "mm/internal.h"',
        "",
        f"static const struct static_node nodes[] = {{",
    ]
    for path in sorted(nodes):
        kind, value = nodes[path]
        v = "NULL" if value is None else c_str(value)
        one = f"\t{{ {c_str(path)}, {kind}, {v} }},"
        if len(one) > 110:
            lines.append(f"\t{{ {c_str(path)}, {kind},")
            lines.append(f"\t  {v} }},")
        else:
            lines.append(one)
    lines.append("};")
    lines.append("")
    lines.append(f"const struct static_node_table platform_nodes_{sym} = {{ nodes, {len(nodes)} }};")
    out = os.path.join(top, "src", "mm", f"profile_devices_{sym}.c")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(out, len(nodes))


if __name__ == "__main__":
    main()
