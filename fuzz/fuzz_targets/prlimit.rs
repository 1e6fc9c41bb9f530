//! The fuzz target `prlimit`: its harness is `harness::prlimit` (fuzz/src/prlimit.rs), which the
//! crate's tests also replay the committed corpus through (tests/parse/fuzz_replay.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: harness::prlimit::Input| harness::prlimit::check(input));
