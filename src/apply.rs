//! Setting a whole set of limits at once, as a container runtime applies an OCI
//! configuration's `process.rlimits`: all of them, or (for any reason it can foresee) none.

use crate::error::{Error, PermissionReason};
use crate::limits::{NR_OPEN_MAX, explain};
use crate::{RLIM_NLIMITS, Resource, Rlimit, getrlimit, sys};
use core::fmt;

/// Why [`apply_limits`] did not apply a set of limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApplyError {
    /// The resource is listed twice (the OCI runtime specification forbids it). Nothing was
    /// changed.
    Duplicate(Resource),
    /// The limit of `resource` was refused before anything was changed: its soft limit is
    /// above its hard one ([`Error::SoftAboveHard`]), it raises a hard limit without
    /// `CAP_SYS_RESOURCE` or a `NOFILE` hard limit above `fs.nr_open`
    /// ([`Error::PermissionDenied`]), or the current limits or the capabilities could not be
    /// read. Also when the kernel refused raising a hard limit that the checks let through
    /// (root in a user namespace has `CAP_SYS_RESOURCE` there, but the kernel asks for it in
    /// the initial one): the hard limits raised before it were put back. Nothing was changed.
    Refused {
        /// The resource whose limit was refused.
        resource: Resource,
        /// Why.
        error: Error,
    },
    /// The kernel refused the limit of `resource` after other limits of the set were changed
    /// (a security module, a seccomp filter: nothing the checks can foresee). The limits that
    /// lower or keep a hard limit are set after every raise of one, in the set's order; those
    /// before `resource` in that order were changed.
    Failed {
        /// The resource whose limit the kernel refused.
        resource: Resource,
        /// Why.
        error: Error,
    },
}

impl ApplyError {
    /// The resource the error is about.
    #[inline]
    pub const fn resource(&self) -> Resource {
        match *self {
            ApplyError::Duplicate(resource)
            | ApplyError::Refused { resource, .. }
            | ApplyError::Failed { resource, .. } => resource,
        }
    }
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::Duplicate(resource) => write!(
                f,
                "{resource} is listed more than once; no limit was changed"
            ),
            ApplyError::Refused { resource, error } => {
                write!(f, "{resource} limit refused, no limit was changed: {error}")
            }
            ApplyError::Failed { resource, error } => write!(
                f,
                "{resource} limit refused by the kernel after other limits were changed: {error}"
            ),
        }
    }
}

impl core::error::Error for ApplyError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            ApplyError::Duplicate(_) => None,
            ApplyError::Refused { error, .. } | ApplyError::Failed { error, .. } => Some(error),
        }
    }
}

