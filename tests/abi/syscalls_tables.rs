//! A second source for the numbers: the `syscalls` crate's tables. The kernel headers are the
//! truth (`tests/abi/kernel_headers.rs`); this catches a number or an errno name that both the
//! crate and a header check could get wrong the same way (a misread header, a wrong file).
//!
//! Not built for powerpc, powerpc64 and s390x, where `syscalls` does not build on stable (see
//! Cargo.toml); the host's run checks those architectures' files too.
#![cfg(not(any(
    target_arch = "powerpc",
    target_arch = "powerpc64",
    target_arch = "s390x",
    target_arch = "mips",
    target_arch = "mips64"
)))]

use crate::common;

use common::arches::{self, ARCHES};
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

/// Every system call number of every architecture's file is `syscalls`' number of that name on
/// that architecture. (`compiled_numbers_are_the_arch_files` in tests/abi/kernel_headers.rs proves
/// that the files hold the numbers compiled in.)
#[test]
fn arch_files_equal_syscalls() {
    let mut checked = 0;
    for arch in ARCHES {
        for (name, value) in arches::numbers(arch) {
            let call = arches::kernel_name(&name)
                .strip_prefix("__NR_")
                .unwrap()
                .to_owned();
            assert_eq!(
                arches::syscalls_name(arch.name, value),
                Some(call.as_str()),
                "arch/{}.rs {name} = {value}",
                arch.name
            );
            checked += 1;
        }
    }
    println!(
        "{checked} numbers of {} architectures equal syscalls' tables",
        ARCHES.len()
    );
}
