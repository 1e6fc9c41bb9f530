//! `time`: GNU time 1.9, static, without libc, able to run as PID 1.
//!
//! Runs a command and prints its resource usage exactly as GNU time 1.9 (Debian's `time`
//! 1.9-0.2) does: every `%` specifier, the `\n`, `\t` and `\\` escapes, the default format,
//! `-p`'s three lines and `-v`'s 23, the option parser (getopt_long's messages and
//! abbreviations), `TIME`, `-o`/`-a`, `-q`, the messages and the exit codes. The usage is the
//! library's `wait_usage` (`wait4` on this one child); the elapsed time is `CLOCK_MONOTONIC`
//! (GNU time reads the wall clock). Nothing reads `/proc`.
//!
//! The runtime is the static prlimit's (`examples/prlimit-static/src/rt.rs` and its `start.rs`,
//! included by path): `_start` per architecture is the only per-architecture code, and every
//! system call goes through `linux_resource::syscall`. The x86_64 binary must stay within
//! 16 KiB (`.ci/time-tool` checks it): no `core::fmt`, hand-rolled numbers.
#![no_std]
#![no_main]
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
// `global_asm!` (`_start`) on MIPS is still unstable (tier 3 targets, built with nightly's
// -Zbuild-std=core anyway).
#![cfg_attr(
    any(target_arch = "mips", target_arch = "mips64"),
    feature(asm_experimental_arch)
)]

// The static prlimit's runtime, shared: `_start` (its start.rs), the entry that reads the
// initial stack and the auxiliary vector, write, exit, fork, execve and ignore_signal through
// the library, and memcpy and friends. It has calls this tool does not make (isatty, getpid).
#[allow(dead_code)]
#[path = "../../prlimit-static/src/rt.rs"]
mod rt;
// The static prlimit's glibc `strerror` texts (its stdout and messages are unused here).
#[allow(dead_code)]
#[path = "../../prlimit-static/src/out.rs"]
mod out;
mod sys;

use linux_resource::{wait_usage, Errno, Error, Rusage, WaitStatus};
use rt::CStr;

/// GNU time's default format.
const DEFAULT_FORMAT: &[u8] =
    b"%Uuser %Ssystem %Eelapsed %PCPU (%Xavgtext+%Davgdata %Mmaxresident)k
%Iinputs+%Ooutputs (%Fmajor+%Rminor)pagefaults %Wswaps";
/// `-p`'s format.
const POSIX_FORMAT: &[u8] = b"real %e\nuser %U\nsys %S";
/// `-v`'s format: GNU time's `longstats`, concatenated.
const VERBOSE_FORMAT: &[u8] = b"\tCommand being timed: \"%C\"
\tUser time (seconds): %U
\tSystem time (seconds): %S
\tPercent of CPU this job got: %P
\tElapsed (wall clock) time (h:mm:ss or m:ss): %E
\tAverage shared text size (kbytes): %X
\tAverage unshared data size (kbytes): %D
\tAverage stack size (kbytes): %p
\tAverage total size (kbytes): %K
\tMaximum resident set size (kbytes): %M
\tAverage resident set size (kbytes): %t
\tMajor (requiring I/O) page faults: %F
\tMinor (reclaiming a frame) page faults: %R
\tVoluntary context switches: %w
\tInvoluntary context switches: %c
\tSwaps: %W
\tFile system inputs: %I
\tFile system outputs: %O
\tSocket messages sent: %s
\tSocket messages received: %r
\tSignals delivered: %k
\tPage size (bytes): %Z
\tExit status: %x";

/// `--help` after `Usage: PROGRAM` (Debian's GNU time 1.9, byte for byte).
const HELP: &[u8] = include_bytes!("help.txt");
/// `--version` (Debian's build says `UNKNOWN`).
const VERSION: &[u8] = include_bytes!("version.txt");

/// getopt_long's table, in GNU time's order (`--v` is ambiguous between the last two): name,
/// and its short option (`h` has none: `-h` is an invalid option).
const LONG: [(&[u8], u8); 8] = [
    (b"append", b'a'),
    (b"format", b'f'),
    (b"help", b'h'),
    (b"output-file", b'o'),
    (b"portability", b'p'),
    (b"quiet", b'q'),
    (b"verbose", b'v'),
    (b"version", b'V'),
];

