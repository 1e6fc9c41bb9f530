//! Resource limits: `getrlimit`, `setrlimit`, `prlimit`.

use crate::error::{Error, PermissionReason, Result};
use crate::{Errno, Resource, Rlimit, sys};

/// `getrlimit(resource)`: the calling process's soft and hard limit of `resource`.
///
/// The getrlimit system call itself where it reports every `u64` limit exactly, not prlimit64
/// (which libc and rustix use, and which costs more); prlimit64 (pid 0, nothing set) where it
/// does not, as glibc's `getrlimit64` does. Which, on each architecture: the table in
/// [`raw`](crate::raw).
/// It cannot fail for a valid resource; the `Result` covers kernels that refuse it (seccomp).
///
/// ```
/// use linux_resource::{getrlimit, Resource};
///
/// let stack = getrlimit(Resource::Stack)?;
/// assert!(stack.soft <= stack.hard);
/// # Ok::<(), linux_resource::Error>(())
/// ```
///
/// Async-signal-safe.
///
/// # References
///  - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
#[inline]
pub fn getrlimit(resource: Resource) -> Result<Rlimit> {
    sys::getrlimit(resource.as_raw()).map_err(|errno| Error::from_errno(errno, 0))
}

/// `setrlimit(resource, new)`: sets the calling process's limits of `resource`.
///
/// The setrlimit system call where it takes every `u64` limit, prlimit64 (pid 0, the old limit
/// not read) elsewhere, as glibc's `setrlimit64` does: the table in [`raw`](crate::raw).
///
/// A soft limit above the hard limit is [`Error::SoftAboveHard`], found before any system call.
/// Lowering either limit is always allowed; raising the hard limit needs `CAP_SYS_RESOURCE`, and
/// a `NOFILE` hard limit above `fs.nr_open` is refused even then: both are
/// [`Error::PermissionDenied`] with the [`PermissionReason`]. On any error the limits are left
/// as they were.
///
/// A 32-bit kernel keeps limits as `unsigned long`s: it stores any limit from 2^32 - 1 up as
/// infinity. A 32-bit MIPS kernel's infinity is 2^31 - 1, and it stores 2^31 to 2^32 - 2 as
/// themselves, above its infinity: there a soft limit in that range under an infinite hard
/// limit is the kernel's `EINVAL` ([`Error::Os`]), and lowering an infinite hard limit into it
/// counts as a raise (`EPERM`, [`PermissionReason::Unknown`]).
///
/// ```
/// use linux_resource::{getrlimit, setrlimit, Resource, Rlimit};
///
/// // Disable core dumps: lower the soft limit, keep the hard one.
/// let core = getrlimit(Resource::Core)?;
/// setrlimit(Resource::Core, Rlimit::new(0, core.hard))?;
/// assert_eq!(getrlimit(Resource::Core)?.soft, 0);
/// # setrlimit(Resource::Core, core)?;
/// # Ok::<(), linux_resource::Error>(())
/// ```
///
/// Async-signal-safe.
///
/// # References
///  - [`setrlimit(2)`](https://man7.org/linux/man-pages/man2/setrlimit.2.html)
#[inline]
pub fn setrlimit(resource: Resource, new: Rlimit) -> Result<()> {
    let new = new.validate()?;
    sys::setrlimit(resource.as_raw(), &new).map_err(|errno| explain(errno, 0, resource, new))
}

/// `prlimit(pid, resource, new)`: reads, and with `Some(new)` sets, the limits of `resource` of
/// process `pid`, returning the limits it had before.
///
/// `pid` 0 is the caller; a thread ID stands for its process. With `None` the call only reads.
/// Acting on another process, reads included, needs the caller's real uid and gid to equal the
/// target's real, effective and saved ones, or `CAP_SYS_RESOURCE`; otherwise the error is
/// [`Error::PermissionDenied`] with [`PermissionReason::OtherProcess`]. An unknown pid is
/// [`Error::NoSuchProcess`]. A soft limit above the hard limit is [`Error::SoftAboveHard`],
/// found before any system call. On any error the limits are left as they were.
///
/// ```
/// use linux_resource::{prlimit, Resource, Rlimit};
///
/// // Read only.
/// let files = prlimit(0, Resource::Nofile, None)?;
/// // Set the soft limit to the hard one and get the old limits back.
/// let old = prlimit(0, Resource::Nofile, Some(Rlimit::new(files.hard, files.hard)))?;
/// assert_eq!(old, files);
/// # prlimit(0, Resource::Nofile, Some(files))?;
/// # Ok::<(), linux_resource::Error>(())
/// ```
///
/// Async-signal-safe.
///
/// # References
///  - [`prlimit(2)`](https://man7.org/linux/man-pages/man2/prlimit.2.html)
#[inline]
pub fn prlimit(pid: i32, resource: Resource, new: Option<Rlimit>) -> Result<Rlimit> {
    let new = match new {
        Some(new) => Some(new.validate()?),
        None => None,
    };
    match sys::prlimit(pid, resource.as_raw(), new.as_ref()) {
        Ok(old) => Ok(old),
        Err(errno) => Err(match new {
            Some(new) => explain(errno, pid, resource, new),
            None if errno == Errno::EPERM => {
                Error::PermissionDenied(PermissionReason::OtherProcess { pid })
            }
            None => Error::from_errno(errno, pid),
        }),
    }
}

