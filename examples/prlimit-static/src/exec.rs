//! Running the command: `execvp` as glibc searches `PATH`, and `--usage` (fork, then the
//! library's `wait_usage`, report).
//!
//! # Safety
//!
//! The argument vectors passed to `execve` are the initial stack's own `argv` tail (which the
//! kernel NULL-terminated) or arrays built here from its pointers, NULL-terminated.
#![allow(unsafe_code)]

use crate::rt::{self, CStr};
use crate::{Ctx, Exit};
use linux_resource::{wait_usage, Errno, Error, Timeval, WaitStatus};

// This architecture's numbers (MIPS numbers ENAMETOOLONG, ETIMEDOUT and ESTALE its own way).
const ENOENT: i32 = Errno::ENOENT.into_raw();
const ECHILD: i32 = Errno::ECHILD.into_raw();
const EACCES: i32 = Errno::EACCES.into_raw();
const ENODEV: i32 = Errno::ENODEV.into_raw();
const ENOTDIR: i32 = Errno::ENOTDIR.into_raw();
const ETIMEDOUT: i32 = Errno::ETIMEDOUT.into_raw();
const ESTALE: i32 = Errno::ESTALE.into_raw();

/// The value of environment variable `name`.
pub fn getenv(envp: *const *const u8, name: &[u8]) -> Option<CStr> {
    let mut p = envp;
    // SAFETY: `envp` is the initial stack's NULL-terminated array of NUL-terminated strings.
    unsafe {
        while !(*p).is_null() {
            let entry = rt::cstr(*p);
            if let Some([b'=', value @ ..]) = entry.strip_prefix(name) {
                return Some(value);
            }
            p = p.add(1);
        }
    }
    None
}

/// glibc 2.36's `execvp`: a name with a slash is executed as is; otherwise each `PATH` entry
/// (default `/bin:/usr/bin`; an empty entry is the current directory) is tried in turn,
/// going on after `ENOENT`, `ENOTDIR`, `ESTALE`, `ENODEV`, `ETIMEDOUT` and `EACCES` (which
/// wins at the end), and stopping on any other error, the kernel's `ENAMETOOLONG` for an
/// entry and name longer than `PATH_MAX` included. As glibc, it takes at most 256 bytes of
/// the name (a longer one is a component the kernel refuses), and an entry longer than the
/// first 4095 bytes of `PATH` is tried as an empty one (glibc's skip lands on the `:`). Returns
/// the errno when nothing could be executed. Unlike glibc, a file without `#!` that the kernel
/// refuses (`ENOEXEC`) is not handed to `/bin/sh`: the error is reported.
fn execvp(argv: &[*const u8], envp: *const *const u8) -> i32 {
    // SAFETY: argv[0] is a NUL-terminated string on the initial stack.
    let file = unsafe { rt::cstr(argv[0]) };
    // SAFETY: `argv` is the initial stack's argv tail, NULL-terminated by the kernel.
    let exec = |path: *const u8| unsafe { rt::execve(path, argv.as_ptr(), envp) };
    if file.is_empty() {
        return ENOENT;
    }
    if crate::out::has_byte(file, b'/') {
        return exec(argv[0]);
    }
    let file = &file[..file.len().min(256)];
    let path = getenv(envp, b"PATH").unwrap_or(b"/bin:/usr/bin");
    // glibc's `strnlen(path, PATH_MAX - 1) + 1`: no entry tried is longer than 4095 bytes.
    let path_len = path.len().min(4095) + 1;
    let mut buf = [0u8; 4095 + 1 + 256 + 1];
    let mut got_eacces = false;
    let mut last = ENOENT;
    let mut p = 0;
    loop {
        let rest = &path[p..];
        let end = rest.iter().position(|&b| b == b':').unwrap_or(rest.len());
        if end >= path_len {
            // glibc's skip of an entry too long for its buffer: the next one tried starts at
            // the `:` (the current directory); a last entry ends the search.
            if end == rest.len() {
                break;
            }
            p += end;
            continue;
        }
        let mut n = end;
        buf[..n].copy_from_slice(&rest[..n]);
        if n > 0 {
            buf[n] = b'/';
            n += 1;
        }
        buf[n..n + file.len()].copy_from_slice(file);
        buf[n + file.len()] = 0;
        last = exec(buf.as_ptr());
        match last {
            EACCES => got_eacces = true,
            ENOENT | ESTALE | ENOTDIR | ENODEV | ETIMEDOUT => {}
            _ => return last,
        }
        p += end + 1;
        if p > path.len() {
            break;
        }
    }
    if got_eacces {
        EACCES
    } else {
        last
    }
}

