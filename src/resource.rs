//! The 16 Linux resources (`RLIMIT_*`).

use crate::Error;
use crate::arch;
use crate::parse::Quoted;
use core::fmt;
use core::str::FromStr;

/// A Linux resource whose use a limit bounds (`RLIMIT_*`), with the kernel's numbers.
///
/// The numbers are the architecture's: `RLIMIT_RSS`, `NPROC`, `NOFILE`, `MEMLOCK` and `AS` are
/// 5 to 9 in that order on most architectures, and `NOFILE`, `AS`, `RSS`, `NPROC`, `MEMLOCK`
/// on MIPS (`Resource::Nofile.as_raw()` is 7, or 5 on MIPS). The other eleven are the same
/// everywhere. [`as_raw`](Resource::as_raw), [`TryFrom<u32>`](Resource::try_from), the
/// order of [`Resource::ALL`] and the derived `Ord` follow the architecture's numbers; names,
/// parsing and everything else do not depend on them.
///
/// ```
/// use linux_resource::Resource;
///
/// let r: Resource = "RLIMIT_NOFILE".parse().unwrap();
/// assert_eq!(r, Resource::Nofile);
/// # #[cfg(not(any(target_arch = "mips", target_arch = "mips64")))]
/// assert_eq!(r.as_raw(), 7);
/// assert_eq!(Resource::try_from(r.as_raw()), Ok(r));
/// assert_eq!(r.to_string(), "NOFILE");
/// assert_eq!(r.description(), "max number of open files");
/// assert_eq!(Resource::try_from(16), Err(linux_resource::Error::InvalidResource(16)));
/// ```
///
/// # References
///  - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u32)]
pub enum Resource {
    /// `RLIMIT_CPU`: CPU time in seconds; at the soft limit the process gets `SIGXCPU`, at the
    /// hard limit `SIGKILL`.
    ///
    /// Beware: the kernel multiplies the limit by 10^9 without an overflow check. A value above
    /// `u64::MAX / 1_000_000_000` seconds (about 584 years) other than [`crate::RLIM_INFINITY`]
    /// wraps around: any multiple of 2^55 (2^62, 2^63, ...) becomes 0 ns, and the process gets
    /// `SIGXCPU` (soft) or `SIGKILL` (hard) at once. Use `RLIM_INFINITY` for "no limit".
    Cpu = 0,
    /// `RLIMIT_FSIZE`: the largest file the process may create, in bytes (`SIGXFSZ`, `EFBIG`).
    Fsize = 1,
    /// `RLIMIT_DATA`: the data segment (heap and private mappings), in bytes.
    Data = 2,
    /// `RLIMIT_STACK`: the main thread's stack, in bytes.
    Stack = 3,
    /// `RLIMIT_CORE`: the largest core dump, in bytes; 0 disables core dumps.
    Core = 4,
    /// `RLIMIT_RSS`: resident set size in bytes (not enforced by current kernels).
    Rss = arch::RLIMIT_RSS,
    /// `RLIMIT_NPROC`: processes (threads) of the real user ID.
    Nproc = arch::RLIMIT_NPROC,
    /// `RLIMIT_NOFILE`: one more than the largest file descriptor the process may open.
    Nofile = arch::RLIMIT_NOFILE,
    /// `RLIMIT_MEMLOCK`: memory that may be locked into RAM, in bytes.
    Memlock = arch::RLIMIT_MEMLOCK,
    /// `RLIMIT_AS`: the address space, in bytes.
    As = arch::RLIMIT_AS,
    /// `RLIMIT_LOCKS`: `flock` and `fcntl` leases (not enforced by current kernels).
    Locks = 10,
    /// `RLIMIT_SIGPENDING`: signals that may be queued for the real user ID.
    Sigpending = 11,
    /// `RLIMIT_MSGQUEUE`: bytes in POSIX message queues of the real user ID.
    Msgqueue = 12,
    /// `RLIMIT_NICE`: ceiling of the nice value, as `20 - limit`.
    Nice = 13,
    /// `RLIMIT_RTPRIO`: ceiling of the real-time priority.
    Rtprio = 14,
    /// `RLIMIT_RTTIME`: CPU time without blocking under a real-time policy, in microseconds.
    Rttime = 15,
}

