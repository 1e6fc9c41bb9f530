//! `linux_resource::systemd`: systemd's `Limit*=` values. systemd's own test cases
//! (src/test/test-rlimit-util.c), the syntax of each kind of resource with its quirks, the
//! errors, round trips through `format_limit`, no allocation, and a differential against the
//! host's own systemd: its `rlimit_parse`, `rlimit_format` and `rlimit_from_string_harder`,
//! called in libsystemd-shared by a small C program.

use crate::common;

use common::StackBuf;
use common::counting::allocations_in;
use linux_resource::systemd::{ParseLimitErrorKind, format_limit, parse_limit, resource};
use linux_resource::{RLIM_INFINITY, Resource, Rlimit};
use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};

const INF: u64 = RLIM_INFINITY;
use ParseLimitErrorKind::{Invalid, OutOfRange, SoftAboveHard};

fn parse(r: Resource, text: &str) -> Result<Rlimit, ParseLimitErrorKind> {
    parse_limit(r, text).map_err(|e| e.kind())
}

fn both(v: u64) -> Result<Rlimit, ParseLimitErrorKind> {
    Ok(Rlimit::new(v, v))
}

/// systemd's `test_rlimit_parse_format_one` cases (src/test/test-rlimit-util.c, TEST
/// rlimit_parse_format): the input, the limits (or the errno), and what `rlimit_format` writes.
#[test]
fn systemds_own_parse_and_format_cases() {
    use Resource::{Cpu, Nice, Nofile};
    for (r, text, want, formatted) in [
        (Nofile, "4:5", Ok(Rlimit::new(4, 5)), "4:5"),
        (Nofile, "6", both(6), "6"),
        (Nofile, "infinity", both(INF), "infinity"),
        (Nofile, "infinity:infinity", both(INF), "infinity"),
        (Nofile, "8:infinity", Ok(Rlimit::new(8, INF)), "8:infinity"),
        (Cpu, "25min:13h", Ok(Rlimit::new(1500, 46800)), "1500:46800"),
        (Nofile, "", Err(Invalid), ""),
        (Nofile, "5:4", Err(SoftAboveHard), ""),
        (Nofile, "5:4:3", Err(Invalid), ""),
        (Nice, "20", both(20), "20"),
        (Nice, "40", both(40), "40"),
        (Nice, "41", Err(OutOfRange), ""),
        (Nice, "0", both(0), "0"),
        (Nice, "-7", both(27), "27"),
        (Nice, "-20", both(40), "40"),
        (Nice, "-21", Err(OutOfRange), ""),
        (Nice, "-0", both(20), "20"),
        (Nice, "+7", both(13), "13"),
        (Nice, "+19", both(1), "1"),
        (Nice, "+20", Err(OutOfRange), ""),
        (Nice, "+0", both(20), "20"),
    ] {
        assert_eq!(parse(r, text), want, "{r} {text:?}");
        if let Ok(limit) = want {
            assert_eq!(format_limit(limit).to_string(), formatted, "{r} {text:?}");
            assert_eq!(parse(r, formatted), want, "{r} {formatted:?}");
        }
    }
}

/// systemd's `rlimit_from_string_harder` cases (test-rlimit-util.c, TESTs
/// rlimit_from_string_harder and rlimit_to_string_all), and the case rule of its table.
#[test]
fn systemds_own_name_cases() {
    assert_eq!(resource("NOFILE"), Some(Resource::Nofile));
    assert_eq!(resource("LimitNOFILE"), Some(Resource::Nofile));
    assert_eq!(resource("RLIMIT_NOFILE"), Some(Resource::Nofile));
    assert_eq!(resource("xxxNOFILE"), None);
    assert_eq!(resource("DefaultLimitNOFILE"), None);
    for r in Resource::ALL {
        for name in [
            r.name().to_string(),
            format!("Limit{r}"),
            format!("RLIMIT_{r}"),
        ] {
            assert_eq!(resource(&name), Some(r), "{name}");
        }
        for name in [
            r.name().to_lowercase(),
            format!("limit{r}"),
            format!("rlimit_{r}"),
            format!("LimitRLIMIT_{r}"),
            format!("RLIMIT_Limit{r}"),
            format!("Limit{r} "),
        ] {
            assert_eq!(resource(&name), None, "{name}");
        }
    }
    for bad in ["", "Limit", "RLIMIT_", "OFILE", "LimitOFILE", "NOFILE\0"] {
        assert_eq!(resource(bad), None, "{bad:?}");
    }
}

