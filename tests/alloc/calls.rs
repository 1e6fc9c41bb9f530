//! Zero allocation: 10,000 calls of every function, success and error paths, allocate nothing.

use crate::common;

use common::StackBuf;
use common::counting::allocations_in;

use linux_resource::{
    Errno, Error, Resource, Rlimit, Who, getrlimit, getrusage, nr_open, page_size, prlimit,
    setrlimit,
};
use std::fmt::Write as _;

/// Allocations made on this thread by `f`, called `n` times.
fn allocations(n: usize, mut f: impl FnMut()) -> usize {
    allocations_in(|| {
        for _ in 0..n {
            f();
        }
    })
}

const N: usize = 10_000;

#[test]
fn the_counter_counts() {
    // The check itself can fail: a Vec allocates once per call.
    assert_eq!(
        allocations(10, || drop(std::hint::black_box(vec![1u8; 8]))),
        10
    );
}

#[test]
fn no_call_allocates() {
    let me = std::process::id() as i32;
    let nofile = getrlimit(Resource::Nofile).unwrap();
    let dead = common::reaped_pid();
    let mut sink = 0u64;
    let mut checks: Vec<(&str, usize)> = Vec::new();
    checks.push((
        "getrlimit",
        allocations(N, || {
            for r in Resource::ALL {
                sink ^= getrlimit(r).unwrap().soft;
            }
        }),
    ));
    checks.push((
        "setrlimit (same value)",
        allocations(N, || setrlimit(Resource::Nofile, nofile).unwrap()),
    ));
    checks.push((
        "prlimit read",
        allocations(N, || {
            sink ^= prlimit(me, Resource::Nofile, None).unwrap().hard
        }),
    ));
    checks.push((
        "prlimit set (same value)",
        allocations(N, || {
            sink ^= prlimit(0, Resource::Nofile, Some(nofile)).unwrap().hard
        }),
    ));
    checks.push((
        "getrusage",
        allocations(N, || {
            for who in [Who::Process, Who::Children, Who::Thread, Who::Both] {
                sink ^= getrusage(who).unwrap().ru_minflt as u64;
            }
        }),
    ));
    checks.push(("page_size", allocations(N, || sink ^= page_size() as u64)));
    // Without /proc (the first run on a real kernel) the error path is counted instead.
    let proc_mounted = common::proc_mounted();
    checks.push((
        "nr_open",
        allocations(N, || match nr_open() {
            Ok(nr) if proc_mounted => sink ^= nr,
            Err(Error::Os(Errno::ENOENT)) if !proc_mounted => sink ^= 1,
            other => panic!("nr_open() = {other:?} with /proc mounted: {proc_mounted}"),
        }),
    ));
    checks.push((
        "errors",
        allocations(N, || {
            assert!(setrlimit(Resource::Core, Rlimit::new(2, 1)).is_err());
            assert!(prlimit(dead, Resource::Core, None).is_err());
            assert!(Resource::try_from(99).is_err());
        }),
    ));
    checks.push((
        "EPERM explanation",
        allocations(N / 10, || {
            // NOFILE above nr_open: refused even as root, explained via /proc (or, without it,
            // by the kernel's absolute ceiling).
            let asked = Rlimit::new(nofile.soft, u64::MAX - 1);
            let err = setrlimit(Resource::Nofile, asked).unwrap_err();
            let mut buf = StackBuf::new();
            write!(buf, "{err}").unwrap();
            sink ^= buf.len as u64;
        }),
    ));
    checks.push((
        "parse and display",
        allocations(N, || {
            let r: Resource = "rlimit_nofile".parse().unwrap();
            let mut buf = StackBuf::new();
            write!(buf, "{r} {} {}", r.description(), nofile).unwrap();
            sink ^= buf.len as u64;
        }),
    ));
    std::hint::black_box(sink);
    for (what, count) in &checks {
        println!("{what}: {count} allocations over the calls");
    }
    assert!(checks.iter().all(|&(_, count)| count == 0), "{checks:?}");
    assert_eq!(
        getrlimit(Resource::Nofile).unwrap(),
        nofile,
        "limits unchanged"
    );
}
