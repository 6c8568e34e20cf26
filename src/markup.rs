//! Markup awareness: checking the prose of Markdown and HTML files, not their syntax.
//!
//! [`extract`] turns a marked-up text into plain prose plus a map back to the original. The prose
//! is built from pieces: *verbatim* pieces are copied byte for byte from the original (so spans
//! inside them map back exactly, and fixes can be applied to the original), *replaced* pieces
//! stand for some original bytes with other text (a decoded entity, a placeholder for inline
//! code, a space for a line break inside a paragraph), and block breaks (`\n\n` between
//! paragraphs, headings, list items, table cells) stand for nothing. Every block ends with a
//! break, so words of different blocks are never glued and a heading never runs into the
//! paragraph after it; inline markup (`*em*`, `<b>`) adds nothing, so text glued around it stays
//! glued, as it is when rendered.
//!
//! Markdown (pulldown-cmark): headings, paragraphs, list items, block quotes, table cells, link
//! texts and image alt texts are prose; code blocks, inline code, autolinks, link targets, HTML
//! and front matter are not. HTML (html5gum): text content, with entities decoded; `<script>`,
//! `<style>`, `<template>`, `<code>`, `<pre>` and the like are skipped; `alt` texts of images
//! are prose.

use std::ops::Range;
use std::path::Path;

use crate::span::Span;
use crate::{Linter, Report, TooLarge};

/// How a text is marked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Markdown,
    Html,
}

impl Kind {
    /// The kind a file's extension says (`.md`, `.markdown`, `.html`, `.htm`; text otherwise).
    pub fn from_path(path: &Path) -> Kind {
        match crate::decode::content_extension(path).as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd") => Kind::Markdown,
            Some("html" | "htm" | "xhtml") => Kind::Html,
            _ => Kind::Text,
        }
    }
}

/// Stands for inline code in the prose, so that the sentence around it keeps its shape.
pub const CODE_PLACEHOLDER: &str = "code";

/// A stretch of the prose and the original bytes it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    ext: u32,
    ext_len: u32,
    orig: u32,
    orig_len: u32,
    /// Copied unchanged: offsets inside map one to one.
    verbatim: bool,
}

impl Piece {
    fn ext_end(&self) -> u32 {
        self.ext + self.ext_len
    }

    fn orig_end(&self) -> u32 {
        self.orig + self.orig_len
    }
}

/// The prose of a marked-up text and the map back to the original.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    pub text: String,
    pieces: Vec<Piece>,
}

impl Extracted {
    /// The original offset where something starting at prose offset `x` starts.
    fn map_start(&self, x: u32) -> u32 {
        let i = self.pieces.partition_point(|p| p.ext <= x);
        let Some(p) = i.checked_sub(1).map(|i| self.pieces[i]) else {
            return self.pieces.first().map_or(0, |p| p.orig);
        };
        if x < p.ext_end() {
            if p.verbatim {
                p.orig + (x - p.ext)
            } else {
                p.orig
            }
        } else {
            // In a block break (or at the end): where the next piece starts.
            self.pieces.get(i).map_or(p.orig_end(), |n| n.orig)
        }
    }

    /// The original offset where something ending at prose offset `x` ends.
    fn map_end(&self, x: u32) -> u32 {
        let i = self.pieces.partition_point(|p| p.ext < x);
        let Some(p) = i.checked_sub(1).map(|i| self.pieces[i]) else {
            return self.pieces.first().map_or(0, |p| p.orig);
        };
        if x <= p.ext_end() && p.verbatim {
            p.orig + (x - p.ext)
        } else {
            p.orig_end()
        }
    }

    /// The original span covering what `span` of the prose comes from.
    pub fn map_span(&self, span: Span) -> Span {
        if span.is_empty() {
            let at = self.map_end(span.start) as usize;
            return Span::new(at, at);
        }
        Span::new(
            self.map_start(span.start) as usize,
            self.map_end(span.end) as usize,
        )
    }

    /// The original span of `span` when the prose under it is a verbatim copy of the original
    /// (inside one piece), so that replacing it in the original means the same; `None` when it
    /// crosses markup, an entity or a block break.
    pub fn map_exact(&self, span: Span) -> Option<Span> {
        let i = self.pieces.partition_point(|p| p.ext <= span.start);
        // An insertion at the end of a piece may also go there.
        let candidates = [
            i.checked_sub(1),
            i.checked_sub(2).filter(|_| span.is_empty()),
        ];
        candidates.into_iter().flatten().find_map(|k| {
            let p = self.pieces[k];
            (p.verbatim && p.ext <= span.start && span.end <= p.ext_end()).then(|| {
                let at = (p.orig + span.start - p.ext) as usize;
                Span::new(at, at + span.len())
            })
        })
    }

