//! The crate's constants and struct layouts, checked against the Linux kernel headers by a C
//! compiler.
//!
//! Each test generates a C file of `_Static_assert`s whose expected values come from the crate
//! itself (`raw::NR_*`, `Resource::ALL`, `RLIM_*`, `RUSAGE_*`, and `size_of`, `align_of` and
//! `offset_of!` on `Rlimit`, `Rusage` and `Timeval`), then has that architecture's gcc compile
//! it against that architecture's kernel headers (`<linux/resource.h>`, `<asm/unistd.h>`): a
//! wrong value in the crate is a compile error. `checker_rejects_wrong_values` proves that the
//! checker does fail on a wrong value.
//!
//! What each run proves:
//! - The system call numbers compiled into this test (`raw::NR_*`) against the headers of the
//!   architecture the test was built for, with its own compiler: `x86_64-linux-gnu-gcc`,
//!   `aarch64-linux-gnu-gcc` or `riscv64-linux-gnu-gcc` (under qemu-user the test binary spawns
//!   the host's cross compiler).
//! - The system call numbers of the two other architectures, read from their `arch/*.rs` source
//!   files (`arch_sources_agree_with_the_compiled_numbers` proves that reading on the compiled
//!   architecture), against those architectures' headers. So the native x86_64 run alone checks
//!   all three architectures, and each architecture's own run checks its compiled numbers.
//! - The resource numbers, `RLIM_*`, `RUSAGE_*` and the layouts, which are the same on all three
//!   (fixed-width fields), against the headers of all three architectures.
//!
//! A missing compiler or missing headers is a test failure, never a skip: `bash .ci/test`
//! installs them (Debian: `gcc`, `gcc-aarch64-linux-gnu`, `gcc-riscv64-linux-gnu`,
//! `linux-libc-dev`, `linux-libc-dev-arm64-cross`, `linux-libc-dev-riscv64-cross`).

use linux_resource::{
    raw, Resource, Rlimit, Rusage, Timeval, RLIM_INFINITY, RLIM_NLIMITS, RLIM_SAVED_CUR,
    RLIM_SAVED_MAX, RUSAGE_BOTH, RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD,
};
use std::fmt::Write as _;
use std::io::Write as _;
use std::mem::{align_of, offset_of, size_of};
use std::process::{Command, Stdio};

/// An architecture the crate supports: its name, its gcc, the Debian package of that gcc, and
/// the crate's source file for it.
struct Arch {
    name: &'static str,
    cc: &'static str,
    cc_package: &'static str,
    headers_package: &'static str,
    source: &'static str,
}

const X86_64: Arch = Arch {
    name: "x86_64",
    cc: "x86_64-linux-gnu-gcc",
    cc_package: "gcc",
    headers_package: "linux-libc-dev",
    source: include_str!("../arch/x86_64.rs"),
};
const AARCH64: Arch = Arch {
    name: "aarch64",
    cc: "aarch64-linux-gnu-gcc",
    cc_package: "gcc-aarch64-linux-gnu",
    headers_package: "linux-libc-dev-arm64-cross",
    source: include_str!("../arch/aarch64.rs"),
};
const RISCV64: Arch = Arch {
    name: "riscv64",
    cc: "riscv64-linux-gnu-gcc",
    cc_package: "gcc-riscv64-linux-gnu",
    headers_package: "linux-libc-dev-riscv64-cross",
    source: include_str!("../arch/riscv64.rs"),
};

/// The architecture this test was compiled for.
const THIS_ARCH: &Arch = if cfg!(target_arch = "x86_64") {
    &X86_64
} else if cfg!(target_arch = "aarch64") {
    &AARCH64
} else if cfg!(target_arch = "riscv64") {
    &RISCV64
} else {
    panic!("unsupported target_arch")
};

/// Every `raw::NR_*` constant, by its name in `raw`, with the value compiled into this test.
/// `every_raw_number_is_checked` fails if `src/raw.rs` declares one not listed here.
const COMPILED_NUMBERS: &[(&str, u32)] = &[
    ("NR_GETRLIMIT", raw::NR_GETRLIMIT),
    ("NR_SETRLIMIT", raw::NR_SETRLIMIT),
    ("NR_GETRUSAGE", raw::NR_GETRUSAGE),
    ("NR_PRLIMIT64", raw::NR_PRLIMIT64),
    ("NR_MPROTECT", raw::NR_MPROTECT),
    ("NR_OPENAT", raw::NR_OPENAT),
    ("NR_READ", raw::NR_READ),
    ("NR_CLOSE", raw::NR_CLOSE),
    ("NR_WAIT4", raw::NR_WAIT4),
    ("NR_WAITID", raw::NR_WAITID),
];

