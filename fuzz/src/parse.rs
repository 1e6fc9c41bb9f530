//! The pure parts of the API on arbitrary values: `Resource::from_str`, `Rlimit::from_str` and
//! `LimitSpec::from_str` (against a model of the grammar), `systemd::parse_limit` for every
//! resource (never panics; `systemd::format_limit` then `parse_limit` gives the limit back),
//! `systemd::resource`, `Resource::try_from`,
//! `Display`/`FromStr` round trips (with any width, fill, alignment and precision), the errors'
//! `Display` and `std::io::Error` conversion, and the `Rusage`/`Timeval` arithmetic (`since`,
//! `combined`, `saturating_add`/`saturating_sub`, the `Duration` conversions) against a model
//! computed in `i128`. Nothing may panic or overflow, and every result must be exact.

use arbitrary::Arbitrary;
use linux_resource::limits_conf::{self, RuleItem, RuleValue};
use linux_resource::{
    Errno, Error, LimitSpec, PermissionReason, RLIM_INFINITY, Resource, Rlimit, Rusage, Timeval,
    Who, systemd,
};
use std::time::Duration;

#[derive(Arbitrary, Clone, Copy, Debug)]
pub struct Tv {
    sec: i64,
    usec: i64,
}

impl Tv {
    fn get(self) -> Timeval {
        Timeval {
            tv_sec: self.sec,
            tv_usec: self.usec,
        }
    }
}

#[derive(Arbitrary, Clone, Copy, Debug)]
pub struct Usage {
    utime: Tv,
    stime: Tv,
    counters: [i64; 14],
}

impl Usage {
    fn get(self) -> Rusage {
        let c = self.counters;
        Rusage {
            ru_utime: self.utime.get(),
            ru_stime: self.stime.get(),
            ru_maxrss: c[0],
            ru_ixrss: c[1],
            ru_idrss: c[2],
            ru_isrss: c[3],
            ru_minflt: c[4],
            ru_majflt: c[5],
            ru_nswap: c[6],
            ru_inblock: c[7],
            ru_oublock: c[8],
            ru_msgsnd: c[9],
            ru_msgrcv: c[10],
            ru_nsignals: c[11],
            ru_nvcsw: c[12],
            ru_nivcsw: c[13],
        }
    }
}

#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// An input: one case.
#[derive(Arbitrary, Debug)]
pub enum Case {
    /// Parse any string.
    Parse(String),
    /// Parse one of the 16 names with a changed case and an optional prefix.
    Name {
        index: u8,
        case_flips: u32,
        prefix: bool,
    },
    /// `Resource::try_from(u32)`.
    Number(u32),
    /// Display of a resource with a format spec.
    Pad {
        index: u8,
        width: u8,
        precision: Option<u8>,
        align: Align,
    },
    /// Errors and limits displayed, and converted to `std::io::Error`.
    Errors {
        raw: u32,
        soft: u64,
        hard: u64,
        pid: i32,
        errno: i32,
        nr_open: Option<u64>,
    },
    /// `Timeval` arithmetic.
    Time(Tv, Tv),
    /// `Rusage` arithmetic (boxed: two `Rusage`s dwarf the other cases).
    Usage(Box<(Usage, Usage)>),
    /// Parse any string as an `Rlimit` and a `LimitSpec`.
    Limit(String),
    /// Limit values: Display, then FromStr, gives them back.
    LimitValues {
        soft: Option<u64>,
        hard: Option<u64>,
        /// Which special value to write for infinity, or a number near a boundary.
        near: u8,
    },
    /// `Rusage` Display never panics and names every figure.
    Show(Box<Usage>),
    /// `LimitSpec::from_bytes` on any bytes.
    LimitBytes(Vec<u8>),
    /// limits.conf: lines built from pieces, with any text mixed in.
    LimitsConf(Vec<ConfLine>),
    /// systemd's `Limit*=` values: any limit written by `format_limit`, read back by
    /// `parse_limit` (values near the boundaries more often).
    SystemdLimit {
        index: u8,
        soft: u64,
        hard: u64,
        near: u8,
    },
}

