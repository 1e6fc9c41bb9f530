//! The ABI: every number, constant and layout against the kernel headers, linux-raw-sys and the syscalls crate, and the asm! sources.
//!
//! One test binary per area (Cargo.toml lists them); the shared helpers are `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod arch_source;
#[cfg(all(target_arch = "arm", feature = "unstable-syscall"))]
mod arm;
mod facts;
mod kernel_headers;
mod linux_raw_sys;
mod syscalls_tables;
mod targets;
