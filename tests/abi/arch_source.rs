//! The `asm!` wrappers declare every clobber the kernel ABI implies, and state only what is
//! true. qemu-user preserves the RISC-V vector registers across `ecall` (and SVE state on
//! aarch64), so a missing clobber would pass every run under qemu: this reads the architecture
//! files and checks the declarations against what each architecture's entry in
//! `tests/common/arches.rs` says its system call instruction overwrites. The sources are
//! compiled in, so the checks run wherever the test executable does (on a real kernel's
//! initramfs too, which has no source tree).

use crate::common;

use common::arches::{self, ARCHES, Arch};

/// The static tool's own architecture code: `_start` only (its system calls go through the
/// library's `syscall_asm!`, feature `unstable-syscall`).
const TOOL_START: &str = include_str!("../../examples/prlimit-static/src/start.rs");
/// The tool's runtime, which makes its system calls through the library.
const TOOL_RT: &str = include_str!("../../examples/prlimit-static/src/rt.rs");

/// Asserts that `text` declares all of `v0`-`v31` clobbered.
fn assert_vector_clobbers(what: &str, text: &str) {
    for v in 0..32 {
        assert!(
            text.contains(&format!("out(\"v{v}\") _")),
            "{what}: v{v} not clobbered"
        );
    }
}

/// The bodies of the `unsafe fn syscall*` wrappers, by name.
fn wrappers(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(at) = rest.find("pub(crate) unsafe fn syscall") {
        let tail = &rest[at + "pub(crate) unsafe fn ".len()..];
        let name = tail[..tail.find('(').unwrap()].to_string();
        let end = tail.find("\n}\n").expect("wrapper ends");
        out.push((name, tail[..end].to_string()));
        rest = &tail[end..];
    }
    out
}

/// The definitions of the `syscall_asm!` macro (one, or one per `cfg`).
fn syscall_asm_definitions(src: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(at) = rest.find("macro_rules! syscall_asm {") {
        let tail = &rest[at..];
        let end = tail.find("\n}\n").expect("macro ends");
        out.push(&tail[..end]);
        rest = &tail[end..];
    }
    out
}

/// The body of the macro defined right after `#[cfg(<cfg>)]`.
fn macro_under<'a>(src: &'a str, cfg: &str) -> &'a str {
    let at = src
        .find(&format!("#[cfg({cfg})]\nmacro_rules!"))
        .expect("macro under cfg");
    let tail = &src[at..];
    &tail[..tail.find("\n}\n").unwrap()]
}

/// What every architecture's file must hold: wrappers that all go through `syscall_asm!` (the
/// one place its clobbers are declared), whose every definition declares the architecture's
/// clobbers; `asm!` nowhere else; `nostack` everywhere but where an argument goes on the stack
/// (mips o32's fifth), whose frame is checked instead; `preserves_flags` exactly where the
/// kernel keeps the flags; `readonly` exactly on the `_readonly` wrappers.
fn check_arch(arch: &Arch) -> usize {
    let src = arch.source;
    let name = arch.name;
    let wrappers = wrappers(src);
    assert!(
        wrappers.len() >= 6,
        "{name}: found {} wrappers",
        wrappers.len()
    );
    for (fn_name, body) in &wrappers {
        assert!(
            body.contains("syscall_asm!("),
            "{name}::{fn_name} does not go through syscall_asm!"
        );
        match arch
            .stack_args
            .iter()
            .find(|(wrapper, _)| wrapper == fn_name)
        {
            None => assert!(body.contains("nostack"), "{name}::{fn_name}: nostack"),
            Some((_, instructions)) => {
                // It passes an argument on the stack: no `nostack`, and its frame is made,
                // filled and removed around the call, in that order.
                assert!(
                    !body.contains("nostack"),
                    "{name}::{fn_name}: uses the stack"
                );
                let mut rest = body.as_str();
                for instruction in *instructions {
                    let at = rest.find(instruction).unwrap_or_else(|| {
                        panic!("{name}::{fn_name}: no {instruction} where expected")
                    });
                    rest = &rest[at + instruction.len()..];
                }
            }
        }
        assert_eq!(
            body.contains("preserves_flags"),
            arch.preserves_flags,
            "{name}::{fn_name}: preserves_flags"
        );
        assert_eq!(
            body.contains("readonly"),
            fn_name.ends_with("_readonly"),
            "{name}::{fn_name}: readonly"
        );
        for reg in arch.volatile_args {
            let clobbered = body.contains(&format!("lateout(\"{reg}\") _"));
            let passed_and_clobbered = body.lines().any(|line| {
                line.contains(&format!("inlateout(\"{reg}\")"))
                    && line.trim_end().ends_with("=> _,")
            });
            assert!(
                clobbered || passed_and_clobbered,
                "{name}::{fn_name}: the kernel may change {reg}, not declared"
            );
        }
    }
    for (wrapper, _) in arch.stack_args {
        assert!(
            wrappers.iter().any(|(fn_name, _)| fn_name == wrapper),
            "{name}: no {wrapper}"
        );
    }
    let definitions = syscall_asm_definitions(src);
    assert!(!definitions.is_empty(), "{name}: no syscall_asm! macro");
    for definition in &definitions {
        for clobber in arch.clobbers {
            assert!(
                definition.contains(clobber),
                "{name}: syscall_asm! does not declare `{clobber}`:\n{definition}"
            );
        }
    }
    // `asm!` appears in the macro definitions only.
    assert_eq!(
        src.matches("asm!(").count() - src.matches("syscall_asm!(").count(),
        definitions.len(),
        "{name}: asm! outside syscall_asm!"
    );
    wrappers.len()
}

