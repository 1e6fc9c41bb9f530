//! powerpc64 (powerpc64le, and big-endian powerpc64): system call numbers, the `sc`
//! instruction, and its error convention.
//!
//! Both byte orders: the numbers, registers and structs are the same (the kernel headers of
//! either gcc agree, tests/abi), and nothing here reads memory in a byte order (values travel in
//! registers; `mfcr` puts the condition register in the low 32 bits of a register, whatever the
//! byte order; the structs are read field by field). The function-call ABIs differ (ELFv2 on
//! powerpc64le, ELFv1 on Rust's big-endian target) but `sc` is not a function call: the kernel
//! reads the same registers under both.
//!
//! A leaf module: it declares no child modules (it is loaded with `#[path]`, so a `mod child;`
//! here would resolve to `arch/child.rs`, shared by every architecture).
//!
//! # Safety
//!
//! The functions here execute `sc` with the registers the 64-bit Power Linux system call ABI
//! defines (`Documentation/arch/powerpc/syscall64-abi.rst`): number in `r0`, arguments in
//! `r3`-`r6`, result in `r3`. The call follows the ELF ABI's rules for a C function call,
//! except as that document says, so the kernel may change every volatile register:
//! - `r0` (the number) and `r4`-`r12`: volatile; each wrapper declares `r0` and `r4`-`r7`
//!   (inputs or not), and `syscall_asm!` declares `r8`-`r12`;
//! - `cr0`: volatile, and where the kernel reports an error (its `SO` bit);
//! - `ctr` and `xer`: volatile in the ELF ABI;
//! - `cr1` and `cr5`-`cr7`, volatile in the ELF ABI, are non-volatile for `sc` (the document's
//!   table), as are `lr`, `r1`, `r2`, `r13`-`r31`, and all floating-point and vector
//!   registers: not declared.
//!
//! `preserves_flags` is not declared: `cr0` and `xer` change (and on PowerPC that option
//! would not cover `cr0` anyway). The kernel never touches the user stack (`nostack`). What the
//! call does to memory is up to the caller, who must pass pointers that are valid for the call
//! being made.
//!
//! Errors are not `-4095..=-1` here: `sc` returns with `cr0.SO` set and a positive errno in
//! `r3` for an error, `cr0.SO` clear and the value in `r3` for success. The wrappers copy the
//! condition register out with `mfcr` right after `sc`, and [`Ret`] decodes the pair: this
//! architecture's own decoder (`scv 0`, the newer instruction, would use the common one, but
//! needs a kernel and CPU that have it).
#![allow(unsafe_code)]

use crate::Errno;
use crate::errno::Numbering;
use crate::reg::{Arg, RetReg};
use core::arch::asm;

/// `asm!` with the volatile registers no wrapper uses for an argument: `r8`-`r12`, `cr0`, `ctr`
/// and `xer` (see the module documentation for each).
macro_rules! syscall_asm {
    ($($body:tt)*) => {
        asm!(
            $($body)*
            lateout("r8") _,
            lateout("r9") _,
            lateout("r10") _,
            lateout("r11") _,
            lateout("r12") _,
            lateout("cr0") _,
            lateout("ctr") _,
            lateout("xer") _,
        )
    };
}

/// The `SO` (summary overflow) bit of `cr0` in the 32-bit condition register `mfcr` reads:
/// `cr0` is its top four bits (LT, GT, EQ, SO), so SO is bit 28.
const CR0_SO: usize = 1 << 28;

/// What `sc` returned: `r3`, and the condition register.
#[derive(Clone, Copy)]
pub(crate) struct Ret {
    value: usize,
    cr: usize,
}

impl RetReg for Ret {
    /// `cr0.SO` set: `r3` is a positive errno; clear: `r3` is the result.
    #[inline(always)]
    fn decode(self) -> Result<usize, Errno> {
        if self.cr & CR0_SO != 0 {
            // The kernel reports errnos 1..=4095 this way: they fit an i32.
            Err(Errno::new(self.value as i32))
        } else {
            Ok(self.value)
        }
    }
}

// The system call numbers, under the kernel's names (`<asm/unistd.h>`).
syscall_numbers! {
    /// `__NR_ugetrlimit`: getrlimit with `unsigned long` limits (`__NR_getrlimit`, 76, is the older
    /// call that clamps them to 2^31 - 1).
    NR_UGETRLIMIT = 190,
    /// `__NR_setrlimit`.
    NR_SETRLIMIT = 75,
    /// `__NR_getrusage`.
    NR_GETRUSAGE = 77,
    /// `__NR_prlimit64`.
    NR_PRLIMIT64 = 325,
    /// `__NR_mprotect` (page-size probe).
    NR_MPROTECT = 125,
    /// `__NR_openat` (reading `/proc/sys/fs/nr_open` on an error path).
    NR_OPENAT = 286,
    /// `__NR_read`.
    NR_READ = 3,
    /// `__NR_close`.
    NR_CLOSE = 6,
    /// `__NR_wait4` (`wait_usage`).
    NR_WAIT4 = 114,
    /// `__NR_waitid` (`ChildExt::wait_with_usage`).
    NR_WAITID = 272,
    /// `__NR_capget` (`apply_limits`: may the caller raise a hard limit?).
    NR_CAPGET = 183,
    /// `__NR_write`.
    NR_WRITE = 4,
    /// `__NR_ioctl`.
    NR_IOCTL = 54,
    /// `__NR_rt_sigaction`.
    NR_RT_SIGACTION = 173,
    /// `__NR_getpid`.
    NR_GETPID = 20,
    /// `__NR_clone`.
    NR_CLONE = 120,
    /// `__NR_execve`.
    NR_EXECVE = 11,
    /// `__NR_exit_group`.
    NR_EXIT_GROUP = 234,
    /// `__NR_clock_gettime` (the static `time`'s elapsed time).
    NR_CLOCK_GETTIME = 246,
}

