//! The crate's constants and struct layouts, checked against the Linux kernel headers by a C
//! compiler.
//!
//! Each test generates a C file of `_Static_assert`s whose expected values come from the crate
//! (`arch/*.rs`, `Resource::ALL`, `RLIM_*`, `RUSAGE_*`, `Errno`, and the layouts of `Rlimit`
//! and the kernel structs of `raw`), then has that architecture's gcc (`zig cc` for
//! loongarch64, which has no gcc in Debian) compile it against that architecture's kernel
//! headers (`<linux/resource.h>`, `<asm/unistd.h>`, `<asm/errno.h>`): a wrong value in the
//! crate is a compile error. `host_checker_rejects_wrong_values` proves that the
//! checker does fail on a wrong value.
//!
//! What each run proves:
//! - Every system call number of every architecture, read from its `arch/*.rs` file, against
//!   that architecture's headers: the native x86_64 run alone checks every architecture.
//!   `compiled_numbers_are_the_arch_files` proves that the numbers compiled into this
//!   run (`raw::NR_*`) are the ones read from this architecture's file.
//! - An architecture whose targets come in both byte orders (mips: mipsel and mips, one arch
//!   file) is checked with each of its gccs, and each gcc's byte order is asserted
//!   (`__BYTE_ORDER__`); `this_targets_gcc_is_checked` proves that this target's own is one.
//! - The layouts of `Rlimit` (`struct rlimit64`) and of `raw::KernelRlimit`,
//!   `raw::KernelTimeval` and `raw::KernelRusage` (`struct rlimit`,
//!   `struct __kernel_old_timeval`, `struct rusage`) on every architecture, from the field
//!   types the crate declares and the architecture's `long` and `__u64` alignment;
//!   `compiled_layouts_are_the_model` proves that this model is what the compiler made of the
//!   crate on this architecture (so each architecture's own run under qemu-user checks it
//!   there).
//! - The resource numbers, `RLIM_*` and `RUSAGE_*`, the same everywhere, on every architecture;
//!   this architecture's errno numbering (`Errno`), on this architecture.
//!
//! A missing compiler or missing headers is a test failure, never a skip: `bash .ci/test`
//! installs them (the Debian packages named in `tests/common/arches.rs`).

use crate::common;

use common::arches::{self, ARCHES, Arch, Cc};
use linux_resource::raw::{self, KernelRlimit, KernelRusage, KernelTimeval};
use linux_resource::{
    Errno, RLIM_INFINITY, RLIM_NLIMITS, RLIM_SAVED_CUR, RLIM_SAVED_MAX, RUSAGE_BOTH,
    RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD, Resource, Rlimit,
};
use std::fmt::Write as _;
use std::io::Write as _;
use std::mem::{align_of, offset_of, size_of};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// The C type of a field of a struct the kernel reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CType {
    /// `__u64`.
    U64,
    /// `__kernel_long_t` (`long`).
    Long,
    /// `__kernel_ulong_t` (`unsigned long`).
    Ulong,
    /// `struct __kernel_old_timeval`.
    Timeval,
    /// `__u32`.
    U32,
    /// `int`.
    Int,
}

impl CType {
    /// (size, alignment) on `arch`.
    fn size_align(self, arch: &Arch) -> (usize, usize) {
        match self {
            CType::U64 => (8, arch.u64_align),
            CType::Long | CType::Ulong => (arch.long_bytes, arch.long_bytes),
            CType::Timeval => (2 * arch.long_bytes, arch.long_bytes),
            CType::U32 | CType::Int => (4, 4),
        }
    }

    fn signed(self) -> Option<bool> {
        match self {
            CType::U64 | CType::Ulong | CType::U32 => Some(false),
            CType::Long | CType::Int => Some(true),
            CType::Timeval => None,
        }
    }

    fn c_struct(self) -> Option<&'static str> {
        (self == CType::Timeval).then_some("struct __kernel_old_timeval")
    }
}

/// A struct of the crate, the C struct it must be, and its fields' C names and types in order.
struct Spec {
    c_name: &'static str,
    rust_name: &'static str,
    fields: &'static [(&'static str, CType)],
}

