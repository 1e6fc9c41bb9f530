//! riscv64: `_start`, the system call numbers the tool needs (asm-generic), and `ecall`.
//!
//! A leaf module (loaded with `#[path]`): no child modules.
//!
//! # Safety
//!
//! `syscall4` executes `ecall` as the riscv64 Linux ABI defines it: number in `a7`, arguments in
//! `a0`-`a3`, result in `a0`. The kernel preserves the integer and floating-point registers and
//! does not touch the user stack; RISC-V has no flags register. It discards the vector state:
//! `v0`-`v31` are declared clobbered in every build (`vl`, `vtype` and `vstart`
//! cannot be named; LLVM treats them as clobbered by every `asm!`).

use core::arch::{asm, global_asm};

pub const NR_IOCTL: usize = 29;
pub const NR_WRITE: usize = 64;
pub const NR_EXIT_GROUP: usize = 94;
pub const NR_RT_SIGACTION: usize = 134;
pub const NR_GETPID: usize = 172;
pub const NR_CLONE: usize = 220;
pub const NR_EXECVE: usize = 221;

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
    // SAFETY: registers as the ABI above; memory effects are the caller's contract. The kernel
    // discards the vector registers: clobbered in every build, since stable rustc never sets
    // `cfg(target_feature = "v")` even when LLVM emits vector code (`-C target-feature=+v`).
    unsafe {
        asm!(
            "ecall",
            in("a7") nr,
            inlateout("a0") a0 => ret,
            in("a1") a1,
            in("a2") a2,
            in("a3") a3,
            out("v0") _, out("v1") _, out("v2") _, out("v3") _,
            out("v4") _, out("v5") _, out("v6") _, out("v7") _,
            out("v8") _, out("v9") _, out("v10") _, out("v11") _,
            out("v12") _, out("v13") _, out("v14") _, out("v15") _,
            out("v16") _, out("v17") _, out("v18") _, out("v19") _,
            out("v20") _, out("v21") _, out("v22") _, out("v23") _,
            out("v24") _, out("v25") _, out("v26") _, out("v27") _,
            out("v28") _, out("v29") _, out("v30") _, out("v31") _,
            options(nostack, preserves_flags),
        );
    }
    ret
}
