#![no_main]
//! Fuzz target `markup`: the body is `mtlint::fuzzing::markup`, which the stable test
//! `tests/it/fuzz_seeds.rs` also runs on `fuzz/seeds/markup/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mtlint::fuzzing::markup(data));
