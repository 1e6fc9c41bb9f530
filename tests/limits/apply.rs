//! `apply_limits`: a whole set validated before anything changes. Each case runs in a forked
//! child, as the caller and as uid 65534, and compares all 16 limits before and after with
//! libc's getrlimit.

use crate::common;

use common::counting::allocations_in;
use linux_resource::{
    ApplyError, Error, PermissionReason, RLIM_INFINITY, Resource, Rlimit, apply_limits, getrlimit,
    setrlimit,
};

/// All 16 limits, read with libc.
fn all_limits() -> [Rlimit; 16] {
    Resource::ALL.map(common::libc_getrlimit)
}

/// What a case gives back: the result, and all 16 limits before and after.
type Outcome = (Result<(), ApplyError>, [Rlimit; 16], [Rlimit; 16]);

/// A set of three limits, made from the child's CORE and NOFILE limits.
type Set3 = fn(Rlimit, Rlimit) -> [(Resource, Rlimit); 3];

/// What a raise of CORE's hard limit from the starting 1000 to 2000 is refused with, without
/// `CAP_SYS_RESOURCE`, before anything changes.
fn core_raise_refused() -> ApplyError {
    ApplyError::Refused {
        resource: Resource::Core,
        error: Error::PermissionDenied(PermissionReason::RaiseHardLimit {
            resource: Resource::Core,
            current: 1000,
            requested: 2000,
        }),
    }
}

/// Who runs a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    /// This process's user (root in CI, which may lack CAP_SYS_RESOURCE).
    Me,
    /// uid and gid 65534 (from root), never CAP_SYS_RESOURCE.
    Nobody,
}

/// The starting point of every case, set in the child: CORE `0:1000` (a finite hard limit to
/// raise), NOFILE `64:` its hard limit.
fn prepare() -> (Rlimit, Rlimit) {
    setrlimit(Resource::Core, Rlimit::new(0, 1000)).unwrap();
    let nofile = getrlimit(Resource::Nofile).unwrap();
    setrlimit(Resource::Nofile, Rlimit::new(64, nofile.hard)).unwrap();
    (
        getrlimit(Resource::Core).unwrap(),
        getrlimit(Resource::Nofile).unwrap(),
    )
}

/// Runs `set(core, nofile)` through `apply_limits` in a child as `caller`: the result, and all
/// 16 limits before and after.
fn run(caller: Caller, set: Set3) -> Outcome {
    common::in_child(move || {
        let (core, nofile) = prepare();
        if caller == Caller::Nobody {
            common::spawn::become_nobody_if_root();
        }
        let before = all_limits();
        let result = apply_limits(&set(core, nofile));
        (result, before, all_limits())
    })
}

/// Whether this process may raise a hard limit: tried in a child, as the kernel decides it.
fn may_raise_hard_limits(caller: Caller) -> bool {
    common::in_child(move || {
        prepare();
        if caller == Caller::Nobody {
            common::spawn::become_nobody_if_root();
        }
        setrlimit(Resource::Core, Rlimit::new(0, 2000)).is_ok()
    })
}

