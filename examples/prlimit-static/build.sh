#!/usr/bin/env bash
# Builds the static, libc-free prlimit for one target and prints the binary's path (the only
# line on stdout; cargo's messages go to stderr).
#
#   examples/prlimit-static/build.sh [TARGET]
#
# TARGET is x86_64-unknown-linux-gnu (the default) or any other target of an architecture the
# library supports and src/start.rs has a `_start` for: aarch64-unknown-linux-gnu,
# riscv64gc-unknown-linux-gnu, armv7-unknown-linux-gnueabihf, i686-unknown-linux-gnu,
# powerpc64le-unknown-linux-gnu, s390x-unknown-linux-gnu, loongarch64-unknown-linux-gnu,
# mipsel-unknown-linux-gnu, mips64el-unknown-linux-gnuabi64. The binary is
# examples/prlimit-static/target/TARGET/release/prlimit. No C toolchain is needed (rust-lld
# links it). Installs the rustup target when it is missing; loongarch64, for which rustup has
# no rust-std, and the MIPS targets (tier 3) are built with nightly's -Zbuild-std=core (and its
# rust-src).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target=${1:-x86_64-unknown-linux-gnu}

cargo=(cargo)
build_std=()
case $target in
loongarch64-* | mipsel-* | mips64el-*)
    cargo=(cargo +nightly)
    build_std=(-Zbuild-std=core)
    rustup component list --toolchain nightly --installed 2>/dev/null | grep -qx rust-src ||
        rustup component add --toolchain nightly rust-src >&2
    ;;
*)
    rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target" >&2
    ;;
esac

# From this directory, so that .cargo/config.toml applies; always with --target, so that its
# rustflags reach the tool and not build scripts.
cd "$here"
"${cargo[@]}" build --release --target "$target" "${build_std[@]}" >&2
echo "$here/target/$target/release/prlimit"
