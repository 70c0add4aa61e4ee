#!/usr/bin/env python3
"""Writes src/mm/profile_modules_<K>.c from modules-<K>.json.

The JSON files describe /sys/module of the oracle's guests (Debian's 6.1
and 6.12 builds) after every module memhp models was loaded: each module's
entries, parameter values, version, drivers, and for a loadable module its
core size and the allocated sections of its .ko (readelf -SW: SHF_ALLOC
with a size, as kernel/module/sysfs.c lists them, less the ones the loader
strips of SHF_ALLOC: .modinfo, __versions, .data..percpu).  The notes
(the build id) are not carried.  They were
recorded by run-linux (two recordings each, no value differed).

The parameters memhp computes (memory_hotplug's, virtio_mem's) are left out:
their directories come from the model.

Usage: scripts/module-data/gen.py 6.1|6.12
"""
import json
import os
import sys

MODELLED_PARAMS = {"memory_hotplug", "virtio_mem"}


def c_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'


def packed(items, indent):
    """@items joined by spaces, in lines of at most 110 columns"""
    out, cur = [], indent
    for it in items:
        if len(cur) + len(it) + 1 > 110 and cur.strip():
            out.append(cur.rstrip())
            cur = indent
        cur += it + ' '
    out.append(cur.rstrip())
    return out


def str_list(items, indent):
    return packed([c_str(i) + ',' for i in items] + ['NULL,'], indent)


def main():
    kernel = sys.argv[1]
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    here = os.path.dirname(os.path.abspath(__file__))
    mods = json.load(open(os.path.join(here, f"modules-{kernel}.json")))["modules"]
    sym = kernel.replace('.', '_')
    lines = [
        "// SPDX-License-Identifier: MIT",
        "/*",
        f" * /sys/module of Debian's {kernel} build (memhp/profile.h's struct module_desc):",
        " * the built-in modules it shows, with their parameters as they read after",
        " * boot, and the image of each loadable module memhp can load.  Written by",
        f" * scripts/module-data/gen.py from modules-{kernel}.json; do not edit.",
        " */",
        "#include <stddef.h>",
        "",
        '#include "memhp/profile.h"',
        '#include "mm/internal.h"',
        "",
    ]
    entries = []
    for name in sorted(mods):
        m = mods[name]
        ident = "mod_" + name.replace('-', '_')
        fields = [f".name = {c_str(name)}"]
        if m["builtin"]:
            fields.append(".builtin = true")
        if m.get("version"):
            fields.append(f".version = {c_str(m['version'])}")
        if m.get("srcversion"):
            fields.append(f".srcversion = {c_str(m['srcversion'])}")
        params = m.get("parameters") or {}
        if name not in MODELLED_PARAMS and params:
            lines.append(f"static const struct module_param_desc {ident}_params[] = {{")
            items = []
            for p in sorted(params):
                v = params[p]
                assert not v.get("unstable"), (name, p)
                items.append(f"{{ {c_str(p)}, {c_str(v['value'] + chr(10))} }},")
            lines += packed(items + ["{ NULL, NULL },"], "\t")
            lines.append("};")
            fields.append(f".params = {ident}_params")
        if m["builtin"] and "drivers" in m["entries"]:
            lines.append(f"static const char *const {ident}_drivers[] = {{")
            lines += str_list(m["drivers"], "\t")
            lines.append("};")
            fields.append(f".drivers = {ident}_drivers")
        if not m["builtin"]:
            fields.append(f".coresize = {m['coresize']}")
            lines.append(f"static const char *const {ident}_sections[] = {{")
            lines += str_list(m["elf_sections"], "\t")
            lines.append("};")
            fields.append(f".sections = {ident}_sections")
        entries.append(fields)
    lines.append("")
    lines.append(f"const struct module_desc modules_{sym}[] = {{")
    for fields in entries:
        one = "\t{ " + ", ".join(fields) + " },"
        if len(one) <= 110:
            lines.append(one)
        else:
            lines.append("\t{")
            for f in fields:
                lines.append(f"\t\t{f},")
            lines.append("\t},")
    lines.append("\t{ .name = NULL },")
    lines.append("};")
    files = json.load(open(os.path.join(here, f"modules-{kernel}.json"))).get("non_directory_entries") or {}
    if "compression" in files:
        lines.append("")
        lines.append("/* /sys/module/compression: how the build's modules are compressed */")
        lines.append(f"const char module_compression_{sym}[] = {c_str(files['compression']['value'] + chr(10))};")
    out = os.path.join(top, "src", "mm", f"profile_modules_{sym}.c")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(out)


if __name__ == "__main__":
    main()
