//! The bare system calls: raw numbers, raw pointers and the kernel's own structs in,
//! `Result<_, Errno>` out; and the facts of each architecture, stated here once.
//!
//! These are for callers and fuzzers that need exactly what the kernel does: no validation, no
//! typed errors, no conversion. The numbers are passed to the kernel unchanged (an out-of-range
//! resource or `who` gives `EINVAL`, as the kernel decides), and the structs are the kernel's
//! layout on this architecture: [`KernelRlimit`] (`struct rlimit`, two `unsigned long`s),
//! [`KernelRusage`] (`struct rusage`, of `long`s), and [`Rlimit`] for prlimit64's
//! `struct rlimit64`. Most code wants the functions at the crate root instead.
//!
//! # The architectures
//!
//! Each architecture is one file, `arch/<target_arch>.rs` (aarch64, riscv64 and loongarch64
//! take their system call numbers from the shared asm-generic table, `arch/asm_generic.rs`);
//! any other `target_arch` is a compile error. What differs among them:
//!
//! | `target_arch` | instruction | errors | [`getrlimit`] makes | the API's getrlimit, setrlimit | `long` | page size | numbering |
//! |---|---|---|---|---|---|---|---|
//! | `x86_64` | `syscall` | `-4095..=-1` | getrlimit | direct | 64 | 4096 | generic |
//! | `x86` | `int 0x80` | `-4095..=-1` | ugetrlimit | prlimit64 | 32 | 4096 | generic |
//! | `aarch64` | `svc 0` | `-4095..=-1` | getrlimit | direct | 64 | probed | generic |
//! | `arm` | `svc 0` | `-4095..=-1` | ugetrlimit | prlimit64 | 32 | 4096 | generic |
//! | `riscv64` | `ecall` | `-4095..=-1` | getrlimit | direct | 64 | probed | generic |
//! | `powerpc` | `sc` | `cr0.SO` | ugetrlimit | prlimit64 | 32 | probed | powerpc |
//! | `powerpc64` | `sc` | `cr0.SO` | ugetrlimit | direct | 64 | probed | powerpc |
//! | `s390x` | `svc 0` | `-4095..=-1` | getrlimit | direct | 64 | 4096 | generic |
//! | `loongarch64` | `syscall 0` | `-4095..=-1` | none | prlimit64 | 64 | probed | generic |
//! | `mips` | `syscall` | `a3` | getrlimit | prlimit64 | 32 | probed | mips |
//! | `mips64` | `syscall` | `a3` | getrlimit | prlimit64 | 64 | probed | mips |
//!
//! - **errors**: `-4095..=-1` in the result register is an errno, anything else success;
//!   powerpc sets `cr0.SO` and MIPS sets `a3` for an error, with a positive errno in the
//!   result register. Each arch file names its decoder (`Ret`).
//! - **[`getrlimit`] makes**: ugetrlimit where the kernel keeps an older getrlimit beside it
//!   that clamps limits to 2^31 - 1; none on loongarch64 (only prlimit64), where
//!   [`getrlimit`] and [`setrlimit`] return `ENOSYS` without entering the kernel.
//! - **the API's getrlimit, setrlimit** ([`LIMITS_THROUGH_PRLIMIT64`]): `direct` is
//!   [`getrlimit`] and [`setrlimit`] themselves, whose `struct rlimit` is `struct rlimit64`
//!   there; prlimit64 (pid 0) where that struct has 32-bit `unsigned long`s (x86, arm, powerpc,
//!   mips), where there is no getrlimit (loongarch64), and on mips64, whose getrlimit
//!   qemu-user misreads (it gives n64 o32's infinity), as glibc's `getrlimit64` does.
//! - **`long`**: the width of the kernel's `long`, and so of [`KernelRlimit`] and
//!   [`KernelRusage`] (144 bytes, or 72 on 32-bit). Where it is 32, the 72-byte
//!   `struct rusage` is widened into [`Rusage`] after the call, as musl and glibc do (there is
//!   no 64-bit getrusage there); where it is 64, the kernel writes straight into a [`Rusage`].
//!   A real 32-bit kernel stores any limit from 2^32 - 1 up as infinity.
//! - **page size**: `4096` where the architecture has no other; elsewhere
//!   [`crate::page_size`] asks the kernel (an `mprotect` probe), or takes `AT_PAGESZ` from
//!   [`crate::set_page_size_from_auxv`].
//! - **numbering**: of errnos and resources. `generic` is `<asm-generic/errno.h>` and
//!   `<asm-generic/resource.h>`; powerpc's `EDEADLOCK` is 58, its own error; MIPS numbers
//!   errnos from 35 up its own way (`ENOSYS` 89), and five resources (`NOFILE` 5, `AS` 6,
//!   `RSS` 7, `NPROC` 8, `MEMLOCK` 9), signals (`SIGCHLD` 18) and `siginfo_t` too. o32's
//!   `struct rlimit` infinity is `0x7fffffff` ([`KERNEL_RLIM_INFINITY`]); a 32-bit MIPS kernel
//!   keeps limits from 2^31 to 2^32 - 2 as themselves, above its infinity.
//!
//! `tests/abi` checks every row against the arch files and, on each architecture, against
//! what is compiled there; the numbers are checked against the kernel headers.
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
use core::mem::size_of;

