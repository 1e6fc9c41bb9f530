//! Errors across `std::process::Command::pre_exec`: std hands the parent only the child's
//! `raw_os_error()` (and `EINVAL` when there is none), so `From<Error> for std::io::Error` must
//! carry the errno of every error, and must not allocate (the child of a multi-threaded parent
//! should not).
//!
//! Each command here fails in its `pre_exec` closure, before `exec`: the program is never run,
//! so no program is needed (these tests also run where there is no shell and no `/proc`).
#![cfg(feature = "std")]

use crate::common;

use common::counting::allocations_in;
use linux_resource::{
    Errno, Error, PermissionReason, Resource, Rlimit, getrlimit, prlimit, setrlimit,
};
use std::os::unix::process::CommandExt;
use std::process::Command;

/// A path that is never executed: every `pre_exec` below fails first.
const NEVER_RUN: &str = "/nonexistent/linux-resource-pre-exec-test";

/// Spawns a command whose `pre_exec` runs `f`, and returns the errno the parent sees.
fn errno_seen_by_parent(
    f: impl FnMut() -> Result<(), linux_resource::Error> + Send + Sync + 'static,
) -> Option<i32> {
    let mut f = f;
    let mut cmd = Command::new(NEVER_RUN);
    // SAFETY: the closures below make only async-signal-safe calls (system calls through this
    // crate and libc's credential calls) and allocate nothing.
    unsafe {
        cmd.pre_exec(move || f().map_err(std::io::Error::from));
    }
    match cmd.spawn() {
        Ok(mut child) => {
            let status = child.wait();
            panic!("pre_exec did not fail: the command ran ({status:?})");
        }
        Err(err) => err.raw_os_error(),
    }
}

/// Drops to uid and gid 65534 in a `pre_exec` child, unless the test already runs as them.
fn become_nobody_in_pre_exec() -> Result<(), Error> {
    // SAFETY: credential system calls in the forked child.
    unsafe {
        if libc::geteuid() == 0
            && (libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(65534) != 0
                || libc::setuid(65534) != 0)
        {
            let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
            return Err(Error::Os(Errno::new(errno)));
        }
    }
    Ok(())
}

#[test]
fn the_parent_sees_each_errno() {
    let nofile = getrlimit(Resource::Nofile).unwrap();
    let dead = common::reaped_pid();
    let cases: Vec<(&str, i32, Option<i32>)> = vec![
        (
            "soft limit above hard limit (refused before the syscall)",
            libc::EINVAL,
            errno_seen_by_parent(|| setrlimit(Resource::Core, Rlimit::new(10, 5))),
        ),
        (
            "unknown resource number (refused before the syscall)",
            libc::EINVAL,
            errno_seen_by_parent(|| Resource::try_from(16).map(drop)),
        ),
        (
            "raising the NOFILE hard limit as uid 65534",
            libc::EPERM,
            errno_seen_by_parent(move || {
                become_nobody_in_pre_exec()?;
                // Lowering is always allowed; raising it back needs CAP_SYS_RESOURCE.
                let lower = nofile.hard - 1;
                setrlimit(Resource::Nofile, Rlimit::new(nofile.soft.min(lower), lower))?;
                let err = setrlimit(Resource::Nofile, nofile).unwrap_err();
                assert!(matches!(err, Error::PermissionDenied(_)), "{err:?}");
                Err(err)
            }),
        ),
        (
            "prlimit on a reaped pid",
            libc::ESRCH,
            errno_seen_by_parent(move || prlimit(dead, Resource::Core, None).map(drop)),
        ),
        (
            "wait_usage(-1) with no child",
            libc::ECHILD,
            errno_seen_by_parent(|| linux_resource::wait_usage(-1).map(drop)),
        ),
    ];
    println!("| failure in pre_exec | expected errno | the parent saw |");
    println!("|---|---|---|");
    for (what, want, got) in &cases {
        let name = |e: i32| Errno::new(e).name().unwrap_or("?");
        println!(
            "| {what} | {} ({want}) | {} |",
            name(*want),
            got.map_or("no errno".to_string(), |g| format!("{} ({g})", name(g)))
        );
    }
    for (what, want, got) in cases {
        assert_eq!(got, Some(want), "{what}");
    }
}

#[test]
fn every_error_converts_to_its_errno_without_allocating() {
    let errors = [
        (Error::InvalidResource(16), libc::EINVAL),
        (Error::SoftAboveHard { soft: 2, hard: 1 }, libc::EINVAL),
        (Error::NoSuchProcess { pid: 5 }, libc::ESRCH),
        (Error::NoSuchChild { pid: -1 }, libc::ECHILD),
        (
            Error::PermissionDenied(PermissionReason::RaiseHardLimit {
                resource: Resource::Nofile,
                current: 1,
                requested: 2,
            }),
            libc::EPERM,
        ),
        (
            Error::PermissionDenied(PermissionReason::NofileAboveNrOpen {
                requested: 2,
                nr_open: Some(1),
            }),
            libc::EPERM,
        ),
        (
            Error::PermissionDenied(PermissionReason::OtherProcess { pid: 1 }),
            libc::EPERM,
        ),
        (
            Error::PermissionDenied(PermissionReason::Unknown),
            libc::EPERM,
        ),
        (Error::Os(Errno::EFAULT), libc::EFAULT),
    ];
    for (err, want) in errors {
        let mut io = None;
        let allocations = allocations_in(|| io = Some(std::io::Error::from(err)));
        let io = io.unwrap();
        assert_eq!(allocations, 0, "{err:?}");
        assert_eq!(io.raw_os_error(), Some(want), "{err:?}");
        assert_eq!(
            err.errno().map(Errno::into_raw),
            (!matches!(err, Error::InvalidResource(_) | Error::SoftAboveHard { .. }))
                .then_some(want)
        );
    }
    // The counter does count: a boxed error allocates.
    assert!(allocations_in(|| drop(std::hint::black_box(Box::new(1u8)))) > 0);
}

#[test]
fn the_reason_is_kept_in_a_boxed_error() {
    fn set() -> Result<(), Box<dyn std::error::Error>> {
        setrlimit(Resource::Core, Rlimit::new(10, 5))?;
        Ok(())
    }
    let err = set().unwrap_err();
    assert_eq!(err.to_string(), "soft limit 10 is above hard limit 5");
    assert_eq!(
        err.downcast_ref::<Error>(),
        Some(&Error::SoftAboveHard { soft: 10, hard: 5 })
    );
}
