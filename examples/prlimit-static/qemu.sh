# Sourced by test.sh, pid1.sh and build.sh: `target_cell TARGET COLUMN` prints the cell of the
# repository's table of targets (.ci/targets.md) for the configuration of TARGET that builds the
# tool (its `tool` column holds a size budget); `qemu_for TARGET` sets QEMU_PROGRAM to the
# qemu-user program that runs the tool built for TARGET, or to nothing where it runs natively
# (x86_64), and exports the CPU model of the row's `-cpu MODEL` as QEMU_CPU (qemu-user reads it
# as its `-cpu`), so that every qemu the scripts start, under unshare or as PID 1 too, emulates
# that CPU (armv5te: an ARM926EJ-S, on which an ARMv7 instruction traps). Call it directly, not
# in `$(...)`, which would lose both.
target_cell() {
    awk -F'|' -v target="$1" -v column="$2" '
        function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
        /^\| name \|/ { for (i = 2; i < NF; i++) col[trim($i)] = i; table = 1; next }
        /^\|---/ || !/^\|/ { if (!/^\|/) table = 0; next }
        table && trim($col["target"]) == target && trim($col["tool"]) != "-" {
            print trim($col[column]); found = 1; exit
        }
        END { exit !found }' "$(dirname "${BASH_SOURCE[0]}")/../../.ci/targets.md" ||
        { echo "$1 is no target of .ci/targets.md that builds the tool" >&2; return 1; }
}
qemu_for() {
    local qemu words
    qemu=$(target_cell "$1" qemu) || return 1
    QEMU_PROGRAM=
    unset QEMU_CPU
    [[ $qemu == native ]] && return 0
    read -ra words <<<"$qemu"
    case "${#words[@]} ${words[1]:-}" in
    "1 ") ;;
    "3 -cpu") export QEMU_CPU=${words[2]} ;;
    *) echo "qemu.sh: $1's qemu is '$qemu': only a program and its -cpu are known here" >&2; return 1 ;;
    esac
    QEMU_PROGRAM=${words[0]}
}
