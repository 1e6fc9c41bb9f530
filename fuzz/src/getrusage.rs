//! `raw::getrusage` against libc's `syscall(SYS_getrusage, ..)` for any `who` and any buffer,
//! and the safe `getrusage(Who)` against libc samples taken around it.
//!
//! getrusage changes nothing, so this target runs in the fuzzer process. An input is a plan of
//! up to [`MAX_OPS`] operations: samples, and work between them (CPU, page faults, a child that
//! is waited for) so that the counters move. Every sample is three calls, ours, libc's, ours:
//! all three must agree on success and errno, a failed call must leave the buffer alone, and
//! for the selectors the kernel accepts the three results must be consistent: every counter and
//! time non-decreasing from one to the next, `ru_maxrss` non-decreasing, times normalised, and
//! the fields Linux does not maintain zero. A safe call must lie between libc samples taken just
//! before and just after it (for `Who::Both`, between the sums of self and children).

use super::Ret;
use arbitrary::Arbitrary;
use linux_resource::{Rusage, Timeval, Who, raw};
use std::mem::size_of;

const MAX_OPS: usize = 16;

#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum WhoChoice {
    Process,
    Children,
    Thread,
    Both,
    Any(i32),
}

impl WhoChoice {
    fn raw(self) -> i32 {
        match self {
            WhoChoice::Process => linux_resource::RUSAGE_SELF,
            WhoChoice::Children => linux_resource::RUSAGE_CHILDREN,
            WhoChoice::Thread => linux_resource::RUSAGE_THREAD,
            WhoChoice::Both => linux_resource::RUSAGE_BOTH,
            WhoChoice::Any(n) => n,
        }
    }
}

#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsagePtr {
    Valid,
    Null,
    Low,
    Kernel,
    /// The last 8 bytes before the guard page: a partial copy.
    Straddle,
}

#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum SafeWho {
    Process,
    Children,
    Thread,
    Both,
}

#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum Op {
    /// `raw::getrusage`, libc, `raw::getrusage`.
    Sample { who: WhoChoice, ptr: UsagePtr },
    /// The safe `getrusage`, between two libc samples.
    Safe(SafeWho),
    /// Spin for about `n * 16` iterations.
    Burn(u16),
    /// Touch `n` fresh pages (minor faults, maybe a higher `ru_maxrss`).
    Touch(u8),
    /// Start a child that spins a little, and wait for it (moves `RUSAGE_CHILDREN`).
    SpawnReap(u8),
}

const SENTINEL_BYTE: u8 = 0xa5;

/// The kernel's `struct rusage` as the C library declares it: what both sides' system calls
/// write (72 bytes of 32-bit `long`s on 32-bit architectures, 144 on 64-bit ones).
type KernelRusage = libc::rusage;

fn sentinel() -> KernelRusage {
    // SAFETY: `struct rusage` is plain integers: any bytes are a valid value.
    unsafe {
        let mut usage = std::mem::zeroed::<KernelRusage>();
        std::ptr::write_bytes(
            &mut usage as *mut KernelRusage as *mut u8,
            SENTINEL_BYTE,
            size_of::<KernelRusage>(),
        );
        usage
    }
}

/// Whether `usage` still holds the sentinel in every byte.
fn untouched(usage: &KernelRusage) -> bool {
    // SAFETY: `usage` is `size_of::<KernelRusage>()` readable bytes.
    let bytes = unsafe {
        std::slice::from_raw_parts(
            (usage as *const KernelRusage).cast::<u8>(),
            size_of::<KernelRusage>(),
        )
    };
    bytes.iter().all(|&b| b == SENTINEL_BYTE)
}

/// The C library's `struct rusage` widened to the crate's `Rusage`, field by field, as the C
/// library's own 64-bit-time wrappers do: the oracle of the crate's widening.
// The fields are `i64` already on 64-bit architectures.
#[allow(clippy::useless_conversion)]
fn widen(k: &KernelRusage) -> Rusage {
    let tv = |t: libc::timeval| Timeval {
        tv_sec: i64::from(t.tv_sec),
        tv_usec: i64::from(t.tv_usec),
    };
    Rusage {
        ru_utime: tv(k.ru_utime),
        ru_stime: tv(k.ru_stime),
        ru_maxrss: i64::from(k.ru_maxrss),
        ru_ixrss: i64::from(k.ru_ixrss),
        ru_idrss: i64::from(k.ru_idrss),
        ru_isrss: i64::from(k.ru_isrss),
        ru_minflt: i64::from(k.ru_minflt),
        ru_majflt: i64::from(k.ru_majflt),
        ru_nswap: i64::from(k.ru_nswap),
        ru_inblock: i64::from(k.ru_inblock),
        ru_oublock: i64::from(k.ru_oublock),
        ru_msgsnd: i64::from(k.ru_msgsnd),
        ru_msgrcv: i64::from(k.ru_msgrcv),
        ru_nsignals: i64::from(k.ru_nsignals),
        ru_nvcsw: i64::from(k.ru_nvcsw),
        ru_nivcsw: i64::from(k.ru_nivcsw),
    }
}

