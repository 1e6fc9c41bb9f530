//! systemd's resource limits: the `LimitNOFILE=`-style settings of unit files, parsed and written
//! exactly as systemd parses and writes them.
//!
//! [`parse_limit`] is systemd's `rlimit_parse`, [`format_limit`] its `rlimit_format` and
//! [`resource`] its `rlimit_from_string_harder`, all three from
//! [`src/basic/rlimit-util.c`](https://github.com/systemd/systemd/blob/main/src/basic/rlimit-util.c),
//! with the helpers they call (`parse_size`, `parse_time`, `safe_atou64`, `extract_first_word`)
//! and glibc's `strtoull` under them. The tests compare them with the functions of the host's own
//! systemd (252, Debian 12), quirks included.
//!
//! ```
//! use linux_resource::systemd::{format_limit, parse_limit, resource};
//! use linux_resource::{Resource, Rlimit, RLIM_INFINITY};
//!
//! assert_eq!(resource("LimitNOFILE"), Some(Resource::Nofile));
//! let files = parse_limit(Resource::Nofile, "1024:524288")?;
//! assert_eq!(files, Rlimit::new(1024, 524288));
//! assert_eq!(parse_limit(Resource::Cpu, "25min")?, Rlimit::new(1500, 1500));
//! assert_eq!(parse_limit(Resource::As, "4G:infinity")?, Rlimit::new(4 << 30, RLIM_INFINITY));
//! assert_eq!(parse_limit(Resource::Nice, "-5")?, Rlimit::new(25, 25));
//! assert_eq!(format_limit(files).to_string(), "1024:524288");
//!
//! let err = parse_limit(Resource::Nofile, "5:4").unwrap_err();
//! assert_eq!(err.to_string(), "invalid LimitNOFILE= value \"5:4\": soft limit above hard limit");
//! # Ok::<(), linux_resource::systemd::ParseLimitError>(())
//! ```
//!
//! # References
//!  - [`systemd.exec(5)`](https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#Process%20Properties),
//!    `LimitCPU=` to `LimitRTTIME=`

use crate::parse::Quoted;
use crate::{RLIM_INFINITY, Resource, Rlimit};
use core::fmt;

/// systemd's `WHITESPACE`, which its parsers skip; glibc's `strtoull` also skips `\v` and `\f`.
const WHITESPACE: &[u8] = b" \t\n\r";

/// What a resource's values are, in systemd's `rlimit_parse_table`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Syntax {
    /// CPU: a time span whose bare number is seconds, rounded up to whole seconds.
    Seconds,
    /// RTTIME: a time span whose bare number is microseconds.
    Micros,
    /// Bytes, with base-1024 suffixes.
    Size,
    /// NICE: a signed nice level or a raw limit.
    Nice,
    /// A plain number.
    Count,
}

const fn syntax(resource: Resource) -> Syntax {
    match resource {
        Resource::Cpu => Syntax::Seconds,
        Resource::Rttime => Syntax::Micros,
        Resource::Nice => Syntax::Nice,
        Resource::Fsize
        | Resource::Data
        | Resource::Stack
        | Resource::Core
        | Resource::Rss
        | Resource::As
        | Resource::Memlock
        | Resource::Msgqueue => Syntax::Size,
        _ => Syntax::Count,
    }
}

/// Why systemd refuses a value: the errno its `rlimit_parse` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseLimitErrorKind {
    /// `EINVAL`: not a value of the resource's syntax, or text left over.
    Invalid,
    /// `ERANGE`: a value too large (or negative), or a nice level out of range.
    OutOfRange,
    /// `EILSEQ`: the soft limit is above the hard limit.
    SoftAboveHard,
}

use ParseLimitErrorKind::{Invalid, OutOfRange, SoftAboveHard};

