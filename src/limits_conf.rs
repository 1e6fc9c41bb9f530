//! `/etc/security/limits.conf`, read as Linux-PAM's `pam_limits` reads it: its lines
//! ([`parse`]), and the limits `pam_limits` sets for one login ([`Session`]).
//!
//! A line is `<domain> <type> <item> <value>`, or `<domain> -` (no limits at all for that
//! domain). Blank lines and everything from a `#` on are skipped.
//!
//! ```
//! use linux_resource::limits_conf::{self, Login, RuleItem, RuleKind, RuleValue, Session};
//! use linux_resource::{Resource, Rlimit, RLIM_INFINITY};
//!
//! let conf = "\
//! *        soft  core    0
//! @audio   -     rtprio  95    # real-time audio
//! 1000:    hard  nofile  unlimited
//! alice    soft  cpu     30
//! ";
//! let first = limits_conf::parse(conf).next().unwrap()?;
//! assert_eq!((first.domain, first.kind), ("*", RuleKind::Soft));
//! assert_eq!(first.item, RuleItem::Limit(Resource::Core));
//! assert_eq!((first.value, first.line), (RuleValue::Number(0), 1));
//!
//! // What pam_limits sets for alice (uid 1000, in the group audio), with fs.nr_open 1048576:
//! let groups = [("alice", 1000), ("audio", 29)];
//! let login = Login { name: "alice", uid: 1000, gid: 1000, groups: &groups };
//! let mut session = Session::new(login, 1_048_576);
//! session.read(conf);
//! let current = Rlimit::new(1024, 4096);
//! assert_eq!(session.limit(Resource::Rtprio, current), Some(Rlimit::new(95, 95)));
//! assert_eq!(session.limit(Resource::Cpu, current), Some(Rlimit::new(1800, 4096)));
//! assert_eq!(session.limit(Resource::Nofile, current), Some(Rlimit::new(1024, 1_048_576)));
//! let core = session.limit(Resource::Core, Rlimit::UNLIMITED);
//! assert_eq!(core, Some(Rlimit::new(0, RLIM_INFINITY)));
//! assert_eq!(session.limit(Resource::Nproc, current), None); // no line: left as it is
//! # Ok::<(), limits_conf::ParseRuleError>(())
//! ```
//!
//! # Exactly as pam_limits
//!
//! This follows `modules/pam_limits/pam_limits.c` of Linux-PAM 1.5.3 and later (checked
//! against 1.7), its quirks included:
//!
//! - Leading white space (C's `isspace`) is skipped and a `#` ends the line; the first three
//!   fields end at a space or a tab, and the value is the rest of the line, trimmed of spaces
//!   and tabs. Type, item and value are case-insensitive; the domain is not. Text after a NUL
//!   byte is ignored, as C's string functions ignore it.
//! - Values are read as `strtoull` reads them (`strtol` for `nice`, `priority`, `maxlogins`
//!   and `maxsyslogins`, clamped to a C `int`): leading blanks, a sign and anything after the
//!   digits are taken (`10k` is 10, `-5` is 2^64 - 5, and a number past 2^64 - 1 is 2^64 - 1,
//!   which is unlimited). Only text without a digit is refused. `unlimited`, `infinity`, `-1`
//!   and `-` are [`RuleValue::Unlimited`] for every item but `nice`, `priority` and
//!   `nonewprivs`; `nonewprivs` takes `1`, and pam_limits takes anything else as `0`.
//! - The type of `maxlogins`, `maxsyslogins` and `nonewprivs` is not checked (any word is
//!   [`RuleKind::Both`]).
//! - A domain with a `:` must be a uid or gid range, or the line is refused, even a user name.
//!
//! Linux-PAM 1.5.2 and earlier (Debian 12) differ: they split all four fields at any white
//! space and ignore what follows the fourth (so a file with CRLF line ends still reads
//! `unlimited`; 1.5.3 refuses `unlimited\r`), read a line longer than 1023 bytes as several,
//! and do not know `rttime`. Debian's pam_limits (its patch 027) also starts every limit from
//! PID 1's (`/proc/1/limits`) rather than the process's own, and applies no `*`, `@group` or
//! `%group` line to uid 0 (it reads `@MIN:MAX` and `%MIN:MAX` as uid ranges for root).
//! One quirk is not kept: a `maxsyslogins` line with a value pam_limits refuses still makes it
//! count every user's logins against the login limit.
//!
//! # References
//!  - [`limits.conf(5)`](https://man7.org/linux/man-pages/man5/limits.conf.5.html)
//!  - [`pam_limits(8)`](https://man7.org/linux/man-pages/man8/pam_limits.8.html)

