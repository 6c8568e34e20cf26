//! The files a command writes: never one of its inputs, never two outputs in one file, written
//! beside their target and renamed into place when the run ends, and every write error naming
//! the file.
//!
//! A run that fails or is interrupted leaves the file where the output is expected as it was
//! (the temporary file, `.NAME.XXXXXX.tmp` beside it, is removed when the run fails, and left
//! for the user to delete when the process is killed). A file replaced keeps its permissions.
//! Outputs that are not regular files (`/dev/null`, a FIFO, a terminal) and files with several
//! names (hard links, which a rename would split) are written directly.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use mtlint::encode::{Codec, Encoder};

use super::{display_name, Fatal};

/// What identifies a file whatever its name: device and inode (file index elsewhere).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileId(u64, u64);

#[cfg(unix)]
fn id_of(meta: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId(meta.dev(), meta.ino())
}

/// The identity of an existing file, without opening it (a FIFO would block); `None` when it
/// does not exist or cannot be looked at.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(FileId, bool)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((id_of(&meta), meta.is_file()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<(FileId, bool)> {
    let meta = std::fs::metadata(path).ok()?;
    let h = same_file::Handle::from_path(path).ok()?;
    use std::hash::{Hash, Hasher};
    let mut s = std::collections::hash_map::DefaultHasher::new();
    h.hash(&mut s);
    Some((FileId(s.finish(), 0), meta.is_file()))
}

/// The identity of what standard input or output is connected to.
#[cfg(unix)]
fn stream_id(fd: std::os::fd::BorrowedFd<'_>) -> Option<(FileId, bool)> {
    let meta = File::from(fd.try_clone_to_owned().ok()?).metadata().ok()?;
    Some((id_of(&meta), meta.is_file()))
}

#[cfg(unix)]
fn stdin_id() -> Option<(FileId, bool)> {
    use std::os::fd::AsFd;
    stream_id(io::stdin().as_fd())
}

#[cfg(unix)]
fn stdout_id() -> Option<(FileId, bool)> {
    use std::os::fd::AsFd;
    stream_id(io::stdout().as_fd())
}

#[cfg(not(unix))]
fn stdin_id() -> Option<(FileId, bool)> {
    None
}

#[cfg(not(unix))]
fn stdout_id() -> Option<(FileId, bool)> {
    None
}

/// Where an output will be: the file it is now, or, for a file not yet created, its absolute
/// path (its directory resolved), which two outputs can share.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    Existing(FileId),
    New(PathBuf),
    /// Not a regular file (`/dev/null`, a FIFO): any number of outputs may go there.
    Special,
}

fn place(path: &Path) -> Place {
    match file_id(path) {
        Some((id, true)) => Place::Existing(id),
        Some((_, false)) => Place::Special,
        None => {
            let name = path.file_name().map(PathBuf::from).unwrap_or_default();
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            Place::New(std::fs::canonicalize(&dir).unwrap_or(dir).join(name))
        }
    }
}

/// One output of a run: the option that names it (`-o`, `--drop-to`, `--stats`) and its path;
/// `None` is standard output.
pub type Named<'a> = (&'a str, Option<&'a Path>);

/// Refuses outputs that are an input or the same file as another output (by device and inode,
/// whatever the names), before anything is opened for writing.
pub fn check_distinct(inputs: &[PathBuf], outputs: &[Named<'_>]) -> Result<(), Fatal> {
    let describe = |(flag, p): &Named<'_>| match p {
        Some(p) => format!("{flag} {}", p.display()),
        None => "standard output".to_string(),
    };
    let places: Vec<Place> = outputs
        .iter()
        .map(|(_, p)| match p {
            Some(p) => place(p),
            None => match stdout_id() {
                Some((id, true)) => Place::Existing(id),
                _ => Place::Special,
            },
        })
        .collect();
    for (i, out) in outputs.iter().enumerate() {
        let Place::Existing(id) = &places[i] else {
            continue;
        };
        for input in inputs {
            let same = if input.as_os_str() == mtlint::walk::STDIN {
                stdin_id().is_some_and(|(s, _)| &s == id)
            } else {
                file_id(input).is_some_and(|(s, _)| &s == id)
            };
            if same {
                return Err(Fatal::new(format!(
                    "{} is the same file as the input {}: writing it would destroy the input \
                     before it is read\n  hint: write the output to another file",
                    describe(out),
                    display_name(input)
                )));
            }
        }
    }
    for i in 0..outputs.len() {
        for j in i + 1..outputs.len() {
            if places[i] != Place::Special && places[i] == places[j] {
                return Err(Fatal::new(format!(
                    "{} and {} are the same file: the two outputs would overwrite each other\n  \
                     hint: give each output its own file",
                    describe(&outputs[i]),
                    describe(&outputs[j])
                )));
            }
        }
    }
    Ok(())
}