    /// Moves a report on the prose onto the original: spans and related spans are mapped, fixes
    /// are kept only where they map exactly.
    pub fn remap(&self, report: &mut Report) {
        for f in &mut report.findings {
            if f.fix.is_some() && self.map_exact(f.span).is_none() {
                f.fix = None;
            }
            f.span = self.map_span(f.span);
            for r in &mut f.related {
                *r = self.map_span(*r);
            }
        }
        report.findings.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule.code).cmp(&(b.span.start, b.span.end, b.rule.code))
        });
    }
}

/// Builds an [`Extracted`] piece by piece.
struct Builder<'s> {
    src: &'s str,
    out: Extracted,
}

impl<'s> Builder<'s> {
    fn new(src: &'s str) -> Self {
        Builder {
            src,
            out: Extracted {
                text: String::with_capacity(src.len()),
                pieces: Vec::new(),
            },
        }
    }

    fn push(&mut self, orig: Range<usize>, text: &str, verbatim: bool) {
        if text.is_empty() {
            return;
        }
        let ext = self.out.text.len() as u32;
        self.out.text.push_str(text);
        let piece = Piece {
            ext,
            ext_len: text.len() as u32,
            orig: orig.start as u32,
            orig_len: orig.len() as u32,
            verbatim,
        };
        match self.out.pieces.last_mut() {
            // Extend a verbatim piece that this one continues in both texts.
            Some(last)
                if verbatim
                    && last.verbatim
                    && last.ext_end() == ext
                    && last.orig_end() == piece.orig =>
            {
                last.ext_len += piece.ext_len;
                last.orig_len += piece.orig_len;
            }
            _ => self.out.pieces.push(piece),
        }
    }

    /// Original text copied as prose, with line breaks read as spaces.
    fn prose(&mut self, range: Range<usize>) {
        let src = self.src;
        let mut at = range.start;
        for i in memchr::memchr2_iter(b'\n', b'\r', &src.as_bytes()[range.clone()]) {
            let i = range.start + i;
            self.push(at..i, &src[at..i], true);
            self.push(i..i + 1, " ", false);
            at = i + 1;
        }
        self.push(at..range.end, &src[at..range.end], true);
    }

    /// Original bytes standing for other text.
    fn replaced(&mut self, range: Range<usize>, text: &str) {
        self.push(range, text, false);
    }

    /// A text the parser read from `range`: verbatim when it is the same as the original.
    fn text(&mut self, range: Range<usize>, decoded: &str) {
        if self.src.get(range.clone()) == Some(decoded) {
            self.prose(range);
        } else {
            self.replaced(range, decoded);
        }
    }

    /// The end of a block: a paragraph break, unless there is one already.
    fn block_break(&mut self) {
        let t = &mut self.out.text;
        if !t.is_empty() && !t.ends_with("\n\n") {
            t.push_str(if t.ends_with('\n') { "\n" } else { "\n\n" });
        }
    }

    fn finish(self) -> Extracted {
        self.out
    }
}

/// The prose of `text` and the map back to it.
pub fn extract(text: &str, kind: Kind) -> Extracted {
    match kind {
        Kind::Text => {
            let mut b = Builder::new(text);
            b.push(0..text.len(), text, true);
            b.finish()
        }
        Kind::Markdown => markdown(text),
        Kind::Html => html(text),
    }
}

/// The prose of a text whose markup is marked already (LanguageTool's `data` annotations): each
/// part of `src` by its range, copied (`None`) or read as other text (markup's `interpretAs`).
pub fn from_parts(src: &str, parts: &[(Range<usize>, Option<String>)]) -> Extracted {
    let mut b = Builder::new(src);
    for (range, read_as) in parts {
        match read_as {
            None => b.push(range.clone(), src.get(range.clone()).unwrap_or(""), true),
            Some(t) => b.replaced(range.clone(), t),
        }
    }
    b.finish()
}

/// Checks the prose of `text` and reports on the original: spans are offsets into `text`.
pub fn check(linter: &Linter, text: &str, kind: Kind) -> Result<Report, TooLarge> {
    if kind == Kind::Text {
        return linter.check(text);
    }
    let prose = extract(text, kind);
    let mut report = linter.check_unsuppressed(&prose.text)?;
    prose.remap(&mut report);
    // Suppression comments live in the original markup (`<!-- mtlint-disable -->` is not
    // prose), so they are applied to the remapped findings, and the score is taken again.
    if linter.suppressions() && memchr::memmem::find(text.as_bytes(), b"mtlint-").is_some() {
        let doc = crate::Document::new(text)?;
        report.suppression_warnings =
            crate::suppress::apply(&doc, &mut report.findings, &report.rules_run);
        report.score = linter.score(&report, text);
    }
    Ok(report)
}

