//! getrlimit, setrlimit and prlimit against libc, set round trips and enforcement, each change
//! made in a forked child.

use crate::common;

use common::{
    become_nobody, fs_nr_open, in_child, kernel_keeps, kernel_limits_are_64_bit,
    kernel_sees_soft_above_hard, libc_getrlimit, libc_prlimit_get, libc_prlimit_set,
    nofile_refusal, wait_for,
};
use linux_resource::{
    Errno, Error, PermissionReason, RLIM_INFINITY, Resource, Rlimit, getrlimit, prlimit, setrlimit,
};

/// The values whose round trip must be exact: around 2^31, 2^32, 2^63 and 2^64.
const VALUES: [u64; 7] = [
    (1 << 31) - 5,
    1 << 31,
    (1 << 32) - 5,
    1 << 32,
    1 << 63,
    u64::MAX - 5,
    RLIM_INFINITY,
];

/// qemu-user accepts writes to these three and ignores them (see .ci/test).
const QEMU_IGNORED: [Resource; 3] = [Resource::As, Resource::Data, Resource::Stack];

#[test]
fn reads_equal_libc_for_every_resource() {
    let me = std::process::id() as i32;
    for r in Resource::ALL {
        let oracle = libc_getrlimit(r);
        assert_eq!(getrlimit(r), Ok(oracle), "getrlimit({r})");
        assert_eq!(prlimit(0, r, None), Ok(oracle), "prlimit(0, {r})");
        assert_eq!(prlimit(me, r, None), Ok(oracle), "prlimit(own pid, {r})");
    }
}

#[test]
fn prlimit_reads_another_process_like_libc() {
    // A child we own, with limits different from ours.
    let mut fds = [0i32; 2];
    // SAFETY: valid array for pipe.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // The child lowers a limit, reports, then waits to be read and killed.
    let pid = common::fork();
    if pid == 0 {
        let core = libc_getrlimit(Resource::Core);
        let ok = setrlimit(Resource::Core, Rlimit::new(0, core.hard.min(4096))).is_ok();
        // SAFETY: tell the parent we are ready, then sleep until killed.
        unsafe {
            libc::write(fds[1], [ok as u8].as_ptr().cast(), 1);
            libc::pause();
            libc::_exit(0);
        }
    }
    let mut ready = [0u8];
    // SAFETY: read one byte from our pipe.
    assert_eq!(
        unsafe { libc::read(fds[0], ready.as_mut_ptr().cast(), 1) },
        1
    );
    assert_eq!(ready[0], 1, "child could not lower CORE");
    for r in Resource::ALL {
        assert_eq!(prlimit(pid, r, None), Ok(libc_prlimit_get(pid, r)), "{r}");
    }
    assert_eq!(
        prlimit(pid, Resource::Core, None).unwrap().hard,
        4096.min(libc_getrlimit(Resource::Core).hard)
    );
    // SAFETY: kill and reap our child; close our pipe.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
        libc::close(fds[0]);
        libc::close(fds[1]);
    }
    wait_for(pid);
}

/// What a forked child saw when it set one value: the result, and the limit libc read back.
#[derive(Clone, Copy, Debug)]
struct SetOutcome {
    before: Rlimit,
    asked: Rlimit,
    result: Result<(), Error>,
    after: Rlimit,
}

/// In a child: set `asked` with `set`, read back with libc.
fn set_in_child(
    resource: Resource,
    asked: impl Fn(Rlimit) -> Rlimit,
    set: fn(Resource, Rlimit) -> Result<(), Error>,
) -> SetOutcome {
    in_child(|| {
        let before = libc_getrlimit(resource);
        let asked = asked(before);
        let result = set(resource, asked);
        let after = libc_getrlimit(resource);
        SetOutcome {
            before,
            asked,
            result,
            after,
        }
    })
}

fn via_setrlimit(r: Resource, l: Rlimit) -> Result<(), Error> {
    setrlimit(r, l)
}

fn via_prlimit(r: Resource, l: Rlimit) -> Result<(), Error> {
    let before = libc_getrlimit(r);
    let old = prlimit(0, r, Some(l))?;
    assert_eq!(old, before, "prlimit returns the old limit");
    Ok(())
}

