//! **Not part of the API** (no semver promise; feature `unstable-syscall`): this crate's system
//! call layer itself, for the repository's static `prlimit` (`examples/prlimit-static`), whose
//! only per-architecture code is then its `_start`. Every call goes through the architecture's
//! one `syscall_asm!` and its decoder (`arch/*.rs`), and every number and constant here is
//! declared in the arch file, where the tests check it against the kernel headers.
//!
//! # Safety
//!
//! The wrappers are `unsafe`: the arguments must be valid for the system call made (pointers
//! valid for what the kernel reads or writes through them).
#![allow(unsafe_code)]

use crate::Errno;
use crate::arch;
pub use crate::reg::Arg;
use crate::reg::RetReg;

/// This architecture's numbers of the calls the static tool makes itself.
pub mod nr {
    use crate::arch;

    /// `__NR_write`.
    pub const WRITE: u32 = arch::NR_WRITE;
    /// `__NR_ioctl`.
    pub const IOCTL: u32 = arch::NR_IOCTL;
    /// `__NR_rt_sigaction`.
    pub const RT_SIGACTION: u32 = arch::NR_RT_SIGACTION;
    /// `__NR_getpid`.
    pub const GETPID: u32 = arch::NR_GETPID;
    /// `__NR_clone` (see [`super::fork`]).
    pub const CLONE: u32 = arch::NR_CLONE;
    /// `__NR_execve`.
    pub const EXECVE: u32 = arch::NR_EXECVE;
    /// `__NR_exit_group`.
    pub const EXIT_GROUP: u32 = arch::NR_EXIT_GROUP;
    /// `__NR_openat` (the static `time`'s `-o FILE`).
    pub const OPENAT: u32 = arch::NR_OPENAT;
    /// `__NR_clock_gettime` (see [`super::clock_monotonic`]).
    pub const CLOCK_GETTIME: u32 = arch::NR_CLOCK_GETTIME;
    /// `__NR_clock_gettime64`, on the 32-bit architectures (see [`super::clock_monotonic`]).
    #[cfg(target_pointer_width = "32")]
    pub const CLOCK_GETTIME64: u32 = arch::NR_CLOCK_GETTIME64;
}

/// The size of this architecture's kernel `sigset_t`, the last argument of `rt_sigaction`: 8
/// bytes, or 16 on MIPS (128 signals).
pub const SIGSET_SIZE: usize = arch::SIGSET_SIZE;
/// Where the handler is in this architecture's kernel `struct sigaction`: first, or after the
/// `unsigned int` flags on MIPS (4 on o32, 8 on n64).
pub const SIGACTION_HANDLER_OFFSET: usize = arch::SIGACTION_HANDLER_OFFSET;

/// `TCGETS` on this architecture (powerpc's differs).
pub const TCGETS: u32 = arch::TCGETS;
/// `TIOCGWINSZ` on this architecture (powerpc's differs).
pub const TIOCGWINSZ: u32 = arch::TIOCGWINSZ;

/// `AT_FDCWD`: `openat` relative to the current directory.
pub const AT_FDCWD: i32 = -100;
/// `O_WRONLY`: 1 on every architecture.
pub const O_WRONLY: u32 = 1;
/// `O_CLOEXEC`: 0o2000000 on every architecture of `arch/` (alpha, parisc and sparc differ).
pub const O_CLOEXEC: u32 = 0o2_000_000;
/// `O_CREAT` on this architecture (MIPS's differs).
pub const O_CREAT: u32 = arch::O_CREAT;
/// `O_TRUNC` on this architecture (MIPS's differs).
pub const O_TRUNC: u32 = arch::O_TRUNC;
/// `O_APPEND` on this architecture (MIPS's differs).
pub const O_APPEND: u32 = arch::O_APPEND;
/// `O_LARGEFILE` on this architecture, as its `<asm/fcntl.h>` has it (arm, arm64, powerpc and
/// MIPS differ): 32-bit programs need it to write past 2 GiB; 64-bit kernels force it.
pub const O_LARGEFILE: u32 = arch::O_LARGEFILE;

/// A system call with one argument.
///
/// # Safety
///
/// The argument must be valid for system call `nr`.
#[inline(always)]
pub unsafe fn syscall1(nr: u32, a0: Arg) -> Result<usize, Errno> {
    // SAFETY: the caller's contract.
    unsafe { arch::syscall1(nr, a0) }.decode()
}

/// A system call with three arguments.
///
/// # Safety
///
/// The arguments must be valid for system call `nr`.
#[inline(always)]
pub unsafe fn syscall3(nr: u32, a0: Arg, a1: Arg, a2: Arg) -> Result<usize, Errno> {
    // SAFETY: the caller's contract.
    unsafe { arch::syscall3(nr, a0, a1, a2) }.decode()
}

/// A system call with four arguments.
///
/// # Safety
///
/// The arguments must be valid for system call `nr`.
#[inline(always)]
pub unsafe fn syscall4(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg) -> Result<usize, Errno> {
    // SAFETY: the caller's contract.
    unsafe { arch::syscall4(nr, a0, a1, a2, a3) }.decode()
}

