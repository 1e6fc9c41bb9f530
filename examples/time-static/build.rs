//! Links the tool as the static prlimit is linked: fully static, no C library, no start
//! files, laid out by the prlimit's `link.ld` (shared), with rust-lld (`.cargo/config.toml`).

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    for arg in [
        "-static",
        "-nostdlib",
        "--gc-sections",
        "--build-id=none",
        "--no-eh-frame-hdr",
    ] {
        println!("cargo:rustc-link-arg-bins={arg}");
    }
    println!("cargo:rustc-link-arg-bins=-T{dir}/../prlimit-static/link.ld");
    println!("cargo:rerun-if-changed=../prlimit-static/link.ld");
    println!("cargo:rerun-if-changed=build.rs");
}
