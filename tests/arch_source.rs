//! The `asm!` wrappers declare every clobber the kernel ABI implies. qemu-user preserves the
//! RISC-V vector registers across `ecall` (and SVE state on aarch64), so a missing clobber would
//! pass every run under qemu: this reads the architecture files and checks the declarations.
//! The sources are compiled in, so the checks run wherever the test executable does (on a real
//! kernel's initramfs too, which has no source tree).

mod common;

/// The architecture file's source.
fn source(arch: &str) -> String {
    common::arches::arch(arch).source.to_owned()
}

/// The static tool's own `ecall` (its `_start` file), which must clobber the same registers.
const TOOL_RISCV64: &str = include_str!("../examples/prlimit-static/src/sys/riscv64.rs");

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

/// The body of the macro defined right after `#[cfg(<cfg>)]`.
fn macro_under(src: &str, cfg: &str) -> String {
    let at = src
        .find(&format!("#[cfg({cfg})]\nmacro_rules!"))
        .expect("macro under cfg");
    let tail = &src[at..];
    tail[..tail.find("\n}\n").unwrap()].to_string()
}

fn check_common(arch: &str, src: &str, via: &str) -> usize {
    let wrappers = wrappers(src);
    assert!(
        wrappers.len() >= 5,
        "{arch}: found {} wrappers",
        wrappers.len()
    );
    for (name, body) in &wrappers {
        assert!(
            body.contains(via),
            "{arch}::{name} does not go through {via}"
        );
        assert!(
            body.contains("nostack") && body.contains("preserves_flags"),
            "{arch}::{name}"
        );
        assert_eq!(
            body.contains("readonly"),
            name.ends_with("_readonly"),
            "{arch}::{name}"
        );
    }
    wrappers.len()
}

/// The vector clobbers hold in every build. Stable rustc never sets `cfg(target_feature = "v")`
/// (the feature is unstable), even with `-C target-feature=+v`, while LLVM does emit vector code
/// then: clobbers behind that cfg were compiled out, and a real riscv64 kernel returned
/// `getrusage(Who::Both)` fields as `-1` (all-ones vector registers). So no `asm!` of this crate
/// or of the static tool may hang on a `v` cfg.
#[test]
fn riscv64_declares_the_vector_registers_clobbered_in_every_build() {
    let src = source("riscv64");
    let n = check_common("riscv64", &src, "ecall_asm!(");
    let at = src
        .find("macro_rules! ecall_asm")
        .expect("ecall_asm! macro");
    let mac = &src[at..];
    let mac = &mac[..mac.find("\n}\n").unwrap()];
    assert_vector_clobbers("riscv64 ecall_asm!", mac);
    // `asm!` appears only in the one macro definition.
    assert_eq!(
        src.matches("asm!(").count() - src.matches("ecall_asm!(").count(),
        1
    );
    for (what, text) in [
        ("arch/riscv64.rs", src.as_str()),
        ("prlimit-static", TOOL_RISCV64),
    ] {
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
    let tool_asm =
        TOOL_RISCV64.matches("asm!(").count() - TOOL_RISCV64.matches("global_asm!(").count();
    assert_eq!(tool_asm, 1, "prlimit-static: one ecall asm! block");
    let at = TOOL_RISCV64.find("\"ecall\"").expect("the tool's ecall");
    assert_vector_clobbers("prlimit-static ecall", &TOOL_RISCV64[at..]);
    println!("riscv64: {n} wrappers and the static tool's ecall, v0-v31 clobbered in every build");
}

#[test]
fn aarch64_declares_the_sve_state_clobbered() {
    let src = source("aarch64");
    let n = check_common("aarch64", &src, "svc_asm!(");
    let with_sve = macro_under(&src, "target_feature = \"sve\"");
    for p in 0..16 {
        assert!(
            with_sve.contains(&format!("out(\"p{p}\") _")),
            "p{p} not clobbered"
        );
    }
    assert!(with_sve.contains("out(\"ffr\") _"));
    assert_eq!(
        src.matches("asm!(").count() - src.matches("svc_asm!(").count(),
        2
    );
    println!("aarch64: {n} wrappers, p0-p15 and ffr clobbered under +sve");
}

#[test]
fn x86_64_declares_rcx_and_r11_clobbered() {
    let src = source("x86_64");
    let n = check_common("x86_64", &src, "asm!(");
    for (name, body) in wrappers(&src) {
        assert!(body.contains("lateout(\"rcx\") _"), "x86_64::{name}: rcx");
        assert!(body.contains("lateout(\"r11\") _"), "x86_64::{name}: r11");
    }
    println!("x86_64: {n} wrappers, rcx and r11 clobbered");
}
