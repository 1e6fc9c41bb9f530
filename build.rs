//! Two jobs. In a checkout of the repository, it embeds the fuzz corpus for the tests (see
//! [`fuzz_corpus`]); a published package has no `fuzz/` and embeds nothing.
//!
//! And it tells the crate whether `asm!` may name `r7` on this target: on 32-bit ARM, whose
//! Thumb code keeps its frame pointer in `r7`, the system call number's register (arch/arm.rs).
//!
//! `cfg(target_feature = "thumb-mode")` cannot say so: the feature is unstable, and stable
//! rustc sets no cfg for it, neither on the `thumbv7*` targets nor with
//! `-C target-feature=+thumb-mode`. So this asks the compiler itself, as rustix does: a
//! function that names `r7` is compiled (metadata only) for the target with the build's
//! flags. Where it fails and the same function naming `r0` compiles, `r7` is the frame pointer:
//! the crate is built with `cfg(thumb_mode)`, and its wrappers then save `r7`, load the number,
//! `svc 0` and restore it.
//!
//! With `-Zbuild-std` (`armv5te-unknown-linux-gnueabi`, `arm-unknown-linux-gnueabihf`: no
//! rust-std from rustup) the sysroot has no `core` for the target, and neither function
//! compiles: the probe can tell nothing. The compiler is then nightly's (or runs with
//! `RUSTC_BOOTSTRAP`, as `-Zbuild-std` requires), which does set the unstable
//! `target_feature = "thumb-mode"` cfg for Thumb code: that cfg decides. (Before, a probe that
//! compiled nothing chose the Thumb form, right in both instruction sets but not the ARM code
//! the ARMv5TE and ARMv6 builds are.)

use std::env;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(thumb_mode)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(fuzzing)");
    fuzz_corpus();
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("arm") && thumb_mode() {
        println!("cargo::rustc-cfg=thumb_mode");
    }
}

/// Whether `asm!` may not name `r7` here (Thumb code).
fn thumb_mode() -> bool {
    let names = |reg: &str| {
        compiles(&format!(
            "pub unsafe fn f() {{ unsafe {{ core::arch::asm!(\"\", in(\"{reg}\") 0u32) }} }}"
        ))
    };
    if names("r7") {
        false
    } else if names("r0") {
        true
    } else {
        // Nothing compiles: no `core` in the sysroot (-Zbuild-std, so a nightly cfg).
        env::var("CARGO_CFG_TARGET_FEATURE")
            .is_ok_and(|features| features.split(',').any(|f| f == "thumb-mode"))
    }
}

/// Whether `code` compiles (to metadata, which is past the check of `asm!` operands) for the
/// target with the build's rustc, wrapper and flags.
fn compiles(code: &str) -> bool {
    let var = |name: &str| env::var_os(name).filter(|v| !v.is_empty());
    let rustc = var("RUSTC").unwrap_or_else(|| OsString::from("rustc"));
    let mut command = match var("RUSTC_WRAPPER") {
        Some(wrapper) => {
            let mut command = Command::new(wrapper);
            command.arg(rustc);
            command
        }
        None => Command::new(rustc),
    };
    command.args(["--crate-type=lib", "--emit=metadata", "--edition=2021"]);
    command.arg("--crate-name=linux_resource_probe");
    command.arg("--target").arg(var("TARGET").expect("TARGET"));
    command
        .arg("--out-dir")
        .arg(var("OUT_DIR").expect("OUT_DIR"));
    if let Ok(flags) = env::var("CARGO_ENCODED_RUSTFLAGS") {
        command.args(flags.split('\x1f').filter(|flag| !flag.is_empty()));
    }
    command
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let Ok(mut child) = command.spawn() else {
        return false;
    };
    let source = format!("#![no_std]\n{code}\n");
    let written = child
        .stdin
        .take()
        .is_some_and(|mut stdin| stdin.write_all(source.as_bytes()).is_ok());
    child.wait().is_ok_and(|status| status.success()) && written
}

/// The fuzz targets' committed inputs, `fuzz/seeds/<target>/*` and `fuzz/regressions/<target>/*`,
/// as `$OUT_DIR/fuzz_corpus.rs`: a `&[(&str, &str, &[u8])]` of target, file (relative to
/// `fuzz/`) and bytes, sorted, which tests/parse/fuzz_replay.rs includes. Embedded at compile
/// time because the test executables also run on real kernels, with no source tree. Outside a
/// checkout (a published package: no `fuzz/`), the list is empty.
fn fuzz_corpus() {
    let root =
        Path::new(&env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = root.join(kind);
        let Ok(targets) = fs::read_dir(&dir) else {
            continue;
        };
        // A directory as rerun-if-changed: any file added, removed or changed under it.
        println!("cargo::rerun-if-changed={}", dir.display());
        for target in targets {
            let target = target.expect("read_dir").path();
            let name = target
                .file_name()
                .and_then(|n| n.to_str())
                .expect("a UTF-8 name")
                .to_owned();
            for file in fs::read_dir(&target).expect("a directory of inputs") {
                let file = file.expect("read_dir").path();
                let base = file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .expect("a UTF-8 name");
                files.push((name.clone(), format!("{kind}/{name}/{base}"), file));
            }
        }
    }
    files.sort();
    let mut out = String::from("&[\n");
    for (target, rel, path) in &files {
        let path = path.to_str().expect("a UTF-8 path");
        writeln!(out, "    ({target:?}, {rel:?}, include_bytes!({path:?})),").expect("a String");
    }
    out.push(']');
    let out_dir = env::var_os("OUT_DIR").expect("OUT_DIR");
    fs::write(Path::new(&out_dir).join("fuzz_corpus.rs"), out).expect("write fuzz_corpus.rs");
}
