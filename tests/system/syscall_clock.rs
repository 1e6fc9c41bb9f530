//! `syscall::clock_monotonic` (feature `unstable-syscall`, the static `time`'s elapsed time):
//! libc's `clock_gettime(CLOCK_MONOTONIC)` read before and after brackets it, to the nanosecond,
//! and it moves forward.
#![cfg(feature = "unstable-syscall")]

use linux_resource::syscall::clock_monotonic;

/// libc's reading of the monotonic clock, in nanoseconds.
fn libc_nanos() -> u128 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is valid for writing.
    assert_eq!(
        unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) },
        0
    );
    ts.tv_sec as u128 * 1_000_000_000 + ts.tv_nsec as u128
}

fn ours_nanos() -> u128 {
    let (sec, nsec) = clock_monotonic().expect("clock_gettime(CLOCK_MONOTONIC)");
    assert!(nsec < 1_000_000_000, "nanoseconds {nsec}");
    u128::from(sec) * 1_000_000_000 + u128::from(nsec)
}

#[test]
fn the_monotonic_clock_is_libcs_and_moves_forward() {
    let before = libc_nanos();
    let ours = ours_nanos();
    let after = libc_nanos();
    assert!(
        before <= ours && ours <= after,
        "libc {before}, ours {ours}, libc {after}"
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    let later = ours_nanos();
    assert!(
        later >= ours + 20_000_000,
        "20 ms later: {ours} then {later}"
    );
}

/// On the 32-bit architectures `clock_gettime64` comes first (a kernel built without
/// `COMPAT_32BIT_TIME` has no other), the old call only where the kernel lacks the new one
/// (`ENOSYS`, before 5.1), and another refusal of the new one is the answer. Each case in a
/// child under a seccomp filter refusing one call; qemu-user has no seccomp filters: there it
/// says so and checks nothing.
#[cfg(target_pointer_width = "32")]
#[test]
fn clock_gettime64_first_and_the_old_call_only_where_it_is_missing() {
    use crate::common;
    use linux_resource::syscall::nr::{CLOCK_GETTIME, CLOCK_GETTIME64};
    let cases = [
        ("no COMPAT_32BIT_TIME", CLOCK_GETTIME, libc::ENOSYS, Ok(())),
        ("before 5.1", CLOCK_GETTIME64, libc::ENOSYS, Ok(())),
        ("refused", CLOCK_GETTIME64, libc::EPERM, Err(libc::EPERM)),
    ];
    for (what, nr, errno, expected) in cases {
        let got = common::in_child(move || {
            if !common::seccomp::refuse(nr, errno) {
                return None;
            }
            Some(clock_monotonic().map(|_| ()).map_err(|e| e.into_raw()))
        });
        match got {
            Some(got) => assert_eq!(got, expected, "{what}: call {nr} refused with {errno}"),
            None => println!("{what}: no seccomp filter here (qemu-user): not tried"),
        }
    }
}