fn ptr_for(choice: UsagePtr, valid: &mut KernelRusage) -> *mut KernelRusage {
    match choice {
        UsagePtr::Valid => valid,
        UsagePtr::Null => std::ptr::null_mut(),
        UsagePtr::Low => 16 as *mut KernelRusage,
        UsagePtr::Kernel => super::KERNEL_ADDR as *mut KernelRusage,
        UsagePtr::Straddle => super::straddle_ptr().cast(),
    }
}

fn ours(who: i32, ptr: *mut KernelRusage) -> Ret {
    // SAFETY: `ptr` is null, a local `struct rusage` (the layout of `raw::KernelRusage`, which
    // the crate checks against the kernel headers), the guard mapping's last 8 bytes (followed
    // by an inaccessible page), or an address the kernel refuses.
    super::ours(unsafe { raw::getrusage(who, ptr.cast()) })
}

fn libc_sample(who: i32) -> Rusage {
    let mut usage = sentinel();
    // SAFETY: a local.
    let ret = unsafe { super::libc_getrusage(who, &mut usage) };
    assert_eq!(ret, (0, 0), "libc getrusage({who})");
    widen(&usage)
}

fn micros(t: Timeval) -> i128 {
    i128::from(t.tv_sec) * 1_000_000 + i128::from(t.tv_usec)
}

