//! Which `EPERM` story a refused `NOFILE` hard limit tells, at the boundaries of the two
//! ceilings: `fs.nr_open`, and the kernel's absolute `NR_OPEN_MAX` when `fs.nr_open` cannot be
//! read. Each request is made unprivileged (uid 65534) in a forked child, so that it is
//! refused on any machine, and the expected reason is what the caller could know: with `/proc`
//! the crate names `fs.nr_open`; without it (as PID 1's child before `/proc` is mounted) it
//! says what it can rule out.

use crate::common;

use common::spawn::become_nobody_if_root;
use common::{NR_OPEN_MAX, fs_nr_open, in_child, nofile_refusal};
use linux_resource::{Error, PermissionReason, Resource, Rlimit, getrlimit, setrlimit};

/// The hard limit each child starts from: low, so that every request below raises it.
const LOW: u64 = 1024;

/// What a [`refusals`] child reports: the hard limit it started from and each result, or the
/// error of the call that set it up, which the parent names.
type Refusals<const N: usize> = Result<(u64, [Result<(), Error>; N]), Error>;

/// In a child: lower `NOFILE` to `soft`:[`LOW`] (or less), drop privileges, then ask for each
/// hard limit of `requests`. Returns the hard limit it started from and each result.
fn refusals<const N: usize>(soft: u64, requests: [u64; N]) -> (u64, [Result<(), Error>; N]) {
    let outcome: Refusals<N> = in_child(move || {
        let start = getrlimit(Resource::Nofile)?;
        let low = start.hard.min(LOW);
        setrlimit(Resource::Nofile, Rlimit::new(soft.min(low), low))?;
        become_nobody_if_root();
        let results = requests.map(|hard| setrlimit(Resource::Nofile, Rlimit::new(0, hard)));
        Ok((low, results))
    });
    outcome.expect("lowering NOFILE in the child")
}

#[test]
fn a_raise_up_to_nr_open_is_refused_for_the_capability() {
    // fs.nr_open itself is allowed (the kernel refuses only what is above it); one more is not.
    let nr_open = fs_nr_open();
    let ceiling = nr_open.unwrap_or(1 << 20);
    let (low, results) = refusals(LOW, [LOW + 1, ceiling, ceiling + 1]);
    for (requested, result) in [low + 1, ceiling, ceiling + 1].into_iter().zip(results) {
        assert_eq!(
            result,
            Err(Error::PermissionDenied(nofile_refusal(
                low, requested, nr_open
            ))),
            "{requested} (fs.nr_open {nr_open:?})"
        );
    }
    if let Some(nr_open) = nr_open {
        assert_eq!(
            results[1],
            Err(Error::PermissionDenied(PermissionReason::RaiseHardLimit {
                resource: Resource::Nofile,
                current: low,
                requested: nr_open,
            })),
            "exactly fs.nr_open is not above it"
        );
    }
}

#[test]
fn without_a_free_descriptor_only_the_absolute_ceiling_is_certain() {
    // A soft limit of 0: nr_open() cannot open /proc/sys/fs/nr_open (EMFILE), with or without
    // /proc. Above NR_OPEN_MAX no fs.nr_open could allow the request; at NR_OPEN_MAX either
    // check may have refused it.
    let (low, results) = refusals(0, [NR_OPEN_MAX + 1, NR_OPEN_MAX]);
    assert_eq!(
        results,
        [
            Err(Error::PermissionDenied(
                PermissionReason::NofileAboveNrOpen {
                    requested: NR_OPEN_MAX + 1,
                    nr_open: None,
                }
            )),
            Err(Error::PermissionDenied(
                PermissionReason::NofileCapOrNrOpen {
                    current: low,
                    requested: NR_OPEN_MAX,
                }
            )),
        ]
    );
}
