//! The harness shared by the fuzz targets: worker processes, the safe set of pids, pointer
//! choices, and libc's side of every differential comparison.
//!
//! # Rules every target keeps
//!
//! - The fuzzer process never changes a limit of its own: every call that may set a limit runs
//!   in a worker process ([`run_in_child`]), and [`assert_own_limits_unchanged`] checks it after
//!   each input.
//! - The only pids a target acts on are [`PidChoice`]'s: 0, the worker's own pid, a process the
//!   worker forked and owns, a pid the worker forked and reaped, negative pids, and pids above
//!   `PID_MAX_LIMIT` (which no process can have). Never a live process the harness did not
//!   create.
//! - A forked child runs only async-signal-safe code (system calls, no allocation, no locks): the
//!   fuzzer may have other threads (libFuzzer's RSS watcher) whose locks a fork copies.
//! - Every child is reaped by the process that started it; a child ends with a bare `exit`
//!   system call, so no exit hook (LeakSanitizer's report, atexit handlers) runs in it.
//!
//! # Safety
//!
//! The `unsafe` here is libc calls with pointers to locals, and the byte copies of [`Wire`]
//! values through a pipe between a parent and its forked child (the same binary, so the same
//! layout).

use arbitrary::Arbitrary;
use linux_resource::Rlimit;
use std::mem::{MaybeUninit, size_of};
use std::sync::OnceLock;

pub mod getrlimit_setrlimit;
pub mod getrusage;
pub mod parse;
pub mod prlimit;

/// The input a fuzz target's `fuzz_target!` decodes from `bytes`, decoded the same way
/// (libfuzzer-sys 0.4: inputs shorter than the type's smallest encoding are rejected, the rest
/// decoded with `arbitrary_take_rest`), or `None` where it rejects them. The tests replay the
/// committed corpus through this and each harness's `check`.
pub fn decode<'a, T: Arbitrary<'a>>(bytes: &'a [u8]) -> Option<T> {
    if bytes.len() < T::size_hint(0).0 {
        return None;
    }
    T::arbitrary_take_rest(arbitrary::Unstructured::new(bytes)).ok()
}

/// The number of resources Linux has.
pub const NLIMITS: usize = 16;

/// `PID_MAX_LIMIT` on 64-bit Linux (`4 * 1024 * 1024`): the largest `kernel.pid_max` can ever be.
/// No pid is at or above it.
pub const PID_MAX_LIMIT: i32 = 4 * 1024 * 1024;

/// The uid and gid of `nobody`, which a worker drops to when a plan asks for an unprivileged
/// caller.
pub const NOBODY: u32 = 65534;

/// A value that may be sent as raw bytes from a child process to its parent.
///
/// # Safety
///
/// The type holds no pointer or reference (the bytes are meaningful in another process only
/// because it is a fork of the same binary: same layout, and no address is carried over).
pub unsafe trait Wire: Copy {}

// SAFETY: plain integers.
unsafe impl Wire for Rlimit {}
// SAFETY: arrays of wire values are wire values.
unsafe impl<T: Wire, const N: usize> Wire for [T; N] {}
// SAFETY: plain integers.
unsafe impl Wire for i64 {}
// SAFETY: plain integers.
unsafe impl Wire for i32 {}

/// The worker's stack: an 8 MiB anonymous mapping, made once.
#[cfg(fuzzing)]
static WORKER_STACK: OnceLock<usize> = OnceLock::new();
#[cfg(fuzzing)]
const WORKER_STACK_SIZE: usize = 8 << 20;

#[cfg(fuzzing)]
struct Job<F, T> {
    f: Option<F>,
    out: MaybeUninit<T>,
    done: bool,
}

#[cfg(fuzzing)]
extern "C" fn worker_entry<F: FnOnce() -> T, T>(arg: *mut libc::c_void) -> libc::c_int {
    // SAFETY: `arg` is the `Job` that `run_in_child` passed, alive until this process exits (the
    // parent is suspended meanwhile: CLONE_VFORK).
    let job = unsafe { &mut *arg.cast::<Job<F, T>>() };
    // Report a hang as libFuzzer's timeout: its SIGALRM handler (inherited) dumps the input
    // once the unit has run for -timeout seconds; the suspended parent cannot.
    let tick = libc::itimerval {
        it_interval: libc::timeval {
            tv_sec: 1,
            tv_usec: 0,
        },
        it_value: libc::timeval {
            tv_sec: 1,
            tv_usec: 0,
        },
    };
    // SAFETY: `tick` is a local; the old value is not asked for.
    unsafe { libc::syscall(libc::SYS_setitimer, libc::ITIMER_REAL, &tick, 0usize) };
    // A worker may lower its own RLIMIT_FSIZE (then a write to a log file would raise SIGXFSZ)
    // or its CPU soft limit (SIGXCPU): those signals become errors or nothing, not deaths.
    // SAFETY: sets this process's dispositions (not shared: no CLONE_SIGHAND).
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        libc::signal(libc::SIGXCPU, libc::SIG_IGN);
    }
    let f = job.f.take().expect("the job runs once");
    job.out.write(f());
    job.done = true;
    0
}

