//! `path:line:col: CODE message [name]`: one line per finding, for editors and grep. Columns
//! count characters.

use super::located::Located;
use crate::config::Failure;
use crate::finding::Finding;
use crate::suppress::Warning;

pub fn finding(loc: &Located<'_>, f: &Finding) -> String {
    let (p, _) = loc.positions(f.span);
    format!(
        "{}:{}:{}: {} {} [{}]",
        loc.name, p.line, p.column, f.rule.code, f.message, f.rule.name
    )
}

/// `path:line:col: warning[kind] message` for a suppression warning.
pub fn warning(loc: &Located<'_>, w: &Warning) -> String {
    let (p, _) = loc.positions(w.span);
    format!(
        "{}:{}:{}: warning[{}] {}",
        loc.name, p.line, p.column, w.kind, w.message
    )
}

/// `path: failed: why` for a document that fails the check (no line: the whole document).
pub fn failure(loc: &Located<'_>, f: &Failure) -> String {
    format!("{}: failed: {}", loc.name, f.describe())
}