fn markdown(src: &str) -> Extracted {
    use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut b = Builder::new(src);
    // Depth of elements whose text is not prose (code blocks, autolinks, front matter).
    let mut skip = 0usize;
    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock => {
                    b.block_break();
                    skip += 1;
                }
                Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                } => skip += 1,
                Tag::Image { .. }
                | Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableCell
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => b.block_break(),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => {
                    skip = skip.saturating_sub(1);
                    b.block_break();
                }
                TagEnd::Link if skip > 0 => skip -= 1,
                TagEnd::Image
                | TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => b.block_break(),
                _ => {}
            },
            _ if skip > 0 => {}
            Event::Text(t) => b.text(range, &t),
            Event::Code(_) => b.replaced(range, CODE_PLACEHOLDER),
            Event::SoftBreak => b.replaced(range, " "),
            Event::HardBreak => b.replaced(range, "\n"),
            Event::Rule => b.block_break(),
            // HTML, math, footnote references and task markers are not prose.
            _ => {}
        }
    }
    b.finish()
}

/// Elements whose content is not prose.
const HTML_SKIP: &[&[u8]] = &[
    b"script",
    b"style",
    b"template",
    b"noscript",
    b"code",
    b"pre",
    b"kbd",
    b"samp",
    b"svg",
    b"math",
    b"textarea",
    b"select",
];

/// Elements that end a block of prose.
const HTML_BLOCKS: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"body",
    b"br",
    b"caption",
    b"dd",
    b"details",
    b"div",
    b"dl",
    b"dt",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"header",
    b"hr",
    b"html",
    b"legend",
    b"li",
    b"main",
    b"nav",
    b"ol",
    b"option",
    b"p",
    b"section",
    b"summary",
    b"table",
    b"tbody",
    b"td",
    b"tfoot",
    b"th",
    b"thead",
    b"title",
    b"tr",
    b"ul",
];

fn html(src: &str) -> Extracted {
    use html5gum::{DefaultEmitter, Token, Tokenizer};

    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Read `<script>` and `<style>` as raw text, `<title>` and `<textarea>` as text, as browsers
    // do.
    emitter.naively_switch_states(true);
    let mut b = Builder::new(src);
    let mut skip = 0usize;
    for token in Tokenizer::new_with_emitter(src, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.as_slice();
                if HTML_SKIP.contains(&name) && !tag.self_closing {
                    skip += 1;
                }
                if HTML_BLOCKS.contains(&name) {
                    b.block_break();
                }
                if skip == 0 && name == b"img" {
                    if let Some(alt) = tag.attributes.get(b"alt".as_slice()) {
                        b.block_break();
                        html_text(&mut b, alt.span.start..alt.span.end);
                        b.block_break();
                    }
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.as_slice();
                if HTML_SKIP.contains(&name) {
                    skip = skip.saturating_sub(1);
                }
                if HTML_BLOCKS.contains(&name) {
                    b.block_break();
                }
            }
            Token::String(s) if skip == 0 => html_text(&mut b, s.span.start..s.span.end),
            _ => {}
        }
    }
    b.finish()
}

/// Raw HTML text (between tags, or an attribute value) as prose, with character references
/// decoded.
fn html_text(b: &mut Builder<'_>, range: Range<usize>) {
    let Some(raw) = b.src.get(range.clone()) else {
        return;
    };
    let mut at = range.start;
    for amp in memchr::memchr_iter(b'&', raw.as_bytes()) {
        let amp = range.start + amp;
        if amp < at {
            continue;
        }
        let name_len = b.src[amp + 1..range.end]
            .bytes()
            .take(40)
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'#')
            .count();
        if name_len == 0 {
            continue;
        }
        let mut end = amp + 1 + name_len;
        if b.src.as_bytes().get(end) == Some(&b';') && end < range.end {
            end += 1;
        }
        let reference = &b.src[amp..end];
        let decoded = decode_reference(reference);
        if decoded != reference {
            b.prose(at..amp);
            b.replaced(amp..end, &decoded);
            at = end;
        }
    }
    b.prose(at..range.end);
}

