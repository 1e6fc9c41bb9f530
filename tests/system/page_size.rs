//! page_size against libc.

use linux_resource::{page_size, set_page_size_from_auxv};

#[test]
fn page_size_equals_sysconf() {
    // SAFETY: sysconf has no preconditions.
    let libc_page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    assert_eq!(page_size() as i64, libc_page as i64);
    assert!(page_size().is_power_of_two());
    // Asking again gives the same (cached on aarch64 and riscv64).
    assert_eq!(page_size(), page_size());
}

#[test]
fn auxv_hint_is_validated() {
    let page = page_size();
    for bad in [0, 1, 3000, 4095, 4097, 2048] {
        assert!(!set_page_size_from_auxv(bad), "{bad}");
        assert_eq!(page_size(), page);
    }
    assert!(set_page_size_from_auxv(page));
    assert_eq!(page_size(), page);
}