/// The number [`getrlimit`] passes to the kernel on this architecture: `__NR_getrlimit`, or
/// `__NR_ugetrlimit` where the kernel keeps an older, clamping getrlimit beside it; `None` on
/// loongarch64, which has neither (see the table above).
pub const GETRLIMIT: Option<u32> = arch::GETRLIMIT;
/// The number [`setrlimit`] passes to the kernel: `__NR_setrlimit`; `None` on loongarch64.
pub const SETRLIMIT: Option<u32> = arch::SETRLIMIT;
/// `__NR_getrusage` on this architecture.
pub const NR_GETRUSAGE: u32 = arch::NR_GETRUSAGE;
/// `__NR_prlimit64` on this architecture.
pub const NR_PRLIMIT64: u32 = arch::NR_PRLIMIT64;
/// `__NR_wait4` on this architecture.
pub const NR_WAIT4: u32 = arch::NR_WAIT4;
/// `__NR_waitid` on this architecture.
pub const NR_WAITID: u32 = arch::NR_WAITID;
/// `__NR_capget` on this architecture.
pub const NR_CAPGET: u32 = arch::NR_CAPGET;
/// Whether the crate's [`crate::getrlimit`] and [`crate::setrlimit`] make the prlimit64 system
/// call (pid 0) rather than [`getrlimit`] and [`setrlimit`] (the table above says where, and
/// why).
pub const LIMITS_THROUGH_PRLIMIT64: bool = arch::LIMITS_THROUGH_PRLIMIT64;

/// Every system call number the crate knows on this architecture, by its name in the arch
/// file (`NR_PRLIMIT64`), table by table: for the tests, which compare each with the kernel
/// headers, linux-raw-sys and the `syscalls` crate. Not part of the API.
#[doc(hidden)]
pub const SYSCALL_NUMBERS: &[&[(&str, u32)]] = arch::NUMBER_TABLES;

/// The kernel's `RLIM_INFINITY` in a [`KernelRlimit`] on this architecture: all ones
/// (`c_ulong::MAX`: 2^64 - 1 on 64-bit architectures, 2^32 - 1 on 32-bit ones), except on
/// mips (o32), where it is `0x7fff_ffff`. The crate's API has one infinity on every
/// architecture, [`crate::RLIM_INFINITY`] (`u64::MAX`), which is also prlimit64's.
pub const KERNEL_RLIM_INFINITY: c_ulong = arch::KERNEL_RLIM_INFINITY;

/// The kernel's `struct rlimit` on this architecture, which getrlimit and setrlimit take: two
/// `unsigned long`s. 16 bytes on 64-bit architectures (the layout of [`Rlimit`]); 8 on 32-bit
/// ones, where every limit from [`KERNEL_RLIM_INFINITY`] up reads as infinity.
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
/// 144 bytes on 64-bit architectures (the layout of [`Rusage`]), 72 on 32-bit ones. There
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

/// `getrlimit(resource, old)`: the getrlimit system call (ugetrlimit where the kernel keeps an
/// older getrlimit beside it: [`GETRLIMIT`], and the table above).
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

/// `_LINUX_CAPABILITY_VERSION_3`: the version of [`CapUserHeader`] that takes two
/// [`CapUserData`] (capabilities 0 to 31, then 32 to 63).
pub const LINUX_CAPABILITY_VERSION_3: u32 = 0x2008_0522;
/// `CAP_SYS_RESOURCE`: the capability that raising a hard limit needs (bit 24 of the first
/// [`CapUserData`]).
pub const CAP_SYS_RESOURCE: u32 = 24;

/// The kernel's `struct __user_cap_header_struct`, which [`capget`] takes.
///
/// # References
///  - [`capget(2)`](https://man7.org/linux/man-pages/man2/capget.2.html)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct CapUserHeader {
    /// [`LINUX_CAPABILITY_VERSION_3`]; the kernel writes its preferred version here when it
    /// refuses the one given (`EINVAL`).
    pub version: u32,
    /// The process, 0 for the caller.
    pub pid: i32,
}

/// The kernel's `struct __user_cap_data_struct`: one 32-bit word of each capability set.
///
/// # References
///  - [`capget(2)`](https://man7.org/linux/man-pages/man2/capget.2.html)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct CapUserData {
    /// The effective set: what the kernel checks.
    pub effective: u32,
    /// The permitted set.
    pub permitted: u32,
    /// The inheritable set.
    pub inheritable: u32,
}

/// `capget(header, data)`: the capget system call. Reads the capability sets of the process
/// `header.pid` (0: the caller) into `data`: two [`CapUserData`] for
/// [`LINUX_CAPABILITY_VERSION_3`].
///
/// # Safety
///
/// `header` must be valid for reading and writing one [`CapUserHeader`]; `data` must be null
/// or valid for writing as many [`CapUserData`] as `header.version` asks for (two for version
/// 3).
///
/// # References
///  - [`capget(2)`](https://man7.org/linux/man-pages/man2/capget.2.html)
#[inline]
pub unsafe fn capget(header: *mut CapUserHeader, data: *mut CapUserData) -> Result<(), Errno> {
    // SAFETY: the kernel reads and may write `header`, and writes `data` when it is not null;
    // the caller guarantees both are valid for that.
    unsafe {
        arch::syscall2(
            arch::NR_CAPGET,
            Arg::from_mut_ptr(header),
            Arg::from_mut_ptr(data),
        )
    }
    .decode_unit()
}