#[test]
fn the_form_soft_colon_hard() {
    use Resource::Nofile as N;
    for (text, want) in [
        ("1024:524288", Ok(Rlimit::new(1024, 524288))),
        ("7:7", both(7)),
        ("infinity:5", Err(SoftAboveHard)),
        ("0:infinity", Ok(Rlimit::new(0, INF))),
        // A colon at the end of the hard limit is taken (extract_first_word), nothing after it.
        ("5:6:", Ok(Rlimit::new(5, 6))),
        ("5:6:7", Err(Invalid)),
        ("5:6::", Err(Invalid)),
        ("5:", Err(Invalid)),
        (":5", Err(Invalid)),
        (":", Err(Invalid)),
        ("::", Err(Invalid)),
        // A backslash takes the next byte as it is, a colon too; one at the end is refused.
        ("\\5", both(5)),
        ("5\\6", both(56)),
        ("1\\:2", Err(Invalid)),
        ("5\\", Err(Invalid)),
        ("5:6\\", Err(Invalid)),
        // The backslash at the end is refused before the value is read.
        ("99999999999999999999\\", Err(Invalid)),
        ("5:99999999999999999999\\", Err(Invalid)),
        ("5\\\\", Err(Invalid)),
        ("123\\4:5000", Ok(Rlimit::new(1234, 5000))),
        ("1\\\\:2", Err(Invalid)),
        ("5:\\6", Ok(Rlimit::new(5, 6))),
        ("\\i\\n\\finity", both(INF)),
        // The first error wins: the soft value's, before a bad hard value or the end.
        ("99999999999999999999:x", Err(OutOfRange)),
        ("x:99999999999999999999", Err(Invalid)),
        ("5:99999999999999999999", Err(OutOfRange)),
        ("6:5:", Err(SoftAboveHard)),
        ("6:5:x", Err(Invalid)),
        ("5\0", Err(Invalid)),
        ("5:5\0", Err(Invalid)),
    ] {
        assert_eq!(parse(N, text), want, "{text:?}");
    }
}

#[test]
fn counts_are_strtoull_numbers() {
    for (text, want) in [
        ("0", both(0)),
        ("007", both(7)),
        ("010", both(8)),
        ("08", Err(Invalid)),
        ("0x1f", both(31)),
        ("0X1F", both(31)),
        ("0x", Err(Invalid)),
        ("0xg", Err(Invalid)),
        ("0b101", both(5)),
        ("0B11", both(3)),
        ("0b", Err(Invalid)),
        ("0b2", Err(Invalid)),
        ("0o17", both(15)),
        ("0O17", both(15)),
        ("0o8", Err(Invalid)),
        ("0b-1", Err(OutOfRange)),
        ("0b+1", both(1)),
        ("0o 7", both(7)),
        ("+0b1", Err(Invalid)),
        (" 5", both(5)),
        ("\t\n\r 5", both(5)),
        ("\x0b5", both(5)),
        ("\x0c5", both(5)),
        ("5 ", Err(Invalid)),
        ("+5", both(5)),
        ("-0", both(0)),
        ("-0x0", both(0)),
        ("-5", Err(OutOfRange)),
        ("+-5", Err(Invalid)),
        // strtoull's own blanks hide the sign from systemd's check: the number wraps around.
        ("\x0b-5", both(INF - 4)),
        ("\x0b-1", Err(OutOfRange)),
        ("18446744073709551614", both(INF - 1)),
        ("18446744073709551615", Err(OutOfRange)),
        ("18446744073709551616", Err(OutOfRange)),
        ("0xffffffffffffffff", Err(OutOfRange)),
        ("0x10000000000000000", Err(OutOfRange)),
        ("5K", Err(Invalid)),
        ("1.5", Err(Invalid)),
        ("infinity", both(INF)),
        (" infinity", Err(Invalid)),
        ("infinity ", Err(Invalid)),
        ("Infinity", Err(Invalid)),
        ("unlimited", Err(Invalid)),
        ("-1", Err(OutOfRange)),
        ("５", Err(Invalid)),
    ] {
        for r in [
            Resource::Nofile,
            Resource::Nproc,
            Resource::Locks,
            Resource::Sigpending,
            Resource::Rtprio,
        ] {
            assert_eq!(parse(r, text), want, "{r} {text:?}");
        }
    }
}