use crate::parse::Quoted;
use crate::{RLIM_INFINITY, Resource, Rlimit};
use core::fmt;

/// The kinds of domain, most specific first: pam_limits' `LIMITS_DEF_*` (a line of a kind at
/// least as specific as the one that set a value replaces it).
const USER: u8 = 0;
const GROUP: u8 = 1;
const ALLGROUP: u8 = 2;
const ALL: u8 = 3;
const DEFAULT: u8 = 4;

/// The rules of a `limits.conf` file, one per line that is not blank or a comment, in order;
/// each line `pam_limits` would skip is an error. Lines are counted from 1.
///
/// ```
/// use linux_resource::limits_conf::{parse, RuleItem, RuleValue};
///
/// let mut rules = parse("# comment\n\n@student hard nproc 20\n* soft nofle 5\n");
/// let rule = rules.next().unwrap().unwrap();
/// assert_eq!((rule.domain, rule.value, rule.line), ("@student", RuleValue::Number(20), 3));
/// let err = rules.next().unwrap().unwrap_err();
/// assert_eq!((err.line(), err.input()), (4, "nofle"));
/// assert!(err.to_string().starts_with("line 4: unknown item \"nofle\""));
/// assert!(rules.next().is_none());
/// ```
pub fn parse(text: &str) -> Rules<'_> {
    Rules {
        lines: text.split('\n'),
        line: 0,
    }
}

/// The iterator [`parse`] returns.
#[derive(Clone, Debug)]
pub struct Rules<'a> {
    lines: core::str::Split<'a, char>,
    line: usize,
}

impl<'a> Iterator for Rules<'a> {
    type Item = Result<Rule<'a>, ParseRuleError>;

    fn next(&mut self) -> Option<Self::Item> {
        for text in self.lines.by_ref() {
            self.line += 1;
            // C's string functions end at a NUL; pam_limits skips leading white space, then
            // cuts the line at its first '#'.
            let text = text.split('\0').next().unwrap_or_default();
            let text = text.trim_start_matches(is_space);
            let text = text.split('#').next().unwrap_or_default();
            if !text.is_empty() {
                return Some(rule(text, self.line));
            }
        }
        None
    }
}

/// One line of `limits.conf`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rule<'a> {
    /// Whom the line is for: a user name, `@group`, `*`, `%` or `%group`, a uid range
    /// (`1000:`, `:1000` for exactly 1000, `1000:2000`), a gid range (`@100:`, `@100:200`;
    /// the primary group only) or a gid (`@:100`, `%:100`; any of the user's groups).
    pub domain: &'a str,
    /// `soft`, `hard` or `-` (both).
    pub kind: RuleKind,
    /// What the line limits.
    pub item: RuleItem,
    /// The value, in the file's units (see [`Rule::kernel_limit`]).
    pub value: RuleValue,
    /// The line's number, from 1.
    pub line: usize,
}

/// The type of a line: which limit it sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// `soft`: the soft limit.
    Soft,
    /// `hard`: the hard limit.
    Hard,
    /// `-`: both (and any word for `maxlogins`, `maxsyslogins` and `nonewprivs`, whose type
    /// pam_limits does not check).
    Both,
}

