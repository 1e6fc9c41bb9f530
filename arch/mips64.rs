//! mips64 (the n64 ABI, 64-bit: mips64el and big-endian mips64): system call numbers, the
//! `syscall` instruction, and its error convention.
//!
//! Both byte orders: the numbers, registers and structs are the same (the kernel headers of
//! either gcc agree, tests/abi), and nothing here reads memory in a byte order (values travel in
//! registers; the structs are read field by field).
//!
//! A leaf module: it declares no child modules (it is loaded with `#[path]`, so a `mod child;`
//! here would resolve to `arch/child.rs`, shared by every architecture).
//!
//! # Safety
//!
//! The functions here execute `syscall` with the registers the n64 Linux system call ABI
//! defines (the kernel's `arch/mips/kernel/scall64-n64.S`; musl's and rustix's wrappers agree):
//! - the number in `$2` (`v0`), the result in `$2`;
//! - arguments in `$4`-`$11` (`a0`-`a7`): no argument goes on the stack (`nostack`);
//! - `$7` (`a3`) comes back as the error flag: non-zero when `$2` holds a positive errno, zero
//!   when it holds the result ([`Ret`] decodes the pair). Every wrapper declares it an output;
//! - the kernel's return path (`RESTORE_SOME`) does not restore `$10`-`$11` (`a6`, `a7`),
//!   the temporaries `$12`-`$15` (`t0`-`t3`) and `$24` (`t8`). It restores `$3` (`v1`),
//!   `$8`-`$9` (`a4`, `a5`) and `$25` (`t9`), but a few calls write `v1` as a second result
//!   (`pipe`): all of them are declared clobbered, as rustix does (each wrapper declares `$8`,
//!   passing the fifth argument there or not; `syscall_asm!` the others);
//! - it preserves `$4`-`$6` (it restarts an interrupted call with them), `$16`-`$23`
//!   (`s0`-`s7`), `$28`-`$31`, `hi` and `lo` (its entry saves them and `RESTORE_SOME`
//!   restores them: `asm!` has no name for `hi` and `lo`) and
//!   the floating-point registers;
//! - `$1` (`at`) is not restored either, and `asm!` cannot name it: `syscall_asm!` saves and
//!   restores it around the call. `$26`-`$27` (`k0`, `k1`) are the kernel's and never hold
//!   the compiler's values.
//!
//! The number goes in `$2` as an input of the `syscall` block itself: since Linux 2.6.36 the
//! kernel restarts an interrupted call by restoring `$2` (and `$7`) and executing `syscall`
//! again, so no `li $2, NR` has to come right before it. MIPS has no flags register
//! (`preserves_flags`). What the call does to memory is up to the caller, who must pass
//! pointers that are valid for the call being made.
//!
//! 64-bit: `struct rlimit` is `struct rlimit64` and its `RLIM_INFINITY` is all ones, as the
//! API's, so getrlimit and setrlimit write and read an `Rlimit` directly.
//!
//! MIPS numbers its resources (`RLIMIT_NOFILE` is 5), its errors (`ENOSYS` is 89) and some
//! signals (`SIGCHLD` is 18) its own way: the constants below say so.
#![allow(unsafe_code)]

use crate::errno::Numbering;
use crate::reg::Arg;
pub(crate) use crate::reg::ErrorFlagRet as Ret;
use core::arch::asm;

/// `asm!` around the wrapper's instructions (the templates, then `;`, then the operands), with `$3` (`v1`), `$9`-`$15` (`a5`-`a7`,
/// `t0`-`t3`) and `$24`-`$25` (`t8`, `t9`) clobbered: the registers the kernel may change that no wrapper passes an argument in.
///
/// And `$1` (`at`), which the kernel's return path does not restore either, but which `asm!`
/// cannot name (rustc reserves it for the assembler) while LLVM does allocate values to it: it
/// is copied to a register of the compiler's choosing before the call and back after it. That
/// register is one the kernel preserves (`s0`-`s7`: every other one is an operand here), or
/// `$1` itself, which is then an output of this block and holds no value of the compiler's
/// across it. (LLVM picks `$1`: the two moves are `move $1, $1`, and the block declares `$1`
/// overwritten, which is what is needed.)
macro_rules! syscall_asm {
    ($($template:literal),+; $($operands:tt)*) => {
        asm!(
            ".set noat",
            "move {at_save}, $1",
            $($template,)+
            "move $1, {at_save}",
            ".set at",
            at_save = out(reg) _,
            $($operands)*
            lateout("$3") _,
            lateout("$9") _,
            lateout("$10") _,
            lateout("$11") _,
            lateout("$12") _,
            lateout("$13") _,
            lateout("$14") _,
            lateout("$15") _,
            lateout("$24") _,
            lateout("$25") _,
        )
    };
}

