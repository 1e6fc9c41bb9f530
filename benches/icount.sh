#!/usr/bin/env bash
# Instructions per call with callgrind: for every cell, N1 and N2 calls, counting only the
# cell's loop function (and what it calls); prints "APPROACH OP N1 IR1 N2 IR2" lines.
set -euo pipefail
bin=${1:?usage: icount.sh BENCH_BINARY [N1 N2]}
n1=${2:-10000}
n2=${3:-20000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ir() {
    valgrind --tool=callgrind --callgrind-out-file="$tmp/out" \
        --toggle-collect='*cells::loop_*' "$bin" icount "$1" "$2" "$3" 2>"$tmp/log" \
        || { cat "$tmp/log" >&2; exit 1; }
    awk '/^summary:/ { print $2 }' "$tmp/out"
}
"$bin" list | while read -r approach op; do
    echo "$approach $op $n1 $(ir "$approach" "$op" "$n1") $n2 $(ir "$approach" "$op" "$n2")"
done
