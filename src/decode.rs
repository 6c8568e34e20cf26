//! From a path or a record to text: opening files and standard input (gzip and zstd
//! decompressed, recognized by their magic bytes), and decoding the bytes without losing track
//! of where things were.
//!
//! Input that is not valid UTF-8 is decoded lossily (each bad sequence becomes U+FFFD, which the
//! unicode rule reports) and the decoder keeps a map so that spans are still reported as byte
//! offsets into the original bytes. A leading byte-order mark is dropped the same way. Input with
//! a NUL byte near the start is taken for binary and refused.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::walk::STDIN;
pub use crate::walk::{content_extension, has_compression_extension};

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

/// Opens a path (or `-` for standard input) as a buffered reader, decompressing gzip and zstd
/// streams recognized by their magic bytes. A damaged compressed stream yields every byte that
/// could be decoded before the damage, then an error that says so in plain words.
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
            Damaged {
                inner: flate2::bufread::MultiGzDecoder::new(reader),
                format: "gzip",
            },
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            1 << 20,
            Damaged {
                inner: Zstd::new(reader),
                format: "zstd",
            },
        )),
    })
}

/// A decompressor whose errors say that the data is damaged, in words rather than as the
/// decoder's internal error values.
struct Damaged<R> {
    inner: R,
    format: &'static str,
}

impl<R: Read> Read for Damaged<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let kind = match e.kind() {
                io::ErrorKind::Other => io::ErrorKind::InvalidData,
                k => k,
            };
            io::Error::new(
                kind,
                format!("the {} data is truncated or corrupt", self.format),
            )
        })
    }
}

/// A zstd stream, frame after frame (concatenated frames, as `cat a.zst b.zst` or a parallel
/// compressor writes them, and skippable frames). Unlike ruzstd's `StreamingDecoder`, which
/// returns an error and nothing else when a frame is cut or damaged, this hands out everything
/// decoded before the damage: the decoder keeps up to a window (often the whole frame) of
/// decoded bytes for back-references and only lets them go when the frame ends, so on an error
/// the frame is ended by hand with an empty last block, which releases them.
struct Zstd<R> {
    source: R,
    frame: ruzstd::decoding::FrameDecoder,
    /// The error to return once the bytes decoded before it are out.
    error: Option<io::Error>,
    done: bool,
}

impl<R: BufRead> Zstd<R> {
    fn new(source: R) -> Self {
        Zstd {
            source,
            frame: ruzstd::decoding::FrameDecoder::new(),
            error: None,
            done: false,
        }
    }

    /// Ends the current frame after a decoding error, so that what it decoded can be read.
    fn end_frame(&mut self) {
        // An empty raw block marked last (3 bytes), then a content checksum for frames that
        // announce one; ruzstd does not verify it.
        const LAST_EMPTY_BLOCK: &[u8] = &[1, 0, 0, 0, 0, 0, 0];
        let _ = self.frame.decode_blocks(
            LAST_EMPTY_BLOCK,
            ruzstd::decoding::BlockDecodingStrategy::All,
        );
    }
}

impl<R: BufRead> Read for Zstd<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
        use ruzstd::decoding::BlockDecodingStrategy;
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let n = self.frame.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            if let Some(e) = self.error.take() {
                return Err(e);
            }
            if self.done {
                return Ok(0);
            }
            if self.frame.is_finished() {
                // The next frame, if any.
                if self.source.fill_buf()?.is_empty() {
                    self.done = true;
                    return Ok(0);
                }
                match self.frame.reset(&mut self.source) {
                    Ok(()) => {}
                    Err(FrameDecoderError::ReadFrameHeaderError(
                        ReadFrameHeaderError::SkipFrame { length, .. },
                    )) => {
                        io::copy(
                            &mut (&mut self.source).take(u64::from(length)),
                            &mut io::sink(),
                        )?;
                    }
                    Err(e) => {
                        self.done = true;
                        return Err(io::Error::new(io::ErrorKind::InvalidData, e.to_string()));
                    }
                }
                continue;
            }
            if let Err(e) = self
                .frame
                .decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBlocks(1))
            {
                self.end_frame();
                self.error = Some(io::Error::new(io::ErrorKind::InvalidData, e.to_string()));
                self.done = true;
            }
        }
    }
}

