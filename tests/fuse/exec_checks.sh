# SPDX-License-Identifier: MIT
# Sourced by tests/fuse/run while its daemon serves $MNT: `memhp exec` runs
# Debian's tools (cat, free, vmstat, lsmem, ls) in a private mount namespace
# over the mount, and their answers must be the model's.


# t_exec WHAT: run memhp exec with the rest of the arguments; output in $tmp/exec.out
exec_run() {
	"$build/memhp" exec --mount "$MNT" -- "$@" >"$tmp/exec.out" 2>"$tmp/exec.err"
}

t_exec_sys() {
	exec_run cat /sys/devices/system/memory/block_size_bytes || { why=$(cat "$tmp/exec.err"); return 1; }
	[ "$(cat "$tmp/exec.out")" = "$(cat "$MNT$MEM/block_size_bytes")" ] || { why="read $(cat "$tmp/exec.out")"; return 1; }
}

# the model's /proc files, not the host's: the same lines (values may move between two reads)
t_exec_proc() {
	local f
	for f in meminfo zoneinfo buddyinfo iomem vmstat; do
		exec_run cat /proc/$f || { why=$(cat "$tmp/exec.err"); return 1; }
		awk '{print $1}' "$tmp/exec.out" >"$tmp/exec.keys"
		awk '{print $1}' "$MNT/proc/$f" >"$tmp/model.keys"
		cmp -s "$tmp/exec.keys" "$tmp/model.keys" || { why="/proc/$f is not the model's"; return 1; }
	done
	exec_run cat /proc/meminfo
	[ "$(grep ^MemTotal: "$tmp/exec.out")" = "$(grep ^MemTotal: "$MNT/proc/meminfo")" ] ||
		{ why="MemTotal is not the model's"; return 1; }
}

t_exec_free() {
	local want have
	exec_run free -k || { why=$(cat "$tmp/exec.err"); return 1; }
	want=$(awk '/^MemTotal:/ {print $2}' "$MNT/proc/meminfo")
	have=$(awk '/^Mem:/ {print $2}' "$tmp/exec.out")
	[ -n "$want" ] && [ "$want" = "$have" ] || { why="free says $have kB, the model $want kB"; return 1; }
	! grep -qi warn "$tmp/exec.err" || { why=$(cat "$tmp/exec.err"); return 1; }
}

t_exec_vmstat() {
	local want have
	exec_run vmstat -s || { why=$(cat "$tmp/exec.err"); return 1; }
	want=$(awk '/^MemTotal:/ {print $2}' "$MNT/proc/meminfo")
	have=$(awk '/K total memory/ {print $1}' "$tmp/exec.out")
	[ "$want" = "$have" ] || { why="vmstat -s says $have K, the model $want kB"; return 1; }
}

t_exec_lsmem() {
	exec_run lsmem -o RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES || { why=$(cat "$tmp/exec.err"); return 1; }
	lsmem --sysroot "$MNT" -o RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES >"$tmp/lsmem.want" 2>&1
	cmp -s "$tmp/exec.out" "$tmp/lsmem.want" || { why=$(diff "$tmp/lsmem.want" "$tmp/exec.out" | head -10); return 1; }
}

# /dev is the guest's: no disk or nd bus on this machine; null and friends
# served by memhp; a node made with mknod opens nothing (nodev)
t_exec_dev() {
	exec_run ls /dev || { why=$(cat "$tmp/exec.err"); return 1; }
	[ "$(tr '\n' ' ' <"$tmp/exec.out")" = "fd full null stderr stdin stdout zero " ] || { why="/dev: $(tr '\n' ' ' <"$tmp/exec.out")"; return 1; }
	exec_run sh -c 'echo x >/dev/null && head -c 3 /dev/zero | od -An -tx1 && ! echo x 2>/dev/null >/dev/full' ||
		{ why="null, zero, full: $(cat "$tmp/exec.err")"; return 1; }
	[ "$(tr -d ' \n' <"$tmp/exec.out")" = 000000 ] || { why="/dev/zero read $(cat "$tmp/exec.out")"; return 1; }
	findmnt -n -o OPTIONS "$MNT" | grep -qw nodev || { why="the mount is not nodev"; return 1; }
	exec_run sh -c 'grep " /dev " /proc/self/mounts' && grep -qw nodev "$tmp/exec.out" ||
		{ why="/dev in the namespace is not nodev: $(cat "$tmp/exec.out")"; return 1; }
}

