//! Every architecture the crate supports, as the tests need to know it: its `arch/*.rs` source
//! (compiled in, so that the checks run where no source tree is), its C compiler and kernel
//! headers, and the sizes that shape its kernel structs. Adding an architecture adds one entry
//! here; everything else the tests know of it they read from its arch file.

/// One supported architecture.
pub struct Arch {
    /// `target_arch`, and the name of its file `arch/<name>.rs`.
    pub name: &'static str,
    /// Its C compilers and the packages of each and of its kernel headers, one per byte order its
    /// targets come in (mips: mipsel and mips, one o32 ABI and one arch file; powerpc64:
    /// powerpc64le and powerpc64): Debian's gcc, or zig where Debian has none (loongarch64).
    pub cc: &'static [Cc],
    /// The source of `arch/<name>.rs`.
    pub source: &'static str,
    /// The size of the kernel's `long` (`__kernel_long_t`): 8, or 4 on 32-bit architectures.
    pub long_bytes: usize,
    /// The alignment of a `__u64` member of a struct: 8, or 4 on i686.
    pub u64_align: usize,
    /// What the system call instruction overwrites besides the result register, as the
    /// kernel's ABI documents it: the `asm!` operands every definition of the arch file's
    /// `syscall_asm!` must declare (tests/abi/arch_source.rs).
    pub clobbers: &'static [&'static str],
    /// Argument registers the kernel may change: each wrapper declares each of them an output
    /// (`inlateout(..) .. => _` when it passes an argument there, `lateout(..) _` when not).
    pub volatile_args: &'static [&'static str],
    /// Whether the kernel returns with the flags as they were (`preserves_flags` declared):
    /// not on powerpc, whose `sc` reports errors in CR0.
    pub preserves_flags: bool,
    /// The wrappers that pass an argument on the stack, and so do not declare `nostack`, with
    /// the instructions that make, fill and remove their stack frame (mips o32's fifth
    /// argument, at 16($sp)); every other wrapper declares `nostack`.
    pub stack_args: &'static [(&'static str, &'static [&'static str])],
}

/// A C compiler for an architecture, and the packages that provide it and its headers.
pub struct Cc {
    /// The compiler: a Debian gcc, or `zig` (`zig cc`, where Debian has no gcc).
    pub command: &'static str,
    pub package: &'static str,
    pub headers_package: &'static str,
    /// Whether it compiles for big-endian (the header checks assert what its compiler says).
    pub big_endian: bool,
    /// Where an architecture comes in two float ABIs (arm: `arm-linux-gnueabihf` passes floats
    /// in VFP registers, `arm-linux-gnueabi` is soft float), whether this gcc's is the hard one
    /// (Rust's `target_abi = "eabihf"`; the header checks assert `__ARM_PCS_VFP` or
    /// `__SOFTFP__`); `None` where there is one.
    pub hard_float: Option<bool>,
    /// For `zig`, zig's name of the target (`zig cc -target`): clang with the Linux headers that
    /// zig ships for it (the kernel's own `make headers_install`). `None` for a gcc.
    pub zig_target: Option<&'static str>,
}

