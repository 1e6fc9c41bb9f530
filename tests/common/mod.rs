//! Helpers shared by the integration tests: running code in a forked child (limits are per
//! process, and root here cannot raise a hard limit back), and libc as the oracle.
#![allow(dead_code)] // Each test file uses a different subset.

pub mod arches;
pub mod counting;
pub mod seccomp;
pub mod spawn;
mod stack_buf;

#[allow(unused_imports)] // Each test file uses a different subset.
pub use stack_buf::StackBuf;

use linux_resource::{Resource, Rlimit};
use std::fmt::Write as _;
use std::mem::{MaybeUninit, size_of};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

/// The fd the child writes its result to: high enough to stay clear of the low fds a test
/// opens or counts, and kept even under a NOFILE soft limit of 4 (existing fds stay valid).
const RESULT_FD: i32 = 500;

/// Set in a forked child by [`fork`]: this process is a copy of one thread of the
/// multi-threaded test process.
static IN_FORKED_CHILD: AtomicBool = AtomicBool::new(false);

/// `fork()` for the tests: the child's pid in the parent, 0 in the child, which may panic
/// safely (a panic fails the test instead of hanging it).
///
/// A panic in a forked child must not take a lock: std's default panic hook holds its
/// backtrace lock (and stderr's) while it prints, and when another test thread is printing its
/// own panic at the moment of the fork, the child inherits those locks held by a thread it does
/// not have. Its panic would then wait forever. So the first call installs a panic hook that,
/// in a forked child only, formats the message on the stack and writes it to fd 2 in one
/// `write`, without a lock (in the test process, std's default hook runs as before). Every
/// fork in the tests goes through here, so that no fork can copy the hook's own installation
/// half done.
pub fn fork() -> i32 {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_FORKED_CHILD.load(Ordering::Relaxed) {
                report_panic_in_child(info);
            } else {
                default(info);
            }
        }));
    });
    let parent = std::process::id();
    // SAFETY: the child continues with a copy of this one thread; the tests' children make
    // system calls, compute, allocate (glibc and musl keep malloc usable after fork) and leave
    // with `_exit`.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork: {}", std::io::Error::last_os_error());
    if pid == 0 {
        IN_FORKED_CHILD.store(true, Ordering::Relaxed);
        // Killed when the thread that forked it ends without having reaped it (its test failed
        // first): a child that waits to be released or killed does not outlive its test, and
        // nor does what it holds open. (Dropping to another uid clears this; nothing else.)
        // SAFETY: prctl and getppid on this process; `_exit` if the parent is gone already.
        unsafe {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            if libc::getppid() as u32 != parent {
                libc::_exit(1);
            }
        }
    }
    pid
}

/// The panic hook of a forked child: "forked child PID panicked at FILE:LINE:COL:" and the
/// message, formatted into a stack buffer (truncated to it) and written to fd 2 at once.
fn report_panic_in_child(info: &std::panic::PanicHookInfo<'_>) {
    struct Text {
        bytes: [u8; 1024],
        len: usize,
    }
    impl std::fmt::Write for Text {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let n = s.len().min(self.bytes.len() - self.len);
            self.bytes[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
            self.len += n;
            Ok(())
        }
    }
    let mut text = Text {
        bytes: [0; 1024],
        len: 0,
    };
    // SAFETY: getpid has no preconditions.
    let pid = unsafe { libc::getpid() };
    let _ = writeln!(text, "\nforked child {pid} {info}");
    // SAFETY: writes the formatted bytes of `text` to fd 2.
    unsafe { libc::write(2, text.bytes.as_ptr().cast(), text.len) };
}

