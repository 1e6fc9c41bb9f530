//! Compile-time checks: our kernel structs have the kernel's layout, field by field, and our
//! system call numbers equal the `syscalls` crate's table. (The numbers and layouts are also
//! checked against the kernel headers of every architecture by the test suite.)

use crate::raw::Siginfo;
use crate::{arch, Rlimit, Rusage, Timeval};
use core::mem::{align_of, offset_of, size_of};
use static_assertions::const_assert_eq;
use syscalls::Sysno;

// struct rlimit64 { __u64 rlim_cur; __u64 rlim_max; } (and struct rlimit on 64-bit).
const_assert_eq!(size_of::<Rlimit>(), 16);
const_assert_eq!(align_of::<Rlimit>(), 8);
const_assert_eq!(offset_of!(Rlimit, soft), 0);
const_assert_eq!(offset_of!(Rlimit, hard), 8);
// The field sizes add up to the struct's size: no field is missing, no padding hides.
const_assert_eq!(size_of::<Rlimit>(), 2 * size_of::<u64>());

// struct __kernel_old_timeval { __kernel_long_t tv_sec; __kernel_long_t tv_usec; }.
const_assert_eq!(size_of::<Timeval>(), 16);
const_assert_eq!(align_of::<Timeval>(), 8);
const_assert_eq!(offset_of!(Timeval, tv_sec), 0);
const_assert_eq!(offset_of!(Timeval, tv_usec), 8);
const_assert_eq!(size_of::<Timeval>(), 2 * size_of::<i64>());

// struct rusage: two timevals, then 14 longs.
const_assert_eq!(size_of::<Rusage>(), 144);
const_assert_eq!(align_of::<Rusage>(), 8);
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

// siginfo_t: 128 bytes, align 8 on 64-bit; the SIGCHLD fields of the union at 16.
const_assert_eq!(size_of::<Siginfo>(), 128);
const_assert_eq!(align_of::<Siginfo>(), 8);
const_assert_eq!(offset_of!(Siginfo, si_signo), 0);
const_assert_eq!(offset_of!(Siginfo, si_errno), 4);
const_assert_eq!(offset_of!(Siginfo, si_code), 8);
const_assert_eq!(offset_of!(Siginfo, si_pid), 16);
const_assert_eq!(offset_of!(Siginfo, si_uid), 20);
const_assert_eq!(offset_of!(Siginfo, si_status), 24);

// Our system call numbers equal the syscalls crate's table for this architecture.
const_assert_eq!(arch::NR_GETRLIMIT as i32, Sysno::getrlimit.id());
const_assert_eq!(arch::NR_SETRLIMIT as i32, Sysno::setrlimit.id());
const_assert_eq!(arch::NR_GETRUSAGE as i32, Sysno::getrusage.id());
const_assert_eq!(arch::NR_PRLIMIT64 as i32, Sysno::prlimit64.id());
const_assert_eq!(arch::NR_MPROTECT as i32, Sysno::mprotect.id());
const_assert_eq!(arch::NR_OPENAT as i32, Sysno::openat.id());
const_assert_eq!(arch::NR_READ as i32, Sysno::read.id());
const_assert_eq!(arch::NR_CLOSE as i32, Sysno::close.id());
const_assert_eq!(arch::NR_WAIT4 as i32, Sysno::wait4.id());
const_assert_eq!(arch::NR_WAITID as i32, Sysno::waitid.id());

// The resource enum covers exactly RLIM_NLIMITS resources, numbered as the kernel does.
const_assert_eq!(crate::Resource::ALL.len(), crate::RLIM_NLIMITS as usize);
const _: () = {
    let mut i = 0;
    while i < crate::Resource::ALL.len() {
        assert!(crate::Resource::ALL[i].as_raw() as usize == i);
        i += 1;
    }
};
