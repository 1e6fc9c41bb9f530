//! The floor: the bare `syscall` instruction, with nothing around it but the register setup.
//!
//! The same `asm!` operands and options as the library's `arch/x86_64.rs` (and rustix's): the
//! number in `rax`, arguments in `rdi`, `rsi`, `rdx`, `r10`, `rcx` and `r11` clobbered,
//! `nostack, preserves_flags`, plus `readonly` where the kernel only reads user memory. No
//! decoding of the return value: the caller gets the raw `rax`.

use core::arch::asm;

/// `__NR_getrlimit` on x86_64.
pub const NR_GETRLIMIT: usize = 97;
/// `__NR_getrusage` on x86_64.
pub const NR_GETRUSAGE: usize = 98;
/// `__NR_setrlimit` on x86_64.
pub const NR_SETRLIMIT: usize = 160;
/// `__NR_prlimit64` on x86_64.
pub const NR_PRLIMIT64: usize = 302;

/// A number no x86_64 kernel gives a system call: the kernel answers `-ENOSYS` at once.
pub const NR_NONE: usize = 1000;

/// A system call with two arguments.
///
/// # Safety
///
/// The arguments must be valid for the call `nr` (pointers the kernel writes must be writable).
#[inline(always)]
pub unsafe fn syscall2(nr: usize, a0: usize, a1: usize) -> isize {
    let ret: isize;
    // SAFETY: the x86_64 Linux syscall ABI; the memory the call touches is the caller's contract.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr as isize => ret,
            in("rdi") a0,
            in("rsi") a1,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A system call with two arguments that only reads user memory.
///
/// # Safety
///
/// As [`syscall2`], and the kernel must only read user memory in call `nr`.
#[inline(always)]
pub unsafe fn syscall2_readonly(nr: usize, a0: usize, a1: usize) -> isize {
    let ret: isize;
    // SAFETY: as in `syscall2`; the caller guarantees the kernel writes no user memory.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr as isize => ret,
            in("rdi") a0,
            in("rsi") a1,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack, preserves_flags, readonly),
        );
    }
    ret
}

/// A system call with four arguments.
///
/// # Safety
///
/// As [`syscall2`].
#[inline(always)]
pub unsafe fn syscall4(nr: usize, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret: isize;
    // SAFETY: as in `syscall2`.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr as isize => ret,
            in("rdi") a0,
            in("rsi") a1,
            in("rdx") a2,
            in("r10") a3,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A system call with four arguments that only reads user memory.
///
/// # Safety
///
/// As [`syscall2_readonly`].
#[inline(always)]
pub unsafe fn syscall4_readonly(nr: usize, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret: isize;
    // SAFETY: as in `syscall2_readonly`.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr as isize => ret,
            in("rdi") a0,
            in("rsi") a1,
            in("rdx") a2,
            in("r10") a3,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack, preserves_flags, readonly),
        );
    }
    ret
}