/// `fork()`, as `clone(SIGCHLD)` (17, or 18 on MIPS) with no new stack and no thread-id
/// pointers: the child's pid in the parent, 0 in the child. The argument order is the
/// architecture's (s390 takes the stack pointer first).
///
/// Safe: nothing is shared with the child, which continues on its own copy of the memory (as
/// after C's `fork`; a multi-threaded caller must keep to async-signal-safe code in it).
#[inline(always)]
pub fn fork() -> Result<i32, Errno> {
    let (a0, a1) = if arch::CLONE_BACKWARDS2 {
        (Arg::from_usize(0), Arg::from_u32(arch::SIGCHLD))
    } else {
        (Arg::from_u32(arch::SIGCHLD), Arg::from_usize(0))
    };
    // SAFETY: a plain fork: no new stack, and the flags ask for no tid or TLS pointer, so the
    // zero arguments are not read as pointers.
    let pid = unsafe {
        arch::syscall4(
            arch::NR_CLONE,
            a0,
            a1,
            Arg::from_usize(0),
            Arg::from_usize(0),
        )
    }
    .decode()?;
    // The kernel returns pids in 0..=i32::MAX.
    Ok(pid as i32)
}

/// `clock_gettime(CLOCK_MONOTONIC)`: seconds and nanoseconds since an arbitrary point (the
/// boot), never going back (a step of the wall clock does not move it).
///
/// On the 32-bit architectures it asks `clock_gettime64` first (two 64-bit fields): a kernel
/// built without `COMPAT_32BIT_TIME` (as a year-2038-safe one is) has no other, and then only
/// on `ENOSYS` (a kernel before 5.1) the old `clock_gettime`, whose `struct timespec` is two
/// 32-bit `long`s (the monotonic clock, an uptime, does not outgrow them for 68 years).
#[inline(always)]
pub fn clock_monotonic() -> Result<(u64, u32), Errno> {
    /// `CLOCK_MONOTONIC`, 1 on every architecture.
    const CLOCK_MONOTONIC: u32 = 1;
    #[cfg(target_pointer_width = "32")]
    {
        let mut ts: [i64; 2] = [0; 2];
        // SAFETY: the kernel writes one `struct __kernel_timespec`, two 64-bit integers, into
        // `ts`.
        let result = unsafe {
            arch::syscall3(
                arch::NR_CLOCK_GETTIME64,
                Arg::from_u32(CLOCK_MONOTONIC),
                Arg::from_mut_ptr(&mut ts),
                Arg::from_usize(0),
            )
        }
        .decode();
        match result {
            // Both are non-negative for this clock; nanoseconds are below 10^9.
            Ok(_) => return Ok((ts[0] as u64, ts[1] as u32)),
            Err(errno) if errno != Errno::ENOSYS => return Err(errno),
            Err(_) => {}
        }
    }
    let mut ts: [core::ffi::c_long; 2] = [0; 2];
    // SAFETY: the kernel writes one `struct timespec`, two `long`s, into `ts`.
    unsafe {
        arch::syscall3(
            arch::NR_CLOCK_GETTIME,
            Arg::from_u32(CLOCK_MONOTONIC),
            Arg::from_mut_ptr(&mut ts),
            Arg::from_usize(0),
        )
    }
    .decode()?;
    // Both are non-negative for this clock; nanoseconds are below 10^9.
    Ok((ts[0] as u64, ts[1] as u32))
}

/// `rt_sigaction(sig, &act, NULL, sizeof(sigset_t))` with `act` all zero but its handler,
/// `SIG_IGN` (no flags, an empty mask): ignores signal `sig`. The kernel's `struct sigaction`
/// and the size of its `sigset_t` are the architecture's (MIPS puts the flags first and has
/// 128 signals: [`SIGACTION_HANDLER_OFFSET`], [`SIGSET_SIZE`]).
///
/// Safe: no handler runs, and the old action is not asked for.
#[inline(always)]
pub fn ignore_signal(sig: u32) -> Result<(), Errno> {
    /// `SIG_IGN`, as a handler.
    const SIG_IGN: usize = 1;
    /// The bytes given to the kernel: more than its `struct sigaction` on every architecture
    /// (at most three words, handler, flags and restorer, and a signal set of at most 16
    /// bytes); it reads its own size.
    const SIZE: usize = 64;
    const WORD: usize = core::mem::size_of::<usize>();
    const _: () = assert!(3 * WORD + SIGSET_SIZE <= SIZE);
    let mut action = [0u8; SIZE];
    let handler = SIGACTION_HANDLER_OFFSET;
    action[handler..handler + WORD].copy_from_slice(&SIG_IGN.to_ne_bytes());
    // SAFETY: the kernel only reads one `struct sigaction` from `action`, which is larger; the
    // old-action pointer is NULL, so it writes nothing.
    unsafe {
        arch::syscall4_readonly(
            arch::NR_RT_SIGACTION,
            Arg::from_u32(sig),
            Arg::from_ptr(action.as_ptr()),
            Arg::from_usize(0),
            Arg::from_usize(SIGSET_SIZE),
        )
    }
    .decode()?;
    Ok(())
}