/// Whether systemd cannot read back `value` of `resource` as `format_limit` writes it: NICE
/// above 40 (it has no `infinity`), CPU from 18446744073709 s and RTTIME above `i64::MAX`
/// (systemd gives both, and refuses both).
fn systemd_unreadable(resource: Resource, value: u64) -> bool {
    match resource {
        Resource::Nice => value > 40,
        _ if value == RLIM_INFINITY => false,
        Resource::Cpu => value >= 18446744073709,
        Resource::Rttime => value > i64::MAX as u64,
        _ => false,
    }
}

/// `systemd::parse_limit` of any text for every resource: no panic; a limit whose soft value is
/// not above its hard one and that `format_limit` gives back; an error that quotes the input.
fn check_systemd(s: &str) {
    for r in Resource::ALL {
        match systemd::parse_limit(r, s) {
            Ok(limit) => {
                assert!(limit.soft <= limit.hard, "{r} {s:?}: {limit:?}");
                assert!(!s.contains('\0'), "{r} {s:?}: a NUL byte taken");
                let text = systemd::format_limit(limit).to_string();
                let back = systemd::parse_limit(r, &text);
                if systemd_unreadable(r, limit.soft) || systemd_unreadable(r, limit.hard) {
                    assert!(back.is_err(), "{r} {s:?} -> {text:?}");
                } else {
                    assert_eq!(back, Ok(limit), "{r} {s:?} -> {text:?}");
                }
            }
            Err(e) => {
                assert!(s.starts_with(e.input()), "{s:?} {:?}", e.input());
                assert!(e.input().len() == s.len() || e.input().len() <= 40);
                assert_eq!(e.resource(), r);
                let text = e.to_string();
                assert!(
                    text.starts_with(&format!("invalid Limit{r}= value \"")),
                    "{text}"
                );
            }
        }
    }
    // systemd::resource: a name, after RLIMIT_ or Limit, exactly (case included).
    let bare = s
        .strip_prefix("RLIMIT_")
        .or_else(|| s.strip_prefix("Limit"))
        .unwrap_or(s);
    let model = Resource::ALL.into_iter().find(|r| r.name() == bare);
    assert_eq!(systemd::resource(s), model, "{s:?}");
}

fn check_systemd_limit(index: u8, soft: u64, hard: u64, near: u8) {
    let r = Resource::ALL[usize::from(index) % 16];
    let pick = |v: u64| match near % 4 {
        0 => v,
        1 => u64::MAX - (v % 4),
        2 => v % 42,
        _ => 18446744073708 + v % 3,
    };
    let limit = Rlimit::new(pick(soft), pick(hard));
    let text = systemd::format_limit(limit).to_string();
    let back = systemd::parse_limit(r, &text);
    if systemd_unreadable(r, limit.soft)
        || systemd_unreadable(r, limit.hard)
        || limit.soft > limit.hard
    {
        assert!(back.is_err(), "{r} {limit:?} -> {text:?}: {back:?}");
    } else {
        assert_eq!(back, Ok(limit), "{r} {text:?}");
    }
}

/// The model of one limit value (util-linux 2.40's `strtoull` over the whole text, less the
/// negative numbers but -1): `unlimited`, `infinity`, or C blanks, an optional `+` or `-`, and
/// digits whose value fits a u64 (with `-`, exactly 1).
fn model_value(s: &str) -> Option<u64> {
    if s == "unlimited" || s == "infinity" {
        return Some(RLIM_INFINITY);
    }
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (minus, digits) = match t.strip_prefix('+') {
        Some(d) => (false, d),
        None => match t.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, t),
        },
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    match (minus, n) {
        (false, n) => Some(n),
        (true, 1) => Some(RLIM_INFINITY),
        _ => None,
    }
}