/// Runs `f` in a child process and returns what it returned.
///
/// The child is a separate process (its own limits, credentials and signal handlers) that shares
/// the parent's memory and runs on its own stack while the parent waits
/// (`clone(CLONE_VM | CLONE_VFORK)`, as `posix_spawn` does). Sharing memory makes it cheap (no
/// page tables to copy: the fuzzer's address-sanitizer shadow is large) and, above all, lets
/// libFuzzer see the coverage of the code the child runs, which a `fork` would hide.
///
/// `f` must be async-signal-safe and must not call glibc functions that use the thread's
/// identity (its TLS is the parent thread's): only system calls (through `libc::syscall` for
/// credentials, so that glibc does not broadcast them to the parent's threads), no allocation,
/// no locks. Processes it starts come from [`raw_fork`]. Panics if the child does not finish
/// (a signal, a crash), after reaping it.
#[cfg(fuzzing)]
pub fn run_in_child<T: Wire, F: FnOnce() -> T>(f: F) -> T {
    let stack_base = *WORKER_STACK.get_or_init(|| {
        // SAFETY: a fresh anonymous mapping.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                WORKER_STACK_SIZE,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_STACK,
                -1,
                0,
            )
        };
        assert_ne!(base, libc::MAP_FAILED, "mmap of the worker stack");
        base as usize
    });
    let mut job = Job::<F, T> {
        f: Some(f),
        out: MaybeUninit::uninit(),
        done: false,
    };
    let top = (stack_base + WORKER_STACK_SIZE - 64) as *mut libc::c_void;
    // SAFETY: the child runs `worker_entry` on its own stack, with `job`, which outlives it: with
    // CLONE_VFORK this call returns only once the child has exited.
    let pid = unsafe {
        libc::clone(
            worker_entry::<F, T>,
            top,
            libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
            (&mut job as *mut Job<F, T>).cast(),
        )
    };
    assert!(pid > 0, "clone failed: {}", std::io::Error::last_os_error());
    let status = wait_for(pid);
    // SAFETY: `job.done` is a bool the child wrote (or did not) before exiting.
    let done = unsafe { std::ptr::read_volatile(&job.done) };
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 && done,
        "worker {pid} ended badly: {}",
        describe_status(status)
    );
    // SAFETY: the child wrote `out` before setting `done`.
    unsafe { std::ptr::read_volatile(&job.out).assume_init() }
}

/// Runs `f` in a forked child process and returns what it returned, sent back through a pipe.
///
/// The build outside the fuzzer (the crate's tests replaying the corpus) runs its workers as
/// plain forks: qemu-user runs a `clone(CLONE_VM | CLONE_VFORK)` as a `fork` (so the worker's
/// result would never reach the parent), and no coverage is wanted there. The same rules hold
/// for `f`: async-signal-safe, system calls only. Panics if the child does not finish, after
/// reaping it.
#[cfg(not(fuzzing))]
pub fn run_in_child<T: Wire, F: FnOnce() -> T>(f: F) -> T {
    let (read, write) = pipe();
    let pid = raw_fork();
    assert!(pid >= 0, "fork failed: errno {}", -pid);
    if pid == 0 {
        close(read);
        // The same signal dispositions as the fuzzer's workers (see `worker_entry`).
        // SAFETY: sets this process's dispositions.
        unsafe {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            libc::signal(libc::SIGXCPU, libc::SIG_IGN);
        }
        // A panic (its message printed) must not unwind into the test harness's copy.
        let code = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            Ok(out) if write_all(write, &out) => 0,
            Ok(_) => 3,
            Err(_) => 101,
        };
        raw_exit(code);
    }
    close(write);
    let out = read_exact::<T>(read);
    close(read);
    let status = wait_for(pid);
    match out {
        Some(out) if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 => out,
        _ => panic!("worker {pid} ended badly: {}", describe_status(status)),
    }
}

/// `fork` as a bare system call (`clone(SIGCHLD)`): no glibc fork handlers, which would act on
/// the parent's state from a [`run_in_child`] worker. Returns the child's pid, 0 in the child, or
/// a negative errno.
pub fn raw_fork() -> i32 {
    // The flags are clone's first argument, except on s390x, where the new stack pointer comes
    // first (the kernel's CLONE_BACKWARDS2): with the flags second, a 0 stack is the parent's.
    let (first, second) = if cfg!(target_arch = "s390x") {
        (0, libc::SIGCHLD as libc::c_ulong)
    } else {
        (libc::SIGCHLD as libc::c_ulong, 0)
    };
    // SAFETY: clone without CLONE_VM is fork: the child gets a copy of the memory.
    let ret = unsafe { libc::syscall(libc::SYS_clone, first, second, 0usize, 0usize, 0usize) };
    if ret < 0 { -errno() } else { ret as i32 }
}

