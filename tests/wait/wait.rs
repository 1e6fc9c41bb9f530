//! One child's resource usage: `wait_usage`, `try_wait_usage`, `WaitStatus` and (with `std`)
//! `ChildExt`.
//!
//! The children are forks of the test process or `std::process::Child`ren that never execute a
//! program (see `common::spawn`): no shell, no other program, no `/proc` needed. A test that
//! waits for "any child" (-1) or reads `Who::Children` does it in a forked process of its own
//! (`common::in_child`), where no other test's children are.

use crate::common;

use common::StackBuf;
use common::counting::allocations_in;
use common::spawn::{burn_cpu, fork_child, fork_waiting_child, release, wait_until_exited};
use linux_resource::{
    ChildUsage, Error, Resource, Rlimit, Rusage, WaitStatus, Who, getrlimit, getrusage, setrlimit,
    try_wait_usage, wait_usage,
};
use std::fmt::Write as _;
use std::time::Duration;

/// The busy child's CPU time, in ms: about 300 ms, as the issue asks.
const BUSY_MS: u64 = 300;

/// `a` and `b` differ by at most 1 µs (the kernel sums nanoseconds, then truncates each total
/// to microseconds: the sum of two truncated figures may be 1 µs short of the truncated sum).
fn within_a_microsecond(a: Duration, b: Duration) -> bool {
    a.abs_diff(b) <= Duration::from_micros(1)
}

#[test]
fn two_children_at_once_each_get_their_own_figures() {
    let (busy, idle, children, busy_pid, idle_pid) = common::in_child(|| {
        let busy_pid = fork_child(|| {
            burn_cpu(BUSY_MS);
            0
        });
        // The idle child waits until the busy one has been reaped.
        let idle_pid = fork_waiting_child(0);
        // Any child: the busy one is the only one that can have ended.
        let busy = wait_usage(-1).unwrap();
        release(idle_pid);
        let idle = wait_usage(-1).unwrap();
        let children = getrusage(Who::Children).unwrap();
        (busy, idle, children, busy_pid, idle_pid)
    });
    println!("busy child (pid {}): {}", busy.pid, busy.usage);
    println!("idle child (pid {}): {}", idle.pid, idle.usage);
    println!("Who::Children afterwards: {children}");
    assert_eq!((busy.pid, busy.status), (busy_pid, WaitStatus::Exited(0)));
    assert_eq!((idle.pid, idle.status), (idle_pid, WaitStatus::Exited(0)));

    // Each has its own figures: the busy one's CPU time is its own, not shared.
    let (b, i) = (busy.usage.cpu_time(), idle.usage.cpu_time());
    assert!(b > i, "busy {b:?} <= idle {i:?}");
    assert!(
        i * 5 < b,
        "the idle child's {i:?} is not small next to the busy one's {b:?}"
    );

    // Who::Children is their sum (the larger max RSS).
    let (bu, iu) = (&busy.usage, &idle.usage);
    for (what, total, one, other) in [
        ("user", children.user_time(), bu.user_time(), iu.user_time()),
        (
            "system",
            children.system_time(),
            bu.system_time(),
            iu.system_time(),
        ),
    ] {
        assert!(
            within_a_microsecond(total, one + other),
            "{what}: {total:?} != {one:?} + {other:?}"
        );
    }
    let counters = |u: &Rusage| {
        [
            u.ru_minflt,
            u.ru_majflt,
            u.ru_inblock,
            u.ru_oublock,
            u.ru_nvcsw,
            u.ru_nivcsw,
        ]
    };
    let sums: Vec<i64> = counters(bu)
        .iter()
        .zip(counters(iu))
        .map(|(a, b)| a + b)
        .collect();
    assert_eq!(counters(&children).to_vec(), sums);
    assert_eq!(children.ru_maxrss, bu.ru_maxrss.max(iu.ru_maxrss));
}