/// The model of `LimitSpec::from_str`: the text split at its first colon.
fn model_spec(s: &str) -> Option<LimitSpec> {
    let side = |t: &str| {
        if t.is_empty() {
            Some(None)
        } else {
            model_value(t).map(Some)
        }
    };
    let spec = match s.split_once(':') {
        Some((a, b)) => LimitSpec {
            soft: side(a)?,
            hard: side(b)?,
        },
        None => {
            let v = model_value(s)?;
            LimitSpec {
                soft: Some(v),
                hard: Some(v),
            }
        }
    };
    (spec.soft.is_some() || spec.hard.is_some()).then_some(spec)
}

fn check_limit(s: &str) {
    let spec = s.parse::<LimitSpec>();
    assert_eq!(spec.ok(), model_spec(s), "LimitSpec {s:?}");
    let rlimit = s.parse::<Rlimit>();
    let model = match model_spec(s) {
        Some(LimitSpec {
            soft: Some(soft),
            hard: Some(hard),
        }) => Some(Rlimit::new(soft, hard)),
        _ => None,
    };
    assert_eq!(rlimit.ok(), model, "Rlimit {s:?}");
    match spec {
        Ok(spec) => assert_eq!(spec.to_string().parse::<LimitSpec>(), Ok(spec)),
        Err(e) => {
            // The message quotes (a bounded copy of) the input.
            assert!(s.starts_with(e.input()), "{s:?} {:?}", e.input());
            assert!(e.input().len() == s.len() || e.input().len() <= 40);
            assert!(e.to_string().starts_with("invalid limit \""), "{e}");
        }
    }
    if let Ok(limit) = rlimit {
        assert_eq!(limit.to_string().parse::<Rlimit>(), Ok(limit));
    }
}

fn check_limit_values(soft: Option<u64>, hard: Option<u64>, near: u8) {
    // Values near the boundaries are more interesting than uniform ones.
    let pick = |v: Option<u64>| {
        v.map(|v| match near % 4 {
            0 => v,
            1 => u64::MAX - (v % 4),
            2 => v % 11,
            _ => 10u64.saturating_pow((v % 20) as u32),
        })
    };
    let spec = LimitSpec {
        soft: pick(soft),
        hard: pick(hard),
    };
    let text = spec.to_string();
    if spec.soft.is_none() && spec.hard.is_none() {
        assert_eq!(text, ":");
        assert!(text.parse::<LimitSpec>().is_err());
        return;
    }
    assert_eq!(text.parse::<LimitSpec>(), Ok(spec), "{text:?}");
    if let (Some(s), Some(h)) = (spec.soft, spec.hard) {
        let limit = Rlimit::new(s, h);
        assert_eq!(limit.to_string().parse::<Rlimit>(), Ok(limit));
        let applied = if s <= h {
            Ok(limit)
        } else {
            Err(Error::SoftAboveHard { soft: s, hard: h })
        };
        assert_eq!(spec.apply(Rlimit::new(1, 2)), applied);
    }
    // The words for infinity all parse to it.
    for word in ["unlimited", "infinity", "-1"] {
        assert_eq!(word.parse::<Rlimit>(), Ok(Rlimit::UNLIMITED));
    }
}

const USEC: i128 = 1_000_000;

fn micros(t: Timeval) -> i128 {
    i128::from(t.tv_sec) * USEC + i128::from(t.tv_usec)
}

/// The model of the saturating `Timeval` constructor.
fn model_timeval(m: i128) -> Timeval {
    let sec = m.div_euclid(USEC);
    if sec > i128::from(i64::MAX) {
        Timeval {
            tv_sec: i64::MAX,
            tv_usec: 999_999,
        }
    } else if sec < i128::from(i64::MIN) {
        Timeval {
            tv_sec: i64::MIN,
            tv_usec: 0,
        }
    } else {
        Timeval {
            tv_sec: sec as i64,
            tv_usec: m.rem_euclid(USEC) as i64,
        }
    }
}