/// The largest `fs.nr_open` the kernel accepts on 64-bit: `INT_MAX` rounded down to a multiple
/// of `BITS_PER_LONG` (`sysctl_nr_open_max`). A `NOFILE` hard limit above it is refused
/// whatever `fs.nr_open` is set to.
pub(crate) const NR_OPEN_MAX: u64 = (i32::MAX as u64) & !63;

/// Turns the errno of a failed set into an [`Error`]; for `EPERM`, finds out which of the
/// kernel's checks refused it. Runs only on the error path.
#[cold]
#[inline(never)]
pub(crate) fn explain(errno: Errno, pid: i32, resource: Resource, new: Rlimit) -> Error {
    if errno != Errno::EPERM {
        return Error::from_errno(errno, pid);
    }
    // The kernel checks, in order: may the caller act on `pid` at all; NOFILE above nr_open;
    // raising the hard limit without CAP_SYS_RESOURCE; then security modules. Reading the
    // current limit repeats the first check without changing anything.
    let reason = match sys::prlimit(pid, resource.as_raw(), None) {
        Err(Errno::EPERM) => PermissionReason::OtherProcess { pid },
        Err(_) => PermissionReason::Unknown,
        Ok(current) => {
            let raising = new.hard > current.hard;
            let nofile = if resource == Resource::Nofile {
                // The nr_open check comes first and refuses even privileged callers.
                match crate::nr_open() {
                    Ok(nr_open) if new.hard > nr_open => {
                        Some(PermissionReason::NofileAboveNrOpen {
                            requested: new.hard,
                            nr_open: Some(nr_open),
                        })
                    }
                    Ok(_) => None,
                    // Unreadable (no /proc, or no free file descriptor): above the kernel's
                    // absolute ceiling is certain; below it, either check may have refused.
                    Err(_) if new.hard > NR_OPEN_MAX => Some(PermissionReason::NofileAboveNrOpen {
                        requested: new.hard,
                        nr_open: None,
                    }),
                    Err(_) if raising => Some(PermissionReason::NofileCapOrNrOpen {
                        current: current.hard,
                        requested: new.hard,
                    }),
                    Err(_) => None,
                }
            } else {
                None
            };
            match nofile {
                Some(reason) => reason,
                None if raising => PermissionReason::RaiseHardLimit {
                    resource,
                    current: current.hard,
                    requested: new.hard,
                },
                None => PermissionReason::Unknown,
            }
        }
    };
    Error::PermissionDenied(reason)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::explain;
    use crate::{Errno, Error, PermissionReason, Resource, Rlimit, getrlimit, setrlimit};

    /// `EPERM` for a request that raises no hard limit: neither the capability check nor
    /// `fs.nr_open` refused it (the hard limit is one the process has), so a security module or
    /// a seccomp filter did. The crate must not blame `CAP_SYS_RESOURCE` or a ceiling. The
    /// kernel gives this answer only under such a filter, so it is handed to `explain` here.
    #[test]
    fn an_eperm_that_raises_nothing_is_not_blamed_on_a_check() {
        for resource in Resource::ALL {
            let current = getrlimit(resource).unwrap();
            for new in [
                current,
                Rlimit::new(0, current.hard),
                Rlimit::new(0, current.hard.saturating_sub(1)),
            ] {
                assert_eq!(
                    explain(Errno::EPERM, 0, resource, new),
                    Error::PermissionDenied(PermissionReason::Unknown),
                    "{resource} {new}"
                );
            }
        }
    }

    /// The same for `NOFILE` when `fs.nr_open` cannot be read (no free descriptor): a request
    /// that raises nothing is no `NofileCapOrNrOpen` either.
    #[test]
    #[allow(unsafe_code)] // fork and _exit, in this test alone
    fn without_a_free_descriptor_an_eperm_that_raises_nothing_is_unknown() {
        // SAFETY: the child makes system calls only and leaves with _exit.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork");
        if pid == 0 {
            // No unwrap or assert in the child: a panic there could hang on a lock that
            // another test thread held at the fork.
            let code = std::panic::catch_unwind(|| {
                let Ok(current) = getrlimit(Resource::Nofile) else {
                    return 10;
                };
                // No free descriptor: a soft limit of 0.
                if setrlimit(Resource::Nofile, Rlimit::new(0, current.hard)).is_err() {
                    return 11;
                }
                if crate::nr_open() != Err(Error::Os(Errno::EMFILE)) {
                    return 12;
                }
                let new = Rlimit::new(0, current.hard);
                match explain(Errno::EPERM, 0, Resource::Nofile, new) {
                    Error::PermissionDenied(PermissionReason::Unknown) => 0,
                    _ => 1,
                }
            })
            .unwrap_or(101);
            // SAFETY: leaves the child without returning into the test harness.
            unsafe { libc::_exit(code) };
        }
        let mut status = 0;
        // SAFETY: waits for our own child.
        while unsafe { libc::waitpid(pid, &mut status, 0) } != pid {
            let errno = std::io::Error::last_os_error().raw_os_error();
            assert_eq!(errno, Some(libc::EINTR), "waitpid");
        }
        assert!(
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "status {status:#x}: exit 1 is another reason than Unknown, 10-12 a failed setup, 101 a panic"
        );
    }
}