#[test]
fn every_refusal_changes_nothing() {
    // Each set lowers CORE first: had it been applied, it would show in the limits after.
    for caller in [Caller::Me, Caller::Nobody] {
        let capable = may_raise_hard_limits(caller);
        if caller == Caller::Nobody {
            assert!(!capable, "uid 65534 raised a hard limit");
        }
        let nr_open = common::fs_nr_open();
        let cases: [(&str, Set3, Option<ApplyError>); 3] = [
            (
                "a resource twice",
                |_, nofile| {
                    [
                        (Resource::Core, Rlimit::new(0, 500)),
                        (Resource::Nofile, nofile),
                        (Resource::Core, Rlimit::new(0, 400)),
                    ]
                },
                Some(ApplyError::Duplicate(Resource::Core)),
            ),
            (
                "soft above hard",
                |_, _| {
                    [
                        (Resource::Core, Rlimit::new(0, 500)),
                        (Resource::Cpu, Rlimit::new(10, 5)),
                        (Resource::Fsize, Rlimit::new(0, 0)),
                    ]
                },
                Some(ApplyError::Refused {
                    resource: Resource::Cpu,
                    error: Error::SoftAboveHard { soft: 10, hard: 5 },
                }),
            ),
            (
                "NOFILE above fs.nr_open",
                |_, _| {
                    [
                        (Resource::Core, Rlimit::new(0, 500)),
                        (Resource::Nofile, Rlimit::new(64, RLIM_INFINITY)),
                        (Resource::Fsize, Rlimit::new(0, 0)),
                    ]
                },
                Some(ApplyError::Refused {
                    resource: Resource::Nofile,
                    error: Error::PermissionDenied(PermissionReason::NofileAboveNrOpen {
                        requested: RLIM_INFINITY,
                        nr_open,
                    }),
                }),
            ),
        ];
        for (what, set, expected) in cases {
            let (result, before, after) = run(caller, set);
            println!("{caller:?}, {what}: {result:?}");
            assert_eq!(result.err(), expected, "{caller:?}, {what}");
            assert_eq!(before, after, "{caller:?}, {what}: a limit changed");
        }

        // Raising a hard limit: refused before anything changed without CAP_SYS_RESOURCE;
        // applied, all of the set, with it.
        let (result, before, after) = run(caller, |_, nofile| {
            [
                (Resource::Fsize, Rlimit::new(0, 0)),
                (Resource::Nofile, Rlimit::new(32, nofile.hard)),
                (Resource::Core, Rlimit::new(0, 2000)),
            ]
        });
        println!("{caller:?}, a hard limit raised (capable: {capable}): {result:?}");
        let core = Resource::Core.as_raw() as usize;
        if capable {
            assert_eq!(result, Ok(()), "{caller:?}");
            assert_eq!(after[core], Rlimit::new(0, 2000));
            assert_eq!(after[Resource::Fsize.as_raw() as usize], Rlimit::new(0, 0));
        } else {
            assert_eq!(result, Err(core_raise_refused()), "{caller:?}");
            assert_eq!(before, after, "{caller:?}: a limit changed");
        }
    }
}

/// (FSIZE's hard limit stays below 2^31: a 32-bit MIPS kernel's infinity is `0x7fffffff`, and
/// it takes a hard limit from 2^31 up as a raise above it, which an unprivileged caller may not
/// make: `apply_limits` documents it.)
#[test]
fn a_valid_set_is_applied_whole() {
    for caller in [Caller::Me, Caller::Nobody] {
        let (result, before, after) = run(caller, |core, nofile| {
            [
                (Resource::Nofile, Rlimit::new(32, nofile.hard - 1)),
                (Resource::Core, Rlimit::new(core.soft, 999)),
                (Resource::Fsize, Rlimit::new(1 << 29, 1 << 30)),
            ]
        });
        assert_eq!(result, Ok(()), "{caller:?}");
        for (i, resource) in Resource::ALL.into_iter().enumerate() {
            let expected = match resource {
                Resource::Nofile => Rlimit::new(32, before[i].hard - 1),
                Resource::Core => Rlimit::new(0, 999),
                Resource::Fsize => Rlimit::new(1 << 29, 1 << 30),
                _ => before[i],
            };
            assert_eq!(after[i], expected, "{caller:?}: {resource}");
        }
    }
    // The empty set changes nothing and succeeds.
    assert_eq!(apply_limits(&[]), Ok(()));
}

#[test]
fn the_errors_say_which_resource_and_why() {
    let duplicate = ApplyError::Duplicate(Resource::Nofile);
    assert_eq!(duplicate.resource(), Resource::Nofile);
    assert_eq!(
        duplicate.to_string(),
        "NOFILE is listed more than once; no limit was changed"
    );
    let refused = ApplyError::Refused {
        resource: Resource::Cpu,
        error: Error::SoftAboveHard { soft: 10, hard: 5 },
    };
    assert_eq!(
        refused.to_string(),
        "CPU limit refused, no limit was changed: soft limit 10 is above hard limit 5"
    );
    let failed = ApplyError::Failed {
        resource: Resource::Core,
        error: Error::PermissionDenied(PermissionReason::Unknown),
    };
    assert_eq!(
        failed.to_string(),
        "CORE limit refused by the kernel after other limits were changed: operation not \
         permitted: refused by the kernel or a security module"
    );
    assert_eq!(refused.resource(), Resource::Cpu);
    assert_eq!(failed.resource(), Resource::Core);
    // The crate's Error is the source.
    let source = std::error::Error::source(&refused).unwrap();
    assert_eq!(source.to_string(), "soft limit 10 is above hard limit 5");
    let source = std::error::Error::source(&failed).unwrap();
    assert_eq!(
        source.to_string(),
        "operation not permitted: refused by the kernel or a security module"
    );
    assert!(std::error::Error::source(&duplicate).is_none());
}