/// What a line limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleItem {
    /// A resource limit: `core`, `nofile` and the others, named as [`Resource::name`] in lower
    /// case.
    Limit(Resource),
    /// `priority`: the nice value the session runs at.
    Priority,
    /// `maxlogins`: the most logins of this user (of the group, for `%group`); not for uid 0.
    Maxlogins,
    /// `maxsyslogins`: the most logins on the system; not for uid 0.
    Maxsyslogins,
    /// `nonewprivs`: 1 sets `PR_SET_NO_NEW_PRIVS`.
    Nonewprivs,
    /// A line `<domain> -`: for a login its domain matches, pam_limits sets no limit at all
    /// and reads no further line (its [`Rule::kind`] is `Both`, its value `Unlimited`).
    NoLimits,
}

/// The value of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleValue {
    /// `unlimited`, `infinity`, `-1` or `-`: no limit.
    Unlimited,
    /// A number, as pam_limits reads it: for a resource limit, the `u64` `strtoull` gives, as
    /// an `i64` (`-5` and 18446744073709551611 are both -5); for `nice`, `priority` and the
    /// logins, clamped to a C `int`; for `nonewprivs`, 0 or 1.
    Number(i64),
}

impl Rule<'_> {
    /// The limit in the kernel's units, as pam_limits converts it: `core`, `data`, `fsize`,
    /// `memlock`, `rss`, `stack` and `as` from KiB to bytes, `cpu` from minutes to seconds
    /// (at or above `RLIM_INFINITY / 1024` or `/ 60`, [`RLIM_INFINITY`]), `nice` n (clamped to
    /// -20..=19) to 20 - n, unlimited to [`RLIM_INFINITY`], the others as they are. `None` for
    /// the items that are not resource limits.
    ///
    /// pam_limits sets `nofile` unlimited to `fs.nr_open` ([`Session`] does).
    ///
    /// ```
    /// use linux_resource::limits_conf::parse;
    ///
    /// let limit = |line| parse(line).next().unwrap().unwrap().kernel_limit();
    /// assert_eq!(limit("* soft core 100"), Some(102_400));
    /// assert_eq!(limit("* hard cpu 5"), Some(300));
    /// assert_eq!(limit("* - nice -5"), Some(25));
    /// assert_eq!(limit("* - nofile infinity"), Some(u64::MAX));
    /// assert_eq!(limit("* - maxlogins 4"), None);
    /// ```
    pub fn kernel_limit(&self) -> Option<u64> {
        let RuleItem::Limit(resource) = self.item else {
            return None;
        };
        let RuleValue::Number(n) = self.value else {
            return Some(RLIM_INFINITY);
        };
        let scale = match resource {
            Resource::Nice => return Some((20 - n.clamp(-20, 19)) as u64),
            Resource::Cpu => 60,
            Resource::Core
            | Resource::Data
            | Resource::Fsize
            | Resource::Memlock
            | Resource::Rss
            | Resource::Stack
            | Resource::As => 1024,
            _ => 1,
        };
        let n = n as u64; // strtoull's value
        Some(if n >= RLIM_INFINITY / scale {
            RLIM_INFINITY
        } else {
            n * scale
        })
    }
}

/// C's `isspace` in the C locale.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t'..='\r')
}

/// `strtok_r(s, " \t")`: the next field and what follows it.
fn field(s: &str) -> (&str, &str) {
    let s = s.trim_start_matches([' ', '\t']);
    s.split_at(s.find([' ', '\t']).unwrap_or(s.len()))
}

