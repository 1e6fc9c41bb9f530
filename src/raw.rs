//! The bare system calls: raw numbers and raw pointers in, `Result<(), Errno>` out.
//!
//! These are for callers and fuzzers that need exactly what the kernel does: no validation, no
//! typed errors. The numbers are passed to the kernel unchanged (an out-of-range resource or
//! `who` gives `EINVAL`, as the kernel decides). Most code wants the safe functions at the crate
//! root instead.
//!
//! Every function here is async-signal-safe.
//!
//! # Safety
//!
//! Each function is `unsafe` because the kernel reads or writes through the pointers it is given:
//! a pointer must be null where the call allows null, or valid for the access the function's
//! documentation states. An invalid pointer the kernel detects gives `EFAULT`; one that points
//! into live memory the caller does not own is undefined behaviour.
#![allow(unsafe_code)]

use crate::arch;
use crate::reg::Arg;
use crate::{Rlimit, Rusage};
use syscalls::Errno;

/// `__NR_getrlimit` on this architecture (x86_64 97, aarch64 and riscv64 163).
pub const NR_GETRLIMIT: u32 = arch::NR_GETRLIMIT;
/// `__NR_setrlimit` on this architecture (x86_64 160, aarch64 and riscv64 164).
pub const NR_SETRLIMIT: u32 = arch::NR_SETRLIMIT;
/// `__NR_getrusage` on this architecture (x86_64 98, aarch64 and riscv64 165).
pub const NR_GETRUSAGE: u32 = arch::NR_GETRUSAGE;
/// `__NR_prlimit64` on this architecture (x86_64 302, aarch64 and riscv64 261).
pub const NR_PRLIMIT64: u32 = arch::NR_PRLIMIT64;
/// `__NR_mprotect`, which [`crate::page_size`] uses to probe the page size.
pub const NR_MPROTECT: u32 = arch::NR_MPROTECT;
/// `__NR_openat`, which [`crate::nr_open`] uses.
pub const NR_OPENAT: u32 = arch::NR_OPENAT;
/// `__NR_read`, which [`crate::nr_open`] uses.
pub const NR_READ: u32 = arch::NR_READ;
/// `__NR_close`, which [`crate::nr_open`] uses.
pub const NR_CLOSE: u32 = arch::NR_CLOSE;
/// `__NR_wait4` on this architecture (x86_64 61, aarch64 and riscv64 260).
pub const NR_WAIT4: u32 = arch::NR_WAIT4;
/// `__NR_waitid` on this architecture (x86_64 247, aarch64 and riscv64 95).
pub const NR_WAITID: u32 = arch::NR_WAITID;

/// `getrlimit(resource, old)`: the getrlimit system call.
///
/// # Safety
///
/// `old` must be valid for writing one [`Rlimit`].
///
/// # References
///  - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
#[inline]
pub unsafe fn getrlimit(resource: u32, old: *mut Rlimit) -> Result<(), Errno> {
    // SAFETY: the kernel writes one `struct rlimit` (same layout as `Rlimit`) to `old`, which the
    // caller guarantees is writable.
    unsafe {
        arch::syscall2(
            arch::NR_GETRLIMIT,
            Arg::from_u32(resource),
            Arg::from_mut_ptr(old),
        )
    }
    .decode_unit()
}

/// `setrlimit(resource, new)`: the setrlimit system call.
///
/// # Safety
///
/// `new` must be valid for reading one [`Rlimit`].
///
/// # References
///  - [`setrlimit(2)`](https://man7.org/linux/man-pages/man2/setrlimit.2.html)
#[inline]
pub unsafe fn setrlimit(resource: u32, new: *const Rlimit) -> Result<(), Errno> {
    // SAFETY: the kernel only reads one `struct rlimit` from `new`, which the caller guarantees
    // is readable; no user memory is written (`readonly`).
    unsafe {
        arch::syscall2_readonly(
            arch::NR_SETRLIMIT,
            Arg::from_u32(resource),
            Arg::from_ptr(new),
        )
    }
    .decode_unit()
}

/// `prlimit64(pid, resource, new, old)`: the prlimit64 system call.
///
/// `pid` 0 is the caller. A null `new` only reads; a null `old` does not report the old limit.
///
/// # Safety
///
/// `new` must be null or valid for reading one [`Rlimit`]; `old` must be null or valid for
/// writing one [`Rlimit`].
///
/// # References
///  - [`prlimit(2)`](https://man7.org/linux/man-pages/man2/prlimit.2.html)
#[inline]
pub unsafe fn prlimit64(
    pid: i32,
    resource: u32,
    new: *const Rlimit,
    old: *mut Rlimit,
) -> Result<(), Errno> {
    // SAFETY: the kernel reads `new` and writes `old` only when they are not null, and the caller
    // guarantees each is valid for that access.
    unsafe {
        arch::syscall4(
            arch::NR_PRLIMIT64,
            Arg::from_i32(pid),
            Arg::from_u32(resource),
            Arg::from_ptr(new),
            Arg::from_mut_ptr(old),
        )
    }
    .decode_unit()
}