/// The error of [`parse_limit`]: the input, quoted (a bounded copy), the resource and why.
///
/// ```
/// use linux_resource::systemd::{parse_limit, ParseLimitErrorKind};
/// use linux_resource::Resource;
///
/// let err = parse_limit(Resource::Nice, "+20").unwrap_err();
/// assert_eq!(err.kind(), ParseLimitErrorKind::OutOfRange);
/// assert_eq!((err.input(), err.resource()), ("+20", Resource::Nice));
/// assert_eq!(err.to_string(), "invalid LimitNICE= value \"+20\": out of range");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseLimitError {
    input: Quoted,
    resource: Resource,
    kind: ParseLimitErrorKind,
}

impl ParseLimitError {
    /// The text that was refused: all of it, or its first 40 bytes (less a character the cut
    /// splits).
    pub fn input(&self) -> &str {
        self.input.as_str()
    }

    /// The resource whose value it was.
    pub fn resource(&self) -> Resource {
        self.resource
    }

    /// Why it was refused.
    pub fn kind(&self) -> ParseLimitErrorKind {
        self.kind
    }
}

impl fmt::Display for ParseLimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid Limit{}= value {}: ", self.resource, self.input)?;
        f.write_str(match (self.kind, syntax(self.resource)) {
            (OutOfRange, _) => "out of range",
            (SoftAboveHard, _) => "soft limit above hard limit",
            (_, Syntax::Seconds) => {
                "expected SOFT[:HARD], each \"infinity\" or a time span (\"25min\", \"1h 30s\"; a bare number is seconds)"
            }
            (_, Syntax::Micros) => {
                "expected SOFT[:HARD], each \"infinity\" or a time span (\"25ms\", \"1h 30s\"; a bare number is microseconds)"
            }
            (_, Syntax::Size) => {
                "expected SOFT[:HARD], each \"infinity\" or a size in bytes (\"512K\", \"1.5G\"; base 1024)"
            }
            (_, Syntax::Nice) => {
                "expected SOFT[:HARD], each a nice level with its sign (\"-20\" to \"+19\") or a raw limit (0 to 40)"
            }
            (_, Syntax::Count) => "expected SOFT[:HARD], each \"infinity\" or a number",
        })
    }
}

impl core::error::Error for ParseLimitError {}

/// A word of the input as systemd's `extract_first_word` gives it: each backslash dropped and the
/// byte after it taken as it is. The raw bytes never end in a lone backslash.
#[derive(Clone, Copy)]
struct Text<'a>(&'a [u8]);

impl Text<'_> {
    fn next(&mut self) -> Option<u8> {
        let (&byte, rest) = self.0.split_first()?;
        let (&byte, rest) = match byte {
            b'\\' => rest.split_first()?,
            _ => (&byte, rest),
        };
        self.0 = rest;
        Some(byte)
    }

    fn peek(self) -> Option<u8> {
        let mut t = self;
        t.next()
    }

    /// Whether two positions in one word are the same.
    fn at(self, other: Text<'_>) -> bool {
        self.0.len() == other.0.len()
    }

    /// `startswith`: whether the word goes on with `prefix`, and if so, past it.
    fn eat(&mut self, prefix: &[u8]) -> bool {
        let mut t = *self;
        let found = prefix.iter().all(|&b| t.next() == Some(b));
        if found {
            *self = t;
        }
        found
    }

    /// `strspn`: past the bytes of `set`.
    fn skip(&mut self, set: &[u8]) {
        while self.peek().is_some_and(|b| set.contains(&b)) {
            self.next();
        }
    }

    fn is(self, word: &[u8]) -> bool {
        let mut t = self;
        t.eat(word) && t.0.is_empty()
    }
}

