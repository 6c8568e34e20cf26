//! The fuzz targets' seed corpora (`fuzz/seeds/TARGET/`), replayed on stable through the same
//! functions the cargo-fuzz targets call (`mtlint::fuzzing`), so that an input a campaign found
//! and that was added to the seeds stays fixed.

use std::path::Path;

#[test]
fn fuzz_seed_corpora_replay_without_a_failure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for (name, target) in mtlint::fuzzing::TARGETS {
        let dir = root.join(name);
        let mut seeds: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        seeds.sort();
        assert!(!seeds.is_empty(), "{name}: no seeds");
        for seed in seeds {
            let data = std::fs::read(&seed).unwrap();
            let run = std::panic::catch_unwind(|| target(&data));
            assert!(run.is_ok(), "{name}: {} fails", seed.display());
        }
    }
}