#[test]
fn applying_allocates_nothing() {
    let allocations = common::in_child(|| {
        let nofile = getrlimit(Resource::Nofile).unwrap();
        allocations_in(|| {
            for soft in 0..100 {
                let set = [
                    (Resource::Nofile, Rlimit::new(64 + soft, nofile.hard)),
                    (Resource::Core, Rlimit::new(0, 0)),
                ];
                apply_limits(&set).unwrap();
                let _ = apply_limits(&[set[0], set[0]]);
                let _ = apply_limits(&[(Resource::Core, Rlimit::new(0, 1))]);
            }
        })
    });
    assert_eq!(allocations, 0);
}

#[test]
fn a_raise_the_kernel_refuses_anyway_is_tried_before_any_other_change() {
    // In a new user namespace the caller has every capability there, which capget reports, but
    // the kernel asks for CAP_SYS_RESOURCE in the initial namespace: the raise passes the
    // checks and the kernel refuses it. The set lists a lowering first; raises are set first,
    // so nothing was changed.
    for caller in [Caller::Me, Caller::Nobody] {
        let outcome = common::in_child(move || {
            prepare();
            if caller == Caller::Nobody {
                common::spawn::become_nobody_if_root();
            }
            // SAFETY: unshare changes only this (child) process's user namespace.
            if unsafe { libc::unshare(libc::CLONE_NEWUSER) } != 0 {
                return Err(std::io::Error::last_os_error().raw_os_error());
            }
            let before = all_limits();
            let result = apply_limits(&[
                (Resource::Fsize, Rlimit::new(0, 0)),
                (Resource::Core, Rlimit::new(0, 2000)),
            ]);
            Ok((result, before, all_limits()))
        });
        match outcome {
            Err(errno) => {
                // No user namespaces here (a kernel without CONFIG_USER_NS, a sysctl, a
                // seccomp filter): said, not hidden.
                println!("{caller:?}: unshare(CLONE_NEWUSER) failed (errno {errno:?}): not tried");
                assert!(
                    [Some(libc::EINVAL), Some(libc::EPERM), Some(libc::ENOSPC)].contains(&errno),
                    "{errno:?}"
                );
            }
            Ok((result, before, after)) => {
                println!("{caller:?} in a user namespace: {result:?}");
                assert_eq!(result, Err(core_raise_refused()), "{caller:?}");
                assert_eq!(before, after, "{caller:?}: a limit changed");
            }
        }
    }
}

/// Which calls of a system call a seccomp profile refuses.
#[derive(Clone, Copy)]
enum Refused {
    /// Every call.
    All(u32),
    /// The calls that set a limit: `prlimit64` with a new limit (its third argument), which
    /// still reads. (glibc reads limits with `prlimit64`: refusing every call would leave
    /// `all_limits` nothing to read them with.)
    Setting(u32),
}

/// In a child as `caller`, with `refused` refused with `EACCES` (a container's seccomp
/// profile): `apply_limits(set)` and all 16 limits before and after. `None` where seccomp
/// filters are not available (qemu-user; a kernel without them).
fn with_refused(
    caller: Caller,
    refused: Refused,
    set: fn(Rlimit, Rlimit) -> [(Resource, Rlimit); 2],
) -> Option<Outcome> {
    common::in_child(move || {
        let (core, nofile) = prepare();
        if caller == Caller::Nobody {
            common::spawn::become_nobody_if_root();
        }
        let installed = match refused {
            Refused::All(nr) => common::seccomp::refuse(nr, libc::EACCES),
            Refused::Setting(nr) => common::seccomp::refuse_when_set(nr, 2, libc::EACCES),
        };
        if !installed {
            return None;
        }
        let before = all_limits();
        let result = apply_limits(&set(core, nofile));
        Some((result, before, all_limits()))
    })
}