/// Checks one outcome: success must read back exactly what the kernel keeps (the value itself,
/// or infinity for a value from 2^32 - 1 up on a 32-bit kernel; see `kernel_keeps`); a refusal
/// is allowed only for raising a hard limit (no CAP_SYS_RESOURCE, as on these machines), NOFILE
/// above fs.nr_open, or, on a 32-bit MIPS kernel, a soft limit above what it stores as the hard
/// one (`EINVAL`), must say so, and must leave the limit unchanged.
fn check(resource: Resource, o: SetOutcome) -> bool {
    match o.result {
        Ok(()) => {
            assert!(
                !kernel_sees_soft_above_hard(o.asked),
                "{resource}: the kernel took a soft limit above what it stores as the hard one: {o:?}"
            );
            let kept = Rlimit::new(kernel_keeps(o.asked.soft), kernel_keeps(o.asked.hard));
            assert_eq!(o.after, kept, "{resource}: {:?}", o);
            true
        }
        Err(Error::Os(Errno::EINVAL)) if kernel_sees_soft_above_hard(o.asked) => {
            assert_eq!(
                o.after, o.before,
                "{resource}: failed set changed the limit"
            );
            false
        }
        Err(Error::PermissionDenied(reason)) => {
            assert_eq!(
                o.after, o.before,
                "{resource}: failed set changed the limit"
            );
            assert!(
                o.asked.hard > o.before.hard,
                "{resource}: EPERM without raising: {o:?}"
            );
            let expected = if resource == Resource::Nofile {
                // With /proc the crate names the ceiling; without it, what it can know.
                nofile_refusal(o.before.hard, o.asked.hard, fs_nr_open())
            } else {
                PermissionReason::RaiseHardLimit {
                    resource,
                    current: o.before.hard,
                    requested: o.asked.hard,
                }
            };
            assert_eq!(reason, expected, "{resource}: {o:?}");
            false
        }
        Err(other) => panic!("{resource}: unexpected {other:?} for {o:?}"),
    }
}

/// Whether the kernel's `limit * NSEC_PER_SEC` (no overflow check) wraps for a CPU limit: such a
/// hard limit kills the process at once (2^63 wraps to 0 ns). See `Resource::Cpu`. Never on a
/// 32-bit kernel, which keeps such values as infinity.
fn cpu_limit_wraps(v: u64) -> bool {
    let kept = kernel_keeps(v);
    kept != RLIM_INFINITY && kept.checked_mul(1_000_000_000).is_none()
}

fn round_trip(resources: &[Resource]) {
    let mut applied = 0;
    for &r in resources {
        for v in VALUES {
            // A wrapped CPU limit fires at once: SIGKILL (hard), or SIGXCPU and the kernel raising
            // the soft limit by one (soft), both racing the read-back. Proven separately below.
            if r == Resource::Cpu && cpu_limit_wraps(v) {
                continue;
            }
            for set in [via_setrlimit, via_prlimit] {
                // The soft limit alone (kept below the hard one), then both.
                let o = set_in_child(r, |b| Rlimit::new(v.min(b.hard), b.hard), set);
                applied += check(r, o) as usize;
                let o = set_in_child(r, |_| Rlimit::new(v, v), set);
                applied += check(r, o) as usize;
            }
        }
    }
    // Every resource can at least take its own hard limit as soft limit, and any value at or
    // below an infinite hard limit: this test must have applied real changes.
    assert!(
        applied >= resources.len() * 4,
        "only {applied} sets applied"
    );
}

#[test]
fn set_round_trip_values() {
    let resources: Vec<Resource> = Resource::ALL
        .into_iter()
        .filter(|r| !QEMU_IGNORED.contains(r))
        .collect();
    round_trip(&resources);
}

#[test]
fn set_round_trip_values_as_data_stack() {
    round_trip(&QEMU_IGNORED);
}

#[test]
fn lowering_then_reading_in_child() {
    // Lower CORE and NOFILE to small values and read them back with both our calls.
    let (core, nofile, core_read, nofile_read) = in_child(|| {
        let core = Rlimit::new(0, 1000.min(libc_getrlimit(Resource::Core).hard));
        let nofile = Rlimit::new(64, 128.min(libc_getrlimit(Resource::Nofile).hard));
        setrlimit(Resource::Core, core).unwrap();
        prlimit(0, Resource::Nofile, Some(nofile)).unwrap();
        (
            core,
            nofile,
            libc_getrlimit(Resource::Core),
            prlimit(0, Resource::Nofile, None).unwrap(),
        )
    });
    assert_eq!(core_read, core);
    assert_eq!(nofile_read, nofile);
}

