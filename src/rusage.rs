//! Resource usage values: `Rusage` (the kernel's `struct rusage`) and `Timeval`.

use core::fmt;
use core::time::Duration;

/// A time as the kernel reports it in `struct rusage` (`struct __kernel_old_timeval`), with
/// 64-bit fields on every architecture (widened from 32-bit `long`s on 32-bit ones).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(C)]
pub struct Timeval {
    /// Seconds.
    pub tv_sec: i64,
    /// Microseconds, `0..1_000_000` in what the kernel reports.
    pub tv_usec: i64,
}

const USEC_PER_SEC: i64 = 1_000_000;

impl Timeval {
    /// Zero.
    pub const ZERO: Timeval = Timeval {
        tv_sec: 0,
        tv_usec: 0,
    };

    /// The time in microseconds, exactly: `i128` holds any `tv_sec * 10^6 + tv_usec`.
    #[inline]
    const fn total_micros(self) -> i128 {
        self.tv_sec as i128 * USEC_PER_SEC as i128 + self.tv_usec as i128
    }

    /// The `Timeval` of `micros` microseconds, saturating at the range of `tv_sec`.
    #[inline]
    const fn from_total_micros(micros: i128) -> Timeval {
        let sec = micros.div_euclid(USEC_PER_SEC as i128);
        let usec = micros.rem_euclid(USEC_PER_SEC as i128) as i64;
        if sec > i64::MAX as i128 {
            Timeval {
                tv_sec: i64::MAX,
                tv_usec: USEC_PER_SEC - 1,
            }
        } else if sec < i64::MIN as i128 {
            Timeval {
                tv_sec: i64::MIN,
                tv_usec: 0,
            }
        } else {
            Timeval {
                tv_sec: sec as i64,
                tv_usec: usec,
            }
        }
    }

    /// As a `Duration`; negative times (which the kernel never reports) are zero.
    #[inline]
    pub const fn to_duration(self) -> Duration {
        let micros = self.total_micros();
        if micros <= 0 {
            return Duration::ZERO;
        }
        let secs = micros / USEC_PER_SEC as i128;
        let sub_micros = (micros % USEC_PER_SEC as i128) as u32;
        // secs <= (i64::MAX * 10^6 + i64::MAX) / 10^6, which fits u64.
        Duration::new(secs as u64, sub_micros * 1_000)
    }

    /// `self + other`, normalised (`tv_usec` in `0..1_000_000`), saturating.
    #[inline]
    pub const fn saturating_add(self, other: Timeval) -> Timeval {
        Timeval::from_total_micros(self.total_micros() + other.total_micros())
    }

    /// `self - other`, normalised, never below zero.
    #[inline]
    pub const fn saturating_sub(self, other: Timeval) -> Timeval {
        let diff = self.total_micros() - other.total_micros();
        Timeval::from_total_micros(if diff < 0 { 0 } else { diff })
    }
}

/// Resource usage, with the kernel's and Python's field names, the same on every architecture:
/// on 64-bit ones laid out exactly as the kernel's `struct rusage` (the kernel writes it
/// directly); on 32-bit ones, whose `struct rusage` has 32-bit `long`s
/// ([`raw::KernelRusage`](crate::raw::KernelRusage)), widened from it after the system call.
///
/// On Linux `ru_ixrss`, `ru_idrss`, `ru_isrss`, `ru_nswap`, `ru_msgsnd`, `ru_msgrcv` and
/// `ru_nsignals` are always zero, and `ru_maxrss` is in KiB ([`Rusage::max_rss_bytes`] converts).
///
/// ```
/// use linux_resource::{getrusage, Who};
///
/// let before = getrusage(Who::Thread)?;
/// let mut x = 0u64;
/// for i in 0..1_000_000u64 { x = x.wrapping_add(i * i); }
/// std::hint::black_box(x);
/// let spent = getrusage(Who::Thread)?.since(&before);
/// println!("{:?} CPU, {} minor faults", spent.cpu_time(), spent.ru_minflt);
/// # Ok::<(), linux_resource::Error>(())
/// ```
///
/// # References
///  - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Rusage {
    /// User CPU time.
    pub ru_utime: Timeval,
    /// System CPU time.
    pub ru_stime: Timeval,
    /// Maximum resident set size, in KiB: the high-water mark of the process's address space,
    /// which counts pages inherited at `fork` and the address space replaced at `exec` (see
    /// [`ChildUsage`](crate::ChildUsage) for what a child reports). A process's own figure
    /// (`RUSAGE_SELF`) can trail the one its parent gets at its exit: the kernel adds a task's
    /// resident pages to the count in batches (before 6.2, up to 64 pages per task) and the
    /// last batch at exit. A 16 MiB process on Linux 6.1 read 16,620 KiB itself and its parent's
    /// `wait4` 16,856 KiB (`.ci/kernels`).
    pub ru_maxrss: i64,
    /// Integral shared memory size (unused on Linux).
    pub ru_ixrss: i64,
    /// Integral unshared data size (unused on Linux).
    pub ru_idrss: i64,
    /// Integral unshared stack size (unused on Linux).
    pub ru_isrss: i64,
    /// Page faults served without I/O (minor faults).
    pub ru_minflt: i64,
    /// Page faults that needed I/O (major faults).
    pub ru_majflt: i64,
    /// Swaps (unused on Linux).
    pub ru_nswap: i64,
    /// Block input operations.
    pub ru_inblock: i64,
    /// Block output operations.
    pub ru_oublock: i64,
    /// IPC messages sent (unused on Linux).
    pub ru_msgsnd: i64,
    /// IPC messages received (unused on Linux).
    pub ru_msgrcv: i64,
    /// Signals received (unused on Linux).
    pub ru_nsignals: i64,
    /// Voluntary context switches.
    pub ru_nvcsw: i64,
    /// Involuntary context switches.
    pub ru_nivcsw: i64,
}

