//! `raw::prlimit64` against libc's `syscall(SYS_prlimit64, ..)`: any resource, any soft and hard
//! limit (or a bad pointer), get or set, on a pid from the harness's safe set, as root or as
//! `nobody`.
//!
//! Each input runs twice, in two worker processes that start from the same limits: once with our
//! call, once with libc's. Each worker reports the return value, the errno, what the kernel wrote
//! through `old`, its own 16 limits afterwards, and those of the child it acted on. The two
//! reports must be equal. The fuzzer's own limits never change.

use super::{
    Buffers, InPtr, LimitChoice, OutPtr, PidChoice, Reporter, ResourceChoice, Ret, Snapshot, Wire,
};
use arbitrary::Arbitrary;
use linux_resource::{Rlimit, raw};

#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum New {
    /// Read only.
    Null,
    /// Set these limits.
    Limits {
        soft: LimitChoice,
        hard: LimitChoice,
    },
    /// A pointer the kernel cannot read (or reads only partly).
    BadPtr(InPtr),
}

/// An input: one call.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub struct Input {
    pid: PidChoice,
    resource: ResourceChoice,
    new: New,
    old: OutPtr,
    unprivileged: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Report {
    /// Dropping privileges: 0 or errno.
    setup: i32,
    /// The new limits asked for (resolved from the choices).
    new: Rlimit,
    ret: Ret,
    buffers: Buffers,
    /// The worker's own limits after the call.
    own: Snapshot,
    /// The owned child's limits after the call (all zero without one; errors 1 if it died).
    child: Snapshot,
}

// SAFETY: plain integers.
unsafe impl Wire for Report {}

#[derive(Clone, Copy)]
enum Side {
    Ours,
    Libc,
}

/// One worker's run. Async-signal-safe: it runs in a forked child.
fn run(input: Input, side: Side) -> Report {
    let reporter = match input.pid {
        PidChoice::Child => Reporter::spawn(),
        _ => None,
    };
    let pid = match input.pid {
        PidChoice::Zero => 0,
        PidChoice::Own => super::raw_getpid(),
        PidChoice::Child => reporter.as_ref().map_or(-1, |r| r.pid),
        PidChoice::Reaped => super::reaped_pid(),
        fixed => fixed.fixed().expect("a fixed pid"),
    };
    let resource = input.resource.raw();
    // The current limits, for choices relative to them: the target's if readable, else ours.
    let mut current = Rlimit::new(0, 0);
    // SAFETY: `current` is a local.
    let (_, e) =
        unsafe { super::libc_prlimit64(pid, resource % 16, std::ptr::null(), &mut current) };
    if e != 0 {
        // SAFETY: `current` is a local.
        unsafe { super::libc_prlimit64(0, resource % 16, std::ptr::null(), &mut current) };
    }
    let setup = if input.unprivileged {
        super::drop_privileges()
    } else {
        0
    };
    let new_value = super::tame(
        resource,
        match input.new {
            New::Limits { soft, hard } => Rlimit::new(soft.value(current), hard.value(current)),
            _ => Rlimit::new(0, 0),
        },
    );
    let new_ptr = match input.new {
        New::Null => std::ptr::null(),
        New::Limits { .. } => InPtr::Valid.ptr(&new_value),
        New::BadPtr(p) => p.ptr(&new_value),
    };
    let mut buffers = Buffers::new();
    let old_ptr = buffers.out_ptr(input.old);
    let ret = match side {
        // SAFETY: every pointer is null, a local, the guard mapping's last 8 bytes (followed by
        // an inaccessible page), or an address the kernel refuses: the kernel touches nothing
        // but the locals and the guard mapping.
        Side::Ours => super::ours(unsafe { raw::prlimit64(pid, resource, new_ptr, old_ptr) }),
        // SAFETY: as for ours.
        Side::Libc => unsafe { super::libc_prlimit64(pid, resource, new_ptr, old_ptr) },
    };
    buffers.collect();
    let own = Snapshot::of(0);
    let child = match reporter {
        Some(r) => r.finish().unwrap_or(Snapshot {
            errors: [1; 16],
            ..Snapshot::NONE
        }),
        None => Snapshot::NONE,
    };
    Report {
        setup,
        new: new_value,
        ret,
        buffers,
        own,
        child,
    }
}

/// One input of the fuzz target `prlimit`: panics on any difference.
pub fn check(input: Input) {
    super::init();
    let ours = super::run_in_child(|| run(input, Side::Ours));
    let libc = super::run_in_child(|| run(input, Side::Libc));
    assert_eq!(ours, libc, "raw::prlimit64 and libc differ on {input:?}");
    let initial = super::own_limits();
    super::feedback(super::signature(&[
        ours.ret.1 as u64,
        ours.setup as u64,
        u64::from(ours.buffers.valid.soft != super::SENTINEL),
        u64::from(ours.buffers.straddle != super::SENTINEL),
        u64::from(ours.own != *initial),
        u64::from(ours.child != Snapshot::NONE && ours.child != *initial),
    ]));
    super::assert_own_limits_unchanged();
}