/// `_exit` as a bare system call (`exit_group`).
///
/// Not declared `-> !` on purpose: the address sanitizer instruments every call of a function
/// that does not return (`__asan_handle_no_return`), which, on a worker's stack, prints a warning
/// through a lock that a forked child may have inherited held.
pub fn raw_exit(code: i32) {
    // SAFETY: ends the process.
    unsafe { libc::syscall(libc::SYS_exit_group, code) };
}

/// `getpid` as a bare system call.
pub fn raw_getpid() -> i32 {
    // SAFETY: no arguments.
    unsafe { libc::syscall(libc::SYS_getpid) as i32 }
}

/// A pipe's two ends, both close-on-exec.
pub fn pipe() -> (i32, i32) {
    let mut fds = [0i32; 2];
    // SAFETY: `fds` is a local array of two ints.
    let ret = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(ret, 0, "pipe2: {}", std::io::Error::last_os_error());
    (fds[0], fds[1])
}

/// Closes `fd`, ignoring the result.
pub fn close(fd: i32) {
    // SAFETY: closes a descriptor this process opened.
    unsafe { libc::close(fd) };
}

/// Writes all bytes of `value` to `fd`. Async-signal-safe.
pub fn write_all<T: Wire>(fd: i32, value: &T) -> bool {
    let base = (value as *const T).cast::<u8>();
    let len = size_of::<T>();
    let mut done = 0;
    while done < len {
        // SAFETY: `base..base + len` is `value`, readable; the kernel only reads it.
        let n = unsafe { libc::write(fd, base.add(done).cast(), len - done) };
        if n > 0 {
            done += n as usize;
        } else if n < 0 && errno() == libc::EINTR {
            continue;
        } else {
            return false;
        }
    }
    true
}

/// Reads one whole `T` from `fd`, or `None` at end of file before it. Async-signal-safe.
pub fn read_exact<T: Wire>(fd: i32) -> Option<T> {
    let mut out = MaybeUninit::<T>::uninit();
    let base = out.as_mut_ptr().cast::<u8>();
    let len = size_of::<T>();
    let mut done = 0;
    while done < len {
        // SAFETY: `base..base + len` is `out`, writable.
        let n = unsafe { libc::read(fd, base.add(done).cast(), len - done) };
        if n > 0 {
            done += n as usize;
        } else if n < 0 && errno() == libc::EINTR {
            continue;
        } else {
            return None;
        }
    }
    // SAFETY: every byte of `out` was written with the bytes of a `T` that the forked child
    // (the same binary) sent with `write_all`; `T: Wire` holds no pointers.
    Some(unsafe { out.assume_init() })
}

/// Waits for the child `pid` (retrying on `EINTR`) and returns its wait status.
pub fn wait_for(pid: i32) -> i32 {
    let mut status = 0;
    loop {
        // SAFETY: `status` is a local int.
        let ret = unsafe { libc::waitpid(pid, &mut status, 0) };
        if ret == pid {
            return status;
        }
        if ret < 0 && errno() == libc::EINTR {
            continue;
        }
        panic!(
            "waitpid({pid}) = {ret}: {}",
            std::io::Error::last_os_error()
        );
    }
}

fn describe_status(status: i32) -> String {
    if libc::WIFEXITED(status) {
        format!("exit status {}", libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        format!("killed by signal {}", libc::WTERMSIG(status))
    } else {
        format!("wait status {status:#x}")
    }
}

/// The calling thread's `errno`.
pub fn errno() -> i32 {
    // SAFETY: __errno_location returns this thread's errno slot.
    unsafe { *libc::__errno_location() }
}

fn set_errno(value: i32) {
    // SAFETY: __errno_location returns this thread's errno slot.
    unsafe { *libc::__errno_location() = value };
}

/// A system call's outcome as libc reports it: `(return value, errno or 0)`.
pub type Ret = (i64, i32);

/// A libc call's return value (`long` from `syscall`, `int` from the others) and `errno` when it
/// is -1.
fn ret_of<T: Into<i64>>(ret: T) -> Ret {
    let ret = ret.into();
    (ret, if ret == -1 { errno() } else { 0 })
}

/// `Result<(), Errno>` from our `raw` module as the same pair libc gives.
pub fn ours(result: Result<(), linux_resource::Errno>) -> Ret {
    match result {
        Ok(()) => (0, 0),
        Err(errno) => (-1, errno.into_raw()),
    }
}

/// libc's `syscall(SYS_prlimit64, pid, resource, new, old)`.
///
/// # Safety
///
/// The pointers must satisfy the contract of `raw::prlimit64`: null where allowed, or valid for the
/// access, or an address the kernel refuses (`EFAULT`).
pub unsafe fn libc_prlimit64(pid: i32, resource: u32, new: *const Rlimit, old: *mut Rlimit) -> Ret {
    set_errno(0);
    // SAFETY: the caller's contract.
    let ret = unsafe {
        libc::syscall(
            libc::SYS_prlimit64,
            libc::c_long::from(pid),
            libc::c_ulong::from(resource),
            new,
            old,
        )
    };
    ret_of(ret)
}

/// libc's number of the getrlimit system call that `raw::getrlimit` makes: ugetrlimit where the
/// kernel keeps an older getrlimit beside it (arm, x86, powerpc), getrlimit elsewhere; `None`
/// where there is none (loongarch64).
#[cfg(any(
    target_arch = "arm",
    target_arch = "x86",
    target_arch = "powerpc",
    target_arch = "powerpc64"
))]
const SYS_GETRLIMIT: Option<libc::c_long> = Some(libc::SYS_ugetrlimit);
#[cfg(target_arch = "loongarch64")]
const SYS_GETRLIMIT: Option<libc::c_long> = None;
#[cfg(not(any(
    target_arch = "arm",
    target_arch = "x86",
    target_arch = "powerpc",
    target_arch = "powerpc64",
    target_arch = "loongarch64"
)))]
const SYS_GETRLIMIT: Option<libc::c_long> = Some(libc::SYS_getrlimit);
#[cfg(target_arch = "loongarch64")]
const SYS_SETRLIMIT: Option<libc::c_long> = None;
#[cfg(not(target_arch = "loongarch64"))]
const SYS_SETRLIMIT: Option<libc::c_long> = Some(libc::SYS_setrlimit);

