//! Links the tool as a fully static executable with no C library and no start files, laid
//! out by `link.ld`, with rust-lld (`.cargo/config.toml` names it; the arguments below are
//! ld's, not a C compiler driver's). The `-C relocation-model=static` that goes with it is in
//! `.cargo/config.toml` too (build.sh runs cargo from this directory).

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
    println!("cargo:rustc-link-arg-bins=-T{dir}/link.ld");
    println!("cargo:rerun-if-changed=link.ld");
    println!("cargo:rerun-if-changed=build.rs");
}
