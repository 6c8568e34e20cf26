use std::collections::HashMap;
use std::sync::OnceLock;

use crate::declare_rule;
use crate::document::Document;
use crate::finding::Applicability;
use crate::rule::{Check, Context};
use crate::span::Span;
use crate::text::hash::{head_of, FnvSet};
use crate::text::places::places;
use crate::text::tokenize::{Token, TokenKind};

declare_rule! {
    /// ## What it finds
    ///
    /// "the" before a bare person's name that is the subject of a verb of saying: "the Rubio
    /// said", "The Lavrov stressed", "the Prime Minister Kishida said". The name must be a
    /// person's in the same document: it appears elsewhere after a title or honorific ("Mr.
    /// Rubio", "Secretary Rubio"), after a first name ("Marco Rubio"), or bare before a verb
    /// ("Rubio said").
    ///
    /// ## Why it matters
    ///
    /// Russian, Chinese, Japanese and the other languages without articles leave the choice of
    /// "the" to the translator; machine translation and learners then put it where English has
    /// none. English uses no article before a person's name (or before a title with a name).
    ///
    /// ## Examples
    ///
    /// Flagged (when "Marco Rubio" or "Mr. Rubio" is also in the text):
    ///
    /// ```text
    /// After the meeting, the Rubio said that talks would go on.
    /// The President Trump told reporters ...
    /// ```
    ///
    /// Not flagged: "the Clintons said", "the Rubio campaign said", "the Trump administration
    /// said", "the Kremlin said", "the Netherlands said", "The Hague", "the Times reported", "the
    /// German said" (a nationality), "the President said".
    ///
    /// ## Known false positives
    ///
    /// A name that is also an institution or a newspaper not in the rule's list, when the same
    /// word appears after another capitalized word elsewhere in the text ("the Herald said"
    /// next to "Miami Herald" is listed; rarer titles may not be).
    pub struct ArticleBeforeName {
        code: "MT604",
        name: "article-before-name",
        category: Translation,
        severity: Warning,
        summary: "\"the\" before a person's name (\"the Rubio said\"), typical of translation from languages without articles.",
        languages: ["en"],
    }
}

/// Verbs of saying (and a few other subject-taking verbs) that follow a name in news.
const VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "adds",
    "noted",
    "notes",
    "stressed",
    "stresses",
    "emphasized",
    "emphasised",
    "emphasizes",
    "emphasises",
    "announced",
    "announces",
    "wrote",
    "writes",
    "explained",
    "explains",
    "declared",
    "declares",
    "claimed",
    "claims",
    "warned",
    "warns",
    "urged",
    "urges",
    "insisted",
    "insists",
    "argued",
    "argues",
    "replied",
    "replies",
    "asked",
    "asks",
    "tweeted",
    "posted",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "revealed",
    "reveals",
    "suggested",
    "suggests",
    "admitted",
    "admits",
    "acknowledged",
    "acknowledges",
    "believes",
    "believed",
    "thinks",
    "thought",
    "accused",
    "accuses",
    "praised",
    "praises",
    "criticized",
    "criticised",
    "criticizes",
    "criticises",
    "reiterated",
    "reiterates",
    "promised",
    "promises",
    "vowed",
    "vows",
    "threatened",
    "threatens",
    "spoke",
    "speaks",
    "met",
    "meets",
    "visited",
    "visits",
    "signed",
    "signs",
    "pointed",
    "points",
    "expressed",
    "expresses",
    "called",
    "calls",
];