/// A line that is not blank, without its comment and leading white space.
fn rule(text: &str, line: usize) -> Result<Rule<'_>, ParseRuleError> {
    let err = |what, input: &str| ParseRuleError {
        line,
        input: Quoted::new(input.as_bytes()),
        what,
    };
    let (domain, rest) = field(text);
    let (kind, rest) = field(rest);
    let (item, rest) = field(rest);
    let value = rest.trim_matches([' ', '\t']);
    // pam_limits checks the domain's range first, then the number of fields.
    range(domain).ok_or_else(|| err(What::Range, domain))?;
    if value.is_empty() {
        return match item.is_empty() && kind.starts_with('-') {
            true => Ok(Rule {
                domain,
                kind: RuleKind::Both,
                item: RuleItem::NoLimits,
                value: RuleValue::Unlimited,
                line,
            }),
            false => Err(err(What::Fields, text.trim_end_matches([' ', '\t']))),
        };
    }
    let item = [
        ("maxlogins", RuleItem::Maxlogins),
        ("maxsyslogins", RuleItem::Maxsyslogins),
        ("priority", RuleItem::Priority),
        ("nonewprivs", RuleItem::Nonewprivs),
    ]
    .into_iter()
    .chain(Resource::ALL.map(|r| (r.name(), RuleItem::Limit(r))))
    .find(|(name, _)| name.eq_ignore_ascii_case(item))
    .map(|(_, it)| it)
    .ok_or_else(|| err(What::Item, item))?;
    let kind = match () {
        _ if kind.eq_ignore_ascii_case("soft") => RuleKind::Soft,
        _ if kind.eq_ignore_ascii_case("hard") => RuleKind::Hard,
        _ if kind == "-" => RuleKind::Both,
        _ if matches!(
            item,
            RuleItem::Maxlogins | RuleItem::Maxsyslogins | RuleItem::Nonewprivs
        ) =>
        {
            RuleKind::Both
        }
        _ => return Err(err(What::Kind, kind)),
    };
    let int = matches!(
        item,
        RuleItem::Priority | RuleItem::Maxlogins | RuleItem::Maxsyslogins
    ) || item == RuleItem::Limit(Resource::Nice);
    let words = !matches!(item, RuleItem::Priority) && item != RuleItem::Limit(Resource::Nice);
    let value = if item == RuleItem::Nonewprivs {
        RuleValue::Number(i64::from(value == "1"))
    } else if words
        && ["-1", "-", "unlimited", "infinity"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(value))
    {
        RuleValue::Unlimited
    } else {
        let (negative, n, _) = c_number(value).ok_or_else(|| err(What::Value(words), value))?;
        RuleValue::Number(if int {
            // strtol's value, then clamped to a C int.
            let n = n.unwrap_or(u64::MAX).min(1 << 31) as i64;
            (if negative { -n } else { n }).clamp(i32::MIN.into(), i32::MAX.into())
        } else {
            // strtoull's value: 2^64 - 1 past its range, a negative number wrapped.
            (match n {
                Some(n) if negative => n.wrapping_neg(),
                Some(n) => n,
                None => u64::MAX,
            }) as i64
        })
    };
    Ok(Rule {
        domain,
        kind,
        item,
        value,
        line,
    })
}

