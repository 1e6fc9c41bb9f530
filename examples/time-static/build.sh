#!/usr/bin/env bash
# Builds the static, libc-free `time` (GNU time 1.9's) for one target and prints the binary's
# path (the only line on stdout; cargo's messages go to stderr).
#
#   examples/time-static/build.sh [TARGET]
#
# TARGET is x86_64-unknown-linux-gnu (the default) or any other target of the repository's table
# of targets (.ci/targets.md) with a tool size budget; the static prlimit's src/start.rs (shared)
# has its `_start`. The binary is examples/time-static/target/TARGET/release/time. No C toolchain is needed (rust-lld
# links it). Installs the rustup target when it is missing; the table's build-std targets (no
# rust-std from rustup, or tier 3) are built with nightly's -Zbuild-std=core (and its rust-src).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target=${1:-x86_64-unknown-linux-gnu}

. "$here/../prlimit-static/qemu.sh"
toolchain=$(target_cell "$target" toolchain) || exit 2
cargo=(cargo)
build_std=()
if [[ $toolchain == build-std ]]; then
    cargo=(cargo +nightly)
    build_std=(-Zbuild-std=core)
    rustup component list --toolchain nightly --installed 2>/dev/null | grep -qx rust-src ||
        rustup component add --toolchain nightly rust-src >&2
else
    rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target" >&2
fi

# From this directory, so that .cargo/config.toml applies; always with --target, so that its
# rustflags reach the tool and not build scripts.
cd "$here"
"${cargo[@]}" build --release --target "$target" "${build_std[@]}" >&2
echo "$here/target/$target/release/time"
