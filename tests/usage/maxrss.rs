//! What `ru_maxrss` of a child includes (documented at `ChildUsage`): after `fork`, the
//! parent's resident pages; at `exec`, the high-water mark of the address space it replaces,
//! which after `vfork`/`posix_spawn` is the parent's. And a clean figure: start the command
//! from a small process.
//!
//! A forked process of the test ("the parent" below) maps and touches 64 MiB, then releases it.
//! Its children exit at once: forks, and this test binary started with `posix_spawn` (glibc
//! and musl use `clone(CLONE_VM | CLONE_VFORK)`), which exits before `main` (see
//! `common::spawn`). Under qemu-user the kernel cannot execute a foreign binary (no
//! `binfmt_misc` entry); the `posix_spawn` figures are then reported as not measurable, and the
//! fork figures are still checked. It can execute a static i686 binary on an x86_64 host, but
//! qemu-user makes a guest's `vfork` a plain `fork` (linux-user's `do_fork` drops `CLONE_VM |
//! CLONE_VFORK`): the spawned child then counts the pages resident at that fork, as a forked
//! child does, not the parent's high-water mark. Each case is asserted.

use crate::common;

use common::spawn::{EXIT_AT_ONCE, fork_child};
use common::{this_test_exe, under_qemu_user};
use linux_resource::{WaitStatus, Who, getrusage, wait_usage};
use std::ffi::CString;

/// The parent's extra memory: 64 MiB, in KiB (`ru_maxrss` is in KiB).
const BIG: usize = 64 << 20;
const BIG_KIB: i64 = (BIG >> 10) as i64;

/// How far below the pages it holds a process's `ru_maxrss` may read, in KiB. The kernel counts
/// resident pages in per-CPU counters and folds them into the total a batch at a time (since 6.2
/// a `percpu_counter`, whose batch is at least 32 pages; before, every 64 page faults), and the
/// figure reads the total: it may lack up to a batch. 64 pages: 256 KiB with 4 KiB pages, 4 MiB
/// with 64 KiB pages, where a fork of the 32-bit powerpc tests on the 64-bit ppc64 kernel read
/// 64,704 KiB of the 65,536 it inherited (13 pages short).
fn counting_slack_kib() -> i64 {
    (64 * linux_resource::page_size() / 1024) as i64
}

/// The exit code of this binary when started with `EXIT_AT_ONCE` (the hook ran).
const HOOK_CODE: u8 = 42;

/// `ru_maxrss` of a child started with `posix_spawn` from this process; `None` when the
/// kernel could not execute it (qemu-user: glibc's child exits 127).
fn spawned_maxrss() -> Option<i64> {
    let exe = CString::new(this_test_exe().into_os_string().into_encoded_bytes()).unwrap();
    // If the hook did not run, the harness runs no test (no name matches) and exits 0.
    let args = [
        exe.clone(),
        CString::new("--exact").unwrap(),
        CString::new("no test has this name").unwrap(),
    ];
    let mut env: Vec<CString> = std::env::vars_os()
        .map(|(k, v)| {
            let mut kv = k.into_encoded_bytes();
            kv.push(b'=');
            kv.extend(v.into_encoded_bytes());
            CString::new(kv).unwrap()
        })
        .collect();
    env.push(CString::new(format!("{EXIT_AT_ONCE}={HOOK_CODE}")).unwrap());
    let argv: Vec<*mut libc::c_char> = args
        .iter()
        .map(|a| a.as_ptr().cast_mut())
        .chain([std::ptr::null_mut()])
        .collect();
    let envp: Vec<*mut libc::c_char> = env
        .iter()
        .map(|e| e.as_ptr().cast_mut())
        .chain([std::ptr::null_mut()])
        .collect();
    let mut pid = 0;
    // SAFETY: NULL-terminated arrays of NUL-terminated strings that outlive the call.
    let err = unsafe {
        libc::posix_spawn(
            &mut pid,
            exe.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            argv.as_ptr(),
            envp.as_ptr(),
        )
    };
    if err == libc::ENOEXEC {
        return None;
    }
    assert_eq!(err, 0, "posix_spawn {exe:?}");
    let child = wait_usage(pid).unwrap();
    match child.status {
        WaitStatus::Exited(code) if code == i32::from(HOOK_CODE) => Some(child.usage.ru_maxrss),
        // glibc's child when execve failed in a qemu-user emulated vfork.
        WaitStatus::Exited(127) => None,
        other => panic!("the spawned test binary ended with {other}"),
    }
}