/// coreutils' exit codes, which GNU time uses.
const EXIT_CANCELED: i32 = 125;
const EXIT_CANNOT_INVOKE: i32 = 126;
const EXIT_ENOENT: i32 = 127;

/// An output stream with stdio's full buffering: the report goes out in blocks of `BLOCK`
/// bytes (usually one write), messages to stderr in one write each.
pub struct Out {
    fd: i32,
    buf: [u8; BLOCK],
    len: usize,
    /// The first write error (an errno), 0 if none.
    error: i32,
}

const BLOCK: usize = 4096;

impl Out {
    fn new(fd: i32) -> Out {
        Out {
            fd,
            buf: [0; BLOCK],
            len: 0,
            error: 0,
        }
    }

    fn put(&mut self, bytes: &[u8]) -> &mut Out {
        for &b in bytes {
            self.byte(b);
        }
        self
    }

    fn byte(&mut self, b: u8) -> &mut Out {
        if self.len == BLOCK {
            self.flush();
        }
        self.buf[self.len] = b;
        self.len += 1;
        self
    }

    /// A decimal number, as `%ld` prints it.
    fn num(&mut self, value: i64) -> &mut Out {
        if value < 0 {
            self.byte(b'-');
        }
        let mut digits = [0; 20];
        self.put(out::decimal(value.unsigned_abs(), &mut digits))
    }

    /// Two digits, as `%02ld` prints a value below 100.
    fn num2(&mut self, value: i64) -> &mut Out {
        if (0..10).contains(&value) {
            self.byte(b'0');
        }
        self.num(value)
    }

    /// `strerror(errno)` as glibc words it.
    fn errno(&mut self, errno: i32) -> &mut Out {
        match sys::strerror(errno) {
            Some(text) => self.put(text),
            None => self.put(b"Unknown error ").num(i64::from(errno)),
        }
    }

    fn flush(&mut self) {
        if self.len > 0 && self.error == 0 {
            if let Err(errno) = rt::write_all(self.fd, &self.buf[..self.len]) {
                self.error = errno;
            }
        }
        self.len = 0;
    }
}

/// `program: ` on stderr, for a message to follow.
fn msg() -> Out {
    let mut err = Out::new(2);
    err.put(sys::program()).put(b": ");
    err
}

/// Ends a message and writes it.
fn send(mut err: Out) {
    err.byte(b'\n').flush();
}

/// `usage (EXIT_CANCELED)`: the hint after a command-line error.
fn try_help(mut err: Out) -> i32 {
    err.put(b"Try '")
        .put(sys::program())
        .put(b" --help' for more information.\n")
        .flush();
    EXIT_CANCELED
}

/// A getopt message: `program: TEXT` and the hint; exit code 125.
fn bad_option(parts: &[&[u8]]) -> i32 {
    let mut err = msg();
    for part in parts {
        err.put(part);
    }
    err.byte(b'\n');
    try_help(err)
}

/// What the command line asks for.
struct Options {
    format: CStr,
    posix: bool,
    verbose: bool,
    quiet: bool,
    append: bool,
    outfile: Option<CStr>,
}