/// libc's `syscall(SYS_getrlimit, resource, old)` (ugetrlimit where `raw::getrlimit` makes that
/// call). The kernel writes its `struct rlimit`: two `unsigned long`s, 8 bytes on 32-bit
/// architectures (the first half of `*old`). Where the kernel has no such call, `ENOSYS`, as the
/// kernel answers an unknown call.
///
/// # Safety
///
/// The pointers must satisfy the contract of `raw::getrlimit`: null where allowed, or valid for the
/// access, or an address the kernel refuses (`EFAULT`).
pub unsafe fn libc_getrlimit(resource: u32, old: *mut Rlimit) -> Ret {
    let Some(nr) = SYS_GETRLIMIT else {
        return (-1, libc::ENOSYS);
    };
    set_errno(0);
    // SAFETY: the caller's contract.
    let ret = unsafe { libc::syscall(nr, libc::c_ulong::from(resource), old) };
    ret_of(ret)
}

/// libc's `syscall(SYS_setrlimit, resource, new)`, which reads the kernel's `struct rlimit`
/// (see [`libc_getrlimit`]).
///
/// # Safety
///
/// The pointers must satisfy the contract of `raw::setrlimit`: null where allowed, or valid for the
/// access, or an address the kernel refuses (`EFAULT`).
pub unsafe fn libc_setrlimit(resource: u32, new: *const Rlimit) -> Ret {
    let Some(nr) = SYS_SETRLIMIT else {
        return (-1, libc::ENOSYS);
    };
    set_errno(0);
    // SAFETY: the caller's contract.
    let ret = unsafe { libc::syscall(nr, libc::c_ulong::from(resource), new) };
    ret_of(ret)
}

/// Whether the kernel's `struct rlimit` is `struct rlimit64` (two 64-bit values): on 64-bit
/// architectures. On 32-bit ones it is two 32-bit values, and getrlimit(2) as the C library
/// offers it (`getrlimit64`) is prlimit64.
pub const KERNEL_RLIMIT_IS_64: bool =
    size_of::<linux_resource::raw::KernelRlimit>() == size_of::<Rlimit>();

/// The caller's limits of `resource` as the C library's `getrlimit64` gives them: the oracle of
/// the safe `getrlimit`. The getrlimit system call where its struct is 64-bit and the safe call
/// makes it, else the C library's, which is prlimit64 on the caller as the safe call is then:
/// `getrlimit64` on 32-bit architectures, `getrlimit` on mips64 (whose getrlimit call qemu-user
/// answers with o32's infinity) and where the kernel has no getrlimit call (loongarch64).
///
/// # Safety
///
/// `old` must be valid for writing one `Rlimit`.
pub unsafe fn libc_getrlimit64(resource: u32, old: *mut Rlimit) -> Ret {
    if KERNEL_RLIMIT_IS_64 && !linux_resource::raw::LIMITS_THROUGH_PRLIMIT64 {
        // SAFETY: the caller's contract; the kernel's struct is `Rlimit`.
        return unsafe { libc_getrlimit(resource, old) };
    }
    set_errno(0);
    // SAFETY: `old` is valid for one `rlimit64`, the layout of `Rlimit` (and of the 64-bit
    // architectures' `rlimit`).
    #[cfg(target_pointer_width = "32")]
    let ret = unsafe { libc::getrlimit64(resource as _, old.cast()) };
    // SAFETY: as above.
    #[cfg(target_pointer_width = "64")]
    let ret = unsafe { libc::getrlimit(resource as _, old.cast()) };
    ret_of(ret)
}