const RUSAGE_FIELDS: &[(&str, CType)] = &[
    ("ru_utime", CType::Timeval),
    ("ru_stime", CType::Timeval),
    ("ru_maxrss", CType::Long),
    ("ru_ixrss", CType::Long),
    ("ru_idrss", CType::Long),
    ("ru_isrss", CType::Long),
    ("ru_minflt", CType::Long),
    ("ru_majflt", CType::Long),
    ("ru_nswap", CType::Long),
    ("ru_inblock", CType::Long),
    ("ru_oublock", CType::Long),
    ("ru_msgsnd", CType::Long),
    ("ru_msgrcv", CType::Long),
    ("ru_nsignals", CType::Long),
    ("ru_nvcsw", CType::Long),
    ("ru_nivcsw", CType::Long),
];

/// Every struct the crate hands the kernel.
const SPECS: &[Spec] = &[
    // prlimit64 on every architecture.
    Spec {
        c_name: "struct rlimit64",
        rust_name: "Rlimit",
        fields: &[("rlim_cur", CType::U64), ("rlim_max", CType::U64)],
    },
    // getrlimit and setrlimit.
    Spec {
        c_name: "struct rlimit",
        rust_name: "raw::KernelRlimit",
        fields: &[("rlim_cur", CType::Ulong), ("rlim_max", CType::Ulong)],
    },
    Spec {
        c_name: "struct __kernel_old_timeval",
        rust_name: "raw::KernelTimeval",
        fields: &[("tv_sec", CType::Long), ("tv_usec", CType::Long)],
    },
    Spec {
        c_name: "struct rusage",
        rust_name: "raw::KernelRusage",
        fields: RUSAGE_FIELDS,
    },
    // capget (`apply_limits`).
    Spec {
        c_name: "struct __user_cap_header_struct",
        rust_name: "raw::CapUserHeader",
        fields: &[("version", CType::U32), ("pid", CType::Int)],
    },
    Spec {
        c_name: "struct __user_cap_data_struct",
        rust_name: "raw::CapUserData",
        fields: &[
            ("effective", CType::U32),
            ("permitted", CType::U32),
            ("inheritable", CType::U32),
        ],
    },
];

