#!/usr/bin/env bash
# Boots the static time as /init of real kernels under qemu-system (the kernels of
# .ci/targets.md, made by .ci/kernel-images), with no /proc and no other program but the static
# prlimit, which it times. Meant to be hooked into .ci/kernels; runs on its own too.
#
#   examples/time-static/kernels.sh [KERNEL...]      (default: x86_64)
#
# Two boots per kernel and configuration of the table's `tool` column (a list: the first names
# the boots by the kernel alone, the others as CONFIG@KERNEL):
#   1. `rdinit=/time -- -f FORMAT /prlimit --pid 1 ...`: the report's fixed values must be
#      exact (%x 0, %C, %Z the kernel's page size from the table, %W %k 0), its times and
#      counts well formed, and PID 1's exit code (the kernel's "Attempted to kill init!
#      exitcode=0x0000NN00") the command's status, 0;
#   2. `rdinit=/time -- -q -f FORMAT /missing`: the child's `cannot run` message, %x 127, and
#      exit code 127.
# Ends with "N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$root/.ci/lib.sh"
cd "$root"
kernels=("$@")
((${#kernels[@]})) || kernels=(x86_64)
timeout_s=${TIME_KERNEL_TIMEOUT:-120}
work=$(mktemp -d)
trap '[ -n "${TIME_KERNEL_KEEP:-}" ] || rm -rf "$work"' EXIT

mapfile -t packages < <(kernel_qemu_packages "${kernels[@]}")
packages+=(cpio gzip)
ensure_packages "${packages[@]}" || exit 1
declare -A image=()
while IFS=$'\t' read -r name path; do
    [[ -n $name ]] && image[$name]=$path
done < <(bash .ci/kernel-images "${kernels[@]}")

# boot KERNEL INITRD ARGS...: the console, carriage returns removed, in $work/console.
boot() {
    local k=$1 initrd=$2
    shift 2
    kernel_boot "$k" "${image[$k]}" "$initrd" "$work/console" "$timeout_s" "$@"
}
# The exit code in the kernel's panic message for init's exit.
init_exit() { sed -nE 's/.*Attempted to kill init! exitcode=0x0000(..)00.*/\1/p' "$work/console" | head -1; }

for k in "${kernels[@]}"; do
    [ -n "${image[$k]:-}" ] || { fail "$k" "no kernel image"; continue; }
    page=$(kernel "$k" page) first=1
    # Each configuration of the tool column (the first is named by the kernel alone).
    for config_name in $(kernel "$k" tool); do
        at=$k
        ((first)) || at=$config_name@$k
        first=0
        target=$(config "$config_name" target)
        if ! time_bin=$(examples/time-static/build.sh "$target" 2>"$work/build.log") ||
            ! prlimit_bin=$(examples/prlimit-static/build.sh "$target" 2>>"$work/build.log"); then
            cat "$work/build.log"
            fail "$at: build for $target"
            continue
        fi
        stage=$work/stage-$at
        mkdir -p "$stage/dev"
        cp "$time_bin" "$stage/time"
        cp "$prlimit_bin" "$stage/prlimit"
        mknod "$stage/dev/console" c 5 1
        (cd "$stage" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$work/rd-$at.cpio.gz"

        format='time-pid1:%x|%C|%Z|%W|%k|%X|%D|%e|%E|%U|%S|%P|%M|%R|%F|%w|%c|%I|%O'
        boot "$k" "$work/rd-$at.cpio.gz" rdinit=/time -- -f "$format" /prlimit --pid 1 --nofile --core
        line=$(grep -m1 '^time-pid1:' "$work/console")
        fixed="time-pid1:0|/prlimit --pid 1 --nofile --core|$page|0|0|0|0|"
        # %M may be 0: several kernels (Debian 13's arm64-16k and riscv64, the ppc64 and
        # arm64-64k-nomadvise ones) report ru_maxrss 0 for the static prlimit, whose few pages
        # stay in the per-CPU RSS counters, which the total takes a batch at a time; the others
        # report 32 to 256 KiB. %R, minor faults, is never 0.
        varying='[0-9]+\.[0-9]{2}\|[0-9]+:[0-9]{2}\.[0-9]{2}\|[0-9]+\.[0-9]{2}\|[0-9]+\.[0-9]{2}\|([0-9]+|\?)%\|[0-9]+\|[1-9][0-9]*(\|[0-9]+){5}'
        if [[ ${line:0:${#fixed}} == "$fixed" ]] && [[ ${line:${#fixed}} =~ ^$varying$ ]] &&
            [ "$(init_exit)" = 00 ] && grep -q '^NOFILE ' "$work/console"; then
            pass "$at: /init times /prlimit: $line, exit 0"
        else
            fail "$at: /init times /prlimit" "got '$line', exit '$(init_exit)'; console: $(tail -5 "$work/console" | tr '\n' ' ')"
        fi

        boot "$k" "$work/rd-$at.cpio.gz" rdinit=/time -- -q -f 'time-pid1:%x|%C' /missing
        # (The first console line may follow the firmware's output without a newline.)
        if grep -q '/time: cannot run /missing: No such file or directory$' "$work/console" &&
            grep -q '^time-pid1:127|/missing$' "$work/console" && [ "$(init_exit)" = 7f ]; then
            pass "$at: /init, a missing command: 127"
        else
            fail "$at: /init, a missing command" "exit '$(init_exit)'; console: $(tail -5 "$work/console" | tr '\n' ' ')"
        fi
    done
done

report "the static time as /init"