impl Rusage {
    /// All zero.
    pub const ZERO: Rusage = Rusage {
        ru_utime: Timeval::ZERO,
        ru_stime: Timeval::ZERO,
        ru_maxrss: 0,
        ru_ixrss: 0,
        ru_idrss: 0,
        ru_isrss: 0,
        ru_minflt: 0,
        ru_majflt: 0,
        ru_nswap: 0,
        ru_inblock: 0,
        ru_oublock: 0,
        ru_msgsnd: 0,
        ru_msgrcv: 0,
        ru_nsignals: 0,
        ru_nvcsw: 0,
        ru_nivcsw: 0,
    };

    /// User CPU time (`ru_utime`).
    #[inline]
    pub const fn user_time(&self) -> Duration {
        self.ru_utime.to_duration()
    }

    /// System CPU time (`ru_stime`).
    #[inline]
    pub const fn system_time(&self) -> Duration {
        self.ru_stime.to_duration()
    }

    /// User plus system CPU time.
    #[inline]
    pub const fn cpu_time(&self) -> Duration {
        self.ru_utime.saturating_add(self.ru_stime).to_duration()
    }

    /// Maximum resident set size in bytes (the kernel reports KiB), saturating.
    #[inline]
    pub const fn max_rss_bytes(&self) -> u64 {
        if self.ru_maxrss <= 0 {
            0
        } else {
            (self.ru_maxrss as u64).saturating_mul(1024)
        }
    }

    /// The usage between an `earlier` sample and this one: times and counters as saturating
    /// differences (never negative), `ru_maxrss` kept as this sample's high-water mark.
    ///
    /// ```
    /// use linux_resource::{getrusage, Who};
    ///
    /// let start = getrusage(Who::Thread)?;
    /// let end = getrusage(Who::Thread)?;
    /// assert!(end.since(&start).cpu_time() <= end.cpu_time());
    /// # Ok::<(), linux_resource::Error>(())
    /// ```
    #[inline]
    pub const fn since(&self, earlier: &Rusage) -> Rusage {
        const fn sub(later: i64, earlier: i64) -> i64 {
            let diff = later.saturating_sub(earlier);
            if diff < 0 { 0 } else { diff }
        }
        Rusage {
            ru_utime: self.ru_utime.saturating_sub(earlier.ru_utime),
            ru_stime: self.ru_stime.saturating_sub(earlier.ru_stime),
            ru_maxrss: self.ru_maxrss,
            ru_ixrss: sub(self.ru_ixrss, earlier.ru_ixrss),
            ru_idrss: sub(self.ru_idrss, earlier.ru_idrss),
            ru_isrss: sub(self.ru_isrss, earlier.ru_isrss),
            ru_minflt: sub(self.ru_minflt, earlier.ru_minflt),
            ru_majflt: sub(self.ru_majflt, earlier.ru_majflt),
            ru_nswap: sub(self.ru_nswap, earlier.ru_nswap),
            ru_inblock: sub(self.ru_inblock, earlier.ru_inblock),
            ru_oublock: sub(self.ru_oublock, earlier.ru_oublock),
            ru_msgsnd: sub(self.ru_msgsnd, earlier.ru_msgsnd),
            ru_msgrcv: sub(self.ru_msgrcv, earlier.ru_msgrcv),
            ru_nsignals: sub(self.ru_nsignals, earlier.ru_nsignals),
            ru_nvcsw: sub(self.ru_nvcsw, earlier.ru_nvcsw),
            ru_nivcsw: sub(self.ru_nivcsw, earlier.ru_nivcsw),
        }
    }