/// Titles and honorifics that may stand between "the" and the name, and that count as evidence
/// of a person when they precede the name elsewhere.
const TITLES: &[&str] = &[
    "President",
    "Prime",
    "Minister",
    "Foreign",
    "Secretary",
    "Chancellor",
    "Senator",
    "Governor",
    "Mayor",
    "General",
    "Commander",
    "Speaker",
    "Premier",
    "Ambassador",
    "Envoy",
    "Director",
    "Chairman",
    "Chairwoman",
    "Chief",
    "Deputy",
    "Vice",
    "Defense",
    "Defence",
    "Interior",
    "Finance",
    "Economy",
    "State",
    "Special",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Sen",
    "Rep",
    "Gov",
    "Gen",
    "Col",
    "Judge",
    "Justice",
    "Pope",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Sheikh",
    "Emir",
    "Sultan",
    "Father",
    "Rabbi",
    "Imam",
    "Bishop",
    "Professor",
    "Coach",
    "Captain",
    "Officer",
    "Detective",
    "Sergeant",
    "Lord",
    "Lady",
    "Sir",
    "Dame",
    "Commandant",
    "Admiral",
    "Lieutenant",
    "Major",
    "Corporal",
    "Inspector",
    "Superintendent",
    "Commissioner",
    "Marshal",
    "Sheriff",
    "Attorney",
    "Counsel",
    "Consul",
    "Doctor",
    "Nurse",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Leader",
    "Head",
    "Councillor",
    "Councilor",
    "Congressman",
    "Congresswoman",
    "Representative",
    "Delegate",
    "Chancellor",
    "Mayor",
];

/// Capitalized words that commonly follow "the" and are not people: institutions, media,
/// offices, groups.
const NOT_PEOPLE: &[&str] = &[
    "Kremlin",
    "Pentagon",
    "Vatican",
    "White",
    "Fed",
    "Commission",
    "Government",
    "Ministry",
    "Council",
    "Court",
    "Parliament",
    "Senate",
    "House",
    "Congress",
    "Bundestag",
    "Bundesrat",
    "Bundesbank",
    "Bundeswehr",
    "Duma",
    "Rada",
    "Knesset",
    "Treasury",
    "Army",
    "Navy",
    "Police",
    "Party",
    "Union",
    "Bank",
    "Church",
    "Committee",
    "Agency",
    "Office",
    "Department",
    "Bureau",
    "Institute",
    "Foundation",
    "Company",
    "Group",
    "Board",
    "Authority",
    "Cabinet",
    "Coalition",
    "Opposition",
    "Left",
    "Right",
    "Greens",
    "Times",
    "Post",
    "Journal",
    "Guardian",
    "Telegraph",
    "Independent",
    "Economist",
    "Mirror",
    "Sun",
    "Star",
    "Globe",
    "Herald",
    "Tribune",
    "Chronicle",
    "Observer",
    "Express",
    "Mail",
    "News",
    "Standard",
    "Spectator",
    "Atlantic",
    "Nation",
    "Register",
    "Examiner",
    "Inquirer",
    "Gazette",
    "Review",
    "Report",
    "Buddha",
    "Prophet",
    "Messiah",
    "Almighty",
    "Creator",
    "Taliban",
    "Hamas",
    "Hezbollah",
    "Houthis",
    "Élysée",
    "Elysee",
    "Quai",
    "Met",
    "FBI",
    "CIA",
    "Commons",
    "Lords",
    "Crown",
    "Palace",
    "Embassy",
    "Consulate",
    "Mission",
    "Administration",
    "Regime",
    "Junta",
    "Republic",
    "Federation",
    "Alliance",
    "League",
    "Association",
    "Organisation",
    "Organization",
    "Network",
    "Centre",
    "Center",
    "University",
    "College",
    "School",
    "Hospital",
    "Club",
    "Team",
    "Side",
    "Council",
    "Assembly",
    "Tribunal",
    "Prosecutor",
    "Prosecution",
    "Defence",
    "Defense",
    "Interior",
    "Home",
    "Foreign",
    "Treasury",
    "Exchequer",
    "Chair",
    "Board",
    "Panel",
    "Jury",
    "Bench",
    "Crown",
    "State",
    "States",
    "Kingdom",
    "Emirates",
    "Netherlands",
    "Philippines",
    "Hague",
    "Internet",
    "Web",
    "Bible",
    "Koran",
    "Quran",
    "Constitution",
    "Charter",
    "Treaty",
    "Accord",
    "Act",
    "Bill",
    "Law",
    "Budget",
    "Plan",
    "Pact",
    "Deal",
    "Summit",
    "Games",
    "Olympics",
    "Cup",
    "League",
    "Premiership",
    "Bundesliga",
    "Tour",
    "Open",
    "Masters",
    "Ashes",
    "Derby",
    "Final",
    "Finals",
    "Series",
    "Show",
    "Festival",
    "Biennale",
    "Oscars",
    "Academy",
    "Met",
    "Louvre",
    "Guardian",
    "Beatles",
    "Stones",
    "Who",
    "Doors",
    "Clash",
    "Smiths",
    "Verve",
    "Blues",
    "Reds",
    "Irons",
    "Saints",
    "Spurs",
    "Gunners",
    "Magpies",
    "Hammers",
    "Foxes",
    "Wolves",
    "Villans",
    "Toffees",
    "Lions",
    "Tigers",
    "Bears",
    "Eagles",
    "Giants",
    "Jets",
    "Heat",
    "Thunder",
    "Magic",
    "Jazz",
    "Sky",
    "Storm",
    "Fire",
    "Lightning",
    "Rays",
    "Mets",
    "Yankees",
    "Cubs",
    "Sox",
    "Dodgers",
    "Raiders",
];

