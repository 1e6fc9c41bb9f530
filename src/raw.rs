//! The bare system calls: raw numbers, raw pointers and the kernel's own structs in,
//! `Result<(), Errno>` out.
//!
//! These are for callers and fuzzers that need exactly what the kernel does: no validation, no
//! typed errors, no conversion. The numbers are passed to the kernel unchanged (an out-of-range
//! resource or `who` gives `EINVAL`, as the kernel decides), and the structs are the kernel's
//! layout on this architecture: [`KernelRlimit`] (`struct rlimit`, two `unsigned long`s),
//! [`KernelRusage`] (`struct rusage`, of `long`s), and [`Rlimit`] for prlimit64's
//! `struct rlimit64`. On 64-bit architectures these have the layout of [`Rlimit`] and
//! [`Rusage`]; on 32-bit ones (armv7, i686, mipsel) they are half as wide, which is why the functions
//! at the crate root use prlimit64 there and widen `struct rusage`. Most code wants those
//! functions instead.
//!
//! | call | x86_64 | aarch64, riscv64 | armv7 | i686 | powerpc64le | s390x | loongarch64 | mipsel | mips64el |
//! |---|---|---|---|---|---|---|---|---|---|
//! | [`getrlimit`] | getrlimit 97 | getrlimit 163 | ugetrlimit 191 | ugetrlimit 191 | ugetrlimit 190 | getrlimit 191 | none: `ENOSYS` | getrlimit 4076 | getrlimit 5095 |
//! | [`setrlimit`] | setrlimit 160 | setrlimit 164 | setrlimit 75 | setrlimit 75 | setrlimit 75 | setrlimit 75 | none: `ENOSYS` | setrlimit 4075 | setrlimit 5155 |
//! | [`prlimit64`] | 302 | 261 | 369 | 340 | 325 | 334 | 261 | 4338 | 5297 |
//! | [`getrusage`] | 98 | 165 | 77 | 77 | 77 | 77 | 165 | 4077 | 5096 |
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
use crate::reg::{Arg, RetReg};
use crate::{Errno, Rlimit, Rusage, Timeval};
use core::ffi::{c_long, c_ulong};
use core::mem::{size_of, MaybeUninit};
use core::ptr;

/// The getrlimit system call's number on this architecture: `__NR_getrlimit` on x86_64 (97),
/// aarch64 and riscv64 (163) and s390x (191); `__NR_ugetrlimit` on armv7 and i686 (191) and
/// powerpc64le (190), where `__NR_getrlimit` is an older call that clamps limits to 2^31 - 1;
/// mipsel 4076 and mips64el 5095; `None` on loongarch64, which has no getrlimit system call
/// (only prlimit64).
pub const NR_GETRLIMIT: Option<u32> = arch::GETRLIMIT;
/// `__NR_setrlimit` on this architecture (x86_64 160, aarch64 and riscv64 164, armv7, i686,
/// powerpc64le and s390x 75, mipsel 4075, mips64el 5155); `None` on loongarch64, which has
/// none.
pub const NR_SETRLIMIT: Option<u32> = arch::SETRLIMIT;
/// `__NR_getrusage` on this architecture (x86_64 98, aarch64, riscv64 and loongarch64 165,
/// armv7, i686, powerpc64le and s390x 77, mipsel 4077, mips64el 5096).
pub const NR_GETRUSAGE: u32 = arch::NR_GETRUSAGE;
/// `__NR_prlimit64` on this architecture (x86_64 302, aarch64, riscv64 and loongarch64 261,
/// armv7 369, i686 340, powerpc64le 325, s390x 334, mipsel 4338, mips64el 5297).
pub const NR_PRLIMIT64: u32 = arch::NR_PRLIMIT64;
/// Whether the crate's [`crate::getrlimit`] and [`crate::setrlimit`] make the prlimit64 system
/// call (pid 0) rather than [`getrlimit`] and [`setrlimit`]: where the kernel's
/// `struct rlimit` is 32-bit (armv7, i686, mipsel), where it has no such calls (loongarch64),
/// and on mips64el, whose getrlimit qemu-user misreads. `false` on x86_64, aarch64, riscv64,
/// powerpc64le and s390x, whose `struct rlimit` is `struct rlimit64`.
pub const LIMITS_THROUGH_PRLIMIT64: bool = arch::LIMITS_THROUGH_PRLIMIT64;
/// `__NR_mprotect`, which [`crate::page_size`] uses to probe the page size.
pub const NR_MPROTECT: u32 = arch::NR_MPROTECT;
/// `__NR_openat`, which [`crate::nr_open`] uses.
pub const NR_OPENAT: u32 = arch::NR_OPENAT;
/// `__NR_read`, which [`crate::nr_open`] uses.
pub const NR_READ: u32 = arch::NR_READ;
/// `__NR_close`, which [`crate::nr_open`] uses.
pub const NR_CLOSE: u32 = arch::NR_CLOSE;
/// `__NR_wait4` on this architecture (x86_64 61, aarch64, riscv64 and loongarch64 260, armv7,
/// i686, powerpc64le and s390x 114, mipsel 4114, mips64el 5059).
pub const NR_WAIT4: u32 = arch::NR_WAIT4;
/// `__NR_waitid` on this architecture (x86_64 247, aarch64, riscv64 and loongarch64 95, armv7
/// 280, i686 284, powerpc64le 272, s390x 281, mipsel 4278, mips64el 5237).
pub const NR_WAITID: u32 = arch::NR_WAITID;

