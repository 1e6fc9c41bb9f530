//! Limit values from text: `Rlimit` and `LimitSpec` from `SOFT:HARD` and friends, and the
//! errors of every parser of this crate, which quote the input (a bounded copy: no allocation).

use crate::limits::LimitValue;
use crate::{Rlimit, RLIM_INFINITY};
use core::fmt;
use core::str::FromStr;

/// The most bytes of the input a parse error keeps.
const QUOTED_MAX: usize = 40;

/// A bounded copy of the text a parser refused, for its error message: up to 40 bytes, cut at
/// a character boundary.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Quoted {
    bytes: [u8; QUOTED_MAX],
    len: u8,
    truncated: bool,
}

impl Quoted {
    pub(crate) fn new(s: &str) -> Quoted {
        let mut len = s.len().min(QUOTED_MAX);
        while !s.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0; QUOTED_MAX];
        bytes[..len].copy_from_slice(&s.as_bytes()[..len]);
        Quoted {
            bytes,
            // len <= QUOTED_MAX, which fits a u8.
            len: len as u8,
            truncated: len < s.len(),
        }
    }

    /// The kept text (the whole input, or its first 40 bytes).
    pub(crate) fn as_str(&self) -> &str {
        // The bytes were copied from a `str`, cut at a character boundary.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Display for Quoted {
    /// In double quotes, escaped as Rust escapes a `str`, with `...` when cut.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ellipsis = if self.truncated { "..." } else { "" };
        write!(f, "\"{}{ellipsis}\"", self.as_str().escape_debug())
    }
}

impl fmt::Debug for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A change to a soft and a hard limit, either of which may be left as it is: the limit
/// arguments of util-linux `prlimit` (`--nofile=SOFT:HARD`).
///
/// Parsed from `SOFT:HARD`, `SOFT:` (the hard limit unchanged), `:HARD` (the soft limit
/// unchanged) or one value for both. A value is a decimal number, `unlimited` or `infinity`
/// ([`RLIM_INFINITY`]), or `-1`, which util-linux also takes for unlimited. Nothing else is
/// accepted: no blanks, no sign but in `-1`, nothing after the number (util-linux, through
/// `strtoull`, lets some of these through).
///
/// ```
/// use linux_resource::{LimitSpec, Rlimit, RLIM_INFINITY};
///
/// let spec: LimitSpec = "4096:".parse()?;
/// assert_eq!(spec, LimitSpec { soft: Some(4096), hard: None });
/// assert_eq!(spec.apply(Rlimit::new(1024, 8192)), Rlimit::new(4096, 8192));
///
/// let spec: LimitSpec = ":unlimited".parse()?;
/// assert_eq!(spec.apply(Rlimit::new(0, 0)), Rlimit::new(0, RLIM_INFINITY));
/// assert_eq!(spec.to_string(), ":unlimited");
///
/// let err = "12k".parse::<LimitSpec>().unwrap_err();
/// assert_eq!(err.input(), "12k");
/// assert!(err.to_string().starts_with("invalid limit \"12k\": expected"));
/// # Ok::<(), linux_resource::ParseLimitError>(())
/// ```
///
/// # References
///  - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LimitSpec {
    /// The new soft limit, or `None` to keep the current one.
    pub soft: Option<u64>,
    /// The new hard limit, or `None` to keep the current one.
    pub hard: Option<u64>,
}

impl LimitSpec {
    /// The limits after this change: `current`'s where this spec has `None`.
    ///
    /// ```
    /// use linux_resource::{LimitSpec, Rlimit};
    ///
    /// let keep_hard = LimitSpec { soft: Some(10), hard: None };
    /// assert_eq!(keep_hard.apply(Rlimit::new(1, 20)), Rlimit::new(10, 20));
    /// ```
    #[inline]
    pub const fn apply(self, current: Rlimit) -> Rlimit {
        Rlimit::new(
            match self.soft {
                Some(soft) => soft,
                None => current.soft,
            },
            match self.hard {
                Some(hard) => hard,
                None => current.hard,
            },
        )
    }
}

impl fmt::Display for LimitSpec {
    /// `SOFT:HARD`, `SOFT:` or `:HARD`, with `unlimited` for [`RLIM_INFINITY`]: what
    /// [`FromStr`] takes back. A spec with neither limit is `:`, which does not parse.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(soft) = self.soft {
            fmt::Display::fmt(&LimitValue(soft), f)?;
        }
        f.write_str(":")?;
        if let Some(hard) = self.hard {
            fmt::Display::fmt(&LimitValue(hard), f)?;
        }
        Ok(())
    }
}

impl FromStr for LimitSpec {
    type Err = ParseLimitError;

    /// `SOFT:HARD`, `SOFT:`, `:HARD` or one value for both; see [`LimitSpec`].
    fn from_str(s: &str) -> Result<LimitSpec, ParseLimitError> {
        parse(s, Expected::Spec)
    }
}

impl FromStr for Rlimit {
    type Err = ParseLimitError;

    /// `SOFT:HARD` or one value for both, each a decimal number, `unlimited`, `infinity` or
    /// `-1`, as util-linux `prlimit` takes them (the partial forms are [`LimitSpec`]'s).
    /// Display gives back the same value. A soft limit above the hard one parses: `setrlimit`
    /// and `prlimit` refuse it.
    ///
    /// ```
    /// use linux_resource::{Rlimit, RLIM_INFINITY};
    ///
    /// assert_eq!("1024:4096".parse(), Ok(Rlimit::new(1024, 4096)));
    /// assert_eq!("unlimited".parse(), Ok(Rlimit::UNLIMITED));
    /// assert_eq!("0:infinity".parse(), Ok(Rlimit::new(0, RLIM_INFINITY)));
    /// assert_eq!("64".parse(), Ok(Rlimit::new(64, 64)));
    /// let err = "64:".parse::<Rlimit>().unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid limit \"64:\": expected SOFT:HARD or one value for both, each a decimal \
    ///      number, \"unlimited\", \"infinity\" or -1"
    /// );
    /// ```
    fn from_str(s: &str) -> Result<Rlimit, ParseLimitError> {
        match parse(s, Expected::Rlimit)? {
            LimitSpec {
                soft: Some(soft),
                hard: Some(hard),
            } => Ok(Rlimit::new(soft, hard)),
            _ => Err(ParseLimitError::new(s, Expected::Rlimit)),
        }
    }
}

