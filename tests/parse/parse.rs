//! Limit values from text (`Rlimit`, `LimitSpec`) and the parse errors: the forms util-linux
//! `prlimit` documents, round trips, messages that quote the input and say what was expected,
//! and no allocation.

use crate::common;

use common::StackBuf;
use common::counting::allocations_in;
use linux_resource::{Error, LimitSpec, ParseLimitError, RLIM_INFINITY, Resource, Rlimit};
use std::fmt::Write as _;

const INF: u64 = RLIM_INFINITY;

#[test]
fn rlimit_forms() {
    for (text, soft, hard) in [
        ("0", 0, 0),
        ("1024", 1024, 1024),
        ("1024:4096", 1024, 4096),
        ("unlimited", INF, INF),
        ("infinity", INF, INF),
        ("-1", INF, INF),
        ("1000:unlimited", 1000, INF),
        ("unlimited:5", INF, 5),
        ("infinity:-1", INF, INF),
        ("18446744073709551614", INF - 1, INF - 1),
        ("18446744073709551615", INF, INF),
    ] {
        assert_eq!(text.parse(), Ok(Rlimit::new(soft, hard)), "{text:?}");
    }
}

#[test]
fn limit_spec_forms_and_apply() {
    let current = Rlimit::new(100, 200);
    let refused = |soft, hard| Err(Error::SoftAboveHard { soft, hard });
    for (text, soft, hard, applied) in [
        ("5:6", Some(5), Some(6), Ok(Rlimit::new(5, 6))),
        ("5", Some(5), Some(5), Ok(Rlimit::new(5, 5))),
        ("150:", Some(150), None, Ok(Rlimit::new(150, 200))),
        (":300", None, Some(300), Ok(Rlimit::new(100, 300))),
        // The soft limit would be above the hard one.
        ("unlimited:", Some(INF), None, refused(INF, 200)),
        (":50", None, Some(50), refused(100, 50)),
        (":infinity", None, Some(INF), Ok(Rlimit::new(100, INF))),
        ("unlimited", Some(INF), Some(INF), Ok(Rlimit::UNLIMITED)),
    ] {
        let spec: LimitSpec = text.parse().unwrap();
        assert_eq!(spec, LimitSpec { soft, hard }, "{text:?}");
        assert_eq!(spec.apply(current), applied, "{text:?}");
    }
}

#[test]
fn blanks_and_plus_before_a_number_as_util_linux_takes_them() {
    // util-linux 2.40 and later read each number with strtoull and refuse what follows it.
    for (text, soft, hard) in [
        (" 5", Some(5), Some(5)),
        ("+7", Some(7), Some(7)),
        ("\t 10:+20", Some(10), Some(20)),
        (" 5:", Some(5), None),
        (": 6", None, Some(6)),
        ("  -1", Some(INF), Some(INF)),
        ("+0:-1", Some(0), Some(INF)),
    ] {
        assert_eq!(text.parse(), Ok(LimitSpec { soft, hard }), "{text:?}");
    }
    assert_eq!(" 5:+6".parse(), Ok(Rlimit::new(5, 6)));
    // The words are exact, as util-linux's strcmp has them.
    assert!(" unlimited".parse::<LimitSpec>().is_err());
}

#[test]
fn apply_refuses_soft_above_hard() {
    // The issue: ":8192" applied to 20000:20000 gave 20000:8192, which the kernel refuses.
    let spec: LimitSpec = ":8192".parse().unwrap();
    assert_eq!(
        spec.apply(Rlimit::new(20000, 20000)),
        Err(Error::SoftAboveHard {
            soft: 20000,
            hard: 8192
        })
    );
    let spec: LimitSpec = "30000:".parse().unwrap();
    assert_eq!(
        spec.apply(Rlimit::new(1024, 20000)),
        Err(Error::SoftAboveHard {
            soft: 30000,
            hard: 20000
        })
    );
    // Equal is fine.
    assert_eq!(
        spec.apply(Rlimit::new(0, 30000)),
        Ok(Rlimit::new(30000, 30000))
    );
}

#[test]
fn the_partial_forms_given_to_rlimit_name_limit_spec() {
    for partial in ["64:", ":8192", "unlimited:"] {
        let err = partial.parse::<Rlimit>().unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "invalid limit \"{partial}\": expected SOFT:HARD or one value for both, each a \
                 decimal number, \"unlimited\", \"infinity\" or -1 (SOFT: and :HARD, which keep \
                 the other limit, are LimitSpec's)"
            )
        );
    }
    // Not for input that is no form at all.
    let err = "5x".parse::<Rlimit>().unwrap_err();
    assert!(!err.to_string().contains("LimitSpec"), "{err}");
}

