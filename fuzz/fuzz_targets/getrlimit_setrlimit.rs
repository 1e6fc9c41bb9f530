//! The fuzz target `getrlimit_setrlimit`: its harness is `harness::getrlimit_setrlimit` (fuzz/src/getrlimit_setrlimit.rs), which the
//! crate's tests also replay the committed corpus through (tests/parse/fuzz_replay.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|plan: harness::getrlimit_setrlimit::Plan| harness::getrlimit_setrlimit::check(plan));