/// glibc's `strtoull` in the C locale: blanks (`isspace`), a sign, and in base 0 a `0x` or `0`
/// prefix, then digits. `None` (and the text unchanged) where no number starts; else the
/// magnitude, whether it was negative, and the number of digits. A magnitude above `u64::MAX`
/// is `ERANGE` (all its digits read).
fn strtoull(t: &mut Text<'_>, base: u32) -> Result<Option<(u64, bool, u32)>, ParseLimitErrorKind> {
    let mut s = *t;
    s.skip(b" \t\n\x0b\x0c\r");
    let negative = s.peek() == Some(b'-');
    if negative || s.peek() == Some(b'+') {
        s.next();
    }
    let mut base = base;
    if base == 0 {
        let mut hex = s;
        base = match (
            hex.next(),
            hex.next(),
            hex.peek().filter(u8::is_ascii_hexdigit),
        ) {
            (Some(b'0'), Some(b'x' | b'X'), Some(_)) => {
                s = hex;
                16
            }
            (Some(b'0'), ..) => 8,
            _ => 10,
        };
    }
    let (mut value, mut digits, mut overflow) = (0u64, 0, false);
    while let Some(digit) = s.peek().and_then(|b| char::from(b).to_digit(base)) {
        s.next();
        digits += 1;
        match value
            .checked_mul(base.into())
            .and_then(|v| v.checked_add(digit.into()))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
    }
    if digits == 0 {
        return Ok(None);
    }
    *t = s;
    if overflow {
        return Err(OutOfRange);
    }
    Ok(Some((value, negative, digits)))
}

/// `safe_atou64`: `strtoull` in base 0 after systemd's blanks and its `0b`/`0o` prefixes, all of
/// the text, and no `-` before a number other than 0.
fn safe_atou64(mut t: Text<'_>) -> Result<u64, ParseLimitErrorKind> {
    t.skip(WHITESPACE);
    let mut base = 0;
    let mut prefixed = t;
    if prefixed.next() == Some(b'0') {
        base = match prefixed.next() {
            Some(b'b' | b'B') => 2,
            Some(b'o' | b'O') => 8,
            _ => 0,
        };
    }
    if base != 0 {
        t = prefixed;
    }
    let minus = t.peek() == Some(b'-');
    let Some((value, negative, _)) = strtoull(&mut t, base)? else {
        return Err(Invalid);
    };
    if !t.0.is_empty() {
        return Err(Invalid);
    }
    if minus && value != 0 {
        return Err(OutOfRange);
    }
    Ok(if negative {
        value.wrapping_neg()
    } else {
        value
    })
}

/// `parse_size(t, 1024)`: numbers with fractions, each with a suffix smaller than the last
/// one's (`1G 512M`), summed; the arithmetic, its `double`s and its wrap-arounds as systemd's.
fn parse_size(mut t: Text<'_>) -> Result<u64, ParseLimitErrorKind> {
    const SUFFIXES: &[u8; 7] = b"EPTGMKB";
    let (mut total, mut start) = (0u64, 0);
    loop {
        t.skip(WHITESPACE);
        let minus = t.peek() == Some(b'-');
        let Some((l, negative, _)) = strtoull(&mut t, 10)? else {
            return Err(Invalid);
        };
        if minus {
            return Err(OutOfRange);
        }
        let l = if negative { l.wrapping_neg() } else { l };
        let mut frac = 0f64;
        if t.eat(b".") && t.peek().is_some_and(|b| b.is_ascii_digit()) {
            if let Some((l2, _, digits)) = strtoull(&mut t, 10)? {
                frac = l2 as f64;
                for _ in 0..digits {
                    frac /= 10.0;
                }
            }
        }
        t.skip(WHITESPACE);
        // The suffix "" (index 7) follows B and matches anything.
        let Some(i) = (start..8).find(|&i| i == 7 || t.eat(&[SUFFIXES[i]])) else {
            return Err(Invalid);
        };
        let factor = 1u64 << (60 - 10 * i.min(6));
        if l.wrapping_add(u64::from(frac > 0.0)) > u64::MAX / factor {
            return Err(OutOfRange);
        }
        let size = l
            .wrapping_mul(factor)
            .wrapping_add((frac * factor as f64) as u64);
        total = total.checked_add(size).ok_or(OutOfRange)?;
        start = i + 1;
        if t.0.is_empty() {
            return Ok(total);
        }
    }
}

