//! What the crate's types say: the usage line's units and signs at their boundaries, the wait
//! errors for each kind of pid, the parse errors' `Debug` (what `unwrap` shows), and the
//! descriptions of resources and errnos.

use crate::common;

use common::in_child;
use linux_resource::{
    Errno, Error, LimitSpec, Resource, Rlimit, Rusage, Timeval, try_wait_usage, wait_usage,
};

/// The `max RSS` part of the usage line for `kib` KiB.
fn max_rss(kib: i64) -> String {
    let line = Rusage {
        ru_maxrss: kib,
        ..Rusage::ZERO
    }
    .to_string();
    let start = line.find("max RSS ").expect(&line) + "max RSS ".len();
    let end = line[start..].find(',').expect(&line) + start;
    line[start..end].to_string()
}

#[test]
fn max_rss_in_kib_below_1024_and_then_binary_units() {
    assert_eq!(max_rss(0), "0 KiB");
    assert_eq!(max_rss(512), "512 KiB");
    assert_eq!(max_rss(1023), "1023 KiB");
    assert_eq!(max_rss(1024), "1.0 MiB");
    assert_eq!(max_rss(1024 * 1024 - 1024), "1023.0 MiB");
    assert_eq!(max_rss(1024 * 1024), "1.0 GiB");
    assert_eq!(max_rss(3 << 30), "3.0 TiB");
    assert_eq!(max_rss(5 << 40), "5.0 PiB");
    assert_eq!(max_rss(1 << 50), "1.0 EiB");
    // EiB is the largest unit: i64::MAX KiB (2^73 bytes, less 1 KiB) is 8192 EiB, not 8 of a
    // unit past the table.
    assert_eq!(max_rss(i64::MAX), "8192.0 EiB");
    // The kernel never reports a negative size; were a field negative, it shows as nothing.
    assert_eq!(max_rss(-1), "0 KiB");
    assert_eq!(max_rss(i64::MIN), "0 KiB");
}

#[test]
fn max_rss_is_rounded_to_the_nearest_tenth() {
    // 1535 KiB is 1.499 MiB: 1.5, not the truncated 1.4.
    assert_eq!(max_rss(1535), "1.5 MiB");
    assert_eq!(max_rss(1075), "1.0 MiB"); // 1.0498
    assert_eq!(max_rss(1076), "1.1 MiB"); // 1.0508
    assert_eq!(max_rss(2560), "2.5 MiB");
}

/// The `user` part of the usage line for `ru_utime`.
fn user(tv_sec: i64, tv_usec: i64) -> String {
    let line = Rusage {
        ru_utime: Timeval { tv_sec, tv_usec },
        ..Rusage::ZERO
    }
    .to_string();
    let end = line.find(',').expect(&line);
    line["user ".len()..end].to_string()
}

#[test]
fn cpu_times_in_seconds_with_their_sign() {
    assert_eq!(user(0, 0), "0.000000 s", "zero has no sign");
    assert_eq!(user(1, 250_000), "1.250000 s");
    assert_eq!(user(0, 1), "0.000001 s");
    // The kernel reports no negative time, but a `Rusage` built by hand can hold one: it is
    // shown with its sign, not as a positive time.
    assert_eq!(user(-1, -500_000), "-1.500000 s");
    assert_eq!(user(0, -1), "-0.000001 s");
}