/// The oracle of the safe `setrlimit`: the setrlimit system call where its struct is 64-bit,
/// else the C library's `setrlimit64` or `setrlimit` (see [`libc_getrlimit64`]).
///
/// # Safety
///
/// `new` must be valid for reading one `Rlimit`.
pub unsafe fn libc_setrlimit64(resource: u32, new: *const Rlimit) -> Ret {
    if KERNEL_RLIMIT_IS_64 && !linux_resource::raw::LIMITS_THROUGH_PRLIMIT64 {
        // SAFETY: the caller's contract; the kernel's struct is `Rlimit`.
        return unsafe { libc_setrlimit(resource, new) };
    }
    set_errno(0);
    // SAFETY: `new` is valid for one `rlimit64`, the layout of `Rlimit` (and of the 64-bit
    // architectures' `rlimit`).
    #[cfg(target_pointer_width = "32")]
    let ret = unsafe { libc::setrlimit64(resource as _, new.cast()) };
    // SAFETY: as above.
    #[cfg(target_pointer_width = "64")]
    let ret = unsafe { libc::setrlimit(resource as _, new.cast()) };
    ret_of(ret)
}

/// libc's `syscall(SYS_getrusage, who, usage)`, into the C library's `struct rusage`, which is
/// the kernel's (72 bytes of 32-bit `long`s on 32-bit architectures).
///
/// # Safety
///
/// The pointers must satisfy the contract of `raw::getrusage`: null where allowed, or valid for the
/// access, or an address the kernel refuses (`EFAULT`).
pub unsafe fn libc_getrusage(who: i32, usage: *mut libc::rusage) -> Ret {
    set_errno(0);
    // SAFETY: the caller's contract.
    let ret = unsafe { libc::syscall(libc::SYS_getrusage, libc::c_long::from(who), usage) };
    ret_of(ret)
}

/// The 16 limits of a process (read with libc's prlimit64), each with the errno of its read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The limits, `0:0` where the read failed.
    pub limits: [Rlimit; NLIMITS],
    /// The errno of each read, 0 on success.
    pub errors: [i32; NLIMITS],
}

// SAFETY: plain integers.
unsafe impl Wire for Snapshot {}

impl Snapshot {
    /// No process: all zero.
    pub const NONE: Snapshot = Snapshot {
        limits: [Rlimit::new(0, 0); NLIMITS],
        errors: [0; NLIMITS],
    };

    /// The limits of `pid` (0: the caller). Async-signal-safe.
    pub fn of(pid: i32) -> Snapshot {
        let mut snap = Snapshot::NONE;
        for (resource, (limit, error)) in snap.limits.iter_mut().zip(&mut snap.errors).enumerate() {
            // SAFETY: `limit` is a field of a local.
            let (_, e) = unsafe { libc_prlimit64(pid, resource as u32, std::ptr::null(), limit) };
            *error = e;
            if e != 0 {
                *limit = Rlimit::new(0, 0);
            }
        }
        snap
    }
}

/// The fuzzer's own limits when the first input ran.
static OWN_LIMITS: OnceLock<Snapshot> = OnceLock::new();
/// `kernel.pid_max`, read once.
static PID_MAX: OnceLock<i32> = OnceLock::new();
/// `fs.nr_open`, read once.
static NR_OPEN: OnceLock<u64> = OnceLock::new();
/// Two pages, the second `PROT_NONE`: an address whose first 8 bytes are writable and the rest
/// not, for the kernel's partial copies.
static GUARD: OnceLock<usize> = OnceLock::new();

fn read_number(path: &str) -> Option<u64> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// Everything the harness reads once, in the parent (forked children only read the cells).
/// Call at the start of every input.
pub fn init() {
    OWN_LIMITS.get_or_init(|| Snapshot::of(0));
    PID_MAX.get_or_init(|| {
        read_number("/proc/sys/kernel/pid_max")
            .and_then(|n| i32::try_from(n).ok())
            .unwrap_or(PID_MAX_LIMIT)
    });
    NR_OPEN.get_or_init(|| read_number("/proc/sys/fs/nr_open").unwrap_or(1 << 20));
    GUARD.get_or_init(|| {
        // SAFETY: a fresh anonymous mapping of two pages (of the kernel's size), then its second
        // page made inaccessible.
        unsafe {
            let page = libc::sysconf(libc::_SC_PAGESIZE) as usize;
            let base = libc::mmap(
                std::ptr::null_mut(),
                2 * page,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            assert_ne!(base, libc::MAP_FAILED, "mmap");
            let ret = libc::mprotect(base.cast::<u8>().add(page).cast(), page, libc::PROT_NONE);
            assert_eq!(ret, 0, "mprotect");
            base as usize + page - 8
        }
    });
}

/// Panics if the fuzzer's own limits are not what they were when the first input ran.
pub fn assert_own_limits_unchanged() {
    let now = Snapshot::of(0);
    let then = OWN_LIMITS.get().expect("init() was called");
    assert_eq!(&now, then, "the fuzzer's own limits changed");
}

/// Whether the calling process can open `/proc/sys/fs/nr_open` now (it cannot with no free file
/// descriptor, e.g. after lowering its own `NOFILE` soft limit). Async-signal-safe.
pub fn nr_open_readable() -> bool {
    // SAFETY: a NUL-terminated path the kernel only reads; the descriptor is closed at once.
    unsafe {
        let fd = libc::syscall(
            libc::SYS_openat,
            libc::AT_FDCWD,
            c"/proc/sys/fs/nr_open".as_ptr(),
            libc::O_RDONLY | libc::O_CLOEXEC,
        );
        if fd < 0 {
            return false;
        }
        libc::syscall(libc::SYS_close, fd);
    }
    true
}

/// The fuzzer's own limits, as read at [`init`] (and unchanged since).
pub fn own_limits() -> &'static Snapshot {
    OWN_LIMITS.get().expect("init() was called")
}

