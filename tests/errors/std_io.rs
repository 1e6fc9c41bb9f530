//! The `std` feature: `From<Error> for std::io::Error` keeps the errno of every error (`EINVAL`
//! for input refused before any system call), and `ErrorKind` follows from it.
#![cfg(feature = "std")]

use linux_resource::{Error, PermissionReason, Resource, Rlimit, prlimit, setrlimit};
use std::io::ErrorKind;

#[test]
fn os_errors_keep_their_errno() {
    let err: std::io::Error = prlimit(-1, Resource::Nofile, None).unwrap_err().into();
    assert_eq!(err.raw_os_error(), Some(libc::ESRCH));
    let err: std::io::Error = Error::Os(linux_resource::Errno::EFAULT).into();
    assert_eq!(err.raw_os_error(), Some(libc::EFAULT));
}

#[test]
fn typed_errors_become_their_errno() {
    let err: std::io::Error = setrlimit(Resource::Core, Rlimit::new(2, 1))
        .unwrap_err()
        .into();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    assert_eq!(err.kind(), ErrorKind::InvalidInput);

    let denied = Error::PermissionDenied(PermissionReason::OtherProcess { pid: 1 });
    let err: std::io::Error = denied.into();
    assert_eq!(err.raw_os_error(), Some(libc::EPERM));
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
}