/// `getrusage(who, usage)`: the getrusage system call.
///
/// The kernel accepts `RUSAGE_SELF` (0), `RUSAGE_CHILDREN` (-1) and `RUSAGE_THREAD` (1); any
/// other `who`, including `RUSAGE_BOTH` (-2), gives `EINVAL`.
///
/// # Safety
///
/// `usage` must be valid for writing one [`Rusage`].
///
/// # References
///  - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[inline]
pub unsafe fn getrusage(who: i32, usage: *mut Rusage) -> Result<(), Errno> {
    // SAFETY: the kernel writes one `struct rusage` (same layout as `Rusage`) to `usage`, which
    // the caller guarantees is writable.
    unsafe {
        arch::syscall2(
            arch::NR_GETRUSAGE,
            Arg::from_i32(who),
            Arg::from_mut_ptr(usage),
        )
    }
    .decode_unit()
}

/// `mprotect(addr, 0, PROT_NONE)`: succeeds exactly when `addr` is page-aligned. The kernel
/// checks the alignment first and returns at once for a zero length, so no memory is touched
/// and no mapping is needed at `addr`. Every kernel with an MMU has `mprotect`, unlike `madvise`
/// (`CONFIG_ADVISE_SYSCALLS`, off in small kernels: then `ENOSYS`).
pub(crate) fn mprotect_probe(addr: usize) -> Result<(), Errno> {
    const PROT_NONE: u32 = 0;
    // SAFETY: with length 0 the kernel checks the alignment of `addr` and returns without
    // reading, writing or changing the protection of any memory.
    unsafe {
        arch::syscall3(
            arch::NR_MPROTECT,
            Arg::from_usize(addr),
            Arg::from_usize(0),
            Arg::from_u32(PROT_NONE),
        )
    }
    .decode_unit()
}