#[test]
fn sizes_are_base_1024_with_fractions() {
    const K: u64 = 1024;
    for (text, want) in [
        ("0", both(0)),
        ("512", both(512)),
        ("010", both(10)),
        ("0x10", Err(Invalid)),
        ("1K", both(K)),
        ("1.5K", both(1536)),
        ("4G", both(4 << 30)),
        ("1T", both(1 << 40)),
        ("1P", both(1 << 50)),
        ("1E", both(1 << 60)),
        ("15E", both(15 << 60)),
        ("16E", Err(OutOfRange)),
        ("1B", both(1)),
        ("1k", Err(Invalid)),
        ("1KB", Err(Invalid)),
        ("1KiB", Err(Invalid)),
        ("1 K", both(K)),
        (" 1K", both(K)),
        ("1K ", Err(Invalid)),
        ("5 ", both(5)),
        ("1G 512M", both(3 << 29)),
        ("1G512M1K", both((1 << 30) + (512 << 20) + K)),
        ("1M 1G", Err(Invalid)),
        ("1K 1K", Err(Invalid)),
        ("1B5", both(6)),
        ("1K5", both(K + 5)),
        ("1K 5", both(K + 5)),
        ("5 6", Err(Invalid)),
        ("1.", both(1)),
        ("1.K", both(K)),
        (".5K", Err(Invalid)),
        ("1.05K", both(1075)),
        ("0.5B", both(0)),
        ("0.999B", both(0)),
        // 0.1 as a double, times 2^60, truncated: as systemd computes it.
        ("1.1E", both(1268213655067531680)),
        ("1.99999999999999999999K", Err(OutOfRange)),
        ("1.0000000000000000000000001K", both(K)),
        ("1. 5", Err(Invalid)),
        ("1.-5", Err(OutOfRange)),
        ("-1K", Err(OutOfRange)),
        ("-0", Err(OutOfRange)),
        ("+1K", both(K)),
        ("\x0b-0", both(0)),
        ("\x0b-1K", Err(OutOfRange)),
        ("\x0b-5", both(INF - 4)),
        ("18446744073709551614", both(INF - 1)),
        ("18446744073709551615", Err(OutOfRange)),
        ("16383P 1023T", both((16383 << 50) + (1023 << 40))),
        ("18014398509481983K", both(18014398509481983 * K)),
        ("18014398509481984K", Err(OutOfRange)),
        ("18014398509481983.5K", Err(OutOfRange)),
        // systemd's overflow check adds 1 for the fraction, and wraps around at u64::MAX.
        ("18446744073709551615.5K", both(INF - 511)),
        ("15E 1023P 1023T 1023G 1023M 1023K 1022B", both(INF - 1)),
        ("15E 1023P 1023T 1023G 1023M 1023K 1023B", Err(OutOfRange)),
        ("15E 1023P 1023T 1023G 1023M 1023K 1024B", Err(OutOfRange)),
        ("infinity", both(INF)),
        (" infinity", Err(Invalid)),
        ("", Err(Invalid)),
        (" ", Err(Invalid)),
    ] {
        for r in [
            Resource::Fsize,
            Resource::Data,
            Resource::Stack,
            Resource::Core,
            Resource::Rss,
            Resource::As,
            Resource::Memlock,
            Resource::Msgqueue,
        ] {
            assert_eq!(parse(r, text), want, "{r} {text:?}");
        }
    }
}

#[test]
fn cpu_is_a_time_span_in_whole_seconds() {
    use Resource::Cpu;
    for (text, want) in [
        ("0", both(0)),
        ("5", both(5)),
        ("25min", both(1500)),
        ("1h", both(3600)),
        ("1.5s", both(2)),
        ("1.5", both(2)),
        ("1min 30s", both(90)),
        ("1min30s", both(90)),
        ("1m30s", both(90)),
        ("2 m", both(120)),
        ("5 6", both(11)),
        (".5", both(1)),
        ("0.000001", both(1)),
        ("0.0000001", both(0)),
        ("1us", both(1)),
        ("1μs", both(1)),
        ("1µs", both(1)),
        ("999999us", both(1)),
        ("1000001us", both(2)),
        ("1ms", both(1)),
        ("1d", both(86400)),
        ("1w", both(604800)),
        ("1M", both(2629800)),
        ("1month", both(2629800)),
        ("1mo", Err(Invalid)),
        ("1y", both(31557600)),
        ("2years", both(63115200)),
        ("1hr", both(3600)),
        ("1S", Err(Invalid)),
        ("1 x", Err(Invalid)),
        ("12.34.56", Err(Invalid)),
        ("12.34 .56", both(13)),
        ("12.34s.56", both(13)),
        ("3.sec", Err(Invalid)),
        ("3.", Err(Invalid)),
        ("3. 1", Err(Invalid)),
        (".", Err(Invalid)),
        ("+5", both(5)),
        ("+.5", Err(Invalid)),
        ("-0", Err(OutOfRange)),
        ("-5", Err(OutOfRange)),
        ("\x0b-0", both(0)),
        ("\x0b-5", Err(OutOfRange)),
        ("\x0b5", both(5)),
        ("\x0b.5", Err(Invalid)),
        ("  5s  ", both(5)),
        ("", Err(Invalid)),
        ("  ", Err(Invalid)),
        ("infinity", both(INF)),
        ("  infinity \t", both(INF)),
        ("infinity5", Err(Invalid)),
        ("1s:infinity", Ok(Rlimit::new(1, INF))),
        ("9223372036854775807us", both(9223372036855)),
        ("9223372036854775808us", Err(OutOfRange)),
        ("18446744073708", both(18446744073708)),
        ("18446744073709", Err(OutOfRange)),
        ("18446744073708s 1us", both(18446744073709)),
        ("18446744073708s 551614us", both(18446744073709)),
        ("18446744073708s 1000001us", both(18446744073710)),
        ("584541y", both(584541 * 31557600)),
        ("584542y", Err(OutOfRange)),
        ("1.9999999999s", both(2)),
    ] {
        assert_eq!(parse(Cpu, text), want, "{text:?}");
    }
}

