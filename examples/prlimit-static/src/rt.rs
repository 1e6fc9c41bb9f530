//! The runtime a libc would otherwise provide: the entry point after `_start`, the few system
//! calls the tool makes besides the library's functions, `memcpy` and friends, and the panic
//! handler.
//!
//! The system calls go through the library's own layer (`linux_resource::syscall`, feature
//! `unstable-syscall`): the same instruction, clobbers and error decoding as the library's
//! calls, and numbers checked against the kernel headers. Only `_start` is this tool's own
//! per-architecture code (`start.rs`).
//!
//! # Safety
//!
//! The unsafe code here reads the initial process stack the kernel built (its layout is the
//! System V ABI's: argc, argv pointers, NULL, envp pointers, NULL, auxv pairs, `AT_NULL`), and
//! makes system calls whose pointer arguments point to live locals or to that stack.
#![allow(unsafe_code)]

#[path = "start.rs"]
mod start;

use linux_resource::syscall::{self, nr, Arg};
use linux_resource::Errno;

/// A C string from the initial stack, as bytes without the NUL. The stack's strings live as
/// long as the process.
pub type CStr = &'static [u8];

/// `AT_NULL` and `AT_PAGESZ` from `<linux/auxvec.h>`.
const AT_NULL: usize = 0;
const AT_PAGESZ: usize = 6;

/// Called by `_start` with the initial stack pointer; never returns.
///
/// # Safety
///
/// `sp` must be the stack pointer the kernel gave `_start`.
pub unsafe extern "C" fn start(sp: *const usize) -> ! {
    // SAFETY: the kernel's initial stack layout, as the module doc describes; every pointer
    // read here lies within it, up to the auxv's AT_NULL entry.
    let (argv, envp) = unsafe {
        let argc = *sp;
        let argv = sp.add(1).cast::<*const u8>();
        let envp = argv.add(argc + 1);
        let mut end = envp;
        while !(*end).is_null() {
            end = end.add(1);
        }
        let mut aux = end.add(1).cast::<usize>();
        while *aux != AT_NULL {
            if *aux == AT_PAGESZ {
                // The page size without a system call; a bogus value is refused and ignored.
                linux_resource::set_page_size_from_auxv(*aux.add(1));
            }
            aux = aux.add(2);
        }
        (core::slice::from_raw_parts(argv, argc), envp)
    };
    exit(crate::main(argv, envp))
}

/// The bytes of the NUL-terminated string at `p`.
///
/// # Safety
///
/// `p` must point to a NUL-terminated string that lives as long as the process (the initial
/// stack's).
pub unsafe fn cstr(p: *const u8) -> CStr {
    let mut n = 0;
    // SAFETY: the string is NUL-terminated, so every byte up to the NUL is readable.
    unsafe {
        while *p.add(n) != 0 {
            n += 1;
        }
        core::slice::from_raw_parts(p, n)
    }
}

/// Writes all of `bytes` to `fd`, retrying short writes and `EINTR`.
pub fn write_all(fd: i32, mut bytes: &[u8]) -> Result<(), i32> {
    while !bytes.is_empty() {
        // SAFETY: the kernel only reads `bytes.len()` bytes from `bytes`.
        let ret = unsafe {
            syscall::syscall3(
                nr::WRITE,
                Arg::from_i32(fd),
                Arg::from_ptr(bytes.as_ptr()),
                Arg::from_usize(bytes.len()),
            )
        };
        match ret {
            Ok(n) => bytes = &bytes[n.min(bytes.len())..],
            Err(Errno::EINTR) => {}
            Err(errno) => return Err(errno.into_raw()),
        }
    }
    Ok(())
}

/// `exit_group(code)`.
pub fn exit(code: i32) -> ! {
    loop {
        // SAFETY: exit_group takes no pointer and does not return.
        let _ = unsafe { syscall::syscall1(nr::EXIT_GROUP, Arg::from_i32(code)) };
    }
}

/// `getpid()`.
pub fn getpid() -> i32 {
    // SAFETY: getpid reads no argument (the one passed is ignored).
    let pid = unsafe { syscall::syscall1(nr::GETPID, Arg::from_usize(0)) };
    // getpid cannot fail; a pid is in 1..=i32::MAX.
    pid.unwrap_or(0) as i32
}

/// `ioctl(fd, request, buf)`, for a request that writes at most `size_of::<T>()` bytes.
fn ioctl_read<T>(fd: i32, request: u32, buf: &mut T) -> Result<(), Errno> {
    // SAFETY: the kernel writes at most the request's struct into `buf`, which the callers make
    // larger than that struct on every architecture.
    unsafe {
        syscall::syscall3(
            nr::IOCTL,
            Arg::from_i32(fd),
            Arg::from_u32(request),
            Arg::from_mut_ptr(buf),
        )
    }
    .map(|_| ())
}

/// Whether `fd` is a terminal (`ioctl(fd, TCGETS)` succeeds), as `isatty` decides; else the
/// errno (`EBADF` for a closed descriptor).
pub fn isatty(fd: i32) -> Result<(), Errno> {
    // Larger than the kernel's `struct termios` on every architecture here (at most 44 bytes).
    ioctl_read(fd, syscall::TCGETS, &mut [0u64; 8])
}