/// The kernel's `RLIM_INFINITY` in a [`KernelRlimit`] on this architecture: all ones
/// (`c_ulong::MAX`: 2^64 - 1 on 64-bit architectures, 2^32 - 1 on armv7 and i686), except on
/// mipsel (o32), where it is `0x7fff_ffff`. The crate's API has one infinity on every
/// architecture, [`crate::RLIM_INFINITY`] (`u64::MAX`), which is also prlimit64's.
pub const KERNEL_RLIM_INFINITY: c_ulong = arch::KERNEL_RLIM_INFINITY;

/// The kernel's `struct rlimit` on this architecture, which getrlimit and setrlimit take: two
/// `unsigned long`s. 16 bytes on 64-bit architectures (the layout of [`Rlimit`]); 8 on armv7,
/// i686 and mipsel, where every limit from [`KERNEL_RLIM_INFINITY`] up reads as infinity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct KernelRlimit {
    /// The soft limit.
    pub rlim_cur: c_ulong,
    /// The hard limit.
    pub rlim_max: c_ulong,
}

/// The kernel's `struct __kernel_old_timeval` on this architecture, as `struct rusage` holds
/// it: two `long`s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct KernelTimeval {
    /// Seconds.
    pub tv_sec: c_long,
    /// Microseconds.
    pub tv_usec: c_long,
}

/// The kernel's `struct rusage` on this architecture: two [`KernelTimeval`]s and 14 `long`s.
/// 144 bytes on 64-bit architectures (the layout of [`Rusage`]), 72 on armv7 and i686. There
/// is no 64-bit getrusage on 32-bit architectures: [`Rusage::from`] widens this struct, as musl
/// and glibc do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct KernelRusage {
    /// User CPU time.
    pub ru_utime: KernelTimeval,
    /// System CPU time.
    pub ru_stime: KernelTimeval,
    /// Maximum resident set size, in KiB.
    pub ru_maxrss: c_long,
    /// Integral shared memory size (unused on Linux).
    pub ru_ixrss: c_long,
    /// Integral unshared data size (unused on Linux).
    pub ru_idrss: c_long,
    /// Integral unshared stack size (unused on Linux).
    pub ru_isrss: c_long,
    /// Minor page faults.
    pub ru_minflt: c_long,
    /// Major page faults.
    pub ru_majflt: c_long,
    /// Swaps (unused on Linux).
    pub ru_nswap: c_long,
    /// Block input operations.
    pub ru_inblock: c_long,
    /// Block output operations.
    pub ru_oublock: c_long,
    /// IPC messages sent (unused on Linux).
    pub ru_msgsnd: c_long,
    /// IPC messages received (unused on Linux).
    pub ru_msgrcv: c_long,
    /// Signals received (unused on Linux).
    pub ru_nsignals: c_long,
    /// Voluntary context switches.
    pub ru_nvcsw: c_long,
    /// Involuntary context switches.
    pub ru_nivcsw: c_long,
}

