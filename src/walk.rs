//! Which files a run reads: the paths given, directories walked, and `-` for standard input.
//! Reading them is [`decode`](crate::decode)'s business.
//!
//! A directory is walked with the `ignore` crate, as git and ripgrep see a tree: sorted by
//! name, hidden entries skipped, `.gitignore`, `.ignore` and `.git/info/exclude` respected
//! (also outside a git repository), and only the files with one of the walk's extensions kept
//! ([`PROSE_EXTENSIONS`] by default; `--include` globs choose instead). Symbolic links are
//! followed, but a link that loops back to a directory being walked is skipped with a note and
//! every directory and file is visited once, however many links lead to it. What is not a
//! regular file (a FIFO, a socket, a device) is skipped with a note, since reading it could
//! wait forever. Paths named explicitly are always kept, whatever their type.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// The name standing for standard input.
pub const STDIN: &str = "-";

/// The extensions of the files a directory walk checks by default (`extensions` in
/// `mtlint.toml` changes them).
pub const PROSE_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

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
/// (`corpus.jsonl.gz` → `jsonl`), lowercased.
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

/// An extension as configured (`.TXT`, `txt`) in the form [`content_extension`] returns.
pub fn normalize_extension(e: &str) -> String {
    e.trim().trim_start_matches('.').to_ascii_lowercase()
}

/// True when the file's content extension is one of `extensions` (normalized).
pub fn has_extension<S: AsRef<str>>(path: &Path, extensions: &[S]) -> bool {
    content_extension(path).is_some_and(|e| extensions.iter().any(|x| x.as_ref() == e))
}

/// Which files a directory walk keeps.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// Walked files must have one of these extensions (unless `include` globs are given);
    /// `None`: any file.
    extensions: Option<Vec<String>>,
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
            extensions: None,
        })
    }

    /// Walked files must also have one of these extensions, unless `include` globs choose the
    /// files.
    pub fn with_extensions<S: AsRef<str>>(mut self, extensions: &[S]) -> Self {
        self.extensions = Some(
            extensions
                .iter()
                .map(|e| normalize_extension(e.as_ref()))
                .collect(),
        );
        self
    }

    /// True when `include` globs were given (they replace the extension test).
    pub fn has_include(&self) -> bool {
        self.include.is_some()
    }

    fn included(&self, path: &Path) -> bool {
        match (&self.include, &self.extensions) {
            (Some(g), _) => g.is_match(path),
            (None, Some(exts)) => has_extension(path, exts),
            (None, None) => true,
        }
    }
}

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    /// Found in a directory walk (`false`: named on the command line).
    pub walked: bool,
}

/// What [`expand`] found: the files, in order; notes about what a walk skipped; and errors
/// (a directory that cannot be read).
#[derive(Debug, Default)]
pub struct Expanded {
    pub files: Vec<Entry>,
    pub notes: Vec<String>,
    pub errors: Vec<String>,
}

/// What identifies a file or directory whatever the path to it (device and inode).
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Elsewhere, loops are still caught (by the walker), but a file reached by two links is read
/// twice.
#[cfg(not(unix))]
fn file_id(_: &Path) -> Option<(u64, u64)> {
    None
}

/// True when the walker's error is a symbolic link loop.
fn is_loop(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        ignore::Error::Partial(errs) => errs.iter().any(is_loop),
        _ => false,
    }
}

/// True when the walker's error is a file that went away or a dangling link.
fn is_not_found(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Io(io) => io.kind() == std::io::ErrorKind::NotFound,
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            is_not_found(err)
        }
        _ => false,
    }
}

/// What a file that is not a regular file is, for a note.
fn kind_of(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO, not a regular file";
        }
        if ft.is_socket() {
            return "a socket, not a regular file";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device, not a regular file";
        }
    }
    let _ = ft;
    "not a regular file"
}

/// Expands directories into their files (see the module documentation); files and `-` named
/// explicitly are kept as given.
pub fn expand(paths: &[PathBuf], filter: &Filter) -> Expanded {
    let mut out = Expanded::default();
    // Files already listed, so that two links to one file do not read it twice.
    let mut files = HashSet::new();
    let dirs = Arc::new(Mutex::new(HashSet::new()));
    for p in paths {
        if p.as_os_str() == STDIN || !p.is_dir() {
            out.files.push(Entry {
                path: p.clone(),
                walked: false,
            });
            continue;
        }
        walk(p, filter, &dirs, &mut files, &mut out);
    }
    out
}

fn walk(
    root: &Path,
    filter: &Filter,
    dirs: &Arc<Mutex<HashSet<(u64, u64)>>>,
    files: &mut HashSet<(u64, u64)>,
    out: &mut Expanded,
) {
    let first_visit = |dirs: &Mutex<HashSet<(u64, u64)>>, path: &Path| {
        file_id(path).is_none_or(|id| dirs.lock().map_or(true, |mut d| d.insert(id)))
    };
    if !first_visit(dirs, root) {
        return;
    }
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .standard_filters(true)
        .require_git(false)
        .follow_links(true)
        .skip_stdout(true)
        .sort_by_file_name(|a, b| a.cmp(b));
    let exclude = filter.exclude.clone();
    let seen = Arc::clone(dirs);
    builder.filter_entry(move |e| {
        if exclude.as_ref().is_some_and(|g| g.is_match(e.path())) {
            return false;
        }
        // A directory reached again through another link is not walked again.
        !e.file_type().is_some_and(|t| t.is_dir()) || first_visit(&seen, e.path())
    });
    for entry in builder.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if is_loop(&e) => {
                out.notes.push(format!(
                    "{}: skipped, a symbolic link that loops back to a directory being walked",
                    loop_path(&e).unwrap_or_else(|| root.display().to_string())
                ));
                continue;
            }
            Err(e) if is_not_found(&e) => {
                out.notes.push(format!("skipped, {e}"));
                continue;
            }
            Err(e) => {
                out.errors.push(format!("cannot walk: {e}"));
                continue;
            }
        };
        if let Some(e) = entry.error() {
            out.notes.push(format!("{e}"));
        }
        let path = entry.path();
        match entry.file_type() {
            Some(t) if t.is_dir() => {}
            Some(t) if t.is_file() => {
                if !filter.included(path) {
                    continue;
                }
                if file_id(path).is_some_and(|id| !files.insert(id)) {
                    continue;
                }
                out.files.push(Entry {
                    path: entry.into_path(),
                    walked: true,
                });
            }
            Some(t) => {
                out.notes.push(format!(
                    "{}: skipped, {} (name it to read it)",
                    path.display(),
                    kind_of(t)
                ));
            }
            None => {}
        }
    }
}

/// The link of a loop error.
fn loop_path(e: &ignore::Error) -> Option<String> {
    match e {
        ignore::Error::Loop { child, .. } => Some(child.display().to_string()),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => loop_path(err),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_globs_are_errors() {
        assert!(Filter::new(&["a[".into()], &[]).unwrap_err().contains("a["));
    }

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
        assert_eq!(normalize_extension(" .MD"), "md");
        assert!(has_extension(Path::new("a/b.Md"), PROSE_EXTENSIONS));
        assert!(!has_extension(Path::new("Cargo.lock"), PROSE_EXTENSIONS));
    }
}
