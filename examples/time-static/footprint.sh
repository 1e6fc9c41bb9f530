#!/usr/bin/env bash
# The footprint, side by side: the max RSS (%M, KiB) that this time, GNU time 1.9 and busybox
# time report for /bin/true (dynamic, glibc) and for a static no-op (a `_start` that exits),
# each started from a small parent (bash) and from a parent holding 64 MiB (python3, 64 MiB
# written; subprocess.run); and, for comparison, python3's own figure for the command run
# with no timer; then the binaries' sizes. Prints a Markdown table; the
# median of RUNS runs (5).
#
#   examples/time-static/footprint.sh [BINARY]
#
# x86_64 only (the no-op is built with the host's gcc). Needs the Debian packages time,
# busybox and gcc.
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${1:-$("$here/build.sh")}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The static no-op: exit_group(0), no libc, no loader.
cat >"$work/noop.c" <<'EOF'
void _start(void) { __asm__ volatile("mov $231, %eax\n xor %edi, %edi\n syscall"); }
EOF
gcc -O2 -static -nostdlib -o "$work/noop" "$work/noop.c"

# With no timer: the parent's own figure for its child (python3's subprocess.run, then
# getrusage(RUSAGE_CHILDREN)), what a harness that measures directly gets.
direct() {
    local hold=$1 cmd=$2 i values=()
    for ((i = 0; i < runs; i++)); do
        values+=("$(python3 -c '
import resource, subprocess, sys
hold = b"x" * (int(sys.argv[1]) << 20)
subprocess.run(sys.argv[2:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
' "$hold" "$cmd")")
    done
    printf '%s\n' "${values[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

# %M of COMMAND under TOOL (ours, gnu, busybox), from PARENT (small, big): the median of runs.
rss() {
    local tool=$1 parent=$2 cmd=$3 i out values=()
    local -a timer
    case $tool in
    ours) timer=("$bin" -f %M) ;;
    gnu) timer=(/usr/bin/time -f %M) ;;
    busybox) timer=(busybox time -f %M) ;;
    esac
    for ((i = 0; i < runs; i++)); do
        if [ "$parent" = small ]; then
            out=$("${timer[@]}" "$cmd" 2>&1 >/dev/null)
        else
            out=$(python3 -c '
import subprocess, sys
hold = b"x" * (64 << 20)
sys.stderr.write(subprocess.run(sys.argv[1:], stderr=subprocess.PIPE).stderr.decode())
' "${timer[@]}" "$cmd" 2>&1 >/dev/null)
        fi
        values+=("${out##*$'\n'}")
    done
    printf '%s\n' "${values[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

echo "| timer | /bin/true | static no-op | /bin/true, 64 MiB parent | static no-op, 64 MiB parent |"
echo "|---|---|---|---|---|"
for tool in ours gnu busybox; do
    case $tool in
    ours) name="this time" ;;
    gnu) name="GNU time 1.9" ;;
    busybox) name="busybox $(busybox 2>&1 | head -1 | awk '{print $2}') time" ;;
    esac
    printf '| %s | %s | %s | %s | %s |\n' "$name" \
        "$(rss "$tool" small /bin/true)" "$(rss "$tool" small "$work/noop")" \
        "$(rss "$tool" big /bin/true)" "$(rss "$tool" big "$work/noop")"
done
printf '| no timer (python3 parent, RUSAGE_CHILDREN) | %s | %s | %s | %s |\n' \
    "$(direct 0 /bin/true)" "$(direct 0 "$work/noop")" "$(direct 64 /bin/true)" "$(direct 64 "$work/noop")"
echo
echo "Sizes: this time $(stat -c %s "$bin") bytes (static, no libc); GNU time" \
    "$(stat -c %s /usr/bin/time) bytes + glibc; busybox $(stat -c %s "$(command -v busybox)")" \
    "bytes (all applets) + glibc."