impl From<KernelTimeval> for Timeval {
    /// Widens each `long` to `i64` (sign-extended on 32-bit architectures): lossless.
    #[inline]
    #[allow(clippy::useless_conversion)] // `long` is `i64` on 64-bit architectures, `i32` on others.
    fn from(tv: KernelTimeval) -> Timeval {
        Timeval {
            tv_sec: i64::from(tv.tv_sec),
            tv_usec: i64::from(tv.tv_usec),
        }
    }
}

impl From<KernelRusage> for Rusage {
    /// Widens each `long` to `i64` (sign-extended on 32-bit architectures): lossless.
    #[inline]
    #[allow(clippy::useless_conversion)] // `long` is `i64` on 64-bit architectures, `i32` on others.
    fn from(k: KernelRusage) -> Rusage {
        Rusage {
            ru_utime: k.ru_utime.into(),
            ru_stime: k.ru_stime.into(),
            ru_maxrss: i64::from(k.ru_maxrss),
            ru_ixrss: i64::from(k.ru_ixrss),
            ru_idrss: i64::from(k.ru_idrss),
            ru_isrss: i64::from(k.ru_isrss),
            ru_minflt: i64::from(k.ru_minflt),
            ru_majflt: i64::from(k.ru_majflt),
            ru_nswap: i64::from(k.ru_nswap),
            ru_inblock: i64::from(k.ru_inblock),
            ru_oublock: i64::from(k.ru_oublock),
            ru_msgsnd: i64::from(k.ru_msgsnd),
            ru_msgrcv: i64::from(k.ru_msgrcv),
            ru_nsignals: i64::from(k.ru_nsignals),
            ru_nvcsw: i64::from(k.ru_nvcsw),
            ru_nivcsw: i64::from(k.ru_nivcsw),
        }
    }
}

/// `getrlimit(resource, old)`: the getrlimit system call (ugetrlimit on armv7, i686 and
/// powerpc64le; see [`NR_GETRLIMIT`]).
///
/// On loongarch64, which has no such call, returns `ENOSYS` (what the kernel answers for a
/// system call it does not have) without entering the kernel.
///
/// # Safety
///
/// `old` must be valid for writing one [`KernelRlimit`].
///
/// # References
///  - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
#[inline]
pub unsafe fn getrlimit(resource: u32, old: *mut KernelRlimit) -> Result<(), Errno> {
    let Some(nr) = arch::GETRLIMIT else {
        return Err(Errno::ENOSYS);
    };
    // SAFETY: the kernel writes one `struct rlimit` (the layout of `KernelRlimit`) to `old`,
    // which the caller guarantees is writable.
    unsafe { arch::syscall2(nr, Arg::from_u32(resource), Arg::from_mut_ptr(old)) }.decode_unit()
}

/// `setrlimit(resource, new)`: the setrlimit system call.
///
/// On loongarch64, which has no such call, returns `ENOSYS` without entering the kernel.
///
/// # Safety
///
/// `new` must be valid for reading one [`KernelRlimit`].
///
/// # References
///  - [`setrlimit(2)`](https://man7.org/linux/man-pages/man2/setrlimit.2.html)
#[inline]
pub unsafe fn setrlimit(resource: u32, new: *const KernelRlimit) -> Result<(), Errno> {
    let Some(nr) = arch::SETRLIMIT else {
        return Err(Errno::ENOSYS);
    };
    // SAFETY: the kernel only reads one `struct rlimit` from `new`, which the caller guarantees
    // is readable; no user memory is written (`readonly`).
    unsafe { arch::syscall2_readonly(nr, Arg::from_u32(resource), Arg::from_ptr(new)) }
        .decode_unit()
}

