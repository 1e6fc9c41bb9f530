//! Resource limits: getrlimit, setrlimit, prlimit, raising NOFILE and its ceiling, and which system call each makes.
//!
//! One test binary per area (Cargo.toml lists them); the shared helpers are `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod apply;
mod limits;
mod nofile;
mod nofile_ceiling;
mod which_call;

// Counts allocations per thread (`common::counting`), for the zero-allocation tests.
#[global_allocator]
static GLOBAL: common::counting::Counting = common::counting::Counting;