#[test]
fn fsize_limit_is_enforced() {
    let path = std::env::temp_dir().join(format!("linux-resource-fsize-{}", std::process::id()));
    let cpath = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    let (first, second, errno) = in_child(|| {
        // SAFETY: ignoring SIGXFSZ so the write returns EFBIG instead of killing us.
        unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
        let hard = libc_getrlimit(Resource::Fsize).hard;
        setrlimit(Resource::Fsize, Rlimit::new(1024, hard)).unwrap();
        // SAFETY: plain file calls on a path we own.
        unsafe {
            let fd = libc::open(
                cpath.as_ptr(),
                libc::O_CREAT | libc::O_TRUNC | libc::O_WRONLY,
                0o600,
            );
            assert!(fd >= 0);
            let buf = [7u8; 1024];
            let first = libc::write(fd, buf.as_ptr().cast(), 1024);
            let second = libc::write(fd, buf.as_ptr().cast(), 1);
            let errno = *libc::__errno_location();
            libc::close(fd);
            (first, second, errno)
        }
    });
    let _ = std::fs::remove_file(&path);
    assert_eq!(first, 1024, "the first 1024 bytes fit");
    assert_eq!(
        (second, errno),
        (-1, libc::EFBIG),
        "byte 1025 fails with EFBIG"
    );
}

#[test]
fn nofile_limit_is_enforced() {
    let (opened, errno) = in_child(|| {
        // Free every fd from 3 up (the result pipe sits at 500), so fd 3 is the next one.
        for fd in 3..500 {
            // SAFETY: closing fds in our own child.
            unsafe { libc::close(fd) };
        }
        let hard = libc_getrlimit(Resource::Nofile).hard;
        setrlimit(Resource::Nofile, Rlimit::new(4, hard)).unwrap();
        let mut opened = [-1i32; 2];
        let mut errno = 0;
        for slot in &mut opened {
            // SAFETY: opening /dev/null.
            let fd = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY) };
            *slot = fd;
            if fd < 0 {
                // SAFETY: reading errno right after the failed call.
                errno = unsafe { *libc::__errno_location() };
                break;
            }
        }
        (opened, errno)
    });
    assert_eq!(opened[0], 3, "fd 3 is below the soft limit of 4");
    assert_eq!((opened[1], errno), (-1, libc::EMFILE), "fd 4 is refused");
}

#[test]
fn cpu_limit_delivers_sigxcpu() {
    // The child sets its CPU soft limit to 1 s and spins; it must die of SIGXCPU.
    let pid = common::fork();
    if pid == 0 {
        let core = libc_getrlimit(Resource::Core);
        let cpu = libc_getrlimit(Resource::Cpu);
        // No core dump from the default SIGXCPU action.
        let _ = setrlimit(Resource::Core, Rlimit::new(0, core.hard));
        if setrlimit(Resource::Cpu, Rlimit::new(1, cpu.hard)).is_err() {
            // SAFETY: report failure.
            unsafe { libc::_exit(3) };
        }
        if libc_getrlimit(Resource::Cpu) != Rlimit::new(1, cpu.hard) {
            // SAFETY: the limit is not in place (libc reads it back): nothing would stop the
            // spin below but its bound.
            unsafe { libc::_exit(5) };
        }
        let start = std::time::Instant::now();
        let mut x = 0u64;
        // Bounded: 60 s of wall time at most, far more than 1 s of CPU needs.
        while start.elapsed().as_secs() < 60 {
            for i in 0..1_000_000u64 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
            }
        }
        // SAFETY: not killed: report failure.
        unsafe { libc::_exit(4) };
    }
    let status = wait_for(pid);
    assert!(
        libc::WIFSIGNALED(status) && libc::WTERMSIG(status) == libc::SIGXCPU,
        "child status {status:#x}, expected death by SIGXCPU (exit 3: setrlimit failed, 5: \
         the limit was not set)"
    );
}