/// `extract_multiplier`'s table: the units of a time span in microseconds, the first that
/// matches wins.
const UNITS: [(&str, u64); 30] = [
    ("seconds", 1_000_000),
    ("second", 1_000_000),
    ("sec", 1_000_000),
    ("s", 1_000_000),
    ("minutes", 60_000_000),
    ("minute", 60_000_000),
    ("min", 60_000_000),
    ("months", 2_629_800_000_000),
    ("month", 2_629_800_000_000),
    ("M", 2_629_800_000_000),
    ("msec", 1_000),
    ("ms", 1_000),
    ("m", 60_000_000),
    ("hours", 3_600_000_000),
    ("hour", 3_600_000_000),
    ("hr", 3_600_000_000),
    ("h", 3_600_000_000),
    ("days", 86_400_000_000),
    ("day", 86_400_000_000),
    ("d", 86_400_000_000),
    ("weeks", 604_800_000_000),
    ("week", 604_800_000_000),
    ("w", 604_800_000_000),
    ("years", 31_557_600_000_000),
    ("year", 31_557_600_000_000),
    ("y", 31_557_600_000_000),
    ("usec", 1),
    ("us", 1),
    ("μs", 1),
    ("µs", 1),
];

/// `parse_time(t, unit)`: `infinity`, or numbers with fractions and units (`1min 30s`), summed,
/// a bare number in `unit`; in microseconds, `u64::MAX` for `infinity`.
fn parse_time(mut t: Text<'_>, unit: u64) -> Result<u64, ParseLimitErrorKind> {
    t.skip(WHITESPACE);
    if t.eat(b"infinity") {
        t.skip(WHITESPACE);
        return if t.0.is_empty() {
            Ok(u64::MAX)
        } else {
            Err(Invalid)
        };
    }
    let (mut usec, mut something) = (0u64, false);
    loop {
        t.skip(WHITESPACE);
        if t.0.is_empty() {
            return if something { Ok(usec) } else { Err(Invalid) };
        }
        if t.peek() == Some(b'-') {
            return Err(OutOfRange);
        }
        // strtoll: a negative number other than -0 (after `\v` or `\f`), or above i64::MAX.
        let number = strtoull(&mut t, 10)?;
        let l = match number {
            Some((l, negative, _)) if l > i64::MAX as u64 || negative && l != 0 => {
                return Err(OutOfRange);
            }
            Some((l, ..)) => l,
            None => 0,
        };
        let fraction = t.eat(b".").then_some(t);
        if fraction.is_none() && number.is_none() {
            return Err(Invalid);
        }
        t.skip(b"0123456789");
        let mut s = t;
        s.skip(WHITESPACE);
        let multiplier = UNITS
            .into_iter()
            .find(|(name, _)| s.eat(name.as_bytes()))
            .map_or(unit, |(_, usec)| usec);
        if s.at(t) && !s.0.is_empty() {
            // "12.34.56"
            return Err(Invalid);
        }
        t = s;
        if l >= u64::MAX / multiplier {
            return Err(OutOfRange);
        }
        usec = add(usec, l * multiplier)?;
        something = true;
        if let Some(mut digits) = fraction {
            let (mut m, mut any) = (multiplier / 10, false);
            while let Some(d) = digits.peek().filter(u8::is_ascii_digit) {
                digits.next();
                usec = add(usec, u64::from(d - b'0') * m)?;
                (m, any) = (m / 10, true);
            }
            if !any {
                // "3.sec"
                return Err(Invalid);
            }
        }
    }
}

/// `usec + k`, below `USEC_INFINITY`.
fn add(usec: u64, k: u64) -> Result<u64, ParseLimitErrorKind> {
    if k >= u64::MAX - usec {
        return Err(OutOfRange);
    }
    Ok(usec + k)
}