// The system call numbers, under the kernel's names (`<asm/unistd.h>`).
syscall_numbers! {
    /// `__NR_getrlimit` (n64 numbers start at 5000).
    NR_GETRLIMIT = 5095,
    /// `__NR_setrlimit`.
    NR_SETRLIMIT = 5155,
    /// `__NR_getrusage`.
    NR_GETRUSAGE = 5096,
    /// `__NR_prlimit64`.
    NR_PRLIMIT64 = 5297,
    /// `__NR_mprotect` (page-size probe).
    NR_MPROTECT = 5010,
    /// `__NR_openat` (reading `/proc/sys/fs/nr_open` on an error path).
    NR_OPENAT = 5247,
    /// `__NR_read`.
    NR_READ = 5000,
    /// `__NR_close`.
    NR_CLOSE = 5003,
    /// `__NR_wait4` (`wait_usage`).
    NR_WAIT4 = 5059,
    /// `__NR_waitid` (`ChildExt::wait_with_usage`).
    NR_WAITID = 5237,
    /// `__NR_capget` (`apply_limits`: may the caller raise a hard limit?).
    NR_CAPGET = 5123,
    /// `__NR_write`.
    NR_WRITE = 5001,
    /// `__NR_ioctl`.
    NR_IOCTL = 5015,
    /// `__NR_rt_sigaction`.
    NR_RT_SIGACTION = 5013,
    /// `__NR_getpid`.
    NR_GETPID = 5038,
    /// `__NR_clone`.
    NR_CLONE = 5055,
    /// `__NR_execve`.
    NR_EXECVE = 5057,
    /// `__NR_exit_group`.
    NR_EXIT_GROUP = 5205,
    /// `__NR_clock_gettime` (the static `time`'s elapsed time).
    NR_CLOCK_GETTIME = 5222,
}

/// The table of numbers above.
pub(crate) const NUMBER_TABLES: &[&[(&str, u32)]] = &[NUMBERS];

/// The system call behind `raw::getrlimit`.
pub(crate) const GETRLIMIT: Option<u32> = Some(NR_GETRLIMIT);
/// The system call behind `raw::setrlimit`.
pub(crate) const SETRLIMIT: Option<u32> = Some(NR_SETRLIMIT);
/// Whether the crate's `getrlimit` and `setrlimit` use prlimit64 rather than the getrlimit and
/// setrlimit system calls: yes. On a kernel, n64's getrlimit carries `struct rlimit64` with
/// all ones for infinity; but qemu-user (7.2 here) gives every MIPS ABI o32's `0x7fffffff`
/// there (its `TARGET_RLIM_INFINITY`), so a program under `qemu-mips64el` or `qemu-mips64`
/// would read infinity as a finite limit. prlimit64 has one infinity under both.
pub(crate) const LIMITS_THROUGH_PRLIMIT64: bool = true;

// The constants of the static tool (examples/prlimit-static), which makes every
// system call through this layer (`linux_resource::syscall`, feature `unstable-syscall`).
/// `TCGETS` (MIPS's own: `0x540d`).
#[cfg(feature = "unstable-syscall")]
pub(crate) const TCGETS: u32 = 0x540d;
/// `TIOCGWINSZ` (MIPS's own: `_IOR('t', 104, struct winsize)`).
#[cfg(feature = "unstable-syscall")]
pub(crate) const TIOCGWINSZ: u32 = 0x4008_7468;
/// The `open` flags of the static `time`'s `-o FILE` (MIPS's own).
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_CREAT: u32 = 0x100;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_TRUNC: u32 = 0x200;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_APPEND: u32 = 0x8;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_LARGEFILE: u32 = 0x2000;
/// Whether clone takes the new stack pointer first and the flags second (s390 only,
/// `CONFIG_CLONE_BACKWARDS2`): not here.
#[cfg(feature = "unstable-syscall")]
pub(crate) const CLONE_BACKWARDS2: bool = false;

/// MIPS kernels use 4, 16 or 64 KiB pages (`CONFIG_PAGE_SIZE_*`): probed.
pub(crate) const FIXED_PAGE_SIZE: Option<usize> = None;

/// MIPS's own errno numbers (`arch/mips/include/uapi/asm/errno.h`).
pub(crate) const ERRNO_NUMBERING: Numbering = Numbering::Mips;

/// The signal numbers of MIPS (the names in messages).
pub(crate) const SIGNAL_NUMBERING: crate::signal::Numbering = crate::signal::Numbering::Mips;

// The resources whose numbers differ among architectures: MIPS's own
// (`arch/mips/include/uapi/asm/resource.h`). src/resource.rs takes them from here, and the
// header checks read them.
/// `RLIMIT_RSS`.
pub(crate) const RLIMIT_RSS: u32 = 7;
/// `RLIMIT_NPROC`.
pub(crate) const RLIMIT_NPROC: u32 = 8;
/// `RLIMIT_NOFILE`.
pub(crate) const RLIMIT_NOFILE: u32 = 5;
/// `RLIMIT_MEMLOCK`.
pub(crate) const RLIMIT_MEMLOCK: u32 = 9;
/// `RLIMIT_AS`.
pub(crate) const RLIMIT_AS: u32 = 6;

/// The kernel's `RLIM_INFINITY` in `struct rlimit` (getrlimit and setrlimit): all ones
/// (`~0UL`), 2^64 - 1 (o32's `0x7fffffff` is not n64's).
pub(crate) const KERNEL_RLIM_INFINITY: core::ffi::c_ulong = core::ffi::c_ulong::MAX;

