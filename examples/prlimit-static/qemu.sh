# Sourced by test.sh, pid1.sh and build.sh: `target_cell TARGET COLUMN` prints the cell of the
# repository's table of targets (.ci/targets.md) for the configuration of TARGET that builds the
# tool (its `tool` column holds a size budget); `qemu_for TARGET` prints the qemu-user program
# that runs the tool built for TARGET, or nothing where it runs natively (x86_64).
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
    local qemu
    qemu=$(target_cell "$1" qemu) || return 1
    [[ $qemu == native ]] || echo "${qemu%% *}"
}
