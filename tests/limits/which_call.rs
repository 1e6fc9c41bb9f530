//! Which system call `getrlimit` and `setrlimit` make (the README's table): the getrlimit and
//! setrlimit system calls themselves where they carry 64-bit limits (`struct rlimit` is
//! `struct rlimit64`: every 64-bit architecture that has them, but mips64), prlimit64 elsewhere
//! (armv7, i686 and mips o32, whose `struct rlimit` is 32-bit, loongarch64, which has neither
//! call, and mips64 in both byte orders, whose getrlimit qemu-user misreads:
//! `raw::LIMITS_THROUGH_PRLIMIT64`). Seen by refusing one of the calls with a seccomp filter in
//! a forked child: a program under a seccomp profile relies on it.

use crate::common;

use common::{in_child, seccomp};
use linux_resource::raw::{
    GETRLIMIT, KernelRlimit, LIMITS_THROUGH_PRLIMIT64, NR_PRLIMIT64, SETRLIMIT,
};
use linux_resource::{Errno, Error, Resource, Rlimit, getrlimit, prlimit, setrlimit};
use std::mem::size_of;

/// Whether the kernel's `struct rlimit` carries 64-bit limits here.
const RLIMIT_IS_RLIMIT64: bool = size_of::<KernelRlimit>() == size_of::<Rlimit>();

/// Whether the crate's getrlimit and setrlimit make their own system calls here: where those
/// carry 64-bit limits, but on mips64 (the rule `raw::LIMITS_THROUGH_PRLIMIT64` states, and
/// the tests below hold it to).
const DIRECT: bool = GETRLIMIT.is_some()
    && SETRLIMIT.is_some()
    && RLIMIT_IS_RLIMIT64
    && !cfg!(target_arch = "mips64");

#[test]
fn the_stated_rule_is_the_crates() {
    assert_eq!(LIMITS_THROUGH_PRLIMIT64, !DIRECT);
}

type Outcome = Option<[Result<(), Error>; 3]>;

/// In a child that refuses the system calls `refused` with `ENOSYS`: `getrlimit`, `setrlimit`
/// and a read with `prlimit`; `None` where seccomp is not available.
fn with_refused(refused: [Option<u32>; 2]) -> Outcome {
    in_child(move || {
        for nr in refused.into_iter().flatten() {
            if !seccomp::refuse(nr, libc::ENOSYS) {
                return None;
            }
        }
        let get = getrlimit(Resource::Core).map(|_| ());
        // Lowering both limits: allowed to anyone.
        let set = setrlimit(Resource::Core, Rlimit::new(0, 0));
        let read = prlimit(0, Resource::Core, None).map(|_| ());
        Some([get, set, read])
    })
}

fn refused() -> Result<(), Error> {
    Err(Error::Os(Errno::ENOSYS))
}

#[test]
fn getrlimit_and_setrlimit_make_prlimit64_only_where_their_own_calls_are_narrow_or_missing() {
    let Some([get, set, read]) = with_refused([Some(NR_PRLIMIT64), None]) else {
        println!("skipped: no seccomp filter here (qemu-user, or no CONFIG_SECCOMP_FILTER)");
        return;
    };
    assert_eq!(read, refused(), "prlimit is prlimit64, refused");
    let (direct_get, direct_set) = (DIRECT, DIRECT);
    assert_eq!(
        get,
        if direct_get { Ok(()) } else { refused() },
        "getrlimit"
    );
    assert_eq!(
        set,
        if direct_set { Ok(()) } else { refused() },
        "setrlimit"
    );
}

#[test]
fn getrlimit_and_setrlimit_make_their_own_calls_where_they_carry_64_bit_limits() {
    if GETRLIMIT.is_none() && SETRLIMIT.is_none() {
        println!("skipped: no getrlimit or setrlimit system call on this architecture");
        return;
    }
    let Some([get, set, read]) = with_refused([GETRLIMIT, SETRLIMIT]) else {
        println!("skipped: no seccomp filter here (qemu-user, or no CONFIG_SECCOMP_FILTER)");
        return;
    };
    assert_eq!(read, Ok(()), "prlimit is prlimit64, allowed");
    let (direct_get, direct_set) = (DIRECT, DIRECT);
    assert_eq!(
        get,
        if direct_get { refused() } else { Ok(()) },
        "getrlimit"
    );
    assert_eq!(
        set,
        if direct_set { refused() } else { Ok(()) },
        "setrlimit"
    );
}
