//! The fuzz target `getrusage`: its harness is `harness::getrusage` (fuzz/src/getrusage.rs), which the
//! crate's tests also replay the committed corpus through (tests/parse/fuzz_replay.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|ops: harness::getrusage::Input| harness::getrusage::check(ops));