#[test]
fn rttime_is_a_time_span_in_microseconds() {
    use Resource::Rttime;
    for (text, want) in [
        ("0", both(0)),
        ("5", both(5)),
        ("1.5", both(1)),
        ("1.5ms", both(1500)),
        ("1s", both(1_000_000)),
        ("1min 1us", both(60_000_001)),
        ("1.1234567s", both(1_123_456)),
        ("infinity", both(INF)),
        (" infinity ", both(INF)),
        ("9223372036854775807", both(i64::MAX as u64)),
        ("9223372036854775808", Err(OutOfRange)),
        ("300000y", both(9_467_280_000_000_000_000)),
        ("584541y 1", both(584541 * 31_557_600_000_000 + 1)),
        ("584543y", Err(OutOfRange)),
        ("1K", Err(Invalid)),
    ] {
        assert_eq!(parse(Rttime, text), want, "{text:?}");
    }
}

#[test]
fn nice_levels_and_raw_limits() {
    use Resource::Nice;
    for (text, want) in [
        ("+19", both(1)),
        ("-20", both(40)),
        ("19", both(19)),
        ("+ 5", both(15)),
        ("++5", both(15)),
        ("--0", both(20)),
        ("-+5", both(25)),
        ("+-5", Err(OutOfRange)),
        ("+0x5", both(15)),
        ("-0b11", both(23)),
        (" +5", both(5)),
        (" 5", both(5)),
        (" -5", Err(OutOfRange)),
        (" -0", both(0)),
        ("010", both(8)),
        ("050", both(40)),
        ("051", Err(OutOfRange)),
        ("+", Err(Invalid)),
        ("-", Err(Invalid)),
        ("", Err(Invalid)),
        ("infinity", Err(Invalid)),
        ("-5:+5", Err(SoftAboveHard)),
        ("+5:-5", Ok(Rlimit::new(15, 25))),
        ("0:40", Ok(Rlimit::new(0, 40))),
        ("-20:41", Err(OutOfRange)),
        ("99999999999999999999", Err(OutOfRange)),
        ("+99999999999999999999", Err(OutOfRange)),
    ] {
        assert_eq!(parse(Nice, text), want, "{text:?}");
    }
}

#[test]
fn errors_quote_the_input_and_say_what_was_expected() {
    let text = |r: Resource, input: &str| parse_limit(r, input).unwrap_err().to_string();
    assert_eq!(
        text(Resource::Nofile, "5:4"),
        "invalid LimitNOFILE= value \"5:4\": soft limit above hard limit"
    );
    assert_eq!(
        text(Resource::Nice, "41"),
        "invalid LimitNICE= value \"41\": out of range"
    );
    assert_eq!(
        text(Resource::Cpu, "x"),
        "invalid LimitCPU= value \"x\": expected SOFT[:HARD], each \"infinity\" or a time span \
         (\"25min\", \"1h 30s\"; a bare number is seconds)"
    );
    assert_eq!(
        text(Resource::Rttime, "x"),
        "invalid LimitRTTIME= value \"x\": expected SOFT[:HARD], each \"infinity\" or a time \
         span (\"25ms\", \"1h 30s\"; a bare number is microseconds)"
    );
    assert_eq!(
        text(Resource::Stack, "8m"),
        "invalid LimitSTACK= value \"8m\": expected SOFT[:HARD], each \"infinity\" or a size in \
         bytes (\"512K\", \"1.5G\"; base 1024)"
    );
    assert_eq!(
        text(Resource::Nice, "x"),
        "invalid LimitNICE= value \"x\": expected SOFT[:HARD], each a nice level with its sign \
         (\"-20\" to \"+19\") or a raw limit (0 to 40)"
    );
    assert_eq!(
        text(Resource::Nproc, "a\"b\n"),
        "invalid LimitNPROC= value \"a\\\"b\\n\": expected SOFT[:HARD], each \"infinity\" or a \
         number"
    );
    let long = "9".repeat(100);
    let err = parse_limit(Resource::Sigpending, &long).unwrap_err();
    assert_eq!(err.input(), &long[..40]);
    assert_eq!(err.resource(), Resource::Sigpending);
    assert_eq!(err.kind(), OutOfRange);
    assert!(
        err.to_string().contains(&format!("\"{}...\"", &long[..40])),
        "{err}"
    );
    let _: &dyn std::error::Error = &err;
}

