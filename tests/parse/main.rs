//! Text: limit values and resource names parsed and displayed, and the fuzzers' regressions.
//!
//! One test binary per area (Cargo.toml lists them); the shared helpers are `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod fuzz_regressions;
mod limits_conf;
mod parse;
mod resource_names;
mod systemd;

// Counts allocations per thread (`common::counting`), for the zero-allocation tests.
#[global_allocator]
static GLOBAL: common::counting::Counting = common::counting::Counting;