/// `strtoul`'s reading of a decimal number: blanks, a sign, digits. `None` without a digit;
/// else whether it is negative, its magnitude (`None` past `u64::MAX`) and the rest.
fn c_number(s: &str) -> Option<(bool, Option<u64>, &str)> {
    let s = s.trim_start_matches(is_space);
    let (negative, s) = match s.strip_prefix('-') {
        Some(s) => (true, s),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (digits, rest) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n = digits.bytes().try_fold(0u64, |n, d| {
        n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    });
    (!digits.is_empty()).then_some((negative, n, rest))
}

/// A uid or gid range of a domain.
#[derive(Clone, Copy)]
enum Range {
    /// No `:` in the domain.
    No,
    /// `:ID`.
    One(u32),
    /// `MIN:`.
    From(u32),
    /// `MIN:MAX`.
    Between(u32, u32),
}

impl Range {
    fn contains(self, id: u32) -> bool {
        match self {
            Range::No => false,
            Range::One(one) => id == one,
            Range::From(min) => id >= min,
            Range::Between(min, max) => min <= id && id <= max,
        }
    }
}

/// An id as `strtoul` reads it into a `uid_t` (truncated to 32 bits; past `u64::MAX`, `None`),
/// and the rest.
fn id(s: &str) -> Option<(u32, &str)> {
    let (negative, n, rest) = c_number(s)?;
    let n = n?;
    Some(((if negative { n.wrapping_neg() } else { n }) as u32, rest))
}

/// pam_limits' `parse_uid_range`: `None` for a domain with a `:` that is not a range.
fn range(domain: &str) -> Option<Range> {
    let Some((_, max)) = domain.split_once(':') else {
        return Some(Range::No);
    };
    let body = domain.strip_prefix(['@', '%']).unwrap_or(domain);
    let min = match body.strip_prefix(':') {
        Some(_) => None,
        None => match id(body)? {
            (min, rest) if rest.starts_with(':') => Some(min),
            _ => return None,
        },
    };
    if max.is_empty() {
        return min.map(Range::From);
    }
    match (min, id(max)?) {
        (_, (_, rest)) if !rest.is_empty() => None,
        (None, (max, _)) => Some(Range::One(max)),
        (Some(min), (max, _)) => Some(Range::Between(min, max)),
    }
}

/// The user logging in, as pam_limits looks it up (`getpwnam`, the group database).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Login<'a> {
    /// The user name (`pw_name`).
    pub name: &'a str,
    /// The uid (`pw_uid`).
    pub uid: u32,
    /// The primary gid (`pw_gid`): what the gid ranges `@MIN:` and `@MIN:MAX` match.
    pub gid: u32,
    /// Every group the user is in, by name and gid, as the group database has them: the
    /// primary group (when it has an entry) and the groups that list the user. `@group`,
    /// `%group`, `@:gid` and `%:gid` match these.
    pub groups: &'a [(&'a str, u32)],
}

/// What `pam_limits` sets when it opens a session for one login: the rules of its files that
/// apply, with its precedence.
///
/// - A line for the user (by name, or a uid range) beats one for a group (`@group`, a gid or
///   gid range), which beats `*`; `%` and `%group` lines count for `maxlogins` only.
/// - Among lines of the same kind, the later wins (also across files, read in order).
/// - A `-` line sets the soft limit and then the hard one; if the soft limit was set by a more
///   specific line, it sets neither.
/// - `priority` and `nonewprivs` take the last line that matches, of any kind.
/// - A `<domain> -` line that matches means no limits at all: pam_limits stops reading and
///   sets nothing, not even what earlier lines gave ([`Session::no_limits`]).
/// - `nofile` unlimited is `fs.nr_open` (the `nr_open` given to [`Session::new`]; give
///   [`RLIM_INFINITY`] where it cannot be read, as pam_limits then keeps unlimited).
///
/// Lines it would skip (those [`parse`] refuses) change nothing.
///
/// ```
/// use linux_resource::limits_conf::{Login, Session};
/// use linux_resource::{nr_open, Resource, Rlimit};
///
/// let login = Login { name: "nobody", uid: 65534, gid: 65534, groups: &[("nogroup", 65534)] };
/// let mut session = Session::new(login, nr_open().unwrap_or(u64::MAX));
/// session.read("* hard nofile 1024\n@nogroup - nofile 512\nnobody soft nofile 256\n");
/// session.read("# /etc/security/limits.d/90-nice.conf\n* - priority 5\n");
/// let current = Rlimit::new(1024, 4096);
/// assert_eq!(session.limit(Resource::Nofile, current), Some(Rlimit::new(256, 512)));
/// assert_eq!(session.priority(), Some(5));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session<'a> {
    login: Login<'a>,
    nr_open: u64,
    /// Per resource (by number), the soft and the hard limit set, with the kind of the domain
    /// that set it.
    soft: [Option<(u8, u64)>; 16],
    hard: [Option<(u8, u64)>; 16],
    logins: Option<(u8, i32)>,
    system_logins: bool,
    priority: Option<i32>,
    no_new_privs: bool,
    no_limits: Option<usize>,
}

