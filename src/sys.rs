//! The crate's safe internal layer over [`crate::raw`]: each bare system call the API makes,
//! with its pointers made of locals and borrows, so that the API modules need no `unsafe`.
//! Errors stay the kernel's [`Errno`]; the API modules turn them into [`crate::Error`]s.
//!
//! One name per call on each layer: `raw::getrlimit` is the bare system call, `sys::getrlimit`
//! the call the API makes (prlimit64 where the table in [`crate::raw`] says so), and
//! `crate::getrlimit` the API's function.
#![allow(unsafe_code)]

use crate::raw::{self, KernelRlimit, KernelRusage};
use crate::reg::{Arg, RetReg};
use crate::{Errno, Rlimit, Rusage, arch};
use core::mem::{MaybeUninit, size_of};
use core::ptr;

/// Whether the kernel's `struct rlimit` is `struct rlimit64` here (every 64-bit architecture):
/// then getrlimit and setrlimit carry every `u64` limit exactly, and write straight into an
/// [`Rlimit`].
#[allow(dead_code)] // Used in const assertions only, which rustc 1.87 does not count.
pub(crate) const RLIMIT_IS_RLIMIT64: bool = size_of::<KernelRlimit>() == size_of::<Rlimit>();

/// Whether the kernel's `struct rusage` is [`Rusage`] here (every 64-bit architecture): then the
/// kernel writes straight into a `Rusage`, and nothing is widened. For both constants,
/// src/checks.rs proves that equal sizes mean the same layout, field by field.
const RUSAGE_IS_KERNELS: bool = size_of::<KernelRusage>() == size_of::<Rusage>();

// The direct calls write and read an `Rlimit` in place: only where they exist and their
// `struct rlimit` is `struct rlimit64`.
static_assertions::const_assert!(
    arch::LIMITS_THROUGH_PRLIMIT64
        || (arch::GETRLIMIT.is_some() && arch::SETRLIMIT.is_some() && RLIMIT_IS_RLIMIT64)
);

/// The calling process's limits of `resource`, as getrlimit(2) reports them: the getrlimit
/// system call where its `struct rlimit` is `struct rlimit64`, else prlimit64 (pid 0, nothing
/// set), as the arch file's `LIMITS_THROUGH_PRLIMIT64` says.
#[inline(always)]
pub(crate) fn getrlimit(resource: u32) -> Result<Rlimit, Errno> {
    let mut old = MaybeUninit::<Rlimit>::uninit();
    if !arch::LIMITS_THROUGH_PRLIMIT64 {
        // SAFETY: `old` is a local, valid for writing one `Rlimit`, which has the layout of
        // `KernelRlimit` here (RLIMIT_IS_RLIMIT64, and src/checks.rs checks every field).
        unsafe { raw::getrlimit(resource, old.as_mut_ptr().cast::<KernelRlimit>()) }?;
    } else {
        // SAFETY: no new limit; `old` is a local, valid for writing one `Rlimit`.
        unsafe { raw::prlimit64(0, resource, ptr::null(), old.as_mut_ptr()) }?;
    }
    // SAFETY: on success the kernel wrote the whole struct to `old`.
    Ok(unsafe { old.assume_init() })
}

/// Sets the calling process's limits of `resource`: the setrlimit system call where its
/// `struct rlimit` is `struct rlimit64`, prlimit64 (pid 0, old limit not read) elsewhere.
#[inline(always)]
pub(crate) fn setrlimit(resource: u32, new: &Rlimit) -> Result<(), Errno> {
    if !arch::LIMITS_THROUGH_PRLIMIT64 {
        // SAFETY: `new` is valid for reading one `Rlimit`, which has the layout of
        // `KernelRlimit` here.
        unsafe { raw::setrlimit(resource, ptr::from_ref(new).cast::<KernelRlimit>()) }
    } else {
        // SAFETY: `new` is valid for reading one `Rlimit`; no old limit is written.
        unsafe { raw::prlimit64(0, resource, new, ptr::null_mut()) }
    }
}

/// prlimit64 on `pid`: reads, and with `Some(new)` sets, returning the old limits.
#[inline(always)]
pub(crate) fn prlimit(pid: i32, resource: u32, new: Option<&Rlimit>) -> Result<Rlimit, Errno> {
    let new_ptr = match new {
        Some(new) => ptr::from_ref(new),
        None => ptr::null(),
    };
    let mut old = MaybeUninit::<Rlimit>::uninit();
    // SAFETY: `new_ptr` is null or a valid `Rlimit`; `old` is a local, valid for writing one.
    unsafe { raw::prlimit64(pid, resource, new_ptr, old.as_mut_ptr()) }?;
    // SAFETY: on success the kernel wrote the whole `struct rlimit64` to `old`.
    Ok(unsafe { old.assume_init() })
}