#[test]
fn an_exit_code_and_a_kill() {
    let pid = fork_child(|| 7);
    let child = wait_usage(pid).unwrap();
    assert_eq!(child.pid, pid);
    assert_eq!(child.status, WaitStatus::Exited(7));
    assert_eq!(child.status.code(), Some(7));
    assert!(!child.status.success());
    assert_eq!(child.status.to_string(), "exit status: 7");

    let pid = fork_waiting_child(0);
    // SAFETY: killing our own child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    let child = wait_usage(pid).unwrap();
    assert_eq!(
        child.status,
        WaitStatus::Signaled {
            signal: libc::SIGKILL,
            core_dumped: false
        }
    );
    assert_eq!(child.status.signal(), Some(9));
    assert_eq!(child.status.code(), None);
    assert_eq!(child.status.to_string(), "signal: 9 (SIGKILL)");
}

/// Display is std's `ExitStatus` Display for the same status: every exit code, every signal
/// 1..=31 with and without a core dump, stopped by each, and continued. Under qemu-user this
/// runs with each target's std, so MIPS's numbering is checked by MIPS's std.
#[test]
fn display_is_std_exit_status_display() {
    use std::os::unix::process::ExitStatusExt as _;
    let mut statuses: Vec<WaitStatus> = (0..=255).map(WaitStatus::Exited).collect();
    for signal in 1..=31 {
        statuses.push(WaitStatus::Signaled {
            signal,
            core_dumped: false,
        });
        statuses.push(WaitStatus::Signaled {
            signal,
            core_dumped: true,
        });
        statuses.push(WaitStatus::Stopped { signal });
    }
    statuses.push(WaitStatus::Continued);
    for status in statuses {
        let std_status = std::process::ExitStatus::from_raw(status.to_raw());
        assert_eq!(status.to_string(), std_status.to_string(), "{status:?}");
    }
    assert_eq!(WaitStatus::Exited(0).to_string(), "exit status: 0");
    assert_eq!(
        WaitStatus::Continued.to_string(),
        "continued (WIFCONTINUED)"
    );
}

/// The signal names are libc's for its numbers on this architecture (MIPS: SIGBUS 10, SIGUSR1
/// 16, SIGCHLD 18, ...): each of the 31, and no other number named.
#[test]
fn signal_names_are_libcs_numbers() {
    let named = [
        (libc::SIGHUP, "SIGHUP"),
        (libc::SIGINT, "SIGINT"),
        (libc::SIGQUIT, "SIGQUIT"),
        (libc::SIGILL, "SIGILL"),
        (libc::SIGTRAP, "SIGTRAP"),
        (libc::SIGABRT, "SIGABRT"),
        (libc::SIGBUS, "SIGBUS"),
        (libc::SIGFPE, "SIGFPE"),
        (libc::SIGKILL, "SIGKILL"),
        (libc::SIGUSR1, "SIGUSR1"),
        (libc::SIGSEGV, "SIGSEGV"),
        (libc::SIGUSR2, "SIGUSR2"),
        (libc::SIGPIPE, "SIGPIPE"),
        (libc::SIGALRM, "SIGALRM"),
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGCHLD, "SIGCHLD"),
        (libc::SIGCONT, "SIGCONT"),
        (libc::SIGSTOP, "SIGSTOP"),
        (libc::SIGTSTP, "SIGTSTP"),
        (libc::SIGTTIN, "SIGTTIN"),
        (libc::SIGTTOU, "SIGTTOU"),
        (libc::SIGURG, "SIGURG"),
        (libc::SIGXCPU, "SIGXCPU"),
        (libc::SIGXFSZ, "SIGXFSZ"),
        (libc::SIGVTALRM, "SIGVTALRM"),
        (libc::SIGPROF, "SIGPROF"),
        (libc::SIGWINCH, "SIGWINCH"),
        (libc::SIGIO, "SIGIO"),
        (libc::SIGPWR, "SIGPWR"),
        (libc::SIGSYS, "SIGSYS"),
    ];
    // The one more number each numbering has, which std shows without a name on some
    // architectures: SIGSTKFLT (16) on all but MIPS, SIGEMT (7) on MIPS.
    let unnamed_by_std: i32 = if cfg!(any(target_arch = "mips", target_arch = "mips64")) {
        7
    } else {
        16
    };
    let shown = |signal| {
        WaitStatus::Signaled {
            signal,
            core_dumped: false,
        }
        .to_string()
    };
    for (number, name) in named {
        assert_eq!(shown(number), format!("signal: {number} ({name})"));
    }
    let mut numbers: Vec<i32> = named.iter().map(|&(n, _)| n).collect();
    numbers.push(unnamed_by_std);
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=31).collect::<Vec<_>>(), "31 distinct numbers");
    // std names SIGSTKFLT on these four only (libc has no SIGSTKFLT on MIPS).
    #[cfg(any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "arm",
        target_arch = "aarch64"
    ))]
    {
        assert_eq!(libc::SIGSTKFLT, unnamed_by_std);
        assert_eq!(shown(16), "signal: 16 (SIGSTKFLT)");
    }
    #[cfg(not(any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "arm",
        target_arch = "aarch64"
    )))]
    assert_eq!(shown(unnamed_by_std), format!("signal: {unnamed_by_std}"));
    for unnamed in [0, 32, 34, 64, 127] {
        assert_eq!(shown(unnamed), format!("signal: {unnamed}"));
    }
}

