//! Regression tests for what fuzzing (`fuzz/`, `cargo +nightly fuzz run <target>`) found or
//! pinned down: each is a case a fuzz target once failed on, or a kernel behaviour the
//! differential targets rely on, made a plain test.
//!
//! Every test that changes a limit does so in a forked child (or on a child it forked and owns),
//! so the test process's own limits never change. Children run only system calls and leave with
//! `_exit`.

use crate::common;

use linux_resource::{Errno, Error, PermissionReason, Resource, Rlimit, getrlimit, prlimit, raw};
use std::ptr;

/// An address no process can own, so a system call gives `EFAULT` for it without touching
/// memory: a kernel-half address on 64-bit architectures (`access_ok` refuses it); on 32-bit
/// ones the last page, above a 32-bit process's address space on 32-bit kernels (3 GiB) and on
/// 64-bit ones (4 GiB less a page or two).
const KERNEL_ADDR: usize = if usize::BITS == 64 {
    0xffff_8000_0000_0000_u64 as usize
} else {
    0xffff_f000
};

/// Runs `f` in a forked child and returns its exit code (`f`'s return value, 101 if it
/// panics), or panics if the child was killed.
fn in_child(f: impl FnOnce() -> i32) -> i32 {
    let pid = common::fork();
    if pid == 0 {
        let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(101);
        // SAFETY: ends the child without running the parent's exit hooks.
        unsafe { libc::_exit(code) };
    }
    reap(pid)
}

fn reap(pid: i32) -> i32 {
    let mut status = 0;
    // SAFETY: `status` is a local.
    while unsafe { libc::waitpid(pid, &mut status, 0) } != pid {
        assert_eq!(
            std::io::Error::last_os_error().raw_os_error(),
            Some(libc::EINTR)
        );
    }
    assert!(
        libc::WIFEXITED(status),
        "child {pid} did not exit: {status:#x}"
    );
    libc::WEXITSTATUS(status)
}

/// A forked child that only waits to be killed: a process we own, whose limits we may change.
struct Sleeper(i32);

impl Sleeper {
    fn spawn() -> Sleeper {
        // The child only pauses until it is killed.
        let pid = common::fork();
        if pid == 0 {
            loop {
                // SAFETY: waits for a signal.
                unsafe { libc::pause() };
            }
        }
        Sleeper(pid)
    }
}

impl Drop for Sleeper {
    fn drop(&mut self) {
        // SAFETY: kills and reaps the child this test forked.
        unsafe {
            libc::kill(self.0, libc::SIGKILL);
            libc::waitpid(self.0, ptr::null_mut(), 0);
        }
    }
}

/// prlimit64 with an `old` pointer the kernel cannot write applies the new limit first, then
/// fails with `EFAULT`; our raw call must do exactly what libc's does (fuzz target `prlimit`,
/// `old: Kernel`).
#[test]
fn efault_on_old_comes_after_the_new_limit_is_applied() {
    for use_libc in [false, true] {
        let code = in_child(|| {
            let hard = getrlimit(Resource::Core).map_or(0, |l| l.hard);
            let new = Rlimit::new(0, hard);
            let old = KERNEL_ADDR as *mut Rlimit;
            let ret = if use_libc {
                // SAFETY: `new` is a local; `old` is an address the kernel refuses.
                let r = unsafe {
                    libc::syscall(
                        libc::SYS_prlimit64,
                        0 as libc::c_long,
                        libc::RLIMIT_CORE as libc::c_ulong,
                        &new,
                        old,
                    )
                };
                if r == -1 {
                    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
                } else {
                    0
                }
            } else {
                // SAFETY: as above.
                match unsafe { raw::prlimit64(0, Resource::Core.as_raw(), &new, old) } {
                    Ok(()) => 0,
                    Err(e) => e.into_raw(),
                }
            };
            let applied = getrlimit(Resource::Core).map(|l| l.soft) == Ok(0);
            i32::from(ret != libc::EFAULT) * 2 + i32::from(!applied)
        });
        assert_eq!(
            code, 0,
            "libc: {use_libc}: 2 = not EFAULT, 1 = limit not applied"
        );
    }
}