/// `fs.nr_open` as read at [`init`].
pub fn nr_open() -> u64 {
    *NR_OPEN.get().expect("init() was called")
}

/// The first 8 bytes before the guard page: writable, followed by inaccessible memory.
pub fn straddle_ptr() -> *mut u8 {
    *GUARD.get().expect("init() was called") as *mut u8
}

/// Whose limits a call acts on. Every choice is a process the harness owns or no process at all.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum PidChoice {
    /// 0: the caller.
    Zero,
    /// The caller's own pid (the worker's, never the fuzzer's).
    Own,
    /// A child the worker forked and owns, alive during the call.
    Child,
    /// A child the worker forked, that exited and was reaped.
    Reaped,
    /// -1.
    MinusOne,
    /// Some negative pid.
    Negative(u32),
    /// A pid above `PID_MAX_LIMIT`: no process can have it.
    Huge(u32),
}

impl PidChoice {
    /// The pid for the cases that need no process (`Negative`, `MinusOne`, `Huge`).
    pub fn fixed(self) -> Option<i32> {
        match self {
            PidChoice::MinusOne => Some(-1),
            PidChoice::Negative(n) => Some(-1 - (n & i32::MAX as u32) as i32),
            PidChoice::Huge(n) => {
                let floor = PID_MAX.get().copied().unwrap_or(0).max(PID_MAX_LIMIT);
                let span = (i32::MAX - floor) as u32;
                Some(floor + 1 + (n % span) as i32)
            }
            _ => None,
        }
    }
}

/// Forks a child that exits at once and reaps it: its pid names no process (pids are reused only
/// after the allocator wraps around `kernel.pid_max`). Async-signal-safe.
pub fn reaped_pid() -> i32 {
    let pid = raw_fork();
    if pid == 0 {
        raw_exit(0);
    }
    if pid > 0 {
        wait_for(pid);
    }
    pid
}

/// A forked child that waits until asked, then reports its own limits and exits.
pub struct Reporter {
    /// Its pid.
    pub pid: i32,
    cmd: i32,
    report: i32,
}

impl Reporter {
    /// Forks the reporter. Async-signal-safe.
    pub fn spawn() -> Option<Reporter> {
        let (cmd_r, cmd_w) = pipe_nopanic()?;
        let (rep_r, rep_w) = pipe_nopanic()?;
        let pid = raw_fork();
        if pid < 0 {
            for fd in [cmd_r, cmd_w, rep_r, rep_w] {
                close(fd);
            }
            return None;
        }
        if pid == 0 {
            close(cmd_w);
            close(rep_r);
            // Wait for the word (or for the worker to die: end of file).
            let mut byte = 0u8;
            // SAFETY: reads one byte into a local.
            while unsafe { libc::read(cmd_r, (&mut byte as *mut u8).cast(), 1) } < 0
                && errno() == libc::EINTR
            {}
            let ok = write_all(rep_w, &Snapshot::of(0));
            raw_exit(if ok { 0 } else { 3 });
        }
        close(cmd_r);
        close(rep_w);
        Some(Reporter {
            pid,
            cmd: cmd_w,
            report: rep_r,
        })
    }

    /// Asks for the report, reaps the reporter and returns its limits (`None` if it died).
    pub fn finish(self) -> Option<Snapshot> {
        close(self.cmd);
        let snap = read_exact::<Snapshot>(self.report);
        close(self.report);
        let status = wait_for(self.pid);
        if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
            snap
        } else {
            None
        }
    }
}

fn pipe_nopanic() -> Option<(i32, i32)> {
    let mut fds = [0i32; 2];
    // SAFETY: `fds` is a local array of two ints.
    let ret = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    (ret == 0).then_some((fds[0], fds[1]))
}

