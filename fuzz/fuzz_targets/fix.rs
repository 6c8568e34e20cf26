#![no_main]
//! Fuzz target `fix`: the body is `mtlint::fuzzing::fix`, which the stable test
//! `tests/it/fuzz_seeds.rs` also runs on `fuzz/seeds/fix/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mtlint::fuzzing::fix(data));