/// `rlimit_parse_one`: one value of `resource`.
fn parse_one(resource: Resource, t: Text<'_>) -> Result<u64, ParseLimitErrorKind> {
    let below_infinity = |value: u64| {
        if value == RLIM_INFINITY {
            Err(OutOfRange)
        } else {
            Ok(value)
        }
    };
    match syntax(resource) {
        Syntax::Seconds => parse_time(t, 1_000_000).map(|usec| {
            if usec == u64::MAX {
                RLIM_INFINITY
            } else {
                usec.div_ceil(1_000_000)
            }
        }),
        Syntax::Micros => parse_time(t, 1),
        Syntax::Nice => {
            let (sign, mut rest) = (t.peek(), t);
            if matches!(sign, Some(b'+' | b'-')) {
                rest.next();
            }
            let n = safe_atou64(rest)?;
            match sign {
                Some(b'+') if n < 20 => Ok(20 - n),
                Some(b'-') if n <= 20 => Ok(20 + n),
                Some(b'+' | b'-') => Err(OutOfRange),
                _ if n <= 40 => Ok(n),
                _ => Err(OutOfRange),
            }
        }
        _ if t.is(b"infinity") => Ok(RLIM_INFINITY),
        Syntax::Size => parse_size(t).and_then(below_infinity),
        Syntax::Count => safe_atou64(t).and_then(below_infinity),
    }
}

/// `extract_first_word(.., ":", EXTRACT_DONT_COALESCE_SEPARATORS)`: the raw text up to the first
/// colon that no backslash escapes, and what follows that colon, if there is one. A backslash at
/// the end is `EINVAL`.
fn word(raw: &[u8]) -> Result<(&[u8], Option<&[u8]>), ParseLimitErrorKind> {
    let mut escaped = false;
    for (i, &byte) in raw.iter().enumerate() {
        match (escaped, byte) {
            (false, b':') => return Ok((&raw[..i], Some(&raw[i + 1..]))),
            (false, b'\\') => escaped = true,
            _ => escaped = false,
        }
    }
    if escaped {
        Err(Invalid)
    } else {
        Ok((raw, None))
    }
}

fn limit(resource: Resource, text: &[u8]) -> Result<Rlimit, ParseLimitErrorKind> {
    let (soft, rest) = word(text)?;
    let soft = parse_one(resource, Text(soft))?;
    let Some(rest) = rest else {
        return Ok(Rlimit::new(soft, soft));
    };
    let (hard, rest) = word(rest)?;
    if rest.is_some_and(|rest| !rest.is_empty()) {
        return Err(Invalid);
    }
    let hard = parse_one(resource, Text(hard))?;
    if soft > hard {
        return Err(SoftAboveHard);
    }
    Ok(Rlimit::new(soft, hard))
}

/// systemd's `rlimit_parse`: the value of a `Limit*=` setting (`LimitNOFILE=1024:524288`) for
/// `resource`, as systemd reads it.
///
/// `SOFT:HARD`, or one value for both. Each value is `infinity` ([`RLIM_INFINITY`]) or, by
/// resource:
/// - **CPU:** a time span (`25min`, `1h 30s`, `1.5s`; units from `us` to `years`; a bare
///   number is seconds), rounded up to whole seconds;
/// - **RTTIME:** a time span whose bare number is microseconds;
/// - **FSIZE, DATA, STACK, CORE, RSS, AS, MEMLOCK, MSGQUEUE:** a size in bytes, with the
///   suffixes `K`, `M`, `G`, `T`, `P`, `E` (base 1024) or `B`, and fractions (`1.5K` is 1536);
/// - **NICE:** a nice level with its sign, `+N` or `-N`, which is the limit `20 - N` (`-20`
///   to `+19`: 40 to 1), or a bare raw limit from 0 to 40 (there is no `infinity`);
/// - **the others:** a number (`0x` hexadecimal, `0` octal, `0b` binary and `0o` octal
///   prefixes, as systemd reads them).
///
/// systemd's own quirks are kept: blanks before numbers, `+`, a `-0`, sizes and counts that
/// `strtoull` wraps around (`\v-5`), `5:6:`, backslashes that escape the next character. A
/// soft limit above the hard one, anything left over and a value of `RLIM_INFINITY` written as
/// a number are refused, each with the errno systemd gives ([`ParseLimitErrorKind`]). A NUL
/// byte, where systemd's C string would end, is refused. Nothing allocates. Numbers are read as
/// glibc 2.36's `strtoull` reads them (Debian 12's); glibc 2.38 and later, built as systemd
/// builds, also read a `0b` prefix after a sign or a `\v` (`+0b1`), which this refuses.
///
/// What [`format_limit`] writes parses back to the same limit, but for a CPU limit of
/// 18446744073709 seconds or more or an RTTIME limit above `i64::MAX`: systemd reads neither
/// back, though it can give both.
///
/// ```
/// use linux_resource::systemd::{parse_limit, ParseLimitErrorKind};
/// use linux_resource::{Resource, Rlimit, RLIM_INFINITY};
///
/// assert_eq!(parse_limit(Resource::Memlock, "1.5K"), Ok(Rlimit::new(1536, 1536)));
/// assert_eq!(parse_limit(Resource::Cpu, "1min 30.5s:2h"), Ok(Rlimit::new(91, 7200)));
/// assert_eq!(parse_limit(Resource::Rttime, "200ms:1s"), Ok(Rlimit::new(200_000, 1_000_000)));
/// assert_eq!(parse_limit(Resource::Nice, "+19"), Ok(Rlimit::new(1, 1)));
/// assert_eq!(parse_limit(Resource::Nofile, "8:infinity"), Ok(Rlimit::new(8, RLIM_INFINITY)));
/// let err = parse_limit(Resource::Data, "-1K").unwrap_err();
/// assert_eq!(err.kind(), ParseLimitErrorKind::OutOfRange);
/// ```
///
/// # References
///  - [`systemd.exec(5)`](https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#Process%20Properties)
///  - [`rlimit_parse`](https://github.com/systemd/systemd/blob/main/src/basic/rlimit-util.c)
pub fn parse_limit(resource: Resource, text: &str) -> Result<Rlimit, ParseLimitError> {
    limit(resource, text.as_bytes()).map_err(|kind| ParseLimitError {
        input: Quoted::new(text.as_bytes()),
        resource,
        kind,
    })
}

