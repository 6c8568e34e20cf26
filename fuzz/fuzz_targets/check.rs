#![no_main]
//! Fuzz target `check`: the body is `mtlint::fuzzing::check`, which the stable test
//! `tests/it/fuzz_seeds.rs` also runs on `fuzz/seeds/check/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mtlint::fuzzing::check(data));