#[test]
fn capget_is_asked_only_for_a_raise_and_its_failure_refuses() {
    use linux_resource::raw::NR_CAPGET;
    let eacces = |resource| {
        Err(ApplyError::Refused {
            resource,
            error: Error::Os(linux_resource::Errno::EACCES),
        })
    };
    for caller in [Caller::Me, Caller::Nobody] {
        // No raise: capget is not called, and the set is applied.
        let Some((result, _, after)) =
            with_refused(caller, Refused::All(NR_CAPGET), |_, nofile| {
                [
                    (Resource::Fsize, Rlimit::new(0, 0)),
                    (Resource::Nofile, Rlimit::new(32, nofile.hard)),
                ]
            })
        else {
            println!(
                "{caller:?}: no seccomp filter here (qemu-user, or none in the kernel): not tried"
            );
            continue;
        };
        assert_eq!(result, Ok(()), "{caller:?}");
        assert_eq!(after[Resource::Fsize.as_raw() as usize], Rlimit::new(0, 0));
        // A raise: capget is asked, and its failure refuses the set before any change.
        let (result, before, after) = with_refused(caller, Refused::All(NR_CAPGET), |_, _| {
            [
                (Resource::Fsize, Rlimit::new(0, 0)),
                (Resource::Core, Rlimit::new(0, 2000)),
            ]
        })
        .unwrap();
        println!("{caller:?}, capget refused: {result:?}");
        assert_eq!(result, eacces(Resource::Core), "{caller:?}");
        assert_eq!(before, after, "{caller:?}: a limit changed");
    }
}

#[test]
fn a_set_the_kernel_refuses_before_any_change_is_refused() {
    use linux_resource::raw::{LIMITS_THROUGH_PRLIMIT64, NR_PRLIMIT64, SETRLIMIT};
    // The call that sets limits here, refused: the first set fails, nothing has changed.
    let nr = if LIMITS_THROUGH_PRLIMIT64 {
        Refused::Setting(NR_PRLIMIT64)
    } else {
        Refused::All(SETRLIMIT.unwrap())
    };
    for caller in [Caller::Me, Caller::Nobody] {
        let Some((result, before, after)) = with_refused(caller, nr, |_, nofile| {
            [
                (Resource::Fsize, Rlimit::new(0, 0)),
                (Resource::Nofile, Rlimit::new(32, nofile.hard)),
            ]
        }) else {
            println!(
                "{caller:?}: no seccomp filter here (qemu-user, or none in the kernel): not tried"
            );
            continue;
        };
        println!("{caller:?}, the setting call refused: {result:?}");
        assert_eq!(
            result,
            Err(ApplyError::Refused {
                resource: Resource::Fsize,
                error: Error::Os(linux_resource::Errno::EACCES),
            }),
            "{caller:?}"
        );
        assert_eq!(before, after, "{caller:?}: a limit changed");

        // A raise without CAP_SYS_RESOURCE is refused on capget's word: the kernel is not
        // asked (which here would answer EACCES).
        let capable = may_raise_hard_limits(caller);
        let (result, before, after) = with_refused(caller, nr, |_, _| {
            [
                (Resource::Fsize, Rlimit::new(0, 0)),
                (Resource::Core, Rlimit::new(0, 2000)),
            ]
        })
        .unwrap();
        println!("{caller:?}, a raise, the setting call refused: {result:?}");
        let expected = if capable {
            ApplyError::Refused {
                resource: Resource::Core,
                error: Error::Os(linux_resource::Errno::EACCES),
            }
        } else {
            core_raise_refused()
        };
        assert_eq!(result, Err(expected), "{caller:?}, capable: {capable}");
        assert_eq!(before, after, "{caller:?}: a limit changed");
    }
}
