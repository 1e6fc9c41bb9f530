//! The fuzz targets' committed inputs (`fuzz/seeds/<target>/`, `fuzz/regressions/<target>/`)
//! replayed through the targets' own harnesses (`fuzz/src/<target>.rs`, included here, not
//! copied), without libFuzzer: every configuration runs the differential comparisons with libc,
//! under qemu-user and on the real kernels, so a decoding or widening bug of one architecture
//! (a 32-bit `struct rusage`, a big-endian `struct rlimit`, an error flag) shows as a difference
//! there.
//!
//! The inputs are embedded at compile time (build.rs writes the list): the executables also run
//! on real kernels, with no source tree. Workers are plain forks here (the harness's
//! `cfg(not(fuzzing))` `run_in_child`), as qemu-user cannot share memory with a `CLONE_VM`
//! child process. Limits change only in those forked workers; the harness checks that this
//! process's own limits did not.

// Not every item of the harness is used by each fuzz target.
#[allow(dead_code)]
#[path = "../../fuzz/src/lib.rs"]
mod harness;

/// `(target, file relative to fuzz/, bytes)` of every committed input, sorted.
const CORPUS: &[(&str, &str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/fuzz_corpus.rs"));

/// One target's harness: decode as libfuzzer-sys does, then check. Returns `false` for an input
/// the fuzz target rejects (it does not decode).
type Replay = fn(&[u8]) -> bool;

/// The fuzz targets, each with its harness.
const TARGETS: &[(&str, Replay)] = &[
    ("getrlimit_setrlimit", |bytes| {
        harness::decode(bytes)
            .map(harness::getrlimit_setrlimit::check)
            .is_some()
    }),
    ("getrusage", |bytes| {
        harness::decode(bytes)
            .map(harness::getrusage::check)
            .is_some()
    }),
    ("parse", |bytes| {
        harness::decode(bytes).map(harness::parse::check).is_some()
    }),
    ("prlimit", |bytes| {
        harness::decode(bytes)
            .map(harness::prlimit::check)
            .is_some()
    }),
];

/// Replays every input of `target` through its harness; panics (naming the file) on the first
/// difference, on an input that does not decode, and on a target without inputs.
fn replay(target: &str) {
    let (_, check) = TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("a fuzz target");
    let inputs: Vec<_> = CORPUS.iter().filter(|(t, _, _)| *t == target).collect();
    assert!(
        inputs.len() >= 10,
        "{} inputs of {target} embedded: build.rs found no fuzz/seeds/{target}",
        inputs.len()
    );
    for (_, file, bytes) in inputs {
        let decoded = std::panic::catch_unwind(|| check(bytes)).unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("?");
            panic!("fuzz/{file}: {message}")
        });
        assert!(
            decoded,
            "fuzz/{file}: the fuzz target rejects it (it does not decode)"
        );
    }
}

#[test]
fn corpus_of_prlimit() {
    replay("prlimit");
}

#[test]
fn corpus_of_getrlimit_setrlimit() {
    replay("getrlimit_setrlimit");
}

#[test]
fn corpus_of_getrusage() {
    replay("getrusage");
}

#[test]
fn corpus_of_parse() {
    replay("parse");
}

/// Every target whose inputs are embedded has a harness here, and the other way round: a new
/// fuzz target (or a directory of inputs) is replayed, or this fails.
#[test]
fn every_target_is_replayed() {
    let mut embedded: Vec<&str> = CORPUS.iter().map(|(t, _, _)| *t).collect();
    embedded.dedup();
    let replayed: Vec<&str> = TARGETS.iter().map(|(t, _)| *t).collect();
    assert_eq!(embedded, replayed);
}

/// The fuzzers and this replay decode inputs with the same `arbitrary` (another version may
/// decode the same bytes into other values): the two lock files name the same version.
#[test]
fn arbitrary_is_the_fuzzers_version() {
    fn version(lock: &str) -> Option<&str> {
        let at = lock.find("\nname = \"arbitrary\"\nversion = \"")?;
        let rest = &lock[at + "\nname = \"arbitrary\"\nversion = \"".len()..];
        rest.split('"').next()
    }
    let ours = version(include_str!("../../Cargo.lock"));
    let fuzz = version(include_str!("../../fuzz/Cargo.lock"));
    assert!(ours.is_some(), "arbitrary in Cargo.lock");
    assert_eq!(ours, fuzz);
}
