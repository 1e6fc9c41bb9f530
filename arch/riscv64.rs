//! riscv64: system call numbers and the `ecall` instruction.
//!
//! A leaf module: it declares no child modules (it is loaded with `#[path]`, so a `mod child;`
//! here would resolve to `arch/child.rs`, shared by every architecture).
//!
//! # Safety
//!
//! The functions here execute `ecall` with the registers the RISC-V Linux system call ABI
//! defines: number in `a7`, arguments in `a0`-`a3`, result in `a0`. The kernel preserves every
//! other integer and floating-point register and never touches the user stack (`nostack`);
//! RISC-V has no flags register (`preserves_flags`). The kernel discards the vector state on
//! every system call (`Documentation/arch/riscv/vector.rst`): `v0`-`v31` are declared clobbered
//! in every build (see `syscall_asm!`). `vl`, `vtype` and `vstart` cannot be named in Rust's
//! `asm!`; LLVM treats them as clobbered by every inline assembly block. What the call does to
//! memory is up to the caller, who must pass pointers that are valid for the call being made.
#![allow(unsafe_code)]

use crate::errno::Numbering;
use crate::reg::Arg;
pub(crate) use crate::reg::NegErrnoRet as Ret;
use core::arch::asm;

/// `asm!` with `v0`-`v31` clobbered: the kernel discards the vector registers on every system
/// call, so code that keeps values in them must not keep them across one.
///
/// Declared in every build, not under `cfg(target_feature = "v")`: stable rustc never sets that
/// cfg (the feature is unstable), yet with `-C target-feature=+v` LLVM still keeps values in
/// `v8`-`v12` across a call it cannot see into. A real 6.12 kernel returned them as all ones,
/// and `getrusage(Who::Both)` reported `-1` page faults. Without the extension the clobbers cost
/// nothing: there is no vector code to spill.
macro_rules! syscall_asm {
    ($($body:tt)*) => {
        asm!(
            $($body)*
            out("v0") _, out("v1") _, out("v2") _, out("v3") _,
            out("v4") _, out("v5") _, out("v6") _, out("v7") _,
            out("v8") _, out("v9") _, out("v10") _, out("v11") _,
            out("v12") _, out("v13") _, out("v14") _, out("v15") _,
            out("v16") _, out("v17") _, out("v18") _, out("v19") _,
            out("v20") _, out("v21") _, out("v22") _, out("v23") _,
            out("v24") _, out("v25") _, out("v26") _, out("v27") _,
            out("v28") _, out("v29") _, out("v30") _, out("v31") _,
        )
    };
}

// The asm-generic table of system call numbers (`arch/asm_generic.rs`).
pub(crate) use crate::asm_generic::{self, *};

// `__ARCH_WANT_SET_GET_RLIMIT`: getrlimit and setrlimit, which the asm-generic table
// has only where an architecture asks for them.
syscall_numbers! {
    /// `__NR_getrlimit`: `unsigned long` limits, the same as `struct rlimit64` here.
    NR_GETRLIMIT = 163,
    /// `__NR_setrlimit`.
    NR_SETRLIMIT = 164,
}

/// The tables of numbers above: the asm-generic one and this file's.
pub(crate) const NUMBER_TABLES: &[&[(&str, u32)]] = &[asm_generic::NUMBERS, NUMBERS];

/// The system call behind `raw::getrlimit`: getrlimit itself.
pub(crate) const GETRLIMIT: Option<u32> = Some(NR_GETRLIMIT);
/// The system call behind `raw::setrlimit`.
pub(crate) const SETRLIMIT: Option<u32> = Some(NR_SETRLIMIT);
/// Whether the crate's `getrlimit` and `setrlimit` use prlimit64 rather than the getrlimit and
/// setrlimit system calls: no, those carry `struct rlimit64` here.
pub(crate) const LIMITS_THROUGH_PRLIMIT64: bool = false;

