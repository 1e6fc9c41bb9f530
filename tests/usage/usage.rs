//! getrusage for all four selectors against libc.

use crate::common;

use common::{in_child, libc_getrusage, wait_for};
use linux_resource::{RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD, Rusage, Who, getrusage};

/// The fields that can only grow, of our `Rusage`.
fn monotone(u: &Rusage) -> [i64; 10] {
    [
        u.ru_utime.tv_sec * 1_000_000 + u.ru_utime.tv_usec,
        u.ru_stime.tv_sec * 1_000_000 + u.ru_stime.tv_usec,
        u.ru_maxrss,
        u.ru_minflt,
        u.ru_majflt,
        u.ru_inblock,
        u.ru_oublock,
        u.ru_nvcsw,
        u.ru_nivcsw,
        u.ru_nsignals,
    ]
}

/// libc before, ours, libc after: ours lies between, field by field.
fn check_between(who: Who, raw: i32) {
    // Burn a little CPU and fault some pages first so that the counters are not all zero.
    let v: Vec<u8> = vec![1; 1 << 20];
    std::hint::black_box(&v);
    let before = libc_getrusage(raw);
    let ours = getrusage(who).unwrap();
    let after = libc_getrusage(raw);
    let (b, o, a) = (monotone(&before), monotone(&ours), monotone(&after));
    for i in 0..b.len() {
        assert!(
            b[i] <= o[i] && o[i] <= a[i],
            "{who:?} field {i}: {} <= {} <= {}",
            b[i],
            o[i],
            a[i]
        );
    }
    // The fields Linux does not maintain are zero in both.
    for (ours, theirs) in [
        (ours.ru_ixrss, before.ru_ixrss),
        (ours.ru_idrss, before.ru_idrss),
        (ours.ru_isrss, before.ru_isrss),
        (ours.ru_nswap, before.ru_nswap),
        (ours.ru_msgsnd, before.ru_msgsnd),
        (ours.ru_msgrcv, before.ru_msgrcv),
    ] {
        assert_eq!(ours, theirs);
    }
    assert!(ours.ru_utime.tv_usec >= 0 && ours.ru_utime.tv_usec < 1_000_000);
    assert_eq!(ours.user_time(), ours.ru_utime.to_duration());
    assert_eq!(ours.max_rss_bytes(), ours.ru_maxrss as u64 * 1024);
}

#[test]
fn process_between_libc_samples() {
    // `ru_maxrss` lies between libc's samples like every other field, and is never negative. It
    // may be 0: since Linux 6.2 the RSS counters are per-CPU and folded in lazily, and on
    // real 6.12 arm64 kernels (16K and 64K pages) libc reads 0 for a running test too.
    check_between(Who::Process, RUSAGE_SELF);
    assert!(getrusage(Who::Process).unwrap().ru_maxrss >= 0);
}

#[test]
fn thread_between_libc_samples() {
    check_between(Who::Thread, RUSAGE_THREAD);
}

#[test]
fn children_between_libc_samples() {
    check_between(Who::Children, RUSAGE_CHILDREN);
}

#[test]
fn thread_is_at_most_process() {
    let thread = getrusage(Who::Thread).unwrap();
    let process = getrusage(Who::Process).unwrap();
    assert!(thread.cpu_time() <= process.cpu_time());
    assert!(thread.ru_minflt <= process.ru_minflt);
}

#[test]
fn both_is_process_plus_children() {
    // In a single-threaded child: fork a grandchild that burns CPU, reap it, then compare.
    let (s1, children, both, s2) = in_child(|| {
        // The grandchild burns ~100 ms of CPU and exits.
        let pid = common::fork();
        if pid == 0 {
            let start = std::time::Instant::now();
            let mut x = 0u64;
            while start.elapsed().as_millis() < 100 {
                x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
            }
            // SAFETY: leave.
            unsafe { libc::_exit(0) };
        }
        wait_for(pid);
        let s1 = libc_getrusage(RUSAGE_SELF);
        let children = libc_getrusage(RUSAGE_CHILDREN);
        let both = getrusage(Who::Both).unwrap();
        let s2 = libc_getrusage(RUSAGE_SELF);
        (s1, children, both, s2)
    });
    let c = monotone(&children);
    assert!(
        c[0] + c[1] > 0,
        "the reaped grandchild's CPU time is counted"
    );
    let (lo, hi, got) = (monotone(&s1), monotone(&s2), monotone(&both));
    for i in 0..got.len() {
        if i == 2 {
            // ru_maxrss: the larger of self's and children's.
            assert!(
                got[2] >= lo[2].max(c[2]) && got[2] <= hi[2].max(c[2]),
                "maxrss"
            );
        } else {
            assert!(
                lo[i] + c[i] <= got[i] && got[i] <= hi[i] + c[i],
                "field {i}: {} <= {} <= {}",
                lo[i] + c[i],
                got[i],
                hi[i] + c[i]
            );
        }
    }
}

#[test]
fn who_values_are_the_kernels() {
    assert_eq!(Who::Process.as_raw(), 0);
    assert_eq!(Who::Children.as_raw(), -1);
    assert_eq!(Who::Both.as_raw(), -2);
    assert_eq!(Who::Thread.as_raw(), 1);
    // The kernel refuses RUSAGE_BOTH: that is why Who::Both is two calls.
    let mut u = linux_resource::raw::KernelRusage::default();
    // SAFETY: `u` is a valid out-pointer.
    let r = unsafe { linux_resource::raw::getrusage(Who::Both.as_raw(), &mut u) };
    assert_eq!(r, Err(linux_resource::Errno::EINVAL));
    assert_eq!(
        u,
        linux_resource::raw::KernelRusage::default(),
        "nothing written"
    );
}