/// `prlimit64(pid, resource, new, old)`: the prlimit64 system call, on `struct rlimit64`
/// ([`Rlimit`]) on every architecture.
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
/// `usage` must be valid for writing one [`KernelRusage`].
///
/// # References
///  - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[inline]
pub unsafe fn getrusage(who: i32, usage: *mut KernelRusage) -> Result<(), Errno> {
    // SAFETY: the kernel writes one `struct rusage` (the layout of `KernelRusage`) to `usage`,
    // which the caller guarantees is writable.
    unsafe {
        arch::syscall2(
            arch::NR_GETRUSAGE,
            Arg::from_i32(who),
            Arg::from_mut_ptr(usage),
        )
    }
    .decode_unit()
}

// ---------------------------------------------------------------------------------------------
// The safe calls the crate's API makes: here, so that the API modules need no `unsafe`.

/// Whether the kernel's `struct rlimit` is `struct rlimit64` here (every 64-bit architecture):
/// then getrlimit and setrlimit carry every `u64` limit exactly, and write straight into an
/// [`Rlimit`].
#[allow(dead_code)] // Used in const assertions only, which rustc 1.87 does not count.
pub(crate) const RLIMIT_IS_RLIMIT64: bool = size_of::<KernelRlimit>() == size_of::<Rlimit>();

/// Whether the kernel's `struct rusage` is [`Rusage`] here (every 64-bit architecture): then the
/// kernel writes straight into a `Rusage`, and nothing is widened. For both constants,
/// src/checks.rs proves that equal sizes mean the same layout, field by field.
const RUSAGE_IS_KERNELS: bool = size_of::<KernelRusage>() == size_of::<Rusage>();

// The direct calls write and read an `Rlimit` in place: only where they exist and their
// `struct rlimit` is `struct rlimit64`.
static_assertions::const_assert!(
    arch::LIMITS_THROUGH_PRLIMIT64
        || (arch::GETRLIMIT.is_some() && arch::SETRLIMIT.is_some() && RLIMIT_IS_RLIMIT64)
);

/// The calling process's limits of `resource`, as getrlimit(2) reports them: the getrlimit
/// system call where its `struct rlimit` is `struct rlimit64`, prlimit64 (pid 0, nothing set)
/// where it is narrower (armv7, i686, mipsel), missing (loongarch64), or misread by qemu-user
/// (mips64el), as glibc's `getrlimit64` does: the arch file's `LIMITS_THROUGH_PRLIMIT64`.
#[inline(always)]
pub(crate) fn get_limit(resource: u32) -> Result<Rlimit, Errno> {
    let mut old = MaybeUninit::<Rlimit>::uninit();
    if !arch::LIMITS_THROUGH_PRLIMIT64 {
        // SAFETY: `old` is a local, valid for writing one `Rlimit`, which has the layout of
        // `KernelRlimit` here (RLIMIT_IS_RLIMIT64, and src/checks.rs checks every field).
        unsafe { getrlimit(resource, old.as_mut_ptr().cast::<KernelRlimit>()) }?;
    } else {
        // SAFETY: no new limit; `old` is a local, valid for writing one `Rlimit`.
        unsafe { prlimit64(0, resource, ptr::null(), old.as_mut_ptr()) }?;
    }
    // SAFETY: on success the kernel wrote the whole struct to `old`.
    Ok(unsafe { old.assume_init() })
}

/// Sets the calling process's limits of `resource`: the setrlimit system call where its
/// `struct rlimit` is `struct rlimit64`, prlimit64 (pid 0, old limit not read) elsewhere.
#[inline(always)]
pub(crate) fn set_limit(resource: u32, new: &Rlimit) -> Result<(), Errno> {
    if !arch::LIMITS_THROUGH_PRLIMIT64 {
        // SAFETY: `new` is valid for reading one `Rlimit`, which has the layout of
        // `KernelRlimit` here.
        unsafe { setrlimit(resource, ptr::from_ref(new).cast::<KernelRlimit>()) }
    } else {
        // SAFETY: `new` is valid for reading one `Rlimit`; no old limit is written.
        unsafe { prlimit64(0, resource, new, ptr::null_mut()) }
    }
}