/// The model of `Timeval::to_duration`.
fn model_duration(t: Timeval) -> Duration {
    let m = micros(t);
    if m <= 0 {
        Duration::ZERO
    } else {
        Duration::new(
            u64::try_from(m / USEC).expect("fits"),
            (m % USEC) as u32 * 1000,
        )
    }
}

fn clamp64(v: i128) -> i64 {
    v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

fn check_time(a: Timeval, b: Timeval) {
    assert_eq!(a.to_duration(), model_duration(a), "{a:?}.to_duration()");
    let sum = a.saturating_add(b);
    assert_eq!(sum, model_timeval(micros(a) + micros(b)), "{a:?} + {b:?}");
    let diff = a.saturating_sub(b);
    assert_eq!(
        diff,
        model_timeval((micros(a) - micros(b)).max(0)),
        "{a:?} - {b:?}"
    );
    for t in [sum, diff] {
        assert!((0..1_000_000).contains(&t.tv_usec), "not normalised: {t:?}");
    }
    assert!(diff.tv_sec >= 0, "a difference below zero: {diff:?}");
    // Round trips where nothing saturates.
    let expect = micros(a).max(0);
    if micros(sum) == micros(a) + micros(b) && micros(model_timeval(expect)) == expect {
        assert_eq!(
            micros(sum.saturating_sub(b)),
            expect,
            "({a:?} + {b:?}) - {b:?}"
        );
    }
    // Ordering agrees with the value for normalised times.
    let norm = |t: Timeval| model_timeval(micros(t));
    let (na, nb) = (norm(a), norm(b));
    assert_eq!(na.cmp(&nb), micros(na).cmp(&micros(nb)));
}

fn check_usage(a: &Rusage, b: &Rusage) {
    let since = a.since(b);
    let both = a.combined(b);
    let pairs = |x: &Rusage, y: &Rusage, z: &Rusage| {
        [
            (x.ru_ixrss, y.ru_ixrss, z.ru_ixrss),
            (x.ru_idrss, y.ru_idrss, z.ru_idrss),
            (x.ru_isrss, y.ru_isrss, z.ru_isrss),
            (x.ru_minflt, y.ru_minflt, z.ru_minflt),
            (x.ru_majflt, y.ru_majflt, z.ru_majflt),
            (x.ru_nswap, y.ru_nswap, z.ru_nswap),
            (x.ru_inblock, y.ru_inblock, z.ru_inblock),
            (x.ru_oublock, y.ru_oublock, z.ru_oublock),
            (x.ru_msgsnd, y.ru_msgsnd, z.ru_msgsnd),
            (x.ru_msgrcv, y.ru_msgrcv, z.ru_msgrcv),
            (x.ru_nsignals, y.ru_nsignals, z.ru_nsignals),
            (x.ru_nvcsw, y.ru_nvcsw, z.ru_nvcsw),
            (x.ru_nivcsw, y.ru_nivcsw, z.ru_nivcsw),
        ]
    };
    for (later, earlier, got) in pairs(a, b, &since) {
        let model = clamp64((i128::from(later) - i128::from(earlier)).max(0));
        assert_eq!(got, model, "since: {later} - {earlier}");
    }
    for (x, y, got) in pairs(a, b, &both) {
        assert_eq!(
            got,
            clamp64(i128::from(x) + i128::from(y)),
            "combined: {x} + {y}"
        );
    }
    assert_eq!(
        since.ru_maxrss, a.ru_maxrss,
        "since keeps the later high-water mark"
    );
    assert_eq!(both.ru_maxrss, a.ru_maxrss.max(b.ru_maxrss));
    assert_eq!(since.ru_utime, a.ru_utime.saturating_sub(b.ru_utime));
    assert_eq!(since.ru_stime, a.ru_stime.saturating_sub(b.ru_stime));
    assert_eq!(both.ru_utime, a.ru_utime.saturating_add(b.ru_utime));
    assert_eq!(both.ru_stime, a.ru_stime.saturating_add(b.ru_stime));
    // The Duration views.
    for u in [a, b, &since, &both] {
        assert_eq!(u.user_time(), model_duration(u.ru_utime));
        assert_eq!(u.system_time(), model_duration(u.ru_stime));
        assert_eq!(
            u.cpu_time(),
            model_duration(model_timeval(micros(u.ru_utime) + micros(u.ru_stime)))
        );
        let rss = if u.ru_maxrss <= 0 {
            0
        } else {
            (u.ru_maxrss as u64).saturating_mul(1024)
        };
        assert_eq!(u.max_rss_bytes(), rss);
    }
    // Round trip: what `combined` adds, `since` takes away, when the values are what the kernel
    // reports (normalised, non-negative) and nothing saturates.
    let kernel_like = |u: &Rusage| {
        [u.ru_utime, u.ru_stime]
            .iter()
            .all(|t| t.tv_sec >= 0 && (0..1_000_000).contains(&t.tv_usec))
            && pairs(u, u, u).iter().all(|&(x, _, _)| x >= 0)
    };
    let saturated = pairs(a, b, &both)
        .iter()
        .any(|&(x, y, got)| i128::from(got) != i128::from(x) + i128::from(y))
        || micros(both.ru_utime) != micros(a.ru_utime) + micros(b.ru_utime)
        || micros(both.ru_stime) != micros(a.ru_stime) + micros(b.ru_stime);
    if kernel_like(a) && kernel_like(b) && !saturated {
        let back = both.since(b);
        assert_eq!(
            Rusage {
                ru_maxrss: a.ru_maxrss,
                ..back
            },
            *a,
            "combined then since"
        );
        assert_eq!(back.ru_maxrss, both.ru_maxrss);
    }
    // A sample minus itself is zero but for the high-water mark.
    assert_eq!(
        a.since(a),
        Rusage {
            ru_maxrss: a.ru_maxrss,
            ..Rusage::ZERO
        }
    );
}

fn check_name(s: &str) {
    let parsed = s.parse::<Resource>();
    // The model: strip one ASCII-case-insensitive "RLIMIT_", then an ASCII-case-insensitive
    // name (or OFILE).
    let bytes = s.as_bytes();
    let name = match bytes.get(..7) {
        Some(head) if head.eq_ignore_ascii_case(b"RLIMIT_") => &bytes[7..],
        _ => bytes,
    };
    let model = if name.eq_ignore_ascii_case(b"OFILE") {
        Some(Resource::Nofile)
    } else {
        Resource::ALL
            .into_iter()
            .find(|r| r.name().as_bytes().eq_ignore_ascii_case(name))
    };
    assert_eq!(parsed.ok(), model, "parsing {s:?}");
    if let Err(e) = s.parse::<Resource>() {
        let text = e.to_string();
        assert!(s.starts_with(e.input()));
        assert!(text.starts_with("unknown resource \""), "{text}");
        if let Some(near) = e.nearest() {
            assert!(text.contains(&format!("did you mean {near}?")), "{text}");
        }
    }
}

// ---- limits.conf (`limits_conf`) ----

/// One line of a limits.conf, from pieces pam_limits knows (picked by index), any text in
/// between or in place of a piece.
#[derive(Arbitrary, Debug)]
pub struct ConfLine {
    domain: u8,
    kind: u8,
    item: u8,
    value: u8,
    /// Replaces the piece at `text_at` (0..4), or ends the line (4 and above).
    text: Option<(u8, String)>,
    /// Blanks between the fields: spaces (`false`) or tabs.
    tabs: bool,
}

fn limits_conf_text(lines: &[ConfLine]) -> String {
    const DOMAINS: &[&str] = &[
        "*",
        "%",
        "@g",
        "%g",
        "root",
        "u",
        "1000:",
        ":0",
        "0:10",
        "@5:",
        "@:5",
        "%:5",
        "a:b",
        ":",
        "-1:",
        "4294967296:",
        "99999999999999999999:",
    ];
    const KINDS: &[&str] = &["soft", "hard", "-", "SOFT", "x", ""];
    const ITEMS: &[&str] = &[
        "core",
        "data",
        "fsize",
        "memlock",
        "rss",
        "stack",
        "as",
        "cpu",
        "nproc",
        "nofile",
        "locks",
        "sigpending",
        "msgqueue",
        "nice",
        "rtprio",
        "rttime",
        "priority",
        "maxlogins",
        "maxsyslogins",
        "nonewprivs",
        "NOFILE",
        "nofle",
        "",
    ];
    const VALUES: &[&str] = &[
        "0",
        "1",
        "-1",
        "-",
        "unlimited",
        "INFINITY",
        "-20",
        "19",
        "20",
        "+5",
        "10k",
        "x",
        "18014398509481983",
        "307445734561825860",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "2147483648",
        "# c",
        "",
    ];
    let mut text = String::new();
    for l in lines {
        let pick = |table: &[&'static str], i: u8| table[usize::from(i) % table.len()];
        let mut pieces = [
            pick(DOMAINS, l.domain).to_string(),
            pick(KINDS, l.kind).to_string(),
            pick(ITEMS, l.item).to_string(),
            pick(VALUES, l.value).to_string(),
        ];
        let mut tail = String::new();
        if let Some((at, extra)) = &l.text {
            match pieces.get_mut(usize::from(*at)) {
                Some(piece) => *piece = extra.clone(),
                None => tail = extra.clone(),
            }
        }
        text += &pieces.join(if l.tabs { "\t" } else { " " });
        text += &tail;
        text.push('\n');
    }
    text
}

/// The model of `Rule::kernel_limit` for a resource limit, in `u128`.
fn model_kernel_limit(resource: Resource, value: RuleValue) -> u64 {
    let n = match value {
        RuleValue::Unlimited => return RLIM_INFINITY,
        RuleValue::Number(n) => n,
    };
    let scale: u128 = match resource {
        Resource::Nice => return (20 - i128::from(n).clamp(-20, 19)) as u64,
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
    let n = u128::from(n as u64);
    if n >= u128::from(RLIM_INFINITY) / scale {
        RLIM_INFINITY
    } else {
        u64::try_from(n * scale).expect("below RLIM_INFINITY")
    }
}

fn check_limits_conf(text: &str) {
    let lines = text.split('\n').count();
    let mut last = 0;
    for rule in limits_conf::parse(text) {
        match rule {
            Ok(rule) => {
                assert!(rule.line > last && rule.line <= lines, "{rule:?}");
                last = rule.line;
                assert!(!rule.domain.is_empty() && text.contains(rule.domain));
                assert!(
                    !rule.domain.contains([' ', '\t', '\n', '#', '\0']),
                    "{rule:?}"
                );
                match (rule.item, rule.kernel_limit()) {
                    (RuleItem::Limit(r), Some(limit)) => {
                        assert_eq!(limit, model_kernel_limit(r, rule.value), "{rule:?}")
                    }
                    (RuleItem::Limit(_), None) => panic!("{rule:?}: no kernel limit"),
                    (_, limit) => assert_eq!(limit, None, "{rule:?}"),
                }
                if let RuleValue::Number(n) = rule.value {
                    match rule.item {
                        RuleItem::Nonewprivs => assert!(n == 0 || n == 1),
                        RuleItem::Priority
                        | RuleItem::Maxlogins
                        | RuleItem::Maxsyslogins
                        | RuleItem::Limit(Resource::Nice) => assert!(i32::try_from(n).is_ok()),
                        _ => {}
                    }
                }
            }
            Err(e) => {
                assert!(e.line() > last && e.line() <= lines, "{e:?}");
                last = e.line();
                assert!(text.contains(e.input()), "{e:?}");
                assert!(
                    e.to_string().starts_with(&format!("line {}: ", e.line())),
                    "{e}"
                );
            }
        }
    }
    // The limits of a login: never soft above hard, and nothing at all after `<domain> -`.
    let groups = [("g", 5), ("u", 1000)];
    let login = limits_conf::Login {
        name: "u",
        uid: 1000,
        gid: 5,
        groups: &groups,
    };
    let mut session = limits_conf::Session::new(login, 1 << 20);
    session.read(text);
    let current = Rlimit::new(7, 9);
    for r in Resource::ALL {
        if let Some(limit) = session.limit(r, current) {
            assert!(limit.soft <= limit.hard, "{r}: {limit:?}");
            assert!(session.no_limits().is_none());
        }
    }
    if session.no_limits().is_some() {
        assert_eq!(session.priority(), None);
        assert_eq!(session.max_logins(), None);
        assert!(!session.no_new_privs());
    }
}

/// One input of the fuzz target `parse`: panics on any difference.
pub fn check(case: Case) {
    match case {
        Case::Parse(s) => {
            check_name(&s);
            check_limit(&s);
            check_systemd(&s);
            check_limits_conf(&s);
        }
        Case::Name {
            index,
            case_flips,
            prefix,
        } => {
            let r = Resource::ALL[usize::from(index) % 16];
            let mut s = String::new();
            if prefix {
                s.push_str("RLIMIT_");
            }
            s.push_str(r.name());
            let s: String = s
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if case_flips >> (i % 32) & 1 == 1 {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    }
                })
                .collect();
            assert_eq!(s.parse::<Resource>(), Ok(r), "{s:?}");
            check_name(&s);
            // Display/FromStr round trip, and the number round trip.
            assert_eq!(r.to_string().parse::<Resource>(), Ok(r));
            assert_eq!(format!("RLIMIT_{r}").parse::<Resource>(), Ok(r));
            assert_eq!(Resource::try_from(r.as_raw()), Ok(r));
            assert_eq!(u32::from(r), r.as_raw());
            assert!(!r.description().is_empty());
        }
        Case::Number(n) => {
            let r = Resource::try_from(n);
            if n < 16 {
                let r = r.expect("0..16 are resources");
                assert_eq!(r.as_raw(), n);
                assert_eq!(Resource::from_raw(n), Some(r));
                assert_eq!(Resource::ALL[n as usize], r);
                assert_eq!(r.name().parse::<Resource>(), Ok(r));
            } else {
                assert_eq!(r, Err(Error::InvalidResource(n)));
                assert_eq!(Resource::from_raw(n), None);
                let e = r.unwrap_err();
                assert_eq!(e.errno(), None);
                assert!(e.to_string().contains(&n.to_string()));
            }
        }
        Case::Pad {
            index,
            width,
            precision,
            align,
        } => {
            let r = Resource::ALL[usize::from(index) % 16];
            let (w, name) = (usize::from(width), r.name());
            let (ours, model) = match (align, precision) {
                (Align::Left, None) => (format!("{r:<w$}"), format!("{name:<w$}")),
                (Align::Right, None) => (format!("{r:>w$}"), format!("{name:>w$}")),
                (Align::Center, None) => (format!("{r:^w$}"), format!("{name:^w$}")),
                (Align::Left, Some(p)) => {
                    let p = usize::from(p);
                    (format!("{r:<w$.p$}"), format!("{name:<w$.p$}"))
                }
                (Align::Right, Some(p)) => {
                    let p = usize::from(p);
                    (format!("{r:*>w$.p$}"), format!("{name:*>w$.p$}"))
                }
                (Align::Center, Some(p)) => {
                    let p = usize::from(p);
                    (format!("{r:-^w$.p$}"), format!("{name:-^w$.p$}"))
                }
            };
            assert_eq!(ours, model);
        }
        Case::Errors {
            raw,
            soft,
            hard,
            pid,
            errno,
            nr_open,
        } => {
            let limit = Rlimit::new(soft, hard);
            let shown = |v: u64| {
                if v == RLIM_INFINITY {
                    "unlimited".to_string()
                } else {
                    v.to_string()
                }
            };
            assert_eq!(
                limit.to_string(),
                format!("{}:{}", shown(soft), shown(hard))
            );
            let resource = Resource::ALL[(raw % 16) as usize];
            let errors = [
                Error::InvalidResource(raw),
                Error::SoftAboveHard { soft, hard },
                Error::NoSuchProcess { pid },
                Error::PermissionDenied(PermissionReason::RaiseHardLimit {
                    resource,
                    current: soft,
                    requested: hard,
                }),
                Error::PermissionDenied(PermissionReason::NofileAboveNrOpen {
                    requested: hard,
                    nr_open,
                }),
                Error::PermissionDenied(PermissionReason::NofileCapOrNrOpen {
                    current: soft,
                    requested: hard,
                }),
                Error::PermissionDenied(PermissionReason::OtherProcess { pid }),
                Error::PermissionDenied(PermissionReason::Unknown),
                Error::NoSuchChild { pid },
                Error::Os(Errno::new(errno)),
            ];
            for e in errors {
                let text = e.to_string();
                assert!(!text.is_empty());
                // Every error keeps an errno through std::io::Error (what pre_exec hands the
                // parent): the kernel's, or EINVAL for input refused before any system call.
                let io = std::io::Error::from(e);
                let want = e.errno().map_or(libc::EINVAL, Errno::into_raw);
                assert_eq!(io.raw_os_error(), Some(want), "{e:?}");
                match e {
                    Error::InvalidResource(_) | Error::SoftAboveHard { .. } => {
                        assert_eq!(e.errno(), None);
                        assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);
                    }
                    Error::PermissionDenied(_) => {
                        assert_eq!(io.kind(), std::io::ErrorKind::PermissionDenied)
                    }
                    _ => {}
                }
            }
            for who in [Who::Process, Who::Children, Who::Thread, Who::Both] {
                assert!((-2..=1).contains(&who.as_raw()));
            }
        }
        Case::Time(a, b) => check_time(a.get(), b.get()),
        Case::Usage(pair) => check_usage(&pair.0.get(), &pair.1.get()),
        Case::Limit(s) => {
            check_limit(&s);
            check_systemd(&s);
        }
        Case::SystemdLimit {
            index,
            soft,
            hard,
            near,
        } => check_systemd_limit(index, soft, hard, near),
        Case::LimitValues { soft, hard, near } => check_limit_values(soft, hard, near),
        Case::LimitBytes(bytes) => {
            let parsed = LimitSpec::from_bytes(&bytes);
            match std::str::from_utf8(&bytes) {
                Ok(text) => assert_eq!(parsed, text.parse::<LimitSpec>(), "{text:?}"),
                // Every accepted form is ASCII.
                Err(_) => assert!(parsed.is_err(), "{bytes:?}"),
            }
            if let Err(e) = parsed {
                assert!(bytes.starts_with(e.input().as_bytes()));
                let _ = e.to_string();
            }
        }
        Case::LimitsConf(lines) => check_limits_conf(&limits_conf_text(&lines)),
        Case::Show(usage) => {
            let u = usage.get();
            let text = u.to_string();
            assert!(text.starts_with("user "), "{text}");
            assert!(text.contains(&format!(" {} minor ", u.ru_minflt)), "{text}");
            assert!(
                text.contains(&format!(" {} involuntary", u.ru_nivcsw)),
                "{text}"
            );
        }
    }
}