/// A case-sensitive word set, looked up on the words after every "the" (FNV: SipHash was a
/// visible part of the rule's time).
fn set(words: &'static [&'static str]) -> FnvSet<&'static str> {
    words.iter().copied().collect()
}

fn is_title(w: &str) -> bool {
    static S: OnceLock<FnvSet<&str>> = OnceLock::new();
    S.get_or_init(|| set(TITLES)).contains(w)
}

fn is_verb(w: &str) -> bool {
    static S: OnceLock<FnvSet<&str>> = OnceLock::new();
    S.get_or_init(|| set(VERBS)).contains(w)
}

fn is_name_like(w: &str) -> bool {
    static NOT: OnceLock<FnvSet<&str>> = OnceLock::new();
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars().skip(1).any(char::is_lowercase)
        && !w.contains(['\'', '’'])
        && !is_title(w)
        && !NOT.get_or_init(|| set(NOT_PEOPLE)).contains(w)
        && !places().is_adjective(w)
        && !nationality_noun(w)
}

/// "Frenchman", "Spaniard", "Briton" and the like: nationality nouns that take "the".
fn nationality_noun(w: &str) -> bool {
    w.ends_with("man")
        || w.ends_with("woman")
        || matches!(
            w,
            "Spaniard"
                | "Briton"
                | "Brit"
                | "Scot"
                | "Swede"
                | "Dane"
                | "Pole"
                | "Turk"
                | "Finn"
                | "Kiwi"
                | "Aussie"
                | "Argentinian"
                | "Filipino"
                | "Filipina"
                | "Catalan"
                | "Basque"
                | "Brazilian"
                | "Serb"
                | "Croat"
                | "Czech"
                | "Slovak"
                | "Belgian"
                | "Swiss"
                | "American"
                | "Canadian"
                | "Australian"
                | "German"
                | "Russian"
                | "Ukrainian"
                | "Kenyan"
                | "Ethiopian"
                | "Jamaican"
                | "Norwegian"
                | "Austrian"
        )
}

fn is_word(tok: Option<&Token>) -> bool {
    tok.is_some_and(|t| t.kind == TokenKind::Word)
}

/// True when the word at `k` is used as a person's name: after a title or honorific, after a
/// first name (not itself after "the"), or alone before a verb of saying.
fn attests_person(tokens: &[Token], text: &str, k: usize) -> bool {
    {
        // Previous word, skipping the period of "Mr." / "Dr.".
        let mut p = k.checked_sub(1);
        if let Some(pi) = p {
            if tokens[pi].kind == TokenKind::Punct && tokens[pi].text(text) == "." {
                p = pi.checked_sub(1);
            }
        }
        let prev = p.map(|pi| tokens[pi]);
        let prev_text = prev.map_or("", |t| t.text(text));
        if is_word(prev.as_ref()) && is_title(prev_text) {
            // "Secretary Rubio", "Mr. Rubio" — but not a title phrase after an article ("the
            // Deputy Commandant").
            let mut b = p.unwrap_or(0);
            while b > 0 && (is_title(tokens[b - 1].text(text)) || tokens[b - 1].text(text) == ".") {
                b -= 1;
            }
            let article = b.checked_sub(1).is_some_and(|a| {
                matches!(
                    tokens[a].text(text),
                    "the" | "The" | "a" | "A" | "an" | "An"
                )
            });
            if !article {
                return true;
            }
        }
        let before_prev = p
            .and_then(|pi| pi.checked_sub(1))
            .map_or("", |bi| tokens[bi].text(text));
        if is_word(prev.as_ref())
            && prev_text.chars().next().is_some_and(char::is_uppercase)
            && is_name_like(prev_text)
            && !matches!(before_prev, "the" | "The")
        {
            return true;
        }
        let next = tokens.get(k + 1).map_or("", |t| t.text(text));
        if is_verb(next) && !matches!(prev_text, "the" | "The") {
            return true;
        }
    }
    false
}

