//! The rule registry: the one list of every rule mtlint has.
//!
//! Adding a rule: a new file here declaring it with [`declare_rule!`](crate::declare_rule), one
//! line in [`RULES`], and its fixtures in `tests/fixtures/<name>/`.

use crate::rule::{Category, Rule, RuleMeta};

mod article_before_name;
mod at_city;
mod calque;
mod foreign_quote_style;
mod fullwidth_punctuation;
mod inverted_title;
mod invisible_characters;
mod legacy_transliteration;
mod lookalike_quotes;
mod mixed_quote_styles;
mod mixed_script_words;
mod mojibake;
mod name_variants;
mod non_nfc_text;
mod quote_mismatch;
mod replacement_character;
mod run_together_words;
mod scrape_debris;
mod space_before_punctuation;
mod truncated_sentence;
mod untranslated_fragment;

pub use article_before_name::ArticleBeforeName;
pub use at_city::AtCity;
pub use calque::Calque;
pub use foreign_quote_style::ForeignQuoteStyle;
pub use fullwidth_punctuation::FullwidthPunctuation;
pub use inverted_title::InvertedTitle;
pub use invisible_characters::InvisibleCharacters;
pub use legacy_transliteration::LegacyTransliteration;
pub use lookalike_quotes::LookalikeQuotes;
pub use mixed_quote_styles::MixedQuoteStyles;
pub use mixed_script_words::MixedScriptWords;
pub use mojibake::Mojibake;
pub use name_variants::NameVariants;
pub use non_nfc_text::NonNfcText;
pub use quote_mismatch::QuoteMismatch;
pub use replacement_character::ReplacementCharacter;
pub use run_together_words::RunTogetherWords;
pub use scrape_debris::ScrapeDebris;
pub use space_before_punctuation::SpaceBeforePunctuation;
pub use truncated_sentence::TruncatedSentence;
pub use untranslated_fragment::UntranslatedFragment;

/// Every rule, ordered by code.
pub static RULES: &[&dyn Rule] = &[
    &RunTogetherWords,
    &TruncatedSentence,
    &MixedQuoteStyles,
    &QuoteMismatch,
    &LookalikeQuotes,
    &ForeignQuoteStyle,
    &SpaceBeforePunctuation,
    &FullwidthPunctuation,
    &NonNfcText,
    &InvisibleCharacters,
    &Mojibake,
    &ReplacementCharacter,
    &MixedScriptWords,
    &ScrapeDebris,
    &NameVariants,
    &LegacyTransliteration,
    &UntranslatedFragment,
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
