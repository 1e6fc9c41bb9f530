#!/usr/bin/env bash
# Runs the static time as PID 1 with no /proc, as an initramfs would: it times a command (itself,
# the only program there), writes its report with -o, and exits with the command's status.
#
#   examples/time-static/pid1.sh [TARGET] [BINARY]
#
# x86_64: the binary is the only file of an empty root (`unshare --pid --fork --mount` +
# `chroot`): no /proc, no /dev, no loader, no libc. Under qemu-user (not static here, so no empty
# root) the emulator is PID 1 of a new pid namespace whose mount namespace has /proc unmounted.
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
    echo "skip $target pid1: this sandbox refuses 'unshare --pid --fork --mount'"
    echo "$target pid1: 0 passed, 0 failed"
    exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp "$bin" "$root/time"
chmod 755 "$root" "$root/time"

. "$here/../prlimit-static/qemu.sh"
qemu_for "$target" || exit 2
emu=$QEMU_PROGRAM
[ -n "$emu" ] && emu=$(command -v "$emu")
if [ -z "$emu" ]; then
    init_cmd=(unshare --pid --fork --mount chroot "$root" /time)
    self=(/time)
    dir=
else
    init_cmd=(unshare --pid --fork --mount sh -c 'umount -l /proc && exec "$@"' sh "$emu" -0 /time "$root/time")
    # The emulated tool runs the emulator for the emulated command (no binfmt_misc needed).
    self=("$emu" -0 /time "$root/time")
    dir=$root
fi

# The page size it must report: the host's, or under qemu-user the emulated machine's (16 KiB
# for loongarch64), as the tool reports it outside PID 1 (test.sh checks that against GNU time).
page=$(getconf PAGESIZE)
[ -n "$emu" ] && page=$("$emu" "$root/time" -f %Z true 2>&1)

# 1. As init, with no /proc: times a command that fails to start (itself, timing a missing
# program), prints every fixed value, and exits with the command's status.
err=$("${init_cmd[@]}" -f '%x|%C|%Z|%W|%k' "${self[@]}" -q -f '%x' /missing 2>&1 >/dev/null)
rc=$?
want="/time: cannot run /missing: No such file or directory
127
Command exited with non-zero status 127
127|${self[*]} -q -f %x /missing|$page|0|0"
if [ $rc = 127 ] && [ "$err" = "$want" ]; then
    ok "times a command as init; its status (127) is init's exit code"
else
    bad "times a command as init" "rc $rc
$(diff <(echo "$want") <(echo "$err"))"
fi

# 2. -o FILE as init: the report goes to the file (openat with no /proc and no /dev).
rm -f "$root/report"
"${init_cmd[@]}" -o "$dir/report" -f '%x %e' "${self[@]}" -f '' "${self[@]}" -V >/dev/null 2>&1
rc=$?
if [ $rc = 0 ] && grep -qE '^0 [0-9]+\.[0-9][0-9]$' "$root/report"; then
    ok "-o FILE as init: $(cat "$root/report")"
else
    bad "-o FILE as init" "rc $rc $(cat "$root/report" 2>&1)"
fi

# 3. There is no /proc where it runs.
if [ -z "$emu" ]; then
    got=$("${init_cmd[@]}" -f '%x' /proc/self/exe 2>&1)
    rc=$?
    if [ $rc = 127 ] && [ "${got%%$'\n'*}" = "/time: cannot run /proc/self/exe: No such file or directory" ]; then
        ok "no /proc"
    else
        bad "no /proc" "$rc $got"
    fi
else
    got=$(unshare --pid --fork --mount sh -c 'umount -l /proc && ls -A /proc' 2>&1)
    if [ -z "$got" ]; then ok "no /proc"; else bad "no /proc" "$got"; fi
fi

echo "$target pid1: $pass passed, $fail failed"
[ "$fail" = 0 ]