/// prlimit64 on `pid`: reads, and with `Some(new)` sets, returning the old limits.
#[inline(always)]
pub(crate) fn prlimit(pid: i32, resource: u32, new: Option<&Rlimit>) -> Result<Rlimit, Errno> {
    let new_ptr = match new {
        Some(new) => ptr::from_ref(new),
        None => ptr::null(),
    };
    let mut old = MaybeUninit::<Rlimit>::uninit();
    // SAFETY: `new_ptr` is null or a valid `Rlimit`; `old` is a local, valid for writing one.
    unsafe { prlimit64(pid, resource, new_ptr, old.as_mut_ptr()) }?;
    // SAFETY: on success the kernel wrote the whole `struct rlimit64` to `old`.
    Ok(unsafe { old.assume_init() })
}

/// One getrusage system call into `out`, which is written only on success: by the kernel itself
/// on 64-bit architectures (no copy), widened from the kernel's struct on 32-bit ones.
#[inline(always)]
pub(crate) fn usage_into(who: i32, out: &mut Rusage) -> Result<(), Errno> {
    if RUSAGE_IS_KERNELS {
        // SAFETY: `out` is a unique borrow of a `Rusage`, which has the layout of
        // `KernelRusage` here (RUSAGE_IS_KERNELS, and src/checks.rs checks every field); the
        // kernel writes it only on success (getrusage fills a kernel copy, then copies it out
        // whole or fails with EFAULT before the call returns).
        unsafe { getrusage(who, ptr::from_mut(out).cast::<KernelRusage>()) }
    } else {
        *out = usage(who)?;
        Ok(())
    }
}

