use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::hash::head_of;
use crate::text::places::places;
use crate::text::tokenize::{Token, TokenKind};

declare_rule! {
    /// ## What it finds
    ///
    /// "at" before the name of a city or country where English uses "in": "He spoke at Paris
    /// after the talks", "A new meeting is expected next week at London." The places come from
    /// the gazetteer `src/data/places.tsv` (capitals, major cities, countries).
    ///
    /// ## Why it matters
    ///
    /// French *à Paris*, Italian *a Parigi*, Chinese 在 and Japanese で are rendered "at" by word
    /// for word translation and by spinners; English says "in Paris". Native writers use "at"
    /// with a city name only when the name stands for something else (a team, an event, a
    /// government), and those uses have tell-tale context, which the rule checks.
    ///
    /// ## Examples
    ///
    /// Flagged:
    ///
    /// ```text
    /// He spoke at Paris after landmark talks.
    /// A new meeting is expected next week at London, and ...
    /// ```
    ///
    /// Not flagged: "at London Stadium", "at Paris talks", "at Paris's request", "at London
    /// 2012", "missiles aimed at Moscow", "lashed out at Beijing", "won gold at Tokyo",
    /// "arrived at Heathrow" (not in the gazetteer), "at Davos" (left out on purpose).
    ///
    /// ## Known false positives
    ///
    /// A city standing for a government or a team after a verb the rule does not know ("a
    /// swipe at Washington" is known, "a dig aimed squarely at Berlin" is known, rarer verbs
    /// are not), and old-fashioned English ("the treaty signed at Paris").
    pub struct AtCity {
        code: "MT602",
        name: "at-city",
        category: Translation,
        severity: Warning,
        summary: "\"at\" before a city or country where English uses \"in\".",
        languages: ["en"],
    }
}

/// Words after which "at <place>" is a complement, not a location ("aimed at Moscow"), or a
/// venue of sport or travel ("gold at Tokyo", "landed at Moscow").
const PREV_BLOCK: &[&str] = &[
    "aim",
    "aims",
    "aimed",
    "aiming",
    "target",
    "targets",
    "targeted",
    "targeting",
    "direct",
    "directed",
    "directing",
    "point",
    "points",
    "pointed",
    "pointing",
    "look",
    "looks",
    "looked",
    "looking",
    "glance",
    "glanced",
    "stare",
    "stared",
    "staring",
    "gaze",
    "gazed",
    "glare",
    "glared",
    "jab",
    "jabs",
    "swipe",
    "swipes",
    "dig",
    "digs",
    "shot",
    "shots",
    "fire",
    "fired",
    "fires",
    "firing",
    "hurl",
    "hurled",
    "throw",
    "threw",
    "thrown",
    "lash",
    "lashed",
    "lashing",
    "back",
    "out",
    "snap",
    "snapped",
    "laugh",
    "laughed",
    "laughing",
    "mock",
    "mocked",
    "sneer",
    "sneered",
    "scoff",
    "scoffed",
    "angry",
    "furious",
    "anger",
    "fury",
    "outrage",
    "outraged",
    "frustration",
    "frustrated",
    "annoyed",
    "irritated",
    "upset",
    "surprised",
    "shocked",
    "amazed",
    "marvel",
    "marveled",
    "marvelled",
    "smile",
    "smiled",
    "wave",
    "waved",
    "yell",
    "yelled",
    "shout",
    "shouted",
    "bark",
    "barked",
    "rail",
    "railed",
    "fume",
    "fumed",
    "bristle",
    "bristled",
    "balk",
    "balked",
    "hint",
    "hinted",
    "poke",
    "poked",
    "jeer",
    "jeered",
    "scream",
    "screamed",
    "swear",
    "swore",
    "curse",
    "cursed",
    "grin",
    "grinned",
    "nod",
    "nodded",
    "wink",
    "winked",
    "strike",
    "struck",
    "strikes",
    "hit",
    "hits",
    "attack",
    "attacks",
    "blow",
    "blows",
    "swing",
    "swung",
    "rage",
    "raged",
    "protest",
    "protested",
    "grumble",
    "grumbled",
    "chuckle",
    "chuckled",
    "guess",
    "guessed",
    "lunge",
    "lunged",
    "gold",
    "silver",
    "bronze",
    "medal",
    "medals",
    "title",
    "titles",
    "victory",
    "win",
    "wins",
    "won",
    "debut",
    "record",
    "champion",
    "compete",
    "competed",
    "competing",
    "race",
    "raced",
    "racing",
    "land",
    "lands",
    "landed",
    "landing",
    "down",
    "stop",
    "stops",
    "stopped",
    "stopping",
    "call",
    "calls",
    "calling",
    "change",
    "changed",
    "changing",
    "dock",
    "docked",
    "docking",
    "anchored",
    "moored",
    "directly",
    "squarely",
    "straight",
    "clearly",
    "partly",
    "mainly",
    "chiefly",
    "largely",
    "primarily",
    "specifically",
    "explicitly",
    "openly",
    "jokingly",
    "angrily",
    "furiously",
    "sharply",
    "dominance",
    "showing",
    "showings",
    "performance",
    "performances",
    "success",
    "triumph",
    "triumphs",
    "appearance",
    "appearances",
    "games",
    "olympics",
    "exploits",
    "heroics",
    "glory",
    "medallist",
    "medalist",
    "finish",
    "finished",
    "place",
    "placed",
];

