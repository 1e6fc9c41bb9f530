//! x86_64: system call numbers and the `syscall` instruction.
//!
//! A leaf module: it declares no child modules (it is loaded with `#[path]`, so a `mod child;`
//! here would resolve to `arch/child.rs`, shared by every architecture).
//!
//! # Safety
//!
//! The functions here execute `syscall` with the registers the x86_64 Linux system call ABI
//! defines: number in `rax`, arguments in `rdi`, `rsi`, `rdx`, `r10`, result in `rax`. The
//! instruction itself overwrites `rcx` (return address) and `r11` (saved `rflags`), which are
//! declared clobbered; the kernel restores `rflags` from `r11` on return (`preserves_flags`) and
//! preserves every other register. The kernel never touches the user stack (`nostack`).
//! What the call does to memory is up to the caller, who must pass pointers that are valid for
//! the call being made.
#![allow(unsafe_code)]

use crate::reg::{Arg, Ret};
use core::arch::asm;

/// `__NR_getrlimit`.
pub(crate) const NR_GETRLIMIT: u32 = 97;
/// `__NR_setrlimit`.
pub(crate) const NR_SETRLIMIT: u32 = 160;
/// `__NR_getrusage`.
pub(crate) const NR_GETRUSAGE: u32 = 98;
/// `__NR_prlimit64`.
pub(crate) const NR_PRLIMIT64: u32 = 302;
/// `__NR_mprotect` (page-size probe).
pub(crate) const NR_MPROTECT: u32 = 10;
/// `__NR_openat` (reading `/proc/sys/fs/nr_open` on an error path).
pub(crate) const NR_OPENAT: u32 = 257;
/// `__NR_read`.
pub(crate) const NR_READ: u32 = 0;
/// `__NR_close`.
pub(crate) const NR_CLOSE: u32 = 3;
/// `__NR_wait4` (`wait_usage`).
pub(crate) const NR_WAIT4: u32 = 61;
/// `__NR_waitid` (`ChildExt::wait_with_usage`).
pub(crate) const NR_WAITID: u32 = 247;

/// x86_64 pages are always 4 KiB: no system call is needed to learn the page size.
pub(crate) const FIXED_PAGE_SIZE: Option<usize> = Some(4096);

/// A system call with one argument.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: u32, a0: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") Arg::from_u32(nr).to_raw() => ret,
            in("rdi") a0.to_raw(),
            lateout("rcx") _,
            lateout("r11") _,
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
        asm!(
            "syscall",
            inlateout("rax") Arg::from_u32(nr).to_raw() => ret,
            in("rdi") a0.to_raw(),
            in("rsi") a1.to_raw(),
            lateout("rcx") _,
            lateout("r11") _,
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
        asm!(
            "syscall",
            inlateout("rax") Arg::from_u32(nr).to_raw() => ret,
            in("rdi") a0.to_raw(),
            in("rsi") a1.to_raw(),
            lateout("rcx") _,
            lateout("r11") _,
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
        asm!(
            "syscall",
            inlateout("rax") Arg::from_u32(nr).to_raw() => ret,
            in("rdi") a0.to_raw(),
            in("rsi") a1.to_raw(),
            in("rdx") a2.to_raw(),
            lateout("rcx") _,
            lateout("r11") _,
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
        asm!(
            "syscall",
            inlateout("rax") Arg::from_u32(nr).to_raw() => ret,
            in("rdi") a0.to_raw(),
            in("rsi") a1.to_raw(),
            in("rdx") a2.to_raw(),
            in("r10") a3.to_raw(),
            lateout("rcx") _,
            lateout("r11") _,
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
        asm!(
            "syscall",
            inlateout("rax") Arg::from_u32(nr).to_raw() => ret,
            in("rdi") a0.to_raw(),
            in("rsi") a1.to_raw(),
            in("rdx") a2.to_raw(),
            in("r10") a3.to_raw(),
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack, preserves_flags, readonly),
        );
    }
    Ret::new(ret)
}

/// A system call with five arguments; the fifth goes in `r8` (the kernel preserves it).
#[inline(always)]
pub(crate) unsafe fn syscall5(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg) -> Ret {
    let ret: isize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") Arg::from_u32(nr).to_raw() => ret,
            in("rdi") a0.to_raw(),
            in("rsi") a1.to_raw(),
            in("rdx") a2.to_raw(),
            in("r10") a3.to_raw(),
            in("r8") a4.to_raw(),
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack, preserves_flags),
        );
    }
    Ret::new(ret)
}