/// getopt_long with GNU time's `+af:o:pqvV` and its long options: the options, and the index of
/// the command in `argv`; or the exit code (after `--help`, `--version` or an error).
fn parse(argv: &[*const u8], envp: *const *const u8) -> Result<(Options, usize), i32> {
    let mut o = Options {
        format: sys::getenv(envp, b"TIME").unwrap_or(DEFAULT_FORMAT),
        posix: false,
        verbose: false,
        quiet: false,
        append: false,
        outfile: None,
    };
    let mut i = 1;
    while i < argv.len() {
        let arg = sys::arg(argv[i]);
        i += 1;
        let (opt, value): (u8, Option<CStr>) = if arg == b"--" {
            break;
        } else if let Some(long) = arg.strip_prefix(b"--") {
            let eq = long.iter().position(|&b| b == b'=');
            let name = &long[..eq.unwrap_or(long.len())];
            let mut found = None;
            let mut matches = 0;
            for (k, &(full, _)) in LONG.iter().enumerate() {
                if full == name {
                    found = Some(k);
                    matches = 1;
                    break;
                }
                if full.starts_with(name) {
                    found.get_or_insert(k);
                    matches += 1;
                }
            }
            let Some(k) = found else {
                return Err(bad_option(&[b"unrecognized option '--", long, b"'"]));
            };
            if matches > 1 {
                let mut err = msg();
                err.put(b"option '--")
                    .put(long)
                    .put(b"' is ambiguous; possibilities:");
                for &(full, _) in &LONG {
                    if full.starts_with(name) {
                        err.put(b" '--").put(full).put(b"'");
                    }
                }
                err.byte(b'\n');
                return Err(try_help(err));
            }
            let (full, short) = LONG[k];
            let takes = short == b'f' || short == b'o';
            let value = match eq {
                Some(at) if takes => Some(&long[at + 1..]),
                Some(_) => {
                    return Err(bad_option(&[
                        b"option '--",
                        full,
                        b"' doesn't allow an argument",
                    ]))
                }
                None if takes => {
                    if i == argv.len() {
                        return Err(bad_option(&[
                            b"option '--",
                            full,
                            b"' requires an argument",
                        ]));
                    }
                    i += 1;
                    Some(sys::arg(argv[i - 1]))
                }
                None => None,
            };
            (short, value)
        } else if arg.len() > 1 && arg[0] == b'-' {
            // A cluster of short options; `f` and `o` take the rest, or the next argument.
            let mut j = 1;
            loop {
                let c = arg[j];
                j += 1;
                if c == b'f' || c == b'o' {
                    let value = if j < arg.len() {
                        &arg[j..]
                    } else if i < argv.len() {
                        i += 1;
                        sys::arg(argv[i - 1])
                    } else {
                        return Err(bad_option(&[
                            b"option requires an argument -- '",
                            &[c],
                            b"'",
                        ]));
                    };
                    o.set(c, Some(value))?;
                    break;
                }
                if !b"apqvV".contains(&c) {
                    return Err(bad_option(&[b"invalid option -- '", &[c], b"'"]));
                }
                o.set(c, None)?;
                if j == arg.len() {
                    break;
                }
            }
            continue;
        } else {
            // The command: `+` stops at the first non-option.
            i -= 1;
            break;
        };
        o.set(opt, value)?;
    }
    // (`>=`: with no argv at all, argc 0, there is no program either.)
    if i >= argv.len() {
        let mut err = msg();
        err.put(b"missing program to run\n");
        return Err(try_help(err));
    }
    Ok((o, i))
}

impl Options {
    /// One option, in command-line order: `--help` and `--version` exit at once.
    fn set(&mut self, opt: u8, value: Option<CStr>) -> Result<(), i32> {
        match opt {
            b'a' => self.append = true,
            b'f' => {
                self.format = value.unwrap_or(b"");
                self.posix = false;
            }
            b'o' => self.outfile = value,
            b'p' => {
                self.format = POSIX_FORMAT;
                self.posix = true;
            }
            b'q' => self.quiet = true,
            b'v' => self.verbose = true,
            b'V' => {
                let _ = rt::write_all(1, VERSION);
                return Err(0);
            }
            _ => {
                // `h`, `--help`: on stdout.
                let mut out = Out::new(1);
                out.put(b"Usage: ").put(sys::program()).put(HELP).flush();
                return Err(0);
            }
        }
        Ok(())
    }
}

/// What is reported about the command.
struct Report<'a> {
    command: &'a [*const u8],
    status: WaitStatus,
    usage: Rusage,
    /// Elapsed seconds and microseconds.
    elapsed: (i64, i64),
}

