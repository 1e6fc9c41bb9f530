//! `syscall::ignore_signal` (feature `unstable-syscall`, the static tool's): the signal's action
//! becomes `SIG_IGN` as libc reads it back, the signal is then ignored when it comes, and an
//! invalid signal is the kernel's `EINVAL`. On MIPS the kernel's `struct sigaction` starts with
//! the flags and its signal set is 16 bytes: the same test passes there only if both are right.
#![cfg(feature = "unstable-syscall")]

use crate::common;

use common::in_child;
use linux_resource::Errno;
use linux_resource::syscall::ignore_signal;

/// The action libc reads for `sig`: `SIG_DFL`, `SIG_IGN`, or a handler.
fn action_of(sig: i32) -> libc::sighandler_t {
    // SAFETY: an all-zero `sigaction` is a valid out-parameter.
    let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: a query only (no new action); `old` is valid for writing.
    let r = unsafe { libc::sigaction(sig, std::ptr::null(), &mut old) };
    if r == 0 {
        old.sa_sigaction
    } else {
        usize::MAX as libc::sighandler_t
    }
}

#[test]
fn an_ignored_signal_reads_back_as_sig_ign_and_is_ignored() {
    // In a child: the action before and after, the call's result, and whether the child is
    // still alive after sending itself the signal (whose default action ends it).
    let (before, result, after, alive) = in_child(|| {
        let before = action_of(libc::SIGUSR1);
        let result = ignore_signal(libc::SIGUSR1 as u32).map_err(Errno::into_raw);
        let after = action_of(libc::SIGUSR1);
        // SAFETY: sends the child itself a signal; it dies here unless the signal is ignored.
        unsafe { libc::raise(libc::SIGUSR1) };
        (before, result, after, true)
    });
    assert_eq!(before, libc::SIG_DFL, "SIGUSR1's default action first");
    assert_eq!(result, Ok(()));
    assert_eq!(after, libc::SIG_IGN, "SIGUSR1 ignored, as libc reads it");
    assert!(alive);
}

#[test]
fn an_invalid_signal_is_einval_and_changes_nothing() {
    let (zero, too_high, kill, kill_action) = in_child(|| {
        (
            ignore_signal(0).map_err(Errno::into_raw),
            ignore_signal(1000).map_err(Errno::into_raw),
            // SIGKILL's action cannot be changed.
            ignore_signal(libc::SIGKILL as u32).map_err(Errno::into_raw),
            action_of(libc::SIGKILL),
        )
    });
    assert_eq!(zero, Err(libc::EINVAL));
    assert_eq!(too_high, Err(libc::EINVAL));
    assert_eq!(kill, Err(libc::EINVAL));
    assert_eq!(kill_action, libc::SIG_DFL);
}
