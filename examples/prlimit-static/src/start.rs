//! `_start` on each architecture: the only per-architecture code of the tool. The kernel enters
//! it with the stack pointer at argc (the System V initial stack); each passes that address to
//! `rt::start` as its first argument, with the stack aligned as the C ABI wants, and ends the
//! frame chain. Every system call goes through `linux_resource::syscall` (the library's arch
//! layer).

use core::arch::global_asm;

#[cfg(target_arch = "x86_64")]
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

#[cfg(target_arch = "aarch64")]
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

// `gp` must hold `__global_pointer$` before any code the linker relaxed to gp-relative
// addressing runs (set without relaxation, or the linker would relax this very load).
#[cfg(target_arch = "riscv64")]
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

// In the ARM instruction set on every arm target, Thumb ones (thumbv7neon) included: `.arm`,
// word-aligned. The kernel enters in ARM state at an even entry point (a Thumb `_start` would
// need its symbol marked Thumb, which the assembler does not do for `global_asm!` here: the
// entry was even and the kernel would have run Thumb code as ARM), and the linker makes the
// `bl` to a Thumb `rt::start` a `blx`. LLVM restores the target's own mode after this block.
// Both frame pointers end the chain: r11 (ARM code's) and r7 (Thumb code's).
#[cfg(target_arch = "arm")]
global_asm!(
    ".arm",
    ".balign 4",
    ".globl _start",
    ".type _start,%function",
    "_start:",
    "mov fp, #0",
    "mov r7, #0",
    "mov lr, #0",
    "mov r0, sp",
    "bic sp, sp, #15",
    "bl {entry}",
    "udf #0",
    entry = sym crate::rt::start,
);

// cdecl: the argument on the stack, which is 16-byte aligned at the `call`.
#[cfg(target_arch = "x86")]
global_asm!(
    ".globl _start",
    ".type _start,@function",
    "_start:",
    "xor ebp, ebp",
    "mov eax, esp",
    "and esp, -16",
    "sub esp, 12",
    "push eax",
    "call {entry}",
    "ud2",
    entry = sym crate::rt::start,
);

// ELFv2 (powerpc64le): the kernel enters with the entry address in r12, from which the TOC
// pointer (r2) is set; a 32-byte minimal frame with a zero back chain below the aligned stack
// pointer.
#[cfg(all(target_arch = "powerpc64", target_abi = "elfv2"))]
global_asm!(
    ".globl _start",
    ".type _start,@function",
    "_start:",
    "addis 2, 12, .TOC.-_start@ha",
    "addi 2, 2, .TOC.-_start@l",
    "mr 3, 1",
    "clrrdi 1, 1, 4",
    "li 0, 0",
    "stdu 0, -32(1)",
    "mtlr 0",
    "bl {entry}",
    "nop",
    "trap",
    entry = sym crate::rt::start,
);

// 32-bit powerpc (SysV ABI, as musl's `arch/powerpc/crt_arch.h`): the stack pointer aligned to
// 16 bytes, then a 16-byte minimal frame whose back chain is zero, and a zero link register.
// Nothing here needs `r2` (the thread pointer) or `r13` (small data): the tool has neither TLS
// nor small-data sections.
#[cfg(target_arch = "powerpc")]
global_asm!(
    ".globl _start",
    ".type _start,@function",
    "_start:",
    "mr 3, 1",
    "clrrwi 1, 1, 4",
    "li 0, 0",
    "stwu 1, -16(1)",
    "mtlr 0",
    "stw 0, 0(1)",
    "bl {entry}",
    "trap",
    entry = sym crate::rt::start,
);