/// Makes the calling (forked) process `nobody`: no supplementary groups, then gid, then uid.
/// Returns 0 or the first errno. Async-signal-safe.
pub fn drop_privileges() -> i32 {
    // Bare system calls: glibc's wrappers would broadcast the change to every thread of the
    // parent (a [`run_in_child`] worker shares its memory and thread list).
    // SAFETY: no pointers (setgroups with a count of 0 reads none).
    unsafe {
        if libc::syscall(libc::SYS_setgroups, 0usize, 0usize) != 0
            || libc::syscall(libc::SYS_setresgid, NOBODY, NOBODY, NOBODY) != 0
            || libc::syscall(libc::SYS_setresuid, NOBODY, NOBODY, NOBODY) != 0
        {
            return errno();
        }
    }
    0
}

/// A resource number: one of the 16 most of the time, or anything.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum ResourceChoice {
    /// One of the 16 resources (`Resource::ALL[n % 16]`, by this architecture's numbers).
    Known(u8),
    /// `16 + n % 16`: just out of range.
    JustAbove(u8),
    /// Any `u32`.
    Any(u32),
}

impl ResourceChoice {
    /// The raw resource number.
    pub fn raw(self) -> u32 {
        match self {
            ResourceChoice::Known(n) => linux_resource::Resource::ALL[usize::from(n) % 16].as_raw(),
            ResourceChoice::JustAbove(n) => 16 + u32::from(n) % 16,
            ResourceChoice::Any(n) => n,
        }
    }
}

/// A limit value, relative to the target's current limits when that is interesting.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum LimitChoice {
    /// Any value.
    Exact(u64),
    /// `RLIM_INFINITY`.
    Infinity,
    /// 0.
    Zero,
    /// The current soft limit.
    CurrentSoft,
    /// The current hard limit.
    CurrentHard,
    /// The current hard limit plus `1 + n` (saturating).
    AboveHard(u16),
    /// The current hard limit minus `1 + n` (saturating).
    BelowHard(u16),
    /// `fs.nr_open`.
    NrOpen,
    /// `fs.nr_open + 1 + n`.
    AboveNrOpen(u16),
}

impl LimitChoice {
    /// The value, given the current limits.
    pub fn value(self, current: Rlimit) -> u64 {
        match self {
            LimitChoice::Exact(v) => v,
            LimitChoice::Infinity => u64::MAX,
            LimitChoice::Zero => 0,
            LimitChoice::CurrentSoft => current.soft,
            LimitChoice::CurrentHard => current.hard,
            LimitChoice::AboveHard(n) => current.hard.saturating_add(1 + u64::from(n)),
            LimitChoice::BelowHard(n) => current.hard.saturating_sub(1 + u64::from(n)),
            LimitChoice::NrOpen => nr_open(),
            LimitChoice::AboveNrOpen(n) => nr_open() + 1 + u64::from(n),
        }
    }
}

/// Whether setting `resource` is accepted whatever the values and changes nothing: `RLIMIT_AS`,
/// `RLIMIT_DATA` and `RLIMIT_STACK` under qemu-user, which keeps the host's limits for itself
/// (a soft limit above the hard one succeeds there). The crate's tests name their qemu-user
/// runner in `LINUX_RESOURCE_TEST_RUNNER` (`.ci/test`); the fuzzers run natively.
pub fn sets_ignored(resource: u32) -> bool {
    use linux_resource::Resource;
    let under_qemu_user =
        std::env::var("LINUX_RESOURCE_TEST_RUNNER").is_ok_and(|runner| runner.contains("qemu-"));
    under_qemu_user
        && [Resource::As, Resource::Data, Resource::Stack]
            .iter()
            .any(|r| r.as_raw() == resource)
}

/// The shortest CPU limit a worker sets, in seconds.
pub const MIN_CPU_LIMIT: u64 = 3600;
/// The longest finite CPU limit a worker sets, in seconds (below `u64::MAX / 10^9`).
pub const MAX_CPU_LIMIT: u64 = 1 << 32;

/// `RLIMIT_CPU`.
pub const RLIMIT_CPU: u32 = linux_resource::Resource::Cpu.as_raw();

/// The limits a worker may set without being killed for them: a finite `RLIMIT_CPU` limit is
/// clamped to `MIN_CPU_LIMIT..=MAX_CPU_LIMIT`.
///
/// A process past its CPU hard limit gets `SIGKILL` at the next scheduler tick (and `SIGXCPU`
/// past the soft one): a worker that set a hard limit of 0 s on itself or its child dies at a
/// moment that depends on timing, which would make the two sides of a comparison differ. The
/// kernel compares `limit * NSEC_PER_SEC` in 64 bits, which wraps for limits above about
/// 1.8e10 s: a huge finite limit can act as a tiny one.
pub fn tame(resource: u32, limit: Rlimit) -> Rlimit {
    let clamp = |v: u64| {
        if v == u64::MAX {
            v
        } else {
            v.clamp(MIN_CPU_LIMIT, MAX_CPU_LIMIT)
        }
    };
    if resource == RLIMIT_CPU {
        Rlimit::new(clamp(limit.soft), clamp(limit.hard))
    } else {
        limit
    }
}