t_exec_private() {
	exec_run true || { why=$(cat "$tmp/exec.err"); return 1; }
	! grep -q "memhp-dev" /proc/self/mounts || { why="the private /dev leaked"; return 1; }
	[ "$(stat -f -c %T /sys)" = sysfs ] || { why="/sys here is $(stat -f -c %T /sys)"; return 1; }
}

t_exec_status() {
	"$build/memhp" exec --mount "$MNT" -- sh -c 'exit 7' 2>/dev/null
	[ $? = 7 ] || { why="the command's exit status is not passed on"; return 1; }
	"$build/memhp" exec --mount "$tmp" -- true 2>"$tmp/exec.err"
	[ $? = 1 ] && grep -q "is not a live memhp mount" "$tmp/exec.err" || { why="a directory that is no mount: $(cat "$tmp/exec.err")"; return 1; }
	if command -v setpriv >/dev/null 2>&1; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$build/memhp" exec --mount "$MNT" -- true 2>"$tmp/exec.err"
		[ $? = 1 ] && grep -q "needs root" "$tmp/exec.err" || { why="as nobody: $(cat "$tmp/exec.err")"; return 1; }
	fi
}

if [ "$daemon" = "memhp up" ] && [ "$(id -u)" = 0 ]; then
	check exec-sys t_exec_sys
	check exec-proc-files t_exec_proc
	check exec-free t_exec_free
	check exec-vmstat-s t_exec_vmstat
	check exec-lsmem t_exec_lsmem
	check exec-private-dev t_exec_dev
	check exec-stays-private t_exec_private
	check exec-status-and-errors t_exec_status
else
	for c in sys proc-files free vmstat-s lsmem private-dev stays-private status-and-errors; do
		echo "SKIP exec-$c (needs memhp up --mount and root)"
		skip=$((skip + 1))
	done
fi


# ---- a second machine with two nodes and legacy pmem, for ndctl, daxctl, numactl, hwloc ----

MNT2=$tmp/mnt2
mkdir -p "$MNT2"
d2pid=""
start_second() {
	"$build/memhp" up --qmp "$tmp/qmp2.sock" --mount "$MNT2" --modprobe nd_e820 --modprobe nd_pmem \
		--modprobe dax_pmem --modprobe device_dax --modprobe kmem -- \
		-m 2G,slots=2,maxmem=8G -smp 2 \
		-object memory-backend-ram,id=n0,size=1G -object memory-backend-ram,id=n1,size=1G \
		-numa node,nodeid=0,cpus=0,memdev=n0 -numa node,nodeid=1,cpus=1,memdev=n1 \
		--append 'memmap=256M!0x110000000' >"$tmp/d2.out" 2>"$tmp/d2.err" </dev/null &
	d2pid=$!
	for i in $(seq 300); do
		grep -qx ready "$tmp/d2.out" 2>/dev/null && return 0
		kill -0 "$d2pid" 2>/dev/null || break
		sleep 0.1
	done
	why="the second machine did not start: $(cat "$tmp/d2.err")"
	return 1
}

# tool_says MESSAGE ARGS...: the tool through memhp exec on the second machine; it must
# exit 0 and put only MESSAGE on stderr (ndctl and daxctl report what they did there)
tool_says() {
	local msg=$1
	shift
	"$build/memhp" exec --mount "$MNT2" -- "$@" >"$tmp/tool.out" 2>"$tmp/tool.err" || {
		why="$* failed: $(cat "$tmp/tool.err")"
		return 1
	}
	[ "$(cat "$tmp/tool.err")" = "$msg" ] || { why="$* said: $(head -5 "$tmp/tool.err")"; return 1; }
}

# tool_run ARGS...: the same, warning nothing
tool_run() {
	tool_says "" "$@"
}

t_tool_ndctl_list() {
	tool_run ndctl list -RN || return 1
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
reg = r[0] if isinstance(r, list) else r["regions"][0]
ns = reg["namespaces"][0]
assert reg["dev"] == "region0" and reg["size"] == 268435456, reg
assert ns["dev"] == "namespace0.0" and ns["mode"] == "fsdax" and ns["size"] == 268435456, ns
' "$tmp/tool.out" 2>"$tmp/tool.py" || { why="ndctl list -RN: $(cat "$tmp/tool.out" "$tmp/tool.py" | head -20)"; return 1; }
}

