//! Compressed outputs: a file named `.gz` (or `.gzip`) is written gzip-compressed, one named
//! `.zst` (or `.zstd`) Zstandard-compressed, whatever writes it (`-o`, `--drop-to`, `--fix` of
//! a compressed file). Both are pure Rust: gzip through flate2, Zstandard through ruzstd, whose
//! compressor (about zstd's level 1) is run on a buffer in memory, since it cannot report a
//! write error: the output is a series of independent frames of at most [`FRAME`] bytes of
//! input each, which every Zstandard reader decodes as one stream.

use std::io::{self, Write};
use std::path::Path;

use flate2::write::GzEncoder;
use ruzstd::encoding::{compress_to_vec, CompressionLevel};

/// Input bytes per Zstandard frame.
pub const FRAME: usize = 4 << 20;

/// How an output is compressed, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    Plain,
    Gzip,
    Zstd,
}

impl Codec {
    pub fn of(path: &Path) -> Codec {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("gz" | "gzip") => Codec::Gzip,
            Some("zst" | "zstd") => Codec::Zstd,
            _ => Codec::Plain,
        }
    }
}

/// A writer that compresses into `W` as its codec says; [`Encoder::finish`] ends the stream.
#[derive(Debug)]
pub enum Encoder<W: Write> {
    Plain(W),
    Gzip(GzEncoder<W>),
    Zstd(ZstdFrames<W>),
}

impl<W: Write> Encoder<W> {
    pub fn new(codec: Codec, inner: W) -> Self {
        match codec {
            Codec::Plain => Encoder::Plain(inner),
            Codec::Gzip => Encoder::Gzip(GzEncoder::new(inner, flate2::Compression::default())),
            Codec::Zstd => Encoder::Zstd(ZstdFrames {
                inner,
                buf: Vec::new(),
                frames: 0,
            }),
        }
    }

    /// Writes what is buffered and the end of the stream; returns the inner writer.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Encoder::Plain(w) => Ok(w),
            Encoder::Gzip(g) => g.finish(),
            Encoder::Zstd(z) => z.finish(),
        }
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Encoder::Plain(w) => w.write(buf),
            Encoder::Gzip(g) => g.write(buf),
            Encoder::Zstd(z) => z.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Encoder::Plain(w) => w.flush(),
            Encoder::Gzip(g) => g.flush(),
            Encoder::Zstd(z) => z.flush(),
        }
    }
}

/// Zstandard output as frames of at most [`FRAME`] input bytes, each compressed in memory and
/// then written.
#[derive(Debug)]
pub struct ZstdFrames<W: Write> {
    inner: W,
    buf: Vec<u8>,
    frames: usize,
}

impl<W: Write> ZstdFrames<W> {
    fn write_frame(&mut self) -> io::Result<()> {
        let frame = compress_to_vec(self.buf.as_slice(), CompressionLevel::Fastest);
        self.buf.clear();
        self.frames += 1;
        self.inner.write_all(&frame)
    }

    fn finish(mut self) -> io::Result<W> {
        // An empty output is still one (empty) frame: a valid Zstandard file.
        if !self.buf.is_empty() || self.frames == 0 {
            self.write_frame()?;
        }
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for ZstdFrames<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.capacity() == 0 {
            self.buf.reserve_exact(FRAME);
        }
        let n = data.len().min(FRAME - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == FRAME {
            self.write_frame()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.write_frame()?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn roundtrip(codec: Codec, data: &[u8]) -> Vec<u8> {
        let mut e = Encoder::new(codec, Vec::new());
        e.write_all(data).unwrap();
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), e.finish().unwrap()).unwrap();
        let mut out = Vec::new();
        crate::decode::open(file.path())
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn codecs_by_name_and_round_trips() {
        assert_eq!(Codec::of(Path::new("a.jsonl.gz")), Codec::Gzip);
        assert_eq!(Codec::of(Path::new("a.jsonl.ZST")), Codec::Zstd);
        assert_eq!(Codec::of(Path::new("a.jsonl")), Codec::Plain);
        let data: Vec<u8> = (0..FRAME + 1000).map(|i| (i % 251) as u8).collect();
        for codec in [Codec::Plain, Codec::Gzip, Codec::Zstd] {
            assert_eq!(roundtrip(codec, &data), data, "{codec:?}");
            assert_eq!(roundtrip(codec, b""), b"", "{codec:?}");
        }
    }
}