/// The kernel's name of a `raw` constant: `NR_PRLIMIT64` is `__NR_prlimit64`.
fn kernel_name(raw_name: &str) -> String {
    let call = raw_name
        .strip_prefix("NR_")
        .unwrap_or_else(|| panic!("{raw_name} does not start with NR_"));
    format!("__NR_{}", call.to_ascii_lowercase())
}

/// The `NR_*` constants an `arch/*.rs` file declares, as `(name, value)`: every line of the form
/// `pub(crate) const NR_NAME: u32 = 123;`. Any other line that mentions `const NR_` is an
/// error, so a change of form is noticed rather than skipped.
fn numbers_in_source(arch: &Arch) -> Vec<(String, u32)> {
    let mut numbers = Vec::new();
    for line in arch.source.lines().map(str::trim) {
        if !line.contains("const NR_") {
            continue;
        }
        let parsed = line
            .strip_prefix("pub(crate) const ")
            .and_then(|rest| rest.strip_suffix(';'))
            .and_then(|rest| rest.split_once(": u32 = "))
            .and_then(|(name, value)| Some((name.to_owned(), value.parse::<u32>().ok()?)));
        match parsed {
            Some(number) => numbers.push(number),
            None => panic!(
                "arch/{}.rs: cannot read a system call number from `{line}` \
                 (expected `pub(crate) const NR_NAME: u32 = <decimal>;`)",
                arch.name
            ),
        }
    }
    numbers
}

/// The system call numbers to check for `arch`, each with where it comes from: the compiled ones
/// for this architecture, the ones in its source file for the others (which must name the same
/// constants).
fn numbers_for(arch: &Arch) -> Vec<(String, u32)> {
    if arch.name == THIS_ARCH.name {
        return COMPILED_NUMBERS
            .iter()
            .map(|&(name, value)| (format!("raw::{name}"), value))
            .collect();
    }
    let numbers = numbers_in_source(arch);
    let mut names: Vec<&str> = numbers.iter().map(|(name, _)| name.as_str()).collect();
    let mut expected: Vec<&str> = COMPILED_NUMBERS.iter().map(|&(name, _)| name).collect();
    names.sort_unstable();
    expected.sort_unstable();
    assert_eq!(
        names, expected,
        "arch/{}.rs declares other NR_* constants than raw exposes",
        arch.name
    );
    numbers
        .into_iter()
        .map(|(name, value)| (format!("arch/{}.rs {name}", arch.name), value))
        .collect()
}

/// One `_Static_assert`: a C expression and the message that names what it checks.
struct Check {
    expr: String,
    what: String,
}

fn check(expr: impl Into<String>, what: impl Into<String>) -> Check {
    Check {
        expr: expr.into(),
        what: what.into(),
    }
}

/// Whether a field's type is a signed integer, an unsigned one, or a struct.
trait FieldKind {
    const SIGNED: Option<bool>;
    /// For a struct field: the C struct it must be.
    const C_STRUCT: Option<&'static str> = None;
}
impl FieldKind for i64 {
    const SIGNED: Option<bool> = Some(true);
}
impl FieldKind for u64 {
    const SIGNED: Option<bool> = Some(false);
}
impl FieldKind for Timeval {
    const SIGNED: Option<bool> = None;
    const C_STRUCT: Option<&'static str> = Some("struct __kernel_old_timeval");
}

/// A field of one of the crate's structs: its C name, offset, size and kind.
struct Field {
    c_name: &'static str,
    offset: usize,
    size: usize,
    signed: Option<bool>,
    c_struct: Option<&'static str>,
}

/// The size and kind of the field that `get` selects, from its type.
fn field<T, F: FieldKind>(c_name: &'static str, offset: usize, _get: fn(&T) -> &F) -> Field {
    Field {
        c_name,
        offset,
        size: size_of::<F>(),
        signed: F::SIGNED,
        c_struct: F::C_STRUCT,
    }
}

