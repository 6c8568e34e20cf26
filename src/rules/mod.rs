//! The rule registry: the one list of every rule mtlint has.
//!
//! Adding a rule: a new file here declaring it with [`declare_rule!`](crate::declare_rule), one
//! line in [`RULES`], and its fixtures in `tests/fixtures/<name>/`.

use crate::finding::Category;
use crate::rule::{Rule, RuleMeta};

mod article_before_name;
mod at_city;
mod calque;
mod inverted_title;
mod scrape_debris;

pub use article_before_name::ArticleBeforeName;
pub use at_city::AtCity;
pub use calque::Calque;
pub use inverted_title::InvertedTitle;
pub use scrape_debris::ScrapeDebris;

/// Every rule, ordered by code.
pub static RULES: &[&dyn Rule] = &[
    &ScrapeDebris,
    &Calque,
    &AtCity,
    &InvertedTitle,
    &ArticleBeforeName,
];

/// Finds a rule by code or name (any case).
pub fn find(key: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().is_named(key))
}

/// All rule metadata, in registry order.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| r.meta())
}

/// Turns rule codes, names or category names into the set of rule codes they select.
pub fn resolve<S: AsRef<str>>(keys: &[S]) -> Result<Vec<&'static str>, String> {
    let mut out = Vec::new();
    for key in keys {
        let key = key.as_ref().trim();
        if let Some(rule) = find(key) {
            out.push(rule.meta().code);
        } else if let Some(cat) = Category::ALL
            .iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(key))
        {
            out.extend(metas().filter(|m| m.category == *cat).map(|m| m.code));
        } else {
            return Err(format!(
                "unknown rule or category `{key}` (see `mtlint rules` for the list)"
            ));
        }
    }
    Ok(out)
}
