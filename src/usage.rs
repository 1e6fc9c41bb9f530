//! Resource usage: `getrusage`.

use crate::Rusage;
use crate::error::{Error, Result};
use crate::sys;

/// `RUSAGE_SELF`: the calling process (all its threads).
pub const RUSAGE_SELF: i32 = 0;
/// `RUSAGE_CHILDREN`: the children of the calling process that were waited for.
pub const RUSAGE_CHILDREN: i32 = -1;
/// `RUSAGE_BOTH`: self and children. The kernel uses it inside `wait4`; the getrusage system
/// call refuses it with `EINVAL`, so [`Who::Both`] is made of two calls.
pub const RUSAGE_BOTH: i32 = -2;
/// `RUSAGE_THREAD`: the calling thread.
pub const RUSAGE_THREAD: i32 = 1;

/// Whose resource usage [`getrusage`] reports.
///
/// # References
///  - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum Who {
    /// `RUSAGE_SELF`: the calling process, all its threads.
    Process = RUSAGE_SELF,
    /// `RUSAGE_CHILDREN`: the terminated children that were waited for, and their own waited-for
    /// descendants.
    Children = RUSAGE_CHILDREN,
    /// `RUSAGE_THREAD`: the calling thread only. The cheapest selector (the kernel sums no
    /// other threads): about 60% of the cost of [`Who::Process`] (286 ns against 462 ns on the
    /// benchmark machine, see [`benches/RESULTS.md`]), the right choice for samplers.
    ///
    /// Per thread: `ru_utime`, `ru_stime`, `ru_minflt`, `ru_majflt`, `ru_nvcsw`, `ru_nivcsw`,
    /// `ru_inblock` and `ru_oublock` count the calling thread alone. Per process: `ru_maxrss`
    /// is the high-water mark of the address space all threads share (and of any address space
    /// the process replaced with `exec`), the same figure [`Who::Process`] reports. The other
    /// fields are zero on Linux.
    ///
    /// [`benches/RESULTS.md`]: https://github.com/linux-resource/linux-resource/blob/main/benches/RESULTS.md
    Thread = RUSAGE_THREAD,
    /// `RUSAGE_BOTH`: the process and its children together, as [`Rusage::combined`] adds them.
    /// Two system calls.
    Both = RUSAGE_BOTH,
}

impl Who {
    /// The kernel's `RUSAGE_*` value.
    #[inline]
    pub const fn as_raw(self) -> i32 {
        self as i32
    }
}

/// `getrusage(who)`: resource usage of the calling process, its waited-for children, the
/// calling thread, or the process and its children together.
///
/// [`Who::Both`] is two system calls (self, then children) added with [`Rusage::combined`]:
/// the kernel's getrusage refuses `RUSAGE_BOTH`. For sampling on a hot path prefer
/// [`Who::Thread`], about 60% of the cost of [`Who::Process`], and [`Rusage::since`] for deltas.
/// To keep the sample in memory of your own (a struct, a ring buffer), [`getrusage_into`]
/// writes it there with no copy. For the usage of one child, see [`wait_usage`](crate::wait_usage).
///
/// ```
/// use linux_resource::{getrusage, Who};
///
/// let me = getrusage(Who::Process)?;
/// let thread = getrusage(Who::Thread)?;
/// assert!(thread.cpu_time() <= getrusage(Who::Process)?.cpu_time());
/// println!("max RSS {} bytes", me.max_rss_bytes());
/// # Ok::<(), linux_resource::Error>(())
/// ```
///
/// Async-signal-safe.
///
/// # References
///  - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[inline]
pub fn getrusage(who: Who) -> Result<Rusage> {
    match who {
        Who::Both => {
            let process = getrusage_raw(RUSAGE_SELF)?;
            let children = getrusage_raw(RUSAGE_CHILDREN)?;
            Ok(process.combined(&children))
        }
        single => getrusage_raw(single.as_raw()),
    }
}

/// `getrusage(who, out)`: [`getrusage`] that writes into the caller's memory.
///
/// For a caller that keeps the sample (in a struct, an array, a ring buffer): the kernel writes
/// the `struct rusage` straight into `out`, with no 144-byte copy from a return value. On any
/// error `out` is left as it was. [`Who::Both`] is two system calls, as for [`getrusage`].
///
/// ```
/// use linux_resource::{getrusage_into, Rusage, Who};
///
/// let mut samples = [Rusage::ZERO; 4];
/// for sample in &mut samples {
///     getrusage_into(Who::Thread, sample)?;
/// }
/// assert!(samples[3].cpu_time() >= samples[0].cpu_time());
/// # Ok::<(), linux_resource::Error>(())
/// ```
///
/// Async-signal-safe.
///
/// # References
///  - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[inline]
pub fn getrusage_into(who: Who, out: &mut Rusage) -> Result<()> {
    match who {
        Who::Both => {
            // Children first, into a local: if either call fails, `out` is untouched.
            let children = getrusage_raw(RUSAGE_CHILDREN)?;
            getrusage_into_raw(RUSAGE_SELF, out)?;
            *out = out.combined(&children);
            Ok(())
        }
        single => getrusage_into_raw(single.as_raw(), out),
    }
}

/// One getrusage system call into `out`, written only on success.
#[inline(always)]
fn getrusage_into_raw(who: i32, out: &mut Rusage) -> Result<()> {
    sys::getrusage_into(who, out).map_err(|errno| Error::from_errno(errno, 0))
}

/// One getrusage system call for a selector the kernel accepts.
#[inline(always)]
fn getrusage_raw(who: i32) -> Result<Rusage> {
    sys::getrusage(who).map_err(|errno| Error::from_errno(errno, 0))
}