/// For each candidate name, the positions where the document uses it as a person's name (see
/// [`attests_person`]); one pass over the tokens.
fn attestations<'t>(
    tokens: &[Token],
    text: &'t str,
    names: &[&'t str],
) -> HashMap<&'t str, Vec<usize>> {
    let mut out: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        // A handful of names: compared directly (lengths first) rather than hashed.
        let w = t.text(text);
        if names.contains(&w) && attests_person(tokens, text, k) {
            out.entry(w).or_default().push(k);
        }
    }
    out
}

impl Check for ArticleBeforeName {
    fn check(&self, doc: &Document<'_>, cx: &mut Context<'_>) {
        let text = doc.text();
        let tokens = doc.tokens();
        // (article, name) token indices that pass every local test.
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for i in doc.tokens_with_head(head_of("the")) {
            let tok = tokens[i];
            if tok.kind != TokenKind::Word {
                continue;
            }
            let the = tok.text(text);
            if the != "the" && the != "The" {
                continue;
            }
            // Titles between the article and the name ("the Prime Minister Kishida").
            let mut j = i + 1;
            let capitalized = |t: &Token| {
                t.kind == TokenKind::Word && t.text(text).starts_with(|c: char| c.is_uppercase())
            };
            while j < tokens.len() && capitalized(&tokens[j]) && is_title(tokens[j].text(text)) {
                j += 1;
            }
            let Some(name) = tokens.get(j) else {
                continue;
            };
            if !capitalized(name) || !name.space_before {
                continue;
            }
            // Cheap filter first: a verb of saying right after the name.
            let Some(verb) = tokens.get(j + 1) else {
                continue;
            };
            if verb.kind != TokenKind::Word || !verb.space_before || !is_verb(verb.text(text)) {
                continue;
            }
            let name_text = name.text(text);
            if !is_name_like(name_text) || places().at(tokens, j, text).is_some() {
                continue;
            }
            // A plural ("the Clintons", "the Conservatives", "the Spurs") is a group.
            if name_text.ends_with('s') {
                continue;
            }
            candidates.push((i, j));
        }
        if candidates.is_empty() {
            return;
        }
        let mut names: Vec<&str> = candidates
            .iter()
            .map(|&(_, j)| tokens[j].text(text))
            .collect();
        names.sort_unstable();
        names.dedup();
        let attested = attestations(tokens, text, &names);
        for (i, j) in candidates {
            let (tok, name) = (tokens[i], tokens[j]);
            let the = tok.text(text);
            let elsewhere = attested
                .get(name.text(text))
                .is_some_and(|ks| ks.iter().any(|&k| k != j));
            if !elsewhere {
                continue;
            }
            let span = Span::new(tok.span.start as usize, name.span.end as usize);
            let rest = &text[tokens[i + 1].span.start as usize..name.span.end as usize];
            let fix = if the == "The" {
                let mut c = rest.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            } else {
                rest.to_string()
            };
            cx.report(
                span,
                format!(
                    "\"{}\": English puts no article before a person's name (typical of \
                     translation from Russian, Chinese or Japanese, which have no articles)",
                    span.slice(text)
                ),
            )
            .confidence(0.7)
            .fix(fix, Applicability::Unsafe);
        }
    }
}
