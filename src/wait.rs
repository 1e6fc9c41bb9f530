//! The resource usage of one child process: `wait4`, and `waitid` without reaping.

use crate::Errno;
use crate::error::{Error, Result};
use crate::{Rusage, raw, sys};
use core::fmt;

/// How a child process ended (or, for a traced child, stopped), decoded from the status
/// `wait4` reports.
///
/// ```
/// use linux_resource::WaitStatus;
///
/// assert_eq!(WaitStatus::from_raw(3 << 8), WaitStatus::Exited(3));
/// let segv = WaitStatus::from_raw(11 | 0x80);
/// assert_eq!(segv, WaitStatus::Signaled { signal: 11, core_dumped: true });
/// // As std's ExitStatus shows it.
/// assert_eq!(segv.to_string(), "signal: 11 (SIGSEGV) (core dumped)");
/// assert_eq!(WaitStatus::Exited(0).to_string(), "exit status: 0");
/// assert_eq!(WaitStatus::from_raw(segv.to_raw()), segv);
/// ```
///
/// # References
///  - [`wait(2)`](https://man7.org/linux/man-pages/man2/wait.2.html)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WaitStatus {
    /// The child exited with this code (`WIFEXITED`, `WEXITSTATUS`): 0 to 255.
    Exited(i32),
    /// The child was killed by a signal (`WIFSIGNALED`, `WTERMSIG`), and wrote a core dump when
    /// `core_dumped` (`WCOREDUMP`).
    Signaled {
        /// The signal's number (`SIGKILL` is 9).
        signal: i32,
        /// Whether the kernel wrote a core dump.
        core_dumped: bool,
    },
    /// The child was stopped by a signal (`WIFSTOPPED`, `WSTOPSIG`). Only for a child the caller
    /// traces with `ptrace`: the waits of this crate do not ask for stops, and a stopped child
    /// is not reaped.
    Stopped {
        /// The signal's number.
        signal: i32,
    },
    /// The child was resumed by `SIGCONT` (`WIFCONTINUED`). Only a wait with `WCONTINUED`
    /// reports it, which this crate's waits never pass; here so that [`WaitStatus::from_raw`]
    /// decodes every status.
    Continued,
}

impl WaitStatus {
    /// Decodes a wait status as `wait4` and `waitpid` report it (the `W*` macros of
    /// `<sys/wait.h>`).
    #[inline]
    pub const fn from_raw(raw: i32) -> WaitStatus {
        let low = raw & 0x7f;
        if low == 0 {
            WaitStatus::Exited((raw >> 8) & 0xff)
        } else if raw & 0xff == 0x7f {
            WaitStatus::Stopped {
                signal: (raw >> 8) & 0xff,
            }
        } else if raw == 0xffff {
            WaitStatus::Continued
        } else {
            WaitStatus::Signaled {
                signal: low,
                core_dumped: raw & 0x80 != 0,
            }
        }
    }

    /// The wait status as the kernel encodes it: `from_raw(s.to_raw()) == s` for every status
    /// with an exit code in 0..=255 and a signal in 1..=126.
    #[inline]
    pub const fn to_raw(self) -> i32 {
        match self {
            WaitStatus::Exited(code) => (code & 0xff) << 8,
            WaitStatus::Signaled {
                signal,
                core_dumped,
            } => (signal & 0x7f) | if core_dumped { 0x80 } else { 0 },
            WaitStatus::Stopped { signal } => ((signal & 0xff) << 8) | 0x7f,
            WaitStatus::Continued => 0xffff,
        }
    }

    /// The exit code, if the child exited (as `std::process::ExitStatus::code`).
    #[inline]
    pub const fn code(self) -> Option<i32> {
        match self {
            WaitStatus::Exited(code) => Some(code),
            _ => None,
        }
    }

    /// The signal that killed the child, if one did.
    #[inline]
    pub const fn signal(self) -> Option<i32> {
        match self {
            WaitStatus::Signaled { signal, .. } => Some(signal),
            _ => None,
        }
    }

    /// Whether the child exited with code 0.
    #[inline]
    pub const fn success(self) -> bool {
        matches!(self, WaitStatus::Exited(0))
    }
}

