//! The getrlimit and setrlimit system calls and the safe API (`getrlimit`, `setrlimit`,
//! `prlimit`), against libc's `syscall(SYS_getrlimit / SYS_setrlimit / SYS_prlimit64, ..)`.
//!
//! An input is a plan: up to [`MAX_OPS`] operations, run in order in one worker process, as
//! root or as `nobody`. The plan runs twice from the same limits, once through this crate and
//! once through libc. The raw calls must give the same return, errno and written memory; the
//! safe calls must succeed exactly when libc's call does, with the same value, and otherwise
//! return the typed error that matches libc's errno:
//!
//! - `ESRCH` is `NoSuchProcess { pid }` with the pid asked for;
//! - `EPERM` is `PermissionDenied` with the reason the kernel's order of checks gives
//!   (another process; NOFILE above `fs.nr_open`; raising a hard limit; else unknown), or the
//!   vaguer `NofileCapOrNrOpen` when the worker has no descriptor free to read `fs.nr_open`;
//! - a soft limit above the hard one is `SoftAboveHard`, where the kernel refuses too;
//! - a resource number of 16 or more is `InvalidResource` from `Resource::try_from`;
//! - any other errno is `Os(errno)`.
//!
//! Both runs must leave the same limits on the worker and on its child.

use super::{
    Buffers, InPtr, LimitChoice, OutPtr, PidChoice, Reporter, ResourceChoice, Ret, Snapshot, Wire,
};
use arbitrary::Arbitrary;
use linux_resource::{Error, PermissionReason, Resource, Rlimit, raw};

const MAX_OPS: usize = 8;

/// The largest `fs.nr_open` the kernel accepts on 64-bit (`sysctl_nr_open_max`).
const NR_OPEN_MAX: u64 = (i32::MAX as u64) & !63;

#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum Op {
    /// The getrlimit system call.
    RawGet {
        resource: ResourceChoice,
        old: OutPtr,
    },
    /// The setrlimit system call.
    RawSet {
        resource: ResourceChoice,
        soft: LimitChoice,
        hard: LimitChoice,
        new: InPtr,
    },
    /// `Resource::try_from`, then `getrlimit`.
    Get { resource: ResourceChoice },
    /// `Resource::try_from`, then `setrlimit`.
    Set {
        resource: ResourceChoice,
        soft: LimitChoice,
        hard: LimitChoice,
    },
    /// `Resource::try_from`, then `prlimit`, reading or setting.
    Prlimit {
        pid: PidChoice,
        resource: ResourceChoice,
        new: Option<(LimitChoice, LimitChoice)>,
    },
}

/// An input: the operations, as root or as `nobody`.
#[derive(Arbitrary, Clone, Debug)]
pub struct Plan {
    unprivileged: bool,
    ops: Vec<Op>,
}

/// What one operation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Record {
    /// The resource number passed.
    resource: u32,
    /// The pid passed (prlimit only; differs between the runs for the worker's own pids).
    pid: i32,
    /// The new limits asked for, resolved from the choices.
    new: Rlimit,
    /// libc's read of the target's limits of `resource % 16` just before the call.
    before: (i32, Rlimit),
    /// `(return, errno)`; for a safe call that failed before any system call, `(-1, 0)`.
    ret: Ret,
    /// What the call wrote (or the sentinels).
    buffers: Buffers,
    /// The safe API's error (this crate's run only).
    error: Option<Error>,
    /// Whether the worker could open `/proc/sys/fs/nr_open` just after the call (as the crate
    /// does to explain an `EPERM`).
    nr_open_readable: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Report {
    setup: i32,
    count: usize,
    records: [Record; MAX_OPS],
    own: Snapshot,
    child: Snapshot,
}

// SAFETY: integers, and `Error`, which holds only integers and enums of integers.
unsafe impl Wire for Report {}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Libc,
}

const EMPTY: Record = Record {
    resource: 0,
    pid: 0,
    new: Rlimit::new(0, 0),
    before: (0, Rlimit::new(0, 0)),
    ret: (0, 0),
    buffers: Buffers {
        valid: Rlimit::new(0, 0),
        straddle: 0,
    },
    error: None,
    nr_open_readable: true,
};