pub const ARCHES: &[Arch] = &[
    Arch {
        name: "x86_64",
        cc: &[Cc {
            command: "x86_64-linux-gnu-gcc",
            package: "gcc",
            headers_package: "linux-libc-dev",
            big_endian: false,
            hard_float: None,
            zig_target: None,
        }],
        source: include_str!("../../arch/x86_64.rs"),
        long_bytes: 8,
        u64_align: 8,
        clobbers: &["lateout(\"rcx\") _", "lateout(\"r11\") _"],
        volatile_args: &[],
        preserves_flags: true,
        stack_args: &[],
    },
    Arch {
        name: "aarch64",
        cc: &[Cc {
            command: "aarch64-linux-gnu-gcc",
            package: "gcc-aarch64-linux-gnu",
            headers_package: "linux-libc-dev-arm64-cross",
            big_endian: false,
            hard_float: None,
            zig_target: None,
        }],
        source: include_str!("../../arch/aarch64.rs"),
        long_bytes: 8,
        u64_align: 8,
        clobbers: &[],
        volatile_args: &[],
        preserves_flags: true,
        stack_args: &[],
    },
    Arch {
        name: "riscv64",
        cc: &[Cc {
            command: "riscv64-linux-gnu-gcc",
            package: "gcc-riscv64-linux-gnu",
            headers_package: "linux-libc-dev-riscv64-cross",
            big_endian: false,
            hard_float: None,
            zig_target: None,
        }],
        source: include_str!("../../arch/riscv64.rs"),
        long_bytes: 8,
        u64_align: 8,
        clobbers: RISCV64_VECTOR,
        volatile_args: &[],
        preserves_flags: true,
        stack_args: &[],
    },
    Arch {
        name: "arm",
        cc: &[
            Cc {
                command: "arm-linux-gnueabihf-gcc",
                package: "gcc-arm-linux-gnueabihf",
                headers_package: "linux-libc-dev-armhf-cross",
                big_endian: false,
                hard_float: Some(true),
                zig_target: None,
            },
            Cc {
                command: "arm-linux-gnueabi-gcc",
                package: "gcc-arm-linux-gnueabi",
                headers_package: "linux-libc-dev-armel-cross",
                big_endian: false,
                hard_float: Some(false),
                zig_target: None,
            },
        ],
        source: include_str!("../../arch/arm.rs"),
        long_bytes: 4,
        u64_align: 8,
        clobbers: &[],
        volatile_args: &[],
        preserves_flags: true,
        stack_args: &[],
    },
    Arch {
        name: "x86",
        cc: &[Cc {
            command: "i686-linux-gnu-gcc",
            package: "gcc-i686-linux-gnu",
            headers_package: "linux-libc-dev-i386-cross",
            big_endian: false,
            hard_float: None,
            zig_target: None,
        }],
        source: include_str!("../../arch/x86.rs"),
        long_bytes: 4,
        u64_align: 4,
        clobbers: &[],
        volatile_args: &[],
        preserves_flags: true,
        stack_args: &[],
    },
    Arch {
        name: "powerpc",
        cc: &[Cc {
            command: "powerpc-linux-gnu-gcc",
            package: "gcc-powerpc-linux-gnu",
            headers_package: "linux-libc-dev-powerpc-cross",
            big_endian: true,
            hard_float: None,
            zig_target: None,
        }],
        source: include_str!("../../arch/powerpc.rs"),
        long_bytes: 4,
        u64_align: 8,
        // arch/powerpc/kernel/entry_32.S (ret_from_syscall): r0 and r4-r12, ctr and xer keep
        // the kernel's values; the condition register comes back whole but for cr0.SO; r3 is
        // the result. The same set as powerpc64's.
        clobbers: &[
            "lateout(\"r8\") _",
            "lateout(\"r9\") _",
            "lateout(\"r10\") _",
            "lateout(\"r11\") _",
            "lateout(\"r12\") _",
            "lateout(\"cr0\") _",
            "lateout(\"ctr\") _",
            "lateout(\"xer\") _",
        ],
        volatile_args: &["r0", "r4", "r5", "r6", "r7"],
        preserves_flags: false,
        stack_args: &[],
    },
    Arch {
        name: "powerpc64",
        cc: &[
            Cc {
                command: "powerpc64le-linux-gnu-gcc",
                package: "gcc-powerpc64le-linux-gnu",
                headers_package: "linux-libc-dev-ppc64el-cross",
                big_endian: false,
                hard_float: None,
                zig_target: None,
            },
            Cc {
                command: "powerpc64-linux-gnu-gcc",
                package: "gcc-powerpc64-linux-gnu",
                headers_package: "linux-libc-dev-ppc64-cross",
                big_endian: true,
                hard_float: None,
                zig_target: None,
            },
        ],
        source: include_str!("../../arch/powerpc64.rs"),
        long_bytes: 8,
        u64_align: 8,
        // Documentation/arch/powerpc/syscall64-abi.rst: the ELF ABI's volatile registers but
        // cr1 and cr5-cr7; r3 is the result.
        clobbers: &[
            "lateout(\"r8\") _",
            "lateout(\"r9\") _",
            "lateout(\"r10\") _",
            "lateout(\"r11\") _",
            "lateout(\"r12\") _",
            "lateout(\"cr0\") _",
            "lateout(\"ctr\") _",
            "lateout(\"xer\") _",
        ],
        volatile_args: &["r0", "r4", "r5", "r6", "r7"],
        preserves_flags: false,
        stack_args: &[],
    },
    Arch {
        name: "s390x",
        cc: &[Cc {
            command: "s390x-linux-gnu-gcc",
            package: "gcc-s390x-linux-gnu",
            headers_package: "linux-libc-dev-s390x-cross",
            big_endian: true,
            hard_float: None,
            zig_target: None,
        }],
        source: include_str!("../../arch/s390x.rs"),
        long_bytes: 8,
        u64_align: 8,
        clobbers: &[],
        volatile_args: &[],
        preserves_flags: true,
        stack_args: &[],
    },
    Arch {
        name: "loongarch64",
        // Debian 12 has no loongarch64 gcc nor kernel headers: zig, the musl target's linker
        // (.ci/zig-cc), compiles the checks against the Linux headers it ships (6.13's).
        cc: &[Cc {
            command: "zig",
            package: "PyPI's ziglang 0.15.2 (.ci/lib.sh's ensure_zig)",
            headers_package: "ziglang",
            big_endian: false,
            hard_float: None,
            zig_target: Some("loongarch64-linux-musl"),
        }],
        source: include_str!("../../arch/loongarch64.rs"),
        long_bytes: 8,
        u64_align: 8,
        // `syscall 0` may overwrite the temporaries (musl's and glibc's clobber lists).
        clobbers: &[
            "lateout(\"$t0\") _",
            "lateout(\"$t1\") _",
            "lateout(\"$t2\") _",
            "lateout(\"$t3\") _",
            "lateout(\"$t4\") _",
            "lateout(\"$t5\") _",
            "lateout(\"$t6\") _",
            "lateout(\"$t7\") _",
            "lateout(\"$t8\") _",
        ],
        volatile_args: &[],
        preserves_flags: true,
        stack_args: &[],
    },
    Arch {
        name: "mips",
        cc: &[
            Cc {
                command: "mipsel-linux-gnu-gcc",
                package: "gcc-mipsel-linux-gnu",
                headers_package: "linux-libc-dev-mipsel-cross",
                big_endian: false,
                hard_float: None,
                zig_target: None,
            },
            Cc {
                command: "mips-linux-gnu-gcc",
                package: "gcc-mips-linux-gnu",
                headers_package: "linux-libc-dev-mips-cross",
                big_endian: true,
                hard_float: None,
                zig_target: None,
            },
        ],
        source: include_str!("../../arch/mips.rs"),
        long_bytes: 4,
        u64_align: 8,
        clobbers: MIPS_O32,
        volatile_args: &[],
        preserves_flags: true,
        stack_args: &[(
            "syscall5",
            &[
                "\"addiu $sp, $sp, -32\"",
                "\"sw {a4}, 16($sp)\"",
                "\"syscall\"",
                "\"addiu $sp, $sp, 32\"",
            ],
        )],
    },
    Arch {
        name: "mips64",
        cc: &[
            Cc {
                command: "mips64el-linux-gnuabi64-gcc",
                package: "gcc-mips64el-linux-gnuabi64",
                headers_package: "linux-libc-dev-mips64el-cross",
                big_endian: false,
                hard_float: None,
                zig_target: None,
            },
            Cc {
                command: "mips64-linux-gnuabi64-gcc",
                package: "gcc-mips64-linux-gnuabi64",
                headers_package: "linux-libc-dev-mips64-cross",
                big_endian: true,
                hard_float: None,
                zig_target: None,
            },
        ],
        source: include_str!("../../arch/mips64.rs"),
        long_bytes: 8,
        u64_align: 8,
        clobbers: MIPS_N64,
        // a4, which the fifth argument uses: not restored by the kernel.
        volatile_args: &["$8"],
        preserves_flags: true,
        stack_args: &[],
    },
];