t_tool_ndctl_bus() {
	tool_run ndctl list -B || return 1
	grep -q '"provider":"e820"' "$tmp/tool.out" && grep -q '"dev":"ndbus0"' "$tmp/tool.out" ||
		{ why="ndctl list -B: $(cat "$tmp/tool.out")"; return 1; }
}

t_tool_daxctl_list() {
	tool_run daxctl list || return 1
	[ ! -s "$tmp/tool.out" ] || { why="daxctl list with no dax device: $(cat "$tmp/tool.out")"; return 1; }
}

t_tool_numactl() {
	tool_run numactl --hardware || return 1
	grep -qx 'available: 2 nodes (0-1)' "$tmp/tool.out" && grep -qx 'node 1 cpus: 1' "$tmp/tool.out" ||
		{ why="numactl --hardware: $(head -5 "$tmp/tool.out")"; return 1; }
	want=$(awk '/MemTotal/ {print int($4 / 1024)}' "$MNT2/sys/devices/system/node/node1/meminfo")
	grep -qx "node 1 size: $want MB" "$tmp/tool.out" || { why="node 1 size is not $want MB: $(cat "$tmp/tool.out")"; return 1; }
}

t_tool_lstopo() {
	tool_run lstopo-no-graphics --no-io || return 1
	grep -q 'NUMANode L#1 (P#1' "$tmp/tool.out" && grep -q 'PU L#1 (P#1)' "$tmp/tool.out" ||
		{ why="lstopo: $(head -10 "$tmp/tool.out")"; return 1; }
}

# lscpu -C: the caches cacheinfo builds from the vCPU's CPUID leaves; one L3 per node here
t_tool_lscpu_caches() {
	tool_run lscpu -C || return 1
	grep -Eq '^L1d +64K +128K +2 +Data +1 +512 ' "$tmp/tool.out" &&
		grep -Eq '^L3 +16M +32M +16 +Unified +3 +16384 ' "$tmp/tool.out" ||
		{ why="lscpu -C: $(cat "$tmp/tool.out")"; return 1; }
}

# numastat -m: numactl 2.0.16 warns "Token ... not in hash table" for node meminfo lines
# newer than it, on real Linux as here; the totals must be the model's
t_tool_numastat() {
	"$build/memhp" exec --mount "$MNT2" -- numastat -m >"$tmp/tool.out" 2>&1 || { why=$(cat "$tmp/tool.out"); return 1; }
	want=$(awk '/MemTotal/ {printf "%.2f", $4 / 1024}' "$MNT2/sys/devices/system/node/node0/meminfo")
	awk '/^MemTotal/ {print $2}' "$tmp/tool.out" | grep -qx "$want" || { why="numastat MemTotal: $(grep MemTotal "$tmp/tool.out")"; return 1; }
}

# json_check PYTHON_EXPR: the last tool's JSON output, as j, makes the expression true
json_check() {
	python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
if isinstance(j, list) and len(j) == 1:
    j = j[0]
assert eval("(" + sys.argv[2] + ")"), j
' "$tmp/tool.out" "$1" 2>"$tmp/tool.py" || { why="$(head -c 600 "$tmp/tool.out") $(tail -1 "$tmp/tool.py")"; return 1; }
}

# ndctl create-namespace on the idle namespace: devdax, 2 MiB aligned; the
# info block and memmap take 6 MiB of the 256 MiB
t_tool_ndctl_devdax() {
	tool_says "disabled 1 namespace" ndctl disable-namespace namespace0.0 || return 1
	tool_run ndctl create-namespace -m devdax -a 2M || return 1
	json_check 'j["dev"] == "namespace0.0" and j["mode"] == "devdax" and j["size"] == 262144000 and
		j["daxregion"]["devices"][0]["chardev"] == "dax0.0" and j["daxregion"]["align"] == 2097152' || return 1
	[ "$(stat -c %F:%t:%T "$MNT2/dev/dax0.0")" = "character special file:fc:0" ] ||
		{ why="/dev/dax0.0 is $(stat -c %F:%t:%T "$MNT2/dev/dax0.0")"; return 1; }
}

t_tool_daxctl_list_dev() {
	tool_run daxctl list || return 1
	json_check 'j["chardev"] == "dax0.0" and j["size"] == 262144000 and j["target_node"] == 1 and j["mode"] == "devdax"'
}

