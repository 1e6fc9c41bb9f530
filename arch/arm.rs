//! arm (EABI, 32-bit: ARMv5TE, ARMv6, ARMv7): system call numbers and the `svc 0` instruction.
//!
//! Every instruction here is valid from ARMv5TE on (`svc 0`, register moves; no `movw`/`movt`,
//! barriers or exclusives): the armv5te suite runs on an emulated ARM926EJ-S, and `.ci/test`
//! checks that the library's code in the ARMv5TE and ARMv6 builds holds nothing newer.
//!
//! A leaf module: it declares no child modules (it is loaded with `#[path]`, so a `mod child;`
//! here would resolve to `arch/child.rs`, shared by every architecture).
//!
//! # Safety
//!
//! The functions here execute `svc 0` with the registers the ARM EABI Linux system call ABI
//! defines: number in `r7`, arguments in `r0`-`r4`, result in `r0`. The kernel preserves every
//! other register, the VFP/NEON registers and the `CPSR` flags (`preserves_flags`), and never
//! touches the user stack (`nostack`). What the call does to memory is up to the caller, who
//! must pass pointers that are valid for the call being made.
//!
//! # Thumb
//!
//! In Thumb code (`thumbv7neon-unknown-linux-gnueabihf`, or armv7 with
//! `-C target-feature=+thumb-mode`) `r7` is the frame pointer, which `asm!` may not name. There
//! the crate is built with `cfg(thumb_mode)` (build.rs asks the compiler whether `r7` can be
//! named: stable rustc sets no `target_feature = "thumb-mode"` cfg), and `syscall_asm!` puts
//! the number in `r7` itself, as rustix and the `syscalls` crate do: it copies `r7` to a
//! register of its own, moves the number in, executes `svc 0` and moves `r7` back. Every
//! `mov` there is a register move that leaves the flags alone (not `movs`), so
//! `preserves_flags` still holds. Between the `svc` and the restore, and while the kernel runs
//! the call, `r7` holds the number: a frame-pointer unwinder that samples the thread there (a
//! profiler's signal) sees a broken chain for that instant; the code around it never does.
//!
//! 32-bit: `struct rlimit` holds `unsigned long`s of 32 bits and `struct rusage` `long`s of 32
//! bits, so the crate's getrlimit and setrlimit use prlimit64, and getrusage widens the
//! kernel's struct (src/raw.rs).
#![allow(unsafe_code)]

use crate::errno::Numbering;
use crate::reg::Arg;
pub(crate) use crate::reg::NegErrnoRet as Ret;
use core::arch::asm;

/// `asm!` for `svc 0`, which changes no register but `r0`: nothing to add.
#[cfg(not(thumb_mode))]
macro_rules! syscall_asm {
    ($($body:tt)*) => {
        asm!($($body)*)
    };
}

/// `asm!` for `svc 0` in Thumb code, where `r7` (the frame pointer) cannot be an operand: the
/// number comes in any register, `r7` is saved in another, which is an early-clobber output
/// (`out`, not `lateout`: never one of the inputs), and restored right after the call. The
/// wrappers are the ARM ones; only their `in("r7")` is taken apart here.
#[cfg(thumb_mode)]
macro_rules! syscall_asm {
    ("svc 0", in("r7") $nr:expr, $($rest:tt)*) => {
        asm!(
            "mov {saved}, r7",
            "mov r7, {nr}",
            "svc 0",
            "mov r7, {saved}",
            nr = in(reg) $nr,
            saved = out(reg) _,
            $($rest)*
        )
    };
}