impl<'a> Session<'a> {
    /// A session for `login` before any file is read; `nr_open` is `fs.nr_open`
    /// ([`crate::nr_open`]), which `nofile` unlimited becomes.
    pub fn new(login: Login<'a>, nr_open: u64) -> Session<'a> {
        Session {
            login,
            nr_open,
            soft: [None; 16],
            hard: [None; 16],
            logins: None,
            system_logins: false,
            priority: None,
            no_new_privs: false,
            no_limits: None,
        }
    }

    /// Reads one file's text: `limits.conf`, then each `limits.d/*.conf` in order, as
    /// pam_limits does. Nothing more is read after a `<domain> -` line that matches.
    pub fn read(&mut self, text: &str) {
        for rule in parse(text).flatten() {
            if self.no_limits.is_some() {
                return;
            }
            self.apply(&rule);
        }
    }

    /// The kind of domain by which `domain` matches the login, if it does; for a
    /// `<domain> -` line (`no_limits`), pam_limits' other rules.
    fn source(&self, domain: &str, no_limits: bool) -> Option<u8> {
        let login = &self.login;
        if domain == login.name {
            return Some(USER);
        }
        let range = range(domain)?;
        let (source, name) = match (domain.strip_prefix('@'), domain.strip_prefix('%')) {
            (Some(name), _) => (GROUP, name),
            (_, Some(name)) if !no_limits => (ALLGROUP, name),
            _ => (USER, domain),
        };
        let member = match (source, range) {
            (USER, Range::No) => return (domain == "*" && !no_limits).then_some(DEFAULT),
            (ALLGROUP, Range::No) if name.is_empty() => return Some(ALL),
            (_, Range::No) => login.groups.iter().any(|&(group, _)| group == name),
            (USER, range) => range.contains(login.uid),
            (_, Range::One(gid)) => login.groups.iter().any(|&(_, group)| group == gid),
            (GROUP, range) => range.contains(login.gid),
            _ => false, // "range unsupported for %group matching"
        };
        member.then_some(source)
    }

    fn apply(&mut self, rule: &Rule<'_>) {
        let no_limits = rule.item == RuleItem::NoLimits;
        let Some(source) = self.source(rule.domain, no_limits) else {
            return;
        };
        if no_limits {
            *self = Session {
                no_limits: Some(rule.line),
                ..Session::new(self.login, self.nr_open)
            };
            return;
        }
        if let RuleItem::Maxlogins | RuleItem::Maxsyslogins = rule.item {
            self.system_logins = rule.item == RuleItem::Maxsyslogins;
        }
        if matches!(source, ALLGROUP | ALL) && rule.item != RuleItem::Maxlogins {
            return;
        }
        let int = match rule.value {
            RuleValue::Unlimited => -1,
            RuleValue::Number(n) => n.clamp(i32::MIN.into(), i32::MAX.into()) as i32,
        };
        match (rule.item, rule.kernel_limit()) {
            (RuleItem::Priority, _) => self.priority = Some(int),
            (RuleItem::Nonewprivs, _) => self.no_new_privs = int != 0,
            (RuleItem::Limit(resource), Some(limit)) => {
                let limit = match resource == Resource::Nofile && limit == RLIM_INFINITY {
                    true => self.nr_open,
                    false => limit,
                };
                let i = resource.as_raw() as usize;
                for (slots, kind) in [
                    (&mut self.soft, RuleKind::Hard),
                    (&mut self.hard, RuleKind::Soft),
                ] {
                    if rule.kind == kind {
                        continue;
                    }
                    if slots[i].is_some_and(|(set_by, _)| set_by < source) {
                        return;
                    }
                    slots[i] = Some((source, limit));
                }
            }
            _ => {
                if self.logins.is_none_or(|(set_by, _)| set_by >= source) {
                    self.logins = Some((source, int));
                }
            }
        }
    }

    /// The limits pam_limits sets for `resource`, from the `current` ones (`getrlimit`):
    /// `None` if no line sets either, else the new ones, the current where a line sets only one,
    /// with the soft limit lowered to the hard one if above it.
    ///
    /// pam_limits' `set_all` option sets every resource, from PID 1's limits where no line
    /// applies: `limit(resource, pid1).unwrap_or(pid1)`.
    pub fn limit(&self, resource: Resource, current: Rlimit) -> Option<Rlimit> {
        let i = resource.as_raw() as usize;
        let (soft, hard) = (self.soft[i].map(|s| s.1), self.hard[i].map(|h| h.1));
        soft.or(hard)?;
        let hard = hard.unwrap_or(current.hard);
        Some(Rlimit::new(soft.unwrap_or(current.soft).min(hard), hard))
    }

    /// The nice value pam_limits sets (`priority`), if a line sets it.
    pub fn priority(&self) -> Option<i32> {
        self.priority
    }

    /// Whether pam_limits sets `PR_SET_NO_NEW_PRIVS` (`nonewprivs 1`).
    pub fn no_new_privs(&self) -> bool {
        self.no_new_privs
    }

    /// The login limit (`maxlogins` or `maxsyslogins`; -1 for unlimited), if a line sets it,
    /// and whether it counts the logins of all users (`maxsyslogins`, whichever of the two
    /// was the last line that matched). pam_limits refuses the login when the count of logins
    /// (this one included) is above it, except for uid 0; at 0 it refuses every login.
    pub fn max_logins(&self) -> Option<(i32, bool)> {
        self.logins.map(|(_, n)| (n, self.system_logins))
    }

    /// The line of the `<domain> -` rule that matched, if one did: then pam_limits sets
    /// nothing at all, and every other method says so.
    pub fn no_limits(&self) -> Option<usize> {
        self.no_limits
    }
}

/// What was wrong with a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum What {
    Fields,
    Range,
    Kind,
    Item,
    /// A value without a number; whether the words for unlimited were allowed.
    Value(bool),
}