/// One getrusage system call, as a [`Rusage`]: written straight into it on 64-bit
/// architectures, widened from the kernel's 72-byte struct on 32-bit ones.
#[inline(always)]
pub(crate) fn usage(who: i32) -> Result<Rusage, Errno> {
    if RUSAGE_IS_KERNELS {
        let mut usage = MaybeUninit::<Rusage>::uninit();
        // SAFETY: `usage` is a local, valid for writing one `Rusage`, which has the layout of
        // `KernelRusage` here (RUSAGE_IS_KERNELS, and src/checks.rs checks every field).
        unsafe { getrusage(who, usage.as_mut_ptr().cast::<KernelRusage>()) }?;
        // SAFETY: on success the kernel wrote the whole `struct rusage` to `usage`.
        Ok(unsafe { usage.assume_init() })
    } else {
        let mut usage = MaybeUninit::<KernelRusage>::uninit();
        // SAFETY: `usage` is a local, valid for writing one `KernelRusage`.
        unsafe { getrusage(who, usage.as_mut_ptr()) }?;
        // SAFETY: on success the kernel wrote the whole `struct rusage` to `usage`.
        Ok(Rusage::from(unsafe { usage.assume_init() }))
    }
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
#[repr(C)]
#[cfg_attr(target_pointer_width = "64", repr(align(8)))]
pub struct Siginfo {
    /// `SIGCHLD` (17, or 18 on MIPS) when a child was found, else 0.
    pub si_signo: i32,
    /// Always 0 from `waitid`.
    #[cfg(not(any(target_arch = "mips", target_arch = "mips64")))]
    pub si_errno: i32,
    /// How the child changed state (`CLD_*`). MIPS puts it before `si_errno`.
    pub si_code: i32,
    /// Always 0 from `waitid`.
    #[cfg(any(target_arch = "mips", target_arch = "mips64"))]
    pub si_errno: i32,
    // The union that follows is aligned as a pointer: at 16 on 64-bit architectures (after this
    // padding), at 12 on 32-bit ones.
    _pad: [i32; SIGINFO_PAD],
    /// The child's pid.
    pub si_pid: i32,
    /// The child's real uid.
    pub si_uid: u32,
    /// The exit code or the signal, as `si_code` says.
    pub si_status: i32,
    // The rest of the 128 bytes (`si_utime`, `si_stime` and padding), which `waitid` does not
    // write.
    _rest: [i32; 26 - SIGINFO_PAD],
}

/// The `i32`s of padding before `siginfo_t`'s union: it is aligned as a pointer.
const SIGINFO_PAD: usize = if size_of::<usize>() == 8 { 1 } else { 0 };

impl Siginfo {
    /// All zero: what to pass to [`waitid`].
    pub const ZERO: Siginfo = Siginfo {
        si_signo: 0,
        si_errno: 0,
        si_code: 0,
        _pad: [0; SIGINFO_PAD],
        si_pid: 0,
        si_uid: 0,
        si_status: 0,
        _rest: [0; 26 - SIGINFO_PAD],
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
/// writing one [`KernelRusage`] (72 bytes on 32-bit architectures: see [`Rusage::from`]).
///
/// # References
///  - [`wait4(2)`](https://man7.org/linux/man-pages/man2/wait4.2.html)
#[inline]
pub unsafe fn wait4(
    pid: i32,
    status: *mut i32,
    options: i32,
    rusage: *mut KernelRusage,
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
/// for writing one [`KernelRusage`].
///
/// # References
///  - [`waitid(2)`](https://man7.org/linux/man-pages/man2/waitid.2.html)
#[inline]
pub unsafe fn waitid(
    idtype: i32,
    id: i32,
    info: *mut Siginfo,
    options: i32,
    rusage: *mut KernelRusage,
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

/// One wait4 for `pid` with `options`, its rusage as a [`Rusage`] (written in place on 64-bit
/// architectures, widened on 32-bit ones): `Ok(None)` when `WNOHANG` found no child that
/// changed state, else the child's pid, wait status and usage.
#[inline(always)]
pub(crate) fn wait4_usage(pid: i32, options: i32) -> Result<Option<(i32, i32, Rusage)>, Errno> {
    let mut status = 0i32;
    let mut usage = MaybeUninit::<Rusage>::uninit();
    let found = if RUSAGE_IS_KERNELS {
        // SAFETY: `status` and `usage` are locals, valid for writing an `i32` and a `Rusage`,
        // which has the layout of `KernelRusage` here.
        unsafe {
            wait4(
                pid,
                &mut status,
                options,
                usage.as_mut_ptr().cast::<KernelRusage>(),
            )
        }?
    } else {
        // Zeroed: initialised whether or not the kernel writes it (it does not when WNOHANG
        // finds no child), so that it can be widened either way.
        let mut kernel = KernelRusage::default();
        // SAFETY: `status` and `kernel` are locals, valid for writing an `i32` and a
        // `KernelRusage`.
        let found = unsafe { wait4(pid, &mut status, options, &mut kernel) }?;
        usage.write(Rusage::from(kernel));
        found
    };
    // SAFETY: a child was reported (found > 0), so the kernel wrote the whole `rusage` (on
    // 32-bit architectures, into `kernel`, widened into `usage`).
    Ok((found > 0).then(|| (found, status, unsafe { usage.assume_init() })))
}

/// One `waitid(P_PID, pid, &info, WEXITED | WNOWAIT, &usage)`: the terminated child's usage,
/// the child left a zombie.
#[cfg(feature = "std")]
#[inline(always)]
pub(crate) fn waitid_keeping_zombie(pid: i32) -> Result<Rusage, Errno> {
    let mut info = Siginfo::ZERO;
    let mut usage = MaybeUninit::<KernelRusage>::uninit();
    // SAFETY: `info` and `usage` are locals, valid for writing a `Siginfo` and a `KernelRusage`.
    unsafe { waitid(P_PID, pid, &mut info, WEXITED | WNOWAIT, usage.as_mut_ptr()) }?;
    // SAFETY: without WNOHANG, success means the child was found: the kernel wrote `usage`.
    Ok(Rusage::from(unsafe { usage.assume_init() }))
}