/// A layout: size, alignment, and each field's (C name, offset, size, type).
#[derive(Debug, PartialEq, Eq)]
struct Layout {
    size: usize,
    align: usize,
    fields: Vec<(&'static str, usize, usize, CType)>,
}

/// The layout `spec` has on `arch`, laid out as C lays out a struct.
fn model(arch: &Arch, spec: &Spec) -> Layout {
    let (mut end, mut align) = (0usize, 1usize);
    let mut fields = Vec::new();
    for &(name, ty) in spec.fields {
        let (size, field_align) = ty.size_align(arch);
        let offset = end.next_multiple_of(field_align);
        fields.push((name, offset, size, ty));
        end = offset + size;
        align = align.max(field_align);
    }
    Layout {
        size: end.next_multiple_of(align),
        align,
        fields,
    }
}

/// The size of the field that `get` selects.
fn size_of_field<T, F>(_get: fn(&T) -> &F) -> usize {
    size_of::<F>()
}

/// `(C name, offset, size, C type)` of a field of a compiled struct.
macro_rules! compiled_field {
    ($ty:ty, $rust:ident => $c:literal, $c_type:expr) => {
        (
            $c,
            offset_of!($ty, $rust),
            size_of_field(|v: &$ty| &v.$rust),
            $c_type,
        )
    };
}

/// The layouts the compiler gave the crate's structs on this architecture, with the C type
/// each field's Rust type stands for (`u64`, `c_ulong`, `c_long`, `KernelTimeval`, checked
/// where `compiled_field_types_are_the_c_types` compiles).
fn compiled(spec: &Spec) -> Layout {
    use CType::*;
    let (size, align, fields) = match spec.rust_name {
        "Rlimit" => (
            size_of::<Rlimit>(),
            align_of::<Rlimit>(),
            vec![
                compiled_field!(Rlimit, soft => "rlim_cur", U64),
                compiled_field!(Rlimit, hard => "rlim_max", U64),
            ],
        ),
        "raw::KernelRlimit" => (
            size_of::<KernelRlimit>(),
            align_of::<KernelRlimit>(),
            vec![
                compiled_field!(KernelRlimit, rlim_cur => "rlim_cur", Ulong),
                compiled_field!(KernelRlimit, rlim_max => "rlim_max", Ulong),
            ],
        ),
        "raw::KernelTimeval" => (
            size_of::<KernelTimeval>(),
            align_of::<KernelTimeval>(),
            vec![
                compiled_field!(KernelTimeval, tv_sec => "tv_sec", Long),
                compiled_field!(KernelTimeval, tv_usec => "tv_usec", Long),
            ],
        ),
        "raw::KernelRusage" => (
            size_of::<KernelRusage>(),
            align_of::<KernelRusage>(),
            vec![
                compiled_field!(KernelRusage, ru_utime => "ru_utime", Timeval),
                compiled_field!(KernelRusage, ru_stime => "ru_stime", Timeval),
                compiled_field!(KernelRusage, ru_maxrss => "ru_maxrss", Long),
                compiled_field!(KernelRusage, ru_ixrss => "ru_ixrss", Long),
                compiled_field!(KernelRusage, ru_idrss => "ru_idrss", Long),
                compiled_field!(KernelRusage, ru_isrss => "ru_isrss", Long),
                compiled_field!(KernelRusage, ru_minflt => "ru_minflt", Long),
                compiled_field!(KernelRusage, ru_majflt => "ru_majflt", Long),
                compiled_field!(KernelRusage, ru_nswap => "ru_nswap", Long),
                compiled_field!(KernelRusage, ru_inblock => "ru_inblock", Long),
                compiled_field!(KernelRusage, ru_oublock => "ru_oublock", Long),
                compiled_field!(KernelRusage, ru_msgsnd => "ru_msgsnd", Long),
                compiled_field!(KernelRusage, ru_msgrcv => "ru_msgrcv", Long),
                compiled_field!(KernelRusage, ru_nsignals => "ru_nsignals", Long),
                compiled_field!(KernelRusage, ru_nvcsw => "ru_nvcsw", Long),
                compiled_field!(KernelRusage, ru_nivcsw => "ru_nivcsw", Long),
            ],
        ),
        "raw::CapUserHeader" => (
            size_of::<raw::CapUserHeader>(),
            align_of::<raw::CapUserHeader>(),
            vec![
                compiled_field!(raw::CapUserHeader, version => "version", U32),
                compiled_field!(raw::CapUserHeader, pid => "pid", Int),
            ],
        ),
        "raw::CapUserData" => (
            size_of::<raw::CapUserData>(),
            align_of::<raw::CapUserData>(),
            vec![
                compiled_field!(raw::CapUserData, effective => "effective", U32),
                compiled_field!(raw::CapUserData, permitted => "permitted", U32),
                compiled_field!(raw::CapUserData, inheritable => "inheritable", U32),
            ],
        ),
        other => panic!("no compiled layout for {other}"),
    };
    Layout {
        size,
        align,
        fields,
    }
}

// The Rust field types are the C types `compiled` says they are.
const _: () = {
    use std::ffi::{c_long, c_ulong};
    const fn is<T>(_: fn(&T)) {}
    is::<u64>(|_| {});
    let _: fn(&Rlimit) -> (&u64, &u64) = |r| (&r.soft, &r.hard);
    let _: fn(&KernelRlimit) -> (&c_ulong, &c_ulong) = |r| (&r.rlim_cur, &r.rlim_max);
    let _: fn(&KernelTimeval) -> (&c_long, &c_long) = |t| (&t.tv_sec, &t.tv_usec);
    let _: fn(&KernelRusage) -> (&KernelTimeval, &KernelTimeval, &c_long, &c_long) =
        |u| (&u.ru_utime, &u.ru_stime, &u.ru_maxrss, &u.ru_nivcsw);
};

/// The system call numbers and other C constants of `arch/<name>.rs`, as checks.
fn number_checks(arch: &Arch) -> Vec<Check> {
    let mut checks: Vec<Check> = arches::numbers(arch)
        .into_iter()
        .map(|(name, value)| {
            let c_name = arches::kernel_name(&name);
            check(
                format!("{c_name} == {value}"),
                format!(
                    "{c_name} == {value} on {} (arch/{}.rs {name})",
                    arch.name, arch.name
                ),
            )
        })
        .collect();
    let constants = arches::c_constants(arch);
    assert!(
        !constants.is_empty(),
        "arch/{}.rs: no C constants",
        arch.name
    );
    for (name, value) in constants {
        checks.push(check(
            format!("(unsigned int){name} == {value}u"),
            format!("{name} == {value} on {} (arch/{}.rs)", arch.name, arch.name),
        ));
    }
    checks
}

/// The checks for `arch`.
fn checks_for(arch: &Arch) -> Vec<Check> {
    let mut checks = number_checks(arch);
    if arch.name == arches::this_arch().name {
        // Errno's numbering is this architecture's (powerpc's and MIPS's differ): every number it
        // names,
        // and the constants that share a number with another (EWOULDBLOCK, EDEADLOCK).
        let mut errnos: Vec<(&str, i32)> = (1..4096)
            .filter_map(|raw| Some((Errno::new(raw).name()?, raw)))
            .collect();
        errnos.push(("EWOULDBLOCK", Errno::EWOULDBLOCK.into_raw()));
        errnos.push(("EDEADLOCK", Errno::EDEADLOCK.into_raw()));
        for (name, raw) in errnos {
            checks.push(check(
                format!("{name} == {raw}"),
                format!("{name} == {raw} (Errno::{name} on {})", arch.name),
            ));
        }
        // libc, the tests' oracle, numbers the signals the tests expect as this kernel does
        // (MIPS's differ: SIGCHLD 18, SIGXCPU 30, SIGXFSZ 31). libc 0.2.187 to 0.2.191 at least
        // give mips64 the generic numbers; Cargo.lock holds 0.2.186.
        for (name, value) in [
            ("SIGKILL", libc::SIGKILL),
            ("SIGCHLD", libc::SIGCHLD),
            ("SIGXCPU", libc::SIGXCPU),
            ("SIGXFSZ", libc::SIGXFSZ),
            ("SIGUSR1", libc::SIGUSR1),
        ] {
            checks.push(check(
                format!("{name} == {value}"),
                format!("{name} == {value} (libc::{name} on {})", arch.name),
            ));
        }
    }
    if arch.name == arches::this_arch().name {
        // The signal names WaitStatus shows (src/signal.rs, the arch file's SIGNAL_NUMBERING)
        // are the kernel's numbers: each of 1..=31 that it names.
        for signal in 1..=31 {
            let shown = linux_resource::WaitStatus::Signaled {
                signal,
                core_dumped: false,
            }
            .to_string();
            if let Some(name) = shown
                .strip_prefix(&format!("signal: {signal} ("))
                .and_then(|rest| rest.strip_suffix(')'))
            {
                checks.push(check(
                    format!("{name} == {signal}"),
                    format!(
                        "{name} == {signal} (the name WaitStatus shows on {})",
                        arch.name
                    ),
                ));
            }
        }
    }
    // The resources numbered per architecture (MIPS's differ) are the arch file's constants,
    // checked above for every architecture; the compiled numbers of all 16 on this one.
    let per_arch: Vec<String> = arches::c_constants(arch)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.starts_with("RLIMIT_"))
        .collect();
    assert_eq!(per_arch.len(), 5, "{}: {per_arch:?}", arch.name);
    let this_arch = arch.name == arches::this_arch().name;
    for resource in Resource::ALL {
        let c_name = format!("RLIMIT_{}", resource.name());
        if !this_arch && per_arch.contains(&c_name) {
            continue;
        }
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
        // prlimit64 takes RLIM64_INFINITY; the crate uses one value for both.
        ("RLIM64_INFINITY", "RLIM_INFINITY", RLIM_INFINITY),
        // The kernel headers do not define RLIM_SAVED_*; on Linux (glibc) both are infinity.
        ("RLIM64_INFINITY", "RLIM_SAVED_CUR", RLIM_SAVED_CUR),
        ("RLIM64_INFINITY", "RLIM_SAVED_MAX", RLIM_SAVED_MAX),
    ] {
        checks.push(check(
            format!("(unsigned long long){c_name} == {value}ULL"),
            format!("{c_name} == {value} ({rust_name})"),
        ));
    }
    // The kernel's own RLIM_INFINITY is an `unsigned long`, as the arch file declares it:
    // ~0UL (the crate's on 64-bit architectures, 0xffffffff in the 32-bit `struct rlimit` of
    // armv7 and i686), or o32's 0x7fffffff.
    let ulong_infinity = arches::kernel_rlim_infinity(arch);
    checks.push(check(
        format!("(unsigned long long)RLIM_INFINITY == {ulong_infinity}ULL"),
        format!(
            "RLIM_INFINITY == {ulong_infinity} in struct rlimit on {} (arch/{}.rs)",
            arch.name, arch.name
        ),
    ));
    for (name, value) in [
        // capget's (`apply_limits`).
        (
            "_LINUX_CAPABILITY_VERSION_3",
            raw::LINUX_CAPABILITY_VERSION_3 as i32,
        ),
        ("CAP_SYS_RESOURCE", raw::CAP_SYS_RESOURCE as i32),
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
    for spec in SPECS {
        let layout = model(arch, spec);
        let (c, rust) = (spec.c_name, spec.rust_name);
        checks.push(check(
            format!("sizeof({c}) == {}", layout.size),
            format!(
                "sizeof({c}) == size_of::<{rust}>() == {} on {}",
                layout.size, arch.name
            ),
        ));
        checks.push(check(
            format!("_Alignof({c}) == {}", layout.align),
            format!(
                "_Alignof({c}) == align_of::<{rust}>() == {} on {}",
                layout.align, arch.name
            ),
        ));
        for &(name, offset, size, ty) in &layout.fields {
            let member = format!("(({c} *)0)->{name}");
            checks.push(check(
                format!("offsetof({c}, {name}) == {offset}"),
                format!("offsetof({c}, {name}) == {offset} ({rust})"),
            ));
            checks.push(check(
                format!("sizeof({member}) == {size}"),
                format!("sizeof({c}.{name}) == {size} ({rust})"),
            ));
            if let Some(signed) = ty.signed() {
                let (op, word) = if signed {
                    ("<", "signed")
                } else {
                    (">", "unsigned")
                };
                checks.push(check(
                    format!("(__typeof__({member}))-1 {op} 0"),
                    format!("{c}.{name} is {word} ({rust})"),
                ));
            }
            if let Some(c_struct) = ty.c_struct() {
                checks.push(check(
                    format!("__builtin_types_compatible_p(__typeof__({member}), {c_struct})"),
                    format!("{c}.{name} is {c_struct} ({rust})"),
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
         #include <asm/unistd.h>\n\
         #include <asm/errno.h>\n\
         #include <asm/termios.h>\n\
         #include <asm/signal.h>\n\
         #include <asm/fcntl.h>\n\
         #include <linux/capability.h>\n\n",
    );
    for c in checks {
        // The message is a C string literal: keep it free of quotes and backslashes.
        assert!(!c.what.contains(['"', '\\']), "bad message {}", c.what);
        writeln!(source, "_Static_assert({}, \"{}\");", c.expr, c.what).unwrap();
    }
    source
}

/// Compiles `source` with `cc`, a C compiler of `arch`; returns whether it compiled, and stderr.
/// A compiler that cannot be run fails the test, naming the packages to install.
fn compile(arch: &Arch, cc: &Cc, source: &str) -> (bool, String) {
    // `zig cc` (the executable that .ci/lib.sh installs and names in LINUX_RESOURCE_ZIG, or zig
    // on PATH) takes no -fsyntax-only (it then looks for an output file it never made) and takes
    // `-o /dev/null` for no name (it writes `-.o` into the working directory): it compiles to an
    // object file of its own in the temporary directory, removed below.
    static OBJECTS: AtomicUsize = AtomicUsize::new(0);
    let mut object = None;
    let mut command = match cc.zig_target {
        Some(target) => {
            let path = std::env::temp_dir().join(format!(
                "linux-resource-header-checks-{}-{}.o",
                std::process::id(),
                OBJECTS.fetch_add(1, Ordering::Relaxed)
            ));
            let zig = std::env::var_os("LINUX_RESOURCE_ZIG").unwrap_or_else(|| "zig".into());
            let mut command = Command::new(zig);
            command.args(["cc", "-target", target, "-c", "-o"]);
            command.arg(&path);
            object = Some(path);
            command
        }
        None => {
            let mut command = Command::new(cc.command);
            command.arg("-fsyntax-only");
            command
        }
    };
    let mut child = command
        .args(["-std=c11", "-Werror", "-x", "c", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            let install = if cc.zig_target.is_some() {
                format!(
                    "install {} and name its zig in LINUX_RESOURCE_ZIG",
                    cc.package
                )
            } else {
                format!(
                    "install the Debian packages {} and {}",
                    cc.package, cc.headers_package
                )
            };
            panic!(
                "cannot run {} ({e}): the {} checks need it; {install} (bash .ci/test does)",
                cc.command, arch.name
            )
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    if let Some(object) = object {
        let _ = std::fs::remove_file(object);
    }
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr)
}

/// The check that `cc` compiles for the byte order its entry in tests/common/arches.rs says:
/// the same arch file is checked against each of its gccs (mips: mipsel and mips).
fn byte_order_check(cc: &Cc) -> Check {
    let order = if cc.big_endian { "BIG" } else { "LITTLE" };
    check(
        format!("__BYTE_ORDER__ == __ORDER_{order}_ENDIAN__"),
        format!(
            "{} compiles {}-endian code (tests/common/arches.rs)",
            cc.command,
            order.to_ascii_lowercase()
        ),
    )
}

/// The check that `cc` compiles for the float ABI its entry says, where it names one (arm:
/// `__ARM_PCS_VFP` is 1 with the hard-float ABI, `__SOFTFP__` 1 with soft float; either is
/// undeclared, and the check an error, with the other).
fn float_abi_check(cc: &Cc) -> Option<Check> {
    let macro_name = if cc.hard_float? {
        "__ARM_PCS_VFP"
    } else {
        "__SOFTFP__"
    };
    Some(check(
        format!("{macro_name} == 1"),
        format!(
            "{} compiles {}-float code (tests/common/arches.rs)",
            cc.command,
            if cc.hard_float? { "hard" } else { "soft" }
        ),
    ))
}

/// Asserts that every check for `arch` holds against the kernel headers of its gcc `cc`.
fn assert_headers_agree(arch: &Arch, cc: &Cc) {
    let mut checks = checks_for(arch);
    checks.push(byte_order_check(cc));
    checks.extend(float_abi_check(cc));
    let source = c_source(&checks);
    let (ok, stderr) = compile(arch, cc, &source);
    assert!(
        ok,
        "{} rejects the crate's values for {} (kernel headers of package {}):\n{stderr}\n\
         --- generated C ---\n{source}",
        cc.command, arch.name, cc.headers_package
    );
    // The headers that gcc found are the ones meant: a check that names a missing macro or
    // struct is an error above, so nothing here passes vacuously.
    assert!(checks.len() > 100, "only {} checks generated", checks.len());
    println!(
        "{}: {} checks hold ({})",
        arch.name,
        checks.len(),
        cc.command
    );
}

/// Every architecture against its headers, in each byte order Debian builds it for (mips:
/// mipsel and mips).
#[test]
fn host_kernel_headers_of_every_architecture() {
    let mut checked = Vec::new();
    for arch in ARCHES {
        assert!(!arch.cc.is_empty(), "no C compiler for {}", arch.name);
        for cc in arch.cc {
            assert_headers_agree(arch, cc);
            checked.push(cc.command);
        }
    }
    assert!(checked.len() >= 3, "{checked:?}");
}

/// This target's own gcc is among those checked above: its architecture's entry has one for
/// its byte order.
#[test]
fn this_targets_gcc_is_checked() {
    let arch = arches::this_arch();
    let cc = arches::this_cc().unwrap_or_else(|| {
        panic!(
            "tests/common/arches.rs: no gcc for {} in this target's byte order (big-endian: {})",
            arch.name,
            cfg!(target_endian = "big")
        )
    });
    println!("{}: checked with {}", arch.name, cc.command);
}

/// The checker is not vacuous: the same file with one wrong value, taken from the crate and
/// changed by one, is rejected by the compiler, for that check alone.
#[test]
fn host_checker_rejects_wrong_values() {
    let arch = arches::this_arch();
    let cc = arches::this_cc().expect("a gcc for this target");
    let mut checks = checks_for(arch);
    checks.push(byte_order_check(cc));
    let prlimit64 = format!("__NR_prlimit64 == {}", raw::NR_PRLIMIT64);
    let nofile = format!("RLIMIT_NOFILE == {}", Resource::Nofile.as_raw());
    let nivcsw = format!(
        "offsetof(struct rusage, ru_nivcsw) == {}",
        offset_of!(KernelRusage, ru_nivcsw)
    );
    let enosys = format!("ENOSYS == {}", Errno::ENOSYS.into_raw());
    // The other byte order: a gcc listed with the wrong one is caught.
    let byte_order = byte_order_check(cc).expr;
    let other_order = byte_order_check(&Cc {
        big_endian: !cc.big_endian,
        ..*cc
    })
    .expr;
    let wrong_values = [
        (byte_order, other_order),
        (
            enosys,
            format!("ENOSYS == {}", Errno::ENOSYS.into_raw() + 1),
        ),
        (
            prlimit64,
            format!("__NR_prlimit64 == {}", raw::NR_PRLIMIT64 + 1),
        ),
        (
            nofile,
            format!("RLIMIT_NOFILE == {}", Resource::Nofile.as_raw() + 1),
        ),
        (
            nivcsw,
            format!(
                "offsetof(struct rusage, ru_nivcsw) == {}",
                offset_of!(KernelRusage, ru_nivcsw) + 8
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
        assert_rejected_for(arch, cc, &source, &wrong, &what);
    }
}

/// Asserts that `cc` rejects `source`, which holds one wrong check (`wrong`, whose message is
/// `what`), with that check's assertion as its only error.
fn assert_rejected_for(arch: &Arch, cc: &Cc, source: &str, wrong: &str, what: &str) {
    let (ok, stderr) = compile(arch, cc, source);
    assert!(
        !ok,
        "{} accepted the wrong value `{wrong}` for {}: the checker proves nothing",
        cc.command, arch.name
    );
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one error, for `{wrong}`:\n{stderr}"
    );
    assert!(
        errors[0].contains("static assertion failed") && errors[0].contains(what),
        "the error is not the wrong value's assertion `{what}`:\n{stderr}"
    );
}

/// Nor is `zig cc` (loongarch64's checker, which compiles where gcc only checks syntax): its
/// architecture's checks with the byte order turned to the other one are rejected, for that
/// check alone.
#[test]
fn host_zig_checker_rejects_the_other_byte_order() {
    let mut shown = 0;
    for arch in ARCHES {
        for cc in arch.cc.iter().filter(|cc| cc.zig_target.is_some()) {
            let mut checks = checks_for(arch);
            let wrong = byte_order_check(&Cc {
                big_endian: !cc.big_endian,
                ..*cc
            });
            let (expr, what) = (wrong.expr.clone(), wrong.what.clone());
            checks.push(wrong);
            assert_rejected_for(arch, cc, &c_source(&checks), &expr, &what);
            shown += 1;
        }
    }
    assert!(shown > 0, "no architecture is checked with zig cc");
}

/// The numbers compiled into this test (`raw::SYSCALL_NUMBERS`, every number the arch files
/// declare) are the ones read from this architecture's file (and the asm-generic table where it
/// takes that), so reading the other architectures' files the same way gives their compiled
/// numbers too. The calls `raw::getrlimit` and `raw::setrlimit` make are numbers the file
/// declares.
#[test]
fn compiled_numbers_are_the_arch_files() {
    let arch = arches::this_arch();
    let mut compiled: Vec<(String, u32)> = raw::SYSCALL_NUMBERS
        .iter()
        .flat_map(|table| table.iter())
        .map(|&(name, value)| (name.to_owned(), value))
        .collect();
    let mut from_source = arches::numbers(arch);
    compiled.sort();
    from_source.sort();
    assert_eq!(
        compiled, from_source,
        "raw::SYSCALL_NUMBERS on {}",
        arch.name
    );
    for (role, compiled) in [("GETRLIMIT", raw::GETRLIMIT), ("SETRLIMIT", raw::SETRLIMIT)] {
        let named = arches::call(arch, role).map(|nr| arches::number(arch, &nr));
        assert_eq!(compiled, named, "raw::{role} on {}", arch.name);
    }
    for arch in ARCHES {
        for role in ["GETRLIMIT", "SETRLIMIT"] {
            if let Some(nr) = arches::call(arch, role) {
                arches::number(arch, &nr);
            }
        }
    }
}

/// Every number `raw` and the static tools' layer (`syscall::nr`) publish is an arch file's
/// number under its own name (`pub const NR_WAIT4: u32 = arch::NR_WAIT4;`), so each is in
/// `raw::SYSCALL_NUMBERS` and checked with it; and each is there on every architecture, or on
/// every 32-bit one where it is published under `cfg(target_pointer_width = "32")`.
#[test]
fn published_numbers_are_the_arch_files() {
    let sources = [
        (
            "src/raw.rs",
            include_str!("../../src/raw.rs"),
            "pub const NR_",
        ),
        (
            "src/syscall.rs",
            include_str!("../../src/syscall.rs"),
            "pub const ",
        ),
    ];
    let mut published = 0;
    for (file, source, prefix) in sources {
        let mut only_32_bit = false;
        for line in source.lines().map(str::trim) {
            if line == "#[cfg(target_pointer_width = \"32\")]" {
                only_32_bit = true;
                continue;
            }
            let thirty_two = std::mem::take(&mut only_32_bit);
            let Some(rest) = line.strip_prefix(prefix) else {
                continue;
            };
            let Some((name, value)) = rest.split_once(": u32 = ") else {
                continue;
            };
            let Some(nr) = value
                .strip_prefix("arch::NR_")
                .and_then(|v| v.strip_suffix(';'))
            else {
                continue;
            };
            let name = name.strip_prefix("NR_").unwrap_or(name);
            assert_eq!(
                name, nr,
                "{file}: `{line}` publishes a number under another name"
            );
            for arch in ARCHES.iter().filter(|a| !thirty_two || a.long_bytes == 4) {
                arches::number(arch, &format!("NR_{nr}"));
            }
            published += 1;
        }
    }
    assert!(published >= 10, "only {published} published numbers found");
}

/// The resource numbers and the `struct rlimit` infinity compiled into this test are the ones
/// read from this architecture's file (which the header checks check on every architecture).
#[test]
fn compiled_resource_numbers_are_the_arch_files() {
    let arch = arches::this_arch();
    let per_arch = arches::c_constants(arch);
    let mut seen = 0;
    for resource in Resource::ALL {
        let c_name = format!("RLIMIT_{}", resource.name());
        if let Some(&(_, value)) = per_arch.iter().find(|(name, _)| *name == c_name) {
            assert_eq!(resource.as_raw(), value, "{c_name} on {}", arch.name);
            seen += 1;
        }
    }
    assert_eq!(seen, 5, "the five resources numbered per architecture");
    #[allow(clippy::useless_conversion)] // `c_ulong` is `u64` on 64-bit architectures.
    let compiled = u64::from(raw::KERNEL_RLIM_INFINITY);
    assert_eq!(
        compiled,
        arches::kernel_rlim_infinity(arch),
        "raw::KERNEL_RLIM_INFINITY on {}",
        arch.name
    );
}

/// The static tool's constants compiled into this test (`linux_resource::syscall`, feature
/// `unstable-syscall`) are the ones read from this architecture's file.
#[cfg(feature = "unstable-syscall")]
#[test]
fn compiled_tool_constants_are_the_arch_files() {
    use linux_resource::syscall;
    let arch = arches::this_arch();
    let constants = arches::c_constants(arch);
    for (name, compiled) in [
        ("TCGETS", syscall::TCGETS),
        ("TIOCGWINSZ", syscall::TIOCGWINSZ),
        ("O_CREAT", syscall::O_CREAT),
        ("O_TRUNC", syscall::O_TRUNC),
        ("O_APPEND", syscall::O_APPEND),
        ("O_LARGEFILE", syscall::O_LARGEFILE),
    ] {
        let from_source = constants.iter().find(|(n, _)| n == name).map(|&(_, v)| v);
        assert_eq!(Some(compiled), from_source, "{name} on {}", arch.name);
    }
}

/// The layouts checked on every architecture are what the compiler made of the crate here.
#[test]
fn compiled_layouts_are_the_model() {
    let arch = arches::this_arch();
    for spec in SPECS {
        assert_eq!(
            compiled(spec),
            model(arch, spec),
            "{} on {}",
            spec.rust_name,
            arch.name
        );
        // The listed fields tile the struct: none is missing.
        let layout = compiled(spec);
        let mut end = 0;
        for &(name, offset, size, _) in &layout.fields {
            assert_eq!(
                offset, end,
                "{}: a field is missing before {name}",
                spec.rust_name
            );
            end = offset + size;
        }
        assert_eq!(
            end, layout.size,
            "{}: fields do not cover it",
            spec.rust_name
        );
    }
}