/// `field!(Type, rust_field => "c_field")`
macro_rules! field {
    ($ty:ty, $rust:ident => $c:literal) => {
        field::<$ty, _>($c, offset_of!($ty, $rust), |v: &$ty| &v.$rust)
    };
}

/// A struct of the crate and the C struct it must match.
struct Layout {
    c_name: &'static str,
    rust_name: &'static str,
    size: usize,
    align: usize,
    fields: Vec<Field>,
}

fn layouts() -> Vec<Layout> {
    let rlimit_fields = || {
        vec![
            field!(Rlimit, soft => "rlim_cur"),
            field!(Rlimit, hard => "rlim_max"),
        ]
    };
    let layouts = vec![
        Layout {
            c_name: "struct rlimit64",
            rust_name: "Rlimit",
            size: size_of::<Rlimit>(),
            align: align_of::<Rlimit>(),
            fields: rlimit_fields(),
        },
        // getrlimit and setrlimit take `struct rlimit`, the same on 64-bit.
        Layout {
            c_name: "struct rlimit",
            rust_name: "Rlimit",
            size: size_of::<Rlimit>(),
            align: align_of::<Rlimit>(),
            fields: rlimit_fields(),
        },
        Layout {
            c_name: "struct __kernel_old_timeval",
            rust_name: "Timeval",
            size: size_of::<Timeval>(),
            align: align_of::<Timeval>(),
            fields: vec![
                field!(Timeval, tv_sec => "tv_sec"),
                field!(Timeval, tv_usec => "tv_usec"),
            ],
        },
        Layout {
            c_name: "struct rusage",
            rust_name: "Rusage",
            size: size_of::<Rusage>(),
            align: align_of::<Rusage>(),
            fields: vec![
                field!(Rusage, ru_utime => "ru_utime"),
                field!(Rusage, ru_stime => "ru_stime"),
                field!(Rusage, ru_maxrss => "ru_maxrss"),
                field!(Rusage, ru_ixrss => "ru_ixrss"),
                field!(Rusage, ru_idrss => "ru_idrss"),
                field!(Rusage, ru_isrss => "ru_isrss"),
                field!(Rusage, ru_minflt => "ru_minflt"),
                field!(Rusage, ru_majflt => "ru_majflt"),
                field!(Rusage, ru_nswap => "ru_nswap"),
                field!(Rusage, ru_inblock => "ru_inblock"),
                field!(Rusage, ru_oublock => "ru_oublock"),
                field!(Rusage, ru_msgsnd => "ru_msgsnd"),
                field!(Rusage, ru_msgrcv => "ru_msgrcv"),
                field!(Rusage, ru_nsignals => "ru_nsignals"),
                field!(Rusage, ru_nvcsw => "ru_nvcsw"),
                field!(Rusage, ru_nivcsw => "ru_nivcsw"),
            ],
        },
    ];
    // Every field is listed: the listed fields tile the struct exactly, with no gap.
    for layout in &layouts {
        let mut end = 0;
        for field in &layout.fields {
            assert_eq!(
                field.offset, end,
                "{}: field {} is not where the previous one ends (a field is missing)",
                layout.rust_name, field.c_name
            );
            end = field.offset + field.size;
        }
        assert_eq!(
            end, layout.size,
            "{}: the listed fields do not cover the struct",
            layout.rust_name
        );
    }
    layouts
}

