//! The asm-generic system call numbers (`include/uapi/asm-generic/unistd.h`), which aarch64,
//! riscv64 and loongarch64 share (every architecture added to Linux since 2012 uses this
//! table). Loaded from `src/lib.rs` for those architectures only; each arch file re-exports it
//! and adds what its kernel asks for beyond it (`__ARCH_WANT_SET_GET_RLIMIT`: getrlimit and
//! setrlimit on aarch64 and riscv64, none on loongarch64).
//!
//! A leaf module, as the arch files are.

syscall_numbers! {
    /// `__NR_getrusage`.
    NR_GETRUSAGE = 165,
    /// `__NR_prlimit64`.
    NR_PRLIMIT64 = 261,
    /// `__NR_mprotect` (page-size probe).
    NR_MPROTECT = 226,
    /// `__NR_openat` (reading `/proc/sys/fs/nr_open` on an error path).
    NR_OPENAT = 56,
    /// `__NR_read`.
    NR_READ = 63,
    /// `__NR_close`.
    NR_CLOSE = 57,
    /// `__NR_wait4` (`wait_usage`).
    NR_WAIT4 = 260,
    /// `__NR_waitid` (`ChildExt::wait_with_usage`).
    NR_WAITID = 95,
    /// `__NR_capget` (`apply_limits`: may the caller raise a hard limit?).
    NR_CAPGET = 90,
    /// `__NR_write`.
    NR_WRITE = 64,
    /// `__NR_ioctl`.
    NR_IOCTL = 29,
    /// `__NR_rt_sigaction`.
    NR_RT_SIGACTION = 134,
    /// `__NR_getpid`.
    NR_GETPID = 172,
    /// `__NR_clone`.
    NR_CLONE = 220,
    /// `__NR_execve`.
    NR_EXECVE = 221,
    /// `__NR_exit_group`.
    NR_EXIT_GROUP = 94,
    /// `__NR_clock_gettime` (the static `time`'s elapsed time).
    NR_CLOCK_GETTIME = 113,
}
