//! `syscall::fork` (feature `unstable-syscall`, the static `prlimit`'s way to run a command):
//! `clone(SIGCHLD)` in each architecture's argument order, the child's pid in the parent and 0
//! in the child, which is a child the parent can wait for.
#![cfg(feature = "unstable-syscall")]

use crate::common;

use linux_resource::{Error, WaitStatus, wait_usage};

#[test]
fn fork_gives_the_parent_the_childs_pid_and_the_child_0() {
    // In a process of its own, whose only child is the one it forks.
    let (pid, waited, own_pid_in_child) = common::in_child(|| {
        let mut fds = [0i32; 2];
        // SAFETY: `fds` is a valid array of two ints for pipe to fill.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        match linux_resource::syscall::fork() {
            Ok(0) => {
                // The child: tells its own pid, as the kernel knows it, and exits with 7.
                // SAFETY: getpid, write on our pipe, _exit: system calls only.
                unsafe {
                    let me = libc::getpid();
                    libc::write(fds[1], (&me as *const i32).cast(), 4);
                    libc::_exit(7);
                }
            }
            Ok(pid) => {
                let waited = wait_usage(pid).map(|child| (child.pid, child.status));
                let mut me = 0i32;
                // SAFETY: reads 4 bytes into `me`; close our pipe.
                let read = unsafe {
                    libc::close(fds[1]);
                    libc::read(fds[0], (&mut me as *mut i32).cast(), 4)
                };
                (pid, waited, if read == 4 { me } else { -1 })
            }
            Err(errno) => (-1, Err(Error::Os(errno)), -1),
        }
    });
    assert!(pid > 0, "fork: {waited:?}");
    assert_eq!(own_pid_in_child, pid, "the parent got the child's pid");
    assert_eq!(waited, Ok((pid, WaitStatus::Exited(7))));
}
