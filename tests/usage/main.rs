//! Resource usage: getrusage and its selectors, the arithmetic of samples, getrusage_into, ru_maxrss.
//!
//! One test binary per area (Cargo.toml lists them); the shared helpers are `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod maxrss;
mod sampling;
mod usage;
mod usage_arithmetic;
mod usage_into;

// Counts allocations per thread (`common::counting`), for the zero-allocation tests.
#[global_allocator]
static GLOBAL: common::counting::Counting = common::counting::Counting;
