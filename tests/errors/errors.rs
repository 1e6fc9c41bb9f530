//! Typed errors: input refused before the syscall, ESRCH, and the three EPERM stories; after
//! every failed set the limit is unchanged.

use crate::common;

use common::{NR_OPEN_MAX, become_nobody, fs_nr_open, in_child, libc_getrlimit, reaped_pid};
use linux_resource::{
    Errno, Error, PermissionReason, Resource, Rlimit, getrlimit, nr_open, prlimit, raw, setrlimit,
};

#[test]
fn soft_above_hard_makes_no_syscall_and_changes_nothing() {
    for r in Resource::ALL {
        let before = libc_getrlimit(r);
        let bad = Rlimit::new(
            before.hard.saturating_sub(1).max(1),
            before.hard.saturating_sub(1).max(1) - 1,
        );
        let expected = Err(Error::SoftAboveHard {
            soft: bad.soft,
            hard: bad.hard,
        });
        assert_eq!(setrlimit(r, bad), expected);
        assert_eq!(prlimit(0, r, Some(bad)).map(|_| ()), expected);
        assert_eq!(
            prlimit(-1, r, Some(bad)).map(|_| ()),
            expected,
            "checked before the pid"
        );
        assert_eq!(libc_getrlimit(r), before, "{r} unchanged");
    }
    let err = setrlimit(Resource::Core, Rlimit::new(u64::MAX, 0)).unwrap_err();
    assert_eq!(err.errno(), None);
    assert_eq!(
        err.to_string(),
        "soft limit unlimited is above hard limit 0"
    );
}

#[test]
fn unknown_pids_are_no_such_process() {
    let dead = reaped_pid();
    for pid in [-1, dead, i32::MIN] {
        for r in [Resource::Nofile, Resource::Cpu] {
            let err = prlimit(pid, r, None).unwrap_err();
            assert_eq!(err, Error::NoSuchProcess { pid });
            assert_eq!(err.errno(), Some(Errno::ESRCH));
            let cur = libc_getrlimit(r);
            assert_eq!(
                prlimit(pid, r, Some(cur)),
                Err(Error::NoSuchProcess { pid })
            );
        }
    }
    assert_eq!(
        Error::NoSuchProcess { pid: 42 }.to_string(),
        "no such process: 42"
    );
}

#[test]
fn invalid_resource_numbers() {
    for raw_value in [16, 17, 1000, u32::MAX] {
        let err = Resource::try_from(raw_value).unwrap_err();
        assert_eq!(err, Error::InvalidResource(raw_value));
        assert_eq!(err.errno(), None);
        // The kernel agrees: the raw layer gives EINVAL and writes nothing (getrlimit: where
        // the architecture has the call; loongarch64 has only prlimit64).
        let mut lim = Rlimit::new(1, 2);
        let mut kernel_lim = raw::KernelRlimit {
            rlim_cur: 1,
            rlim_max: 2,
        };
        let expected = match raw::GETRLIMIT {
            Some(_) => Errno::EINVAL,
            None => Errno::ENOSYS,
        };
        // SAFETY: `lim` and `kernel_lim` are valid pointers for these calls.
        unsafe {
            assert_eq!(raw::getrlimit(raw_value, &mut kernel_lim), Err(expected));
            assert_eq!(
                raw::prlimit64(0, raw_value, std::ptr::null(), &mut lim),
                Err(Errno::EINVAL)
            );
        }
        assert_eq!(lim, Rlimit::new(1, 2));
        assert_eq!((kernel_lim.rlim_cur, kernel_lim.rlim_max), (1, 2));
    }
    for raw_value in 0..16 {
        assert_eq!(Resource::try_from(raw_value).unwrap().as_raw(), raw_value);
    }
}

