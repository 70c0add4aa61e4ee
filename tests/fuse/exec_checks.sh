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