/// Every resource, in the order of `<asm-generic/resource.h>` (the kernel's order everywhere but
/// MIPS): the order of names that does not depend on the architecture.
const GENERIC_ORDER: [Resource; 16] = [
    Resource::Cpu,
    Resource::Fsize,
    Resource::Data,
    Resource::Stack,
    Resource::Core,
    Resource::Rss,
    Resource::Nproc,
    Resource::Nofile,
    Resource::Memlock,
    Resource::As,
    Resource::Locks,
    Resource::Sigpending,
    Resource::Msgqueue,
    Resource::Nice,
    Resource::Rtprio,
    Resource::Rttime,
];

/// `resources` (each once) placed at their numbers: a compile error if two share a number or
/// one is out of range, since `ALL` is a constant.
const fn in_kernel_order(resources: [Resource; 16]) -> [Resource; 16] {
    let mut out = [Resource::Cpu; 16];
    let mut placed = [false; 16];
    let mut i = 0;
    while i < resources.len() {
        let n = resources[i] as usize;
        assert!(!placed[n], "two resources with one number");
        out[n] = resources[i];
        placed[n] = true;
        i += 1;
    }
    out
}

impl Resource {
    /// Every resource, in the kernel's order of this architecture
    /// (`Resource::ALL[n].as_raw() == n`).
    pub const ALL: [Resource; 16] = in_kernel_order(GENERIC_ORDER);

    /// `RLIMIT_OFILE`, the BSD name of [`Resource::Nofile`].
    pub const OFILE: Resource = Resource::Nofile;

    /// The kernel's number for this resource on this architecture (`RLIMIT_NOFILE` is 7, or 5
    /// on MIPS).
    #[inline]
    pub const fn as_raw(self) -> u32 {
        self as u32
    }

    /// The resource with the kernel's number `raw`, or `None` for 16 and above.
    #[inline]
    pub const fn from_raw(raw: u32) -> Option<Resource> {
        if raw < Self::ALL.len() as u32 {
            Some(Self::ALL[raw as usize])
        } else {
            None
        }
    }

    /// The name without `RLIMIT_`, as util-linux `prlimit` prints it: `"NOFILE"`.
    pub const fn name(self) -> &'static str {
        self.info().0
    }

    /// What the resource limits, as util-linux `prlimit` describes it:
    /// `"max number of open files"`.
    pub const fn description(self) -> &'static str {
        self.info().1
    }

    /// The unit of the limit's value, as util-linux `prlimit` prints it (`"bytes"`, `"files"`),
    /// or `None` for [`Resource::Nice`] and [`Resource::Rtprio`], which count priority levels.
    pub const fn unit(self) -> Option<&'static str> {
        self.info().2
    }

    const fn info(self) -> (&'static str, &'static str, Option<&'static str>) {
        match self {
            Resource::Cpu => ("CPU", "CPU time", Some("seconds")),
            Resource::Fsize => ("FSIZE", "max file size", Some("bytes")),
            Resource::Data => ("DATA", "max data size", Some("bytes")),
            Resource::Stack => ("STACK", "max stack size", Some("bytes")),
            Resource::Core => ("CORE", "max core file size", Some("bytes")),
            Resource::Rss => ("RSS", "max resident set size", Some("bytes")),
            Resource::Nproc => ("NPROC", "max number of processes", Some("processes")),
            Resource::Nofile => ("NOFILE", "max number of open files", Some("files")),
            Resource::Memlock => (
                "MEMLOCK",
                "max locked-in-memory address space",
                Some("bytes"),
            ),
            Resource::As => ("AS", "address space limit", Some("bytes")),
            Resource::Locks => ("LOCKS", "max number of file locks held", Some("locks")),
            Resource::Sigpending => (
                "SIGPENDING",
                "max number of pending signals",
                Some("signals"),
            ),
            Resource::Msgqueue => ("MSGQUEUE", "max bytes in POSIX mqueues", Some("bytes")),
            Resource::Nice => ("NICE", "max nice prio allowed to raise", None),
            Resource::Rtprio => ("RTPRIO", "max real-time priority", None),
            Resource::Rttime => ("RTTIME", "timeout for real-time tasks", Some("microsecs")),
        }
    }
}