#[test]
fn from_bytes_is_from_str_for_bytes() {
    for text in ["5:6", "150:", ":unlimited", "-1", "", "5x", "::"] {
        assert_eq!(
            LimitSpec::from_bytes(text.as_bytes()),
            text.parse::<LimitSpec>(),
            "{text:?}"
        );
    }
    // An argument need not be UTF-8; the error quotes it with the bytes escaped.
    let err = LimitSpec::from_bytes(b"1\xff:2").unwrap_err();
    assert_eq!(err.input(), "1");
    assert!(
        err.to_string()
            .starts_with(r#"invalid limit "1\xff:2": expected"#),
        "{err}"
    );
}

#[test]
fn what_is_refused() {
    // util-linux up to 2.39 took a number followed by junk ("5x" as 5); 2.40 and later, and
    // this crate's parsers, do not. Its strtoull wraps every negative number ("-5" is
    // 18446744073709551611); this crate takes -1 alone.
    for bad in [
        "",
        ":",
        "::",
        "5:6:7",
        "5 ",
        "5\n",
        "5 :6",
        "-5",
        "-2:",
        ":-18446744073709551615",
        "-0",
        "5x",
        "12k",
        "unlimitedXYZ",
        "UNLIMITED",
        "inf",
        "1.5",
        "0x10",
        "1e3",
        "18446744073709551616",
        "5:6x",
        "٣",
    ] {
        let spec = bad.parse::<LimitSpec>().unwrap_err();
        let rlimit = bad.parse::<Rlimit>().unwrap_err();
        assert_eq!(spec.input(), bad);
        assert_eq!(rlimit.input(), bad);
    }
    // The partial forms are LimitSpec's only.
    for partial in ["5:", ":5", "unlimited:"] {
        assert!(partial.parse::<LimitSpec>().is_ok());
        assert!(partial.parse::<Rlimit>().is_err(), "{partial:?}");
    }
}

#[test]
fn display_then_parse_gives_the_same_value() {
    let values = [0, 1, 9, 10, 1023, 1 << 32, INF - 1, INF];
    for soft in values {
        for hard in values {
            let limit = Rlimit::new(soft, hard);
            assert_eq!(limit.to_string().parse(), Ok(limit));
            for spec in [
                LimitSpec {
                    soft: Some(soft),
                    hard: Some(hard),
                },
                LimitSpec {
                    soft: Some(soft),
                    hard: None,
                },
                LimitSpec {
                    soft: None,
                    hard: Some(hard),
                },
            ] {
                assert_eq!(spec.to_string().parse(), Ok(spec), "{spec}");
            }
        }
    }
    // The spec that changes nothing shows as ":", which is no limit argument.
    assert_eq!(LimitSpec::default().to_string(), ":");
    assert!(":".parse::<LimitSpec>().is_err());
}

#[test]
fn errors_quote_the_input_and_say_what_was_expected() {
    let err: ParseLimitError = "12k:5".parse::<Rlimit>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid limit \"12k:5\": expected SOFT:HARD or one value for both, each a decimal \
         number, \"unlimited\", \"infinity\" or -1"
    );
    let err = "5:6:7".parse::<LimitSpec>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid limit \"5:6:7\": expected SOFT:HARD, SOFT:, :HARD or one value for both, each \
         a decimal number, \"unlimited\", \"infinity\" or -1"
    );
    let err = ":18446744073709551616".parse::<LimitSpec>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid limit \":18446744073709551616\": a number above 18446744073709551615"
    );
    // Quotes and control characters are escaped; a long input is cut, and says so.
    let err = "a\"b\n".parse::<Rlimit>().unwrap_err();
    assert!(
        err.to_string().starts_with(r#"invalid limit "a\"b\n": "#),
        "{err}"
    );
    let long = "x".repeat(100);
    let err = long.parse::<Rlimit>().unwrap_err();
    assert_eq!(err.input(), &long[..40]);
    assert!(
        err.to_string()
            .starts_with(&format!("invalid limit \"{}...\": expected", &long[..40])),
        "{err}"
    );

    let err = "RLIMIT_NOFLIE".parse::<Resource>().unwrap_err();
    assert_eq!(err.input(), "RLIMIT_NOFLIE");
    assert_eq!(err.nearest(), Some(Resource::Nofile));
    assert_eq!(
        err.to_string(),
        "unknown resource \"RLIMIT_NOFLIE\": did you mean NOFILE? expected one of CPU, FSIZE, \
         DATA, STACK, CORE, RSS, NPROC, NOFILE, MEMLOCK, AS, LOCKS, SIGPENDING, MSGQUEUE, NICE, \
         RTPRIO, RTTIME (any case, with or without RLIMIT_)"
    );
    let err = "files".parse::<Resource>().unwrap_err();
    assert_eq!(err.nearest(), None);
    assert!(
        err.to_string()
            .starts_with("unknown resource \"files\": expected one of CPU,")
    );
}

#[test]
fn parsing_and_errors_allocate_nothing() {
    let mut out = StackBuf::new();
    let mut sink = 0u64;
    let allocations = allocations_in(|| {
        for _ in 0..1000 {
            sink ^= "1024:unlimited".parse::<Rlimit>().unwrap().soft;
            sink ^= ":4096".parse::<LimitSpec>().unwrap().hard.unwrap();
            out.len = 0;
            write!(out, "{}", "12k".parse::<Rlimit>().unwrap_err()).unwrap();
            out.len = 0;
            write!(out, "{}", "nofle".parse::<Resource>().unwrap_err()).unwrap();
            out.len = 0;
            write!(out, "{}", LimitSpec::default()).unwrap();
        }
    });
    std::hint::black_box(sink);
    assert_eq!(allocations, 0);
}