#[test]
fn cpu_limit_of_2_pow_63_wraps_to_zero_in_the_kernel() {
    // The kernel fact documented on `Resource::Cpu`: 2^63 s * 10^9 wraps to 0 ns, so a hard
    // limit of 2^63 kills at the next CPU-timer check. The value is accepted and reads back
    // exactly until then; we only show the kill here. A 32-bit kernel keeps 2^63 as infinity
    // (its limits are `unsigned long`s): nothing wraps there, and that is what is checked.
    if !kernel_limits_are_64_bit() {
        let kept = in_child(|| {
            setrlimit(Resource::Cpu, Rlimit::new(1 << 63, 1 << 63)).unwrap();
            libc_getrlimit(Resource::Cpu)
        });
        assert_eq!(
            kept,
            Rlimit::UNLIMITED,
            "a 32-bit kernel keeps 2^63 as infinity"
        );
        assert!(!cpu_limit_wraps(1 << 63));
        return;
    }
    assert!(cpu_limit_wraps(1 << 63) && !cpu_limit_wraps(RLIM_INFINITY));
    // The child sets the limit and spins; it must die of SIGKILL.
    let pid = common::fork();
    if pid == 0 {
        if setrlimit(Resource::Cpu, Rlimit::new(1 << 63, 1 << 63)).is_err() {
            // SAFETY: report failure.
            unsafe { libc::_exit(3) };
        }
        if libc_getrlimit(Resource::Cpu) != Rlimit::new(1 << 63, 1 << 63) {
            // SAFETY: the limit is not in place (libc reads it back, unless the kill comes
            // first): nothing would stop the spin below but its bound.
            unsafe { libc::_exit(5) };
        }
        let start = std::time::Instant::now();
        while start.elapsed().as_secs() < 60 {
            std::hint::black_box(start.elapsed());
        }
        // SAFETY: not killed: report failure.
        unsafe { libc::_exit(4) };
    }
    let status = wait_for(pid);
    assert!(
        libc::WIFSIGNALED(status) && libc::WTERMSIG(status) == libc::SIGKILL,
        "child status {status:#x}, expected death by SIGKILL (exit 3: setrlimit failed, 5: the \
         limit was not set)"
    );
}

/// A 32-bit MIPS kernel's `RLIM_INFINITY` is 2^31 - 1, but prlimit64 turns only values from
/// 2^32 - 1 up into it: 2^31 to 2^32 - 2 are stored as themselves, above the kernel's infinity,
/// and compared as such. Under an infinite hard limit such a soft limit is `EINVAL`, and such a
/// hard limit raises an infinite one: `EPERM` without CAP_SYS_RESOURCE. The crate fails as libc
/// does there; elsewhere both succeed and read back exactly. And 2^31 - 1, stored as infinity,
/// reads back above a hard limit of 2^31.
#[test]
fn limits_between_2_pow_31_and_2_pow_32_follow_the_kernel() {
    const V: u64 = 1 << 31;
    // A resource with an infinite hard limit (RSS is not enforced by Linux).
    let Some(resource) = [
        Resource::Rss,
        Resource::Fsize,
        Resource::Core,
        Resource::Cpu,
    ]
    .into_iter()
    .find(|&r| libc_getrlimit(r).hard == RLIM_INFINITY) else {
        println!("no resource with an infinite hard limit here: nothing to check");
        return;
    };
    let before = libc_getrlimit(resource);
    let soft = Rlimit::new(V, RLIM_INFINITY);
    let (ours, oracle, after) = in_child(move || {
        let ours = setrlimit(resource, soft);
        let after = libc_getrlimit(resource);
        (ours, libc_prlimit_set(resource, soft), after)
    });
    if kernel_sees_soft_above_hard(soft) {
        assert_eq!(ours, Err(Error::Os(Errno::EINVAL)), "{resource}: soft 2^31");
        assert_eq!(oracle, Err(libc::EINVAL), "{resource}: libc, soft 2^31");
        assert_eq!(after, before, "{resource}: unchanged");
    } else {
        assert_eq!((ours, oracle), (Ok(()), Ok(())), "{resource}: soft 2^31");
        assert_eq!(after, soft, "{resource}: soft 2^31 read back");
    }

    // Lowering the hard limit from infinity to 2^31 needs no privilege, in the crate's terms.
    let hard = Rlimit::new(V, V);
    let (ours, oracle, after) = in_child(move || {
        become_nobody();
        let ours = setrlimit(resource, hard);
        let after = libc_getrlimit(resource);
        (ours, libc_prlimit_set(resource, hard), after)
    });
    if kernel_sees_soft_above_hard(Rlimit::new(V, RLIM_INFINITY)) {
        // Not an error the crate can explain as raising (the request lowers in its terms).
        assert!(
            matches!(ours, Err(Error::PermissionDenied(_))),
            "{resource}: hard 2^31 as uid 65534: {ours:?}"
        );
        assert_eq!(
            oracle,
            Err(libc::EPERM),
            "{resource}: libc, hard 2^31 as uid 65534"
        );
        assert_eq!(after, before, "{resource}: unchanged");
    } else {
        assert_eq!(
            (ours, oracle),
            (Ok(()), Ok(())),
            "{resource}: hard 2^31 as uid 65534"
        );
        assert_eq!(after, hard, "{resource}: hard 2^31 read back");
    }

    // 2^31 - 1 is the 32-bit MIPS kernel's infinity itself: as a soft limit under a hard limit
    // of 2^31 it is taken (its infinity is below 2^31 there) and reads back as infinity, above
    // the hard limit. getrlimit reports that as it is.
    let odd = Rlimit::new(V - 1, V);
    let (ours, read, after) = in_child(move || {
        (
            setrlimit(resource, odd),
            getrlimit(resource),
            libc_getrlimit(resource),
        )
    });
    assert_eq!(ours, Ok(()), "{resource}: soft 2^31 - 1, hard 2^31");
    let kept = Rlimit::new(kernel_keeps(V - 1), kernel_keeps(V));
    assert_eq!(
        after, kept,
        "{resource}: soft 2^31 - 1, hard 2^31 read back"
    );
    assert_eq!(read, Ok(after), "{resource}: getrlimit as libc reads it");
}