impl TryFrom<u32> for Resource {
    type Error = Error;

    /// The resource with the kernel's number `raw`; 16 and above give
    /// [`Error::InvalidResource`].
    #[inline]
    fn try_from(raw: u32) -> Result<Self, Error> {
        Resource::from_raw(raw).ok_or(Error::InvalidResource(raw))
    }
}

impl From<Resource> for u32 {
    #[inline]
    fn from(resource: Resource) -> u32 {
        resource.as_raw()
    }
}

impl fmt::Display for Resource {
    /// The name without `RLIMIT_`: `NOFILE`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// The error of parsing a [`Resource`] from a name that is none of the 16: the input, quoted
/// (a bounded copy), and the nearest valid name when one is close.
///
/// ```
/// use linux_resource::Resource;
///
/// let err = "nofle".parse::<Resource>().unwrap_err();
/// assert_eq!(err.input(), "nofle");
/// assert_eq!(err.nearest(), Some(Resource::Nofile));
/// assert!(err.to_string().starts_with("unknown resource \"nofle\": did you mean NOFILE?"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseResourceError {
    input: Quoted,
    nearest: Option<Resource>,
}

impl ParseResourceError {
    #[cold]
    fn new(input: &str) -> ParseResourceError {
        ParseResourceError {
            input: Quoted::new(input.as_bytes()),
            nearest: nearest(input),
        }
    }

    /// The name that was refused: all of it, or its first 40 bytes (less a character the cut
    /// splits).
    pub fn input(&self) -> &str {
        self.input.as_str()
    }

    /// The resource whose name is nearest to the input (at most two letters added, removed or
    /// changed, and fewer than either name has; `RLIMIT_` and case aside), if any is that near.
    pub fn nearest(&self) -> Option<Resource> {
        self.nearest
    }
}

impl fmt::Display for ParseResourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown resource {}: ", self.input)?;
        if let Some(nearest) = self.nearest {
            write!(f, "did you mean {nearest}? ")?;
        }
        f.write_str("expected one of CPU, FSIZE, DATA, STACK, CORE, RSS, NPROC, NOFILE, MEMLOCK, AS, LOCKS, SIGPENDING, MSGQUEUE, NICE, RTPRIO, RTTIME (any case, with or without RLIMIT_)")
    }
}

impl core::error::Error for ParseResourceError {}

/// The name without an ASCII-case-insensitive `RLIMIT_` prefix.
fn strip_prefix(bytes: &[u8]) -> &[u8] {
    const PREFIX: &[u8] = b"RLIMIT_";
    match bytes.get(..PREFIX.len()) {
        Some(head) if head.eq_ignore_ascii_case(PREFIX) => &bytes[PREFIX.len()..],
        _ => bytes,
    }
}

/// The resource within two edits (insertions, deletions, substitutions; ASCII case ignored) of
/// `input` without its prefix, and fewer edits than either name has letters; the nearest, the
/// first in the generic order on ties (the same answer on every architecture).
fn nearest(input: &str) -> Option<Resource> {
    /// The longest name that can be within two edits of a resource name (SIGPENDING, 10).
    const MAX: usize = 12;
    let name = strip_prefix(input.as_bytes());
    if name.len() > MAX {
        return None;
    }
    let mut best: Option<(usize, Resource)> = None;
    for r in GENERIC_ORDER {
        let d = edit_distance(name, r.name().as_bytes());
        if d <= 2 && d < r.name().len() && d < name.len() && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, r));
        }
    }
    best.map(|(_, r)| r)
}

