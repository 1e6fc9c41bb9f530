//! What a program with its own _start uses: the page size, and the system call layer of the static tools.
//!
//! One test binary per area (Cargo.toml lists them); the shared helpers are `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod page_size;
mod syscall_clock;
mod syscall_fork;
mod syscall_signal;