/// A pointer the kernel writes through, or one it must refuse.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutPtr {
    /// A valid buffer.
    Valid,
    /// Null (allowed for prlimit64's `old`; `EFAULT` elsewhere).
    Null,
    /// An address in the first page, never mapped.
    Low,
    /// A kernel address (`access_ok` fails).
    Kernel,
    /// 8 writable bytes followed by an inaccessible page: a partial copy.
    Straddle,
}

/// The buffers an [`OutPtr`] or [`InPtr`] may point into, filled with a sentinel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Buffers {
    /// The valid buffer.
    pub valid: Rlimit,
    /// The 8 bytes before the guard page.
    pub straddle: u64,
}

// SAFETY: plain integers.
unsafe impl Wire for Buffers {}

/// What the buffers hold before a call: a pattern no kernel value has.
pub const SENTINEL: u64 = 0xa5a5_a5a5_5a5a_5a5a;

/// An address no process can own, so `access_ok` refuses it: a kernel-half address on 64-bit
/// architectures; on 32-bit ones the last page, above a 32-bit process's address space on
/// 32-bit kernels (3 GiB) and on 64-bit ones.
pub const KERNEL_ADDR: usize = if usize::BITS == 64 {
    0xffff_8000_0000_0000_u64 as usize
} else {
    0xffff_f000
};

impl Buffers {
    /// Sentinel-filled buffers (and the straddle bytes set to the sentinel).
    pub fn new() -> Buffers {
        let buffers = Buffers {
            valid: Rlimit::new(SENTINEL, SENTINEL),
            straddle: SENTINEL,
        };
        // SAFETY: the straddle address is 8 writable bytes of the guard mapping.
        unsafe { straddle_ptr().cast::<u64>().write_unaligned(SENTINEL) };
        buffers
    }

    /// Reads the straddle bytes back into `self.straddle`.
    pub fn collect(&mut self) {
        // SAFETY: the straddle address is 8 readable bytes of the guard mapping.
        self.straddle = unsafe { straddle_ptr().cast::<u64>().read_unaligned() };
    }

    /// The pointer `choice` stands for.
    pub fn out_ptr(&mut self, choice: OutPtr) -> *mut Rlimit {
        match choice {
            OutPtr::Valid => &mut self.valid,
            OutPtr::Null => std::ptr::null_mut(),
            OutPtr::Low => 16 as *mut Rlimit,
            OutPtr::Kernel => KERNEL_ADDR as *mut Rlimit,
            OutPtr::Straddle => straddle_ptr().cast(),
        }
    }
}

impl Default for Buffers {
    fn default() -> Self {
        Buffers::new()
    }
}

/// A pointer the kernel reads a new limit through.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InPtr {
    /// A valid `Rlimit`.
    Valid,
    /// Null.
    Null,
    /// An unmapped low address.
    Low,
    /// A kernel address.
    Kernel,
    /// 8 readable bytes, then an inaccessible page.
    Straddle,
}

impl InPtr {
    /// The pointer: `valid` for [`InPtr::Valid`].
    pub fn ptr(self, valid: &Rlimit) -> *const Rlimit {
        match self {
            InPtr::Valid => valid,
            InPtr::Null => std::ptr::null(),
            InPtr::Low => 16 as *const Rlimit,
            InPtr::Kernel => KERNEL_ADDR as *const Rlimit,
            InPtr::Straddle => straddle_ptr().cast_const().cast(),
        }
    }
}

macro_rules! feedback_arms {
    ($sig:expr; $($n:literal)*) => {
        let _ = match $sig {
            $($n => std::hint::black_box($n),)*
        };
    };
}

/// Gives libFuzzer coverage for what a forked worker saw.
///
/// Coverage counters are per process: what a forked child executes is invisible to libFuzzer.
/// The parent calls this with a small categorical signature of the child's report (an errno, an
/// error kind, whether limits changed), and each of its 256 values is a different edge here, so
/// an input that produces a new kind of outcome is kept in the corpus.
#[inline(never)]
pub fn feedback(sig: u8) {
    feedback_arms!(sig;
        0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
        32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63
        64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95
        96 97 98 99 100 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119 120 121 122 123 124 125 126 127
        128 129 130 131 132 133 134 135 136 137 138 139 140 141 142 143 144 145 146 147 148 149 150 151 152 153 154 155 156 157 158 159
        160 161 162 163 164 165 166 167 168 169 170 171 172 173 174 175 176 177 178 179 180 181 182 183 184 185 186 187 188 189 190 191
        192 193 194 195 196 197 198 199 200 201 202 203 204 205 206 207 208 209 210 211 212 213 214 215 216 217 218 219 220 221 222 223
        224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250 251 252 253 254 255
    );
}

/// A signature for [`feedback`] from a few small categorical values (FNV-1a, folded to a byte).
pub fn signature(parts: &[u64]) -> u8 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        h ^= part;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24) ^ (h >> 32) ^ (h >> 40) ^ (h >> 48) ^ (h >> 56)) as u8
}