/// Levenshtein distance between `a` (at most 12 bytes) and `b` (at most 10), ASCII case
/// ignored: one row of the table on the stack.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut row = [0usize; 16];
    for (j, cell) in row.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(!ca.eq_ignore_ascii_case(&cb));
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

impl FromStr for Resource {
    type Err = ParseResourceError;

    /// Parses `nofile`, `NOFILE` or `RLIMIT_NOFILE` (any ASCII case; `OFILE` is `NOFILE`).
    fn from_str(s: &str) -> Result<Self, ParseResourceError> {
        let name = strip_prefix(s.as_bytes());
        if name.eq_ignore_ascii_case(b"OFILE") {
            return Ok(Resource::OFILE);
        }
        Resource::ALL
            .into_iter()
            .find(|r| r.name().as_bytes().eq_ignore_ascii_case(name))
            .ok_or_else(|| ParseResourceError::new(s))
    }
}

#[cfg(test)]
mod tests {
    use super::{Resource, edit_distance};

    #[test]
    fn names_round_trip() {
        for r in Resource::ALL {
            assert_eq!(r.name().parse(), Ok(r));
            let lower: [u8; 16] = {
                let mut b = [0u8; 16];
                b[..r.name().len()].copy_from_slice(r.name().as_bytes());
                b.map(|c| c.to_ascii_lowercase())
            };
            let lower = core::str::from_utf8(&lower[..r.name().len()]).unwrap();
            assert_eq!(lower.parse(), Ok(r));
            assert_eq!(Resource::from_raw(r.as_raw()), Some(r));
        }
        assert_eq!("RLIMIT_NOFILE".parse(), Ok(Resource::Nofile));
        assert_eq!("rlimit_as".parse(), Ok(Resource::As));
        assert_eq!("OFILE".parse(), Ok(Resource::Nofile));
        assert_eq!("RLIMIT_OFILE".parse(), Ok(Resource::Nofile));
        for bad in [
            "",
            "RLIMIT_",
            "NOFILES",
            " NOFILE",
            "RLIMIT_RLIMIT_CPU",
            "nofile\n",
        ] {
            let err = bad.parse::<Resource>().unwrap_err();
            assert_eq!(err.input(), bad);
        }
        assert_eq!(Resource::from_raw(16), None);
    }

    #[test]
    fn the_nearest_name() {
        for (typo, want) in [
            ("nofle", Some(Resource::Nofile)),
            ("NOFILES", Some(Resource::Nofile)),
            ("rlimit_stak", Some(Resource::Stack)),
            ("cpus", Some(Resource::Cpu)),
            ("memlok", Some(Resource::Memlock)),
            ("sigpendign", Some(Resource::Sigpending)),
            ("xs", Some(Resource::As)),
            ("", None),
            ("a", None),
            ("garbage", None),
            ("corexxx", None), // three edits from CORE
            ("RLIMIT_RLIMIT_CPU", None),
            ("a-very-long-name-indeed", None),
        ] {
            let err = typo.parse::<Resource>().unwrap_err();
            assert_eq!(err.nearest(), want, "{typo:?}");
        }
        assert_eq!(edit_distance(b"kitten", b"SITTING"), 3);
        assert_eq!(edit_distance(b"", b"CORE"), 4);
        assert_eq!(edit_distance(b"CORE", b"core"), 0);
    }

    #[test]
    fn units_match_util_linux() {
        assert_eq!(Resource::Nice.unit(), None);
        assert_eq!(Resource::Rtprio.unit(), None);
        assert_eq!(Resource::Rttime.unit(), Some("microsecs"));
        assert_eq!(Resource::Nofile.unit(), Some("files"));
    }
}
