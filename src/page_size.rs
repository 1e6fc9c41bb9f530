//! The page size, without libc and without `/proc`.

use crate::arch;
use core::sync::atomic::{AtomicUsize, Ordering};

/// The page size learned so far; 0 until first asked or told.
static PAGE_SIZE: AtomicUsize = AtomicUsize::new(0);

/// The smallest page the supported architectures use (4 KiB, `PAGE_SHIFT` 12).
const MIN_PAGE_SHIFT: u32 = 12;

/// The size of a memory page in bytes (`sysconf(_SC_PAGESIZE)`), with no libc and no `/proc`.
///
/// Where the architecture has one page size (x86, arm, s390x: the table in [`raw`](crate::raw))
/// this is that fixed 4096. Elsewhere (aarch64 kernels have 4, 16 or 64 KiB pages, powerpc64 4
/// or 64, loongarch64 4, 16 or 64) the kernel is asked once, with no memory touched: `mprotect(addr, 0, PROT_NONE)`
/// succeeds only for a page-aligned `addr`, so the smallest power of two it accepts is the page
/// size. Every kernel with an MMU has `mprotect`, whatever its configuration (`madvise`, which
/// small kernels leave out with `CONFIG_ADVISE_SYSCALLS`, is not used). The answer is cached in
/// one atomic word. A program that reads the auxiliary vector itself (its own `_start`) can hand
/// over `AT_PAGESZ` with [`set_page_size_from_auxv`] and make no system call at all. If the
/// kernel refuses `mprotect` outright (a seccomp filter that also breaks every dynamic loader),
/// the architecture's smallest page, 4096, is returned.
///
/// Works as PID 1 before `/proc` is mounted.
///
/// ```
/// let page = linux_resource::page_size();
/// assert!(page.is_power_of_two() && page >= 4096);
/// ```
///
/// Async-signal-safe.
///
/// # References
///  - [`getpagesize(2)`](https://man7.org/linux/man-pages/man2/getpagesize.2.html)
///  - [`mprotect(2)`](https://man7.org/linux/man-pages/man2/mprotect.2.html)
#[inline]
pub fn page_size() -> usize {
    if let Some(fixed) = arch::FIXED_PAGE_SIZE {
        return fixed;
    }
    match PAGE_SIZE.load(Ordering::Relaxed) {
        0 => probe_and_cache(),
        known => known,
    }
}

#[cold]
fn probe_and_cache() -> usize {
    let size = probe();
    PAGE_SIZE.store(size, Ordering::Relaxed);
    size
}

/// The smallest power of two `mprotect` accepts as a page-aligned address.
///
/// The kernel checks the alignment first (`EINVAL`), and a zero length then succeeds. qemu-user
/// (7.2) checks the alignment first too, against the pages it emulates, then refuses every
/// zero length with `ENOMEM` (its range check underflows): past the alignment check, so that
/// address is a page boundary too. Under qemu-loongarch64, whose pages are 16 KiB, taking
/// `ENOMEM` for a refusal gave 4096.
fn probe() -> usize {
    for shift in MIN_PAGE_SHIFT..usize::BITS - 1 {
        let candidate = 1usize << shift;
        match crate::sys::mprotect_probe(candidate) {
            Ok(()) | Err(crate::Errno::ENOMEM) => return candidate,
            Err(crate::Errno::EINVAL) => continue,
            // Any other error (EPERM from seccomp) says nothing about alignment.
            Err(_) => break,
        }
    }
    1 << MIN_PAGE_SHIFT
}