/// GNU time's `summarize`: the status line (unless `-q`, or `-p`), then FORMAT with its `%`
/// specifiers and `\` escapes, then a newline (none after a trailing lone `%`).
fn summarize(out: &mut Out, o: &Options, format: &[u8], r: &Report) {
    // GNU time compares the format's address with `-p`'s: `-v` after it wins.
    if !o.quiet && (!o.posix || o.verbose) {
        match r.status {
            WaitStatus::Signaled { signal, .. } => {
                out.put(b"Command terminated by signal ")
                    .num(i64::from(signal))
                    .byte(b'\n');
            }
            WaitStatus::Exited(code) if code != 0 => {
                out.put(b"Command exited with non-zero status ")
                    .num(i64::from(code))
                    .byte(b'\n');
            }
            _ => {}
        }
    }
    let u = &r.usage;
    let (sec, usec) = r.elapsed;
    let ms = |t: linux_resource::Timeval| t.tv_sec * 1000 + t.tv_usec / 1000;
    // Elapsed real and CPU milliseconds, and their microsecond parts (GNU time's `%P`
    // fallbacks for a command that ran under a millisecond).
    let real = sec * 1000 + usec / 1000;
    let cpu = ms(u.ru_utime) + ms(u.ru_stime);
    let us_real = usec;
    let us_cpu = u.ru_utime.tv_usec + u.ru_stime.tv_usec;
    // The average sizes: kilobyte-ticks over CPU ticks (100 a second); 0 on Linux, which
    // fills none of these fields.
    let ticks = cpu / 10;
    let avg = |fields: &[i64]| -> i64 {
        if ticks == 0 {
            0
        } else {
            fields
                .iter()
                .map(|&f| (f as u64 / ticks as u64) as i64)
                .sum()
        }
    };
    let mut i = 0;
    while i < format.len() {
        let c = format[i];
        i += 1;
        if c == b'%' {
            let Some(&spec) = format.get(i) else {
                // A lone `%` at the end: `?`, and no newline.
                out.byte(b'?');
                return;
            };
            i += 1;
            let secs = |out: &mut Out, s: i64, us: i64| {
                out.num(s).byte(b'.').num2(us / 10_000);
            };
            match spec {
                b'%' => {
                    out.byte(b'%');
                }
                b'C' => {
                    for (k, &arg) in r.command.iter().enumerate() {
                        if k > 0 {
                            out.byte(b' ');
                        }
                        out.put(sys::arg(arg));
                    }
                }
                b'D' => {
                    out.num(avg(&[u.ru_idrss, u.ru_isrss]));
                }
                b'E' => {
                    if sec >= 3600 {
                        out.num(sec / 3600)
                            .byte(b':')
                            .num2(sec % 3600 / 60)
                            .byte(b':')
                            .num2(sec % 60);
                    } else {
                        out.num(sec / 60).byte(b':').num2(sec % 60).byte(b'.');
                        out.num2(usec / 10_000);
                    }
                }
                b'F' => {
                    out.num(u.ru_majflt);
                }
                b'I' => {
                    out.num(u.ru_inblock);
                }
                b'K' => {
                    out.num(avg(&[u.ru_idrss, u.ru_isrss, u.ru_ixrss]));
                }
                b'M' => {
                    out.num(u.ru_maxrss);
                }
                b'O' => {
                    out.num(u.ru_oublock);
                }
                b'P' => {
                    if real > 0 {
                        out.num(cpu * 100 / real).byte(b'%');
                    } else if us_real > 0 {
                        out.num(us_cpu * 100 / us_real).byte(b'%');
                    } else {
                        out.put(b"?%");
                    }
                }
                b'R' => {
                    out.num(u.ru_minflt);
                }
                b'S' => secs(out, u.ru_stime.tv_sec, u.ru_stime.tv_usec),
                b'U' => secs(out, u.ru_utime.tv_sec, u.ru_utime.tv_usec),
                b'W' => {
                    out.num(u.ru_nswap);
                }
                b'X' => {
                    out.num(avg(&[u.ru_ixrss]));
                }
                b'Z' => {
                    out.num(linux_resource::page_size() as i64);
                }
                b'c' => {
                    out.num(u.ru_nivcsw);
                }
                b'e' => secs(out, sec, usec),
                b'k' => {
                    out.num(u.ru_nsignals);
                }
                b'p' => {
                    out.num(avg(&[u.ru_isrss]));
                }
                b'r' => {
                    out.num(u.ru_msgrcv);
                }
                b's' => {
                    out.num(u.ru_msgsnd);
                }
                b't' => {
                    out.num(avg(&[u.ru_idrss]));
                }
                b'w' => {
                    out.num(u.ru_nvcsw);
                }
                b'x' => {
                    // WEXITSTATUS: 0 after a signal.
                    out.num(match r.status {
                        WaitStatus::Exited(code) => i64::from(code),
                        _ => 0,
                    });
                }
                other => {
                    out.byte(b'?').byte(other);
                }
            }
        } else if c == b'\\' {
            // GNU time 1.9 reads past a trailing backslash (it prints `?\`, a NUL byte, then
            // whatever follows the format in memory); this prints `?\` and ends the format.
            let esc = format.get(i).copied();
            i += 1;
            match esc {
                Some(b't') => out.byte(b'\t'),
                Some(b'n') => out.byte(b'\n'),
                Some(b'\\') => out.byte(b'\\'),
                Some(other) => out.put(b"?\\").byte(other),
                None => out.put(b"?\\"),
            };
        } else {
            out.byte(c);
        }
    }
    out.byte(b'\n');
}

