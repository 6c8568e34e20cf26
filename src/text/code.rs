//! Code and URLs in prose: where the rules that read punctuation and capitals leave the text
//! alone.
//!
//! Two notions, each the one its users were written and measured with (merging them would
//! change what those rules report):
//!
//! - [`excluded_ranges`]: URLs, fenced blocks opened by ```, and one-line `` `code` `` spans
//!   that do not read as a backtick-quoted phrase. The quote analysis skips the marks inside
//!   them, and `space-before-punctuation` and `foreign-quote-style` their findings.
//! - [`fences`] (``` and ~~~ blocks) and [`inside_backticks`] (an odd number of backticks
//!   before an offset on its line): where `run-together-words` takes glued words for
//!   identifiers.
//!
//! [`Document::code_ranges`](crate::Document::code_ranges) computes the ranges once per
//! document, on first use.

/// The code and URL ranges of a text, sorted by start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeRanges {
    /// [`excluded_ranges`].
    pub excluded: Vec<(usize, usize)>,
    /// [`fences`].
    pub fences: Vec<(usize, usize)>,
}

impl CodeRanges {
    pub fn new(text: &str) -> Self {
        CodeRanges {
            excluded: excluded_ranges(text),
            fences: fences(text),
        }
    }

    /// True when byte `at` is in an [`excluded`](Self::excluded) range.
    pub fn excludes(&self, at: usize) -> bool {
        let k = self.excluded.partition_point(|r| r.1 <= at);
        self.excluded.get(k).is_some_and(|r| r.0 <= at)
    }

    /// True when byte `at` is in a fenced block ([`fences`](Self::fences)).
    pub fn in_fence(&self, at: usize) -> bool {
        self.fences.iter().any(|&(s, e)| s <= at && at < e)
    }
}

/// Byte ranges to leave alone: URLs (`http://…`, `www.…` up to whitespace) and code (fenced
/// blocks, and `` `code` `` spans on one line that do not read as a backtick-quoted phrase).
pub fn excluded_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    if memchr::memmem::find(bytes, b"://").is_some()
        || memchr::memmem::find(bytes, b"www.").is_some()
    {
        for pat in [&b"://"[..], &b"www."[..]] {
            for i in memchr::memmem::find_iter(bytes, pat) {
                // Back to the start of the word (the scheme), forward to whitespace.
                let mut s = i;
                while s > 0 && bytes[s - 1].is_ascii_alphanumeric() {
                    s -= 1;
                }
                let mut e = i + pat.len();
                while e < bytes.len() && !bytes[e].is_ascii_whitespace() {
                    e += 1;
                }
                // Trailing punctuation and closing quotes belong to the sentence.
                let e = s + text[s..e]
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '”', '’', '»'])
                    .len();
                out.push((s, e));
            }
        }
    }
    if memchr::memchr(b'`', bytes).is_some() {
        let mut in_fence: Option<usize> = None;
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") {
                match in_fence.take() {
                    Some(s) => out.push((s, line_start + line.len())),
                    None => in_fence = Some(line_start),
                }
            } else if in_fence.is_none() {
                code_spans(line, line_start, &mut out);
            }
            line_start += line.len();
        }
        if let Some(s) = in_fence {
            out.push((s, text.len()));
        }
    }
    out.sort_unstable();
    out
}

/// `` `code` `` spans in one line: a backtick not after a letter, content starting and ending
/// with a non-space, a closing backtick not followed by a letter (so `` `Wiesn' is known as
/// `Italian' `` and ``Blocks`n`Rox`` are not code).
fn code_spans(line: &str, offset: usize, out: &mut Vec<(usize, usize)>) {
    let b = line.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'`', &b[i..]) {
        let open = i + p;
        i = open + 1;
        if open > 0 && b[open - 1].is_ascii_alphanumeric() {
            continue;
        }
        if b.get(open + 1)
            .is_none_or(|c| c.is_ascii_whitespace() || *c == b'`')
        {
            continue;
        }
        let Some(q) = memchr::memchr(b'`', &b[open + 1..]) else {
            break;
        };
        let close = open + 1 + q;
        let content = &b[open + 1..close];
        let ok = !content.last().is_some_and(|c| c.is_ascii_whitespace())
            && !b.get(close + 1).is_some_and(|c| c.is_ascii_alphanumeric())
            && !content.contains(&b'\'');
        if ok {
            out.push((offset + open, offset + close + 1));
            i = close + 1;
        }
    }
}

/// Byte ranges of fenced code blocks: from a line starting with ``` or ~~~ to the next such
/// line (either kind closes), or to the end of the text. (The ranges of [`excluded_ranges`]
/// count ``` fences only.)
pub fn fences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if memchr::memmem::find(text.as_bytes(), b"```").is_none()
        && memchr::memmem::find(text.as_bytes(), b"~~~").is_none()
    {
        return out;
    }
    let mut open: Option<usize> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            match open.take() {
                Some(start) => out.push((start, pos + line.len())),
                None => open = Some(pos),
            }
        }
        pos += line.len();
    }
    if let Some(start) = open {
        out.push((start, text.len()));
    }
    out
}

/// How far back on a line [`inside_backticks`] looks for an opening backtick: inline code spans are
/// short, and the bound keeps the rule linear on very long lines.
const BACKTICK_LOOKBACK: usize = 512;

/// True when the byte `at` follows an odd number of backticks on its line (looking at most
/// `BACKTICK_LOOKBACK` bytes back): inside a backtick code span, by a looser test than
/// [`excluded_ranges`]' code spans, which `run-together-words` uses for the word it reports.
pub fn inside_backticks(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let window = at.saturating_sub(BACKTICK_LOOKBACK);
    let line_start = memchr::memrchr(b'\n', &bytes[window..at]).map_or(window, |i| window + i + 1);
    memchr::memchr_iter(b'`', &bytes[line_start..at]).count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slices<'t>(text: &'t str, ranges: &[(usize, usize)]) -> Vec<&'t str> {
        ranges.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn urls_spans_and_fences_are_excluded() {
        let text = "See https://x.org/a'b. Call `f(x)` but not `Wiesn' here.\n```\ncode\n```\nend";
        let r = CodeRanges::new(text);
        assert_eq!(
            slices(text, &r.excluded),
            ["https://x.org/a'b", "`f(x)`", "```\ncode\n```\n"]
        );
        assert!(r.excludes(text.find("x.org").unwrap()));
        assert!(!r.excludes(text.find("See").unwrap()));
        assert!(!r.excludes(text.find("Wiesn").unwrap()));
    }

    #[test]
    fn fences_of_either_kind() {
        let text = "a\n~~~\nb\n```\nc\n```\nd";
        let r = CodeRanges::new(text);
        assert_eq!(slices(text, &r.fences), ["~~~\nb\n```\n", "```\nd"]);
        assert!(r.in_fence(text.find('b').unwrap()) && !r.in_fence(0));
        assert_eq!(slices(text, &r.excluded), ["```\nc\n```\n"]);
    }

    #[test]
    fn backtick_parity_on_the_line() {
        let text = "say `fooBar` now\n`open\nnext";
        assert!(inside_backticks(text, text.find("fooBar").unwrap()));
        assert!(!inside_backticks(text, text.find("now").unwrap()));
        assert!(!inside_backticks(text, text.find("next").unwrap()));
        assert!(!inside_backticks("", 0));
    }
}