// The constants of the static tool (examples/prlimit-static), which makes every
// system call through this layer (`linux_resource::syscall`, feature `unstable-syscall`).
/// `TCGETS`.
#[cfg(feature = "unstable-syscall")]
pub(crate) const TCGETS: u32 = 0x5401;
/// `TIOCGWINSZ`.
#[cfg(feature = "unstable-syscall")]
pub(crate) const TIOCGWINSZ: u32 = 0x5413;
/// The `open` flags of the static `time`'s `-o FILE` (`<asm-generic/fcntl.h>`).
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_CREAT: u32 = 0x40;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_TRUNC: u32 = 0x200;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_APPEND: u32 = 0x400;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_LARGEFILE: u32 = 0x8000;
/// Whether clone takes the new stack pointer first and the flags second (s390 only,
/// `CONFIG_CLONE_BACKWARDS2`): not here.
#[cfg(feature = "unstable-syscall")]
pub(crate) const CLONE_BACKWARDS2: bool = false;

/// riscv64 Linux uses 4 KiB pages today, but the ISA allows larger ones: ask the kernel.
pub(crate) const FIXED_PAGE_SIZE: Option<usize> = None;

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

/// The kernel's `RLIM_INFINITY` in `struct rlimit` (getrlimit and setrlimit): all ones (`~0UL`), 2^64 - 1.
pub(crate) const KERNEL_RLIM_INFINITY: core::ffi::c_ulong = core::ffi::c_ulong::MAX;

/// `SIGCHLD`, the signal `fork` (`clone`) asks for at the child's exit.
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGCHLD: u32 = 17;

/// `_NSIG`: the kernel's signal sets hold 64 signals.
#[cfg(feature = "unstable-syscall")]
pub(crate) const _NSIG: u32 = 64;
/// The size of the kernel's `sigset_t` (`_NSIG` bits), which `rt_sigaction` requires as its
/// last argument (any other is `EINVAL`).
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGSET_SIZE: usize = _NSIG as usize / 8;
/// Where the handler is in the kernel's `struct sigaction`, as `rt_sigaction` reads it: first
/// (the flags and the signal set follow; no restorer here).
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGACTION_HANDLER_OFFSET: usize = 0;

/// A system call with one argument.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: u32, a0: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "ecall",
            in("a7") Arg::from_u32(nr).to_raw(),
            inlateout("a0") a0.to_raw() => ret,
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
            "ecall",
            in("a7") Arg::from_u32(nr).to_raw(),
            inlateout("a0") a0.to_raw() => ret,
            in("a1") a1.to_raw(),
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
            "ecall",
            in("a7") Arg::from_u32(nr).to_raw(),
            inlateout("a0") a0.to_raw() => ret,
            in("a1") a1.to_raw(),
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
            "ecall",
            in("a7") Arg::from_u32(nr).to_raw(),
            inlateout("a0") a0.to_raw() => ret,
            in("a1") a1.to_raw(),
            in("a2") a2.to_raw(),
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
            "ecall",
            in("a7") Arg::from_u32(nr).to_raw(),
            inlateout("a0") a0.to_raw() => ret,
            in("a1") a1.to_raw(),
            in("a2") a2.to_raw(),
            in("a3") a3.to_raw(),
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
            "ecall",
            in("a7") Arg::from_u32(nr).to_raw(),
            inlateout("a0") a0.to_raw() => ret,
            in("a1") a1.to_raw(),
            in("a2") a2.to_raw(),
            in("a3") a3.to_raw(),
            options(nostack, preserves_flags, readonly),
        );
    }
    Ret::new(ret)
}

/// A system call with five arguments; the fifth goes in `a4` (the kernel preserves it).
#[inline(always)]
pub(crate) unsafe fn syscall5(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "ecall",
            in("a7") Arg::from_u32(nr).to_raw(),
            inlateout("a0") a0.to_raw() => ret,
            in("a1") a1.to_raw(),
            in("a2") a2.to_raw(),
            in("a3") a3.to_raw(),
            in("a4") a4.to_raw(),
            options(nostack, preserves_flags),
        );
    }
    Ret::new(ret)
}