impl fmt::Display for WaitStatus {
    /// As std's `ExitStatus` shows the same status, string for string: `exit status: 3`,
    /// `signal: 9 (SIGKILL)`, `signal: 11 (SIGSEGV) (core dumped)`, `stopped (not terminated)
    /// by signal: 19 (SIGSTOP)`, `continued (WIFCONTINUED)`. The signal's name is this
    /// architecture's (MIPS numbers them its own way: 10 is `SIGBUS` there), and left out where
    /// std leaves it out (a real-time signal, MIPS's `SIGEMT`, and `SIGSTKFLT` but on x86_64,
    /// x86, arm and aarch64).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// ` (SIGKILL)`, or nothing.
        struct Name(i32);
        impl fmt::Display for Name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match crate::signal::std_name(self.0) {
                    Some(name) => write!(f, " ({name})"),
                    None => Ok(()),
                }
            }
        }
        match *self {
            WaitStatus::Exited(code) => write!(f, "exit status: {code}"),
            WaitStatus::Signaled {
                signal,
                core_dumped,
            } => {
                write!(f, "signal: {signal}{}", Name(signal))?;
                if core_dumped {
                    f.write_str(" (core dumped)")?;
                }
                Ok(())
            }
            WaitStatus::Stopped { signal } => write!(
                f,
                "stopped (not terminated) by signal: {signal}{}",
                Name(signal)
            ),
            WaitStatus::Continued => f.write_str("continued (WIFCONTINUED)"),
        }
    }
}

#[cfg(feature = "std")]
impl From<WaitStatus> for std::process::ExitStatus {
    /// The same status as std's type.
    #[inline]
    fn from(status: WaitStatus) -> std::process::ExitStatus {
        std::os::unix::process::ExitStatusExt::from_raw(status.to_raw())
    }
}

/// A child process that was waited for: its pid, how it ended, and its resource usage.
///
/// `usage` is the child's own usage plus that of the descendants it waited for itself (the
/// kernel's `RUSAGE_BOTH` of the child), and nothing of any other child.
///
/// # `ru_maxrss` of a child
///
/// A child's `ru_maxrss` includes memory it never touched itself:
///
/// - a child made by `fork` starts with a copy of the parent's page tables, so it counts the
///   parent's resident anonymous pages from its first instruction;
/// - at `exec`, the kernel records the high-water mark of the address space being replaced
///   (`exec_mmap`). After `vfork` or `posix_spawn` (which `std::process::Command` uses when it
///   can), that address space is the parent's: the child reports at least the parent's peak RSS.
///
/// So the child of a large process (a build tool, a benchmark harness, a test runner) reports
/// that process's size, however little the child itself uses. For a clean figure, start the
/// command from a small process, such as the static `prlimit` tool of this repository
/// (`prlimit --usage -- COMMAND`), or measure with a cgroup's `memory.peak`.
/// GNU time's report with clean figures: the static `time`, `examples/time-static/README.md`.
///
/// ```
/// use linux_resource::{getrusage, wait_usage, Who};
///
/// // A forked child counts the parent's resident pages as its own.
/// let parent = getrusage(Who::Process)?.ru_maxrss;
/// // SAFETY: the child only calls _exit.
/// let pid = unsafe { libc::fork() };
/// if pid == 0 {
///     unsafe { libc::_exit(0) };
/// }
/// let child = wait_usage(pid)?;
/// println!("parent {parent} KiB, child that did nothing {} KiB", child.usage.ru_maxrss);
/// # Ok::<(), linux_resource::Error>(())
/// ```
///
/// # References
///  - [`wait4(2)`](https://man7.org/linux/man-pages/man2/wait4.2.html)
///  - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html) (`ru_maxrss`)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChildUsage {
    /// The child's pid.
    pub pid: i32,
    /// How it ended.
    pub status: WaitStatus,
    /// Its resource usage (see the type's documentation for `ru_maxrss`).
    pub usage: Rusage,
}