/// Reads a whole input, decompressing it if needed.
pub fn read_all(path: &Path) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    open(path)?.read_to_end(&mut buf)?;
    Ok(buf)
}

/// The error of an input over the size limit of [`read_max`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLargeInput {
    /// The input's size, when known (an uncompressed file); else it is only known to be over.
    pub bytes: Option<u64>,
    pub max: u64,
}

impl fmt::Display for TooLargeInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.bytes {
            Some(n) => write!(f, "{n} bytes, over the limit of {} bytes", self.max),
            None => write!(f, "over the limit of {} bytes", self.max),
        }
    }
}

impl std::error::Error for TooLargeInput {}

/// The size in a [`read_max`] error of kind `FileTooLarge`.
pub fn size_of(e: &io::Error) -> Option<u64> {
    e.get_ref()?.downcast_ref::<TooLargeInput>()?.bytes
}

/// Reads a whole input like [`read_all`], but at most `max` bytes (after decompression): a
/// larger input is an error of kind [`io::ErrorKind::FileTooLarge`] holding a
/// [`TooLargeInput`]. A plain file over the limit is refused from its size, unread; a
/// compressed one is read no further than the limit.
pub fn read_max(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let too_large =
        |bytes| io::Error::new(io::ErrorKind::FileTooLarge, TooLargeInput { bytes, max });
    if path.as_os_str() != STDIN {
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_file() && meta.len() > max {
                let mut head = [0u8; 4];
                let n = std::fs::File::open(path)?.read(&mut head)?;
                if sniff(&head[..n]) == Compression::None {
                    return Err(too_large(Some(meta.len())));
                }
            }
        }
    }
    let mut buf = Vec::new();
    open(path)?
        .take(max.saturating_add(1))
        .read_to_end(&mut buf)?;
    if buf.len() as u64 > max {
        return Err(too_large(None));
    }
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

    fn zstd(data: &[u8]) -> Vec<u8> {
        ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
    }

    /// What a reader hands out before its error, and the error.
    fn read_until_error(mut r: impl Read) -> (Vec<u8>, Option<io::Error>) {
        let mut out = Vec::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match r.read(&mut buf) {
                Ok(0) => return (out, None),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => return (out, Some(e)),
            }
        }
    }

    fn lines(n: usize) -> Vec<u8> {
        (0..n)
            .map(|i| format!("{{\"id\":{i},\"text\":\"line {i} of the test, with words\"}}\n"))
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn zstd_frames_are_read_one_after_another() {
        let (a, b) = (lines(3000), lines(10));
        let mut data = zstd(&a);
        // A skippable frame between the two (magic, length, content).
        data.extend_from_slice(&[0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9]);
        data.extend(zstd(&b));
        let (out, err) = read_until_error(Zstd::new(&data[..]));
        assert!(err.is_none(), "{err:?}");
        assert_eq!(out, [a, b].concat());
    }

    #[test]
    fn a_cut_zstd_stream_yields_what_was_decoded_before_the_cut() {
        let text = lines(20_000);
        let data = zstd(&text);
        let (out, err) = read_until_error(Zstd::new(&data[..data.len() / 2]));
        let err = err.expect("an error at the cut");
        assert!(
            out.len() > text.len() / 4,
            "{} of {} bytes",
            out.len(),
            text.len()
        );
        assert!(text.starts_with(&out), "the bytes decoded are the text's");
        // Through `open`, the error is said in words.
        let damaged = Damaged {
            inner: Zstd::new(&data[..data.len() / 2]),
            format: "zstd",
        };
        let (again, err2) = read_until_error(damaged);
        assert_eq!(again, out);
        let msg = err2.unwrap().to_string();
        assert_eq!(msg, "the zstd data is truncated or corrupt", "{err}");
    }

    #[test]
    fn a_corrupt_zstd_stream_never_panics_and_ends_in_an_error() {
        let data = zstd(&lines(5000));
        for at in [5, data.len() / 3, data.len() / 2, data.len() - 5] {
            let mut bad = data.clone();
            for b in &mut bad[at..(at + 64).min(data.len())] {
                *b ^= 0x5a;
            }
            let (_, err) = read_until_error(Zstd::new(&bad[..]));
            let _ = err; // an error, or garbage decoded: never a panic or a hang
        }
        let (out, err) = read_until_error(Zstd::new(ZSTD_MAGIC));
        assert!(out.is_empty() && err.is_some());
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