/// The monotone fields of a sample, times in microseconds.
fn monotone(u: &Rusage) -> [(&'static str, i128); 9] {
    [
        ("ru_utime", micros(u.ru_utime)),
        ("ru_stime", micros(u.ru_stime)),
        ("ru_maxrss", i128::from(u.ru_maxrss)),
        ("ru_minflt", i128::from(u.ru_minflt)),
        ("ru_majflt", i128::from(u.ru_majflt)),
        ("ru_inblock", i128::from(u.ru_inblock)),
        ("ru_oublock", i128::from(u.ru_oublock)),
        ("ru_nvcsw", i128::from(u.ru_nvcsw)),
        ("ru_nivcsw", i128::from(u.ru_nivcsw)),
    ]
}

/// `earlier <= later` field by field.
fn assert_le(earlier: &Rusage, later: &Rusage, what: &str) {
    for ((name, a), (_, b)) in monotone(earlier).into_iter().zip(monotone(later)) {
        assert!(
            a <= b,
            "{what}: {name} went from {a} to {b}:\n {earlier:?}\n {later:?}"
        );
    }
}

/// What the kernel reports is normalised, non-negative, and zero where Linux keeps nothing.
fn assert_sane(u: &Rusage, what: &str) {
    for t in [u.ru_utime, u.ru_stime] {
        assert!(
            t.tv_sec >= 0 && (0..1_000_000).contains(&t.tv_usec),
            "{what}: {u:?}"
        );
    }
    for (name, v) in monotone(u) {
        assert!(v >= 0, "{what}: {name} is negative: {u:?}");
    }
    let unused = [
        u.ru_ixrss,
        u.ru_idrss,
        u.ru_isrss,
        u.ru_nswap,
        u.ru_msgsnd,
        u.ru_msgrcv,
        u.ru_nsignals,
    ];
    assert_eq!(
        unused, [0; 7],
        "{what}: a field Linux does not maintain is set: {u:?}"
    );
    // The conversions agree with the fields.
    assert_eq!(u.user_time().as_micros() as i128, micros(u.ru_utime));
    assert_eq!(u.system_time().as_micros() as i128, micros(u.ru_stime));
    assert_eq!(
        u.cpu_time().as_micros() as i128,
        micros(u.ru_utime) + micros(u.ru_stime)
    );
    assert_eq!(u.max_rss_bytes(), u.ru_maxrss as u64 * 1024);
}

fn sample(who: i32, ptr: UsagePtr) -> (Ret, u64) {
    let mut bufs = [sentinel(), sentinel(), sentinel()];
    let mut rets = [(0, 0); 3];
    let mut straddles = [0u64; 3];
    for (i, (buf, ret)) in bufs.iter_mut().zip(&mut rets).enumerate() {
        // SAFETY: the straddle address is 8 writable bytes of the guard mapping.
        unsafe {
            super::straddle_ptr()
                .cast::<u64>()
                .write_unaligned(super::SENTINEL)
        };
        let p = ptr_for(ptr, buf);
        *ret = if i == 1 {
            // SAFETY: as for ours.
            unsafe { super::libc_getrusage(who, p) }
        } else {
            ours(who, p)
        };
        // SAFETY: as above.
        straddles[i] = unsafe { super::straddle_ptr().cast::<u64>().read_unaligned() };
    }
    let what = format!("getrusage({who}) with {ptr:?}");
    assert!(
        rets[0] == rets[1] && rets[1] == rets[2],
        "{what}: ours {:?}, libc {:?}, ours {:?}",
        rets[0],
        rets[1],
        rets[2]
    );
    // Only a straddling buffer gets a partial copy (of `ru_utime.tv_sec`, which may tick between
    // the calls); no other choice may reach the guard mapping.
    if ptr != UsagePtr::Straddle {
        assert_eq!(
            straddles,
            [super::SENTINEL; 3],
            "{what}: the guard mapping was written"
        );
    }
    if rets[0] != (0, 0) || ptr != UsagePtr::Valid {
        for buf in &bufs {
            assert!(
                untouched(buf),
                "{what}: the valid buffer changed though not passed or on error: {:?}",
                widen(buf)
            );
        }
        return (rets[0], straddles[0]);
    }
    let bufs = bufs.map(|buf| widen(&buf));
    for (i, buf) in bufs.iter().enumerate() {
        assert_sane(buf, &format!("{what}, call {i}"));
    }
    assert_le(&bufs[0], &bufs[1], &format!("{what}: ours then libc"));
    assert_le(&bufs[1], &bufs[2], &format!("{what}: libc then ours"));
    (rets[0], straddles[0])
}

fn safe(who: SafeWho) {
    let (who, parts): (Who, &[i32]) = match who {
        SafeWho::Process => (Who::Process, &[linux_resource::RUSAGE_SELF]),
        SafeWho::Children => (Who::Children, &[linux_resource::RUSAGE_CHILDREN]),
        SafeWho::Thread => (Who::Thread, &[linux_resource::RUSAGE_THREAD]),
        SafeWho::Both => (
            Who::Both,
            &[linux_resource::RUSAGE_SELF, linux_resource::RUSAGE_CHILDREN],
        ),
    };
    let sum = |parts: &[i32]| {
        parts
            .iter()
            .map(|&w| libc_sample(w))
            .fold(None, |acc: Option<Rusage>, u| {
                Some(acc.map_or(u, |a| a.combined(&u)))
            })
            .expect("one part at least")
    };
    let before = sum(parts);
    let usage = linux_resource::getrusage(who).expect("getrusage of a valid selector");
    let after = sum(parts);
    let what = format!("getrusage({who:?})");
    assert_sane(&usage, &what);
    assert_le(&before, &usage, &format!("{what}: libc before, then ours"));
    assert_le(&usage, &after, &format!("{what}: ours, then libc after"));
}

fn burn(n: u16) -> u64 {
    let mut x = 0u64;
    for i in 0..u64::from(n) * 16 {
        x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
    }
    x
}

fn touch(pages: u8) {
    let mut memory = vec![0u8; usize::from(pages) * 4096];
    for page in memory.chunks_mut(4096) {
        page[0] = 1;
    }
    std::hint::black_box(&mut memory);
}

fn who_class(who: i32) -> u64 {
    match who {
        -2..=1 => (who + 2) as u64,
        _ => 4,
    }
}

/// An input: the operations.
pub type Input = Vec<Op>;

/// One input of the fuzz target `getrusage`: panics on any difference.
pub fn check(ops: Input) {
    super::init();
    for (i, op) in ops.iter().take(MAX_OPS).enumerate() {
        match *op {
            Op::Sample { who, ptr } => {
                let (ret, straddle) = sample(who.raw(), ptr);
                super::feedback(super::signature(&[
                    1,
                    who_class(who.raw()),
                    ret.1 as u64,
                    u64::from(straddle != super::SENTINEL),
                ]));
            }
            Op::Safe(who) => {
                safe(who);
                super::feedback(super::signature(&[2, who as u64, i as u64]));
            }
            Op::Burn(n) => {
                std::hint::black_box(burn(n));
            }
            Op::Touch(pages) => touch(pages),
            Op::SpawnReap(n) => {
                let x = super::run_in_child(|| burn(u16::from(n)) as i64);
                std::hint::black_box(x);
            }
        }
    }
}