/// mips o32: `v1`, `t0`-`t9`, and `at` saved and restored around the call (the kernel's
/// return path does not restore it, and `asm!` cannot name it).
const MIPS_O32: &[&str] = &[
    "\"move {at_save}, $1\",\n            $($template,)+\n            \"move $1, {at_save}\"",
    "lateout(\"$3\") _",
    "lateout(\"$8\") _",
    "lateout(\"$9\") _",
    "lateout(\"$10\") _",
    "lateout(\"$11\") _",
    "lateout(\"$12\") _",
    "lateout(\"$13\") _",
    "lateout(\"$14\") _",
    "lateout(\"$15\") _",
    "lateout(\"$24\") _",
    "lateout(\"$25\") _",
];

/// mips n64: `v1`, `a5`-`a7`, `t0`-`t3`, `t8`, `t9` (`a4` is each wrapper's: see
/// `volatile_args`), and `at` as on o32.
const MIPS_N64: &[&str] = &[
    "\"move {at_save}, $1\",\n            $($template,)+\n            \"move $1, {at_save}\"",
    "lateout(\"$3\") _",
    "lateout(\"$9\") _",
    "lateout(\"$10\") _",
    "lateout(\"$11\") _",
    "lateout(\"$12\") _",
    "lateout(\"$13\") _",
    "lateout(\"$14\") _",
    "lateout(\"$15\") _",
    "lateout(\"$24\") _",
    "lateout(\"$25\") _",
];