#[test]
fn raising_a_hard_limit_unprivileged_is_permission_denied() {
    let (before, result, result_pr, after) = in_child(|| {
        // As root, lower CORE's hard limit to 1000; as nobody, try to raise it back.
        let core = libc_getrlimit(Resource::Core);
        setrlimit(Resource::Core, Rlimit::new(0, core.hard.min(1000))).unwrap();
        become_nobody();
        let before = libc_getrlimit(Resource::Core);
        let result = setrlimit(Resource::Core, Rlimit::new(0, before.hard + 1000));
        let result_pr = prlimit(0, Resource::Core, Some(Rlimit::new(0, before.hard + 1)));
        (before, result, result_pr, libc_getrlimit(Resource::Core))
    });
    assert_eq!(
        result,
        Err(Error::PermissionDenied(PermissionReason::RaiseHardLimit {
            resource: Resource::Core,
            current: before.hard,
            requested: before.hard + 1000,
        }))
    );
    assert_eq!(
        result_pr,
        Err(Error::PermissionDenied(PermissionReason::RaiseHardLimit {
            resource: Resource::Core,
            current: before.hard,
            requested: before.hard + 1,
        }))
    );
    assert_eq!(after, before, "unchanged");
    assert_eq!(
        result.unwrap_err().to_string(),
        format!(
            "operation not permitted: raising the CORE hard limit from {} to {} needs CAP_SYS_RESOURCE",
            before.hard,
            before.hard + 1000
        )
    );
}

#[test]
fn another_users_process_is_permission_denied() {
    let (read, write) = in_child(|| {
        become_nobody();
        (
            prlimit(1, Resource::Nofile, None),
            prlimit(1, Resource::Core, Some(Rlimit::new(0, 0))),
        )
    });
    let expected = Error::PermissionDenied(PermissionReason::OtherProcess { pid: 1 });
    assert_eq!(read, Err(expected));
    assert_eq!(write.map(|_| ()), Err(expected));
    assert_eq!(expected.errno(), Some(Errno::EPERM));
    // Nothing changed for pid 1 (read as ourselves, root).
    if let Ok(core) = prlimit(1, Resource::Core, None) {
        assert_ne!(
            core,
            Rlimit::new(0, 0),
            "pid 1's CORE limit was not set by the child"
        );
    }
}

/// A `NOFILE` hard limit above `fs.nr_open` is refused even for a privileged caller, and the
/// error names the ceiling. Without `/proc` (an init system's early tools) the crate cannot read
/// `fs.nr_open`: `nr_open()` is `ENOENT`, and a request above the kernel's absolute ceiling is
/// still explained, without the value.
#[test]
fn nofile_above_nr_open_is_permission_denied_even_as_root() {
    let nr = fs_nr_open();
    let requested = match nr {
        Some(nr) => {
            assert_eq!(nr_open(), Ok(nr));
            nr + 1
        }
        None => {
            assert_eq!(nr_open(), Err(Error::Os(Errno::ENOENT)));
            NR_OPEN_MAX + 1
        }
    };
    let (before, via_set, via_pr, after) = in_child(|| {
        let before = libc_getrlimit(Resource::Nofile);
        let asked = Rlimit::new(before.soft, requested);
        (
            before,
            setrlimit(Resource::Nofile, asked),
            prlimit(0, Resource::Nofile, Some(asked)),
            libc_getrlimit(Resource::Nofile),
        )
    });
    let expected = Error::PermissionDenied(PermissionReason::NofileAboveNrOpen {
        requested,
        nr_open: nr,
    });
    assert_eq!(via_set, Err(expected));
    assert_eq!(via_pr.map(|_| ()), Err(expected));
    assert_eq!(after, before, "unchanged");
    let ceiling = match nr {
        Some(nr) => format!(" ({nr})"),
        None => String::new(),
    };
    assert_eq!(
        expected.to_string(),
        format!(
            "operation not permitted: NOFILE hard limit {requested} is above fs.nr_open{ceiling}"
        )
    );
}

#[test]
fn getrlimit_cannot_fail_for_typed_resources() {
    for r in Resource::ALL {
        assert!(getrlimit(r).is_ok());
    }
}
