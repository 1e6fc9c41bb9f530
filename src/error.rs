//! Typed errors.

use crate::Errno;
use crate::Resource;
use core::fmt;

/// The result type of this crate.
pub type Result<T> = core::result::Result<T, Error>;

/// What went wrong, in terms a caller can act on.
///
/// Input errors ([`Error::InvalidResource`], [`Error::SoftAboveHard`]) are found before any
/// system call is made, so they never change a limit. `EPERM` becomes
/// [`Error::PermissionDenied`] with the reason, `ESRCH` becomes [`Error::NoSuchProcess`],
/// `ECHILD` from a wait [`Error::NoSuchChild`], and any other errno is [`Error::Os`].
///
/// With the `std` feature it converts into `std::io::Error` without allocating, keeping the
/// errno (see the `From` impl); a caller who wants the reason as well keeps this `Error`, which
/// is a `std::error::Error` (`Box<dyn Error>` works).
///
/// ```
/// use linux_resource::{setrlimit, Error, Resource, Rlimit};
///
/// let err = setrlimit(Resource::Core, Rlimit::new(10, 5)).unwrap_err();
/// assert_eq!(err, Error::SoftAboveHard { soft: 10, hard: 5 });
/// assert_eq!(err.errno(), None); // no system call was made
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// A resource number that is not one of Linux's 16 (`RLIMIT_NLIMITS` and above).
    InvalidResource(u32),
    /// A soft limit above the hard limit; the kernel would refuse it with `EINVAL`.
    SoftAboveHard {
        /// The soft limit asked for.
        soft: u64,
        /// The hard limit asked for.
        hard: u64,
    },
    /// `ESRCH`: no process has this pid (or it has exited and been reaped).
    NoSuchProcess {
        /// The pid that was asked for.
        pid: i32,
    },
    /// `EPERM`, with the reason when the crate can tell.
    PermissionDenied(PermissionReason),
    /// `ECHILD`: there is no child to wait for. `pid` is not a child of the calling process,
    /// or it was already reaped (by an earlier wait, or at once because `SIGCHLD` is ignored);
    /// for `pid` -1, the process has no children left to wait for.
    NoSuchChild {
        /// The pid that was waited for, as `wait4` takes it: -1 any child, 0 any child in the
        /// caller's process group, below -1 any child in that process group.
        pid: i32,
    },
    /// Any other error the kernel returned.
    Os(Errno),
}

/// Why the kernel refused with `EPERM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PermissionReason {
    /// Raising a hard limit above its current value needs `CAP_SYS_RESOURCE` in the initial
    /// user namespace (root in a container does not have it).
    RaiseHardLimit {
        /// The resource.
        resource: Resource,
        /// The current hard limit.
        current: u64,
        /// The hard limit asked for.
        requested: u64,
    },
    /// A `NOFILE` hard limit above `fs.nr_open` (`/proc/sys/fs/nr_open`) is refused even for
    /// privileged callers.
    NofileAboveNrOpen {
        /// The hard limit asked for.
        requested: u64,
        /// The value of `fs.nr_open`, when `/proc` could be read.
        nr_open: Option<u64>,
    },
    /// Raising the `NOFILE` hard limit was refused, and `fs.nr_open` could not be read to tell
    /// which of the two checks refused it: the caller lacks `CAP_SYS_RESOURCE`, or the request
    /// is above `fs.nr_open`. This happens when `/proc` is not mounted, or when the process has
    /// no free file descriptor to read it with (exactly when programs raise `NOFILE`).
    NofileCapOrNrOpen {
        /// The current hard limit.
        current: u64,
        /// The hard limit asked for.
        requested: u64,
    },
    /// The caller may not read or change this process's limits: its real uid and gid must
    /// equal the target's real, effective and saved ones, or it needs `CAP_SYS_RESOURCE`.
    OtherProcess {
        /// The target pid.
        pid: i32,
    },
    /// None of the above: a security module (LSM) or a cause the crate cannot see.
    Unknown,
}

impl Error {
    /// The errno behind this error, or `None` when the crate refused the input before making a
    /// system call.
    #[inline]
    pub const fn errno(&self) -> Option<Errno> {
        match self {
            Error::InvalidResource(_) | Error::SoftAboveHard { .. } => None,
            Error::NoSuchProcess { .. } => Some(Errno::ESRCH),
            Error::PermissionDenied(_) => Some(Errno::EPERM),
            Error::NoSuchChild { .. } => Some(Errno::ECHILD),
            Error::Os(errno) => Some(*errno),
        }
    }

