//! Where documents come from: paths, directories (walked, with include/exclude globs), standard
//! input, and gzip or zstd compression detected by extension or magic bytes.

use std::ffi::OsStr;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// The name standing for standard input.
pub const STDIN: &str = "-";

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

/// Which files a directory walk keeps.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

fn globset(patterns: &[String]) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| format!("bad glob `{p}`: {e}"))?);
    }
    b.build().map(Some).map_err(|e| e.to_string())
}

impl Filter {
    /// `include`: a walked file must match one of these (all files if empty); `exclude`: it
    /// must match none. Globs match the path as walked (`*` crosses `/`, so `*.txt` matches
    /// at any depth); `exclude` also prunes directories.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, String> {
        Ok(Filter {
            include: globset(include)?,
            exclude: globset(exclude)?,
        })
    }

    fn excluded(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|g| g.is_match(path))
    }

    fn included(&self, path: &Path) -> bool {
        self.include.as_ref().is_none_or(|g| g.is_match(path))
    }
}

/// Expands directories into their files (sorted, hidden entries skipped, filtered); files and
/// `-` named explicitly are kept as given.
pub fn expand(paths: &[PathBuf], filter: &Filter) -> Result<Vec<PathBuf>, String> {
    fn walk(dir: &Path, filter: &Filter, out: &mut Vec<PathBuf>) -> Result<(), String> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: cannot read directory: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .filter(|p| !filter.excluded(p))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, filter, out)?;
            } else if filter.included(&p) {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() != STDIN && p.is_dir() {
            walk(p, filter, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
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
    fn bad_globs_are_errors() {
        assert!(Filter::new(&["a[".into()], &[]).unwrap_err().contains("a["));
    }
}