/// `wait4(pid, &status, 0, &usage)`: waits until child `pid` terminates, reaps it, and returns
/// its status and its own resource usage.
///
/// `pid` -1 waits for any child, 0 for any child in the caller's process group, below -1 for
/// any child in process group `-pid`; [`ChildUsage::pid`] says which one it was. Unlike
/// [`getrusage(Who::Children)`](crate::getrusage), which sums every child ever waited for (and
/// whose `ru_maxrss` is the largest of them), this is the usage of this one child. Read the
/// note on `ru_maxrss` at [`ChildUsage`].
///
/// `EINTR` is retried. No child to wait for (`pid` is not a child, or was already reaped, or
/// `SIGCHLD` is ignored so children are reaped at once) is [`Error::NoSuchChild`]. A child the
/// caller traces may be reported stopped ([`WaitStatus::Stopped`]), not reaped.
///
/// For a `std::process::Child`, use `ChildExt::wait_with_usage` (`std` feature) instead, so
/// that std's own record of the child stays right.
///
/// ```
/// use linux_resource::{wait_usage, WaitStatus};
///
/// // Any child will do: made by fork, clone, posix_spawn or std::process::Command.
/// // SAFETY: the child only calls _exit.
/// let pid = unsafe { libc::fork() };
/// if pid == 0 {
///     unsafe { libc::_exit(3) };
/// }
/// let child = wait_usage(pid)?;
/// assert_eq!((child.pid, child.status), (pid, WaitStatus::Exited(3)));
/// println!("{}", child.usage);
/// # Ok::<(), linux_resource::Error>(())
/// ```
///
/// Async-signal-safe.
///
/// # References
///  - [`wait4(2)`](https://man7.org/linux/man-pages/man2/wait4.2.html)
#[inline]
pub fn wait_usage(pid: i32) -> Result<ChildUsage> {
    loop {
        match sys::wait4(pid, 0) {
            Ok(Some((pid, status, usage))) => {
                return Ok(ChildUsage {
                    pid,
                    status: WaitStatus::from_raw(status),
                    usage,
                });
            }
            // Without WNOHANG the kernel reports a child, never 0; were it to, waiting again
            // is right.
            Ok(None) | Err(Errno::EINTR) => continue,
            Err(errno) => return Err(wait_error(errno, pid)),
        }
    }
}

/// `wait4(pid, &status, WNOHANG, &usage)`: [`wait_usage`] that does not block: `Ok(None)` while
/// the child (or, for `pid` -1, every child) is still running.
///
/// ```standalone_crate
/// use linux_resource::{try_wait_usage, Error};
///
/// // No children: an error, not `None`. (This example runs in a process of its own: merged
/// // doc-tests share one, and the others' children would be this one's.)
/// assert_eq!(try_wait_usage(-1), Err(Error::NoSuchChild { pid: -1 }));
/// ```
///
/// Async-signal-safe.
///
/// # References
///  - [`wait4(2)`](https://man7.org/linux/man-pages/man2/wait4.2.html)
#[inline]
pub fn try_wait_usage(pid: i32) -> Result<Option<ChildUsage>> {
    wait4_usage(pid, raw::WNOHANG)
}

/// One `wait4` with `options`, `EINTR` retried.
fn wait4_usage(pid: i32, options: i32) -> Result<Option<ChildUsage>> {
    loop {
        match sys::wait4(pid, options) {
            Ok(found) => {
                return Ok(found.map(|(pid, status, usage)| ChildUsage {
                    pid,
                    status: WaitStatus::from_raw(status),
                    usage,
                }));
            }
            Err(Errno::EINTR) => continue,
            Err(errno) => return Err(wait_error(errno, pid)),
        }
    }
}

#[cold]
fn wait_error(errno: Errno, pid: i32) -> Error {
    match errno {
        Errno::ECHILD => Error::NoSuchChild { pid },
        other => Error::Os(other),
    }
}

/// `waitid(P_PID, pid, &info, WEXITED | WNOWAIT, &usage)`: waits until child `pid` terminates
/// and returns its resource usage, leaving it a zombie for a later wait to reap. `EINTR` is
/// retried.
#[cfg(feature = "std")]
fn wait_keeping_zombie(pid: i32) -> Result<Rusage> {
    loop {
        match sys::waitid_keeping_zombie(pid) {
            Ok(usage) => return Ok(usage),
            Err(Errno::EINTR) => continue,
            Err(errno) => return Err(wait_error(errno, pid)),
        }
    }
}

#[cfg(feature = "std")]
mod sealed {
    pub trait Sealed {}
    impl Sealed for std::process::Child {}
}