fn result_ret<T>(result: &Result<T, Error>) -> Ret {
    match result {
        Ok(_) => (0, 0),
        Err(e) => (-1, e.errno().map_or(0, |errno| errno.into_raw())),
    }
}

/// One run of the plan. Async-signal-safe: it runs in a worker process.
fn run(plan: &Plan, side: Side) -> Report {
    let needs_child = plan.ops.iter().take(MAX_OPS).any(|op| {
        matches!(
            op,
            Op::Prlimit {
                pid: PidChoice::Child,
                ..
            }
        )
    });
    let reporter = if needs_child { Reporter::spawn() } else { None };
    let setup = if plan.unprivileged {
        super::drop_privileges()
    } else {
        0
    };
    let mut report = Report {
        setup,
        count: 0,
        records: [EMPTY; MAX_OPS],
        own: Snapshot::NONE,
        child: Snapshot::NONE,
    };
    for (op, record) in plan.ops.iter().zip(&mut report.records) {
        *record = run_op(*op, side, reporter.as_ref().map(|r| r.pid));
        report.count += 1;
    }
    report.own = Snapshot::of(0);
    report.child = match reporter {
        Some(r) => r.finish().unwrap_or(Snapshot {
            errors: [1; 16],
            ..Snapshot::NONE
        }),
        None => Snapshot::NONE,
    };
    report
}

fn run_op(op: Op, side: Side, child: Option<i32>) -> Record {
    let (resource, pid) = match op {
        Op::RawGet { resource, .. }
        | Op::RawSet { resource, .. }
        | Op::Get { resource }
        | Op::Set { resource, .. } => (resource.raw(), 0),
        Op::Prlimit { pid, resource, .. } => {
            let pid = match pid {
                PidChoice::Zero => 0,
                PidChoice::Own => super::raw_getpid(),
                PidChoice::Child => child.unwrap_or(-1),
                PidChoice::Reaped => super::reaped_pid(),
                fixed => fixed.fixed().unwrap_or(-1),
            };
            (resource.raw(), pid)
        }
    };
    let mut before = Rlimit::new(0, 0);
    // SAFETY: `before` is a local.
    let (_, before_errno) =
        unsafe { super::libc_prlimit64(pid, resource % 16, std::ptr::null(), &mut before) };
    let mut current = before;
    if before_errno != 0 {
        // SAFETY: `current` is a local.
        unsafe { super::libc_prlimit64(0, resource % 16, std::ptr::null(), &mut current) };
    }
    let resolve = |soft: LimitChoice, hard: LimitChoice| {
        super::tame(
            resource,
            Rlimit::new(soft.value(current), hard.value(current)),
        )
    };
    let new = match op {
        Op::RawSet { soft, hard, .. } | Op::Set { soft, hard, .. } => resolve(soft, hard),
        Op::Prlimit {
            new: Some((soft, hard)),
            ..
        } => resolve(soft, hard),
        _ => Rlimit::new(0, 0),
    };
    let mut record = Record {
        resource,
        pid,
        new,
        before: (before_errno, before),
        ..EMPTY
    };
    let mut buffers = Buffers::new();
    match (op, side) {
        (Op::RawGet { old, .. }, Side::Ours) => {
            let old = buffers.out_ptr(old);
            // SAFETY: `old` is null, a local `Rlimit`, the guard mapping's last 8 bytes, or an
            // address the kernel refuses: at least the kernel's `struct rlimit` (16 bytes, 8 on
            // 32-bit architectures), as libc's side of the comparison passes too.
            record.ret = super::ours(unsafe { raw::getrlimit(resource, old.cast()) });
        }
        (Op::RawGet { old, .. }, Side::Libc) => {
            let old = buffers.out_ptr(old);
            // SAFETY: as for ours.
            record.ret = unsafe { super::libc_getrlimit(resource, old) };
        }
        (Op::RawSet { new: ptr, .. }, Side::Ours) => {
            let ptr = ptr.ptr(&new);
            // SAFETY: `ptr` is null, a local, the guard mapping's last 8 bytes, or an address
            // the kernel refuses.
            record.ret = super::ours(unsafe { raw::setrlimit(resource, ptr.cast()) });
        }
        (Op::RawSet { new: ptr, .. }, Side::Libc) => {
            // SAFETY: as for ours.
            record.ret = unsafe { super::libc_setrlimit(resource, ptr.ptr(&new)) };
        }
        (Op::Get { .. }, Side::Ours) => {
            let result = Resource::try_from(resource).and_then(linux_resource::getrlimit);
            record.ret = result_ret(&result);
            record.error = result.err();
            if let Ok(value) = result {
                buffers.valid = value;
            }
        }
        (Op::Get { .. }, Side::Libc) => {
            // SAFETY: a local.
            record.ret = unsafe { super::libc_getrlimit64(resource, &mut buffers.valid) };
        }
        (Op::Set { .. }, Side::Ours) => {
            let result =
                Resource::try_from(resource).and_then(|r| linux_resource::setrlimit(r, new));
            record.ret = result_ret(&result);
            record.error = result.err();
        }
        (Op::Set { .. }, Side::Libc) => {
            // SAFETY: a local.
            record.ret = unsafe { super::libc_setrlimit64(resource, &new) };
        }
        (Op::Prlimit { new: choice, .. }, Side::Ours) => {
            let result = Resource::try_from(resource)
                .and_then(|r| linux_resource::prlimit(pid, r, choice.map(|_| new)));
            record.ret = result_ret(&result);
            record.error = result.err();
            if let Ok(value) = result {
                buffers.valid = value;
            }
        }
        (Op::Prlimit { new: choice, .. }, Side::Libc) => {
            let new_ptr = match choice {
                Some(_) => &new as *const Rlimit,
                None => std::ptr::null(),
            };
            // SAFETY: null or locals.
            record.ret =
                unsafe { super::libc_prlimit64(pid, resource, new_ptr, &mut buffers.valid) };
        }
    }
    buffers.collect();
    record.buffers = buffers;
    record.nr_open_readable = super::nr_open_readable();
    record
}