#[test]
fn no_child_to_wait_for_says_which_pids_were_waited_for() {
    // A forked process of its own, which has no children: every wait finds none.
    let (any, own_group, pgrp, group, dead, reaped) = in_child(|| {
        // A process group of its own: as PID 1's child on a real kernel, the test may be in
        // process group 0 (init's), which `wait_usage(-0)` cannot name.
        // SAFETY: setpgid and getpgrp on this process.
        let pgrp = unsafe {
            libc::setpgid(0, 0);
            libc::getpgrp()
        };
        let dead = common::reaped_pid();
        (
            try_wait_usage(-1).map(|_| ()),
            wait_usage(0).map(|_| ()),
            pgrp,
            wait_usage(-pgrp).map(|_| ()),
            dead,
            wait_usage(dead).map(|_| ()),
        )
    });
    assert_eq!(any, Err(Error::NoSuchChild { pid: -1 }));
    assert_eq!(any.unwrap_err().to_string(), "no child process to wait for");
    assert_eq!(own_group, Err(Error::NoSuchChild { pid: 0 }));
    assert_eq!(
        own_group.unwrap_err().to_string(),
        "no child process in the caller's process group to wait for"
    );
    assert!(pgrp > 0, "setpgid: a process group of its own");
    assert_eq!(group, Err(Error::NoSuchChild { pid: -pgrp }));
    assert_eq!(
        group.unwrap_err().to_string(),
        format!("no child process in process group {pgrp} to wait for")
    );
    assert_eq!(reaped, Err(Error::NoSuchChild { pid: dead }));
    assert_eq!(
        reaped.unwrap_err().to_string(),
        format!(
            "no child process {dead} to wait for (not a child of this process, or already \
             reaped)"
        )
    );
    // Process group 2 (pid -2): a group, not "any child" (-1) or "this group" (0).
    assert_eq!(
        Error::NoSuchChild { pid: -2 }.to_string(),
        "no child process in process group 2 to wait for"
    );
    assert_eq!(
        Error::NoSuchChild { pid: i32::MIN }.to_string(),
        "no child process in process group 2147483648 to wait for"
    );
}

#[test]
fn parse_errors_show_the_input_in_debug() {
    // What `unwrap()` on a parse error prints: the input among the fields, quoted.
    let err = "12k".parse::<Rlimit>().unwrap_err();
    let debug = format!("{err:?}");
    assert!(debug.contains(r#"input: "12k""#), "{debug}");
    let err = LimitSpec::from_bytes(b"1\xff").unwrap_err();
    let debug = format!("{err:?}");
    assert!(debug.contains(r#"input: "1\xff""#), "{debug}");
    let err = "nofle".parse::<Resource>().unwrap_err();
    let debug = format!("{err:?}");
    assert!(debug.contains(r#"input: "nofle""#), "{debug}");
    assert!(debug.contains("nearest: Some(Nofile)"), "{debug}");
}

#[test]
fn resource_descriptions_are_util_linux_prlimits() {
    // util-linux 2.38 `prlimit -o RESOURCE,DESCRIPTION`, by name (the kernel's order is the
    // architecture's: MIPS numbers NOFILE 5).
    let expected = [
        (Resource::Cpu, "CPU time"),
        (Resource::Fsize, "max file size"),
        (Resource::Data, "max data size"),
        (Resource::Stack, "max stack size"),
        (Resource::Core, "max core file size"),
        (Resource::Rss, "max resident set size"),
        (Resource::Nproc, "max number of processes"),
        (Resource::Nofile, "max number of open files"),
        (Resource::Memlock, "max locked-in-memory address space"),
        (Resource::As, "address space limit"),
        (Resource::Locks, "max number of file locks held"),
        (Resource::Sigpending, "max number of pending signals"),
        (Resource::Msgqueue, "max bytes in POSIX mqueues"),
        (Resource::Nice, "max nice prio allowed to raise"),
        (Resource::Rtprio, "max real-time priority"),
        (Resource::Rttime, "timeout for real-time tasks"),
    ];
    for (r, description) in expected {
        assert_eq!(r.description(), description, "{r}");
    }
    // Every resource once.
    let mut named: Vec<Resource> = expected.iter().map(|&(r, _)| r).collect();
    named.sort();
    assert_eq!(named, Resource::ALL);
}

#[test]
fn errno_descriptions_are_the_kernels() {
    assert_eq!(Errno::EPERM.description(), Some("Operation not permitted"));
    assert_eq!(Errno::ESRCH.description(), Some("No such process"));
    assert_eq!(Errno::ECHILD.description(), Some("No child processes"));
    // The description is the second half of name_and_description, for every number; a number
    // no architecture defines has neither.
    for raw in 0..=4095 {
        let errno = Errno::new(raw);
        assert_eq!(
            errno.description(),
            errno.name_and_description().map(|(_, d)| d),
            "{raw}"
        );
        assert_eq!(
            errno.description().is_some(),
            errno.name().is_some(),
            "{raw}"
        );
    }
    assert_eq!(Errno::new(4095).description(), None);
}
