//! Tells the crate whether `asm!` may name `r7` on this target: on 32-bit ARM, whose Thumb code
//! keeps its frame pointer in `r7`, the system call number's register (arch/arm.rs).
//!
//! `cfg(target_feature = "thumb-mode")` cannot say so: the feature is unstable, and stable
//! rustc sets no cfg for it, neither on the `thumbv7*` targets nor with
//! `-C target-feature=+thumb-mode`. So this asks the compiler itself, as rustix does: a
//! function that names `r7` is compiled (metadata only) for the target with the build's
//! flags. Where it fails, the crate is built with `cfg(thumb_mode)`: its wrappers then save
//! `r7`, load the number, `svc 0` and restore it, which is right in both instruction sets;
//! so a probe that cannot compile anything (a target without a `core` in the sysroot) also
//! chooses that form.

use std::env;
use std::ffi::OsString;
use std::io::Write;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(thumb_mode)");
    println!("cargo::rerun-if-changed=build.rs");
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("arm")
        && !compiles("pub unsafe fn f() { unsafe { core::arch::asm!(\"\", in(\"r7\") 0u32) } }")
    {
        println!("cargo::rustc-cfg=thumb_mode");
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
