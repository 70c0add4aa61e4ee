#!/usr/bin/env python3
"""walkgen.py -- record a "whole-tree walk" of a real Linux guest's sysfs/procfs
through the oracle (../shared/oracle/run-linux beside the project), for one machine state.

Usage
-----
    walkgen.py --base BASE.scn --kernel 6.1|6.12 --name NAME
               [--roots PATH ...] [--files PATH ...] [--out DIR] [--work DIR]
               [--max-depth 10] [--max-level-steps N]

    BASE.scn   a scenario with qemu/append lines, `boot` and the setup steps
               that put the machine into the state to be walked (its own steps
               are kept verbatim at the head of every generated scenario).
    --kernel   6.1 (default kernel of run-linux) or 6.12 (ORACLE_KERNEL=6.12).
    --roots    directories to walk (default: DEFAULT_ROOTS below).
    --files    files that are only `read` (default: the six /proc files).
    --out      where final/KERNEL/NAME.{scn,out,dropped,json} go (default
               ./final next to this script).
    --work     scratch directory for per-level scenarios and transcripts
               (default ./work/KERNEL/NAME).

Outputs: OUT/KERNEL/NAME.scn (base + the stable ls/read steps),
OUT/KERNEL/NAME.out (its transcript), OUT/KERNEL/NAME.dropped (the steps
dropped because two recordings disagreed, one per line: STEP, TAB, "# reason",
TAB, the two disagreeing outputs joined with " / " and cut to 120 chars),
OUT/KERNEL/NAME.json (the discovered tree: every path with its ls/read
output from discovery, its depth, root and whether it was expanded).

How it works
------------
1. Level 0 = base + `ls ROOT` for each root + `read F` for each file root.
   It is recorded with run-linux (one boot) and the transcript is split into
   steps (each step is echoed as `$ STEP`, the lines up to the next echoed
   step are its output; the splitting walks the known step list in order, so
   file contents that happen to start with "$ " cannot confuse it).
2. For each directory D listed successfully at level k whose children may be
   expanded (rules below), level k+1 gets `ls D/E` and `read D/E` for every
   entry E (a file answers `error ENOTDIR` to ls, a directory `error EISDIR`
   to read; a dangling link ENOENT to both).  All steps of a level go into
   one scenario (base + that level's steps), so a level costs one boot.
   Levels continue until no new directory is expanded.
3. The final scenario is base + every ls/read step of every level, in BFS
   order (level by level, sorted by path inside a level, `ls` before `read`).
   It is recorded twice; every ls/read step whose output differs between the
   two runs is dropped (counters, timestamps, KASLR addresses, ...).  The
   pruned scenario is recorded again; kept steps that differ from the first
   runs are dropped too, and this repeats until a recording agrees with the
   previous ones (at most 4 rounds).
4. If a recording fails (run-linux rc != 0 or the transcript ends before the
   last step), it is retried once; if it fails again at the same step, that
   step is taken to crash/hang the guest: it is blacklisted (not emitted,
   listed in NAME.dropped as "crash") and the recording is repeated.

Skip rules (what is listed but not expanded)
--------------------------------------------
sysfs is full of symlinks and the agent follows them (there is no readlink
step), so a naive walk loops.  An entry is still `ls`-ed and `read` itself
(that shows whether the link resolves and what its target lists), but its
children are not emitted when:
  * its name is in SKIP_NAMES (subsystem, driver, device, firmware_node,
    module, of_node, iommu, iommu_group, bdi, holders, slaves, power_supply,
    physical_node*, consumer:*, supplier:*, ...),
  * it is a numbered node/memory/cpu entry (nodeN, memoryN, cpuN) inside a
    directory that is not of the same kind (memoryN inside nodeN, nodeN
    inside memoryN or cpuN, cpuN inside nodeN ...): the parent's name must
    be exactly "node"/"memory"/"cpu" for the entry to be expanded,
  * it matches one of NO_EXPAND_PATTERNS (a `*` matches one path component):
    /sys/bus/*/devices/*, /sys/bus/*/drivers/*/*, /sys/class/*/*,
    /sys/dev/char/*, /sys/dev/block/*, /sys/block/*, /sys/module/*/drivers/*,
  * it lies 10 levels below its root (--max-depth),
  * (a direct child /sys/module/X is always expanded, even when X is a
    skip name: there is a built-in module called "module"),
  * /sys/module/X/Y (depth 2 under /sys/module) unless X is one of
    FULL_MODULES (memory_hotplug, virtio_mem, kmem, dax, device_dax,
    dax_pmem, nd_pmem, nd_e820, libnvdimm, virtio_pci, virtio,
    acpi_memhotplug), which are walked fully,
  * its path repeats a two-component sequence already present higher up in
    the same path (a last-resort cycle guard; see cyclic()).
Paths containing whitespace are never emitted (the agent splits on spaces).
Nothing under /sys/kernel/debug is read, /proc is only touched through the
--files list, and no `write` step is ever generated.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUN_LINUX = os.environ.get("RUN_LINUX", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "oracle", "run-linux"))

DEFAULT_ROOTS = [
    "/sys/devices/system/memory", "/sys/devices/system/node", "/sys/devices/system/cpu",
    "/sys/bus/memory", "/sys/bus/node", "/sys/bus/nd", "/sys/bus/dax", "/sys/bus/virtio",
    "/sys/class/nd", "/sys/dev/char", "/sys/block", "/sys/devices/platform/e820_pmem",
    "/sys/devices/virtual/memory_tiering", "/sys/module", "/sys/firmware/memmap",
]
DEFAULT_FILES = ["/proc/meminfo", "/proc/zoneinfo", "/proc/vmstat", "/proc/buddyinfo",
                 "/proc/pagetypeinfo", "/proc/iomem"]

SKIP_NAMES = {"subsystem", "driver", "device", "firmware_node", "module", "of_node",
              "iommu", "iommu_group", "bdi", "holders", "slaves", "power_supply",
              "software_node", "physical_node", "port", "peer", "ndctl0_link"}
SKIP_NAME_RES = [re.compile(r"^(consumer|supplier):"), re.compile(r"^physical_node\d*$")]
NUMBERED = re.compile(r"^(node|memory|cpu)(\d+)$")
NO_EXPAND_PATTERNS = ["/sys/bus/*/devices/*", "/sys/bus/*/drivers/*/*", "/sys/class/*/*",
                      "/sys/dev/char/*", "/sys/dev/block/*", "/sys/block/*",
                      "/sys/module/*/drivers/*", "/sys/module/*/holders/*"]
FULL_MODULES = {"memory_hotplug", "virtio_mem", "kmem", "dax", "device_dax", "dax_pmem",
                "nd_pmem", "nd_e820", "libnvdimm", "virtio_pci", "virtio", "acpi_memhotplug"}
NO_READ_PREFIXES = ["/sys/kernel/debug/", "/proc/"]


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def comp_match(pattern, path):
    p, q = pattern.strip("/").split("/"), path.strip("/").split("/")
    return len(p) == len(q) and all(a == "*" or a == b for a, b in zip(p, q))


def cyclic(path):
    """True when the last two components already occur, in that order,
    earlier in the path (e.g. .../a/b/.../a/b): a link loop."""
    c = path.strip("/").split("/")
    if len(c) < 4:
        return False
    tail = c[-2:]
    return any(c[i:i + 2] == tail for i in range(len(c) - 3))


def may_expand(path, root, max_depth):
    """Whether the children of directory PATH (already listed) get emitted."""
    rel = path[len(root):].strip("/")
    depth = len(rel.split("/")) if rel else 0
    if depth >= max_depth:
        return False, "depth"
    if path == root:
        return True, ""
    parts = path.strip("/").split("/")
    name, parent = parts[-1], parts[-2]
    if root == "/sys/module" and depth == 1:
        return True, ""     # a module's own directory (there is a module named "module")
    if name in SKIP_NAMES or any(r.search(name) for r in SKIP_NAME_RES):
        return False, "skip-name"
    m = NUMBERED.match(name)
    if m and parent != m.group(1):
        return False, "numbered-link"
    for pat in NO_EXPAND_PATTERNS:
        if comp_match(pat, path):
            return False, "pattern " + pat
    if root == "/sys/module" and depth >= 2 and parts[2] not in FULL_MODULES:
        return False, "module-depth"
    if cyclic(path):
        return False, "cycle"
    return True, ""


def may_read(path):
    return not any(path.startswith(p) for p in NO_READ_PREFIXES)


# ---------------------------------------------------------------- scenarios

def base_steps(base_text):
    """(header lines kept verbatim, echoed steps of the base)"""
    lines, steps = [], []
    for raw in base_text.splitlines():
        s = raw.strip()
        if not s or s.startswith("#"):
            continue
        lines.append(s)
        if s.split(" ", 1)[0] not in ("qemu", "append"):
            steps.append(s)
    return lines, steps


def parse_transcript(text, expected):
    """Splits a transcript into [(step, [lines])] following the expected
    step list; returns the blocks found (possibly fewer than expected)."""
    blocks = []
    i = 0
    cur = None
    for line in text.split("\n"):
        if line.startswith("# reference") and cur is None:
            continue
        if i < len(expected) and line == "$ " + expected[i]:
            cur = (expected[i], [])
            blocks.append(cur)
            i += 1
            continue
        if cur is not None:
            cur[1].append(line)
    # drop the final empty line left by split
    if blocks and blocks[-1][1] and blocks[-1][1][-1] == "":
        blocks[-1][1].pop()
    return blocks


class Recorder:
    def __init__(self, kernel, work):
        self.kernel = kernel
        self.work = work
        self.count = 0
        os.makedirs(work, exist_ok=True)

    def record(self, name, header, steps, tries=2):
        """Writes WORK/name.scn = header lines (the base, verbatim) + steps,
        records it; returns (blocks, complete, expected echoed steps)."""
        scn = os.path.join(self.work, name + ".scn")
        out = os.path.join(self.work, name + ".out")
        with open(scn, "w") as f:
            f.write("\n".join(header + steps) + "\n")
        expected = [s for s in header if s.split(" ", 1)[0] not in ("qemu", "append")] + steps
        env = dict(os.environ)
        if self.kernel == "6.1":
            env.pop("ORACLE_KERNEL", None)
        else:
            env["ORACLE_KERNEL"] = self.kernel
        for attempt in range(tries):
            t0 = time.time()
            with open(out, "w") as fo, open(out + ".err", "w") as fe:
                rc = subprocess.run([RUN_LINUX, scn], stdout=fo, stderr=fe, env=env,
                                    timeout=3600).returncode
            self.count += 1
            text = open(out).read()
            blocks = parse_transcript(text, expected)
            complete = rc == 0 and len(blocks) == len(expected)
            log("recorded %s (%d steps) rc=%d blocks=%d/%d in %.0fs" % (
                name, len(expected), rc, len(blocks), len(expected), time.time() - t0))
            if complete:
                return blocks, True, expected
        return blocks, False, expected


def steps_for(path, do_ls=True, do_read=True):
    s = []
    if re.search(r"\s", path):
        return s
    if do_ls:
        s.append("ls " + path)
    if do_read and may_read(path):
        s.append("read " + path)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--kernel", default="6.1", choices=["6.1", "6.12"])
    ap.add_argument("--name", required=True)
    ap.add_argument("--roots", nargs="*", default=DEFAULT_ROOTS)
    ap.add_argument("--files", nargs="*", default=DEFAULT_FILES)
    ap.add_argument("--out", default=os.path.join(HERE, "final"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--max-depth", type=int, default=10)
    ap.add_argument("--max-level-steps", type=int, default=20000)
    a = ap.parse_args()

    work = a.work or os.path.join(HERE, "work", a.kernel, a.name)
    outdir = os.path.join(a.out, a.kernel)
    os.makedirs(outdir, exist_ok=True)
    rec = Recorder(a.kernel, work)
    header, bsteps = base_steps(open(a.base).read())
    nb = len(bsteps)
    t_start = time.time()

    crash = set()          # steps that kill the guest
    nodes = {}             # path -> info
    levels = []            # list of lists of steps (ls/read)

    def record_level(name, lsteps):
        """Records base + lsteps, blacklisting steps that crash the guest.
        Returns {step: output lines} for the level steps."""
        lsteps = [s for s in lsteps if s not in crash]
        for _ in range(20):
            blocks, ok, expected = rec.record(name, header, lsteps)
            if ok:
                break
            got = len(blocks)
            if got <= nb:
                raise SystemExit("base of %s did not complete; see %s" % (name, work))
            # the last echoed step is the one that did not finish
            bad = expected[got - 1]
            log("step did not complete, blacklisting: " + bad)
            crash.add(bad)
            lsteps = [s for s in lsteps if s != bad]
        else:
            raise SystemExit("too many failing steps in " + name)
        for (s, lines), e in zip(blocks[:nb], bsteps):
            assert s == e
        return {s: lines for s, lines in blocks[nb:]}, blocks[:nb]

    # ---------------- discovery
    frontier = []   # (path, root) to emit at this level
    for r in a.roots:
        frontier.append((r, r))
    lvl = 0
    base_out = None
    while frontier:
        lsteps = []
        for path, root in sorted(frontier):
            if root in a.roots and path == root:
                lsteps += steps_for(path, do_read=False)
            else:
                lsteps += steps_for(path)
        if lvl == 0:
            for f in a.files:
                lsteps += steps_for(f, do_ls=False) if not f.startswith("/proc/") else ["read " + f]
        if len(lsteps) > a.max_level_steps:
            raise SystemExit("level %d too big: %d steps" % (lvl, len(lsteps)))
        res, base_out = record_level("level-%d" % lvl, lsteps)
        levels.append([s for s in lsteps if s not in crash])
        nxt = []
        for path, root in sorted(frontier):
            lso = res.get("ls " + path)
            rdo = res.get("read " + path)
            rel = path[len(root):].strip("/")
            info = {"root": root, "depth": len(rel.split("/")) if rel else 0, "level": lvl,
                    "ls": lso, "read": rdo}
            if lso is not None and not (len(lso) == 1 and lso[0].startswith("error ")):
                info["kind"] = "dir"
                ok, why = may_expand(path, root, a.max_depth)
                info["expanded"] = ok
                if not ok:
                    info["why_not"] = why
                else:
                    for e in lso:
                        if e:
                            nxt.append((path.rstrip("/") + "/" + e, root))
            elif lso == ["error ENOTDIR"]:
                info["kind"] = "file"
            elif lso is None:
                info["kind"] = "file" if rdo is not None else "skipped"
            else:
                info["kind"] = "error"   # dangling link, ENOENT root, ...
            nodes[path] = info
        if lvl == 0:
            for f in a.files:
                nodes[f] = {"root": f, "depth": 0, "level": 0, "ls": None,
                            "read": res.get("read " + f), "kind": "file"}
        log("level %d: %d steps, %d entries next" % (lvl, len(lsteps), len(nxt)))
        frontier = [p for p in nxt if p[0] not in nodes]
        lvl += 1

    # ---------------- final: record twice, prune, re-record until stable
    all_steps = [s for L in levels for s in L if s not in crash]
    dropped = {}   # step -> reason
    later = {}     # step -> output of the re-recording that disagreed
    o1, base1 = record_level("final-1", all_steps)
    o2, base2 = record_level("final-2", all_steps)
    all_steps = [s for s in all_steps if s not in crash]
    for (s, l1), (_, l2) in zip(base1, base2):
        if l1 != l2:
            log("WARNING base step differs between runs: %s: %r vs %r" % (s, l1, l2))
    for s in all_steps:
        if o1.get(s) != o2.get(s):
            dropped[s] = "differs run1/run2"
    kept = [s for s in all_steps if s not in dropped]
    ref = o1
    rnd = 3
    while True:
        last = "final-%d" % rnd
        o3, base3 = record_level(last, kept)
        kept = [s for s in kept if s not in crash]
        newly = [s for s in kept if o3[s] != ref[s]]
        final_blocks = list(base3) + [(s, o3[s]) for s in kept]
        if not newly:
            break
        for s in newly:
            dropped[s] = "differs run%d" % rnd
            later[s] = o3[s]
        kept = [s for s in kept if s not in dropped]
        rnd += 1
        if rnd > 6:
            log("giving up stabilising after %d rounds" % rnd)
            break
    for s in crash:
        dropped[s] = "crash"

    # ---------------- write results
    kept_set = set(kept)
    with open(os.path.join(outdir, a.name + ".scn"), "w") as f:
        f.write("# whole-tree walk of state %s on Linux %s, generated by walkgen.py from %s\n"
                % (a.name, a.kernel, os.path.basename(a.base)))
        f.write("# %d ls/read steps kept, %d dropped (see %s.dropped)\n" % (len(kept), len(dropped), a.name))
        f.write("\n".join(header) + "\n")
        for s in kept:
            f.write(s + "\n")
    # transcript: the last recording, restricted to base + kept steps
    lines = [open(os.path.join(work, last + ".out")).read().split("\n")[0]]
    for i, (s, l) in enumerate(final_blocks):
        if i < nb or s in kept_set:
            lines.append("$ " + s)
            lines += l
    with open(os.path.join(outdir, a.name + ".out"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(outdir, a.name + ".dropped"), "w") as f:
        for s in all_steps + sorted(crash):
            if s in dropped:
                extra = ""
                if s in o1 and s in o2:
                    other = later.get(s, o2[s])
                    extra = "\t%s | %s" % (" / ".join(o1[s])[:120], " / ".join(other)[:120])
                f.write("%s\t# %s%s\n" % (s, dropped[s], extra))
    with open(os.path.join(outdir, a.name + ".json"), "w") as f:
        json.dump({"name": a.name, "kernel": a.kernel, "roots": a.roots, "files": a.files,
                   "levels": len(levels), "steps_total": len(all_steps), "kept": len(kept),
                   "dropped": len(dropped), "crash": sorted(crash), "recordings": rec.count,
                   "seconds": round(time.time() - t_start), "nodes": nodes}, f, indent=0)
    log("done %s/%s: %d kept, %d dropped, %d recordings, %.0fs" % (
        a.kernel, a.name, len(kept), len(dropped), rec.count, time.time() - t_start))


if __name__ == "__main__":
    main()
