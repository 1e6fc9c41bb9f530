//! Errors: what each refusal is, the messages, and the conversion to std::io::Error.
//!
//! One test binary per area (Cargo.toml lists them); the shared helpers are `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod errors;
mod messages;
mod std_io;