/// riscv64: the kernel discards the vector registers on every system call
/// (`Documentation/arch/riscv/vector.rst`).
const RISCV64_VECTOR: &[&str] = &[
    "out(\"v0\") _",
    "out(\"v1\") _",
    "out(\"v2\") _",
    "out(\"v3\") _",
    "out(\"v4\") _",
    "out(\"v5\") _",
    "out(\"v6\") _",
    "out(\"v7\") _",
    "out(\"v8\") _",
    "out(\"v9\") _",
    "out(\"v10\") _",
    "out(\"v11\") _",
    "out(\"v12\") _",
    "out(\"v13\") _",
    "out(\"v14\") _",
    "out(\"v15\") _",
    "out(\"v16\") _",
    "out(\"v17\") _",
    "out(\"v18\") _",
    "out(\"v19\") _",
    "out(\"v20\") _",
    "out(\"v21\") _",
    "out(\"v22\") _",
    "out(\"v23\") _",
    "out(\"v24\") _",
    "out(\"v25\") _",
    "out(\"v26\") _",
    "out(\"v27\") _",
    "out(\"v28\") _",
    "out(\"v29\") _",
    "out(\"v30\") _",
    "out(\"v31\") _",
];

/// The architecture this test was compiled for.
pub fn this_arch() -> &'static Arch {
    let name = std::env::consts::ARCH;
    ARCHES
        .iter()
        .find(|arch| arch.name == name)
        .unwrap_or_else(|| panic!("no entry for target_arch {name} in tests/common/arches.rs"))
}

/// The gcc of this architecture in this target's byte order and float ABI, if Debian has one.
pub fn this_cc() -> Option<&'static Cc> {
    this_arch().cc.iter().find(|cc| {
        cc.big_endian == cfg!(target_endian = "big")
            && cc
                .hard_float
                .is_none_or(|hard| hard == cfg!(target_abi = "eabihf"))
    })
}

/// The architecture called `name`.
pub fn arch(name: &str) -> &'static Arch {
    ARCHES
        .iter()
        .find(|arch| arch.name == name)
        .unwrap_or_else(|| panic!("no architecture {name}"))
}

/// The source lines of `arch` that declare an item, trimmed (`pub(crate) const ...`).
fn declarations(arch: &Arch) -> impl Iterator<Item = &'static str> + use<> {
    arch.source
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("pub(crate) const "))
}

