//! Limit values from text: `Rlimit` and `LimitSpec` from `SOFT:HARD` and friends, and the
//! errors of every parser of this crate, which quote the input (a bounded copy: no allocation).

use crate::rlimit::LimitValue;
use crate::{Error, RLIM_INFINITY, Rlimit};
use core::fmt;
use core::str::FromStr;

/// The most bytes of the input a parse error keeps.
const QUOTED_MAX: usize = 40;

/// A bounded copy of the text a parser refused, for its error message: its first 40 bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Quoted {
    bytes: [u8; QUOTED_MAX],
    len: u8,
    truncated: bool,
}

impl Quoted {
    pub(crate) fn new(input: &[u8]) -> Quoted {
        let mut bytes = [0; QUOTED_MAX];
        let mut len = 0;
        for (to, &from) in bytes.iter_mut().zip(input) {
            *to = from;
            len += 1;
        }
        Quoted {
            bytes,
            len,
            truncated: input.len() > QUOTED_MAX,
        }
    }

    fn kept(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// The kept text up to its first byte that is not UTF-8: all of a `str` input of at most 40
    /// bytes; of a longer one, its first 40 bytes, less a character the cut splits.
    pub(crate) fn as_str(&self) -> &str {
        let kept = self.kept();
        match core::str::from_utf8(kept) {
            Ok(text) => text,
            // The prefix up to `valid_up_to` is UTF-8.
            Err(e) => core::str::from_utf8(&kept[..e.valid_up_to()]).unwrap_or_default(),
        }
    }
}

impl fmt::Display for Quoted {
    /// In double quotes, escaped as Rust escapes a `str` (bytes that are not UTF-8 as `\xNN`),
    /// with `...` when cut.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        let mut chunks = self.kept().utf8_chunks().peekable();
        while let Some(chunk) = chunks.next() {
            write!(f, "{}", chunk.valid().escape_debug())?;
            // An incomplete character at the cut is the cut's doing, not the input's.
            let cut = self.truncated && chunks.peek().is_none();
            if !cut {
                for byte in chunk.invalid() {
                    write!(f, "\\x{byte:02x}")?;
                }
            }
        }
        f.write_str(if self.truncated { "...\"" } else { "\"" })
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
/// unchanged) or one value for both. A value is what util-linux 2.40 and later take: a decimal
/// number, after any blanks and an optional `+` (`" 5"`, `"+7"`); `-1` for unlimited; and
/// `unlimited`, or `infinity` (systemd's word, which util-linux does not take), for
/// [`RLIM_INFINITY`]. Refused: anything after the number (`"5x"`, `"5 "`, `"0x10"`; util-linux
/// up to 2.39 took the number before it), and any other negative number (`"-5"`, which
/// util-linux's `strtoull` wraps to 18446744073709551611).
///
/// ```
/// use linux_resource::{LimitSpec, Rlimit, RLIM_INFINITY};
///
/// let spec: LimitSpec = "4096:".parse()?;
/// assert_eq!(spec, LimitSpec { soft: Some(4096), hard: None });
/// assert_eq!(spec.apply(Rlimit::new(1024, 8192)), Ok(Rlimit::new(4096, 8192)));
///
/// let spec: LimitSpec = ":unlimited".parse()?;
/// assert_eq!(spec.apply(Rlimit::new(0, 0)), Ok(Rlimit::new(0, RLIM_INFINITY)));
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
    /// [`FromStr`] for bytes: the same forms, for text that need not be UTF-8, such as a
    /// command-line argument (`OsStr::as_encoded_bytes`, or `argv` in a program without std).
    ///
    /// ```
    /// use linux_resource::LimitSpec;
    ///
    /// let arg: &[u8] = b"1024:";
    /// assert_eq!(
    ///     LimitSpec::from_bytes(arg),
    ///     Ok(LimitSpec { soft: Some(1024), hard: None })
    /// );
    /// let err = LimitSpec::from_bytes(b"12\xff").unwrap_err();
    /// assert!(err.to_string().starts_with("invalid limit \"12\\xff\": expected"));
    /// ```
    pub fn from_bytes(text: &[u8]) -> Result<LimitSpec, ParseLimitError> {
        parse(text, Expected::Spec)
    }