// The system call numbers, under the kernel's names (`<asm/unistd.h>`).
syscall_numbers! {
    /// `__NR_ugetrlimit`: getrlimit with `unsigned long` limits (EABI has no other getrlimit).
    NR_UGETRLIMIT = 191,
    /// `__NR_setrlimit`.
    NR_SETRLIMIT = 75,
    /// `__NR_getrusage`.
    NR_GETRUSAGE = 77,
    /// `__NR_prlimit64`.
    NR_PRLIMIT64 = 369,
    /// `__NR_mprotect` (page-size probe).
    NR_MPROTECT = 125,
    /// `__NR_openat` (reading `/proc/sys/fs/nr_open` on an error path).
    NR_OPENAT = 322,
    /// `__NR_read`.
    NR_READ = 3,
    /// `__NR_close`.
    NR_CLOSE = 6,
    /// `__NR_wait4` (`wait_usage`).
    NR_WAIT4 = 114,
    /// `__NR_waitid` (`ChildExt::wait_with_usage`).
    NR_WAITID = 280,
    /// `__NR_capget` (`apply_limits`: may the caller raise a hard limit?).
    NR_CAPGET = 184,
    /// `__NR_write`.
    NR_WRITE = 4,
    /// `__NR_ioctl`.
    NR_IOCTL = 54,
    /// `__NR_rt_sigaction`.
    NR_RT_SIGACTION = 174,
    /// `__NR_getpid`.
    NR_GETPID = 20,
    /// `__NR_clone`.
    NR_CLONE = 120,
    /// `__NR_execve`.
    NR_EXECVE = 11,
    /// `__NR_exit_group`.
    NR_EXIT_GROUP = 248,
    /// `__NR_clock_gettime` (the static `time`'s elapsed time).
    NR_CLOCK_GETTIME = 263,
    /// `__NR_clock_gettime64`: `clock_gettime` with a 64-bit `struct __kernel_timespec` (Linux
    /// 5.1), the only one a kernel built without `COMPAT_32BIT_TIME` has.
    NR_CLOCK_GETTIME64 = 403,
}

/// The table of numbers above.
pub(crate) const NUMBER_TABLES: &[&[(&str, u32)]] = &[NUMBERS];

/// The system call behind `raw::getrlimit`: ugetrlimit.
pub(crate) const GETRLIMIT: Option<u32> = Some(NR_UGETRLIMIT);
/// The system call behind `raw::setrlimit`.
pub(crate) const SETRLIMIT: Option<u32> = Some(NR_SETRLIMIT);
/// Whether the crate's `getrlimit` and `setrlimit` use prlimit64 rather than the getrlimit and
/// setrlimit system calls: yes, their `struct rlimit` has 32-bit limits.
pub(crate) const LIMITS_THROUGH_PRLIMIT64: bool = true;

// The constants of the static tool (examples/prlimit-static), which makes every
// system call through this layer (`linux_resource::syscall`, feature `unstable-syscall`).
/// `TCGETS`.
#[cfg(feature = "unstable-syscall")]
pub(crate) const TCGETS: u32 = 0x5401;
/// `TIOCGWINSZ`.
#[cfg(feature = "unstable-syscall")]
pub(crate) const TIOCGWINSZ: u32 = 0x5413;
/// The `open` flags of the static `time`'s `-o FILE` (generic but `O_LARGEFILE`).
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_CREAT: u32 = 0x40;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_TRUNC: u32 = 0x200;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_APPEND: u32 = 0x400;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_LARGEFILE: u32 = 0x20000;
/// Whether clone takes the new stack pointer first and the flags second (s390 only,
/// `CONFIG_CLONE_BACKWARDS2`): not here.
#[cfg(feature = "unstable-syscall")]
pub(crate) const CLONE_BACKWARDS2: bool = false;

/// 32-bit ARM Linux always uses 4 KiB pages (`PAGE_SHIFT` 12): no system call is needed.
pub(crate) const FIXED_PAGE_SIZE: Option<usize> = Some(4096);

/// The errno numbers of `<asm-generic/errno.h>`.
pub(crate) const ERRNO_NUMBERING: Numbering = Numbering::Generic;

/// The signal numbers of `<asm-generic/signal.h>` (the names in messages).
pub(crate) const SIGNAL_NUMBERING: crate::signal::Numbering = crate::signal::Numbering::Generic;

// The resources whose numbers differ among architectures (`<asm-generic/resource.h>` here;
// MIPS has its own): src/resource.rs takes them from here, and the header checks read them.
/// `RLIMIT_RSS`.
pub(crate) const RLIMIT_RSS: u32 = 5;
/// `RLIMIT_NPROC`.
pub(crate) const RLIMIT_NPROC: u32 = 6;
/// `RLIMIT_NOFILE`.
pub(crate) const RLIMIT_NOFILE: u32 = 7;
/// `RLIMIT_MEMLOCK`.
pub(crate) const RLIMIT_MEMLOCK: u32 = 8;
/// `RLIMIT_AS`.
pub(crate) const RLIMIT_AS: u32 = 9;

