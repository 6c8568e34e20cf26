#![no_main]
//! Fuzz target `suppress`: the body is `mtlint::fuzzing::suppress`, which the stable test
//! `tests/it/fuzz_seeds.rs` also runs on `fuzz/seeds/suppress/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mtlint::fuzzing::suppress(data));
