//! Printers: turning [`Report`](crate::Report)s into text for people and machines.
//!
//! Rules produce findings with byte spans; only this module converts them into lines, columns
//! (in characters for people) and offsets into the original input bytes ([`Located`]). A
//! [`Printer`] writes a run's reports in one format, each format in its module.

pub mod compact;
pub mod evaluation;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

mod located;
mod printer;

pub use located::{ellipsize, Located};
pub use printer::{Format, Printer};
