//! Compile-time checks: our structs have the layouts we claim, field by field, on every
//! architecture; the kernel's structs (`raw::Kernel*`) are made of `long`s; and on 64-bit
//! architectures the kernel's structs and ours are the same, so the kernel writes straight into
//! ours. (The numbers and layouts are also checked against the kernel headers of every
//! architecture by the test suite, and the system call numbers against the `syscalls` crate's
//! tables.)

use crate::raw::{CapUserData, CapUserHeader, KernelRlimit, KernelRusage, KernelTimeval, Siginfo};
use crate::{Rlimit, Rusage, Timeval};
use core::ffi::{c_long, c_ulong};
use core::mem::{align_of, offset_of, size_of};
use static_assertions::{const_assert, const_assert_eq};

// struct rlimit64 { __u64 rlim_cur; __u64 rlim_max; }: 16 bytes everywhere, aligned as a u64
// (8, or 4 on i686, as the C compiler aligns a `__u64` member there).
const_assert_eq!(size_of::<Rlimit>(), 16);
const_assert_eq!(align_of::<Rlimit>(), align_of::<u64>());
const_assert_eq!(offset_of!(Rlimit, soft), 0);
const_assert_eq!(offset_of!(Rlimit, hard), 8);
// The field sizes add up to the struct's size: no field is missing, no padding hides.
const_assert_eq!(size_of::<Rlimit>(), 2 * size_of::<u64>());

// Our Timeval: two i64s.
const_assert_eq!(size_of::<Timeval>(), 16);
const_assert_eq!(align_of::<Timeval>(), align_of::<i64>());
const_assert_eq!(offset_of!(Timeval, tv_sec), 0);
const_assert_eq!(offset_of!(Timeval, tv_usec), 8);
const_assert_eq!(size_of::<Timeval>(), 2 * size_of::<i64>());

// Our Rusage: two Timevals, then 14 i64s, on every architecture.
const_assert_eq!(size_of::<Rusage>(), 144);
const_assert_eq!(align_of::<Rusage>(), align_of::<i64>());
const_assert_eq!(offset_of!(Rusage, ru_utime), 0);
const_assert_eq!(offset_of!(Rusage, ru_stime), 16);
const_assert_eq!(offset_of!(Rusage, ru_maxrss), 32);
const_assert_eq!(offset_of!(Rusage, ru_ixrss), 40);
const_assert_eq!(offset_of!(Rusage, ru_idrss), 48);
const_assert_eq!(offset_of!(Rusage, ru_isrss), 56);
const_assert_eq!(offset_of!(Rusage, ru_minflt), 64);
const_assert_eq!(offset_of!(Rusage, ru_majflt), 72);
const_assert_eq!(offset_of!(Rusage, ru_nswap), 80);
const_assert_eq!(offset_of!(Rusage, ru_inblock), 88);
const_assert_eq!(offset_of!(Rusage, ru_oublock), 96);
const_assert_eq!(offset_of!(Rusage, ru_msgsnd), 104);
const_assert_eq!(offset_of!(Rusage, ru_msgrcv), 112);
const_assert_eq!(offset_of!(Rusage, ru_nsignals), 120);
const_assert_eq!(offset_of!(Rusage, ru_nvcsw), 128);
const_assert_eq!(offset_of!(Rusage, ru_nivcsw), 136);
const_assert_eq!(
    size_of::<Rusage>(),
    2 * size_of::<Timeval>() + 14 * size_of::<i64>()
);

/// The size of the kernel's `long` (`__kernel_long_t`): the register width on every
/// architecture here.
#[allow(dead_code)] // Used in const assertions only, which rustc 1.87 does not count.
const L: usize = size_of::<c_long>();
const_assert_eq!(L, size_of::<usize>());
const_assert_eq!(size_of::<c_ulong>(), L);

// struct rlimit { __kernel_ulong_t rlim_cur; __kernel_ulong_t rlim_max; }.
const_assert_eq!(size_of::<KernelRlimit>(), 2 * L);
const_assert_eq!(align_of::<KernelRlimit>(), align_of::<c_ulong>());
const_assert_eq!(offset_of!(KernelRlimit, rlim_cur), 0);
const_assert_eq!(offset_of!(KernelRlimit, rlim_max), L);

// struct __kernel_old_timeval { __kernel_long_t tv_sec; __kernel_long_t tv_usec; }.
const_assert_eq!(size_of::<KernelTimeval>(), 2 * L);
const_assert_eq!(align_of::<KernelTimeval>(), align_of::<c_long>());
const_assert_eq!(offset_of!(KernelTimeval, tv_sec), 0);
const_assert_eq!(offset_of!(KernelTimeval, tv_usec), L);

// struct rusage: two timevals, then 14 longs (144 bytes on 64-bit, 72 on 32-bit).
const_assert_eq!(size_of::<KernelRusage>(), 18 * L);
const_assert_eq!(align_of::<KernelRusage>(), align_of::<c_long>());
const_assert_eq!(offset_of!(KernelRusage, ru_utime), 0);
const_assert_eq!(offset_of!(KernelRusage, ru_stime), 2 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_maxrss), 4 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_ixrss), 5 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_idrss), 6 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_isrss), 7 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_minflt), 8 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_majflt), 9 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_nswap), 10 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_inblock), 11 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_oublock), 12 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_msgsnd), 13 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_msgrcv), 14 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_nsignals), 15 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_nvcsw), 16 * L);
const_assert_eq!(offset_of!(KernelRusage, ru_nivcsw), 17 * L);