/// `SIGCHLD`, the signal `fork` (`clone`) asks for at the child's exit: 18 on MIPS (17
/// elsewhere).
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGCHLD: u32 = 18;

/// `_NSIG`: MIPS's signal sets hold 128 signals (64 elsewhere).
#[cfg(feature = "unstable-syscall")]
pub(crate) const _NSIG: u32 = 128;
/// The size of the kernel's `sigset_t` (`_NSIG` bits: 16 bytes), which `rt_sigaction` requires
/// as its last argument (any other is `EINVAL`).
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGSET_SIZE: usize = _NSIG as usize / 8;
/// Where the handler is in the kernel's `struct sigaction`, as `rt_sigaction` reads it: MIPS's
/// (`__ARCH_HAS_IRIX_SIGACTION`, `arch/mips/include/uapi/asm/signal.h`) starts with the
/// `unsigned int` flags, then the handler at pointer alignment, then the signal set; no
/// restorer.
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGACTION_HANDLER_OFFSET: usize = 8;

/// A system call with one argument.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: u32, a0: Arg) -> Ret {
    let value: usize;
    let error: usize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "syscall";
            inlateout("$2") Arg::from_u32(nr).to_raw() => value,
            in("$4") a0.to_raw(),
            lateout("$7") error,
            lateout("$8") _,
            options(nostack, preserves_flags),
        );
    }
    Ret::new(value, error)
}

/// A system call with two arguments.
#[inline(always)]
pub(crate) unsafe fn syscall2(nr: u32, a0: Arg, a1: Arg) -> Ret {
    let value: usize;
    let error: usize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "syscall";
            inlateout("$2") Arg::from_u32(nr).to_raw() => value,
            in("$4") a0.to_raw(),
            in("$5") a1.to_raw(),
            lateout("$7") error,
            lateout("$8") _,
            options(nostack, preserves_flags),
        );
    }
    Ret::new(value, error)
}

/// A system call with two arguments that only reads user memory.
#[inline(always)]
pub(crate) unsafe fn syscall2_readonly(nr: u32, a0: Arg, a1: Arg) -> Ret {
    let value: usize;
    let error: usize;
    // SAFETY: registers as the ABI above; the caller guarantees the kernel only reads memory.
    unsafe {
        syscall_asm!(
            "syscall";
            inlateout("$2") Arg::from_u32(nr).to_raw() => value,
            in("$4") a0.to_raw(),
            in("$5") a1.to_raw(),
            lateout("$7") error,
            lateout("$8") _,
            options(nostack, preserves_flags, readonly),
        );
    }
    Ret::new(value, error)
}

/// A system call with three arguments.
#[inline(always)]
pub(crate) unsafe fn syscall3(nr: u32, a0: Arg, a1: Arg, a2: Arg) -> Ret {
    let value: usize;
    let error: usize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "syscall";
            inlateout("$2") Arg::from_u32(nr).to_raw() => value,
            in("$4") a0.to_raw(),
            in("$5") a1.to_raw(),
            in("$6") a2.to_raw(),
            lateout("$7") error,
            lateout("$8") _,
            options(nostack, preserves_flags),
        );
    }
    Ret::new(value, error)
}

/// A system call with four arguments.
#[inline(always)]
pub(crate) unsafe fn syscall4(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg) -> Ret {
    let value: usize;
    let error: usize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "syscall";
            inlateout("$2") Arg::from_u32(nr).to_raw() => value,
            in("$4") a0.to_raw(),
            in("$5") a1.to_raw(),
            in("$6") a2.to_raw(),
            inlateout("$7") a3.to_raw() => error,
            lateout("$8") _,
            options(nostack, preserves_flags),
        );
    }
    Ret::new(value, error)
}

/// A system call with four arguments that only reads user memory.
#[inline(always)]
pub(crate) unsafe fn syscall4_readonly(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg) -> Ret {
    let value: usize;
    let error: usize;
    // SAFETY: registers as the ABI above; the caller guarantees the kernel only reads memory.
    unsafe {
        syscall_asm!(
            "syscall";
            inlateout("$2") Arg::from_u32(nr).to_raw() => value,
            in("$4") a0.to_raw(),
            in("$5") a1.to_raw(),
            in("$6") a2.to_raw(),
            inlateout("$7") a3.to_raw() => error,
            lateout("$8") _,
            options(nostack, preserves_flags, readonly),
        );
    }
    Ret::new(value, error)
}

/// A system call with five arguments; the fifth goes in `$8` (`a4`), which the kernel may change.
#[inline(always)]
pub(crate) unsafe fn syscall5(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg) -> Ret {
    let value: usize;
    let error: usize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "syscall";
            inlateout("$2") Arg::from_u32(nr).to_raw() => value,
            in("$4") a0.to_raw(),
            in("$5") a1.to_raw(),
            in("$6") a2.to_raw(),
            inlateout("$7") a3.to_raw() => error,
            inlateout("$8") a4.to_raw() => _,
            options(nostack, preserves_flags),
        );
    }
    Ret::new(value, error)
}
