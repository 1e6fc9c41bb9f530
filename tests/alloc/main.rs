//! No allocation: every function of the crate, called many times, allocates nothing.
//!
//! One test binary per area (Cargo.toml lists them); the shared helpers are `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod calls;

// Counts allocations per thread (`common::counting`), for the zero-allocation tests.
#[global_allocator]
static GLOBAL: common::counting::Counting = common::counting::Counting;