/// The asm-generic table of system call numbers (`arch/asm_generic.rs`), which the arch files
/// of aarch64, riscv64 and loongarch64 re-export (`pub(crate) use crate::asm_generic::...`).
pub const ASM_GENERIC: &str = include_str!("../../arch/asm_generic.rs");

/// The `NAME = 123,` entries of the `syscall_numbers! { ... }` blocks of `source`. Any other
/// line in such a block but a doc comment is an error, so a change of form is noticed rather
/// than skipped.
fn numbers_in(file: &str, source: &str) -> Vec<(String, u32)> {
    let mut numbers = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("\nsyscall_numbers! {\n") {
        let body = &rest[at + "\nsyscall_numbers! {\n".len()..];
        let end = body
            .find("\n}\n")
            .unwrap_or_else(|| panic!("{file}: syscall_numbers! ends"));
        for line in body[..end].lines().map(str::trim) {
            if line.starts_with("///") {
                continue;
            }
            let parsed = line
                .strip_suffix(',')
                .and_then(|entry| entry.split_once(" = "))
                .filter(|(name, _)| name.starts_with("NR_"))
                .and_then(|(name, value)| Some((name.to_owned(), value.parse::<u32>().ok()?)));
            match parsed {
                Some(number) => numbers.push(number),
                None => panic!(
                    "{file}: cannot read a system call number from `{line}` (expected \
                     `NR_NAME = <decimal>,` in syscall_numbers!)"
                ),
            }
        }
        rest = &body[end..];
    }
    numbers
}

/// Whether `arch/<name>.rs` takes the asm-generic table.
pub fn uses_asm_generic(arch: &Arch) -> bool {
    arch.source
        .lines()
        .any(|line| line.trim() == "pub(crate) use crate::asm_generic::{self, *};")
}

/// The system call numbers of `arch`, as `(NR_NAME, value)`: those of its file's
/// `syscall_numbers!` blocks, and of the asm-generic table where its file takes that.
/// `compiled_numbers_are_the_arch_files` proves that this reads what is compiled.
pub fn numbers(arch: &Arch) -> Vec<(String, u32)> {
    let mut numbers = numbers_in(&format!("arch/{}.rs", arch.name), arch.source);
    if uses_asm_generic(arch) {
        numbers.extend(numbers_in("arch/asm_generic.rs", ASM_GENERIC));
    }
    assert!(
        !numbers.is_empty(),
        "arch/{}.rs: no system call numbers",
        arch.name
    );
    let mut names: Vec<&str> = numbers.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names.len(),
        numbers.len(),
        "arch/{}.rs: a number declared twice",
        arch.name
    );
    numbers
}

/// The C constants other than system call numbers that `arch/<name>.rs` declares (`TCGETS`,
/// `RLIMIT_NOFILE`, ...), as `(NAME, value)`: every line `pub(crate) const NAME: u32 = <decimal
/// or 0x hex>;`, by the name C gives it.
pub fn c_constants(arch: &Arch) -> Vec<(String, u32)> {
    let mut constants = Vec::new();
    for line in declarations(arch).filter(|line| line.contains(": u32 = ")) {
        let (name, value) = line
            .strip_prefix("pub(crate) const ")
            .and_then(|rest| rest.strip_suffix(';'))
            .and_then(|rest| rest.split_once(": u32 = "))
            .unwrap_or_else(|| panic!("arch/{}.rs: cannot read `{line}`", arch.name));
        let digits = value.replace('_', "");
        let value = match digits.strip_prefix("0x") {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => digits.parse(),
        }
        .unwrap_or_else(|e| panic!("arch/{}.rs: {name} = {value}: {e}", arch.name));
        constants.push((name.to_owned(), value));
    }
    constants
}

