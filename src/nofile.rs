//! Raising the `NOFILE` limit: what servers do at start-up.

use crate::Errno;
use crate::error::{Error, Result};
use crate::{Resource, Rlimit, getrlimit, setrlimit, sys};

/// The kernel's default `fs.nr_open` (`sysctl_nr_open`, 1024 * 1024): the ceiling assumed when
/// `/proc/sys/fs/nr_open` cannot be read.
const NR_OPEN_DEFAULT: u64 = 1 << 20;

/// What [`raise_nofile_limit`] found and what it left: the `NOFILE` limits before and after.
///
/// `before` is what children should get back (see [`raise_nofile_limit`]); `after` is what the
/// process now has, as set (the kernel keeps a `NOFILE` limit exactly): `after.hard ==
/// before.hard` after a raise of the hard limit was refused or not needed.
///
/// ```
/// use linux_resource::{raise_nofile_limit, NofileRaise};
///
/// let NofileRaise { before, after } = raise_nofile_limit(4096)?;
/// assert!(after.soft >= before.soft.min(4096));
/// if after.hard == before.hard && after.soft < 4096 {
///     println!("could not raise the hard limit {}: {} open files at most", before.hard, after.soft);
/// }
/// # Ok::<(), linux_resource::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NofileRaise {
    /// The limits found, before any change.
    pub before: Rlimit,
    /// The limits after the raise: `before` when nothing was changed.
    pub after: Rlimit,
}

impl NofileRaise {
    /// Whether the hard limit was raised (which needs `CAP_SYS_RESOURCE`).
    #[inline]
    pub const fn raised_hard(&self) -> bool {
        self.after.hard > self.before.hard
    }
}

/// `raise_nofile_limit(want)`: raises the `NOFILE` soft limit toward `want` and returns the
/// limits it found and those it left ([`NofileRaise`]), so that a caller sees what it got and
/// can give children the original ones back.
///
/// - A soft limit already at or above `want` is left alone.
/// - Up to the hard limit, only the soft limit is raised: to `want`.
/// - Above the hard limit ([`RLIM_INFINITY`](crate::RLIM_INFINITY): as far as allowed), it
///   raises both limits to `want`, clamped to `fs.nr_open` (which refuses any higher hard
///   limit with `EPERM`, even for root); when `/proc` cannot be read, to the kernel's default
///   `fs.nr_open`, 1048576. Raising the hard limit needs `CAP_SYS_RESOURCE`; when the kernel
///   refuses it, the soft limit is still raised, to the hard one.
///
/// It fails only if the limits cannot be read or the soft limit cannot be raised (a seccomp
/// filter, a security module); a refused hard limit is not an error.
///
/// Programs that raise `NOFILE` should give their children the original limits back, as Go's
/// runtime does and as systemd recommends: `select()` cannot watch descriptors of 1024 and
/// above (`FD_SETSIZE`), and programs that use it break when they get one. Do it between
/// `fork` and `exec`:
///
#[cfg_attr(feature = "std", doc = "```standalone_crate")]
#[cfg_attr(not(feature = "std"), doc = "```ignore")]
/// # // A process of its own: merged doc-tests share one, whose NOFILE limit prlimit's
/// # // example changes and reads back, and whose children try_wait_usage's example must not see.
/// use linux_resource::{raise_nofile_limit, setrlimit, Resource, RLIM_INFINITY};
/// use std::os::unix::process::CommandExt;
/// use std::process::Command;
///
/// // At start-up: as many open files as this process may have.
/// let raised = raise_nofile_limit(RLIM_INFINITY)?;
/// println!("NOFILE {} -> {}", raised.before, raised.after);
/// let original = raised.before;
///
/// // Each child gets the original limits back (soft 1024 on most systems).
/// let mut cmd = Command::new("true");
/// // SAFETY: setrlimit is a system call: async-signal-safe, no allocation (and so is the
/// // conversion of its error into std::io::Error, needed by `?`).
/// unsafe {
///     cmd.pre_exec(move || Ok(setrlimit(Resource::Nofile, original)?));
/// }
/// assert!(cmd.status()?.success());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Async-signal-safe.
///
/// # References
///  - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
///  - [`proc_sys_fs(5)`](https://man7.org/linux/man-pages/man5/proc_sys_fs.5.html)
///    (`nr_open`)
///  - [`systemd.exec(5)`](https://man7.org/linux/man-pages/man5/systemd.exec.5.html)
///    (`LimitNOFILE=`, on soft limits above 1024)
pub fn raise_nofile_limit(want: u64) -> Result<NofileRaise> {
    let before = getrlimit(Resource::Nofile)?;
    let unchanged = NofileRaise {
        before,
        after: before,
    };
    if want <= before.soft {
        return Ok(unchanged);
    }
    if want > before.hard {
        let ceiling = crate::nr_open().unwrap_or(NR_OPEN_DEFAULT);
        if let Some(both) = raised_hard(before, want, ceiling) {
            match set_quietly(both) {
                Ok(()) => {
                    return Ok(NofileRaise {
                        before,
                        after: both,
                    });
                }
                // No CAP_SYS_RESOURCE (or above a lower fs.nr_open): the soft limit only.
                Err(Errno::EPERM) => {}
                Err(errno) => return Err(Error::from_errno(errno, 0)),
            }
        }
    }
    let soft_only = Rlimit::new(want.min(before.hard), before.hard);
    if soft_only.soft > before.soft {
        setrlimit(Resource::Nofile, soft_only)?;
        return Ok(NofileRaise {
            before,
            after: soft_only,
        });
    }
    Ok(unchanged)
}

/// Both limits at `want`, clamped to `ceiling` (`fs.nr_open`), when that raises the hard limit.
fn raised_hard(found: Rlimit, want: u64, ceiling: u64) -> Option<Rlimit> {
    let hard = want.min(ceiling);
    (hard > found.hard).then_some(Rlimit::new(hard, hard))
}

/// The call `setrlimit` makes (setrlimit, or prlimit64 where that is lossy or missing), without
/// the explanation the safe `setrlimit` works out for `EPERM` (a refusal is expected here).
fn set_quietly(limit: Rlimit) -> core::result::Result<(), Errno> {
    sys::setrlimit(Resource::Nofile.as_raw(), &limit)
}

#[cfg(test)]
mod tests {
    use super::{NR_OPEN_DEFAULT, raised_hard};
    use crate::{RLIM_INFINITY, Rlimit};

    #[test]
    fn the_hard_limit_is_clamped_to_nr_open() {
        let found = Rlimit::new(1024, 4096);
        // The rlimit crate's users asked for infinity and got EPERM (Nugine/rlimit#61).
        assert_eq!(
            raised_hard(found, RLIM_INFINITY, 1_048_576),
            Some(Rlimit::new(1_048_576, 1_048_576))
        );
        assert_eq!(
            raised_hard(found, 10_000, 1_048_576),
            Some(Rlimit::new(10_000, 10_000))
        );
        // fs.nr_open at or below the hard limit: nothing to raise.
        assert_eq!(raised_hard(found, RLIM_INFINITY, 4096), None);
        assert_eq!(raised_hard(found, RLIM_INFINITY, 2048), None);
        assert_eq!(NR_OPEN_DEFAULT, 1_048_576);
    }
}