/// A line of `limits.conf` that pam_limits would skip: its number and the field at fault,
/// quoted (a bounded copy).
///
/// ```
/// use linux_resource::limits_conf::parse;
///
/// let err = parse("\n* soft nice unlimited").next().unwrap().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "line 2: invalid value \"unlimited\": expected a decimal number"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseRuleError {
    line: usize,
    input: Quoted,
    what: What,
}

impl ParseRuleError {
    /// The line's number, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The text refused: the field at fault, or the line for a wrong number of fields (its
    /// first 40 bytes, less a character the cut splits).
    pub fn input(&self) -> &str {
        self.input.as_str()
    }
}

impl fmt::Display for ParseRuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = self.input;
        write!(f, "line {}: ", self.line)?;
        match self.what {
            What::Fields => write!(
                f,
                "{input}: expected \"<domain> <type> <item> <value>\" or \"<domain> -\""
            ),
            What::Range => write!(
                f,
                "invalid uid or gid range {input}: expected MIN:, :ID or MIN:MAX, each a decimal number, after @ or % for a gid"
            ),
            What::Kind => write!(f, "unknown type {input}: expected soft, hard or -"),
            What::Item => write!(
                f,
                "unknown item {input}: expected core, data, fsize, memlock, nofile, rss, stack, cpu, nproc, as, maxlogins, maxsyslogins, nonewprivs, priority, locks, sigpending, msgqueue, nice, rtprio or rttime"
            ),
            What::Value(words) => {
                write!(f, "invalid value {input}: expected a decimal number")?;
                match words {
                    true => f.write_str(", unlimited, infinity, -1 or -"),
                    false => Ok(()),
                }
            }
        }
    }
}

impl core::error::Error for ParseRuleError {}