/// How many names (hard links) a file has.
#[cfg(unix)]
fn links(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Where the bytes go until the output is finished.
#[derive(Debug)]
enum Target {
    /// A temporary file in the target's directory, renamed onto `target` at the end.
    Temp {
        file: tempfile::NamedTempFile,
        target: PathBuf,
    },
    /// Not a regular file: written directly.
    Direct(File),
    /// Standard output.
    Stdout(io::Stdout),
    /// Standard error (reports when standard output carries a fixed text).
    Stderr(io::Stderr),
}

/// An output being written (buffered, and compressed when its name ends in `.gz` or `.zst`);
/// [`Output::finish`] puts it in place. Dropped without finishing, it leaves the target as it
/// was. Write errors name the output.
#[derive(Debug)]
pub struct Output {
    name: String,
    writer: BufWriter<Encoder<Target>>,
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Temp { file, .. } => file.write(buf),
            Target::Direct(f) => f.write(buf),
            Target::Stdout(s) => s.write(buf),
            Target::Stderr(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Temp { file, .. } => file.flush(),
            Target::Direct(f) => f.flush(),
            Target::Stdout(s) => s.flush(),
            Target::Stderr(s) => s.flush(),
        }
    }
}

/// An I/O error that names the file it happened on (and keeps its kind, so that a closed pipe
/// is still told apart).
pub fn named_error(name: &str, what: &str, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{name}: {what}: {e}"))
}

impl Output {
    /// Opens an output: standard output for `None`, else a temporary file beside `path` (or
    /// `path` itself when it is not a regular file).
    pub fn create(path: Option<&Path>) -> Result<Output, Fatal> {
        let Some(path) = path else {
            // A terminal sees the output as it comes; a pipe or a file gets it in large writes.
            let capacity = if io::stdout().is_terminal() {
                8 << 10
            } else {
                1 << 20
            };
            return Ok(Output {
                name: "<stdout>".into(),
                writer: BufWriter::with_capacity(
                    capacity,
                    Encoder::Plain(Target::Stdout(io::stdout())),
                ),
            });
        };
        let name = path.display().to_string();
        let cannot = |e: io::Error| Fatal::new(format!("{name}: cannot create: {e}"));
        let target = match std::fs::symlink_metadata(path) {
            // Through a symbolic link, the file it points to is replaced.
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).ok(),
            Ok(m) if m.is_file() => Some(path.to_path_buf()),
            Ok(_) => None,
            Err(_) => Some(path.to_path_buf()),
        };
        // A file with several names (hard links) is rewritten in place, so that every name
        // keeps seeing it.
        let existing = target.as_deref().and_then(|t| std::fs::metadata(t).ok());
        let linked = existing
            .as_ref()
            .is_some_and(|m| m.is_file() && links(m) > 1);
        let target = match target {
            Some(t) if !linked && existing.as_ref().is_none_or(|m| m.is_file()) => t,
            _ => {
                let f = File::create(path).map_err(cannot)?;
                return Ok(Output {
                    name,
                    writer: BufWriter::with_capacity(
                        1 << 20,
                        Encoder::new(Codec::of(path), Target::Direct(f)),
                    ),
                });
            }
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let prefix = format!(
            ".{}.",
            target.file_name().unwrap_or_default().to_string_lossy()
        );
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            // As a created file gets: read and write for all, less the umask.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder.tempfile_in(dir).map_err(cannot)?;
        if let Some(m) = &existing {
            // A file replaced keeps its permissions.
            file.as_file()
                .set_permissions(m.permissions())
                .map_err(cannot)?;
        }
        Ok(Output {
            name,
            writer: BufWriter::with_capacity(
                1 << 20,
                Encoder::new(Codec::of(path), Target::Temp { file, target }),
            ),
        })
    }

    /// Standard error, for reports when standard output carries something else.
    pub fn stderr() -> Output {
        Output {
            name: "<stderr>".into(),
            writer: BufWriter::with_capacity(8 << 10, Encoder::Plain(Target::Stderr(io::stderr()))),
        }
    }

    /// Writes out the buffer and puts the file in place.
    pub fn finish(self) -> io::Result<()> {
        let name = self.name;
        let target = self
            .writer
            .into_inner()
            .map_err(|e| named_error(&name, "cannot write", e.into_error()))?
            .finish()
            .map_err(|e| named_error(&name, "cannot write", e))?;
        match target {
            Target::Temp { file, target } => {
                file.as_file()
                    .sync_all()
                    .map_err(|e| named_error(&name, "cannot write", e))?;
                file.persist(&target)
                    .map_err(|e| named_error(&name, "cannot rename into place", e.error))?;
            }
            Target::Direct(mut f) => f
                .flush()
                .map_err(|e| named_error(&name, "cannot write", e))?,
            Target::Stdout(mut s) => s
                .flush()
                .map_err(|e| named_error(&name, "cannot write", e))?,
            Target::Stderr(mut s) => s
                .flush()
                .map_err(|e| named_error(&name, "cannot write", e))?,
        }
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer
            .write(buf)
            .map_err(|e| named_error(&self.name, "cannot write", e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer
            .write_all(buf)
            .map_err(|e| named_error(&self.name, "cannot write", e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer
            .flush()
            .map_err(|e| named_error(&self.name, "cannot write", e))
    }
}
