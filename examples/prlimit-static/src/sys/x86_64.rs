//! x86_64: `_start`, the system call numbers the tool needs, and the `syscall` instruction.
//!
//! A leaf module (loaded with `#[path]`): no child modules.
//!
//! # Safety
//!
//! `syscall4` executes `syscall` as the x86_64 Linux ABI defines it: number in `rax`, arguments
//! in `rdi`, `rsi`, `rdx`, `r10`, result in `rax`; the instruction overwrites `rcx` and `r11`,
//! declared clobbered; the kernel touches no other register and not the user stack. What the
//! call does to memory is the caller's contract.

use core::arch::{asm, global_asm};

pub const NR_WRITE: usize = 1;
pub const NR_IOCTL: usize = 16;
pub const NR_RT_SIGACTION: usize = 13;
pub const NR_GETPID: usize = 39;
pub const NR_CLONE: usize = 56;
pub const NR_EXECVE: usize = 59;
pub const NR_EXIT_GROUP: usize = 231;

// The kernel enters `_start` with `rsp` pointing at argc (16-byte aligned), then argv, envp and
// the auxiliary vector. `rbp` 0 ends the frame chain; `call` pushes the return address, so the
// entry function sees the stack aligned as the ABI requires.
global_asm!(
    ".globl _start",
    ".type _start,@function",
    "_start:",
    "xor ebp, ebp",
    "mov rdi, rsp",
    "and rsp, -16",
    "call {entry}",
    "ud2",
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
            "syscall",
            inlateout("rax") nr => ret,
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