/// How the kernel of this run names core files, and whether it writes them.
#[derive(Debug)]
enum CorePattern {
    /// A file name pattern (the kernel default is "core", which applies without `/proc`).
    File(String),
    /// A pipe to a helper (`|...`): whether a dump happens is up to the helper.
    Pipe(String),
    /// `/proc` is mounted and has no `core_pattern`: a kernel built without core dumps.
    NoCoreDumps,
}

fn core_pattern() -> CorePattern {
    if !std::path::Path::new("/proc/self").exists() {
        // No /proc: the kernel's default pattern.
        return CorePattern::File("core".into());
    }
    match std::fs::read_to_string("/proc/sys/kernel/core_pattern") {
        Ok(p) if p.starts_with('|') => CorePattern::Pipe(p.trim_end().into()),
        Ok(p) => CorePattern::File(p.trim_end().into()),
        Err(_) => CorePattern::NoCoreDumps,
    }
}

/// A child that kills itself with `SIGSEGV` in `dir`, with CORE soft limit `core`.
fn segv_in(dir: &std::path::Path, core: u64) -> ChildUsage {
    let dir = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()).unwrap();
    let pid = fork_child(move || {
        let hard = getrlimit(Resource::Core).unwrap().hard;
        setrlimit(Resource::Core, Rlimit::new(core.min(hard), hard)).unwrap();
        // SAFETY: chdir, and the default action for SIGSEGV (std installs its own handler),
        // then the signal, in this forked child.
        unsafe {
            assert_eq!(libc::chdir(dir.as_ptr()), 0);
            libc::signal(libc::SIGSEGV, libc::SIG_DFL);
            libc::raise(libc::SIGSEGV);
        }
        1
    });
    wait_usage(pid).unwrap()
}