/// Decodes one character reference (`&amp;`, `&#8217;`, `&copy`) as an HTML parser does.
fn decode_reference(reference: &str) -> String {
    let mut out = String::new();
    for token in html5gum::Tokenizer::new(reference).flatten() {
        if let html5gum::Token::String(s) = token {
            out.push_str(&String::from_utf8_lossy(&s.value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The original text under each prose span of `needle`.
    fn original_of(src: &str, kind: Kind, needle: &str) -> String {
        let e = extract(src, kind);
        let at = e
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {:?}", e.text));
        e.map_span(Span::new(at, at + needle.len()))
            .slice(src)
            .to_string()
    }

    #[test]
    fn markdown_prose_without_code_links_html_or_front_matter() {
        let src = "---\ntitle: Front matter\n---\n# A heading\n\nSome *prose* with `inline code`, a [link text](https://example.com/x) and <https://auto.example.com>.\nSecond line.\n\n```\nfn code_block() {}\n```\n\n    indented code\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| cell one | cell two |\n\n![alt text](img.png) <!-- a comment --> <b>bold</b>\n";
        let e = extract(src, Kind::Markdown);
        let t = &e.text;
        for gone in [
            "Front matter",
            "inline code",
            "example.com",
            "code_block",
            "indented",
            "comment",
            "<b>",
            "img.png",
        ] {
            assert!(!t.contains(gone), "{gone:?} in {t:?}");
        }
        for kept in [
            "A heading\n\n",
            "Some prose with code, a link text and .",
            "and . Second line.",
            "item one\n\nitem two",
            "cell one\n\ncell two",
            "alt text",
            "bold",
        ] {
            assert!(t.contains(kept), "{kept:?} not in {t:?}");
        }
        assert_eq!(
            original_of(src, Kind::Markdown, "prose with"),
            "prose* with"
        );
        assert_eq!(original_of(src, Kind::Markdown, "Second"), "Second");
        assert_eq!(original_of(src, Kind::Markdown, "code,"), "`inline code`,");
    }

    #[test]
    fn html_text_without_script_style_and_with_entities() {
        let src = "<html><head><title>The title</title><style>p { color: red }</style></head>\n<body><script>var x = \"<p>no</p>\";</script><p>Fish &amp; chips&nbsp;here.</p><p>Second<br>line &#8220;quoted&#x201D;</p><img src=a.png alt=\"A cat &amp; dog\"></body></html>";
        let e = extract(src, Kind::Html);
        let t = &e.text;
        assert!(
            !t.contains("color") && !t.contains("var x") && !t.contains("no"),
            "{t:?}"
        );
        assert!(t.contains("The title\n\n"), "{t:?}");
        assert!(
            t.contains("Fish & chips\u{a0}here.\n\nSecond\n\nline “quoted”"),
            "{t:?}"
        );
        assert!(t.contains("A cat & dog"), "{t:?}");
        assert_eq!(original_of(src, Kind::Html, "& chips"), "&amp; chips");
        assert_eq!(original_of(src, Kind::Html, "quoted”"), "quoted&#x201D;");
        assert_eq!(original_of(src, Kind::Html, "cat & dog"), "cat &amp; dog");
    }

    #[test]
    fn blocks_do_not_glue_and_exact_maps_stay_inside_pieces() {
        let src = "<p>Paris</p><p>It rains.</p><b>Paris.</b>It";
        let e = extract(src, Kind::Html);
        assert!(
            e.text.starts_with("Paris\n\nIt rains.\n\nParis.It"),
            "{:?}",
            e.text
        );
        let at = e.text.rfind("Paris.It").unwrap();
        // Inside a verbatim piece: exact.
        let s = e.map_exact(Span::new(at, at + 5)).unwrap();
        assert_eq!(s.slice(src), "Paris");
        // Across the `</b>`: no exact map, but a covering span.
        let glued = Span::new(at, at + 8);
        assert!(e.map_exact(glued).is_none());
        assert_eq!(e.map_span(glued).slice(src), "Paris.</b>It");
        // An insertion between `.` and `It` maps to either side of the tag.
        let dot = at + 6;
        assert!(e.map_exact(Span::new(dot, dot)).is_some());
    }

    #[test]
    fn line_breaks_inside_html_text_are_spaces() {
        let src = "<p>one\r\ntwo</p>";
        let e = extract(src, Kind::Html);
        assert_eq!(e.text, "one  two\n\n");
        assert_eq!(original_of(src, Kind::Html, "two"), "two");
    }

    #[test]
    fn plain_text_maps_to_itself_and_odd_input_does_not_panic() {
        let e = extract("abc", Kind::Text);
        assert_eq!(e.map_span(Span::new(1, 2)), Span::new(1, 2));
        for src in [
            "",
            "&",
            "<",
            "&#;",
            "<p>&#xFFFFFFFF;</p>",
            "<script>",
            "```",
            "[a](",
            "é&é",
        ] {
            for kind in [Kind::Markdown, Kind::Html] {
                let e = extract(src, kind);
                let n = e.text.len();
                for i in 0..=n {
                    let s = e.map_span(Span::new(i.min(n), n));
                    assert!(s.end as usize <= src.len());
                }
            }
        }
    }
}