/// `setrlimit` for each of `limits`, all validated before any is set: applies a set of limits
/// to the calling process, as a container runtime applies an OCI configuration's
/// `process.rlimits`.
///
/// It refuses, before changing anything:
///
/// - a resource listed twice: [`ApplyError::Duplicate`] (the OCI runtime specification
///   requires it);
/// - a soft limit above its hard limit: [`ApplyError::Refused`] with [`Error::SoftAboveHard`];
/// - a hard limit above the current one when the caller lacks `CAP_SYS_RESOURCE` (read with
///   `capget`), and a `NOFILE` hard limit above `fs.nr_open`: [`ApplyError::Refused`] with
///   [`Error::PermissionDenied`] and its [`PermissionReason`].
///
/// Then it sets the limits that raise a hard limit first, and if the kernel refuses one of
/// them anyway, puts back those it raised (lowering is always allowed) and returns
/// [`ApplyError::Refused`]: nothing changed. Then the others, which only lower or keep a hard
/// limit and which the kernel refuses for no reason the checks know of; a refusal there is
/// [`ApplyError::Failed`], naming the resource.
///
/// One refusal the checks do not foresee is the kernel's own: a 32-bit MIPS kernel's infinity
/// is `0x7fffffff`, and it stores a limit from 2^31 to 2^32 - 2 as itself, above that infinity.
/// A hard limit there under an infinite one is a raise to that kernel (`EPERM` without
/// `CAP_SYS_RESOURCE`), though it is a lowering to every other kernel and to these checks
/// (o32 programs on a 64-bit kernel keep 64 bits).
///
/// A container runtime's loop over the OCI `rlimits` (`type`, `soft`, `hard`):
///
/// ```standalone_crate
/// # // A process of its own: it lowers limits, which other doc-tests must not see.
/// use linux_resource::{apply_limits, getrlimit, ApplyError, Resource, Rlimit};
///
/// // From config.json: "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 256, "soft": 64}, ...]
/// let oci = [("RLIMIT_NOFILE", 64, 256), ("RLIMIT_CORE", 0, 0)];
///
/// let mut limits = Vec::new();
/// for (kind, soft, hard) in oci {
///     let resource: Resource = kind.parse()?; // also "NOFILE", "nofile"
///     limits.push((resource, Rlimit::new(soft, hard)));
/// }
/// apply_limits(&limits)?;
/// assert_eq!(getrlimit(Resource::Nofile)?, Rlimit::new(64, 256));
///
/// // A set with a resource twice is refused, and changes nothing.
/// limits.push((Resource::Core, Rlimit::new(0, 0)));
/// assert_eq!(apply_limits(&limits), Err(ApplyError::Duplicate(Resource::Core)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// No allocation; async-signal-safe.
///
/// # References
///  - [`setrlimit(2)`](https://man7.org/linux/man-pages/man2/setrlimit.2.html)
///  - [`capget(2)`](https://man7.org/linux/man-pages/man2/capget.2.html)
///  - [OCI runtime specification, POSIX process
///    `rlimits`](https://github.com/opencontainers/runtime-spec/blob/main/config.md#posix-process)
pub fn apply_limits(limits: &[(Resource, Rlimit)]) -> Result<(), ApplyError> {
    // Each resource once (so at most 16 entries below), each pair in order.
    let mut seen = 0u32;
    for &(resource, new) in limits {
        let bit = 1u32 << resource.as_raw();
        if seen & bit != 0 {
            return Err(ApplyError::Duplicate(resource));
        }
        seen |= bit;
        new.validate()
            .map_err(|error| ApplyError::Refused { resource, error })?;
    }
    // Against the current limits: raising a hard limit needs CAP_SYS_RESOURCE (asked once, and
    // only when a hard limit is raised); NOFILE's hard limit never goes above fs.nr_open.
    let mut current = [Rlimit::new(0, 0); RLIM_NLIMITS as usize];
    let mut capable = None;
    for (i, &(resource, new)) in limits.iter().enumerate() {
        let refused = |error| ApplyError::Refused { resource, error };
        current[i] = getrlimit(resource).map_err(refused)?;
        if resource == Resource::Nofile {
            check_nr_open(new.hard).map_err(refused)?;
        }
        if new.hard > current[i].hard {
            let capable = match capable {
                Some(capable) => capable,
                None => *capable.insert(
                    sys::has_cap_sys_resource()
                        .map_err(|errno| refused(Error::from_errno(errno, 0)))?,
                ),
            };
            if !capable {
                return Err(refused(Error::PermissionDenied(
                    PermissionReason::RaiseHardLimit {
                        resource,
                        current: current[i].hard,
                        requested: new.hard,
                    },
                )));
            }
        }
    }
    let raises = |i: usize| limits[i].1.hard > current[i].hard;
    // The raises first; if the kernel refuses one anyway, those before it are lowered back
    // (always allowed), and nothing has changed.
    for (i, &(resource, new)) in limits.iter().enumerate() {
        if !raises(i) {
            continue;
        }
        if let Err(errno) = sys::setrlimit(resource.as_raw(), &new) {
            let error = explain(errno, 0, resource, new);
            let restored = (0..i)
                .filter(|&j| raises(j))
                .all(|j| sys::setrlimit(limits[j].0.as_raw(), &current[j]).is_ok());
            return Err(if restored {
                ApplyError::Refused { resource, error }
            } else {
                ApplyError::Failed { resource, error }
            });
        }
    }
    // Then the rest, which raise no hard limit.
    let mut changed = limits.iter().enumerate().any(|(i, _)| raises(i));
    for (i, &(resource, new)) in limits.iter().enumerate() {
        if raises(i) {
            continue;
        }
        if let Err(errno) = sys::setrlimit(resource.as_raw(), &new) {
            let error = explain(errno, 0, resource, new);
            return Err(if changed {
                ApplyError::Failed { resource, error }
            } else {
                ApplyError::Refused { resource, error }
            });
        }
        changed = true;
    }
    Ok(())
}

/// `NOFILE`'s hard limit against `fs.nr_open`, which the kernel enforces even for root; when
/// `/proc` cannot be read, against the kernel's ceiling of `fs.nr_open` itself.
fn check_nr_open(hard: u64) -> Result<(), Error> {
    nr_open_refusal(hard, crate::nr_open().ok())
}

/// [`check_nr_open`] with `fs.nr_open` given (`None`: it could not be read).
fn nr_open_refusal(hard: u64, nr_open: Option<u64>) -> Result<(), Error> {
    let above = match nr_open {
        Some(nr_open) => hard > nr_open,
        None => hard > NR_OPEN_MAX,
    };
    if above {
        Err(Error::PermissionDenied(
            PermissionReason::NofileAboveNrOpen {
                requested: hard,
                nr_open,
            },
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{NR_OPEN_MAX, nr_open_refusal};
    use crate::{Error, PermissionReason};

    #[test]
    fn nofile_at_nr_open_is_allowed_and_above_it_refused() {
        let refused = |requested, nr_open| {
            Err(Error::PermissionDenied(
                PermissionReason::NofileAboveNrOpen { requested, nr_open },
            ))
        };
        assert_eq!(nr_open_refusal(1024, Some(1024)), Ok(()));
        assert_eq!(nr_open_refusal(1025, Some(1024)), refused(1025, Some(1024)));
        // Without /proc: the kernel's own ceiling of fs.nr_open.
        assert_eq!(nr_open_refusal(NR_OPEN_MAX, None), Ok(()));
        assert_eq!(
            nr_open_refusal(NR_OPEN_MAX + 1, None),
            refused(NR_OPEN_MAX + 1, None)
        );
    }
}