/// Runs `f` in a forked child and returns its result to the parent.
///
/// `T` must be plain data (no pointers, no heap) of at most `PIPE_BUF` bytes: its bytes are
/// sent back through a pipe in one write, which never waits for the reader. The child does not
/// allocate to report, so `f` may lower memory or file limits freely. A panic in the child
/// fails the test in the parent, and so does a child that ends without a result.
pub fn in_child<T: Copy + 'static>(f: impl FnOnce() -> T) -> T {
    const { assert!(size_of::<T>() <= libc::PIPE_BUF) };
    let mut fds = [0i32; 2];
    // SAFETY: `fds` is a valid array of two ints for pipe to fill.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe");
    let (read_fd, write_fd) = (fds[0], fds[1]);
    let pid = fork();
    if pid == 0 {
        // SAFETY: plain fd manipulation in the child.
        let moved = unsafe {
            libc::close(read_fd);
            let moved = libc::dup2(write_fd, RESULT_FD) == RESULT_FD;
            libc::close(write_fd);
            moved
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let code = match outcome {
            Ok(_) if !moved => 3,
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
    // The child's exit first, then its result, which is in the pipe by then: the pipe's end of
    // file may never come, when the child left a grandchild running that holds the write end
    // (a test that failed before it could release it).
    let status = wait_for(pid);
    let mut value = MaybeUninit::<T>::uninit();
    // SAFETY: makes our read end non-blocking, then reads at most `size_of::<T>()` bytes into
    // `value`; the child's one write of at most PIPE_BUF bytes is read whole or not at all.
    let got = unsafe {
        libc::fcntl(read_fd, libc::F_SETFL, libc::O_NONBLOCK);
        let got = libc::read(read_fd, value.as_mut_ptr().cast(), size_of::<T>());
        libc::close(read_fd);
        got
    };
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child failed (status {status:#x}; exit 101 is a panic, see its message above, 2 and 3 a \
         failed report)"
    );
    assert_eq!(got, size_of::<T>() as isize, "child sent a short result");
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
    let pid = fork();
    if pid == 0 {
        // SAFETY: leave at once.
        unsafe { libc::_exit(0) };
    }
    wait_for(pid);
    pid
}

// The libc oracle's limits are 64-bit on every architecture: glibc's `*64` calls (on 32-bit
// architectures its plain getrlimit reports `unsigned long` limits of 32 bits), musl's plain
// ones (64-bit `rlim_t` everywhere).
#[cfg(not(target_env = "gnu"))]
use libc::{getrlimit as libc_getrlimit_raw, prlimit as libc_prlimit_raw, rlimit as LibcRlimit};
#[cfg(target_env = "gnu")]
use libc::{
    getrlimit64 as libc_getrlimit_raw, prlimit64 as libc_prlimit_raw, rlimit64 as LibcRlimit,
};

/// libc's getrlimit: the oracle.
pub fn libc_getrlimit(resource: Resource) -> Rlimit {
    let mut lim = LibcRlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a valid out-pointer.
    let r = unsafe { libc_getrlimit_raw(resource.as_raw() as _, &mut lim) };
    assert_eq!(r, 0, "libc getrlimit({resource})");
    Rlimit::new(lim.rlim_cur, lim.rlim_max)
}

/// libc's prlimit on another pid: the oracle.
pub fn libc_prlimit_get(pid: i32, resource: Resource) -> Rlimit {
    let mut lim = LibcRlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a valid out-pointer; no new limit.
    let r = unsafe { libc_prlimit_raw(pid, resource.as_raw() as _, std::ptr::null(), &mut lim) };
    assert_eq!(r, 0, "libc prlimit({pid}, {resource})");
    Rlimit::new(lim.rlim_cur, lim.rlim_max)
}

/// The `RLIM_INFINITY` of the kernel's `struct rlimit` here (`raw::KERNEL_RLIM_INFINITY`), as a
/// `u64`: all ones of a `long`, or `0x7fffffff` on mips and mipsel (o32).
pub fn kernel_rlim_infinity() -> u64 {
    #[allow(clippy::useless_conversion)] // `c_ulong` is `u64` on 64-bit architectures.
    u64::from(linux_resource::raw::KERNEL_RLIM_INFINITY)
}

/// What the running kernel stores for a limit given to prlimit64 as `value`, widened to `u64`:
/// the value itself on a 64-bit kernel (and under qemu-user, which runs on the host's); on a
/// 32-bit kernel, which keeps limits as `unsigned long`s, its `RLIM_INFINITY` for any value from
/// 2^32 - 1 up (`rlim64_is_infinity` in kernel/sys.c), and the value itself below that. On
/// o32 (mips and mipsel) that infinity is 2^31 - 1 (`kernel_rlim_infinity`), so a value from 2^31 to 2^32 - 2
/// is stored as itself: above the kernel's infinity.
pub fn kernel_stores(value: u64) -> u64 {
    if value >= u64::from(u32::MAX) && !kernel_limits_are_64_bit() {
        kernel_rlim_infinity()
    } else {
        value
    }
}

/// What the running kernel keeps when a limit is set to `value`, as prlimit64 and getrlimit then
/// read it back: `RLIM_INFINITY` where it stored its own infinity, else what it stored
/// (`kernel_stores`). On a 32-bit kernel, any value from 2^32 - 1 up reads back as infinity,
/// and on a 32-bit MIPS kernel 2^31 - 1 as well, while 2^31 to 2^32 - 2 read back as
/// themselves.
pub fn kernel_keeps(value: u64) -> u64 {
    let stored = kernel_stores(value);
    if stored == kernel_rlim_infinity() && !kernel_limits_are_64_bit() {
        u64::MAX
    } else {
        stored
    }
}

/// Whether the kernel finds the soft limit of `limit` above the hard one in what it stores
/// (`kernel_stores`), though it is not as `u64`s: only on a 32-bit MIPS kernel, for a soft limit
/// from 2^31 to 2^32 - 2 under a hard limit stored as infinity (2^31 - 1). prlimit64 (and
/// libc's setrlimit, which makes that call) then fails with `EINVAL`.
pub fn kernel_sees_soft_above_hard(limit: Rlimit) -> bool {
    kernel_stores(limit.soft) > kernel_stores(limit.hard)
}

/// libc's prlimit on the calling process, setting `new`: `Err(errno)` on failure.
pub fn libc_prlimit_set(resource: Resource, new: Rlimit) -> Result<(), i32> {
    let new = LibcRlimit {
        rlim_cur: new.soft,
        rlim_max: new.hard,
    };
    // SAFETY: `new` is a valid pointer; the old limit is not asked for.
    let r = unsafe { libc_prlimit_raw(0, resource.as_raw() as _, &new, std::ptr::null_mut()) };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
    }
}

/// Whether the running kernel keeps limits of 64 bits. Asked of the kernel once, through libc
/// (the oracle, not the crate), in a forked child: lowering a hard limit from infinity to 2^32
/// (always allowed) reads back 2^32 on a 64-bit kernel and infinity on a 32-bit one.
pub fn kernel_limits_are_64_bit() -> bool {
    static ANSWER: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ANSWER.get_or_init(|| {
        const PROBE: u64 = 1 << 32;
        // A resource with an infinite hard limit (RSS is not enforced by Linux).
        let Some(resource) = [
            Resource::Rss,
            Resource::Fsize,
            Resource::Core,
            Resource::Cpu,
        ]
        .into_iter()
        .find(|&r| libc_getrlimit(r).hard == u64::MAX) else {
            // No limit above 2^32 - 1 here: then no test can set one either.
            return true;
        };
        let kept = in_child(move || {
            let new = LibcRlimit {
                rlim_cur: PROBE,
                rlim_max: PROBE,
            };
            // SAFETY: `new` is a valid pointer; the old limit is not asked for.
            let r =
                unsafe { libc_prlimit_raw(0, resource.as_raw() as _, &new, std::ptr::null_mut()) };
            assert_eq!(r, 0, "libc prlimit(0, {resource}, 2^32)");
            libc_getrlimit(resource).hard
        });
        match kept {
            PROBE => true,
            u64::MAX => false,
            other => panic!("{resource}: a hard limit of 2^32 read back as {other}"),
        }
    })
}

/// A C `long` (or `time_t`, `suseconds_t`) of any width, as `i64`.
fn wide<T: Into<i64>>(value: T) -> i64 {
    value.into()
}

/// libc's getrusage: the oracle, as a `Rusage` (its `long`s widened on 32-bit architectures).
pub fn libc_getrusage(who: i32) -> linux_resource::Rusage {
    let mut usage = MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `usage` is a valid out-pointer.
    let r = unsafe { libc::getrusage(who, usage.as_mut_ptr()) };
    assert_eq!(r, 0, "libc::getrusage({who})");
    // SAFETY: filled by the kernel (and zeroed before).
    let u = unsafe { usage.assume_init() };
    let tv = |t: libc::timeval| linux_resource::Timeval {
        tv_sec: wide(t.tv_sec),
        tv_usec: wide(t.tv_usec),
    };
    linux_resource::Rusage {
        ru_utime: tv(u.ru_utime),
        ru_stime: tv(u.ru_stime),
        ru_maxrss: wide(u.ru_maxrss),
        ru_ixrss: wide(u.ru_ixrss),
        ru_idrss: wide(u.ru_idrss),
        ru_isrss: wide(u.ru_isrss),
        ru_minflt: wide(u.ru_minflt),
        ru_majflt: wide(u.ru_majflt),
        ru_nswap: wide(u.ru_nswap),
        ru_inblock: wide(u.ru_inblock),
        ru_oublock: wide(u.ru_oublock),
        ru_msgsnd: wide(u.ru_msgsnd),
        ru_msgrcv: wide(u.ru_msgrcv),
        ru_nsignals: wide(u.ru_nsignals),
        ru_nvcsw: wide(u.ru_nvcsw),
        ru_nivcsw: wide(u.ru_nivcsw),
    }
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

/// Whether the test runs under qemu-user: `.ci/test` names the runner in
/// `$LINUX_RESOURCE_TEST_RUNNER`; natively and on the real kernels there is none.
pub fn under_qemu_user() -> bool {
    std::env::var("LINUX_RESOURCE_TEST_RUNNER").is_ok_and(|runner| runner.contains("qemu-"))
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