/// Limits near every boundary, each resource: what `format_limit` writes parses back to the
/// same limit, except where systemd itself cannot read back what it gives (checked too).
#[test]
fn format_then_parse_gives_the_same_limit() {
    let values = [
        0,
        1,
        19,
        20,
        40,
        41,
        1023,
        1 << 32,
        18446744073708,
        18446744073709,
        18446744073710,
        i64::MAX as u64,
        i64::MAX as u64 + 1,
        INF - 1,
        INF,
    ];
    let mut round_trips = 0;
    for r in Resource::ALL {
        for soft in values {
            for hard in values {
                let limit = Rlimit::new(soft, hard);
                let text = format_limit(limit).to_string();
                let back = parse(r, &text);
                // NICE has no "infinity"; systemd gives CPU limits and RTTIME limits that it
                // cannot read back (its parse_time multiplies a number of at most i64::MAX).
                let unreadable = |v: u64| match r {
                    Resource::Nice => v > 40,
                    _ if v == INF => false,
                    Resource::Cpu => v >= 18446744073709,
                    Resource::Rttime => v > i64::MAX as u64,
                    _ => false,
                };
                if let Some(v) = [soft, hard].into_iter().find(|&v| unreadable(v)) {
                    let want = if v == INF { Invalid } else { OutOfRange };
                    assert_eq!(back, Err(want), "{r} {text}");
                } else if soft > hard {
                    assert_eq!(back, Err(SoftAboveHard), "{r} {text}");
                } else {
                    assert_eq!(back, Ok(limit), "{r} {text}");
                    round_trips += 1;
                }
            }
        }
    }
    assert!(round_trips > 1000, "{round_trips}");
    assert_eq!(format_limit(Rlimit::new(INF, 5)).to_string(), "infinity:5");
    assert_eq!(format_limit(Rlimit::new(5, 4)).to_string(), "5:4");
    assert_eq!(format_limit(Rlimit::new(0, 0)).to_string(), "0");
}

#[test]
fn parsing_formatting_and_errors_allocate_nothing() {
    let mut out = StackBuf::new();
    let mut sink = 0u64;
    let allocations = allocations_in(|| {
        for _ in 0..100 {
            for (r, text) in [
                (Resource::Cpu, "1min 30.5s:2h"),
                (Resource::Rttime, "1.5ms"),
                (Resource::As, "1G 512M:infinity"),
                (Resource::Nice, "-5"),
                (Resource::Nofile, "\\0x10:0o20"),
                (Resource::Nofile, "5:4"),
                (Resource::Data, "1.5X"),
            ] {
                match parse_limit(r, text) {
                    Ok(limit) => {
                        sink ^= limit.soft;
                        out.len = 0;
                        write!(out, "{}", format_limit(limit)).unwrap();
                    }
                    Err(e) => {
                        out.len = 0;
                        write!(out, "{e}").unwrap();
                    }
                }
            }
            sink ^= resource("LimitNOFILE").map_or(0, |r| r.as_raw().into());
        }
    });
    std::hint::black_box(sink);
    assert_eq!(allocations, 0);
}

// ---------------------------------------------------------------------------------------------
// The differential against the host's systemd.

/// A C program that reads requests on stdin and answers each with what the host's systemd
/// gives: `p` NAME VALUE: `rlimit_parse` (return value, soft, hard); `f` SOFT HARD:
/// `rlimit_format`; `n` NAME: `rlimit_from_string_harder`. Strings are a 32-bit length and the
/// bytes; numbers in the host's byte order, little-endian (the host is x86_64; this test may be
/// an s390x program under qemu-user).
const HARNESS: &str = r#"
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static void *sym(void *lib, const char *name) {
    void *f = dlsym(lib, name);
    if (!f) { fprintf(stderr, "%s: %s\n", name, dlerror()); exit(2); }
    return f;
}

static char *text(void) {
    uint32_t n;
    if (fread(&n, 4, 1, stdin) != 1) exit(3);
    char *s = malloc(n + 1);
    if (!s || fread(s, 1, n, stdin) != n) exit(3);
    s[n] = 0;
    return s;
}

int main(int argc, char **argv) {
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 2; }
    int (*parse)(int, const char *, struct rlimit *) = sym(lib, "rlimit_parse");
    int (*format)(const struct rlimit *, char **) = sym(lib, "rlimit_format");
    int (*harder)(const char *) = sym(lib, "rlimit_from_string_harder");
    int op;
    while ((op = getchar()) != EOF) {
        if (op == 'p') {
            char *name = text(), *value = text();
            struct rlimit rl = { 4711, 4712 };
            int32_t r = parse(harder(name), value, &rl);
            uint64_t out[2] = { rl.rlim_cur, rl.rlim_max };
            fwrite(&r, 4, 1, stdout);
            fwrite(out, 8, 2, stdout);
            free(name);
            free(value);
        } else if (op == 'f') {
            uint64_t in[2];
            if (fread(in, 8, 2, stdin) != 2) return 3;
            struct rlimit rl = { in[0], in[1] };
            char *s = NULL;
            if (format(&rl, &s) < 0) return 4;
            uint32_t n = strlen(s);
            fwrite(&n, 4, 1, stdout);
            fwrite(s, 1, n, stdout);
            free(s);
        } else if (op == 'n') {
            char *name = text();
            int32_t r = harder(name);
            fwrite(&r, 4, 1, stdout);
            free(name);
        } else {
            return 5;
        }
    }
    return 0;
}
"#;