/// One getrusage system call into `out`, which is written only on success: by the kernel itself
/// on 64-bit architectures (no copy), widened from the kernel's struct on 32-bit ones.
#[inline(always)]
pub(crate) fn getrusage_into(who: i32, out: &mut Rusage) -> Result<(), Errno> {
    if RUSAGE_IS_KERNELS {
        // SAFETY: `out` is a unique borrow of a `Rusage`, which has the layout of
        // `KernelRusage` here (RUSAGE_IS_KERNELS, and src/checks.rs checks every field); the
        // kernel writes it only on success (getrusage fills a kernel copy, then copies it out
        // whole or fails with EFAULT before the call returns).
        unsafe { raw::getrusage(who, ptr::from_mut(out).cast::<KernelRusage>()) }
    } else {
        *out = getrusage(who)?;
        Ok(())
    }
}

/// One getrusage system call, as a [`Rusage`]: written straight into it on 64-bit
/// architectures, widened from the kernel's 72-byte struct on 32-bit ones.
#[inline(always)]
pub(crate) fn getrusage(who: i32) -> Result<Rusage, Errno> {
    if RUSAGE_IS_KERNELS {
        let mut usage = MaybeUninit::<Rusage>::uninit();
        // SAFETY: `usage` is a local, valid for writing one `Rusage`, which has the layout of
        // `KernelRusage` here (RUSAGE_IS_KERNELS, and src/checks.rs checks every field).
        unsafe { raw::getrusage(who, usage.as_mut_ptr().cast::<KernelRusage>()) }?;
        // SAFETY: on success the kernel wrote the whole `struct rusage` to `usage`.
        Ok(unsafe { usage.assume_init() })
    } else {
        let mut usage = MaybeUninit::<KernelRusage>::uninit();
        // SAFETY: `usage` is a local, valid for writing one `KernelRusage`.
        unsafe { raw::getrusage(who, usage.as_mut_ptr()) }?;
        // SAFETY: on success the kernel wrote the whole `struct rusage` to `usage`.
        Ok(Rusage::from(unsafe { usage.assume_init() }))
    }
}

/// One wait4 for `pid` with `options`, its rusage as a [`Rusage`] (written in place on 64-bit
/// architectures, widened on 32-bit ones): `Ok(None)` when `WNOHANG` found no child that
/// changed state, else the child's pid, wait status and usage.
#[inline(always)]
pub(crate) fn wait4(pid: i32, options: i32) -> Result<Option<(i32, i32, Rusage)>, Errno> {
    let mut status = 0i32;
    let mut usage = MaybeUninit::<Rusage>::uninit();
    let found = if RUSAGE_IS_KERNELS {
        // SAFETY: `status` and `usage` are locals, valid for writing an `i32` and a `Rusage`,
        // which has the layout of `KernelRusage` here.
        unsafe {
            raw::wait4(
                pid,
                &mut status,
                options,
                usage.as_mut_ptr().cast::<KernelRusage>(),
            )
        }?
    } else {
        // Zeroed: initialised whether or not the kernel writes it (it does not when WNOHANG
        // finds no child), so that it can be widened either way.
        let mut kernel = KernelRusage::default();
        // SAFETY: `status` and `kernel` are locals, valid for writing an `i32` and a
        // `KernelRusage`.
        let found = unsafe { raw::wait4(pid, &mut status, options, &mut kernel) }?;
        usage.write(Rusage::from(kernel));
        found
    };
    // SAFETY: a child was reported (found > 0), so the kernel wrote the whole `rusage` (on
    // 32-bit architectures, into `kernel`, widened into `usage`).
    Ok((found > 0).then(|| (found, status, unsafe { usage.assume_init() })))
}

/// One `waitid(P_PID, pid, &info, WEXITED | WNOWAIT, &usage)`: the terminated child's usage,
/// the child left a zombie.
#[cfg(feature = "std")]
#[inline(always)]
pub(crate) fn waitid_keeping_zombie(pid: i32) -> Result<Rusage, Errno> {
    let mut info = raw::Siginfo::ZERO;
    let mut usage = MaybeUninit::<KernelRusage>::uninit();
    // SAFETY: `info` and `usage` are locals, valid for writing a `Siginfo` and a `KernelRusage`.
    unsafe {
        raw::waitid(
            raw::P_PID,
            pid,
            &mut info,
            raw::WEXITED | raw::WNOWAIT,
            usage.as_mut_ptr(),
        )
    }?;
    // SAFETY: without WNOHANG, success means the child was found: the kernel wrote `usage`.
    Ok(Rusage::from(unsafe { usage.assume_init() }))
}