/// The resource usage of a `std::process::Child`, with std's own bookkeeping kept right.
///
/// Two methods, one wait: [`wait_with_usage`](ChildExt::wait_with_usage) speaks std
/// (`std::io::Result`, std's `ExitStatus`), and [`wait_usage`](ChildExt::wait_usage) this
/// crate (its [`Error`](crate::Error), a [`ChildUsage`](crate::ChildUsage)), as the free
/// function [`wait_usage`](crate::wait_usage) does. The `std::io::Error` keeps the errno
/// (`raw_os_error()`), as every conversion of this crate's errors does; a caller who wants the
/// typed reason (`Error::NoSuchChild`) calls `wait_usage`.
///
/// ```
/// use linux_resource::{ChildExt, Error, WaitStatus};
/// use std::process::Command;
///
/// let mut child = Command::new("true").spawn()?;
/// let (status, usage) = child.wait_with_usage()?;
/// assert!(status.success());
/// println!("true: {usage}");
/// // std knows the child was reaped, and by whom: it gives the same status again.
/// assert_eq!(child.try_wait()?, Some(status));
///
/// // The same wait, with this crate's types.
/// let mut child = Command::new("false").spawn()?;
/// let pid = child.id() as i32;
/// let ended = child.wait_usage()?;
/// assert_eq!((ended.pid, ended.status), (pid, WaitStatus::Exited(1)));
/// // Once reaped, its usage is gone: the typed error says so.
/// assert_eq!(child.wait_usage(), Err(Error::NoSuchChild { pid }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///  - [`waitid(2)`](https://man7.org/linux/man-pages/man2/waitid.2.html)
#[cfg(feature = "std")]
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
pub trait ChildExt: sealed::Sealed {
    /// `waitid(P_PID, pid, .., WEXITED | WNOWAIT, &usage)`, then `Child::wait`: waits for the
    /// child to terminate and returns its exit status and its own resource usage.
    ///
    /// It first closes the child's stdin, as `Child::wait` does. `waitid` with `WNOWAIT` waits
    /// without reaping: the kernel fills in the usage of the zombie and leaves it. Then
    /// `Child::wait` reaps it, so std records the status, and a later `try_wait()` or `wait()`
    /// returns the same status. `EINTR` is retried. Read the note on `ru_maxrss` at
    /// [`ChildUsage`](crate::ChildUsage).
    ///
    /// The kernel takes the figures when the child becomes a zombie. What the reaping wait
    /// adds to the parent's [`Who::Children`](crate::Who::Children) can be slightly more: the
    /// last instructions of the child's exit (a few microseconds of system time) and its final
    /// context switch.
    ///
    /// Call it instead of `wait`: once std has reaped the child (a `wait`, or a `try_wait` that
    /// returned `Some`), its usage is gone and this returns the `ECHILD` error.
    ///
    /// The error is this crate's [`Error`](crate::Error) converted (`From<Error> for
    /// std::io::Error`): its errno, without the typed reason; [`ChildExt::wait_usage`] returns
    /// that `Error` itself.
    fn wait_with_usage(&mut self) -> std::io::Result<(std::process::ExitStatus, Rusage)>;

    /// [`ChildExt::wait_with_usage`] with this crate's types: the same wait, returning a
    /// [`ChildUsage`](crate::ChildUsage) or this crate's [`Error`](crate::Error)
    /// (`Error::NoSuchChild` once the child was reaped; an error of std's reaping wait, which
    /// follows a successful `waitid`, by its errno).
    fn wait_usage(&mut self) -> Result<ChildUsage>;
}

#[cfg(feature = "std")]
impl ChildExt for std::process::Child {
    fn wait_with_usage(&mut self) -> std::io::Result<(std::process::ExitStatus, Rusage)> {
        let ended = ChildExt::wait_usage(self)?;
        Ok((ended.status.into(), ended.usage))
    }

    fn wait_usage(&mut self) -> Result<ChildUsage> {
        use std::os::unix::process::ExitStatusExt as _;
        // As `Child::wait`: a child that reads its stdin to the end must see the end.
        drop(self.stdin.take());
        // Pids are at most 2^22 (PID_MAX_LIMIT): the conversion is lossless.
        let pid = self.id() as i32;
        let usage = wait_keeping_zombie(pid)?;
        let status = self.wait().map_err(|e| {
            // std's errors of waitpid are OS errors; any other would be EIO.
            wait_error(
                Errno::new(e.raw_os_error().unwrap_or(Errno::EIO.into_raw())),
                pid,
            )
        })?;
        Ok(ChildUsage {
            pid,
            status: WaitStatus::from_raw(status.into_raw()),
            usage,
        })
    }
}
