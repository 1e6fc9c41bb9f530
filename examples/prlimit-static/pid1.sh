#!/usr/bin/env bash
# Runs the static prlimit as PID 1 with no /proc, as an initramfs would, and checks its table
# against the limits its parent gave it (as util-linux reads them under the same limits).
#
#   examples/prlimit-static/pid1.sh [TARGET] [BINARY]
#
# x86_64: the binary is the only file of an empty root (`unshare --pid --fork --mount` +
# `chroot`), so there is no /proc, no /dev, no loader, no libc. The other architectures run
# under qemu-user, which cannot enter an empty root (it is not static here); there the emulator is
# PID 1 of a new pid namespace whose mount namespace has /proc unmounted.
# Needs root (CAP_SYS_ADMIN for the namespaces, CAP_SYS_CHROOT). Ends with "N passed, M failed".
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target=${1:-x86_64-unknown-linux-gnu}
bin=${2:-$("$here/build.sh" "$target")} || exit 1

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $target pid1: $1"; }
bad() {
    fail=$((fail + 1))
    echo "FAIL $target pid1: $1"
    [ $# -gt 1 ] && sed 's/^/     | /' <<<"$2"
    return 0
}

if ! unshare --pid --fork --mount true 2>/dev/null; then
    echo "skip $target pid1: this sandbox refuses 'unshare --pid --fork --mount' ($(unshare --pid --fork --mount true 2>&1))"
    echo "$target pid1: 0 passed, 0 failed"
    exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp "$bin" "$root/prlimit"
chmod 755 "$root" "$root/prlimit"

. "$here/qemu.sh"
qemu_for "$target" || exit 2
emu=$QEMU_PROGRAM
[ -n "$emu" ] && emu=$(command -v "$emu")
if [ -z "$emu" ]; then
    # PID 1 of a new pid namespace, in a root holding nothing but the tool.
    init_cmd=(unshare --pid --fork --mount chroot "$root" /prlimit)
    self_cmd=(/prlimit)
else
    init_cmd=(unshare --pid --fork --mount sh -c 'umount -l /proc && exec "$@"' sh "$emu" "$root/prlimit")
    self_cmd=("$emu" "$root/prlimit")
fi
as_init() { "${init_cmd[@]}" "$@"; }

# Limits a parent gives its child: distinctive ones (long numbers, zero, soft below hard).
# On a machine whose hard limits are lower, the lower ones are kept.
limits=()
for opt in --nofile=1234:5678 --core=0:1000 --cpu=100:200 --fsize=12345678901234567:18446744073709551614 \
    --msgqueue=0:819200 --rttime=1:2; do
    cur=$(prlimit --raw --noheadings -o hard "${opt%%=*}")
    [ "$cur" = unlimited ] || [ ${#cur} -ge 19 ] && limits+=("$opt")
done

# 1. Its table is exactly util-linux's under the same limits.
got=$(prlimit "${limits[@]}" -- "${init_cmd[@]}" 2>&1)
want=$(prlimit "${limits[@]}" -- prlimit)
if [ "$got" = "$want" ]; then ok "table = the limits its parent gave it"; else bad "table" "$(diff <(echo "$want") <(echo "$got"))"; fi

# 2. It is PID 1 (getpid() says so) and sets its own limit.
got=$(as_init --verbose --core=0:0 2>&1)
if [ "$got" = "New CORE limit for pid 1: <0:0>" ]; then ok "getpid() is 1"; else bad "getpid() is 1" "$got"; fi

# 3. There is no /proc where it runs (x86_64: its root holds only the tool).
if [ -z "$emu" ]; then
    if [ "$(ls -A "$root")" = prlimit ]; then ok "its root holds only the tool"; else bad "root" "$(ls -A "$root")"; fi
    got=$(as_init /proc 2>&1 >/dev/null)
    rc=$?
    if [ $rc = 127 ] && [ "$got" = "prlimit: failed to execute /proc: No such file or directory" ]; then
        ok "no /proc"
    else
        bad "no /proc" "$rc $got"
    fi
else
    got=$(unshare --pid --fork --mount sh -c 'umount -l /proc && ls -A /proc' 2>&1)
    if [ -z "$got" ]; then ok "no /proc"; else bad "no /proc" "$got"; fi
fi

# 4. As init: sets a limit, runs a command under it (itself) and reports its usage.
got=$(as_init --usage --nofile=64:64 -- "${self_cmd[@]}" -n -o soft,hard --noheadings 2>"$root.err")
rc=$?
# The child is pid 2 (under qemu-user, whose own threads take pids, a later one).
child_pid=2
[ -n "$emu" ] && child_pid="[0-9]*"
if [ $rc = 0 ] && [ "$got" = "  64   64" ] && grep -q "^prlimit: resource usage of .* (pid $child_pid, exit status 0):" "$root.err"; then
    ok "--usage as init: the child sees the limit; init reports its usage"
else
    bad "--usage as init" "$rc $got $(cat "$root.err")"
fi
rm -f "$root.err"

# 5. Errors say why even without /proc (fs.nr_open cannot be read there).
got=$(as_init --nofile=2000000:2000000 2>&1)
rc=$?
case $got in
"prlimit: failed to set the NOFILE resource limit: Operation not permitted ("*")") ok "EPERM with a reason, without /proc: ${got#*(}" ;;
"") [ $rc = 0 ] && ok "NOFILE raised (CAP_SYS_RESOURCE held)" || bad "EPERM" "$rc" ;;
*) bad "EPERM without /proc" "$rc $got" ;;
esac

echo "$target pid1: $pass passed, $fail failed"
[ "$fail" = 0 ]