#[test]
fn a_segfault_with_and_without_a_core_dump() {
    let dir = std::env::temp_dir().join(format!("linux-resource-core-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = |dir: &std::path::Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };

    // CORE 0: no dump.
    let child = segv_in(&dir, 0);
    assert_eq!(
        child.status,
        WaitStatus::Signaled {
            signal: libc::SIGSEGV,
            core_dumped: false
        }
    );
    assert_eq!(files(&dir), Vec::<String>::new(), "CORE 0 wrote a file");

    // CORE as high as the hard limit allows.
    let hard = getrlimit(Resource::Core).unwrap().hard;
    let child = segv_in(&dir, u64::MAX);
    let written = files(&dir);
    let pattern = core_pattern();
    println!(
        "SIGSEGV with CORE {}: {}; pattern {pattern:?}; files {written:?}",
        Rlimit::new(hard, hard),
        child.status
    );
    assert_eq!(
        child.status.signal(),
        Some(libc::SIGSEGV),
        "{:?}",
        child.status
    );
    let WaitStatus::Signaled { core_dumped, .. } = child.status else {
        unreachable!()
    };
    // qemu-user writes the guest's core itself (`qemu_<name>_<time>_<pid>.core`), then kills
    // itself with the signal: the kernel may dump the emulator's core too, or not.
    let qemu_dumped = written
        .iter()
        .any(|n| n.starts_with("qemu_") && n.ends_with(".core"));
    match &pattern {
        _ if hard < 4096 => assert!(!core_dumped, "a hard limit of {hard} bytes dumped a core"),
        CorePattern::NoCoreDumps => assert!(!core_dumped && written.is_empty()),
        CorePattern::Pipe(helper) => {
            println!("core dumps go to a helper ({helper}): whether it took one is up to it")
        }
        CorePattern::File(name) => {
            assert!(
                core_dumped || qemu_dumped,
                "no core dump with CORE unlimited (pattern {name:?}, files {written:?})"
            );
            if core_dumped && !name.contains('/') && !name.contains('%') {
                // "core", or "core.PID" with kernel.core_uses_pid.
                assert!(
                    written
                        .iter()
                        .any(|n| n == name || n == &format!("{name}.{}", child.pid)),
                    "the flag says dumped, but no core file {name:?} in {written:?}"
                );
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn try_wait_usage_before_and_after_the_exit() {
    let pid = fork_waiting_child(3);
    // Still running: it waits for a signal.
    assert_eq!(try_wait_usage(pid), Ok(None));
    assert_eq!(try_wait_usage(pid), Ok(None));
    release(pid);
    wait_until_exited(pid);
    let child = try_wait_usage(pid).unwrap().expect("the child has exited");
    assert_eq!((child.pid, child.status), (pid, WaitStatus::Exited(3)));
    // Reaped: gone.
    assert_eq!(try_wait_usage(pid), Err(Error::NoSuchChild { pid }));
    assert_eq!(wait_usage(pid), Err(Error::NoSuchChild { pid }));

    // A process without children: "any child" is an error, blocking or not.
    let errors = common::in_child(|| (try_wait_usage(-1), wait_usage(-1).map(|c| c.pid)));
    assert_eq!(errors.0, Err(Error::NoSuchChild { pid: -1 }));
    assert_eq!(errors.1, Err(Error::NoSuchChild { pid: -1 }));
    assert_eq!(
        Error::NoSuchChild { pid: -1 }.to_string(),
        "no child process to wait for"
    );
    assert_eq!(
        Error::NoSuchChild { pid }.errno(),
        Some(linux_resource::Errno::ECHILD)
    );
}

#[test]
fn wait_status_decodes_every_kind() {
    let cases = [
        (0x0000, WaitStatus::Exited(0)),
        (0xff00, WaitStatus::Exited(255)),
        (
            0x0009,
            WaitStatus::Signaled {
                signal: 9,
                core_dumped: false,
            },
        ),
        (
            0x008b,
            WaitStatus::Signaled {
                signal: 11,
                core_dumped: true,
            },
        ),
        (0x137f, WaitStatus::Stopped { signal: 19 }),
        (0xffff, WaitStatus::Continued),
    ];
    for (raw, status) in cases {
        assert_eq!(WaitStatus::from_raw(raw), status, "{raw:#x}");
        assert_eq!(status.to_raw(), raw);
        // libc's macros agree.
        assert_eq!(libc::WIFEXITED(raw), status.code().is_some(), "{raw:#x}");
        assert_eq!(
            libc::WIFSIGNALED(raw),
            status.signal().is_some(),
            "{raw:#x}"
        );
        assert_eq!(
            libc::WIFSTOPPED(raw),
            matches!(status, WaitStatus::Stopped { .. })
        );
        assert_eq!(libc::WIFCONTINUED(raw), status == WaitStatus::Continued);
    }
    assert!(WaitStatus::Exited(0).success());
}

#[cfg(feature = "std")]
mod std_child {
    use super::*;
    use common::spawn::{never_executed, read_to_eof, std_child};
    use linux_resource::ChildExt;
    use std::io::Write as _;
    use std::process::Stdio;

    #[test]
    fn child_ext_then_std_try_wait() {
        let mut child = std_child(&mut never_executed(), || 5);
        let (status, usage) = child.wait_with_usage().unwrap();
        assert_eq!(status.code(), Some(5));
        assert!(usage.ru_minflt >= 0);
        // std reaped the child and kept its status.
        assert_eq!(child.try_wait().unwrap(), Some(status));
        assert_eq!(child.wait().unwrap(), status);
        assert_eq!(status, WaitStatus::Exited(5).into());
        // Its usage is gone once reaped.
        let err = child.wait_with_usage().unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ECHILD));
    }

    #[test]
    fn child_ext_wait_usage_gives_the_typed_error() {
        let mut child = std_child(&mut never_executed(), || 7);
        let pid = child.id() as i32;
        let ended = child.wait_usage().unwrap();
        assert_eq!(ended.pid, pid);
        assert_eq!(ended.status, WaitStatus::Exited(7));
        assert!(ended.usage.ru_minflt >= 0);
        // std reaped it and kept the same status.
        assert_eq!(child.try_wait().unwrap(), Some(ended.status.into()));
        // Reaped: the typed error, and the io::Error of wait_with_usage with the same errno.
        let err = child.wait_usage().unwrap_err();
        assert_eq!(err, Error::NoSuchChild { pid });
        let io = child.wait_with_usage().unwrap_err();
        assert_eq!(io.raw_os_error(), Some(libc::ECHILD));
        assert_eq!(
            io.raw_os_error(),
            err.errno().map(linux_resource::Errno::into_raw)
        );
    }

    #[test]
    fn child_ext_closes_stdin_first() {
        // The child reads its stdin to the end: without the close, the wait would never end.
        let mut cmd = never_executed();
        cmd.stdin(Stdio::piped());
        let mut child = std_child(&mut cmd, || {
            read_to_eof(0);
            0
        });
        child.stdin.as_mut().unwrap().write_all(b"input").unwrap();
        let (status, _) = child.wait_with_usage().unwrap();
        assert!(status.success());
    }

    #[test]
    fn child_ext_reports_the_childs_own_usage() {
        // In a process of its own, so that Who::Children holds this one child only.
        let (status, usage, children) = common::in_child(|| {
            let mut child = std_child(&mut never_executed(), || {
                burn_cpu(50);
                0
            });
            let (status, usage) = child.wait_with_usage().unwrap();
            (status.code(), usage, getrusage(Who::Children).unwrap())
        });
        println!("std child burning 50 ms: {usage}");
        println!("Who::Children after the reap: {children}");
        assert_eq!(status, Some(0));
        // It burned 50 ms of CPU by its own measure (not a timing threshold: it looped until
        // its thread's CPU time reached that).
        assert!(usage.cpu_time() >= Duration::from_millis(50), "{usage}");
        // The kernel took these figures when the child became a zombie; the reap adds the
        // last instructions of its exit and its final (voluntary) context switch.
        assert!(usage.cpu_time() <= children.cpu_time() + Duration::from_micros(2));
        assert!(usage.ru_nvcsw <= children.ru_nvcsw);
        assert_eq!(children.ru_minflt, usage.ru_minflt);
        assert_eq!(children.ru_majflt, usage.ru_majflt);
        assert_eq!(children.ru_maxrss, usage.ru_maxrss);
    }
}

#[test]
fn waiting_allocates_nothing() {
    const N: usize = 50;
    let pids: Vec<i32> = (0..N).map(|i| fork_child(move || i as i32)).collect();
    let mut codes = Vec::with_capacity(N);
    let mut text = StackBuf::new();
    let allocations = allocations_in(|| {
        for &pid in &pids {
            let child = wait_usage(pid).unwrap();
            codes.push(child.status.code().unwrap());
            text.len = 0;
            write!(text, "{} {}", child.status, child.usage).unwrap();
            assert!(try_wait_usage(pid).is_err());
            text.len = 0;
            write!(text, "{}", try_wait_usage(pid).unwrap_err()).unwrap();
        }
    });
    assert_eq!(codes, (0..N as i32).collect::<Vec<_>>());
    assert_eq!(allocations, 0);
}