/// `ru_maxrss` of a forked child that exits at once.
fn forked_maxrss() -> i64 {
    let pid = fork_child(|| 0);
    let child = wait_usage(pid).unwrap();
    assert_eq!(child.status, WaitStatus::Exited(0));
    child.usage.ru_maxrss
}

#[derive(Clone, Copy, Debug)]
struct Figures {
    parent_before: i64,
    parent_peak: i64,
    fork_holding: i64,
    spawn_holding: Option<i64>,
    fork_after_release: i64,
    spawn_after_release: Option<i64>,
    spawn_from_small: Option<i64>,
}

#[test]
fn a_childs_maxrss_includes_what_it_inherited() {
    let f = common::in_child(|| {
        let parent_before = getrusage(Who::Process).unwrap().ru_maxrss;
        // SAFETY: a fresh private anonymous mapping, touched every 4 KiB (the smallest page, and
        // the host's: under qemu-loongarch64 a guest page of 16 KiB is four host pages, and
        // ru_maxrss counts the host's; touched once per guest page, a quarter was resident),
        // then unmapped.
        let big = unsafe {
            let p = libc::mmap(
                std::ptr::null_mut(),
                BIG,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            assert_ne!(p, libc::MAP_FAILED);
            for offset in (0..BIG).step_by(4096) {
                p.cast::<u8>().add(offset).write_volatile(1);
            }
            p
        };
        let parent_peak = getrusage(Who::Process).unwrap().ru_maxrss;
        let fork_holding = forked_maxrss();
        let spawn_holding = spawned_maxrss();
        // SAFETY: the mapping made above, no longer used.
        assert_eq!(unsafe { libc::munmap(big, BIG) }, 0);
        let fork_after_release = forked_maxrss();
        let spawn_after_release = spawned_maxrss();
        // A small process: a fork made after the release, whose own address space never held
        // the 64 MiB, starts the command.
        let spawn_from_small = common::in_child(spawned_maxrss);
        Figures {
            parent_before,
            parent_peak,
            fork_holding,
            spawn_holding,
            fork_after_release,
            spawn_after_release,
            spawn_from_small,
        }
    });
    let show = |v: Option<i64>| {
        v.map_or(
            "not measurable (the kernel cannot execute this binary)".into(),
            |k| format!("{k} KiB"),
        )
    };
    println!("| ru_maxrss of | KiB |");
    println!("|---|---|");
    println!(
        "| the parent before it maps 64 MiB | {} KiB |",
        f.parent_before
    );
    println!("| the parent holding 64 MiB | {} KiB |", f.parent_peak);
    println!("| a fork of it, exits at once | {} KiB |", f.fork_holding);
    println!(
        "| a posix_spawn of it, exits at once | {} |",
        show(f.spawn_holding)
    );
    println!(
        "| a fork after it released the 64 MiB | {} KiB |",
        f.fork_after_release
    );
    println!(
        "| a posix_spawn after the release | {} |",
        show(f.spawn_after_release)
    );
    println!(
        "| a posix_spawn from a small process | {} |",
        show(f.spawn_from_small)
    );

    let held = BIG_KIB - counting_slack_kib();
    assert!(f.parent_peak >= held, "{f:?}");
    // fork: the child counts the parent's resident pages it inherited.
    assert!(f.fork_holding >= held, "{f:?}");
    // ... the pages resident at the fork, not the parent's peak.
    assert!(f.fork_after_release + BIG_KIB / 2 < f.fork_holding, "{f:?}");
    // posix_spawn (vfork) + exec: the parent's address space's high-water mark, even after
    // the parent released the memory. Under qemu-user, whose vfork is a fork, the pages
    // resident at that fork: all of them while the parent holds them, few after the release.
    if let Some(spawned) = f.spawn_holding {
        assert!(spawned >= held, "{f:?}");
    }
    if let Some(spawned) = f.spawn_after_release {
        if under_qemu_user() {
            assert!(spawned < BIG_KIB / 2, "{f:?}");
        } else {
            assert!(spawned >= held, "{f:?}");
        }
    }
    // Started from a small process, the figure is clean of the 64 MiB.
    if let Some(small) = f.spawn_from_small {
        assert!(small < BIG_KIB / 2, "{f:?}");
    }
    // The three spawns succeed or fail together: the kernel can execute this binary or not.
    assert_eq!(f.spawn_holding.is_some(), f.spawn_after_release.is_some());
    assert_eq!(f.spawn_holding.is_some(), f.spawn_from_small.is_some());
    if cfg!(target_arch = "x86_64") {
        // Natively (and on any real kernel) it can.
        assert!(
            f.spawn_holding.is_some(),
            "posix_spawn of {:?} failed",
            this_test_exe()
        );
    }
}
