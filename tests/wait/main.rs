//! One child's usage: wait_usage, try_wait_usage, ChildExt, and the crate inside pre_exec.
//!
//! One test binary per area (Cargo.toml lists them); the shared helpers are `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod pre_exec;
mod wait;

// Counts allocations per thread (`common::counting`), for the zero-allocation tests.
#[global_allocator]
static GLOBAL: common::counting::Counting = common::counting::Counting;
