//! Sampling: getrusage and `Rusage::since` on a hot path allocate nothing, and the limit
//! functions are async-signal-safe enough to run between `fork` and `exec`.
//!
//! These tests hold natively and under qemu-user (aarch64, riscv64): the limits written in a
//! `pre_exec` child are CORE and NOFILE, which qemu-user passes to the kernel (it ignores writes
//! of AS, DATA and STACK).

use crate::common;

use common::counting::allocations_in;
use linux_resource::{Resource, Rlimit, Rusage, Who, getrlimit, getrusage, setrlimit};
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::Duration;

const SAMPLES: usize = 100_000;

#[test]
fn the_counter_sees_allocations() {
    // The counter itself works: a Vec on the counting thread is seen.
    let n = allocations_in(|| {
        let v: Vec<u64> = Vec::with_capacity(std::hint::black_box(16));
        std::hint::black_box(v);
    });
    assert_eq!(n, 1);
}

#[test]
fn sampling_allocates_nothing() {
    let mut total = Rusage::ZERO;
    let mut cpu = Duration::ZERO;
    let mut samples = 0usize;
    let n = allocations_in(|| {
        let mut thread_before = getrusage(Who::Thread).unwrap();
        let mut process_before = getrusage(Who::Process).unwrap();
        for _ in 0..SAMPLES {
            let thread_now = getrusage(Who::Thread).unwrap();
            let process_now = getrusage(Who::Process).unwrap();
            let thread_delta = thread_now.since(&thread_before);
            let process_delta = process_now.since(&process_before);
            total = total.combined(&thread_delta);
            cpu += process_delta.cpu_time() + thread_delta.user_time();
            std::hint::black_box(thread_delta.max_rss_bytes());
            thread_before = thread_now;
            process_before = process_now;
            samples += 1;
        }
    });
    assert_eq!(samples, SAMPLES);
    assert_eq!(
        n, 0,
        "{n} allocations over {SAMPLES} samples (Thread + Process + since)"
    );
    // The deltas add up to no more than the thread has used in all.
    assert!(total.cpu_time() <= getrusage(Who::Thread).unwrap().cpu_time());
    std::hint::black_box(cpu);
    eprintln!(
        "{SAMPLES} samples (getrusage Thread + Process, since, cpu_time): 0 allocations; \
         the sampling thread used {:?} CPU, {} minor faults",
        total.cpu_time(),
        total.ru_minflt
    );
}

#[test]
fn every_selector_and_the_limits_allocate_nothing() {
    let n = allocations_in(|| {
        for _ in 0..SAMPLES / 10 {
            for who in [Who::Thread, Who::Process, Who::Children, Who::Both] {
                let usage = getrusage(who).unwrap();
                std::hint::black_box(usage.since(&Rusage::ZERO).cpu_time());
            }
            for resource in Resource::ALL {
                std::hint::black_box(getrlimit(resource).unwrap());
            }
        }
    });
    assert_eq!(n, 0);
}

/// The environment variable that makes `limits_set_in_pre_exec_reach_the_child` the child.
const CHILD_ENV: &str = "LINUX_RESOURCE_TEST_CHILD";

/// A command that runs this test executable again as the child of `test`: no shell or other
/// program is needed (an initramfs has none).
fn rerun_as_child(test: &str) -> Command {
    // The harness names a test by its path below the crate: `sampling::NAME`.
    let (_crate, module) = module_path!().split_once("::").unwrap();
    let mut cmd = common::this_test_command();
    cmd.args([
        "--exact",
        &format!("{module}::{test}"),
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD_ENV, "1");
    cmd
}

/// What the child printed after `prefix`, to the end of that line.
fn child_line(cmd: &mut Command, prefix: &str) -> String {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("run the child: {e} (under qemu-user, set LINUX_RESOURCE_TEST_RUNNER to the runner)")
    });
    assert!(out.status.success(), "child failed: {out:?}");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    // libtest prints "test NAME ... " before the test's own output, on the same line.
    let line = stdout
        .lines()
        .find_map(|line| Some(&line[line.find(prefix)? + prefix.len()..]));
    line.unwrap_or_else(|| panic!("no {prefix:?} line in {stdout:?}"))
        .to_owned()
}

#[test]
fn limits_set_in_pre_exec_reach_the_child() {
    if std::env::var_os(CHILD_ENV).is_some() {
        // The child, after exec: report the soft limits it was given (libc as the oracle).
        let nofile = common::libc_getrlimit(Resource::Nofile).soft;
        let core = common::libc_getrlimit(Resource::Core).soft;
        println!("child limits: nofile {nofile} core {core}");
        return;
    }
    let nofile = getrlimit(Resource::Nofile).unwrap();
    let core = getrlimit(Resource::Core).unwrap();
    // Lowering soft limits needs no privilege; the parent's limits are not touched.
    let files = 64.min(nofile.hard);
    let mut cmd = rerun_as_child("limits_set_in_pre_exec_reach_the_child");
    // SAFETY: the closure only makes async-signal-safe calls (setrlimit system calls on
    // values computed before the fork) and allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            let set = setrlimit(Resource::Nofile, Rlimit::new(files, nofile.hard))
                .and_then(|()| setrlimit(Resource::Core, Rlimit::new(0, core.hard)));
            set.map_err(|e| {
                std::io::Error::from_raw_os_error(e.errno().map_or(libc_einval(), |e| e.into_raw()))
            })
        });
    }
    assert_eq!(
        child_line(&mut cmd, "child limits: "),
        format!("nofile {files} core 0")
    );
    // The parent's limits are unchanged.
    assert_eq!(getrlimit(Resource::Nofile).unwrap(), nofile);
    assert_eq!(getrlimit(Resource::Core).unwrap(), core);
}

#[test]
fn pre_exec_errors_are_reported_to_the_parent() {
    // The program is never executed: pre_exec fails first.
    let mut cmd = common::this_test_command();
    // SAFETY: as above: a setrlimit call and no allocation.
    unsafe {
        cmd.pre_exec(move || {
            // Soft above hard is refused before any system call.
            setrlimit(Resource::Nofile, Rlimit::new(10, 5)).map_err(|e| {
                std::io::Error::from_raw_os_error(e.errno().map_or(libc_einval(), |e| e.into_raw()))
            })
        });
    }
    let err = cmd.output().expect_err("pre_exec must fail");
    assert_eq!(err.raw_os_error(), Some(libc_einval()));
}

/// `EINVAL`, the errno reported for input the crate refuses before a system call.
const fn libc_einval() -> i32 {
    22
}

#[test]
fn usage_grows_with_work() {
    let before = getrusage(Who::Thread).unwrap();
    // Touch fresh memory: minor faults, and some CPU.
    let mut v = vec![0u8; 8 << 20];
    for i in (0..v.len()).step_by(4096) {
        v[i] = i as u8;
    }
    std::hint::black_box(&v);
    let spent = getrusage(Who::Thread).unwrap().since(&before);
    assert!(spent.ru_minflt > 0, "{spent:?}");
    assert!(spent.max_rss_bytes() > 0);
}