/// `prog: WHAT NAME: strerror(errno)`.
#[inline(never)]
fn failed(ctx: &Ctx, what: &[u8], name: &[u8], errno: i32) {
    ctx.msg().s(what).s(name).s(b": ").errno(errno).send();
}

/// Executes the command or prints util-linux's message: returns 127 when it was not found, 126
/// when it could not be run.
pub fn exec_or_fail(ctx: &Ctx, command: &[*const u8], envp: *const *const u8) -> i32 {
    let errno = execvp(command, envp);
    // SAFETY: command[0] is a NUL-terminated string on the initial stack.
    let name = unsafe { rt::cstr(command[0]) };
    failed(ctx, b"failed to execute ", name, errno);
    if errno == ENOENT {
        127
    } else {
        126
    }
}

/// `--usage`: runs the command in a child, waits for it with `linux_resource::wait_usage`, and
/// prints that child's own resource usage to stderr. Exits with the command's status (128 +
/// the signal when it was killed).
#[inline(never)]
pub fn run_with_usage(ctx: &mut Ctx, command: &[*const u8], envp: *const *const u8) -> Exit {
    ctx.out.flush();
    // SAFETY: command[0] is a NUL-terminated string on the initial stack.
    let name = unsafe { rt::cstr(command[0]) };
    let child = match rt::fork().and_then(|pid| {
        if pid == 0 {
            rt::exit(exec_or_fail(ctx, command, envp));
        }
        // As time(1): the terminal's ^C and ^\ go to the command; we stay to report.
        rt::ignore_signal(2);
        rt::ignore_signal(3);
        // Its own child: only ECHILD (or an errno the kernel adds one day) can stop the wait.
        wait_usage(pid).map_err(|e| match e {
            Error::Os(errno) => errno.into_raw(),
            _ => ECHILD,
        })
    }) {
        Ok(child) => child,
        Err(errno) => {
            failed(ctx, b"failed to run ", name, errno);
            return Err(1);
        }
    };
    let (label, value, code): (&[u8], i32, i32) = match child.status {
        WaitStatus::Signaled { signal, .. } => (b", killed by signal ", signal, 128 + signal),
        status => {
            let code = status.code().unwrap_or(0);
            (b", exit status ", code, code)
        }
    };
    let usage = child.usage;
    let micros = |t: Timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    let values = [
        micros(usage.ru_utime),
        micros(usage.ru_stime),
        // KiB, never negative; as a product, not `max_rss_bytes` (its saturation costs bytes).
        usage.ru_maxrss as u64 * 1024,
        usage.ru_minflt as u64,
        usage.ru_majflt as u64,
        usage.ru_nvcsw as u64,
        usage.ru_nivcsw as u64,
    ];
    let mut msg = ctx.msg();
    msg.s(b"resource usage of ")
        .s(name)
        .s(b" (pid ")
        .n(child.pid as u64)
        .s(label)
        .n(value as u64)
        .s(b"):");
    for (label, value) in USAGE_LABELS.chunks(24).zip(values) {
        msg.s(label).n(value);
    }
    msg.send();
    Ok(code)
}

/// The `--usage` report's lines but for their values, 24 bytes each.
const USAGE_LABELS: &[u8; 168] = b"\
\n  user time (us)       \n  system time (us)     \n  max RSS (bytes)      \
\n  minor page faults    \n  major page faults    \n  voluntary switches   \
\n  involuntary switches ";
