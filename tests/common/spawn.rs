//! Child processes for the wait and usage tests, without any other program: these tests also
//! run as the child of a minimal PID 1 with no shell, no coreutils and no `/proc`.
//!
//! - [`fork_child`]: a forked copy of the test process that runs a closure and exits with its
//!   code. Works everywhere, qemu-user included. [`fork_waiting_child`] waits for a signal
//!   first.
//! - [`std_child`]: a `std::process::Child` that never executes a program: its `pre_exec`
//!   closure runs the child's work and exits, so std's spawn sees the child end without an
//!   error report and hands back a `Child`.
//! - this test binary executed again ([`super::this_test_exe`]) with [`EXIT_AT_ONCE`] set: the
//!   `.init_array` hook below makes it exit at once, before the test harness starts. For what
//!   only a real `exec` shows. Under qemu-user (no `binfmt_misc` entry for the target) the
//!   kernel cannot execute the binary.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command};

/// The environment variable that makes this test binary exit at once with its value as the
/// exit code.
pub const EXIT_AT_ONCE: &str = "LINUX_RESOURCE_TEST_EXIT_AT_ONCE";

/// Runs before `main` in every test binary that includes this module: with [`EXIT_AT_ONCE`]
/// set, exits with its value (a decimal number) without starting the test harness.
extern "C" fn exit_at_once_hook() {
    // SAFETY: getenv before main (no other thread yet); the string is NUL-terminated.
    let value = unsafe { libc::getenv(c"LINUX_RESOURCE_TEST_EXIT_AT_ONCE".as_ptr()) };
    if value.is_null() {
        return;
    }
    // SAFETY: getenv returned a NUL-terminated string.
    let code = unsafe { libc::atoi(value) };
    // SAFETY: leaving the process at once.
    unsafe { libc::_exit(code) };
}

#[used]
#[unsafe(link_section = ".init_array")]
static EXIT_AT_ONCE_HOOK: extern "C" fn() = exit_at_once_hook;

/// Forks ([`super::fork`]); the child runs `f` and exits with the code it returns (101 if it
/// panics). Returns the child's pid.
pub fn fork_child(f: impl FnOnce() -> i32) -> i32 {
    let pid = super::fork();
    if pid == 0 {
        let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(101);
        // SAFETY: leave the child without running the parent's destructors.
        unsafe { libc::_exit(code) };
    }
    pid
}

/// A `std::process::Child` that runs `f` in its `pre_exec` closure and exits with the code it
/// returns, never executing a program.
///
/// The child first closes every file descriptor above 2: without an `exec`, close-on-exec
/// descriptors stay open in it (std's own, and other tests' pipes), and one of them may be the
/// write end of its own stdin.
pub fn std_child(cmd: &mut Command, f: impl Fn() -> i32 + Send + Sync + 'static) -> Child {
    // SAFETY: the closure runs in the forked child and leaves with `_exit`; the tests' closures
    // make system calls and compute, and allocate nothing.
    unsafe {
        cmd.pre_exec(move || {
            for fd in 3..1024 {
                libc::close(fd);
            }
            libc::_exit(f())
        });
    }
    cmd.spawn().expect("spawn")
}

/// A command for [`std_child`]: its program is never executed.
pub fn never_executed() -> Command {
    Command::new("/nonexistent/never-executed")
}

/// Forks a child that waits for `SIGUSR1` ([`release`]), then exits with `code`. No pipe: a
/// pipe's write end would leak into the children other tests fork meanwhile.
pub fn fork_waiting_child(code: i32) -> i32 {
    // Block SIGUSR1 in this thread before the fork, so that the child has it blocked from its
    // first instruction and a release sent at once stays pending.
    // SAFETY: signal mask calls on local sets.
    let old = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGUSR1);
        assert_eq!(libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old), 0);
        old
    };
    let pid = fork_child(|| {
        // SAFETY: waits for the blocked SIGUSR1.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGUSR1);
            let mut sig = 0;
            while libc::sigwait(&set, &mut sig) != 0 {}
        }
        code
    });
    // SAFETY: restores this thread's mask.
    unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut()) };
    pid
}

/// Lets a [`fork_waiting_child`] exit.
pub fn release(pid: i32) {
    // SAFETY: signals our own child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGUSR1) }, 0);
}

/// Blocks until `fd` reaches end of file (its write end closed everywhere).
pub fn read_to_eof(fd: i32) {
    let mut byte = 0u8;
    loop {
        // SAFETY: reads into one local byte.
        let n = unsafe { libc::read(fd, (&mut byte as *mut u8).cast(), 1) };
        if n == 0 || (n < 0 && std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR))
        {
            return;
        }
    }
}

/// Burns CPU in this thread until it has used `millis` ms of CPU time (user + system), as libc's
/// `getrusage(RUSAGE_THREAD)` (the oracle, not the crate under test) reports it.
pub fn burn_cpu(millis: u64) {
    let target = i64::try_from(millis).unwrap() * 1000;
    let mut x = 0u64;
    while thread_cpu_micros() < target {
        for i in 0..100_000u64 {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
        }
    }
    std::hint::black_box(x);
}

/// This thread's CPU time (user + system) in microseconds, from libc.
fn thread_cpu_micros() -> i64 {
    let usage = super::libc_getrusage(libc::RUSAGE_THREAD);
    let micros = |t: linux_resource::Timeval| t.tv_sec * 1_000_000 + t.tv_usec;
    micros(usage.ru_utime) + micros(usage.ru_stime)
}

/// Waits until child `pid` has terminated, without reaping it (`waitid` with `WNOWAIT`).
pub fn wait_until_exited(pid: i32) {
    loop {
        // SAFETY: `info` is a valid out-pointer; waiting for our own child.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if r == 0 {
            return;
        }
        assert_eq!(
            std::io::Error::last_os_error().raw_os_error(),
            Some(libc::EINTR),
            "waitid"
        );
    }
}

/// Drops to uid and gid 65534 (nobody) when running as root; does nothing when the test already
/// runs unprivileged. For forked children only.
pub fn become_nobody_if_root() {
    // SAFETY: reading the effective uid.
    if unsafe { libc::geteuid() } == 0 {
        super::become_nobody();
    }
}
