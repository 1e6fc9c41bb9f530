//! riscv64: `_start`, the system call numbers the tool needs (asm-generic), and `ecall`.
//!
//! A leaf module (loaded with `#[path]`): no child modules.
//!
//! # Safety
//!
//! `syscall4` executes `ecall` as the riscv64 Linux ABI defines it: number in `a7`, arguments in
//! `a0`-`a3`, result in `a0`. The kernel preserves the integer and floating-point registers but
//! discards the vector state (v0-v31, vl, vtype, vstart), which this tool, built without the
//! `v` extension, never uses; it does not touch the user stack.

use core::arch::{asm, global_asm};

pub const NR_IOCTL: usize = 29;
pub const NR_WRITE: usize = 64;
pub const NR_EXIT_GROUP: usize = 94;
pub const NR_RT_SIGACTION: usize = 134;
pub const NR_GETPID: usize = 172;
pub const NR_CLONE: usize = 220;
pub const NR_EXECVE: usize = 221;
pub const NR_WAIT4: usize = 260;

// The kernel enters `_start` with `sp` pointing at argc. `gp` must hold `__global_pointer$`
// before any code the linker relaxed to gp-relative addressing runs (set without relaxation,
// or the linker would relax this very load against an unset gp).
global_asm!(
    ".globl _start",
    ".type _start,@function",
    "_start:",
    ".option push",
    ".option norelax",
    "lla gp, __global_pointer$",
    ".option pop",
    "mv a0, sp",
    "andi sp, sp, -16",
    "mv ra, zero",
    "mv s0, zero",
    "call {entry}",
    "unimp",
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
            "ecall",
            in("a7") nr,
            inlateout("a0") a0 => ret,
            in("a1") a1,
            in("a2") a2,
            in("a3") a3,
            options(nostack, preserves_flags),
        );
    }
    ret
}
