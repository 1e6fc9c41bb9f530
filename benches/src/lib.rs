//! The cells of the comparison: each (operation, approach) pair is one loop function that makes
//! `n` calls, so that the timing harness, the instruction counter (callgrind) and the allocation
//! counter all run exactly the same code.
//!
//! Every call's result is used the same way (see [`Consume`]), so no approach gets its work
//! optimised away; the setrlimit cells also pass the limit through `black_box` on every call, so
//! the value is never a compile-time constant and no check on it can be hoisted out of the loop.

pub mod alloc_count;
pub mod floor;

use core::hint::black_box;
use core::mem::MaybeUninit;

/// A (soft, hard) pair: the limit the setrlimit cells set (the caller's own NOFILE limits).
pub type Lim = (u64, u64);

/// A cell's measured loop: `run(n, lim)` makes `n` calls.
pub type RunFn = fn(u64, Lim);

/// `ENOSYS`, this architecture's.
const ENOSYS: isize = linux_resource::Errno::ENOSYS.into_raw() as isize;

/// `RLIMIT_NOFILE`, this architecture's number (7, or 5 on MIPS).
const NOFILE: usize = linux_resource::Resource::Nofile.as_raw() as usize;

/// The operations compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    Getrlimit,
    Setrlimit,
    PrlimitRead,
    RusageSelf,
    RusageThread,
    RusageChildren,
    RusageThreadWhole,
    RusageThreadInto,
    NullSyscall,
}

impl Op {
    pub const ALL: [Op; 9] = [
        Op::Getrlimit,
        Op::Setrlimit,
        Op::PrlimitRead,
        Op::RusageSelf,
        Op::RusageThread,
        Op::RusageChildren,
        Op::RusageThreadWhole,
        Op::RusageThreadInto,
        Op::NullSyscall,
    ];

    /// A short identifier for command lines.
    pub fn id(self) -> &'static str {
        match self {
            Op::Getrlimit => "getrlimit",
            Op::Setrlimit => "setrlimit",
            Op::PrlimitRead => "prlimit-read",
            Op::RusageSelf => "rusage-self",
            Op::RusageThread => "rusage-thread",
            Op::RusageChildren => "rusage-children",
            Op::RusageThreadWhole => "rusage-thread-whole",
            Op::RusageThreadInto => "rusage-thread-into",
            Op::NullSyscall => "null-syscall",
        }
    }

    /// The row label in the tables.
    pub fn label(self) -> &'static str {
        match self {
            Op::Getrlimit => "getrlimit(NOFILE)",
            Op::Setrlimit => "setrlimit(NOFILE, same)",
            Op::PrlimitRead => "prlimit(0, NOFILE, read)",
            Op::RusageSelf => "getrusage(SELF)",
            Op::RusageThread => "getrusage(THREAD)",
            Op::RusageChildren => "getrusage(CHILDREN)",
            Op::RusageThreadWhole => "getrusage(THREAD), moved whole",
            Op::RusageThreadInto => "getrusage(THREAD) into the caller's memory",
            Op::NullSyscall => "no-op syscall (ENOSYS): entry + exit only",
        }
    }

    pub fn from_id(id: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.id() == id)
    }
}

/// The approaches compared (the table columns).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Approach {
    LinuxResource,
    Libc,
    Rustix,
    Nix,
    Rlimit,
    Syscalls,
    /// The bare `syscall` instruction of the operation's own system call.
    Floor,
    /// The bare `syscall` instruction of prlimit64, which every peer uses for the limit calls.
    FloorPrlimit64,
}

