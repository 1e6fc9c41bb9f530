//! Text: limit values and resource names parsed and displayed; the fuzzers' regressions, and
//! their committed corpus replayed through their harnesses (`fuzz_replay`).
//!
//! One test binary per area (Cargo.toml lists them); the shared helpers are `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod fuzz_regressions;
// The fuzz crate builds the library with `std` (its `parse` target checks `io::Error`
// conversions): so does this replay (CI builds every configuration with --all-features).
#[cfg(feature = "std")]
mod fuzz_replay;
mod limits_conf;
mod parse;
mod resource_names;
mod systemd;

// Counts allocations per thread (`common::counting`), for the zero-allocation tests.
#[global_allocator]
static GLOBAL: common::counting::Counting = common::counting::Counting;
