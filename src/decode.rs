//! From a path or a record to text: opening files and standard input (gzip and zstd
//! decompressed, recognized by their magic bytes), and decoding the bytes without losing track
//! of where things were.
//!
//! Input that is not valid UTF-8 is decoded lossily (each bad sequence becomes U+FFFD, which the
//! unicode rule reports) and the decoder keeps a map so that spans are still reported as byte
//! offsets into the original bytes. A leading byte-order mark is dropped the same way. Input with
//! a NUL byte near the start is taken for binary and refused.

use std::ffi::OsStr;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::walk::STDIN;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

/// Compression from the first bytes of a stream.
pub fn sniff(head: &[u8]) -> Compression {
    if head.starts_with(GZIP_MAGIC) {
        Compression::Gzip
    } else if head.starts_with(ZSTD_MAGIC) {
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// True for `.gz`, `.gzip`, `.zst` and `.zstd` names.
pub fn has_compression_extension(path: &Path) -> bool {
    path.extension().and_then(OsStr::to_str).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "gz" | "gzip" | "zst" | "zstd"
        )
    })
}

/// The extension that says what the content is, under any compression extension
/// (`corpus.jsonl.gz` → `jsonl`).
pub fn content_extension(path: &Path) -> Option<String> {
    let inner = if has_compression_extension(path) {
        Path::new(path.file_stem()?)
    } else {
        path
    };
    inner
        .extension()
        .and_then(OsStr::to_str)
        .map(str::to_ascii_lowercase)
}

/// Opens a path (or `-` for standard input) as a buffered reader, decompressing gzip and zstd
/// streams recognized by their magic bytes.
pub fn open(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if path.as_os_str() == STDIN {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(path)?)
    };
    let mut reader = BufReader::with_capacity(1 << 20, raw);
    let kind = sniff(reader.fill_buf()?);
    Ok(match kind {
        Compression::None => Box::new(reader),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::bufread::MultiGzDecoder::new(reader),
        )),
        Compression::Zstd => {
            let decoder = ruzstd::decoding::StreamingDecoder::new(reader)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("zstd: {e}")))?;
            Box::new(BufReader::with_capacity(1 << 20, decoder))
        }
    })
}

/// Reads a whole input, decompressing it if needed.
pub fn read_all(path: &Path) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    open(path)?.read_to_end(&mut buf)?;
    Ok(buf)
}

/// How far into the input to look for a NUL byte (as git and ripgrep do).
const BINARY_PROBE: usize = 8192;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// A NUL byte at this offset: not a text file.
    Binary { offset: usize },
    /// Empty, or only whitespace.
    Empty,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Binary { offset } => {
                write!(f, "binary data (NUL byte at offset {offset}), not text")
            }
            InputError::Empty => write!(f, "empty document"),
        }
    }
}

impl std::error::Error for InputError {}

/// One place where the decoded text and the original bytes differ in length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Edit {
    text_at: usize,
    text_len: usize,
    orig_at: usize,
    orig_len: usize,
}

/// Decoded text and the map back to the original bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceText {
    pub text: String,
    edits: Vec<Edit>,
    /// Number of invalid UTF-8 sequences replaced by U+FFFD.
    pub invalid_sequences: usize,
}

impl SourceText {
    /// Wraps text that is already valid (no offset map needed).
    pub fn from_string(text: String) -> Self {
        SourceText {
            text,
            edits: Vec::new(),
            invalid_sequences: 0,
        }
    }

    /// The byte offset in the original input for a byte offset in [`Self::text`].
    pub fn original_offset(&self, offset: usize) -> usize {
        let i = self.edits.partition_point(|e| e.text_at <= offset);
        if i == 0 {
            return offset;
        }
        let e = self.edits[i - 1];
        if offset < e.text_at + e.text_len {
            // Inside a replacement character: point at the start of the bad bytes.
            e.orig_at
        } else {
            offset - (e.text_at + e.text_len) + e.orig_at + e.orig_len
        }
    }

    pub fn is_lossy(&self) -> bool {
        self.invalid_sequences > 0
    }

    /// The bytes to write for `text`, a new version of this source: with the byte-order mark
    /// when the source had one. `None` when the source was not valid UTF-8, since writing it
    /// back would lose its original bytes.
    pub fn encode(&self, text: &str) -> Option<Vec<u8>> {
        if self.is_lossy() {
            return None;
        }
        let bom = self
            .edits
            .first()
            .is_some_and(|e| e.text_at == 0 && e.text_len == 0 && e.orig_len == 3);
        let mut out = Vec::with_capacity(text.len() + 3);
        if bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        out.extend_from_slice(text.as_bytes());
        Some(out)
    }
}