/// Called by `rt::start` with the command line and the environment; returns the exit code.
pub fn main(argv: &'static [*const u8], envp: *const *const u8) -> i32 {
    if let Some(&first) = argv.first() {
        sys::set_program(sys::arg(first));
    }
    let (o, at) = match parse(argv, envp) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let command = &argv[at..];
    let mut out = Out::new(2);
    if let Some(file) = o.outfile {
        match sys::open_output(file, o.append) {
            Ok(fd) => out.fd = fd,
            Err(errno) => {
                let mut err = msg();
                err.put(file).put(b": ").errno(errno);
                send(err);
                return EXIT_CANCELED;
            }
        }
    }
    let start = now();
    let pid = match rt::fork() {
        Ok(0) => {
            let errno = sys::execvp(command, envp);
            let mut err = msg();
            err.put(b"cannot run ")
                .put(sys::arg(command[0]))
                .put(b": ")
                .errno(errno);
            send(err);
            rt::exit(if errno == Errno::ENOENT.into_raw() {
                EXIT_ENOENT
            } else {
                EXIT_CANNOT_INVOKE
            });
        }
        Ok(pid) => pid,
        Err(errno) => {
            let mut err = msg();
            err.put(b"cannot fork: ").errno(errno);
            send(err);
            return EXIT_CANCELED;
        }
    };
    // Signals from the terminal go to the command; time stays to report.
    rt::ignore_signal(2);
    rt::ignore_signal(3);
    let child = match wait_usage(pid) {
        Ok(child) => child,
        Err(e) => {
            let errno = match e {
                Error::Os(errno) => errno,
                _ => Errno::ECHILD,
            };
            let mut err = msg();
            err.put(b"error waiting for child process: ")
                .errno(errno.into_raw());
            send(err);
            return 1;
        }
    };
    let end = now();
    let mut nanos = (end.0 as i64 - start.0 as i64) * 1_000_000_000 + end.1 as i64 - start.1 as i64;
    if nanos < 0 {
        nanos = 0;
    }
    let report = Report {
        command,
        status: child.status,
        usage: child.usage,
        elapsed: (nanos / 1_000_000_000, nanos % 1_000_000_000 / 1000),
    };
    let format = if o.verbose { VERBOSE_FORMAT } else { o.format };
    summarize(&mut out, &o, format, &report);
    // A file's write error is lost, as GNU time loses it in fflush; stderr is unbuffered there
    // and a failed write is `write error` and exit 1.
    let mid_report = out.error;
    out.flush();
    if mid_report != 0 || (out.fd == 2 && out.error != 0) {
        let mut err = msg();
        err.put(b"write error: ").errno(out.error);
        send(err);
        return 1;
    }
    match child.status {
        WaitStatus::Exited(code) => code,
        WaitStatus::Signaled { signal, .. } | WaitStatus::Stopped { signal } => 128 + signal,
        _ => 1,
    }
}

/// The monotonic clock, or 0 if there is none (a kernel without it: `%e` is then 0).
fn now() -> (u64, u32) {
    linux_resource::syscall::clock_monotonic().unwrap_or((0, 0))
}
