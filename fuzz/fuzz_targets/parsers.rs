#![no_main]
//! Fuzz target `parsers`: the body is `mtlint::fuzzing::parsers`, which the stable test
//! `tests/it/fuzz_seeds.rs` also runs on `fuzz/seeds/parsers/`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mtlint::fuzzing::parsers(data));