/// The checks for `arch`: its system call numbers, and everything that is the same on all.
fn checks_for(arch: &Arch) -> Vec<Check> {
    let mut checks = Vec::new();
    for (source, value) in numbers_for(arch) {
        let name = source.rsplit([' ', ':']).next().unwrap();
        let c_name = kernel_name(name);
        checks.push(check(
            format!("{c_name} == {value}"),
            format!("{c_name} == {value} on {} ({source})", arch.name),
        ));
    }
    for resource in Resource::ALL {
        let c_name = format!("RLIMIT_{}", resource.name());
        let value = resource.as_raw();
        checks.push(check(
            format!("{c_name} == {value}"),
            format!("{c_name} == {value} (Resource::{resource:?}.as_raw())"),
        ));
    }
    checks.push(check(
        format!("RLIM_NLIMITS == {RLIM_NLIMITS}"),
        format!("RLIM_NLIMITS == {RLIM_NLIMITS}"),
    ));
    for (c_name, rust_name, value) in [
        ("RLIM_INFINITY", "RLIM_INFINITY", RLIM_INFINITY),
        // prlimit64 takes RLIM64_INFINITY; the crate uses one value for both.
        ("RLIM64_INFINITY", "RLIM_INFINITY", RLIM_INFINITY),
        // The kernel headers do not define RLIM_SAVED_*; on Linux (glibc) both are RLIM_INFINITY.
        ("RLIM_INFINITY", "RLIM_SAVED_CUR", RLIM_SAVED_CUR),
        ("RLIM_INFINITY", "RLIM_SAVED_MAX", RLIM_SAVED_MAX),
    ] {
        checks.push(check(
            format!("(unsigned long long){c_name} == {value}ULL"),
            format!("{c_name} == {value} ({rust_name})"),
        ));
    }
    for (name, value) in [
        ("RUSAGE_SELF", RUSAGE_SELF),
        ("RUSAGE_CHILDREN", RUSAGE_CHILDREN),
        ("RUSAGE_BOTH", RUSAGE_BOTH),
        ("RUSAGE_THREAD", RUSAGE_THREAD),
    ] {
        checks.push(check(
            format!("{name} == {value}"),
            format!("{name} == {value}"),
        ));
    }
    for layout in layouts() {
        let (c, rust) = (layout.c_name, layout.rust_name);
        checks.push(check(
            format!("sizeof({c}) == {}", layout.size),
            format!("sizeof({c}) == size_of::<{rust}>() == {}", layout.size),
        ));
        checks.push(check(
            format!("_Alignof({c}) == {}", layout.align),
            format!("_Alignof({c}) == align_of::<{rust}>() == {}", layout.align),
        ));
        for f in &layout.fields {
            let member = format!("(({c} *)0)->{}", f.c_name);
            checks.push(check(
                format!("offsetof({c}, {}) == {}", f.c_name, f.offset),
                format!("offsetof({c}, {}) == {} ({rust})", f.c_name, f.offset),
            ));
            checks.push(check(
                format!("sizeof({member}) == {}", f.size),
                format!("sizeof({c}.{}) == {} ({rust})", f.c_name, f.size),
            ));
            if let Some(signed) = f.signed {
                let (op, word) = if signed {
                    ("<", "signed")
                } else {
                    (">", "unsigned")
                };
                checks.push(check(
                    format!("(__typeof__({member}))-1 {op} 0"),
                    format!("{c}.{} is {word} ({rust})", f.c_name),
                ));
            }
            if let Some(c_struct) = f.c_struct {
                checks.push(check(
                    format!("__builtin_types_compatible_p(__typeof__({member}), {c_struct})"),
                    format!("{c}.{} is {c_struct} ({rust})", f.c_name),
                ));
            }
        }
    }
    checks
}

/// The C file: the kernel headers, then one `_Static_assert` per check.
fn c_source(checks: &[Check]) -> String {
    let mut source = String::from(
        "#include <stddef.h>\n\
         #include <linux/resource.h>\n\
         #include <linux/time_types.h>\n\
         #include <asm/unistd.h>\n\n",
    );
    for c in checks {
        // The message is a C string literal: keep it free of quotes and backslashes.
        assert!(!c.what.contains(['"', '\\']), "bad message {}", c.what);
        writeln!(source, "_Static_assert({}, \"{}\");", c.expr, c.what).unwrap();
    }
    source
}

/// Compiles `source` with `arch`'s gcc (syntax only); returns whether it compiled, and stderr.
/// A compiler that cannot be run fails the test, naming the package to install.
fn compile(arch: &Arch, source: &str) -> (bool, String) {
    let mut child = Command::new(arch.cc)
        .args(["-std=c11", "-fsyntax-only", "-Werror", "-x", "c", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}): the {} checks need it; install the Debian packages {} and \
                 {} (bash .ci/test does)",
                arch.cc, arch.name, arch.cc_package, arch.headers_package
            )
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr)
}

/// Asserts that every check for `arch` holds against its kernel headers.
fn assert_headers_agree(arch: &Arch) {
    let checks = checks_for(arch);
    let source = c_source(&checks);
    let (ok, stderr) = compile(arch, &source);
    assert!(
        ok,
        "{} rejects the crate's values for {} (kernel headers of package {}):\n{stderr}\n\
         --- generated C ---\n{source}",
        arch.cc, arch.name, arch.headers_package
    );
    // The headers that gcc found are the ones meant: a check that names a missing macro or
    // struct is an error above, so nothing here passes vacuously.
    assert!(checks.len() > 100, "only {} checks generated", checks.len());
}