/// Hands the crate the page size from the auxiliary vector (`AT_PAGESZ`), so that
/// [`page_size`] makes no system call. For programs with their own `_start`.
///
/// Returns `false`, and changes nothing, for a value that is not a power of two of at least
/// 4096, or (where the page size is fixed: the table in [`raw`](crate::raw)) that is not it.
///
/// ```
/// use linux_resource::{page_size, set_page_size_from_auxv};
///
/// assert!(!set_page_size_from_auxv(3000));
/// assert!(set_page_size_from_auxv(page_size()));
/// ```
///
/// Async-signal-safe.
///
/// # References
///  - [`getauxval(3)`](https://man7.org/linux/man-pages/man3/getauxval.3.html)
pub fn set_page_size_from_auxv(at_pagesz: usize) -> bool {
    if !at_pagesz.is_power_of_two() || at_pagesz < (1 << MIN_PAGE_SHIFT) {
        return false;
    }
    match arch::FIXED_PAGE_SIZE {
        Some(fixed) => at_pagesz == fixed,
        None => {
            PAGE_SIZE.store(at_pagesz, Ordering::Relaxed);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::{PAGE_SIZE, probe, probe_and_cache};
    use crate::Errno;
    use crate::sys::mprotect_probe;
    use crate::test_seccomp as seccomp;
    use core::sync::atomic::Ordering;

    /// The kernel's page size, as the C library has it from `AT_PAGESZ`: the oracle.
    #[allow(unsafe_code)] // the libc oracle
    fn libc_page_size() -> usize {
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        usize::try_from(page).unwrap()
    }

    /// The probe itself, on every architecture (x86_64's `page_size` never calls it): the
    /// kernel's answer, as the C library has it from `AT_PAGESZ`.
    #[test]
    #[allow(unsafe_code)] // the libc oracle, in this test alone
    fn probe_finds_the_kernel_page_size() {
        // SAFETY: sysconf has no preconditions.
        let libc_page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        assert_eq!(super::probe() as i64, libc_page as i64);
    }

    /// What the probe rests on: `mprotect(addr, 0, PROT_NONE)` succeeds for a page-aligned address
    /// and refuses any other with `EINVAL`, whether or not anything is mapped there.
    ///
    /// qemu-user (7.2) refuses every zero-length `mprotect` of an aligned address with `ENOMEM`
    /// (its range check underflows on a zero length), after its alignment check: the probe
    /// takes `ENOMEM` as a page boundary (under qemu-loongarch64, whose pages are 16 KiB, taking
    /// it for a refusal gave 4096).
    #[test]
    fn mprotect_accepts_exactly_the_page_aligned_addresses() {
        let page = libc_page_size();
        // .ci/test sets the runner for the test executables it runs under qemu-user.
        let qemu_user = std::env::var("LINUX_RESOURCE_TEST_RUNNER")
            .is_ok_and(|runner| runner.contains("qemu-"));
        for aligned in [page, 2 * page, 1 << 30] {
            match mprotect_probe(aligned) {
                Ok(()) => {}
                Err(Errno::ENOMEM) if qemu_user => {}
                other => panic!("{aligned:#x}: {other:?}"),
            }
        }
        for unaligned in [page / 2, page + page / 2, page - 1, 3 * page + 8] {
            assert_eq!(
                mprotect_probe(unaligned),
                Err(Errno::EINVAL),
                "{unaligned:#x}"
            );
        }
    }

    /// The first `page_size()` on aarch64 and riscv64 probes once and keeps the answer, so that the
    /// next ones make no system call. (On x86_64 `page_size()` returns the fixed 4096 and never
    /// gets here; the cache is then unused, so filling it changes nothing.)
    #[test]
    fn the_probe_is_cached() {
        let page = libc_page_size();
        assert_eq!(probe_and_cache(), page);
        assert_eq!(PAGE_SIZE.load(Ordering::Relaxed), page);
    }

    /// Under a seccomp filter that refuses `mprotect`, the probe gives the smallest page, 4096,
    /// as `page_size` documents: with `EPERM` or `ENOSYS` (refusals that say nothing about
    /// alignment) at once, with `EINVAL` for every address after trying every power of two a
    /// `usize` holds.
    #[test]
    fn a_refused_probe_gives_the_smallest_page() {
        for errno in [libc::EPERM, libc::ENOSYS, libc::EINVAL] {
            let code = exit_code_of_child(|| {
                if !seccomp::refuse(libc::SYS_mprotect as u32, errno) {
                    return 2;
                }
                match std::panic::catch_unwind(probe) {
                    Ok(4096) => 0,
                    Ok(_) => 1,
                    Err(_) => 101,
                }
            });
            match code {
                0 => {}
                // qemu-user refuses seccomp filters (they would apply to its own system calls),
                // and a kernel may be built without CONFIG_SECCOMP_FILTER.
                2 => {
                    std::println!(
                        "skipped: no seccomp filter here (qemu-user, or no CONFIG_SECCOMP_FILTER)"
                    );
                    return;
                }
                code => panic!("errno {errno}: exit {code} (1: not 4096, 101: a panic)"),
            }
        }
    }

    /// Runs `f` in a forked child that exits with the code `f` returns; returns that code.
    #[allow(unsafe_code)] // fork, waitpid and _exit, for the tests alone
    fn exit_code_of_child(f: impl FnOnce() -> i32) -> i32 {
        // SAFETY: the child makes system calls only and leaves with _exit, never returning
        // into the test harness.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork");
        if pid == 0 {
            let code = f();
            // SAFETY: as said above.
            unsafe { libc::_exit(code) };
        }
        let mut status = 0;
        // SAFETY: waits for our own child.
        while unsafe { libc::waitpid(pid, &mut status, 0) } != pid {
            let errno = std::io::Error::last_os_error().raw_os_error();
            assert_eq!(errno, Some(libc::EINTR), "waitpid");
        }
        assert!(libc::WIFEXITED(status), "status {status:#x}");
        libc::WEXITSTATUS(status)
    }
}