#[test]
fn every_architecture_declares_what_its_instruction_overwrites() {
    for arch in ARCHES {
        let n = check_arch(arch);
        println!(
            "{}: {n} wrappers through syscall_asm!, clobbering {}",
            arch.name,
            if arch.clobbers.is_empty() {
                "nothing besides the result register".to_owned()
            } else {
                arch.clobbers.join(", ")
            }
        );
    }
}

/// The vector clobbers hold in every build. Stable rustc never sets `cfg(target_feature = "v")`
/// (the feature is unstable), even with `-C target-feature=+v`, while LLVM does emit vector code
/// then: clobbers behind that cfg were compiled out, and a real riscv64 kernel returned
/// `getrusage(Who::Both)` fields as `-1` (all-ones vector registers). So no `asm!` of this crate
/// or of the static tool may hang on a `v` cfg.
#[test]
fn riscv64_declares_the_vector_registers_clobbered_in_every_build() {
    let src = arches::arch("riscv64").source;
    let definitions = syscall_asm_definitions(src);
    assert_eq!(definitions.len(), 1, "one syscall_asm!, under no cfg");
    assert_vector_clobbers("riscv64 syscall_asm!", definitions[0]);
    for (what, text) in [("arch/riscv64.rs", src), ("prlimit-static", TOOL_START)] {
        let code: String = text
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            !code.contains("target_feature = \"v\""),
            "{what}: a cfg on the `v` feature, which stable rustc never sets"
        );
    }
}

/// The static tool has no system call code of its own: its only `asm!` is `_start`'s
/// `global_asm!`, and its runtime calls `linux_resource::syscall`, so every one of its system
/// calls has the clobbers and the decoder checked above (and its numbers the header checks).
#[test]
fn the_static_tool_makes_its_system_calls_through_the_library() {
    for (what, text) in [("start.rs", TOOL_START), ("rt.rs", TOOL_RT)] {
        let code: String = text
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            code.matches("asm!(").count(),
            code.matches("global_asm!(").count(),
            "prlimit-static/src/{what}: an asm! block of its own"
        );
        for instruction in ["\"syscall", "\"svc", "\"ecall", "\"sc\"", "\"int "] {
            assert!(!code.contains(instruction), "{what}: {instruction}");
        }
    }
    assert!(TOOL_RT.contains("linux_resource::syscall"));
    assert!(TOOL_START.matches("global_asm!(").count() >= ARCHES.len());
}