#[test]
fn kernel_headers_x86_64() {
    assert_headers_agree(&X86_64);
}

#[test]
fn kernel_headers_aarch64() {
    assert_headers_agree(&AARCH64);
}

#[test]
fn kernel_headers_riscv64() {
    assert_headers_agree(&RISCV64);
}

/// The checker is not vacuous: the same file with one wrong value, taken from the crate and
/// changed by one, is rejected by the compiler, for that check alone.
#[test]
fn checker_rejects_wrong_values() {
    let checks = checks_for(THIS_ARCH);
    let getrlimit = format!("__NR_getrlimit == {}", raw::NR_GETRLIMIT);
    let nofile = format!("RLIMIT_NOFILE == {}", Resource::Nofile.as_raw());
    let nivcsw = format!(
        "offsetof(struct rusage, ru_nivcsw) == {}",
        offset_of!(Rusage, ru_nivcsw)
    );
    let wrong_values = [
        (
            getrlimit,
            format!("__NR_getrlimit == {}", raw::NR_GETRLIMIT + 1),
        ),
        (
            nofile,
            format!("RLIMIT_NOFILE == {}", Resource::Nofile.as_raw() + 1),
        ),
        (
            nivcsw,
            format!(
                "offsetof(struct rusage, ru_nivcsw) == {}",
                offset_of!(Rusage, ru_nivcsw) + 8
            ),
        ),
    ];
    for (right, wrong) in wrong_values {
        let mut changed = 0;
        let mut what = String::new();
        let source = c_source(
            &checks
                .iter()
                .map(|c| {
                    if c.expr == right {
                        changed += 1;
                        what.clone_from(&c.what);
                        check(wrong.clone(), c.what.clone())
                    } else {
                        check(c.expr.clone(), c.what.clone())
                    }
                })
                .collect::<Vec<_>>(),
        );
        assert_eq!(changed, 1, "no check `{right}` to change");
        let (ok, stderr) = compile(THIS_ARCH, &source);
        assert!(
            !ok,
            "{} accepted the wrong value `{wrong}`: the checker proves nothing",
            THIS_ARCH.cc
        );
        let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
        assert_eq!(
            errors.len(),
            1,
            "expected exactly one error, for `{wrong}`:\n{stderr}"
        );
        assert!(
            errors[0].contains("static assertion failed") && errors[0].contains(&what),
            "the error is not the wrong value's assertion `{what}`:\n{stderr}"
        );
    }
}

/// The numbers read from this architecture's source file are the ones compiled in, so reading
/// the other architectures' files the same way gives their compiled numbers too.
#[test]
fn arch_sources_agree_with_the_compiled_numbers() {
    let mut from_source = numbers_in_source(THIS_ARCH);
    let mut compiled: Vec<(String, u32)> = COMPILED_NUMBERS
        .iter()
        .map(|&(name, value)| (name.to_owned(), value))
        .collect();
    from_source.sort();
    compiled.sort();
    assert_eq!(from_source, compiled, "arch/{}.rs", THIS_ARCH.name);
    for arch in [&X86_64, &AARCH64, &RISCV64] {
        // Names the same constants as raw (asserted inside).
        numbers_for(arch);
    }
}

/// Every `pub const NR_*` in `src/raw.rs` is in `COMPILED_NUMBERS`, so none goes unchecked.
#[test]
fn every_raw_number_is_checked() {
    let mut declared: Vec<&str> = include_str!("../src/raw.rs")
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub const NR_"))
        .map(|rest| {
            let name = rest.split(':').next().unwrap().trim();
            &rest[..name.len()]
        })
        .collect();
    let mut checked: Vec<&str> = COMPILED_NUMBERS
        .iter()
        .map(|&(name, _)| name.strip_prefix("NR_").unwrap())
        .collect();
    assert!(
        !declared.is_empty(),
        "no `pub const NR_` found in src/raw.rs"
    );
    declared.sort_unstable();
    checked.sort_unstable();
    assert_eq!(
        declared, checked,
        "src/raw.rs declares other NR_* than tests/kernel_headers.rs checks: add them to \
         COMPILED_NUMBERS"
    );
}