    /// The limits after this change: `current`'s where this spec has `None`, refused with
    /// [`Error::SoftAboveHard`] when the result has its soft limit above its hard one (`":8192"`
    /// on `20000:20000`), so that a caller never hands the kernel a pair it refuses, and never
    /// sets a pair it did not mean.
    ///
    /// ```
    /// use linux_resource::{Error, LimitSpec, Rlimit};
    ///
    /// let keep_hard = LimitSpec { soft: Some(10), hard: None };
    /// assert_eq!(keep_hard.apply(Rlimit::new(1, 20)), Ok(Rlimit::new(10, 20)));
    ///
    /// let lower_hard: LimitSpec = ":8192".parse()?;
    /// assert_eq!(
    ///     lower_hard.apply(Rlimit::new(20000, 20000)),
    ///     Err(Error::SoftAboveHard { soft: 20000, hard: 8192 })
    /// );
    /// # Ok::<(), linux_resource::ParseLimitError>(())
    /// ```
    #[inline]
    pub const fn apply(self, current: Rlimit) -> Result<Rlimit, Error> {
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
        .validate()
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
        LimitSpec::from_bytes(s.as_bytes())
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
    ///      number, \"unlimited\", \"infinity\" or -1 (SOFT: and :HARD, which keep the other \
    ///      limit, are LimitSpec's)"
    /// );
    /// ```
    fn from_str(s: &str) -> Result<Rlimit, ParseLimitError> {
        match parse(s.as_bytes(), Expected::Rlimit)? {
            LimitSpec {
                soft: Some(soft),
                hard: Some(hard),
            } => Ok(Rlimit::new(soft, hard)),
            // `SOFT:` or `:HARD`: a change of one limit, which is LimitSpec's.
            _ => Err(ParseLimitError::new(s.as_bytes(), Expected::Partial)),
        }
    }
}

/// One limit value, as util-linux `prlimit` 2.40 and later read it (`strtoull` in base 10, the
/// whole text): blanks, then a decimal number with an optional `+`; `-1` (which `strtoull`
/// wraps to [`RLIM_INFINITY`]); or the exact words `unlimited` and `infinity`. Any other
/// negative number, which `strtoull` would wrap to a huge limit, is refused, and so is anything
/// after the number. `Err(true)` when a number is too large for a `u64`.
fn value(text: &[u8]) -> Result<u64, bool> {
    if text == b"unlimited" || text == b"infinity" {
        return Ok(RLIM_INFINITY);
    }
    // C's isspace in the "C" locale: space, \t, \n, \v, \f, \r.
    let start = text
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t'..=b'\r'))
        .unwrap_or(text.len());
    let (negative, digits) = match &text[start..] {
        [b'+', rest @ ..] => (false, rest),
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    if digits.is_empty() {
        return Err(false);
    }
    let n = digits.iter().try_fold(0u64, |n, &b| {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return Err(false);
        }
        n.checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(digit)))
            .ok_or(true)
    })?;
    match (negative, n) {
        (false, n) => Ok(n),
        (true, 1) => Ok(RLIM_INFINITY),
        (true, _) => Err(false),
    }
}

/// Parses `LimitSpec`'s forms; for [`Expected::Rlimit`] the caller refuses the partial ones.
fn parse(text: &[u8], expected: Expected) -> Result<LimitSpec, ParseLimitError> {
    sides(text).map_err(|too_large| {
        ParseLimitError::new(text, if too_large { Expected::Fits } else { expected })
    })
}

/// One value, or the two sides of the first colon (an empty side is `None`, but not both);
/// `Err(true)` for a number too large.
fn sides(text: &[u8]) -> Result<LimitSpec, bool> {
    let (soft, hard) = match text.iter().position(|&b| b == b':') {
        Some(colon) => (&text[..colon], &text[colon + 1..]),
        None => (text, text),
    };
    let side = |part: &[u8]| {
        if part.is_empty() {
            Ok(None)
        } else {
            value(part).map(Some)
        }
    };
    match (side(soft)?, side(hard)?) {
        (None, None) => Err(false),
        (soft, hard) => Ok(LimitSpec { soft, hard }),
    }
}

/// What a limit parser expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Expected {
    /// `Rlimit`'s forms.
    Rlimit,
    /// `LimitSpec`'s forms.
    Spec,
    /// `Rlimit`'s forms, given a partial one (`SOFT:`, `:HARD`): `LimitSpec`'s.
    Partial,
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
    fn new(input: &[u8], expected: Expected) -> ParseLimitError {
        ParseLimitError {
            input: Quoted::new(input),
            expected,
        }
    }

    /// The text that was refused: all of it, or its first 40 bytes (less a character the cut
    /// splits; from [`LimitSpec::from_bytes`], up to its first byte that is not UTF-8).
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
            Expected::Partial => write!(
                f,
                "expected SOFT:HARD or one value for both, {VALUES} (SOFT: and :HARD, which \
                 keep the other limit, are LimitSpec's)"
            ),
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
    use crate::{RLIM_INFINITY, Rlimit};
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
            // util-linux 2.40's strtoull: blanks and `+` before a number, -1 for unlimited.
            (" 5", spec(Some(5), Some(5))),
            ("\t\n\x0b\x0c\r+5", spec(Some(5), Some(5))),
            ("+0: +7", spec(Some(0), Some(7))),
            (" -1:", spec(inf, None)),
            ("-01", spec(inf, inf)),
        ] {
            assert_eq!(text.parse(), Ok(want), "{text:?}");
        }
        for bad in [
            "",
            ":",
            "::",
            "5:6:7",
            "5 ",
            " 5 ",
            "+",
            " ",
            "++5",
            "+-1",
            "-+1",
            "+ 5",
            "- 1",
            "-5",
            "-0",
            "-2",
            "5x",
            " unlimited",
            "+unlimited",
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
        let long = std::string::String::from("a") + &"é".repeat(30); // 61 bytes: the cut at 40 splits an é
        let q = Quoted::new(long.as_bytes());
        assert_eq!(q.as_str(), std::string::String::from("a") + &"é".repeat(19));
        assert_eq!(format!("{q}"), format!("\"a{}...\"", "é".repeat(19)));
        let q = Quoted::new(b"a\"b\n");
        assert_eq!(format!("{q}"), "\"a\\\"b\\n\"");
        let q = Quoted::new(b"1\xff2\xc3");
        assert_eq!(q.as_str(), "1");
        assert_eq!(format!("{q}"), "\"1\\xff2\\xc3\"");
    }
}