/// The error the safe API must return, given libc's outcome of the same call.
///
/// The reason of an `EPERM` follows the kernel's order of checks. When the worker could not
/// open `/proc/sys/fs/nr_open` (no free descriptor), the crate cannot see `fs.nr_open`: a NOFILE
/// hard limit above `NR_OPEN_MAX` is still `NofileAboveNrOpen` (without the value), a raise
/// below it is `NofileCapOrNrOpen` (either check may have refused), anything else `Unknown`.
fn expected_error(op: Op, ours: &Record, libc: &Record) -> Option<Error> {
    let errno = libc.ret.1;
    let (is_set, is_prlimit) = match op {
        Op::Get { .. } => (false, false),
        Op::Set { .. } => (true, false),
        Op::Prlimit { new, .. } => (new.is_some(), true),
        Op::RawGet { .. } | Op::RawSet { .. } => unreachable!("not a safe call"),
    };
    let Some(resource) = Resource::from_raw(ours.resource) else {
        return Some(Error::InvalidResource(ours.resource));
    };
    if is_set && ours.new.soft > ours.new.hard {
        return Some(Error::SoftAboveHard {
            soft: ours.new.soft,
            hard: ours.new.hard,
        });
    }
    if libc.ret == (0, 0) {
        return None;
    }
    let pid = ours.pid;
    Some(match errno {
        libc::ESRCH => Error::NoSuchProcess { pid },
        // getrlimit of the caller cannot be refused by the permission checks; if it ever is,
        // the crate cannot tell why.
        libc::EPERM if !is_prlimit && !is_set => Error::PermissionDenied(PermissionReason::Unknown),
        libc::EPERM if !is_set => Error::PermissionDenied(PermissionReason::OtherProcess { pid }),
        libc::EPERM => {
            let (before_errno, before) = ours.before;
            let nr_open = super::nr_open();
            let raising = ours.new.hard > before.hard;
            Error::PermissionDenied(if before_errno == libc::EPERM {
                PermissionReason::OtherProcess { pid }
            } else if before_errno != 0 {
                PermissionReason::Unknown
            } else if resource == Resource::Nofile && !ours.nr_open_readable {
                if ours.new.hard > NR_OPEN_MAX {
                    PermissionReason::NofileAboveNrOpen {
                        requested: ours.new.hard,
                        nr_open: None,
                    }
                } else if raising {
                    PermissionReason::NofileCapOrNrOpen {
                        current: before.hard,
                        requested: ours.new.hard,
                    }
                } else {
                    PermissionReason::Unknown
                }
            } else if resource == Resource::Nofile && ours.new.hard > nr_open {
                PermissionReason::NofileAboveNrOpen {
                    requested: ours.new.hard,
                    nr_open: Some(nr_open),
                }
            } else if raising {
                PermissionReason::RaiseHardLimit {
                    resource,
                    current: before.hard,
                    requested: ours.new.hard,
                }
            } else {
                PermissionReason::Unknown
            })
        }
        other => Error::Os(linux_resource::Errno::new(other)),
    })
}