// On 64-bit architectures the kernel's structs are ours, offset for offset (and `long` is
// `i64`, `unsigned long` is `u64`): the crate passes pointers to `Rlimit` and `Rusage` to
// getrlimit, setrlimit and getrusage there (src/sys.rs).
#[cfg(target_pointer_width = "64")]
mod same_on_64_bit {
    use super::*;

    const_assert_eq!(size_of::<KernelRlimit>(), size_of::<Rlimit>());
    const_assert_eq!(align_of::<KernelRlimit>(), align_of::<Rlimit>());
    const_assert_eq!(offset_of!(KernelRlimit, rlim_max), offset_of!(Rlimit, hard));
    const _: fn(c_ulong) -> u64 = |v| v;
    const _: fn(c_long) -> i64 = |v| v;
    const_assert_eq!(size_of::<KernelRusage>(), size_of::<Rusage>());
    const_assert_eq!(align_of::<KernelRusage>(), align_of::<Rusage>());
    const_assert_eq!(
        offset_of!(KernelRusage, ru_stime),
        offset_of!(Rusage, ru_stime)
    );
    const_assert_eq!(
        offset_of!(KernelRusage, ru_maxrss),
        offset_of!(Rusage, ru_maxrss)
    );
    const_assert_eq!(
        offset_of!(KernelRusage, ru_nivcsw),
        offset_of!(Rusage, ru_nivcsw)
    );
}

// siginfo_t: 128 bytes; `si_signo`, `si_errno`, `si_code` (MIPS: `si_code` before `si_errno`),
// then the union, aligned as a pointer (or a `long`): at 16 on 64-bit architectures, 12 on
// 32-bit ones, its SIGCHLD fields first.
#[allow(dead_code)] // Used in const assertions only, which rustc 1.87 does not count.
const U: usize = if size_of::<usize>() == 8 { 16 } else { 12 };
#[allow(dead_code)] // Used in const assertions only, which rustc 1.87 does not count.
const MIPS: bool = cfg!(any(target_arch = "mips", target_arch = "mips64"));
const_assert_eq!(size_of::<Siginfo>(), 128);
const_assert_eq!(align_of::<Siginfo>(), align_of::<usize>());
const_assert_eq!(offset_of!(Siginfo, si_signo), 0);
const_assert_eq!(offset_of!(Siginfo, si_errno), if MIPS { 8 } else { 4 });
const_assert_eq!(offset_of!(Siginfo, si_code), if MIPS { 4 } else { 8 });
const_assert_eq!(offset_of!(Siginfo, si_pid), U);
const_assert_eq!(offset_of!(Siginfo, si_uid), U + 4);
const_assert_eq!(offset_of!(Siginfo, si_status), U + 8);

// Where getrlimit and setrlimit read and write an `Rlimit` directly (their `struct rlimit` is
// `struct rlimit64`), the kernel's infinity there must be the API's, `RLIM_INFINITY`: else a
// mapping would be needed. (o32's `0x7fffffff` is used by no call the API makes.)
const_assert!(
    !crate::sys::RLIMIT_IS_RLIMIT64
        || crate::raw::KERNEL_RLIM_INFINITY as u128 == crate::RLIM_INFINITY as u128
);

// The errnos every numbering shares: exactly 1 to 34, in order (`<asm-generic/errno-base.h>`).
const _: () = {
    let base = crate::errno::GENERIC_BASE;
    assert!(base.len() == 34);
    let mut i = 0;
    while i < base.len() {
        assert!(base[i].0 == i as i32 + 1);
        i += 1;
    }
};

// The resource enum covers exactly RLIM_NLIMITS resources, numbered as the kernel does.
const_assert_eq!(crate::Resource::ALL.len(), crate::RLIM_NLIMITS as usize);
const _: () = {
    let mut i = 0;
    while i < crate::Resource::ALL.len() {
        assert!(crate::Resource::ALL[i].as_raw() as usize == i);
        i += 1;
    }
};

// capget's `struct __user_cap_header_struct` (`__u32 version`, `int pid`) and
// `struct __user_cap_data_struct` (three `__u32`), the same on every architecture.
const_assert_eq!(size_of::<CapUserHeader>(), 8);
const_assert_eq!(align_of::<CapUserHeader>(), 4);
const_assert_eq!(offset_of!(CapUserHeader, version), 0);
const_assert_eq!(offset_of!(CapUserHeader, pid), 4);
const_assert_eq!(size_of::<CapUserData>(), 12);
const_assert_eq!(align_of::<CapUserData>(), 4);
const_assert_eq!(offset_of!(CapUserData, effective), 0);
const_assert_eq!(offset_of!(CapUserData, permitted), 4);
const_assert_eq!(offset_of!(CapUserData, inheritable), 8);