/// libsystemd-shared, where the host's systemd keeps `rlimit_parse` and the rest (exported for
/// systemd's own programs), found under gcc's multiarch directory.
fn libsystemd_shared() -> std::path::PathBuf {
    let out = Command::new("gcc")
        .arg("-print-multiarch")
        .output()
        .expect("gcc");
    let multiarch = String::from_utf8(out.stdout).unwrap();
    let dir = std::path::Path::new("/usr/lib")
        .join(multiarch.trim())
        .join("systemd");
    std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("libsystemd-shared-") && name.ends_with(".so")
        })
        .unwrap_or_else(|| {
            panic!(
                "no libsystemd-shared-*.so in {}: install Debian's systemd (.ci/test does)",
                dir.display()
            )
        })
}

/// The host's systemd asked: the requests written, the answers read back.
fn ask_systemd(requests: &[u8]) -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("linux-resource-systemd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (source, exe) = (dir.join("harness.c"), dir.join("harness"));
    std::fs::write(&source, HARNESS).unwrap();
    let status = Command::new("gcc")
        .args(["-O1", "-Wall", "-Werror", "-o"])
        .args([&exe, &source])
        .arg("-ldl")
        .status()
        .expect("gcc");
    assert!(status.success(), "the harness did not build");
    let mut child = Command::new(&exe)
        .arg(libsystemd_shared())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let requests = requests.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&requests).unwrap());
    let mut answers = Vec::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut answers)
        .unwrap();
    writer.join().unwrap();
    assert!(child.wait().unwrap().success(), "the harness failed");
    std::fs::remove_dir_all(&dir).unwrap();
    answers
}

fn put_str(requests: &mut Vec<u8>, s: &str) {
    requests.extend_from_slice(&u32::try_from(s.len()).unwrap().to_le_bytes());
    requests.extend_from_slice(s.as_bytes());
}

/// Takes `n` bytes from the front of `answers`.
fn take<'a>(answers: &mut &'a [u8], n: usize) -> &'a [u8] {
    let (head, rest) = answers.split_at(n);
    *answers = rest;
    head
}

/// The values a limit's text is made of: numbers, units, blanks, signs, separators and
/// escapes, near every rule of the grammar.
const PREFIXES: &[&str] = &[
    "", " ", "\t", "\x0b", "\x0c", "+", "-", "\x0b-", " +", "++", "\\", "0b", "0o",
];
const NUMBERS: &[&str] = &[
    "0",
    "5",
    "007",
    "08",
    "010",
    "0x1f",
    "0X",
    "0b101",
    "0o17",
    "19",
    "20",
    "21",
    "40",
    "41",
    "1.5",
    ".5",
    "5.",
    "0.000001",
    "1.0000005",
    "1.99999999999999999999",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073708",
    "18446744073709",
    "18446744073709551614",
    "18446744073709551615",
    "18446744073709551616",
    "18014398509481983",
    "18446744073709551615.5",
    "infinity",
    "inf",
    "",
];
const SUFFIXES: &[&str] = &[
    "", " ", "K", "M", "G", "T", "P", "E", "B", "k", "KB", "s", "sec", "min", "m", "ms", "us",
    "μs", "µs", "h", "hr", "d", "w", "y", "years", "month", "S", "x", ".", " .5", "\\",
];
const TAILS: &[&str] = &[
    "",
    " 1s",
    "5",
    " 5",
    "512M",
    ":",
    ":5",
    ":40",
    ":infinity",
    "::",
    ":5:",
    ":5:6",
    ":18446744073709551614",
    "\\:5",
    " ",
];

