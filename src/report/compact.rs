//! `path:line:col: CODE message [name]`: one line per finding, for editors and grep. Columns
//! count characters.

use super::Located;
use crate::finding::Finding;

pub fn finding(loc: &Located<'_>, f: &Finding) -> String {
    let (p, _) = loc.positions(f.span);
    format!(
        "{}:{}:{}: {} {} [{}]",
        loc.name, p.line, p.column, f.rule.code, f.message, f.rule.name
    )
}