    /// This usage and `other` together, as the kernel's `RUSAGE_BOTH` adds a process and its
    /// children: times and counters summed (saturating), `ru_maxrss` the larger of the two.
    #[inline]
    pub const fn combined(&self, other: &Rusage) -> Rusage {
        const fn max(a: i64, b: i64) -> i64 {
            if a > b { a } else { b }
        }
        Rusage {
            ru_utime: self.ru_utime.saturating_add(other.ru_utime),
            ru_stime: self.ru_stime.saturating_add(other.ru_stime),
            ru_maxrss: max(self.ru_maxrss, other.ru_maxrss),
            ru_ixrss: self.ru_ixrss.saturating_add(other.ru_ixrss),
            ru_idrss: self.ru_idrss.saturating_add(other.ru_idrss),
            ru_isrss: self.ru_isrss.saturating_add(other.ru_isrss),
            ru_minflt: self.ru_minflt.saturating_add(other.ru_minflt),
            ru_majflt: self.ru_majflt.saturating_add(other.ru_majflt),
            ru_nswap: self.ru_nswap.saturating_add(other.ru_nswap),
            ru_inblock: self.ru_inblock.saturating_add(other.ru_inblock),
            ru_oublock: self.ru_oublock.saturating_add(other.ru_oublock),
            ru_msgsnd: self.ru_msgsnd.saturating_add(other.ru_msgsnd),
            ru_msgrcv: self.ru_msgrcv.saturating_add(other.ru_msgrcv),
            ru_nsignals: self.ru_nsignals.saturating_add(other.ru_nsignals),
            ru_nvcsw: self.ru_nvcsw.saturating_add(other.ru_nvcsw),
            ru_nivcsw: self.ru_nivcsw.saturating_add(other.ru_nivcsw),
        }
    }
}

impl fmt::Display for Rusage {
    /// One line for logs, in human units: CPU times in seconds (to the microsecond), the max
    /// RSS with a binary prefix, page faults and context switches.
    ///
    /// ```
    /// use linux_resource::{Rusage, Timeval};
    ///
    /// let usage = Rusage {
    ///     ru_utime: Timeval { tv_sec: 1, tv_usec: 250_000 },
    ///     ru_stime: Timeval { tv_sec: 0, tv_usec: 4_000 },
    ///     ru_maxrss: 2560, // KiB
    ///     ru_minflt: 640,
    ///     ru_nvcsw: 3,
    ///     ru_nivcsw: 12,
    ///     ..Rusage::ZERO
    /// };
    /// assert_eq!(
    ///     usage.to_string(),
    ///     "user 1.250000 s, system 0.004000 s, max RSS 2.5 MiB, page faults 640 minor \
    ///      0 major, context switches 3 voluntary 12 involuntary"
    /// );
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "user {}, system {}, max RSS {}, page faults {} minor {} major, context switches {} \
             voluntary {} involuntary",
            Seconds(self.ru_utime),
            Seconds(self.ru_stime),
            Kib(self.ru_maxrss),
            self.ru_minflt,
            self.ru_majflt,
            self.ru_nvcsw,
            self.ru_nivcsw
        )
    }
}

/// A `Timeval` as seconds with six decimals: `1.250000 s`.
struct Seconds(Timeval);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let micros = self.0.total_micros();
        let sign = if micros < 0 { "-" } else { "" };
        let micros = micros.unsigned_abs();
        write!(
            f,
            "{sign}{}.{:06} s",
            micros / USEC_PER_SEC as u128,
            micros % USEC_PER_SEC as u128
        )
    }
}

/// A size in KiB with a binary prefix: `512 KiB`, `2.5 MiB`, `1.0 GiB` (one decimal, rounded).
struct Kib(i64);