/// A small deterministic generator (xorshift64*), for the random inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// `rlimit_parse` of the host's systemd and `parse_limit` on the same inputs, every resource:
/// the same limits, or the same errno; `rlimit_format` and `format_limit` on the same limits;
/// `rlimit_from_string_harder` and `resource` on the same names.
#[test]
fn host_parse_limit_is_systemds_rlimit_parse() {
    let pick =
        |rng: &mut Rng, from: &[&'static str]| from[(rng.next() % from.len() as u64) as usize];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut inputs: Vec<String> = Vec::new();
    // Every prefix, number and suffix together; every number, suffix and tail together; as
    // many of the four chosen at random.
    for p in PREFIXES {
        for n in NUMBERS {
            for s in SUFFIXES {
                inputs.push(format!("{p}{n}{s}"));
            }
        }
    }
    for n in NUMBERS {
        for s in SUFFIXES {
            for t in TAILS {
                inputs.push(format!("{n}{s}{t}"));
            }
        }
    }
    for _ in 0..15_000 {
        let (p, n) = (pick(&mut rng, PREFIXES), pick(&mut rng, NUMBERS));
        let (s, t) = (pick(&mut rng, SUFFIXES), pick(&mut rng, TAILS));
        inputs.push(format!("{p}{n}{s}{t}"));
    }
    // Random strings over the grammar's bytes.
    let alphabet: Vec<char> = "0123456789.:+- \t\x0b\\xXbBoOKMGTPEsminuhdwyfty"
        .chars()
        .collect();
    for _ in 0..15_000 {
        let len = rng.next() % 14;
        inputs.push(
            (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect(),
        );
    }
    // Each of those for one resource of each syntax (the sizes and the counts in turn); every
    // string written in this file (the cases of the tests above among them) for all 16.
    use Resource::*;
    let (sizes, counts) = (
        [Fsize, Data, Stack, Core, Rss, As, Memlock, Msgqueue],
        [Nproc, Nofile, Locks, Sigpending, Rtprio],
    );
    let mut cases: Vec<(Resource, String)> = Vec::new();
    for (i, input) in inputs.into_iter().enumerate() {
        for r in [
            Cpu,
            Rttime,
            Nice,
            sizes[i % sizes.len()],
            counts[i % counts.len()],
        ] {
            cases.push((r, input.clone()));
        }
    }
    for input in string_literals(include_str!("systemd.rs")) {
        cases.extend(Resource::ALL.map(|r| (r, input.clone())));
    }
    // But those with a NUL byte, where systemd's C string ends (and parse_limit refuses).
    cases.retain(|(_, input)| !input.contains('\0'));

    let mut requests = Vec::new();
    for (r, input) in &cases {
        requests.push(b'p');
        put_str(&mut requests, r.name());
        put_str(&mut requests, input);
    }
    let values = [0, 1, 40, 1 << 32, i64::MAX as u64, INF - 1, INF];
    let limits: Vec<Rlimit> = values
        .iter()
        .flat_map(|&s| values.iter().map(move |&h| Rlimit::new(s, h)))
        .collect();
    for limit in &limits {
        requests.push(b'f');
        requests.extend_from_slice(&limit.soft.to_le_bytes());
        requests.extend_from_slice(&limit.hard.to_le_bytes());
    }
    let mut names = Vec::new();
    for r in Resource::ALL {
        for prefix in [
            "",
            "Limit",
            "RLIMIT_",
            "DefaultLimit",
            "limit",
            "rlimit_",
            "LimitRLIMIT_",
            "x",
        ] {
            names.push(format!("{prefix}{r}"));
            names.push(format!("{prefix}{}", r.name().to_lowercase()));
        }
    }
    names.extend(["", "Limit", "RLIMIT_", "OFILE", "RLIMIT_OFILE"].map(String::from));
    for name in &names {
        requests.push(b'n');
        put_str(&mut requests, name);
    }

    let answers = ask_systemd(&requests);
    let mut answers = answers.as_slice();
    let mut differences = String::new();
    let mut differ = 0;
    let (mut accepted, mut refused) = (0, 0);
    for (r, input) in &cases {
        let ret = i32::from_le_bytes(take(&mut answers, 4).try_into().unwrap());
        let soft = u64::from_le_bytes(take(&mut answers, 8).try_into().unwrap());
        let hard = u64::from_le_bytes(take(&mut answers, 8).try_into().unwrap());
        // The host's errno numbers (x86_64, whatever this test was built for).
        let systemd = match ret {
            0 => Ok(Rlimit::new(soft, hard)),
            -22 => Err(Invalid),
            -34 => Err(OutOfRange),
            -84 => Err(SoftAboveHard),
            other => panic!("rlimit_parse({r}, {input:?}) returned {other}"),
        };
        let ours = parse(*r, input);
        if ours.is_ok() {
            accepted += 1
        } else {
            refused += 1
        }
        if ours != systemd {
            differ += 1;
            if differ <= 30 {
                writeln!(
                    differences,
                    "{r} {input:?}: systemd {systemd:?}, ours {ours:?}"
                )
                .unwrap();
            }
        }
    }
    for limit in &limits {
        let n = u32::from_le_bytes(take(&mut answers, 4).try_into().unwrap()) as usize;
        let systemd = std::str::from_utf8(take(&mut answers, n))
            .unwrap()
            .to_string();
        let ours = format_limit(*limit).to_string();
        if ours != systemd {
            differ += 1;
            writeln!(
                differences,
                "format {limit:?}: systemd {systemd:?}, ours {ours:?}"
            )
            .unwrap();
        }
    }
    for name in &names {
        let ret = i32::from_le_bytes(take(&mut answers, 4).try_into().unwrap());
        let systemd = (ret >= 0).then(|| {
            Resource::ALL
                .into_iter()
                .find(|r| generic_index(*r) == ret)
                .unwrap()
        });
        let ours = resource(name);
        if ours != systemd {
            differ += 1;
            writeln!(
                differences,
                "name {name:?}: systemd {systemd:?}, ours {ours:?}"
            )
            .unwrap();
        }
    }
    assert!(
        answers.is_empty(),
        "{} bytes of answers left",
        answers.len()
    );
    println!(
        "compared with systemd: {} values ({accepted} accepted, {refused} refused), {} limits formatted, {} names; {differ} differ",
        cases.len(),
        limits.len(),
        names.len()
    );
    assert!(differ == 0, "{differ} differ from systemd:\n{differences}");
    assert!(
        accepted > 10_000 && refused > 100_000,
        "{accepted} accepted, {refused} refused"
    );
}

/// The host's (x86_64's) number of a resource: its place in the generic order.
fn generic_index(r: Resource) -> i32 {
    const GENERIC: [&str; 16] = [
        "CPU",
        "FSIZE",
        "DATA",
        "STACK",
        "CORE",
        "RSS",
        "NPROC",
        "NOFILE",
        "MEMLOCK",
        "AS",
        "LOCKS",
        "SIGPENDING",
        "MSGQUEUE",
        "NICE",
        "RTPRIO",
        "RTTIME",
    ];
    GENERIC.iter().position(|&n| n == r.name()).unwrap() as i32
}

/// The string literals of Rust source (but raw strings), escapes decoded.
fn string_literals(source: &str) -> Vec<String> {
    let (mut out, mut chars) = (Vec::new(), source.chars());
    while let Some(c) = chars.next() {
        match c {
            'r' if chars.as_str().starts_with("#\"") => {
                let end = chars.as_str().find("\"#").unwrap();
                chars = chars.as_str()[end + 2..].chars();
            }
            '\'' if chars.as_str().starts_with("\"'") => {
                chars.next();
            }
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next().unwrap() {
                            'n' => s.push('\n'),
                            't' => s.push('\t'),
                            'r' => s.push('\r'),
                            '0' => s.push('\0'),
                            'x' => {
                                let hex: String = chars.by_ref().take(2).collect();
                                s.push(char::from(u8::from_str_radix(&hex, 16).unwrap()));
                            }
                            'u' => {
                                let hex: String =
                                    chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                                s.push(
                                    char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap(),
                                );
                            }
                            '\n' => {
                                let rest = chars.as_str().trim_start();
                                chars = rest.chars();
                            }
                            other => s.push(other),
                        },
                        c => s.push(c),
                    }
                }
                out.push(s);
            }
            _ => {}
        }
    }
    out
}