/// systemd's `rlimit_format`: `infinity`, `N`, `N:M`, `N:infinity` or `infinity:M`.
///
/// ```
/// use linux_resource::systemd::format_limit;
/// use linux_resource::{Rlimit, RLIM_INFINITY};
///
/// assert_eq!(format_limit(Rlimit::new(6, 6)).to_string(), "6");
/// assert_eq!(format_limit(Rlimit::new(4, RLIM_INFINITY)).to_string(), "4:infinity");
/// assert_eq!(format_limit(Rlimit::UNLIMITED).to_string(), "infinity");
/// ```
///
/// # References
///  - [`rlimit_format`](https://github.com/systemd/systemd/blob/main/src/basic/rlimit-util.c)
pub fn format_limit(limit: Rlimit) -> impl fmt::Display {
    Formatted(limit)
}

struct Formatted(Rlimit);

impl fmt::Display for Formatted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Rlimit { soft, hard } = self.0;
        match (soft == RLIM_INFINITY, hard == RLIM_INFINITY) {
            (true, true) => f.write_str("infinity"),
            (true, false) => write!(f, "infinity:{hard}"),
            (false, true) => write!(f, "{soft}:infinity"),
            _ if soft == hard => write!(f, "{soft}"),
            _ => write!(f, "{soft}:{hard}"),
        }
    }
}

/// systemd's `rlimit_from_string_harder`: the resource named `NOFILE`, `LimitNOFILE` or
/// `RLIMIT_NOFILE`, and so on for the 16. As in systemd, the case matters (`nofile` is no
/// name) and no other prefix is taken (`DefaultLimitNOFILE`), nor `OFILE`.
///
/// ```
/// use linux_resource::systemd::resource;
/// use linux_resource::Resource;
///
/// assert_eq!(resource("RLIMIT_RTTIME"), Some(Resource::Rttime));
/// assert_eq!(resource("DefaultLimitNOFILE"), None);
/// ```
///
/// # References
///  - [`rlimit_from_string_harder`](https://github.com/systemd/systemd/blob/main/src/basic/rlimit-util.c)
pub fn resource(name: &str) -> Option<Resource> {
    let name = (name.strip_prefix("RLIMIT_"))
        .or_else(|| name.strip_prefix("Limit"))
        .unwrap_or(name);
    Resource::ALL.into_iter().find(|r| r.name() == name)
}
