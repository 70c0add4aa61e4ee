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

t_exec_dev() {
	exec_run ls /dev || { why=$(cat "$tmp/exec.err"); return 1; }
	[ "$(tr '\n' ' ' <"$tmp/exec.out")" = "fd stderr stdin stdout " ] || { why="/dev: $(tr '\n' ' ' <"$tmp/exec.out")"; return 1; }
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
	"$build/memhp" up --qmp "$tmp/qmp2.sock" --mount "$MNT2" --modprobe nd_e820 --modprobe nd_pmem -- \
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

# tool_run ARGS...: the tool through memhp exec on the second machine; it must exit 0 and warn nothing
tool_run() {
	"$build/memhp" exec --mount "$MNT2" -- "$@" >"$tmp/tool.out" 2>"$tmp/tool.err" || {
		why="$* failed: $(cat "$tmp/tool.err")"
		return 1
	}
	[ ! -s "$tmp/tool.err" ] || { why="$* warned: $(head -5 "$tmp/tool.err")"; return 1; }
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

# numastat -m: numactl 2.0.16 warns "Token ... not in hash table" for node meminfo lines
# newer than it, on real Linux as here; the totals must be the model's
t_tool_numastat() {
	"$build/memhp" exec --mount "$MNT2" -- numastat -m >"$tmp/tool.out" 2>&1 || { why=$(cat "$tmp/tool.out"); return 1; }
	want=$(awk '/MemTotal/ {printf "%.2f", $4 / 1024}' "$MNT2/sys/devices/system/node/node0/meminfo")
	awk '/^MemTotal/ {print $2}' "$tmp/tool.out" | grep -qx "$want" || { why="numastat MemTotal: $(grep MemTotal "$tmp/tool.out")"; return 1; }
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
	check tool-numastat-m t_tool_numastat
	check exec-second-machine-stops stop_second
else
	for c in exec-second-machine tool-ndctl-list tool-ndctl-list-bus tool-daxctl-list tool-numactl-hardware tool-lstopo tool-numastat-m exec-second-machine-stops; do
		echo "SKIP $c (needs memhp up --mount, root and the tools)"
		skip=$((skip + 1))
	done
fi