/// A new limit the kernel can only partly read (8 bytes, then an inaccessible page) is `EFAULT`
/// and changes nothing (fuzz target `prlimit`, `new: BadPtr(Straddle)`).
#[test]
fn partly_readable_new_limit_is_efault_and_changes_nothing() {
    // The kernel's page size (4, 16 or 64 KiB on arm64), from libc.
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
    // SAFETY: a fresh two-page mapping whose second page is made inaccessible; unmapped at the
    // end.
    unsafe {
        let base = libc::mmap(
            ptr::null_mut(),
            2 * page,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        assert_ne!(base, libc::MAP_FAILED);
        assert_eq!(
            libc::mprotect(base.cast::<u8>().add(page).cast(), page, libc::PROT_NONE),
            0
        );
        let straddle = base.cast::<u8>().add(page - 8).cast::<Rlimit>();
        let before = getrlimit(Resource::Nofile).expect("getrlimit");
        let mut old = Rlimit::new(1, 1);
        assert_eq!(
            raw::prlimit64(0, Resource::Nofile.as_raw(), straddle, &mut old),
            Err(Errno::EFAULT)
        );
        assert_eq!(old, Rlimit::new(1, 1), "old written on EFAULT");
        assert_eq!(getrlimit(Resource::Nofile), Ok(before));
        // The same for getrusage's output: a partial copy is EFAULT, as with libc.
        let usage = straddle.cast::<raw::KernelRusage>();
        assert_eq!(raw::getrusage(0, usage), Err(Errno::EFAULT));
        assert_eq!(
            libc::syscall(libc::SYS_getrusage, 0 as libc::c_long, usage),
            -1
        );
        assert_eq!(
            std::io::Error::last_os_error().raw_os_error(),
            Some(libc::EFAULT)
        );
        libc::munmap(base, 2 * page);
    }
}

/// `RLIMIT_CPU` values are passed to the kernel unchanged, even those the kernel mishandles: it
/// compares `limit * NSEC_PER_SEC` in 64 bits, so a finite limit of 2^62 s wraps to 0 ns and
/// kills a running process at once (`SIGKILL`). The fuzz harness found this as a dead worker
/// and now clamps CPU limits it sets on running processes; here the target is a sleeping child,
/// which the CPU timer never checks.
#[test]
fn huge_cpu_limits_are_passed_unchanged() {
    let child = Sleeper::spawn();
    let huge = Rlimit::new(1 << 62, 1 << 62);
    let before = prlimit(child.0, Resource::Cpu, Some(huge)).expect("lowering is allowed");
    assert_eq!(before, getrlimit(Resource::Cpu).expect("getrlimit"));
    // A 32-bit kernel keeps 2^62 as infinity (its limits are `unsigned long`s).
    let kept = common::kernel_keeps(1 << 62);
    assert_eq!(
        prlimit(child.0, Resource::Cpu, None),
        Ok(Rlimit::new(kept, kept))
    );
}

/// An unprivileged caller acting on a root child gets `EPERM`, typed as `OtherProcess`, for a
/// read and for a set (fuzz target `getrlimit_setrlimit`, `unprivileged: true`, `pid: Child`).
/// Needs root (to drop to `nobody`); otherwise the check runs as whoever we are, where the child
/// is ours and the calls succeed.
#[test]
fn unprivileged_caller_on_a_root_child_is_other_process() {
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } != 0 {
        return;
    }
    let child = Sleeper::spawn();
    let pid = child.0;
    let code = in_child(|| {
        // Bare system calls: the test harness has other threads, and glibc's wrappers would
        // synchronise credentials with them through signals in this forked copy.
        // SAFETY: no pointers (setgroups with a count of 0 reads none).
        let dropped = unsafe {
            libc::syscall(libc::SYS_setgroups, 0usize, 0usize) == 0
                && libc::syscall(libc::SYS_setresgid, 65534, 65534, 65534) == 0
                && libc::syscall(libc::SYS_setresuid, 65534, 65534, 65534) == 0
        };
        if !dropped {
            return 10;
        }
        let expected = Some(Error::PermissionDenied(PermissionReason::OtherProcess {
            pid,
        }));
        let read = prlimit(pid, Resource::Nofile, None).err();
        let set = prlimit(pid, Resource::Nofile, Some(Rlimit::new(0, 0))).err();
        i32::from(read != expected) + 2 * i32::from(set != expected)
    });
    assert_eq!(code, 0, "10 = could not drop, 1 = read, 2 = set mistyped");
}

/// Finding (fuzz target `getrlimit_setrlimit`): a caller with no free file descriptor cannot read
/// `/proc/sys/fs/nr_open`, and the crate used to misexplain a `NOFILE` hard limit above
/// `fs.nr_open` (but below `NR_OPEN_MAX`) as `RaiseHardLimit`, though the kernel refused it for
/// `nr_open` (a check it makes first, even for privileged callers). Having no free descriptor
/// (`EMFILE`) is exactly when a program raises `NOFILE`. Now the reason names both ceilings
/// (`NofileCapOrNrOpen`): vaguer when the crate cannot see, never a different cause.
#[test]
fn nofile_above_nr_open_without_a_free_descriptor_is_not_a_raise() {
    // Without /proc, fs.nr_open cannot be read with or without a free descriptor; it is the
    // kernel's default (1048576) then, as no sysctl could have changed it: ask for the
    // absolute ceiling, above it and within what the crate can rule out.
    let requested = common::fs_nr_open().map_or(common::NR_OPEN_MAX, |nr_open| nr_open + 1);
    let current = getrlimit(Resource::Nofile).expect("getrlimit");
    if current.hard >= requested {
        return; // a hard limit above nr_open already: not this case
    }
    let code = in_child(|| {
        // No free descriptor: a NOFILE soft limit of 0.
        if linux_resource::setrlimit(Resource::Nofile, Rlimit::new(0, current.hard)).is_err() {
            return 10;
        }
        match linux_resource::setrlimit(Resource::Nofile, Rlimit::new(0, requested)) {
            Err(Error::PermissionDenied(PermissionReason::NofileCapOrNrOpen {
                current: c,
                requested: r,
            })) if c == current.hard && r == requested => 0,
            Err(Error::PermissionDenied(PermissionReason::RaiseHardLimit { .. })) => 1,
            Err(_) => 2,
            Ok(()) => 3,
        }
    });
    assert_eq!(
        code, 0,
        "1 = misexplained as RaiseHardLimit, 2 = another error, 3 = accepted, 10 = setup"
    );
}