/// True when the bytes look like a binary file (a NUL byte in the first 8 KiB).
pub fn binary_offset(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)])
}

/// Decodes bytes: refuses binary data, drops a byte-order mark, replaces invalid UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<SourceText, InputError> {
    if let Some(offset) = binary_offset(&bytes) {
        return Err(InputError::Binary { offset });
    }
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let bytes = if bom {
        bytes
    } else {
        // The common case: valid UTF-8 without a BOM keeps its buffer and needs no map.
        match String::from_utf8(bytes) {
            Ok(text) => return Ok(SourceText::from_string(text)),
            Err(e) => e.into_bytes(),
        }
    };
    let body_at = if bom { 3 } else { 0 };
    let mut edits = Vec::new();
    if bom {
        edits.push(Edit {
            text_at: 0,
            text_len: 0,
            orig_at: 0,
            orig_len: 3,
        });
    }
    let body = &bytes[body_at..];
    let mut text = String::with_capacity(body.len() + 16);
    let mut orig = body_at;
    let mut invalid = 0;
    for chunk in body.utf8_chunks() {
        text.push_str(chunk.valid());
        orig += chunk.valid().len();
        let bad = chunk.invalid();
        if !bad.is_empty() {
            edits.push(Edit {
                text_at: text.len(),
                text_len: '\u{fffd}'.len_utf8(),
                orig_at: orig,
                orig_len: bad.len(),
            });
            text.push('\u{fffd}');
            orig += bad.len();
            invalid += 1;
        }
    }
    Ok(SourceText {
        text,
        edits,
        invalid_sequences: invalid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn extensions() {
        assert_eq!(
            content_extension(Path::new("a/corpus.jsonl.gz")).as_deref(),
            Some("jsonl")
        );
        assert_eq!(
            content_extension(Path::new("a/corpus.JSONL")).as_deref(),
            Some("jsonl")
        );
        assert_eq!(
            content_extension(Path::new("notes.txt.zst")).as_deref(),
            Some("txt")
        );
        assert_eq!(content_extension(Path::new("README")), None);
    }

    #[test]
    fn gzip_is_detected_by_magic_bytes_whatever_the_name() {
        let dir = std::env::temp_dir().join(format!("mtlint-src-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("plain-name.jsonl");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"{\"text\":\"hello\"}\n").unwrap();
        std::fs::write(&p, enc.finish().unwrap()).unwrap();
        assert_eq!(read_all(&p).unwrap(), b"{\"text\":\"hello\"}\n");
        std::fs::write(&p, b"plain").unwrap();
        assert_eq!(read_all(&p).unwrap(), b"plain");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn valid_text_is_unchanged() {
        let s = decode(b"plain text".to_vec()).unwrap();
        assert_eq!(s.text, "plain text");
        assert_eq!(s.original_offset(5), 5);
        assert!(!s.is_lossy());
    }

    #[test]
    fn invalid_utf8_maps_back_to_original_offsets() {
        // "ab" + two bad bytes + "cd" + one bad byte + "é"
        let bytes = b"ab\xff\xfecd\x80\xc3\xa9".to_vec();
        let s = decode(bytes).unwrap();
        assert_eq!(s.text, "ab\u{fffd}\u{fffd}cd\u{fffd}é");
        assert_eq!(s.invalid_sequences, 3);
        let c = s.text.find('c').unwrap();
        assert_eq!(s.original_offset(c), 4);
        let e = s.text.find('é').unwrap();
        assert_eq!(s.original_offset(e), 7);
        assert_eq!(s.original_offset(s.text.len()), 9);
        assert_eq!(s.original_offset(2), 2);
    }

    #[test]
    fn bom_is_dropped_and_offsets_shift() {
        let s = decode(b"\xEF\xBB\xBFHello".to_vec()).unwrap();
        assert_eq!(s.text, "Hello");
        assert_eq!(s.original_offset(0), 3);
        assert_eq!(s.original_offset(5), 8);
        assert_eq!(s.encode("Hi").unwrap(), b"\xEF\xBB\xBFHi");
        assert_eq!(decode(b"x\xff".to_vec()).unwrap().encode("x"), None);
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00".to_vec()),
            Err(InputError::Binary { offset: 4 })
        );
    }
}