/// Reads the start of a file into `buf` with `openat`, `read` and `close`, returning the number
/// of bytes read.
pub(crate) fn read_file(path: &core::ffi::CStr, buf: &mut [u8]) -> Result<usize, Errno> {
    const AT_FDCWD: i32 = -100;
    // O_RDONLY | O_CLOEXEC; the same value on x86_64, aarch64 and riscv64.
    const O_RDONLY_CLOEXEC: u32 = 0o2_000_000;
    // SAFETY: `path` is a NUL-terminated string the kernel only reads (`readonly`).
    let fd = unsafe {
        arch::syscall4_readonly(
            arch::NR_OPENAT,
            Arg::from_i32(AT_FDCWD),
            Arg::from_ptr(path.as_ptr()),
            Arg::from_u32(O_RDONLY_CLOEXEC),
            Arg::from_u32(0),
        )
    }
    .decode()?;
    // The kernel returns file descriptors in 0..=i32::MAX.
    let fd = fd as u32;
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`, which we borrow mutably.
    let read = unsafe {
        arch::syscall3(
            arch::NR_READ,
            Arg::from_u32(fd),
            Arg::from_mut_ptr(buf.as_mut_ptr()),
            Arg::from_usize(buf.len()),
        )
    }
    .decode();
    // SAFETY: `fd` was opened above and is closed exactly once; close touches no user memory.
    // Its result is irrelevant: the data was already read (or the read failed).
    let _ = unsafe { arch::syscall1(arch::NR_CLOSE, Arg::from_u32(fd)) };
    read
}

/// `WNOHANG`: [`wait4`] and [`waitid`] return at once when no child has changed state.
pub const WNOHANG: i32 = 0x0000_0001;
/// `WEXITED`: [`waitid`] reports children that have terminated ([`wait4`] always does).
pub const WEXITED: i32 = 0x0000_0004;
/// `WNOWAIT`: [`waitid`] leaves the child waitable (a zombie): a later wait reaps it.
pub const WNOWAIT: i32 = 0x0100_0000;
/// `P_PID`: [`waitid`] waits for the child whose pid is `id`.
pub const P_PID: i32 = 1;

/// The kernel's `siginfo_t` (128 bytes), with the fields [`waitid`] fills for a child: the
/// `SIGCHLD` view of the union. The kernel writes `si_signo`, `si_errno`, `si_code`, `si_pid`,
/// `si_uid` and `si_status` and leaves the rest alone.
///
/// `si_code` is `CLD_EXITED` (1, `si_status` the exit code), `CLD_KILLED` (2) or `CLD_DUMPED`
/// (3, `si_status` the signal), `CLD_TRAPPED` (4), `CLD_STOPPED` (5) or `CLD_CONTINUED` (6).
/// When `WNOHANG` finds no child that changed state, `si_signo` and `si_pid` are 0.
///
/// # References
///  - [`waitid(2)`](https://man7.org/linux/man-pages/man2/waitid.2.html)
///  - [`sigaction(2)`](https://man7.org/linux/man-pages/man2/sigaction.2.html) (`siginfo_t`)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C, align(8))]
pub struct Siginfo {
    /// `SIGCHLD` (17) when a child was found, else 0.
    pub si_signo: i32,
    /// Always 0 from `waitid`.
    pub si_errno: i32,
    /// How the child changed state (`CLD_*`).
    pub si_code: i32,
    // The union that follows is 8-byte aligned.
    _pad: i32,
    /// The child's pid.
    pub si_pid: i32,
    /// The child's real uid.
    pub si_uid: u32,
    /// The exit code or the signal, as `si_code` says.
    pub si_status: i32,
    // The rest of the 128 bytes (`si_utime`, `si_stime` and padding), which `waitid` does not
    // write.
    _rest: [i32; 25],
}

impl Siginfo {
    /// All zero: what to pass to [`waitid`].
    pub const ZERO: Siginfo = Siginfo {
        si_signo: 0,
        si_errno: 0,
        si_code: 0,
        _pad: 0,
        si_pid: 0,
        si_uid: 0,
        si_status: 0,
        _rest: [0; 25],
    };
}

impl Default for Siginfo {
    fn default() -> Self {
        Siginfo::ZERO
    }
}

/// `wait4(pid, status, options, rusage)`: the wait4 system call. Returns the pid of the child
/// it reports on, or 0 with `WNOHANG` when none has changed state.
///
/// `pid` above 0 is that child, -1 any child, 0 any child in the caller's process group, below
/// -1 any child in process group `-pid`. A terminated child is reaped; the kernel writes its
/// wait status to `status` and its resource usage (its own and its waited-for descendants') to
/// `rusage`, each only when not null.
///
/// # Safety
///
/// `status` must be null or valid for writing one `i32`; `rusage` must be null or valid for
/// writing one [`Rusage`].
///
/// # References
///  - [`wait4(2)`](https://man7.org/linux/man-pages/man2/wait4.2.html)
#[inline]
pub unsafe fn wait4(
    pid: i32,
    status: *mut i32,
    options: i32,
    rusage: *mut Rusage,
) -> Result<i32, Errno> {
    // SAFETY: the kernel writes `status` and `rusage` only when they are not null, and the caller
    // guarantees each is valid for that access.
    let ret = unsafe {
        arch::syscall4(
            arch::NR_WAIT4,
            Arg::from_i32(pid),
            Arg::from_mut_ptr(status),
            Arg::from_i32(options),
            Arg::from_mut_ptr(rusage),
        )
    }
    .decode()?;
    // A pid: 0..=i32::MAX.
    Ok(ret as i32)
}

/// `waitid(idtype, id, info, options, rusage)`: the waitid system call, with the fifth
/// argument of the raw system call (libc's `waitid` has none): the resource usage of the child
/// it reports on.
///
/// With `WEXITED | WNOWAIT` it reports a terminated child without reaping it, usage included:
/// the child stays a zombie that a later wait (`std::process::Child::wait`) reaps. With
/// `WNOHANG` and no child that changed state it returns `Ok(())` with `info.si_pid` 0 and
/// `rusage` untouched.
///
/// # Safety
///
/// `info` must be null or valid for writing one [`Siginfo`]; `rusage` must be null or valid
/// for writing one [`Rusage`].
///
/// # References
///  - [`waitid(2)`](https://man7.org/linux/man-pages/man2/waitid.2.html)
#[inline]
pub unsafe fn waitid(
    idtype: i32,
    id: i32,
    info: *mut Siginfo,
    options: i32,
    rusage: *mut Rusage,
) -> Result<(), Errno> {
    // SAFETY: the kernel writes `info` and `rusage` only when they are not null, and the caller
    // guarantees each is valid for that access.
    unsafe {
        arch::syscall5(
            arch::NR_WAITID,
            Arg::from_i32(idtype),
            Arg::from_i32(id),
            Arg::from_mut_ptr(info),
            Arg::from_i32(options),
            Arg::from_mut_ptr(rusage),
        )
    }
    .decode_unit()
}
