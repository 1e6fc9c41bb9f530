//! `Timeval` arithmetic at the ends of its range: the largest and smallest times are kept
//! exactly, and only what lies beyond them saturates.

use linux_resource::Timeval;

const fn tv(tv_sec: i64, tv_usec: i64) -> Timeval {
    Timeval { tv_sec, tv_usec }
}

#[test]
fn the_largest_second_is_kept_exactly() {
    // In range: the microseconds are kept, not rounded up to the saturated 999999.
    assert_eq!(
        tv(i64::MAX, 5).saturating_add(Timeval::ZERO),
        tv(i64::MAX, 5)
    );
    assert_eq!(
        tv(i64::MAX - 1, 600_000).saturating_add(tv(0, 400_000)),
        tv(i64::MAX, 0)
    );
    // One second beyond: saturated.
    assert_eq!(
        tv(i64::MAX, 5).saturating_add(tv(1, 0)),
        tv(i64::MAX, 999_999)
    );
}

#[test]
fn the_smallest_second_is_kept_exactly() {
    // The kernel reports no negative time; the arithmetic still keeps `tv_sec`'s range.
    assert_eq!(
        tv(i64::MIN, 5).saturating_add(Timeval::ZERO),
        tv(i64::MIN, 5)
    );
    assert_eq!(
        tv(i64::MIN + 1, 0).saturating_add(tv(0, -1)),
        tv(i64::MIN, 999_999)
    );
    // Below it: saturated at the smallest time, not wrapped around to a large one.
    assert_eq!(tv(i64::MIN, 0).saturating_add(tv(-1, 0)), tv(i64::MIN, 0));
    assert_eq!(tv(i64::MIN, 0).saturating_add(tv(0, -1)), tv(i64::MIN, 0));
}