/// A C `unsigned long` of either width, as `u64`.
fn wide<T: Into<u64>>(value: T) -> u64 {
    value.into()
}

/// getrlimit reads every `u64` limit exactly on every architecture, though the direct system
/// call cannot on 32-bit ones: there `struct rlimit` holds `unsigned long`s of 32 bits, and a
/// limit from 2^32 up reads as the 32-bit `RLIM_INFINITY`. That is why the crate's getrlimit
/// uses prlimit64 on armv7 and i686 (and `raw::getrlimit` is the bare call, lossy there). On a
/// 64-bit kernel, which keeps the full value (a 32-bit kernel stores any value from 2^32 - 1 up
/// as infinity, so there both read infinity).
#[test]
fn getrlimit_is_exact_where_the_direct_call_is_not() {
    const BIG: u64 = (1 << 32) + 5;
    // A resource whose hard limit lets the soft one be BIG without privilege.
    let Some(resource) = [
        Resource::Core,
        Resource::Fsize,
        Resource::Memlock,
        Resource::Stack,
    ]
    .into_iter()
    .filter(|r| !QEMU_IGNORED.contains(r))
    .find(|&r| libc_getrlimit(r).hard > BIG) else {
        println!("no resource with a hard limit above 2^32 here: nothing to check");
        return;
    };
    let (safe, direct, oracle) = in_child(|| {
        let hard = libc_getrlimit(resource).hard;
        setrlimit(resource, Rlimit::new(BIG, hard)).unwrap();
        let mut direct = linux_resource::raw::KernelRlimit::default();
        // SAFETY: `direct` is a valid out-pointer.
        let r = unsafe { linux_resource::raw::getrlimit(resource.as_raw(), &mut direct) };
        (
            getrlimit(resource),
            r.map(|()| wide(direct.rlim_cur)),
            libc_getrlimit(resource),
        )
    });
    assert_eq!(
        oracle.soft,
        kernel_keeps(BIG),
        "{resource}: what the kernel keeps"
    );
    assert_eq!(
        safe.map(|l| l.soft),
        Ok(oracle.soft),
        "{resource}: getrlimit"
    );
    let narrow = std::mem::size_of::<std::ffi::c_ulong>() < 8;
    match linux_resource::raw::GETRLIMIT {
        None => assert_eq!(direct, Err(linux_resource::Errno::ENOSYS)),
        Some(_) if narrow => assert_eq!(
            direct,
            Ok(common::kernel_rlim_infinity()),
            "32-bit infinity (o32's own on mips and mipsel)"
        ),
        Some(_) => assert_eq!(direct, Ok(oracle.soft), "exact on 64-bit"),
    }
}
