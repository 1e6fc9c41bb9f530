//! Helpers shared by the integration tests: running code in a forked child (limits are per
//! process, and root here cannot raise a hard limit back), and libc as the oracle.
#![allow(dead_code)] // Each test file uses a different subset.

pub mod counting;
pub mod spawn;

use linux_resource::{Resource, Rlimit};
use std::mem::{size_of, MaybeUninit};

/// The fd the child writes its result to: high enough to stay clear of the low fds a test
/// opens or counts, and kept even under a NOFILE soft limit of 4 (existing fds stay valid).
const RESULT_FD: i32 = 500;

/// Runs `f` in a forked child and returns its result to the parent.
///
/// `T` must be plain data (no pointers, no heap): its bytes are sent back through a pipe. The
/// child does not allocate to report, so `f` may lower memory or file limits freely. A panic in
/// the child fails the test in the parent.
pub fn in_child<T: Copy + 'static>(f: impl FnOnce() -> T) -> T {
    let mut fds = [0i32; 2];
    // SAFETY: `fds` is a valid array of two ints for pipe to fill.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe");
    let (read_fd, write_fd) = (fds[0], fds[1]);
    // SAFETY: fork in a test process; the child only runs `f` and async-signal-safe calls
    // (glibc and musl keep malloc usable after fork, which `f` may rely on).
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        // SAFETY: plain fd manipulation in the child.
        unsafe {
            libc::close(read_fd);
            assert_eq!(libc::dup2(write_fd, RESULT_FD), RESULT_FD);
            libc::close(write_fd);
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let code = match outcome {
            Ok(value) => {
                let bytes = (&value as *const T).cast::<u8>();
                // SAFETY: `value` is a live `T` of `size_of::<T>()` bytes.
                let written = unsafe { libc::write(RESULT_FD, bytes.cast(), size_of::<T>()) };
                if written == size_of::<T>() as isize {
                    0
                } else {
                    2
                }
            }
            Err(_) => 101,
        };
        // SAFETY: leave the child without running the parent's atexit handlers or destructors.
        unsafe { libc::_exit(code) };
    }
    // SAFETY: the parent closes its copy of the write end.
    unsafe { libc::close(write_fd) };
    let mut value = MaybeUninit::<T>::uninit();
    let mut got = 0usize;
    while got < size_of::<T>() {
        // SAFETY: reads into the remaining bytes of `value`.
        let n = unsafe {
            libc::read(
                read_fd,
                value.as_mut_ptr().cast::<u8>().add(got).cast(),
                size_of::<T>() - got,
            )
        };
        if n <= 0 {
            break;
        }
        got += n as usize;
    }
    // SAFETY: closing our read end.
    unsafe { libc::close(read_fd) };
    let status = wait_for(pid);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child failed (status {status:#x}; exit 101 is a panic, see its output above)"
    );
    assert_eq!(got, size_of::<T>(), "child sent a short result");
    // SAFETY: the child wrote all bytes of a valid `T` of this same program.
    unsafe { value.assume_init() }
}

/// Waits for `pid` and returns its raw wait status.
pub fn wait_for(pid: i32) -> i32 {
    let mut status = 0;
    loop {
        // SAFETY: waiting for our own child.
        let r = unsafe { libc::waitpid(pid, &mut status, 0) };
        if r == pid {
            return status;
        }
        assert_eq!(
            std::io::Error::last_os_error().raw_os_error(),
            Some(libc::EINTR),
            "waitpid"
        );
    }
}

/// A pid that existed and has been reaped: nothing has this pid now (pid reuse within the
/// test's lifetime would need the whole pid space to wrap around).
pub fn reaped_pid() -> i32 {
    // SAFETY: the child exits at once.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        // SAFETY: leave at once.
        unsafe { libc::_exit(0) };
    }
    assert!(pid > 0);
    wait_for(pid);
    pid
}

/// libc's getrlimit: the oracle.
pub fn libc_getrlimit(resource: Resource) -> Rlimit {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a valid out-pointer.
    let r = unsafe { libc::getrlimit(resource.as_raw() as _, &mut lim) };
    assert_eq!(r, 0, "libc::getrlimit({resource})");
    Rlimit::new(lim.rlim_cur, lim.rlim_max)
}