impl Approach {
    pub const ALL: [Approach; 8] = [
        Approach::LinuxResource,
        Approach::Libc,
        Approach::Rustix,
        Approach::Nix,
        Approach::Rlimit,
        Approach::Syscalls,
        Approach::Floor,
        Approach::FloorPrlimit64,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Approach::LinuxResource => "linux_resource",
            Approach::Libc => "libc",
            Approach::Rustix => "rustix",
            Approach::Nix => "nix",
            Approach::Rlimit => "rlimit",
            Approach::Syscalls => "syscalls",
            Approach::Floor => "floor",
            Approach::FloorPrlimit64 => "floor-prlimit64",
        }
    }

    /// The column label in the tables.
    pub fn label(self) -> &'static str {
        match self {
            Approach::LinuxResource => "linux_resource",
            Approach::Libc => "libc (glibc)",
            Approach::Rustix => "rustix",
            Approach::Nix => "nix",
            Approach::Rlimit => "rlimit",
            Approach::Syscalls => "syscalls::syscall!",
            Approach::Floor => "floor: asm, own syscall",
            Approach::FloorPrlimit64 => "floor: asm, prlimit64",
        }
    }

    pub fn from_id(id: &str) -> Option<Approach> {
        Approach::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// Whether a call succeeded, for the sanity check made before anything is measured.
pub trait Outcome {
    fn ok(&self) -> bool;
}

impl<T, E> Outcome for Result<T, E> {
    fn ok(&self) -> bool {
        self.is_ok()
    }
}

/// What the floor gives: the raw return register, which it does not look at (the sanity
/// check does), and the value the kernel wrote.
pub struct Floor<T> {
    pub ret: isize,
    pub value: T,
}

impl<T> Outcome for Floor<T> {
    fn ok(&self) -> bool {
        self.ret == 0
    }
}

impl<T: Consume> Consume for Floor<T> {
    #[inline(always)]
    fn consume(self) -> bool {
        self.value.consume()
    }
}

impl Outcome for rustix::process::Rlimit {
    fn ok(&self) -> bool {
        true
    }
}

/// How the harness uses a result: the way a caller would, reading the values it returns
/// (each passed to `black_box`), and leaving the loop on an error, as `?` would (the calls
/// succeed: `bench check` runs first). Every approach's values are used the same way, so no
/// approach pays for building a value in memory that another leaves in registers or where the
/// kernel wrote it: limits are read as two `u64`s, a `struct rusage` field by field.
pub trait Consume {
    /// Uses the value; `false` on an error, which ends the loop.
    fn consume(self) -> bool;
}

impl<T: Consume, E> Consume for Result<T, E> {
    #[inline(always)]
    fn consume(self) -> bool {
        match self {
            Ok(value) => value.consume(),
            Err(_) => false,
        }
    }
}

impl Consume for () {
    #[inline(always)]
    fn consume(self) -> bool {
        true
    }
}

impl Consume for linux_resource::Rlimit {
    #[inline(always)]
    fn consume(self) -> bool {
        black_box(self.soft);
        black_box(self.hard);
        true
    }
}

impl Consume for libc::rlimit {
    #[inline(always)]
    fn consume(self) -> bool {
        black_box(self.rlim_cur);
        black_box(self.rlim_max);
        true
    }
}

impl Consume for (u64, u64) {
    #[inline(always)]
    fn consume(self) -> bool {
        black_box(self.0);
        black_box(self.1);
        true
    }
}

impl Consume for rustix::process::Rlimit {
    #[inline(always)]
    fn consume(self) -> bool {
        black_box(self.current);
        black_box(self.maximum);
        true
    }
}

/// Reads every field of a `struct rusage`, as a caller that uses the sample does.
macro_rules! consume_rusage {
    ($u:expr) => {{
        let u = $u;
        black_box(u.ru_utime.tv_sec);
        black_box(u.ru_utime.tv_usec);
        black_box(u.ru_stime.tv_sec);
        black_box(u.ru_stime.tv_usec);
        black_box(u.ru_maxrss);
        black_box(u.ru_ixrss);
        black_box(u.ru_idrss);
        black_box(u.ru_isrss);
        black_box(u.ru_minflt);
        black_box(u.ru_majflt);
        black_box(u.ru_nswap);
        black_box(u.ru_inblock);
        black_box(u.ru_oublock);
        black_box(u.ru_msgsnd);
        black_box(u.ru_msgrcv);
        black_box(u.ru_nsignals);
        black_box(u.ru_nvcsw);
        black_box(u.ru_nivcsw);
    }};
}

impl Consume for linux_resource::Rusage {
    #[inline(always)]
    fn consume(self) -> bool {
        consume_rusage!(self);
        true
    }
}

impl Consume for libc::rusage {
    #[inline(always)]
    fn consume(self) -> bool {
        consume_rusage!(self);
        true
    }
}

impl Consume for nix::sys::resource::Usage {
    #[inline(always)]
    fn consume(self) -> bool {
        // `Usage` wraps a `libc::rusage` and gives it back by reference.
        consume_rusage!(AsRef::<libc::rusage>::as_ref(&self));
        true
    }
}

/// A value the caller moves whole (stores it, returns it, pushes it into a `Vec`): passed to
/// `black_box` by reference, so it must exist in memory as one piece.
pub struct Whole<T>(pub T);

impl<T> Consume for Whole<T> {
    #[inline(always)]
    fn consume(self) -> bool {
        black_box(&self.0);
        true
    }
}

impl<T: Outcome> Outcome for Whole<T> {
    fn ok(&self) -> bool {
        self.0.ok()
    }
}

/// The floor's "whole" result: the kernel wrote the struct in place, and it is used there.
pub struct InPlace;

impl Consume for InPlace {
    #[inline(always)]
    fn consume(self) -> bool {
        true
    }
}

/// How an approach does an operation.
#[derive(Clone, Copy)]
pub enum Imp {
    /// Measured: `run(n, lim)` makes `n` calls; `check(lim)` makes one and says if it succeeded.
    Run {
        run: RunFn,
        check: fn(Lim) -> bool,
        /// The system call this path makes, as seen with strace.
        syscall: &'static str,
    },
    /// The approach has no such operation.
    Missing(&'static str),
}

/// One cell of the tables.
#[derive(Clone, Copy)]
pub struct Cell {
    pub op: Op,
    pub approach: Approach,
    pub imp: Imp,
}

macro_rules! cell {
    ($op:ident, $approach:ident, $syscall:literal, |$lim:ident| $body:expr) => {{
        #[inline(always)]
        #[allow(unused_variables)]
        fn call($lim: Lim) -> impl Outcome + Consume {
            $body
        }
        paste::paste! {
            /// The measured loop: `n` calls, each result passed to `black_box` whole. Never
            /// inlined, and named after its cell, so that callgrind can count exactly this
            /// function (`--toggle-collect=*loop_OP_APPROACH`) and objdump can show it.
            #[inline(never)]
            fn [<loop_ $op:snake _ $approach:snake>](n: u64, lim: Lim) {
                for _ in 0..n {
                    if !call(lim).consume() {
                        break;
                    }
                }
            }
        }
        fn check(lim: Lim) -> bool {
            call(lim).ok()
        }
        Cell {
            op: Op::$op,
            approach: Approach::$approach,
            imp: Imp::Run {
                run: paste::paste! { [<loop_ $op:snake _ $approach:snake>] },
                check,
                syscall: $syscall,
            },
        }
    }};
}

macro_rules! missing {
    ($op:ident, $approach:ident, $why:literal) => {
        Cell {
            op: Op::$op,
            approach: Approach::$approach,
            imp: Imp::Missing($why),
        }
    };
}

/// A cell whose call writes into memory the caller keeps (`slot`, made once per loop, as a
/// sampler keeps a slot of its ring buffer): `$body` fills `$slot` and says whether it
/// succeeded; the loop then passes the slot to `black_box` by reference, used where it lies.
macro_rules! cell_into {
    ($op:ident, $approach:ident, $syscall:literal, $slot:ident = $init:expr, $body:expr) => {{
        paste::paste! {
            /// The measured loop, as for `cell!`; the slot is made once, outside the loop.
            #[inline(never)]
            fn [<loop_ $op:snake _ $approach:snake>](n: u64, _lim: Lim) {
                let mut $slot = $init;
                for _ in 0..n {
                    if !$body {
                        break;
                    }
                    black_box(&mut $slot);
                }
            }
        }
        fn check(_lim: Lim) -> bool {
            let mut $slot = $init;
            $body
        }
        Cell {
            op: Op::$op,
            approach: Approach::$approach,
            imp: Imp::Run {
                run: paste::paste! { [<loop_ $op:snake _ $approach:snake>] },
                check,
                syscall: $syscall,
            },
        }
    }};
}

/// The bare getrusage syscall: the kernel writes the `struct rusage` where it lies.
#[inline(always)]
fn floor_getrusage(who: i32) -> Floor<libc::rusage> {
    let mut usage = MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: `usage` is a local, valid for writing one `struct rusage`.
    let ret = unsafe {
        floor::syscall2(
            floor::NR_GETRUSAGE,
            who as isize as usize,
            usage.as_mut_ptr() as usize,
        )
    };
    Floor {
        ret,
        // SAFETY: none: the floor does not look at `ret`; the kernel wrote the struct (the
        // sanity check run before any measurement makes sure the call succeeds).
        value: unsafe { usage.assume_init() },
    }
}

/// The bare prlimit64 read of the caller's NOFILE.
#[inline(always)]
fn floor_prlimit64_read() -> Floor<libc::rlimit> {
    let mut old = MaybeUninit::<libc::rlimit>::uninit();
    // SAFETY: null `new`; `old` is a local, valid for writing one `struct rlimit64`.
    let ret =
        unsafe { floor::syscall4(floor::NR_PRLIMIT64, 0, NOFILE, 0, old.as_mut_ptr() as usize) };
    Floor {
        ret,
        // SAFETY: as in `floor_getrusage`.
        value: unsafe { old.assume_init() },
    }
}

/// A libc call's result as a caller would make it: the value on success, the return code
/// otherwise.
#[inline(always)]
fn libc_result<T>(ret: i32, value: MaybeUninit<T>) -> Result<T, i32> {
    if ret == 0 {
        // SAFETY: on success the call wrote the whole value.
        Ok(unsafe { value.assume_init() })
    } else {
        Err(ret)
    }
}

/// A `syscalls::syscall!` result as a caller would make it.
#[inline(always)]
fn syscalls_result<T>(
    ret: Result<usize, syscalls::Errno>,
    value: MaybeUninit<T>,
) -> Result<T, syscalls::Errno> {
    // SAFETY: on success the kernel wrote the whole value.
    ret.map(|_| unsafe { value.assume_init() })
}

/// The limit, made opaque to the optimiser one `u64` at a time (a 16-byte `black_box` would
/// make some cells reload it with one 16-byte load from two 8-byte stores, a store-forwarding
/// stall that is the harness's, not the approach's).
#[inline(always)]
fn opaque(lim: Lim) -> Lim {
    (black_box(lim.0), black_box(lim.1))
}

fn rlimit_lr(lim: Lim) -> linux_resource::Rlimit {
    linux_resource::Rlimit::new(lim.0, lim.1)
}

fn rustix_lim(lim: Lim) -> rustix::process::Rlimit {
    let opt = |v: u64| (v != u64::MAX).then_some(v);
    rustix::process::Rlimit {
        current: opt(lim.0),
        maximum: opt(lim.1),
    }
}

fn libc_lim(lim: Lim) -> libc::rlimit {
    libc::rlimit {
        rlim_cur: lim.0,
        rlim_max: lim.1,
    }
}

/// Every cell, in table order (operation-major).
pub fn cells() -> Vec<Cell> {
    use linux_resource::{Resource, Who};
    use nix::sys::resource as nix_res;
    use syscalls::{syscall, Sysno};
    vec![
        // ---- getrlimit(NOFILE) ----
        cell!(Getrlimit, LinuxResource, "getrlimit", |lim| {
            linux_resource::getrlimit(Resource::Nofile)
        }),
        cell!(Getrlimit, Libc, "prlimit64", |lim| {
            let mut old = MaybeUninit::<libc::rlimit>::uninit();
            // SAFETY: `old` is valid for writing one `struct rlimit`.
            let ret = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, old.as_mut_ptr()) };
            libc_result(ret, old)
        }),
        cell!(Getrlimit, Rustix, "prlimit64", |lim| {
            rustix::process::getrlimit(rustix::process::Resource::Nofile)
        }),
        cell!(Getrlimit, Nix, "prlimit64", |lim| {
            nix_res::getrlimit(nix_res::Resource::RLIMIT_NOFILE)
        }),
        cell!(Getrlimit, Rlimit, "prlimit64", |lim| {
            rlimit::getrlimit(rlimit::Resource::NOFILE)
        }),
        cell!(Getrlimit, Syscalls, "getrlimit", |lim| {
            let mut old = MaybeUninit::<libc::rlimit>::uninit();
            // SAFETY: `old` is valid for writing one `struct rlimit`.
            let ret = unsafe { syscall!(Sysno::getrlimit, NOFILE, old.as_mut_ptr()) };
            syscalls_result(ret, old)
        }),
        cell!(Getrlimit, Floor, "getrlimit", |lim| {
            let mut old = MaybeUninit::<libc::rlimit>::uninit();
            // SAFETY: `old` is a local, valid for writing one `struct rlimit`.
            let ret = unsafe {
                floor::syscall2(floor::NR_GETRLIMIT, NOFILE, old.as_mut_ptr() as usize)
            };
            Floor {
                ret,
                // SAFETY: as in `floor_getrusage`.
                value: unsafe { old.assume_init() },
            }
        }),
        cell!(Getrlimit, FloorPrlimit64, "prlimit64", |lim| {
            floor_prlimit64_read()
        }),
        // ---- setrlimit(NOFILE, same value) ----
        cell!(Setrlimit, LinuxResource, "setrlimit", |lim| {
            linux_resource::setrlimit(Resource::Nofile, rlimit_lr(opaque(lim)))
        }),
        cell!(Setrlimit, Libc, "prlimit64", |lim| {
            let new = libc_lim(opaque(lim));
            // SAFETY: `new` is valid for reading one `struct rlimit`.
            let ret = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &new) };
            libc_result(ret, MaybeUninit::new(()))
        }),
        cell!(Setrlimit, Rustix, "prlimit64", |lim| {
            rustix::process::setrlimit(
                rustix::process::Resource::Nofile,
                rustix_lim(opaque(lim)),
            )
        }),
        cell!(Setrlimit, Nix, "prlimit64", |lim| {
            let (soft, hard) = opaque(lim);
            nix_res::setrlimit(nix_res::Resource::RLIMIT_NOFILE, soft, hard)
        }),
        cell!(Setrlimit, Rlimit, "prlimit64", |lim| {
            let (soft, hard) = opaque(lim);
            rlimit::setrlimit(rlimit::Resource::NOFILE, soft, hard)
        }),
        cell!(Setrlimit, Syscalls, "setrlimit", |lim| {
            let new = libc_lim(opaque(lim));
            // SAFETY: `new` is valid for reading one `struct rlimit`.
            let ret = unsafe { syscall!(Sysno::setrlimit, NOFILE, &new as *const libc::rlimit) };
            ret.map(drop)
        }),
        cell!(Setrlimit, Floor, "setrlimit", |lim| {
            let new = libc_lim(opaque(lim));
            // SAFETY: `new` is valid for reading one `struct rlimit`; the kernel only reads it.
            let ret = unsafe {
                floor::syscall2_readonly(
                    floor::NR_SETRLIMIT,
                    NOFILE,
                    &new as *const libc::rlimit as usize,
                )
            };
            Floor { ret, value: () }
        }),
        cell!(Setrlimit, FloorPrlimit64, "prlimit64", |lim| {
            let new = libc_lim(opaque(lim));
            // SAFETY: `new` is valid for reading; null `old`: the kernel only reads user memory.
            let ret = unsafe {
                floor::syscall4_readonly(
                    floor::NR_PRLIMIT64,
                    0,
                    NOFILE,
                    &new as *const libc::rlimit as usize,
                    0,
                )
            };
            Floor { ret, value: () }
        }),
        // ---- prlimit(0, NOFILE, None): read the caller's limit ----
        cell!(PrlimitRead, LinuxResource, "prlimit64", |lim| {
            linux_resource::prlimit(0, Resource::Nofile, None)
        }),
        cell!(PrlimitRead, Libc, "prlimit64", |lim| {
            let mut old = MaybeUninit::<libc::rlimit>::uninit();
            // SAFETY: null `new`; `old` is valid for writing one `struct rlimit`.
            let ret = unsafe {
                libc::prlimit(0, libc::RLIMIT_NOFILE, core::ptr::null(), old.as_mut_ptr())
            };
            libc_result(ret, old)
        }),
        missing!(
            PrlimitRead,
            Rustix,
            "no read-only prlimit (its prlimit always sets); its getrlimit is this same prlimit64 read"
        ),
        missing!(PrlimitRead, Nix, "no prlimit"),
        cell!(PrlimitRead, Rlimit, "prlimit64", |lim| {
            let (mut soft, mut hard) = (0, 0);
            let ret = rlimit::prlimit(
                0,
                rlimit::Resource::NOFILE,
                None,
                Some((&mut soft, &mut hard)),
            );
            ret.map(|()| (soft, hard))
        }),
        cell!(PrlimitRead, Syscalls, "prlimit64", |lim| {
            let mut old = MaybeUninit::<libc::rlimit>::uninit();
            // SAFETY: null `new`; `old` is valid for writing one `struct rlimit64`.
            let ret = unsafe { syscall!(Sysno::prlimit64, 0, NOFILE, 0, old.as_mut_ptr()) };
            syscalls_result(ret, old)
        }),
        cell!(PrlimitRead, Floor, "prlimit64", |lim| floor_prlimit64_read()),
        missing!(PrlimitRead, FloorPrlimit64, "= floor"),
        // ---- getrusage ----
        cell!(RusageSelf, LinuxResource, "getrusage", |lim| {
            linux_resource::getrusage(Who::Process)
        }),
        cell!(RusageSelf, Libc, "getrusage", |lim| {
            let mut usage = MaybeUninit::<libc::rusage>::uninit();
            // SAFETY: `usage` is valid for writing one `struct rusage`.
            let ret = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
            libc_result(ret, usage)
        }),
        missing!(RusageSelf, Rustix, "no getrusage"),
        cell!(RusageSelf, Nix, "getrusage", |lim| {
            nix_res::getrusage(nix_res::UsageWho::RUSAGE_SELF)
        }),
        missing!(RusageSelf, Rlimit, "no getrusage"),
        cell!(RusageSelf, Syscalls, "getrusage", |lim| {
            let mut usage = MaybeUninit::<libc::rusage>::uninit();
            // SAFETY: `usage` is valid for writing one `struct rusage`.
            let ret = unsafe { syscall!(Sysno::getrusage, 0, usage.as_mut_ptr()) };
            syscalls_result(ret, usage)
        }),
        cell!(RusageSelf, Floor, "getrusage", |lim| floor_getrusage(0)),
        missing!(RusageSelf, FloorPrlimit64, "-"),
        cell!(RusageThread, LinuxResource, "getrusage", |lim| {
            linux_resource::getrusage(Who::Thread)
        }),
        cell!(RusageThread, Libc, "getrusage", |lim| {
            let mut usage = MaybeUninit::<libc::rusage>::uninit();
            // SAFETY: `usage` is valid for writing one `struct rusage`.
            let ret = unsafe { libc::getrusage(libc::RUSAGE_THREAD, usage.as_mut_ptr()) };
            libc_result(ret, usage)
        }),
        missing!(RusageThread, Rustix, "no getrusage"),
        cell!(RusageThread, Nix, "getrusage", |lim| {
            nix_res::getrusage(nix_res::UsageWho::RUSAGE_THREAD)
        }),
        missing!(RusageThread, Rlimit, "no getrusage"),
        cell!(RusageThread, Syscalls, "getrusage", |lim| {
            let mut usage = MaybeUninit::<libc::rusage>::uninit();
            // SAFETY: `usage` is valid for writing one `struct rusage`.
            let ret = unsafe { syscall!(Sysno::getrusage, 1, usage.as_mut_ptr()) };
            syscalls_result(ret, usage)
        }),
        cell!(RusageThread, Floor, "getrusage", |lim| floor_getrusage(1)),
        missing!(RusageThread, FloorPrlimit64, "-"),
        cell!(RusageChildren, LinuxResource, "getrusage", |lim| {
            linux_resource::getrusage(Who::Children)
        }),
        cell!(RusageChildren, Libc, "getrusage", |lim| {
            let mut usage = MaybeUninit::<libc::rusage>::uninit();
            // SAFETY: `usage` is valid for writing one `struct rusage`.
            let ret = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
            libc_result(ret, usage)
        }),
        missing!(RusageChildren, Rustix, "no getrusage"),
        cell!(RusageChildren, Nix, "getrusage", |lim| {
            nix_res::getrusage(nix_res::UsageWho::RUSAGE_CHILDREN)
        }),
        missing!(RusageChildren, Rlimit, "no getrusage"),
        cell!(RusageChildren, Syscalls, "getrusage", |lim| {
            let mut usage = MaybeUninit::<libc::rusage>::uninit();
            // SAFETY: `usage` is valid for writing one `struct rusage`.
            let ret = unsafe { syscall!(Sysno::getrusage, -1isize, usage.as_mut_ptr()) };
            syscalls_result(ret, usage)
        }),
        cell!(RusageChildren, Floor, "getrusage", |lim| floor_getrusage(-1)),
        missing!(RusageChildren, FloorPrlimit64, "-"),
        // ---- getrusage(THREAD), the result used as one 144-byte value ----
        cell!(RusageThreadWhole, LinuxResource, "getrusage", |lim| {
            linux_resource::getrusage(Who::Thread).map(Whole)
        }),
        cell!(RusageThreadWhole, Libc, "getrusage", |lim| {
            let mut usage = MaybeUninit::<libc::rusage>::uninit();
            // SAFETY: `usage` is valid for writing one `struct rusage`.
            let ret = unsafe { libc::getrusage(libc::RUSAGE_THREAD, usage.as_mut_ptr()) };
            libc_result(ret, usage).map(Whole)
        }),
        missing!(RusageThreadWhole, Rustix, "no getrusage"),
        cell!(RusageThreadWhole, Nix, "getrusage", |lim| {
            nix_res::getrusage(nix_res::UsageWho::RUSAGE_THREAD).map(Whole)
        }),
        missing!(RusageThreadWhole, Rlimit, "no getrusage"),
        cell!(RusageThreadWhole, Syscalls, "getrusage", |lim| {
            let mut usage = MaybeUninit::<libc::rusage>::uninit();
            // SAFETY: `usage` is valid for writing one `struct rusage`.
            let ret = unsafe { syscall!(Sysno::getrusage, 1, usage.as_mut_ptr()) };
            syscalls_result(ret, usage).map(Whole)
        }),
        cell!(RusageThreadWhole, Floor, "getrusage", |lim| {
            let mut usage = MaybeUninit::<libc::rusage>::uninit();
            // SAFETY: `usage` is a local, valid for writing one `struct rusage`.
            let ret = unsafe {
                floor::syscall2(floor::NR_GETRUSAGE, 1, usage.as_mut_ptr() as usize)
            };
            // Used in place, where the kernel wrote it.
            black_box(&mut usage);
            Floor {
                ret,
                value: InPlace,
            }
        }),
        missing!(RusageThreadWhole, FloorPrlimit64, "-"),
        // ---- getrusage(THREAD) written into a slot the caller keeps ----
        cell_into!(
            RusageThreadInto,
            LinuxResource,
            "getrusage",
            slot = linux_resource::Rusage::ZERO,
            linux_resource::getrusage_into(Who::Thread, &mut slot).is_ok()
        ),
        // SAFETY (the three below): the slot is valid for writing one `struct rusage`.
        cell_into!(
            RusageThreadInto,
            Libc,
            "getrusage",
            slot = MaybeUninit::<libc::rusage>::uninit(),
            unsafe { libc::getrusage(libc::RUSAGE_THREAD, slot.as_mut_ptr()) } == 0
        ),
        missing!(RusageThreadInto, Rustix, "no getrusage"),
        missing!(
            RusageThreadInto,
            Nix,
            "no getrusage into the caller's memory (it returns a Usage)"
        ),
        missing!(RusageThreadInto, Rlimit, "no getrusage"),
        cell_into!(
            RusageThreadInto,
            Syscalls,
            "getrusage",
            slot = MaybeUninit::<libc::rusage>::uninit(),
            unsafe { syscall!(Sysno::getrusage, 1, slot.as_mut_ptr()) }.is_ok()
        ),
        {
            /// The floor: the bare syscall into the slot; it does not look at the return value
            /// (the check, run first, does).
            #[inline(never)]
            fn loop_rusage_thread_into_floor(n: u64, _lim: Lim) {
                let mut slot = MaybeUninit::<libc::rusage>::uninit();
                for _ in 0..n {
                    // SAFETY: the slot is valid for writing one `struct rusage`.
                    unsafe { floor::syscall2(floor::NR_GETRUSAGE, 1, slot.as_mut_ptr() as usize) };
                    black_box(&mut slot);
                }
            }
            fn check(_lim: Lim) -> bool {
                let mut slot = MaybeUninit::<libc::rusage>::uninit();
                // SAFETY: as above.
                unsafe { floor::syscall2(floor::NR_GETRUSAGE, 1, slot.as_mut_ptr() as usize) == 0 }
            }
            Cell {
                op: Op::RusageThreadInto,
                approach: Approach::Floor,
                imp: Imp::Run {
                    run: loop_rusage_thread_into_floor,
                    check,
                    syscall: "getrusage",
                },
            }
        },
        missing!(RusageThreadInto, FloorPrlimit64, "-"),
        // ---- what any system call costs: entry and exit, no work ----
        missing!(NullSyscall, LinuxResource, "-"),
        missing!(NullSyscall, Libc, "-"),
        missing!(NullSyscall, Rustix, "-"),
        missing!(NullSyscall, Nix, "-"),
        missing!(NullSyscall, Rlimit, "-"),
        missing!(NullSyscall, Syscalls, "-"),
        cell!(NullSyscall, Floor, "ENOSYS", |lim| {
            // SAFETY: no such system call: the kernel returns -ENOSYS and touches nothing.
            let ret = unsafe { floor::syscall2_readonly(floor::NR_NONE, 0, 0) };
            Floor {
                ret: ret + ENOSYS,
                value: (),
            }
        }),
        missing!(NullSyscall, FloorPrlimit64, "-"),
    ]
}

/// The cell of `op` and `approach`.
pub fn find(op: Op, approach: Approach) -> Cell {
    cells()
        .into_iter()
        .find(|c| c.op == op && c.approach == approach)
        .expect("every (op, approach) pair has a cell")
}

/// The caller's NOFILE limit, which the setrlimit cells set again.
pub fn current_nofile() -> Lim {
    let lim = linux_resource::getrlimit(linux_resource::Resource::Nofile)
        .expect("getrlimit(NOFILE) works");
    (lim.soft, lim.hard)
}