/// The kernel's `RLIM_INFINITY` in `struct rlimit` (getrlimit and setrlimit): all ones (`~0UL`), 2^32 - 1: every limit from there up reads as infinity.
pub(crate) const KERNEL_RLIM_INFINITY: core::ffi::c_ulong = core::ffi::c_ulong::MAX;

/// `SIGCHLD`, the signal `fork` (`clone`) asks for at the child's exit.
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGCHLD: u32 = 17;

/// The size of the kernel's `sigset_t`, which `rt_sigaction` requires as its last argument
/// (any other is `EINVAL`): 64 signals, 8 bytes. (The kernel's own `_NSIG` is 64; the uapi
/// `<asm/signal.h>` shows user space only the old 32-signal `NSIG`, so no header names it.)
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGSET_SIZE: usize = 8;
/// Where the handler is in the kernel's `struct sigaction`, as `rt_sigaction` reads it: first
/// (the flags, the restorer and the signal set follow).
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGACTION_HANDLER_OFFSET: usize = 0;

/// A system call with one argument.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: u32, a0: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "svc 0",
            in("r7") Arg::from_u32(nr).to_raw(),
            inlateout("r0") a0.to_raw() => ret,
            options(nostack, preserves_flags),
        );
    }
    Ret::new(ret)
}

/// A system call with two arguments.
#[inline(always)]
pub(crate) unsafe fn syscall2(nr: u32, a0: Arg, a1: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "svc 0",
            in("r7") Arg::from_u32(nr).to_raw(),
            inlateout("r0") a0.to_raw() => ret,
            in("r1") a1.to_raw(),
            options(nostack, preserves_flags),
        );
    }
    Ret::new(ret)
}

/// A system call with two arguments that only reads user memory.
#[inline(always)]
pub(crate) unsafe fn syscall2_readonly(nr: u32, a0: Arg, a1: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; the caller guarantees the kernel only reads memory.
    unsafe {
        syscall_asm!(
            "svc 0",
            in("r7") Arg::from_u32(nr).to_raw(),
            inlateout("r0") a0.to_raw() => ret,
            in("r1") a1.to_raw(),
            options(nostack, preserves_flags, readonly),
        );
    }
    Ret::new(ret)
}

/// A system call with three arguments.
#[inline(always)]
pub(crate) unsafe fn syscall3(nr: u32, a0: Arg, a1: Arg, a2: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "svc 0",
            in("r7") Arg::from_u32(nr).to_raw(),
            inlateout("r0") a0.to_raw() => ret,
            in("r1") a1.to_raw(),
            in("r2") a2.to_raw(),
            options(nostack, preserves_flags),
        );
    }
    Ret::new(ret)
}

/// A system call with four arguments.
#[inline(always)]
pub(crate) unsafe fn syscall4(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "svc 0",
            in("r7") Arg::from_u32(nr).to_raw(),
            inlateout("r0") a0.to_raw() => ret,
            in("r1") a1.to_raw(),
            in("r2") a2.to_raw(),
            in("r3") a3.to_raw(),
            options(nostack, preserves_flags),
        );
    }
    Ret::new(ret)
}

/// A system call with four arguments that only reads user memory.
#[inline(always)]
pub(crate) unsafe fn syscall4_readonly(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; the caller guarantees the kernel only reads memory.
    unsafe {
        syscall_asm!(
            "svc 0",
            in("r7") Arg::from_u32(nr).to_raw(),
            inlateout("r0") a0.to_raw() => ret,
            in("r1") a1.to_raw(),
            in("r2") a2.to_raw(),
            in("r3") a3.to_raw(),
            options(nostack, preserves_flags, readonly),
        );
    }
    Ret::new(ret)
}

/// A system call with five arguments; the fifth goes in `r4` (the kernel preserves it).
#[inline(always)]
pub(crate) unsafe fn syscall5(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "svc 0",
            in("r7") Arg::from_u32(nr).to_raw(),
            inlateout("r0") a0.to_raw() => ret,
            in("r1") a1.to_raw(),
            in("r2") a2.to_raw(),
            in("r3") a3.to_raw(),
            in("r4") a4.to_raw(),
            options(nostack, preserves_flags),
        );
    }
    Ret::new(ret)
}