/// Lowercase words that may follow the place when "at <place>" is a location.
const NEXT_OK: &[&str] = &[
    "on",
    "in",
    "and",
    "or",
    "but",
    "last",
    "this",
    "next",
    "early",
    "late",
    "earlier",
    "later",
    "when",
    "where",
    "while",
    "after",
    "before",
    "during",
    "until",
    "till",
    "since",
    "for",
    "with",
    "to",
    "from",
    "as",
    "amid",
    "ahead",
    "by",
    "which",
    "who",
    "that",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "recently",
    "again",
    "too",
    "also",
    "is",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "will",
    "would",
    "said",
    "says",
    "told",
    "so",
    "because",
    "if",
    "than",
    "though",
    "although",
    "whereas",
    "alone",
    "only",
    "itself",
    "instead",
    "now",
    "then",
    "soon",
    "already",
    "still",
    "every",
    "over",
    "between",
    "among",
    "without",
    "against",
    "under",
    "into",
    "toward",
    "towards",
    "via",
    "through",
    "about",
];

/// Punctuation after the place that ends the phrase (a closing mark, not a glued `'`, `-`, `/`).
fn ends_phrase(tok: &Token, text: &str) -> bool {
    matches!(
        tok.text(text),
        "," | "." | ";" | ":" | "!" | "?" | ")" | "”" | "\"" | "»" | "–" | "—" | "…"
    )
}

fn next_ok(tokens: &[Token], j: usize, text: &str) -> bool {
    let Some(next) = tokens.get(j) else {
        return true;
    };
    match next.kind {
        TokenKind::Punct => {
            ends_phrase(next, text) && (next.space_before || next.text(text) != "-")
        }
        TokenKind::Word if next.space_before => {
            let w = next.text(text);
            NEXT_OK.contains(&w) || crate::text::words::DAYS_MONTHS.contains(&w)
        }
        _ => false,
    }
}

fn prev_blocked(tokens: &[Token], i: usize, text: &str) -> bool {
    tokens[i.saturating_sub(2)..i]
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .any(|t| {
            let w = t.text(text);
            w.len() <= 14 && PREV_BLOCK.iter().any(|b| b.eq_ignore_ascii_case(w))
        })
}

impl Check for AtCity {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let tokens = doc.tokens();
        let gazetteer = places();
        for i in doc.tokens_with_head(head_of("at")) {
            let tok = tokens[i];
            if tok.kind != TokenKind::Word {
                continue;
            }
            let at = tok.text(text);
            if at != "at" && at != "At" {
                continue;
            }
            let Some(name) = tokens.get(i + 1) else {
                continue;
            };
            if !name.space_before || name.kind != TokenKind::Word {
                continue;
            }
            let Some((place, j)) = gazetteer.at(tokens, i + 1, text) else {
                continue;
            };
            if place.no_at || !next_ok(tokens, j, text) || prev_blocked(tokens, i, text) {
                continue;
            }
            let span = Span::new(tok.span.start as usize, tokens[j - 1].span.end as usize);
            let prep = if at == "At" { "In" } else { "in" };
            cx.report(
                span,
                format!(
                    "\"{}\": English uses \"in\" with a city or country (a calque of French à, \
                     Italian a, Chinese 在)",
                    span.slice(text)
                ),
            )
            .confidence(0.6)
            .fix(format!("{prep} {}", place.name), Applicability::Unsafe);
        }
    }
}
