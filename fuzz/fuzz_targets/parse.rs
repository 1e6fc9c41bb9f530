//! The fuzz target `parse`: its harness is `harness::parse` (fuzz/src/parse.rs), which the
//! crate's tests also replay the committed corpus through (tests/parse/fuzz_replay.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: harness::parse::Case| harness::parse::check(case));
