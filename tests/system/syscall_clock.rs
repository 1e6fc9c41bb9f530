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