fn error_kind(error: &Option<Error>) -> u64 {
    match error {
        None => 0,
        Some(Error::InvalidResource(_)) => 1,
        Some(Error::SoftAboveHard { .. }) => 2,
        Some(Error::NoSuchProcess { .. }) => 3,
        Some(Error::PermissionDenied(PermissionReason::OtherProcess { .. })) => 4,
        Some(Error::PermissionDenied(PermissionReason::NofileAboveNrOpen { .. })) => 5,
        Some(Error::PermissionDenied(PermissionReason::RaiseHardLimit { .. })) => 6,
        Some(Error::PermissionDenied(PermissionReason::NofileCapOrNrOpen { .. })) => 10,
        Some(Error::PermissionDenied(_)) => 7,
        Some(Error::Os(_)) => 8,
        Some(_) => 9,
    }
}

/// One input of the fuzz target `getrlimit_setrlimit`: panics on any difference.
pub fn check(plan: Plan) {
    super::init();
    let ours = super::run_in_child(|| run(&plan, Side::Ours));
    let libc = super::run_in_child(|| run(&plan, Side::Libc));
    assert_eq!(ours.setup, libc.setup, "setup differs on {plan:?}");
    assert_eq!(ours.count, libc.count);
    for (i, op) in plan.ops.iter().take(MAX_OPS).enumerate() {
        let (o, l) = (&ours.records[i], &libc.records[i]);
        let context = || format!("op {i} {op:?} of {plan:?}:\n ours {o:?}\n libc {l:?}");
        assert_eq!(
            (o.resource, o.new, o.before),
            (l.resource, l.new, l.before),
            "inputs differ: {}",
            context()
        );
        match op {
            Op::RawGet { .. } | Op::RawSet { .. } => {
                assert_eq!((o.ret, o.buffers), (l.ret, l.buffers), "{}", context());
            }
            Op::Get { .. } | Op::Set { .. } | Op::Prlimit { .. } => {
                let expected = expected_error(*op, o, l);
                assert_eq!(o.error, expected, "wrong typed error: {}", context());
                match o.error {
                    None => assert_eq!((o.ret, o.buffers), (l.ret, l.buffers), "{}", context()),
                    // Refused before any system call: the kernel must refuse too (but for
                    // qemu-user's sets of AS, DATA and STACK, which succeed whatever the values).
                    Some(Error::InvalidResource(_) | Error::SoftAboveHard { .. }) => {
                        assert_eq!(o.ret, (-1, 0), "{}", context());
                        if !super::sets_ignored(o.resource) {
                            assert_eq!(l.ret.0, -1, "the kernel accepted it: {}", context());
                        }
                    }
                    Some(e) => {
                        assert_eq!(o.ret, l.ret, "{}", context());
                        // Display never panics.
                        assert!(!e.to_string().is_empty());
                    }
                }
            }
        }
        super::feedback(super::signature(&[
            i as u64,
            o.ret.1 as u64,
            error_kind(&o.error),
            u64::from(o.buffers.straddle != super::SENTINEL),
        ]));
    }
    assert_eq!(ours.own, libc.own, "limits after the plan differ: {plan:?}");
    assert_eq!(ours.child, libc.child, "child's limits differ: {plan:?}");
    super::assert_own_limits_unchanged();
}
