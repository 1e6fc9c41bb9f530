//! The calls that take the initial stack's pointers: the command line's strings, `getenv`,
//! `execvp` as glibc does it, and `openat` for `-o`; and the program's name for messages.
//!
//! # Safety
//!
//! Every pointer read here is one of the initial stack's `argv` or `envp` entries (NUL-
//! terminated strings the kernel put there, alive for the whole process) or a NUL-terminated
//! buffer on this module's stack; the arrays passed to `execve` are NULL-terminated.
#![allow(unsafe_code)]

use crate::rt::{self, CStr};
use linux_resource::syscall::{self, nr, Arg};
use linux_resource::Errno;

const ENOENT: i32 = Errno::ENOENT.into_raw();
const EACCES: i32 = Errno::EACCES.into_raw();
const ENOEXEC: i32 = Errno::ENOEXEC.into_raw();
const ENODEV: i32 = Errno::ENODEV.into_raw();
const ENOTDIR: i32 = Errno::ENOTDIR.into_raw();
const ESTALE: i32 = Errno::ESTALE.into_raw();
const ETIMEDOUT: i32 = Errno::ETIMEDOUT.into_raw();
const ENAMETOOLONG: i32 = Errno::ENAMETOOLONG.into_raw();
const E2BIG: i32 = Errno::E2BIG.into_raw();

/// The program's name for messages: `argv[0]`, as gnulib's `set_program_name` keeps it.
static mut PROGRAM: CStr = b"time";

/// Sets the name [`program`] returns (once, at the start).
pub fn set_program(name: CStr) {
    // SAFETY: the process is single-threaded (a forked child has its own copy).
    unsafe { *core::ptr::addr_of_mut!(PROGRAM) = name }
}

/// The program's name for messages.
pub fn program() -> CStr {
    // SAFETY: the process is single-threaded; PROGRAM is only written by `set_program`.
    unsafe { *core::ptr::addr_of!(PROGRAM) }
}

/// An `argv` or `envp` string of the initial stack, without its NUL.
pub fn arg(p: *const u8) -> CStr {
    // SAFETY: the module's contract: `p` is one of the initial stack's strings.
    unsafe { rt::cstr(p) }
}

/// The value of environment variable `name`.
pub fn getenv(envp: *const *const u8, name: &[u8]) -> Option<CStr> {
    let mut p = envp;
    // SAFETY: `envp` is the initial stack's NULL-terminated array.
    unsafe {
        while !(*p).is_null() {
            if let Some([b'=', value @ ..]) = arg(*p).strip_prefix(name) {
                return Some(value);
            }
            p = p.add(1);
        }
    }
    None
}

/// `fopen(file, append ? "a" : "w")`, as a file descriptor: created with mode 0666 (less the
/// umask), truncated or appended to; close-on-exec, so the command does not inherit it.
pub fn open_output(file: &[u8], append: bool) -> Result<i32, i32> {
    let mut path = [0u8; 4096];
    if file.len() >= path.len() {
        return Err(ENAMETOOLONG);
    }
    path[..file.len()].copy_from_slice(file);
    let flags = syscall::O_WRONLY
        | syscall::O_CREAT
        | syscall::O_CLOEXEC
        | syscall::O_LARGEFILE
        | if append {
            syscall::O_APPEND
        } else {
            syscall::O_TRUNC
        };
    // SAFETY: `path` is NUL-terminated; the kernel only reads it.
    let fd = unsafe {
        syscall::syscall4(
            nr::OPENAT,
            Arg::from_i32(syscall::AT_FDCWD),
            Arg::from_ptr(path.as_ptr()),
            Arg::from_u32(flags),
            Arg::from_u32(0o666),
        )
    };
    // File descriptors are in 0..=i32::MAX.
    fd.map(|fd| fd as i32).map_err(Errno::into_raw)
}

/// `execve(path, command, envp)`, then, as glibc's `execvp` does for a file the kernel will
/// not execute (`ENOEXEC`), `/bin/sh path ARGS...`. Returns the errno.
fn exec(path: *const u8, command: &[*const u8], envp: *const *const u8) -> i32 {
    // SAFETY: `path` is NUL-terminated; `command` is the initial stack's argv tail, which the
    // kernel NULL-terminated.
    let errno = unsafe { rt::execve(path, command.as_ptr(), envp) };
    if errno != ENOEXEC {
        return errno;
    }
    // glibc's maybe_script_execute: { "/bin/sh", path, argv[1..], NULL }, on the stack.
    let mut script = [core::ptr::null::<u8>(); 256];
    if command.len() + 2 > script.len() {
        return E2BIG;
    }
    script[0] = c"/bin/sh".as_ptr().cast();
    script[1] = path;
    script[2..command.len() + 1].copy_from_slice(&command[1..]);
    // SAFETY: both strings NUL-terminated, `script` NULL-terminated (zeroed past the copy).
    unsafe { rt::execve(script[0], script.as_ptr(), envp) }
}

/// glibc's `execvp`: a name with a slash is executed as is; otherwise each `PATH` entry
/// (default `/bin:/usr/bin`; an empty entry is the current directory) is tried in turn, going
/// on after `ENOENT`, `ENOTDIR`, `ESTALE`, `ENODEV`, `ETIMEDOUT` and `EACCES` (which wins at
/// the end). Returns the errno when nothing could be executed.
pub fn execvp(command: &[*const u8], envp: *const *const u8) -> i32 {
    let file = arg(command[0]);
    if file.is_empty() {
        return ENOENT;
    }
    if file.contains(&b'/') {
        return exec(command[0], command, envp);
    }
    if file.len() > 255 {
        return ENAMETOOLONG;
    }
    let path = getenv(envp, b"PATH").unwrap_or(b"/bin:/usr/bin");
    let mut buf = [0u8; 4096 + 256 + 2];
    let mut got_eacces = false;
    let mut last = ENOENT;
    for dir in path.split(|&b| b == b':') {
        if dir.len() > 4096 {
            return ENAMETOOLONG;
        }
        let mut n = dir.len();
        buf[..n].copy_from_slice(dir);
        if n > 0 {
            buf[n] = b'/';
            n += 1;
        }
        buf[n..n + file.len()].copy_from_slice(file);
        buf[n + file.len()] = 0;
        last = exec(buf.as_ptr(), command, envp);
        match last {
            EACCES => got_eacces = true,
            ENOENT | ESTALE | ENOTDIR | ENODEV | ETIMEDOUT => {}
            _ => return last,
        }
    }
    if got_eacces {
        EACCES
    } else {
        last
    }
}

/// glibc's `strerror`: the static prlimit's texts, and those only `time` meets (`-o` on a
/// directory, a read-only or full file system, no child to wait for).
pub fn strerror(errno: i32) -> Option<&'static [u8]> {
    const MORE: [(Errno, &[u8]); 9] = [
        (Errno::EISDIR, b"Is a directory"),
        (Errno::EROFS, b"Read-only file system"),
        (Errno::ENXIO, b"No such device or address"),
        (Errno::EFBIG, b"File too large"),
        (Errno::EDQUOT, b"Disk quota exceeded"),
        (Errno::EMFILE, b"Too many open files"),
        (Errno::EAGAIN, b"Resource temporarily unavailable"),
        (Errno::ECHILD, b"No child processes"),
        (Errno::EPIPE, b"Broken pipe"),
    ];
    crate::out::strerror(errno).or_else(|| {
        MORE.iter()
            .find(|(e, _)| e.into_raw() == errno)
            .map(|&(_, text)| text)
    })
}