// ELFv1 (big-endian powerpc64): every function symbol is a function descriptor in `.opd` (the
// code's address, the TOC pointer, an environment pointer), `_start` too, so e_entry is the
// descriptor's address: for an ELF whose e_flags do not say ABI 2, Linux's `start_thread`
// loads the code's address and r2 from it (and qemu-user does the same), so r2 is set on entry.
// Below the aligned stack pointer, ELFv1's 112-byte minimal frame (48-byte header and the
// 64-byte parameter save area a callee may store its register arguments in) with a zero back
// chain; the `nop` after `bl` is where the linker puts a TOC restore when the call needs one.
#[cfg(all(target_arch = "powerpc64", target_abi = "elfv1"))]
global_asm!(
    ".pushsection .opd, \"aw\"",
    ".p2align 3",
    ".globl _start",
    ".type _start,@function",
    "_start:",
    ".quad .L_start_code, .TOC.@tocbase, 0",
    ".size _start, 24",
    ".popsection",
    ".L_start_code:",
    "mr 3, 1",
    "clrrdi 1, 1, 4",
    "li 0, 0",
    "stdu 0, -112(1)",
    "mtlr 0",
    "bl {entry}",
    "nop",
    "trap",
    entry = sym crate::rt::start,
);

// The 160-byte register save area the s390x ABI wants below the stack pointer, with a zero
// back chain.
#[cfg(target_arch = "s390x")]
global_asm!(
    ".globl _start",
    ".type _start,@function",
    "_start:",
    "lgr %r2, %r15",
    "aghi %r15, -160",
    "lghi %r0, 0",
    "stg %r0, 0(%r15)",
    "brasl %r14, {entry}",
    ".word 0",
    entry = sym crate::rt::start,
);

#[cfg(target_arch = "loongarch64")]
global_asm!(
    ".globl _start",
    ".type _start,@function",
    "_start:",
    "move $a0, $sp",
    "bstrins.d $sp, $zero, 3, 0",
    "move $fp, $zero",
    "bl {entry}",
    "break 0",
    entry = sym crate::rt::start,
);

// o32 (MIPS32, mipsel and mips; nothing here depends on the byte order): the entry is called through `$25` (`t9`), from which position-
// independent code computes its `$gp`, and `$gp` is set to the linker's `_gp` for non-PIC code
// that addresses small data through it. (This static, non-PIC build uses neither today: LLVM
// addresses globals absolutely and allocates `$gp` as an ordinary callee-saved register.) The
// caller allocates the 16-byte home of the four register arguments below an 8-byte aligned
// stack pointer: made in the branch delay slot of `jalr` (`noreorder`: the assembler moves and
// pads nothing), as musl's `arch/mips/crt_arch.h` does. The frame pointer (`$fp`, `$30`) ends
// the frame chain.
#[cfg(target_arch = "mips")]
global_asm!(
    ".set push",
    ".set noreorder",
    ".globl _start",
    ".type _start,@function",
    "_start:",
    "move $fp, $zero",
    "move $4, $sp",
    "lui $gp, %hi(_gp)",
    "addiu $gp, $gp, %lo(_gp)",
    "lui $25, %hi({entry})",
    "addiu $25, $25, %lo({entry})",
    "addiu $8, $zero, -8",
    "and $sp, $sp, $8",
    "jalr $25",
    "addiu $sp, $sp, -16",
    "break",
    ".set pop",
    entry = sym crate::rt::start,
);

// n64 (MIPS64, mips64el and mips64; nothing here depends on the byte order): as o32, with
// 64-bit addresses (`dla`, which the assembler expands to the absolute sequence of this non-PIC
// build, using `$at`, free here), a 16-byte aligned stack and no argument home area (n64 passes
// eight arguments in registers and reserves none for them), as musl's `arch/mips64/crt_arch.h`
// does. The delay slot of `jalr` holds a `nop`.
#[cfg(target_arch = "mips64")]
global_asm!(
    ".set push",
    ".set noreorder",
    ".globl _start",
    ".type _start,@function",
    "_start:",
    "move $fp, $zero",
    "move $4, $sp",
    "dla $gp, _gp",
    "dla $25, {entry}",
    "daddiu $8, $zero, -16",
    "and $sp, $sp, $8",
    "jalr $25",
    "nop",
    "break",
    ".set pop",
    entry = sym crate::rt::start,
);

#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "arm",
    target_arch = "x86",
    target_arch = "powerpc",
    target_arch = "powerpc64",
    target_arch = "s390x",
    target_arch = "loongarch64",
    target_arch = "mips",
    target_arch = "mips64",
)))]
compile_error!("prlimit-static has no _start for this architecture (src/start.rs)");
