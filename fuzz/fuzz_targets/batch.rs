#![no_main]
//! Fuzz target `batch`: the body is `mtlint::fuzzing::batch`, which the stable test
//! `tests/it/fuzz_seeds.rs` also runs on `fuzz/seeds/batch/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mtlint::fuzzing::batch(data));