/// The static tool's `SIG_IGN` (`syscall::ignore_signal`) fills this architecture's kernel
/// `struct sigaction` and passes its `sigset_t` size as linux-raw-sys (generated from the
/// kernel headers) has them: `_NSIG` bits (128 on MIPS), and the handler where the kernel reads
/// it. (A wrong size makes rt_sigaction EINVAL, a wrong handler offset gives the flags
/// `SIG_IGN`'s 1: `.ci/prlimit-tool` checks the effect, under qemu-user for all but x86_64.)
#[cfg(feature = "unstable-syscall")]
#[test]
fn the_static_tool_ignores_signals_with_this_architectures_sigaction() {
    use core::mem::offset_of;
    use linux_raw_sys::general;
    use linux_resource::syscall;
    assert_eq!(syscall::SIGSET_SIZE, general::_NSIG as usize / 8);
    // MIPS: the uapi `struct sigaction` is the kernel's (flags first); linux-raw-sys's own
    // `kernel_sigaction` puts the handler first there too, which the MIPS kernel does not.
    #[cfg(any(target_arch = "mips", target_arch = "mips64"))]
    let handler = offset_of!(general::sigaction, sa_handler);
    // Elsewhere `kernel_sigaction` (x86's, arm's and s390x's uapi `sigaction` are the old
    // user-space structs).
    #[cfg(not(any(target_arch = "mips", target_arch = "mips64")))]
    let handler = offset_of!(general::kernel_sigaction, sa_handler_kernel);
    assert_eq!(syscall::SIGACTION_HANDLER_OFFSET, handler);
}

/// With SVE enabled, the kernel discards the SVE-only state on every system call: `p0`-`p15`
/// are declared clobbered then (the `sve` cfg is stable and set when it is on). `ffr` is not:
/// LLVM reserves it, ignores the clobber and warns about it in every build with SVE.
#[test]
fn aarch64_declares_the_sve_state_clobbered() {
    let src = arches::arch("aarch64").source;
    let with_sve = macro_under(src, "target_feature = \"sve\"");
    for p in 0..16 {
        assert!(
            with_sve.contains(&format!("out(\"p{p}\") _")),
            "p{p} not clobbered"
        );
    }
    assert!(
        !with_sve.contains("out(\"ffr\")"),
        "ffr is reserved by LLVM: a clobber of it is ignored, with a warning"
    );
    assert_eq!(
        syscall_asm_definitions(src).len(),
        2,
        "with and without SVE"
    );
}

/// x86 (i686): `esi` cannot be an `asm!` operand (LLVM reserves it), so the four- and
/// five-argument wrappers swap the fourth argument into it around `int 0x80` and back.
#[test]
fn x86_swaps_esi_back() {
    for (name, body) in wrappers(arches::arch("x86").source) {
        let swaps = body.matches("\"xchg esi, {a3}\"").count();
        if name.starts_with("syscall4") || name.starts_with("syscall5") {
            assert_eq!(swaps, 2, "x86::{name}: in and out of esi");
            let (before, after) = body.split_once("\"int 0x80\"").unwrap();
            assert!(
                before.contains("xchg esi") && after.contains("xchg esi"),
                "{name}"
            );
        } else {
            assert_eq!(swaps, 0, "x86::{name}");
            assert!(!body.contains("\"esi\""), "x86::{name}");
        }
    }
}

/// arm in Thumb code (`cfg(thumb_mode)`, which build.rs sets): `r7` cannot be an operand, so
/// `syscall_asm!` saves it, loads the number, makes the call and restores it, in that order,
/// with the saved copy in an early-clobber output (`out`: never an input's register, which a
/// `lateout` could be); the ARM form (the other definition) names `r7` as the number's operand.
/// `tests/abi/arm.rs` checks the compiled result on arm.
#[test]
fn arm_thumb_saves_and_restores_r7() {
    let src = arches::arch("arm").source;
    assert_eq!(syscall_asm_definitions(src).len(), 2, "ARM and Thumb");
    let thumb = macro_under(src, "thumb_mode");
    let mut rest = thumb;
    for step in [
        "\"mov {saved}, r7\"",
        "\"mov r7, {nr}\"",
        "\"svc 0\"",
        "\"mov r7, {saved}\"",
        "nr = in(reg) $nr,",
        "saved = out(reg) _,",
    ] {
        let at = rest
            .find(step)
            .unwrap_or_else(|| panic!("arm Thumb syscall_asm!: no {step} where expected"));
        rest = &rest[at + step.len()..];
    }
    assert!(!thumb.contains("lateout"), "{thumb}");
    assert_eq!(
        thumb.matches("(\"r7\")").count(),
        1,
        "r7 is matched in the wrappers' tokens, never an operand"
    );
    assert!(macro_under(src, "not(thumb_mode)").contains("asm!($($body)*)"));
}