    /// The typed error for `errno` from a call on `pid`, when no better reason is known.
    #[cold]
    pub(crate) fn from_errno(errno: Errno, pid: i32) -> Error {
        match errno {
            Errno::ESRCH => Error::NoSuchProcess { pid },
            Errno::EPERM => Error::PermissionDenied(PermissionReason::Unknown),
            other => Error::Os(other),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidResource(raw) => write!(
                f,
                "invalid resource {raw}: Linux resources are numbered 0 to {}",
                crate::RLIM_NLIMITS - 1
            ),
            Error::SoftAboveHard { soft, hard } => write!(
                f,
                "soft limit {} is above hard limit {}",
                crate::rlimit::LimitValue(*soft),
                crate::rlimit::LimitValue(*hard)
            ),
            Error::NoSuchProcess { pid } => write!(f, "no such process: {pid}"),
            Error::PermissionDenied(reason) => write!(f, "operation not permitted: {reason}"),
            Error::NoSuchChild { pid: -1 } => f.write_str("no child process to wait for"),
            Error::NoSuchChild { pid: 0 } => {
                f.write_str("no child process in the caller's process group to wait for")
            }
            Error::NoSuchChild { pid } if *pid < 0 => write!(
                f,
                "no child process in process group {} to wait for",
                pid.unsigned_abs()
            ),
            Error::NoSuchChild { pid } => write!(
                f,
                "no child process {pid} to wait for (not a child of this process, or already reaped)"
            ),
            Error::Os(errno) => match errno.name_and_description() {
                Some((name, description)) => write!(f, "{description} ({name})"),
                None => write!(f, "error {}", errno.into_raw()),
            },
        }
    }
}

impl fmt::Display for PermissionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::rlimit::LimitValue;
        match self {
            PermissionReason::RaiseHardLimit {
                resource,
                current,
                requested,
            } => write!(
                f,
                "raising the {resource} hard limit from {} to {} needs CAP_SYS_RESOURCE",
                LimitValue(*current),
                LimitValue(*requested)
            ),
            PermissionReason::NofileCapOrNrOpen { current, requested } => write!(
                f,
                "raising the NOFILE hard limit from {} to {} needs CAP_SYS_RESOURCE and a value \
                 no higher than fs.nr_open, which could not be read",
                LimitValue(*current),
                LimitValue(*requested)
            ),
            PermissionReason::NofileAboveNrOpen {
                requested,
                nr_open: Some(nr_open),
            } => write!(
                f,
                "NOFILE hard limit {} is above fs.nr_open ({nr_open})",
                LimitValue(*requested)
            ),
            PermissionReason::NofileAboveNrOpen {
                requested,
                nr_open: None,
            } => write!(
                f,
                "NOFILE hard limit {} is above fs.nr_open",
                LimitValue(*requested)
            ),
            PermissionReason::OtherProcess { pid } => write!(
                f,
                "the caller may not act on the limits of process {pid} (different user, no CAP_SYS_RESOURCE)"
            ),
            PermissionReason::Unknown => f.write_str("refused by the kernel or a security module"),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(feature = "std")]
impl From<Error> for std::io::Error {
    /// The plain OS error, without allocating: the kernel's errno for an error from a system
    /// call ([`Error::NoSuchProcess`] is `ESRCH`, [`Error::PermissionDenied`] `EPERM`,
    /// [`Error::NoSuchChild`] `ECHILD`, [`Error::Os`] its errno), and `EINVAL` for input the
    /// crate refused before any system call ([`Error::InvalidResource`],
    /// [`Error::SoftAboveHard`]). So `raw_os_error()` is always `Some`, and the error survives
    /// `std::process::Command::pre_exec`, which hands the parent only `raw_os_error()` (and
    /// `EINVAL` when there is none).
    ///
    /// The reason this crate found (which hard limit, which `fs.nr_open`) is not kept: a caller
    /// with std who wants it keeps this crate's [`Error`], which is a `std::error::Error`, so
    /// `?` into `Box<dyn std::error::Error>` keeps the whole message.
    ///
    /// ```
    /// use linux_resource::{setrlimit, Resource, Rlimit};
    ///
    /// let err = setrlimit(Resource::Core, Rlimit::new(10, 5)).unwrap_err();
    /// let io = std::io::Error::from(err);
    /// assert_eq!(io.raw_os_error(), Some(22)); // EINVAL
    /// assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);
    ///
    /// // The reason, kept: this crate's error in a Box<dyn Error>.
    /// let boxed: Box<dyn std::error::Error> = err.into();
    /// assert_eq!(boxed.to_string(), "soft limit 10 is above hard limit 5");
    /// ```
    #[inline]
    fn from(err: Error) -> std::io::Error {
        let errno = err.errno().unwrap_or(Errno::EINVAL);
        std::io::Error::from_raw_os_error(errno.into_raw())
    }
}