/// One limit value: a decimal number, `unlimited`, `infinity` or `-1`. `Err(true)` when a
/// number is too large for a `u64`.
fn value(s: &str) -> Result<u64, bool> {
    match s {
        "unlimited" | "infinity" | "-1" => return Ok(RLIM_INFINITY),
        "" => return Err(false),
        _ => {}
    }
    s.bytes().try_fold(0u64, |n, b| {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return Err(false);
        }
        n.checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(digit)))
            .ok_or(true)
    })
}

/// Parses the forms of `expected`; [`Expected::Rlimit`] takes only those without an empty side,
/// which the caller checks.
fn parse(s: &str, expected: Expected) -> Result<LimitSpec, ParseLimitError> {
    let side = |part: &str| -> Result<Option<u64>, ParseLimitError> {
        if part.is_empty() {
            return Ok(None);
        }
        value(part).map(Some).map_err(|too_large| {
            ParseLimitError::new(s, if too_large { Expected::Fits } else { expected })
        })
    };
    let spec = match s.split_once(':') {
        Some((soft, hard)) => LimitSpec {
            soft: side(soft)?,
            hard: side(hard)?,
        },
        None if s.is_empty() => LimitSpec::default(),
        None => {
            let both = side(s)?;
            LimitSpec {
                soft: both,
                hard: both,
            }
        }
    };
    if spec.soft.is_none() && spec.hard.is_none() {
        return Err(ParseLimitError::new(s, expected));
    }
    Ok(spec)
}

/// What a limit parser expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Expected {
    /// `Rlimit`'s forms.
    Rlimit,
    /// `LimitSpec`'s forms.
    Spec,
    /// A number no larger than `u64::MAX`.
    Fits,
}

/// The error of parsing an [`Rlimit`] or a [`LimitSpec`]: the input, quoted, and what was
/// expected.
///
/// ```
/// use linux_resource::Rlimit;
///
/// let err = "99999999999999999999".parse::<Rlimit>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid limit \"99999999999999999999\": a number above 18446744073709551615"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseLimitError {
    input: Quoted,
    expected: Expected,
}

impl ParseLimitError {
    #[cold]
    fn new(input: &str, expected: Expected) -> ParseLimitError {
        ParseLimitError {
            input: Quoted::new(input),
            expected,
        }
    }

    /// The text that was refused: all of it, or its first 40 bytes.
    pub fn input(&self) -> &str {
        self.input.as_str()
    }
}

impl fmt::Display for ParseLimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const VALUES: &str = "each a decimal number, \"unlimited\", \"infinity\" or -1";
        write!(f, "invalid limit {}: ", self.input)?;
        match self.expected {
            Expected::Rlimit => write!(f, "expected SOFT:HARD or one value for both, {VALUES}"),
            Expected::Spec => write!(
                f,
                "expected SOFT:HARD, SOFT:, :HARD or one value for both, {VALUES}"
            ),
            Expected::Fits => write!(f, "a number above {}", u64::MAX),
        }
    }
}

impl core::error::Error for ParseLimitError {}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::{LimitSpec, Quoted};
    use crate::{Rlimit, RLIM_INFINITY};
    use std::format;

    const fn spec(soft: Option<u64>, hard: Option<u64>) -> LimitSpec {
        LimitSpec { soft, hard }
    }

    #[test]
    fn the_forms() {
        let inf = Some(RLIM_INFINITY);
        for (text, want) in [
            ("5", spec(Some(5), Some(5))),
            ("5:6", spec(Some(5), Some(6))),
            ("5:", spec(Some(5), None)),
            (":6", spec(None, Some(6))),
            ("unlimited", spec(inf, inf)),
            ("infinity:", spec(inf, None)),
            (":-1", spec(None, inf)),
            ("007:0", spec(Some(7), Some(0))),
            ("18446744073709551615", spec(inf, inf)),
        ] {
            assert_eq!(text.parse(), Ok(want), "{text:?}");
        }
        for bad in [
            "",
            ":",
            "::",
            "5:6:7",
            " 5",
            "5 ",
            "+5",
            "-5",
            "5x",
            "x",
            "unlimitedX",
            "Unlimited",
            "-1:-2",
            "1e3",
            "0x10",
            "18446744073709551616",
            "５",
        ] {
            assert!(bad.parse::<LimitSpec>().is_err(), "{bad:?}");
            assert!(bad.parse::<Rlimit>().is_err(), "{bad:?}");
        }
        for partial in ["5:", ":6", "unlimited:"] {
            assert!(partial.parse::<Rlimit>().is_err(), "{partial:?}");
        }
        assert_eq!("3:2".parse(), Ok(Rlimit::new(3, 2)));
    }

    #[test]
    fn quoted_input_is_bounded_at_a_char_boundary() {
        let long = "é".repeat(30); // 60 bytes
        let q = Quoted::new(&long);
        assert_eq!(q.as_str(), "é".repeat(20));
        let text = format!("{q}");
        assert!(text.ends_with("...\""), "{text}");
        let q = Quoted::new("a\"b\n");
        assert_eq!(format!("{q}"), "\"a\\\"b\\n\"");
    }
}
