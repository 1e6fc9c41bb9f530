//! aarch64: `_start`, the system call numbers the tool needs (asm-generic), and `svc 0`.
//!
//! A leaf module (loaded with `#[path]`): no child modules.
//!
//! # Safety
//!
//! `syscall4` executes `svc 0` as the aarch64 Linux ABI defines it: number in `x8`, arguments in
//! `x0`-`x3`, result in `x0`; the kernel preserves every other register and the flags, and does
//! not touch the user stack. What the call does to memory is the caller's contract.

use core::arch::{asm, global_asm};

pub const NR_IOCTL: usize = 29;
pub const NR_WRITE: usize = 64;
pub const NR_EXIT_GROUP: usize = 94;
pub const NR_RT_SIGACTION: usize = 134;
pub const NR_GETPID: usize = 172;
pub const NR_CLONE: usize = 220;
pub const NR_EXECVE: usize = 221;

// The kernel enters `_start` with `sp` (16-byte aligned) pointing at argc. Zero frame pointer
// and link register end the frame chain.
global_asm!(
    ".globl _start",
    ".type _start,%function",
    "_start:",
    "mov x29, xzr",
    "mov x30, xzr",
    "mov x0, sp",
    "bl {entry}",
    "brk #0",
    entry = sym crate::rt::start,
);

/// A system call with up to four arguments (unused ones 0).
///
/// # Safety
///
/// The arguments must be valid for system call `nr` (pointers valid for what it reads/writes).
#[inline(always)]
pub unsafe fn syscall4(nr: usize, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret: isize;
    // SAFETY: registers as the ABI above; memory effects are the caller's contract.
    unsafe {
        asm!(
            "svc 0",
            in("x8") nr,
            inlateout("x0") a0 => ret,
            in("x1") a1,
            in("x2") a2,
            in("x3") a3,
            options(nostack, preserves_flags),
        );
    }
    ret
}
