#!/usr/bin/env bash
# Builds the static, libc-free prlimit for one target and prints the binary's path (the only
# line on stdout; cargo's messages go to stderr).
#
#   examples/prlimit-static/build.sh [TARGET]
#
# TARGET is x86_64-unknown-linux-gnu (the default), aarch64-unknown-linux-gnu or
# riscv64gc-unknown-linux-gnu. The binary is examples/prlimit-static/target/TARGET/release/prlimit.
# Installs the rustup target and the cross linker when they are missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target=${1:-x86_64-unknown-linux-gnu}

case $target in
x86_64-unknown-linux-gnu) linker=cc package=gcc ;;
aarch64-unknown-linux-gnu) linker=aarch64-linux-gnu-gcc package=gcc-aarch64-linux-gnu ;;
riscv64gc-unknown-linux-gnu) linker=riscv64-linux-gnu-gcc package=gcc-riscv64-linux-gnu ;;
*)
    echo "build.sh: unsupported target $target (x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu, riscv64gc-unknown-linux-gnu)" >&2
    exit 2
    ;;
esac

if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    rustup target add "$target" >&2
fi
if ! command -v "$linker" >/dev/null; then
    { apt-get update && apt-get install -y "$package"; } >&2
fi

# From this directory, so that .cargo/config.toml applies; always with --target, so that its
# rustflags reach the tool and not build scripts.
cd "$here"
cargo build --release --target "$target" >&2
echo "$here/target/$target/release/prlimit"
