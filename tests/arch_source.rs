//! The `asm!` wrappers declare every clobber the kernel ABI implies. qemu-user preserves the
//! RISC-V vector registers across `ecall` (and SVE state on aarch64), so a missing clobber would
//! pass every run under qemu: this reads the architecture files and checks the declarations.

use std::path::Path;

fn source(arch: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("arch")
        .join(format!("{arch}.rs"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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

#[test]
fn riscv64_declares_the_vector_registers_clobbered() {
    let src = source("riscv64");
    let n = check_common("riscv64", &src, "ecall_asm!(");
    let with_v = macro_under(&src, "target_feature = \"v\"");
    for v in 0..32 {
        assert!(
            with_v.contains(&format!("out(\"v{v}\") _")),
            "v{v} not clobbered"
        );
    }
    assert!(macro_under(&src, "not(target_feature = \"v\")").contains("asm!($($body)*)"));
    // `asm!` appears only in the two macro definitions.
    assert_eq!(
        src.matches("asm!(").count() - src.matches("ecall_asm!(").count(),
        2
    );
    println!("riscv64: {n} wrappers, v0-v31 clobbered under +v");
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
