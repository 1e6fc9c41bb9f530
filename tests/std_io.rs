//! The `std` feature: `From<Error> for std::io::Error`.
#![cfg(feature = "std")]

use linux_resource::{prlimit, setrlimit, Error, PermissionReason, Resource, Rlimit};
use std::io::ErrorKind;

#[test]
fn os_errors_keep_their_errno() {
    let err: std::io::Error = prlimit(-1, Resource::Nofile, None).unwrap_err().into();
    assert_eq!(err.raw_os_error(), Some(libc::ESRCH));
    let err: std::io::Error = Error::Os(linux_resource::Errno::EFAULT).into();
    assert_eq!(err.raw_os_error(), Some(libc::EFAULT));
}

#[test]
fn typed_errors_survive_the_conversion() {
    let err: std::io::Error = setrlimit(Resource::Core, Rlimit::new(2, 1))
        .unwrap_err()
        .into();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let inner = err.get_ref().and_then(|e| e.downcast_ref::<Error>());
    assert_eq!(inner, Some(&Error::SoftAboveHard { soft: 2, hard: 1 }));

    let denied = Error::PermissionDenied(PermissionReason::OtherProcess { pid: 1 });
    let err: std::io::Error = denied.into();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert!(err.to_string().contains("process 1"), "{err}");
}