/// The terminal's width in columns (`ioctl(fd, TIOCGWINSZ)`), when it reports one.
pub fn terminal_width(fd: i32) -> Option<usize> {
    // struct winsize: ws_row, ws_col, ws_xpixel, ws_ypixel (u16 each).
    let mut winsize = [0u16; 4];
    if ioctl_read(fd, syscall::TIOCGWINSZ, &mut winsize).is_ok() && winsize[1] > 0 {
        Some(usize::from(winsize[1]))
    } else {
        None
    }
}

/// `execve(path, argv, envp)`; returns only on failure, with the errno.
///
/// # Safety
///
/// `path` must be NUL-terminated; `argv` and `envp` NULL-terminated arrays of NUL-terminated
/// strings.
pub unsafe fn execve(path: *const u8, argv: *const *const u8, envp: *const *const u8) -> i32 {
    // SAFETY: the caller's contract; the kernel only reads these.
    let ret = unsafe {
        syscall::syscall3(
            nr::EXECVE,
            Arg::from_ptr(path),
            Arg::from_ptr(argv),
            Arg::from_ptr(envp),
        )
    };
    match ret {
        Err(errno) => errno.into_raw(),
        Ok(_) => 0,
    }
}

/// `fork()`: the child's pid in the parent, 0 in the child (the library's `clone(SIGCHLD)`,
/// with each architecture's argument order).
pub fn fork() -> Result<i32, i32> {
    syscall::fork().map_err(Errno::into_raw)
}

/// Ignores signal `sig` (`SIG_IGN`), as time(1) does with SIGINT and SIGQUIT while it waits
/// (the library's `rt_sigaction`, with each architecture's `struct sigaction`). Nothing is
/// left to do when it fails: the wait goes on either way.
pub fn ignore_signal(sig: u32) {
    let _ = syscall::ignore_signal(sig);
}

// The C functions the compiler emits calls to; there is no libc to provide them. Their loops
// use volatile accesses, so that the compiler cannot recognise them as `memcpy`/`memset`/
// `strlen` idioms and turn them into calls to themselves.

/// # Safety
/// As C's `memcpy`.
#[no_mangle]
pub unsafe extern "C" fn memcpy(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: as C's memcpy: both ranges valid, not overlapping.
    unsafe { memmove(dest, src, n) }
}

/// # Safety
/// As C's `memmove`.
#[no_mangle]
pub unsafe extern "C" fn memmove(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: as C's memmove: both ranges valid; copying backwards when `dest` is above `src`
    // handles overlap.
    unsafe {
        if (dest as usize) <= (src as usize) {
            let mut i = 0;
            while i < n {
                dest.add(i).write_volatile(src.add(i).read_volatile());
                i += 1;
            }
        } else {
            let mut i = n;
            while i > 0 {
                i -= 1;
                dest.add(i).write_volatile(src.add(i).read_volatile());
            }
        }
    }
    dest
}

/// # Safety
/// As C's `memset`.
#[no_mangle]
pub unsafe extern "C" fn memset(dest: *mut u8, c: i32, n: usize) -> *mut u8 {
    let mut i = 0;
    while i < n {
        // SAFETY: as C's memset: `dest` valid for `n` bytes.
        unsafe { dest.add(i).write_volatile(c as u8) };
        i += 1;
    }
    dest
}

/// # Safety
/// As C's `memcmp`.
#[no_mangle]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    while i < n {
        // SAFETY: as C's memcmp: both valid for `n` bytes.
        let (x, y) = unsafe { (a.add(i).read_volatile(), b.add(i).read_volatile()) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

/// # Safety
/// As C's `bcmp`.
#[no_mangle]
pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: the same contract.
    unsafe { memcmp(a, b, n) }
}

/// # Safety
/// As C's `strlen`.
#[no_mangle]
pub unsafe extern "C" fn strlen(s: *const u8) -> usize {
    let mut n = 0;
    // SAFETY: as C's strlen: `s` is NUL-terminated.
    while unsafe { s.add(n).read_volatile() } != 0 {
        n += 1;
    }
    n
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    // No formatting machinery on this path: a fixed message, and the exit code of an abort.
    let _ = write_all(2, b"prlimit: internal error\n");
    exit(134)
}

/// 32-bit powerpc only: the personality routine that Rust's prebuilt `compiler_builtins` names.
/// Its `__udivdi3` (64-bit division, which the tool's number formatting needs) is built with
/// unwind tables and an exception table there, so the function's `.eh_frame` entry refers to
/// `DW.ref.rust_eh_personality`; rust-lld marks that live before link.ld discards `.eh_frame`,
/// and the link failed with "undefined symbol: rust_eh_personality". Nothing unwinds in this
/// program (panic = "abort", no unwinder linked), so nothing calls it; were anything ever to, it
/// ends the process as a panic does.
#[cfg(target_arch = "powerpc")]
#[no_mangle]
pub extern "C" fn rust_eh_personality() -> ! {
    exit(134)
}
