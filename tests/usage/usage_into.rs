//! `getrusage_into`: the kernel's figures land in the caller's memory, for every selector, and
//! replace whatever was there.

use crate::common;

use common::{in_child, wait_for};
use linux_resource::{
    RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD, Rusage, Timeval, Who, getrusage_into,
};

/// What no kernel reports: every field -1 (a `tv_usec` of -1 is not even normalised).
const GARBAGE: Rusage = Rusage {
    ru_utime: Timeval {
        tv_sec: -1,
        tv_usec: -1,
    },
    ru_stime: Timeval {
        tv_sec: -1,
        tv_usec: -1,
    },
    ru_maxrss: -1,
    ru_ixrss: -1,
    ru_idrss: -1,
    ru_isrss: -1,
    ru_minflt: -1,
    ru_majflt: -1,
    ru_nswap: -1,
    ru_inblock: -1,
    ru_oublock: -1,
    ru_msgsnd: -1,
    ru_msgrcv: -1,
    ru_nsignals: -1,
    ru_nvcsw: -1,
    ru_nivcsw: -1,
};

/// The fields that only grow, in microseconds and counts.
fn ours(u: &Rusage) -> [i64; 9] {
    let micros = |t: Timeval| t.tv_sec * 1_000_000 + t.tv_usec;
    [
        micros(u.ru_utime),
        micros(u.ru_stime),
        u.ru_maxrss,
        u.ru_minflt,
        u.ru_majflt,
        u.ru_inblock,
        u.ru_oublock,
        u.ru_nvcsw,
        u.ru_nivcsw,
    ]
}

/// `c_long` (32 or 64 bits) as `i64`.
fn wide<T: Into<i64>>(value: T) -> i64 {
    value.into()
}

/// libc's getrusage, the oracle: the same fields as [`ours`] (all -1 if it fails, which the
/// parent's checks then report).
fn theirs(who: i32) -> [i64; 9] {
    let mut u = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `u` is a valid out-pointer.
    if unsafe { libc::getrusage(who, u.as_mut_ptr()) } != 0 {
        return [-1; 9];
    }
    // SAFETY: filled by the kernel (and zeroed before).
    let u = unsafe { u.assume_init() };
    let micros = |t: libc::timeval| wide(t.tv_sec) * 1_000_000 + wide(t.tv_usec);
    [
        micros(u.ru_utime),
        micros(u.ru_stime),
        wide(u.ru_maxrss),
        wide(u.ru_minflt),
        wide(u.ru_majflt),
        wide(u.ru_inblock),
        wide(u.ru_oublock),
        wide(u.ru_nvcsw),
        wide(u.ru_nivcsw),
    ]
}

/// Every field a kernel writes, normalised and never negative, and the fields Linux does not
/// keep zero: no -1 of the garbage is left.
fn written_by_the_kernel(u: &Rusage) {
    for t in [u.ru_utime, u.ru_stime] {
        assert!(
            t.tv_sec >= 0 && (0..1_000_000).contains(&t.tv_usec),
            "{u:?}"
        );
    }
    assert!(ours(u).iter().all(|&v| v >= 0), "{u:?}");
    for unused in [
        u.ru_ixrss,
        u.ru_idrss,
        u.ru_isrss,
        u.ru_nswap,
        u.ru_msgsnd,
        u.ru_msgrcv,
    ] {
        assert_eq!(unused, 0, "{u:?}");
    }
}

#[test]
fn each_selector_writes_the_kernels_figures_over_what_was_there() {
    // A forked process with a reaped child of its own, so that RUSAGE_CHILDREN is not all zero
    // and no other test's children come and go meanwhile.
    let results = in_child(|| {
        let child = common::spawn::fork_child(|| {
            common::spawn::burn_cpu(20);
            0
        });
        wait_for(child);
        let mut results = [(0i32, [0i64; 9], Ok(()), GARBAGE, [0i64; 9]); 3];
        for (slot, (who, raw)) in results.iter_mut().zip([
            (Who::Process, RUSAGE_SELF),
            (Who::Thread, RUSAGE_THREAD),
            (Who::Children, RUSAGE_CHILDREN),
        ]) {
            let before = theirs(raw);
            let mut out = GARBAGE;
            let result = getrusage_into(who, &mut out);
            let after = theirs(raw);
            *slot = (raw, before, result, out, after);
        }
        results
    });
    for (raw, before, result, out, after) in results {
        assert_eq!(result, Ok(()), "RUSAGE {raw}");
        written_by_the_kernel(&out);
        let got = ours(&out);
        for i in 0..got.len() {
            assert!(
                before[i] <= got[i] && got[i] <= after[i],
                "RUSAGE {raw}, field {i}: {} <= {} <= {}",
                before[i],
                got[i],
                after[i]
            );
        }
    }
    let children = results[2].3;
    assert!(
        children.ru_utime != Timeval::ZERO || children.ru_stime != Timeval::ZERO,
        "the reaped child's CPU time: {children:?}"
    );
}

#[test]
fn both_writes_the_process_and_its_children_together() {
    let (self_before, children, result, out, self_after) = in_child(|| {
        let child = common::spawn::fork_child(|| {
            common::spawn::burn_cpu(20);
            0
        });
        wait_for(child);
        let self_before = theirs(RUSAGE_SELF);
        let children = theirs(RUSAGE_CHILDREN);
        let mut out = GARBAGE;
        let result = getrusage_into(Who::Both, &mut out);
        (self_before, children, result, out, theirs(RUSAGE_SELF))
    });
    assert_eq!(result, Ok(()));
    written_by_the_kernel(&out);
    let (lo, c, hi, got) = (self_before, children, self_after, ours(&out));
    for i in 0..got.len() {
        let (low, high) = if i == 2 {
            // ru_maxrss: the larger of the two, not the sum.
            (lo[i].max(c[i]), hi[i].max(c[i]))
        } else {
            (lo[i] + c[i], hi[i] + c[i])
        };
        assert!(
            low <= got[i] && got[i] <= high,
            "field {i}: {low} <= {} <= {high}",
            got[i]
        );
    }
    assert!(c[0] + c[1] > 0, "the reaped child's CPU time is counted");
}
