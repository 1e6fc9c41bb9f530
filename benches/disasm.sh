#!/usr/bin/env bash
# Disassembles one cell's measured loop: bash benches/disasm.sh OP APPROACH
# (ids as `target/release/bench list` prints them, e.g. `setrlimit linux_resource`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
op=${1:?usage: disasm.sh OP APPROACH}
approach=${2:?usage: disasm.sh OP APPROACH}
fn="cells::loop_${op//-/_}_${approach//-/_}>:"
objdump -d --no-show-raw-insn -C "$here/target/release/bench" \
    | awk -v f="$fn" 'index($0, f) { p = 1 } p && /int3/ { exit } p { print }'