/// `mprotect(addr, 0, PROT_NONE)`: succeeds exactly when `addr` is page-aligned. The kernel
/// checks the alignment first and returns at once for a zero length, so no memory is touched
/// and no mapping is needed at `addr`. Every kernel with an MMU has `mprotect`, unlike `madvise`
/// (`CONFIG_ADVISE_SYSCALLS`, off in small kernels: then `ENOSYS`).
pub(crate) fn mprotect_probe(addr: usize) -> Result<(), Errno> {
    const PROT_NONE: u32 = 0;
    // SAFETY: with length 0 the kernel checks the alignment of `addr` and returns without
    // reading, writing or changing the protection of any memory.
    unsafe {
        arch::syscall3(
            arch::NR_MPROTECT,
            Arg::from_usize(addr),
            Arg::from_usize(0),
            Arg::from_u32(PROT_NONE),
        )
    }
    .decode_unit()
}

/// Reads the start of a file into `buf` with `openat`, `read` and `close`, returning the number
/// of bytes read.
pub(crate) fn read_file(path: &core::ffi::CStr, buf: &mut [u8]) -> Result<usize, Errno> {
    const AT_FDCWD: i32 = -100;
    // O_RDONLY | O_CLOEXEC: O_RDONLY is 0 everywhere, and O_CLOEXEC is 0o2000000 on every
    // architecture of arch/ (alpha, parisc and sparc, which differ, are not among them).
    const O_RDONLY_CLOEXEC: u32 = 0o2_000_000;
    // SAFETY: `path` is a NUL-terminated string the kernel only reads (`readonly`).
    let fd = unsafe {
        arch::syscall4_readonly(
            arch::NR_OPENAT,
            Arg::from_i32(AT_FDCWD),
            Arg::from_ptr(path.as_ptr()),
            Arg::from_u32(O_RDONLY_CLOEXEC),
            Arg::from_u32(0),
        )
    }
    .decode()?;
    // The kernel returns file descriptors in 0..=i32::MAX.
    let fd = fd as u32;
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`, which we borrow mutably.
    let read = unsafe {
        arch::syscall3(
            arch::NR_READ,
            Arg::from_u32(fd),
            Arg::from_mut_ptr(buf.as_mut_ptr()),
            Arg::from_usize(buf.len()),
        )
    }
    .decode();
    // SAFETY: `fd` was opened above and is closed exactly once; close touches no user memory.
    // Its result is irrelevant: the data was already read (or the read failed).
    let _ = unsafe { arch::syscall1(arch::NR_CLOSE, Arg::from_u32(fd)) };
    read
}

/// Whether the calling process has `CAP_SYS_RESOURCE` in its effective set: `capget` (version
/// 3, pid 0).
#[inline]
pub(crate) fn has_cap_sys_resource() -> Result<bool, Errno> {
    let mut header = raw::CapUserHeader {
        version: raw::LINUX_CAPABILITY_VERSION_3,
        pid: 0,
    };
    let mut data = [raw::CapUserData::default(); 2];
    // SAFETY: `header` and `data` are locals: one header, and the two words version 3 writes.
    unsafe { raw::capget(&mut header, data.as_mut_ptr()) }?;
    Ok(effective_has(&data, raw::CAP_SYS_RESOURCE))
}

/// Whether capability `bit` is in the effective set of `data`, as version 3 of `capget` writes
/// it: capabilities 0 to 31 in `data[0]`, 32 to 63 in `data[1]`.
#[inline]
fn effective_has(data: &[raw::CapUserData; 2], bit: u32) -> bool {
    data[(bit / 32) as usize].effective & (1 << (bit % 32)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_effective_bit_of_each_capability() {
        for bit in 0..64 {
            let mut data = [raw::CapUserData::default(); 2];
            data[(bit / 32) as usize].effective = 1 << (bit % 32);
            // Only the bit set is seen, and no permitted or inheritable bit counts.
            for other in 0..64 {
                assert_eq!(effective_has(&data, other), other == bit, "{bit} {other}");
            }
            data[(bit / 32) as usize].permitted = u32::MAX;
            data[(bit / 32) as usize].inheritable = u32::MAX;
            data[(bit / 32) as usize].effective = !(1 << (bit % 32));
            assert!(!effective_has(&data, bit), "{bit}");
        }
        assert_eq!(raw::CAP_SYS_RESOURCE, 24);
    }
}