# the dax device as system RAM of node 1 and back, with the memory's state checked in the tree
t_tool_daxctl_system_ram() {
	tool_says "reconfigured 1 device" daxctl reconfigure-device --mode=system-ram dax0.0 || return 1
	json_check 'j["mode"] == "system-ram" and j["online_memblocks"] == j["total_memblocks"] == 1 and j["movable"]' || return 1
	ls -d "$MNT2"/sys/devices/system/node/node1/memory* >/dev/null 2>&1 || { why="no memory block in node1"; return 1; }
	tool_says "offlined memory for 1 device" daxctl offline-memory dax0.0 || return 1
	grep -q offline "$MNT2"/sys/devices/system/memory/memory35/state || { why="memory35: $(cat "$MNT2"/sys/devices/system/memory/memory35/state)"; return 1; }
	tool_says "onlined memory for 1 device" daxctl online-memory --no-movable dax0.0 || return 1
	[ "$(cat "$MNT2"/sys/devices/system/memory/memory35/valid_zones)" = Normal ] ||
		{ why="memory35 zones: $(cat "$MNT2"/sys/devices/system/memory/memory35/valid_zones)"; return 1; }
	tool_says "reconfigured 1 device" daxctl reconfigure-device --mode=devdax -f dax0.0 || return 1
	json_check 'j["mode"] == "devdax"' || return 1
	[ ! -e "$MNT2"/sys/devices/system/memory/memory35 ] || { why="memory35 is still there"; return 1; }
}

# fsdax from devdax: ndctl zeroes the dax info block through /dev/pmem0 and
# the kernel writes a pfn one; read-infoblock reads what the model wrote
t_tool_ndctl_fsdax() {
	tool_run ndctl create-namespace -f -e namespace0.0 -m fsdax || return 1
	json_check 'j["mode"] == "fsdax" and j["blockdev"] == "pmem0" and j["size"] == 262144000' || return 1
	[ "$(stat -c %s "$MNT2/dev/pmem0")" = 262144000 ] || { why="/dev/pmem0 has $(stat -c %s "$MNT2/dev/pmem0") bytes"; return 1; }
	tool_says "disabled 1 namespace" ndctl disable-namespace namespace0.0 || return 1
	tool_says "read 1 infoblock" ndctl read-infoblock -j namespace0.0 || return 1
	json_check 'j["signature"] == "NVDIMM_PFN_INFO" and j["dataoff"] == 6291456 and j["npfns"] == 64000 and j["version"] == "1.4"' || return 1
	tool_says "enabled 1 namespace" ndctl enable-namespace namespace0.0 || return 1
	tool_run ndctl list -N || return 1
	json_check 'j["mode"] == "fsdax" and j["blockdev"] == "pmem0"'
}

stop_second() {
	[ -n "$d2pid" ] || return 0
	kill -TERM "$d2pid"
	wait "$d2pid"
	local rc=$?
	d2pid=""
	[ $rc = 0 ] || { why="the second machine exited $rc"; return 1; }
}

if [ "$daemon" = "memhp up" ] && [ "$(id -u)" = 0 ] && command -v ndctl >/dev/null 2>&1; then
	check exec-second-machine start_second
	check tool-ndctl-list t_tool_ndctl_list
	check tool-ndctl-list-bus t_tool_ndctl_bus
	check tool-daxctl-list t_tool_daxctl_list
	check tool-numactl-hardware t_tool_numactl
	check tool-lstopo t_tool_lstopo
	check tool-lscpu-caches t_tool_lscpu_caches
	check tool-numastat-m t_tool_numastat
	check tool-ndctl-create-devdax t_tool_ndctl_devdax
	check tool-daxctl-list-device t_tool_daxctl_list_dev
	check tool-daxctl-system-ram t_tool_daxctl_system_ram
	check tool-ndctl-create-fsdax t_tool_ndctl_fsdax
	check exec-second-machine-stops stop_second
else
	for c in exec-second-machine tool-ndctl-list tool-ndctl-list-bus tool-daxctl-list tool-numactl-hardware tool-lstopo \
		tool-lscpu-caches tool-numastat-m tool-ndctl-create-devdax tool-daxctl-list-device tool-daxctl-system-ram tool-ndctl-create-fsdax \
		exec-second-machine-stops; do
		echo "SKIP $c (needs memhp up --mount, root and the tools)"
		skip=$((skip + 1))
	done
fi