impl fmt::Display for Kib {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [&str; 5] = ["MiB", "GiB", "TiB", "PiB", "EiB"];
        // The kernel never reports a negative size.
        let kib = if self.0 < 0 { 0 } else { self.0 as u64 };
        if kib < 1024 {
            return write!(f, "{kib} KiB");
        }
        let mut unit = 0;
        let mut divisor: u64 = 1024;
        while unit + 1 < UNITS.len() && kib / divisor >= 1024 {
            divisor *= 1024;
            unit += 1;
        }
        let tenths = (u128::from(kib) * 10 + u128::from(divisor / 2)) / u128::from(divisor);
        write!(f, "{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::{Rusage, Timeval};
    use core::time::Duration;

    const fn tv(tv_sec: i64, tv_usec: i64) -> Timeval {
        Timeval { tv_sec, tv_usec }
    }

    #[test]
    fn timeval_arithmetic_normalises_and_saturates() {
        assert_eq!(
            tv(1, 600_000).saturating_add(tv(2, 500_000)),
            tv(4, 100_000)
        );
        assert_eq!(
            tv(3, 100_000).saturating_sub(tv(1, 200_000)),
            tv(1, 900_000)
        );
        assert_eq!(tv(1, 0).saturating_sub(tv(2, 0)), Timeval::ZERO);
        assert_eq!(
            tv(i64::MAX, 999_999).saturating_add(tv(i64::MAX, 999_999)),
            tv(i64::MAX, 999_999)
        );
        assert_eq!(
            tv(i64::MIN, 0).saturating_sub(tv(i64::MAX, 0)),
            Timeval::ZERO
        );
        // Out-of-range microseconds (never from the kernel) are carried, not lost.
        assert_eq!(
            tv(0, 2_500_000).saturating_add(Timeval::ZERO),
            tv(2, 500_000)
        );
    }

    #[test]
    fn timeval_to_duration() {
        assert_eq!(tv(2, 345_678).to_duration(), Duration::new(2, 345_678_000));
        assert_eq!(tv(-1, 0).to_duration(), Duration::ZERO);
        assert_eq!(tv(0, -5).to_duration(), Duration::ZERO);
        assert_eq!(tv(1, -500_000).to_duration(), Duration::from_millis(500));
        let max = tv(i64::MAX, i64::MAX).to_duration();
        assert_eq!(
            max.as_secs(),
            i64::MAX as u64 + (i64::MAX / 1_000_000) as u64
        );
    }

    fn sample(base: i64) -> Rusage {
        Rusage {
            ru_utime: tv(base, 900_000),
            ru_stime: tv(base, 200_000),
            ru_maxrss: 100 * base,
            ru_minflt: 10 * base,
            ru_majflt: base,
            ru_inblock: 2 * base,
            ru_oublock: 3 * base,
            ru_nvcsw: 4 * base,
            ru_nivcsw: 5 * base,
            ..Rusage::ZERO
        }
    }

    #[test]
    fn since_and_combined() {
        let (a, b) = (sample(1), sample(3));
        let d = b.since(&a);
        assert_eq!(d.ru_utime, tv(2, 0));
        assert_eq!(d.ru_maxrss, 300, "the later high-water mark");
        assert_eq!(d.ru_minflt, 20);
        assert_eq!(d.ru_nivcsw, 10);
        // Backwards samples give zero, not negative.
        assert_eq!(a.since(&b).ru_minflt, 0);
        assert_eq!(a.since(&b).cpu_time(), Duration::ZERO);

        let both = a.combined(&b);
        assert_eq!(both.ru_utime, tv(5, 800_000));
        assert_eq!(both.ru_stime, tv(4, 400_000));
        assert_eq!(both.ru_maxrss, 300, "the larger, not the sum");
        assert_eq!(both.ru_minflt, 40);
        assert_eq!(both.cpu_time(), Duration::from_micros(10_200_000));
        let big = Rusage {
            ru_minflt: i64::MAX,
            ..Rusage::ZERO
        };
        assert_eq!(big.combined(&big).ru_minflt, i64::MAX);
        assert_eq!(Rusage::ZERO.since(&big).ru_minflt, 0);
    }

    #[test]
    fn max_rss_bytes_saturates() {
        let mut u = Rusage::ZERO;
        u.ru_maxrss = 2048;
        assert_eq!(u.max_rss_bytes(), 2 * 1024 * 1024);
        u.ru_maxrss = -1;
        assert_eq!(u.max_rss_bytes(), 0);
        u.ru_maxrss = i64::MAX;
        assert_eq!(u.max_rss_bytes(), u64::MAX);
    }
}