/// libc's prlimit on another pid: the oracle.
pub fn libc_prlimit_get(pid: i32, resource: Resource) -> Rlimit {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a valid out-pointer; no new limit.
    let r = unsafe { libc::prlimit(pid, resource.as_raw() as _, std::ptr::null(), &mut lim) };
    assert_eq!(r, 0, "libc::prlimit({pid}, {resource})");
    Rlimit::new(lim.rlim_cur, lim.rlim_max)
}

/// libc's getrusage: the oracle.
pub fn libc_getrusage(who: i32) -> libc::rusage {
    let mut usage = MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `usage` is a valid out-pointer.
    let r = unsafe { libc::getrusage(who, usage.as_mut_ptr()) };
    assert_eq!(r, 0, "libc::getrusage({who})");
    // SAFETY: filled by the kernel (and zeroed before).
    unsafe { usage.assume_init() }
}

/// Drops to uid and gid 65534 (nobody), with no supplementary groups. For forked children only.
pub fn become_nobody() {
    // SAFETY: changing credentials of this (child) process.
    unsafe {
        assert_eq!(libc::setgroups(0, std::ptr::null()), 0, "setgroups");
        assert_eq!(libc::setgid(65534), 0, "setgid");
        assert_eq!(libc::setuid(65534), 0, "setuid");
    }
}

/// The path of the running test executable, to run it again as a child. `current_exe()` reads
/// `/proc/self/exe`; without `/proc` the path the harness ran it by (`argv[0]`) is used.
pub fn this_test_exe() -> std::path::PathBuf {
    std::env::current_exe().unwrap_or_else(|_| {
        let argv0 = std::env::args_os().next().expect("argv[0]");
        let path = std::path::PathBuf::from(argv0);
        assert!(
            path.is_absolute() || path.components().count() > 1,
            "{path:?}"
        );
        path
    })
}

/// A command that runs the running test executable again. Under qemu-user (`.ci/test`), a
/// foreign-architecture executable cannot be executed directly (no binfmt_misc handler:
/// `ENOEXEC`), so the runner in `$LINUX_RESOURCE_TEST_RUNNER` (words, as cargo's `runner`)
/// goes in front of it.
pub fn this_test_command() -> std::process::Command {
    let exe = this_test_exe();
    match std::env::var("LINUX_RESOURCE_TEST_RUNNER") {
        Ok(runner) if !runner.trim().is_empty() => {
            let mut words = runner.split_whitespace();
            let mut cmd = std::process::Command::new(words.next().unwrap());
            cmd.args(words).arg(exe);
            cmd
        }
        _ => std::process::Command::new(exe),
    }
}

/// Whether `/proc` is mounted. On a real kernel the suite runs twice as PID 1's child: first
/// before `/proc` is mounted (as an init system's early tools do), then after.
pub fn proc_mounted() -> bool {
    std::path::Path::new("/proc/self/stat").exists()
}

/// `/proc/sys/fs/nr_open`, read with std: the oracle for `linux_resource::nr_open`. `None`
/// exactly when `/proc` is not mounted; then the crate's `nr_open()` is `Err(Os(ENOENT))`.
pub fn fs_nr_open() -> Option<u64> {
    if !proc_mounted() {
        return None;
    }
    let text = std::fs::read_to_string("/proc/sys/fs/nr_open").expect("read /proc/sys/fs/nr_open");
    Some(text.trim().parse().expect("nr_open is a number"))
}

/// The kernel's absolute ceiling of `fs.nr_open` on 64-bit (`NR_OPEN_MAX` in fs/file.c:
/// `INT_MAX` rounded down to a multiple of `BITS_PER_LONG`). Without `/proc` it is the one
/// `NOFILE` ceiling the crate knows.
pub const NR_OPEN_MAX: u64 = (i32::MAX as u64) & !63;

/// The reason the crate gives when the kernel refuses a `NOFILE` hard limit of `requested` above
/// the current `current` one, and `nr_open()` reads `nr_open` (`None`: cannot be read).
pub fn nofile_refusal(
    current: u64,
    requested: u64,
    nr_open: Option<u64>,
) -> linux_resource::PermissionReason {
    use linux_resource::PermissionReason::*;
    match nr_open {
        Some(nr) if requested > nr => NofileAboveNrOpen {
            requested,
            nr_open: Some(nr),
        },
        Some(_) => RaiseHardLimit {
            resource: Resource::Nofile,
            current,
            requested,
        },
        None if requested > NR_OPEN_MAX => NofileAboveNrOpen {
            requested,
            nr_open: None,
        },
        None => NofileCapOrNrOpen { current, requested },
    }
}
