//! The integration tests, one crate (one binary to link): the library through its public API,
//! the real binary through `tests/common`, the fixtures of every rule, the generated docs, and
//! the layout of the source tree.

#[path = "../common/mod.rs"]
mod common;

mod calques_docs;
mod cli;
mod dolma;
mod eval;
mod faults;
mod fixtures;
mod formats;
mod fuzz_seeds;
mod languages;
mod layout;
mod lsp;
mod parquet;
mod registry;
mod robustness;
mod seeds;
mod serve;
mod ux;