/// The table of numbers above.
pub(crate) const NUMBER_TABLES: &[&[(&str, u32)]] = &[NUMBERS];

/// The system call behind `raw::getrlimit`: ugetrlimit (64-bit `unsigned long`s: exact).
pub(crate) const GETRLIMIT: Option<u32> = Some(NR_UGETRLIMIT);
/// The system call behind `raw::setrlimit`.
pub(crate) const SETRLIMIT: Option<u32> = Some(NR_SETRLIMIT);
/// Whether the crate's `getrlimit` and `setrlimit` use prlimit64 rather than the getrlimit and
/// setrlimit system calls: no, those carry `struct rlimit64` here.
pub(crate) const LIMITS_THROUGH_PRLIMIT64: bool = false;

// The constants of the static tool (examples/prlimit-static), which makes every
// system call through this layer (`linux_resource::syscall`, feature `unstable-syscall`).
/// `TCGETS`: `_IOR('t', 19, struct termios)` here, not the generic 0x5401.
#[cfg(feature = "unstable-syscall")]
pub(crate) const TCGETS: u32 = 0x402c_7413;
/// `TIOCGWINSZ`: `_IOR('t', 104, struct winsize)` here, not the generic 0x5413.
#[cfg(feature = "unstable-syscall")]
pub(crate) const TIOCGWINSZ: u32 = 0x4008_7468;
/// The `open` flags of the static `time`'s `-o FILE` (generic but `O_LARGEFILE`).
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_CREAT: u32 = 0x40;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_TRUNC: u32 = 0x200;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_APPEND: u32 = 0x400;
#[cfg(feature = "unstable-syscall")]
pub(crate) const O_LARGEFILE: u32 = 0x10000;
/// Whether clone takes the new stack pointer first and the flags second (s390 only,
/// `CONFIG_CLONE_BACKWARDS2`): not here.
#[cfg(feature = "unstable-syscall")]
pub(crate) const CLONE_BACKWARDS2: bool = false;

/// powerpc64 kernels use 4 or 64 KiB pages (Debian's ppc64el: 64 KiB): ask the kernel.
pub(crate) const FIXED_PAGE_SIZE: Option<usize> = None;

/// powerpc's errno numbers: the generic ones, but `EDEADLOCK` is 58.
pub(crate) const ERRNO_NUMBERING: Numbering = Numbering::Powerpc;

/// The signal numbers of `<asm-generic/signal.h>` (the names in messages).
pub(crate) const SIGNAL_NUMBERING: crate::signal::Numbering = crate::signal::Numbering::Generic;

// The resources whose numbers differ among architectures (`<asm-generic/resource.h>` here;
// MIPS has its own): src/resource.rs takes them from here, and the header checks read them.
/// `RLIMIT_RSS`.
pub(crate) const RLIMIT_RSS: u32 = 5;
/// `RLIMIT_NPROC`.
pub(crate) const RLIMIT_NPROC: u32 = 6;
/// `RLIMIT_NOFILE`.
pub(crate) const RLIMIT_NOFILE: u32 = 7;
/// `RLIMIT_MEMLOCK`.
pub(crate) const RLIMIT_MEMLOCK: u32 = 8;
/// `RLIMIT_AS`.
pub(crate) const RLIMIT_AS: u32 = 9;

/// The kernel's `RLIM_INFINITY` in `struct rlimit` (getrlimit and setrlimit): all ones (`~0UL`), 2^64 - 1.
pub(crate) const KERNEL_RLIM_INFINITY: core::ffi::c_ulong = core::ffi::c_ulong::MAX;

/// `SIGCHLD`, the signal `fork` (`clone`) asks for at the child's exit.
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGCHLD: u32 = 17;

/// `_NSIG`: the kernel's signal sets hold 64 signals.
#[cfg(feature = "unstable-syscall")]
pub(crate) const _NSIG: u32 = 64;
/// The size of the kernel's `sigset_t` (`_NSIG` bits), which `rt_sigaction` requires as its
/// last argument (any other is `EINVAL`).
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGSET_SIZE: usize = _NSIG as usize / 8;
/// Where the handler is in the kernel's `struct sigaction`, as `rt_sigaction` reads it: first
/// (the flags, the restorer and the signal set follow).
#[cfg(feature = "unstable-syscall")]
pub(crate) const SIGACTION_HANDLER_OFFSET: usize = 0;

