//! A second source for the numbers: the `syscalls` crate's tables. The kernel headers are the
//! truth (`tests/kernel_headers.rs`); this catches a number or an errno name that both the
//! crate and a header check could get wrong the same way (a misread header, a wrong file).
//!
//! Not built for powerpc64 and s390x, where `syscalls` does not build on stable (see
//! Cargo.toml); the host's run checks those architectures' files too.
#![cfg(not(any(target_arch = "powerpc64", target_arch = "s390x")))]

use linux_resource::Errno;

/// Our `Errno` names and describes every number as `syscalls::Errno` does, on the generic
/// numbering, for every number the kernel can return (1..=4095).
#[test]
fn errno_table_equals_syscalls() {
    let mut named = 0;
    for raw in 1..4096 {
        let ours = Errno::new(raw);
        let theirs = syscalls::Errno::new(raw);
        // `syscalls` also names the kernel-internal 512..=531 (ERESTARTSYS, ...), which never
        // reach user space from the calls of this crate: ours leaves them unnamed.
        if (512..=531).contains(&raw) {
            assert_eq!(ours.name(), None, "{raw}");
            continue;
        }
        assert_eq!(
            ours.name_and_description(),
            theirs.name_and_description(),
            "errno {raw}"
        );
        assert_eq!(ours.to_string(), theirs.to_string(), "errno {raw}");
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "errno {raw}");
        named += usize::from(ours.name().is_some());
    }
    assert_eq!(named, 131, "the generic numbering names 131 errors");
    assert_eq!(
        Errno::EWOULDBLOCK.into_raw(),
        syscalls::Errno::EWOULDBLOCK.into_raw()
    );
    assert_eq!(
        Errno::EDEADLOCK.into_raw(),
        syscalls::Errno::EDEADLOCK.into_raw()
    );
}

/// The numbers compiled into this build equal `syscalls`' table of this architecture, at
/// compile time.
mod compiled {
    use linux_resource::raw;
    use syscalls::Sysno;

    const _: () = assert!(raw::NR_GETRLIMIT as i32 == Sysno::getrlimit.id());
    const _: () = assert!(raw::NR_SETRLIMIT as i32 == Sysno::setrlimit.id());
    const _: () = assert!(raw::NR_GETRUSAGE as i32 == Sysno::getrusage.id());
    const _: () = assert!(raw::NR_PRLIMIT64 as i32 == Sysno::prlimit64.id());
    const _: () = assert!(raw::NR_MPROTECT as i32 == Sysno::mprotect.id());
    const _: () = assert!(raw::NR_OPENAT as i32 == Sysno::openat.id());
    const _: () = assert!(raw::NR_READ as i32 == Sysno::read.id());
    const _: () = assert!(raw::NR_CLOSE as i32 == Sysno::close.id());
}