/// The same values in a unit file, one `Limit*=` line each, given to `systemd-analyze verify`:
/// systemd warns about exactly the lines `parse_limit` refuses, and says "higher than hard
/// limit" exactly for those it refuses as `SoftAboveHard`. (A unit file's values lose their
/// blanks at both ends, and a backslash at the end of a line continues it: such values are
/// compared trimmed, or left out.)
#[test]
fn host_unit_files_refuse_what_parse_limit_refuses() {
    const BLANKS: &[char] = &[' ', '\t', '\n', '\r'];
    let mut unit = String::from("[Service]\nExecStart=/bin/true\n");
    let mut lines = Vec::new();
    for value in string_literals(include_str!("systemd.rs")) {
        let value = value.trim_matches(BLANKS);
        if value.contains(['\n', '\r', '\0']) || value.ends_with('\\') {
            continue;
        }
        for r in [
            Resource::Cpu,
            Resource::Rttime,
            Resource::Nice,
            Resource::As,
            Resource::Nofile,
        ] {
            writeln!(unit, "Limit{r}={value}").unwrap();
            lines.push((r, value.to_string()));
        }
    }
    let dir = std::env::temp_dir().join(format!("linux-resource-unit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("limits.service");
    std::fs::write(&path, &unit).unwrap();
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&path)
        .output()
        .expect("systemd-analyze (Debian's systemd; .ci/test installs it)");
    std::fs::remove_dir_all(&dir).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // "PATH:LINE: MESSAGE": the first two lines of the file are not limits.
    let mut warned = std::collections::HashMap::new();
    for line in stderr.lines() {
        let Some(rest) = line.strip_prefix(&format!("{}:", path.display())) else {
            continue;
        };
        let (number, message) = rest.split_once(": ").unwrap();
        let index = number.parse::<usize>().unwrap() - 3;
        if message.starts_with("Soft resource limit chosen higher than hard limit") {
            warned.insert(index, SoftAboveHard);
        } else if message.starts_with("Failed to parse resource value") {
            warned.insert(index, Invalid);
        }
    }
    let mut differences = String::new();
    for (i, (r, value)) in lines.iter().enumerate() {
        let ours = match parse(*r, value) {
            Ok(_) => None,
            Err(SoftAboveHard) => Some(SoftAboveHard),
            Err(_) => Some(Invalid),
        };
        if ours != warned.get(&i).copied() {
            writeln!(
                differences,
                "Limit{r}={value:?}: systemd {:?}, ours {ours:?}",
                warned.get(&i)
            )
            .unwrap();
        }
    }
    println!(
        "systemd-analyze verify: {} lines, {} refused; {} differ",
        lines.len(),
        warned.len(),
        differences.lines().count()
    );
    assert!(differences.is_empty(), "{differences}{stderr}");
    assert!(
        warned.len() > 500 && lines.len() - warned.len() > 500,
        "{stderr}"
    );
}