/// A system call with one argument.
#[inline(always)]
pub(crate) unsafe fn syscall1(nr: u32, a0: Arg) -> Ret {
    let value: usize;
    let cr: usize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "sc",
            "mfcr {cr}",
            cr = lateout(reg) cr,
            inlateout("r0") Arg::from_u32(nr).to_raw() => _,
            inlateout("r3") a0.to_raw() => value,
            lateout("r4") _,
            lateout("r5") _,
            lateout("r6") _,
            lateout("r7") _,
            options(nostack),
        );
    }
    Ret { value, cr }
}

/// A system call with two arguments.
#[inline(always)]
pub(crate) unsafe fn syscall2(nr: u32, a0: Arg, a1: Arg) -> Ret {
    let value: usize;
    let cr: usize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "sc",
            "mfcr {cr}",
            cr = lateout(reg) cr,
            inlateout("r0") Arg::from_u32(nr).to_raw() => _,
            inlateout("r3") a0.to_raw() => value,
            inlateout("r4") a1.to_raw() => _,
            lateout("r5") _,
            lateout("r6") _,
            lateout("r7") _,
            options(nostack),
        );
    }
    Ret { value, cr }
}

/// A system call with two arguments that only reads user memory.
#[inline(always)]
pub(crate) unsafe fn syscall2_readonly(nr: u32, a0: Arg, a1: Arg) -> Ret {
    let value: usize;
    let cr: usize;
    // SAFETY: registers as the ABI above; the caller guarantees the kernel only reads memory.
    unsafe {
        syscall_asm!(
            "sc",
            "mfcr {cr}",
            cr = lateout(reg) cr,
            inlateout("r0") Arg::from_u32(nr).to_raw() => _,
            inlateout("r3") a0.to_raw() => value,
            inlateout("r4") a1.to_raw() => _,
            lateout("r5") _,
            lateout("r6") _,
            lateout("r7") _,
            options(nostack, readonly),
        );
    }
    Ret { value, cr }
}

/// A system call with three arguments.
#[inline(always)]
pub(crate) unsafe fn syscall3(nr: u32, a0: Arg, a1: Arg, a2: Arg) -> Ret {
    let value: usize;
    let cr: usize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "sc",
            "mfcr {cr}",
            cr = lateout(reg) cr,
            inlateout("r0") Arg::from_u32(nr).to_raw() => _,
            inlateout("r3") a0.to_raw() => value,
            inlateout("r4") a1.to_raw() => _,
            inlateout("r5") a2.to_raw() => _,
            lateout("r6") _,
            lateout("r7") _,
            options(nostack),
        );
    }
    Ret { value, cr }
}

/// A system call with four arguments.
#[inline(always)]
pub(crate) unsafe fn syscall4(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg) -> Ret {
    let value: usize;
    let cr: usize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "sc",
            "mfcr {cr}",
            cr = lateout(reg) cr,
            inlateout("r0") Arg::from_u32(nr).to_raw() => _,
            inlateout("r3") a0.to_raw() => value,
            inlateout("r4") a1.to_raw() => _,
            inlateout("r5") a2.to_raw() => _,
            inlateout("r6") a3.to_raw() => _,
            lateout("r7") _,
            options(nostack),
        );
    }
    Ret { value, cr }
}

/// A system call with four arguments that only reads user memory.
#[inline(always)]
pub(crate) unsafe fn syscall4_readonly(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg) -> Ret {
    let value: usize;
    let cr: usize;
    // SAFETY: registers as the ABI above; the caller guarantees the kernel only reads memory.
    unsafe {
        syscall_asm!(
            "sc",
            "mfcr {cr}",
            cr = lateout(reg) cr,
            inlateout("r0") Arg::from_u32(nr).to_raw() => _,
            inlateout("r3") a0.to_raw() => value,
            inlateout("r4") a1.to_raw() => _,
            inlateout("r5") a2.to_raw() => _,
            inlateout("r6") a3.to_raw() => _,
            lateout("r7") _,
            options(nostack, readonly),
        );
    }
    Ret { value, cr }
}

/// A system call with five arguments; the fifth goes in `r7` (volatile: declared).
#[inline(always)]
pub(crate) unsafe fn syscall5(nr: u32, a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg) -> Ret {
    let value: usize;
    let cr: usize;
    // SAFETY: registers as the ABI above; what the call reads or writes is the caller's contract.
    unsafe {
        syscall_asm!(
            "sc",
            "mfcr {cr}",
            cr = lateout(reg) cr,
            inlateout("r0") Arg::from_u32(nr).to_raw() => _,
            inlateout("r3") a0.to_raw() => value,
            inlateout("r4") a1.to_raw() => _,
            inlateout("r5") a2.to_raw() => _,
            inlateout("r6") a3.to_raw() => _,
            inlateout("r7") a4.to_raw() => _,
            options(nostack),
        );
    }
    Ret { value, cr }
}