/// The `NR_` constant `arch/<name>.rs` names for a call (`GETRLIMIT`, `SETRLIMIT`): from
/// `pub(crate) const GETRLIMIT: Option<u32> = Some(NR_UGETRLIMIT);`, or `None` from `= None;`.
pub fn call(arch: &Arch, role: &str) -> Option<String> {
    let prefix = format!("pub(crate) const {role}: Option<u32> = ");
    let line = declarations(arch)
        .find(|line| line.starts_with(&prefix))
        .unwrap_or_else(|| panic!("arch/{}.rs declares no `{prefix}...;`", arch.name));
    match &line[prefix.len()..] {
        "None;" => None,
        value => {
            let name = value
                .strip_prefix("Some(")
                .and_then(|rest| rest.strip_suffix(");"))
                .filter(|name| name.starts_with("NR_"))
                .unwrap_or_else(|| panic!("arch/{}.rs: cannot read `{line}`", arch.name));
            Some(name.to_owned())
        }
    }
}

/// The value of the `NR_` constant called `name` in `arch/<name>.rs`.
pub fn number(arch: &Arch, name: &str) -> u32 {
    numbers(arch)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("arch/{}.rs declares no {name}", arch.name))
        .1
}

/// The kernel's name of an arch file's constant: `NR_PRLIMIT64` is `__NR_prlimit64`.
pub fn kernel_name(nr_name: &str) -> String {
    let call = nr_name
        .strip_prefix("NR_")
        .unwrap_or_else(|| panic!("{nr_name} does not start with NR_"));
    format!("__NR_{}", call.to_ascii_lowercase())
}

/// The name the `syscalls` crate's table of architecture `arch` gives system call number `nr`
/// (a second source: see tests/abi/syscalls_tables.rs). Not where `syscalls` does not build.
#[cfg(not(any(
    target_arch = "powerpc",
    target_arch = "powerpc64",
    target_arch = "s390x",
    target_arch = "mips",
    target_arch = "mips64"
)))]
pub fn syscalls_name(arch: &str, nr: u32) -> Option<&'static str> {
    let nr = nr as usize;
    match arch {
        "x86_64" => syscalls::x86_64::Sysno::new(nr).map(|s| s.name()),
        "aarch64" => syscalls::aarch64::Sysno::new(nr).map(|s| s.name()),
        "riscv64" => syscalls::riscv64::Sysno::new(nr).map(|s| s.name()),
        "arm" => syscalls::arm::Sysno::new(nr).map(|s| s.name()),
        "x86" => syscalls::x86::Sysno::new(nr).map(|s| s.name()),
        "powerpc" => syscalls::powerpc::Sysno::new(nr).map(|s| s.name()),
        "powerpc64" => syscalls::powerpc64::Sysno::new(nr).map(|s| s.name()),
        "s390x" => syscalls::s390x::Sysno::new(nr).map(|s| s.name()),
        // Its getrlimit 163 and setrlimit 164 are wrong (the kernel has neither there): no arch
        // file declares them, so they are never compared.
        "loongarch64" => syscalls::loongarch64::Sysno::new(nr).map(|s| s.name()),
        "mips" => syscalls::mips::Sysno::new(nr).map(|s| s.name()),
        "mips64" => syscalls::mips64::Sysno::new(nr).map(|s| s.name()),
        other => panic!("no syscalls table for {other} in tests/common/arches.rs"),
    }
}

/// The `RLIM_INFINITY` of `struct rlimit` that `arch/<name>.rs` declares
/// (`KERNEL_RLIM_INFINITY`): `c_ulong::MAX` (all ones of the architecture's `long`), or a hex
/// literal (mips o32's `0x7fff_ffff`).
pub fn kernel_rlim_infinity(arch: &Arch) -> u64 {
    let prefix = "pub(crate) const KERNEL_RLIM_INFINITY: core::ffi::c_ulong = ";
    let line = declarations(arch)
        .find(|line| line.starts_with(prefix))
        .unwrap_or_else(|| panic!("arch/{}.rs declares no `{prefix}...;`", arch.name));
    match line[prefix.len()..].strip_suffix(';') {
        Some("core::ffi::c_ulong::MAX") => match arch.long_bytes {
            8 => u64::MAX,
            _ => u64::from(u32::MAX),
        },
        Some(hex) if hex.starts_with("0x") => {
            u64::from_str_radix(&hex[2..].replace('_', ""), 16).expect("a hex literal")
        }
        _ => panic!("arch/{}.rs: cannot read `{line}`", arch.name),
    }
}
