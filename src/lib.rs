//! Linux process resource limits and resource usage, through direct system calls.
//!
//! `linux-resource` reads and sets resource limits ([`getrlimit`], [`setrlimit`], [`prlimit`])
//! and reads resource usage ([`getrusage`]) by issuing the system calls itself: no libc, no
//! allocation, `#![no_std]`. It is meant for init systems and initramfs tools that run before
//! `/proc` is mounted, for fully static binaries built without a C library, and for code that
//! samples resource usage on hot paths, including inside `fork`/`pre_exec` children.
//!
//! Everything Python's `resource` module offers on Linux is here, with typed resources, typed
//! errors and `Duration`s:
//!
//! ```
//! use linux_resource::{getrlimit, getrusage, Resource, Who, RLIM_INFINITY};
//!
//! let files = getrlimit(Resource::Nofile)?;
//! assert!(files.soft <= files.hard);
//! if files.hard == RLIM_INFINITY {
//!     println!("no hard limit on open files");
//! }
//!
//! let usage = getrusage(Who::Process)?;
//! println!("user {:?}, max RSS {} bytes", usage.user_time(), usage.max_rss_bytes());
//! # Ok::<(), linux_resource::Error>(())
//! ```
//!
//! The usage of one child process is [`wait_usage`] (and, for a `std::process::Child`,
//! `ChildExt::wait_with_usage` with the `std` feature); [`raise_nofile_limit`] raises `NOFILE`
//! as servers do at start-up; [`apply_limits`] sets a whole set of limits (an OCI
//! configuration's `process.rlimits`) after checking all of them; limits parse from text as
//! util-linux `prlimit` writes them ([`Rlimit`]'s `FromStr`, [`LimitSpec`]), as systemd's
//! `Limit*=` settings write them ([`systemd`]), and as pam_limits reads
//! `/etc/security/limits.conf` ([`limits_conf`]).
//!
//! # Async-signal safety
//!
//! Every function in this crate is async-signal-safe: none takes a lock, allocates, or touches
//! global state other than a single atomic word (the cached page size). They may be called from
//! signal handlers and between `fork` and `exec` (in `std::process::Command::pre_exec`).
//!
//! # Supported targets
//!
//! Linux on x86_64, aarch64, riscv64, powerpc64le and big-endian powerpc64 (`powerpc64`),
//! powerpc (32-bit big-endian), s390x, loongarch64, armv7 (`arm`, EABI, in
//! the ARM or the Thumb instruction set: `thumbv7neon-unknown-linux-gnueabihf`), i686 (`x86`),
//! mips and mipsel (`mips`, o32) and mips64 and mips64el (`mips64`, n64), big- and
//! little-endian (the MIPS targets are tier 3, built with nightly's `-Zbuild-std`). Any other
//! target is a compile error. Which system call each function makes there, and what else
//! differs, is the table in [`raw`].
#![no_std]
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// `asm!` on MIPS is still unstable (tier 3 targets, built with nightly's -Zbuild-std anyway).
#![cfg_attr(
    any(target_arch = "mips", target_arch = "mips64"),
    feature(asm_experimental_arch)
)]

#[cfg(feature = "std")]
extern crate std;

// `syscall_numbers!`, with which the arch files declare their numbers: before them.
#[macro_use]
mod macros;

// The architecture: one file under arch/ each (numbers, the system call instruction, its
// decoder); any other target is a compile error, never a silent fallback.
cfg_if::cfg_if! {
    if #[cfg(not(target_os = "linux"))] {
        compile_error!("linux-resource supports only target_os = \"linux\"");
    } else if #[cfg(target_arch = "x86_64")] {
        #[path = "../arch/x86_64.rs"]
        mod arch;
    } else if #[cfg(target_arch = "aarch64")] {
        #[path = "../arch/asm_generic.rs"]
        mod asm_generic;
        #[path = "../arch/aarch64.rs"]
        mod arch;
    } else if #[cfg(target_arch = "riscv64")] {
        #[path = "../arch/asm_generic.rs"]
        mod asm_generic;
        #[path = "../arch/riscv64.rs"]
        mod arch;
    } else if #[cfg(target_arch = "arm")] {
        #[path = "../arch/arm.rs"]
        mod arch;
    } else if #[cfg(target_arch = "x86")] {
        #[path = "../arch/x86.rs"]
        mod arch;
    } else if #[cfg(target_arch = "powerpc64")] {
        #[path = "../arch/powerpc64.rs"]
        mod arch;
    } else if #[cfg(all(target_arch = "powerpc", target_endian = "big"))] {
        #[path = "../arch/powerpc.rs"]
        mod arch;
    } else if #[cfg(target_arch = "s390x")] {
        #[path = "../arch/s390x.rs"]
        mod arch;
    } else if #[cfg(target_arch = "loongarch64")] {
        #[path = "../arch/asm_generic.rs"]
        mod asm_generic;
        #[path = "../arch/loongarch64.rs"]
        mod arch;
    } else if #[cfg(target_arch = "mips")] {
        #[path = "../arch/mips.rs"]
        mod arch;
    } else if #[cfg(all(target_arch = "mips64", target_pointer_width = "64"))] {
        #[path = "../arch/mips64.rs"]
        mod arch;
    } else {
        compile_error!("linux-resource supports only the x86_64, aarch64, riscv64, arm (armv7), x86 (i686), powerpc (32-bit big-endian), powerpc64 (powerpc64le and big-endian powerpc64), s390x, loongarch64, mips (o32: mips and mipsel) and mips64 (n64: mips64 and mips64el) architectures");
    }
}

mod apply;
mod checks;
mod errno;
mod error;
mod limits;
pub mod limits_conf;
mod nofile;
mod page_size;
mod parse;
mod procfs;
pub mod raw;
mod reg;
mod resource;
mod rlimit;
mod rusage;
mod signal;
mod sys;
#[cfg(feature = "unstable-syscall")]
#[doc(hidden)]
pub mod syscall;
pub mod systemd;
// The integration tests' seccomp filter, for the unit tests too (page_size's refused probe).
#[cfg(test)]
#[allow(unsafe_code, dead_code)] // prctl, for the tests alone; they use a part of it
#[path = "../tests/common/seccomp.rs"]
mod test_seccomp;
mod usage;
mod wait;

pub use apply::{ApplyError, apply_limits};
pub use errno::Errno;
pub use error::{Error, PermissionReason, Result};
pub use limits::{getrlimit, prlimit, setrlimit};
pub use nofile::{NofileRaise, raise_nofile_limit};
pub use page_size::{page_size, set_page_size_from_auxv};
pub use parse::{LimitSpec, ParseLimitError};
pub use procfs::nr_open;
pub use resource::{ParseResourceError, Resource};
pub use rlimit::{RLIM_INFINITY, RLIM_NLIMITS, RLIM_SAVED_CUR, RLIM_SAVED_MAX, Rlimit};
pub use rusage::{Rusage, Timeval};
pub use usage::{
    RUSAGE_BOTH, RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD, Who, getrusage, getrusage_into,
};
#[cfg(feature = "std")]
pub use wait::ChildExt;
pub use wait::{ChildUsage, WaitStatus, try_wait_usage, wait_usage};

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
