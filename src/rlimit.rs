//! Limit values: `Rlimit` (the kernel's `struct rlimit64`) and the `RLIM_*` constants.

use crate::error::{Error, Result};
use core::fmt;

/// `RLIM_INFINITY`: no limit. The same value as `RLIM64_INFINITY` on 64-bit Linux.
pub const RLIM_INFINITY: u64 = u64::MAX;
/// `RLIM_SAVED_CUR`: on Linux, the same as [`RLIM_INFINITY`].
pub const RLIM_SAVED_CUR: u64 = RLIM_INFINITY;
/// `RLIM_SAVED_MAX`: on Linux, the same as [`RLIM_INFINITY`].
pub const RLIM_SAVED_MAX: u64 = RLIM_INFINITY;
/// `RLIM_NLIMITS`: the number of resources Linux knows (valid resource numbers are below it).
pub const RLIM_NLIMITS: u32 = 16;

/// A soft and a hard limit, laid out exactly as the kernel's `struct rlimit64`, the exact `u64`
/// values on every architecture.
///
/// The soft limit is what the kernel enforces; the hard limit is the ceiling the soft limit may
/// be raised to without privilege. [`RLIM_INFINITY`] means no limit.
///
/// ```
/// use linux_resource::{Rlimit, RLIM_INFINITY};
///
/// let limit = Rlimit::new(1024, RLIM_INFINITY);
/// assert_eq!(limit.to_string(), "1024:unlimited");
/// assert_eq!(Rlimit::UNLIMITED, Rlimit::new(RLIM_INFINITY, RLIM_INFINITY));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Rlimit {
    /// The soft limit (`rlim_cur`).
    pub soft: u64,
    /// The hard limit (`rlim_max`).
    pub hard: u64,
}

impl Rlimit {
    /// Both limits [`RLIM_INFINITY`].
    pub const UNLIMITED: Rlimit = Rlimit::new(RLIM_INFINITY, RLIM_INFINITY);

    /// A soft and a hard limit.
    #[inline]
    pub const fn new(soft: u64, hard: u64) -> Rlimit {
        Rlimit { soft, hard }
    }

    /// The checks this crate makes before any system call: soft must not be above hard.
    #[inline]
    pub(crate) const fn validate(self) -> Result<Rlimit> {
        if self.soft > self.hard {
            Err(Error::SoftAboveHard {
                soft: self.soft,
                hard: self.hard,
            })
        } else {
            Ok(self)
        }
    }
}

impl fmt::Display for Rlimit {
    /// `SOFT:HARD`, with `unlimited` for [`RLIM_INFINITY`], as util-linux `prlimit` takes them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", LimitValue(self.soft), LimitValue(self.hard))
    }
}

/// A limit value for messages: `unlimited` or the number.
pub(crate) struct LimitValue(pub(crate) u64);

impl fmt::Display for LimitValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == RLIM_INFINITY {
            f.write_str("unlimited")
        } else {
            write!(f, "{}", self.0)
        }
    }
}
