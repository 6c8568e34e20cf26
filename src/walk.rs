//! Which files a run reads: the paths given, directories walked (sorted, hidden entries
//! skipped, with include and exclude globs), and `-` for standard input. Reading them is
//! [`decode`](crate::decode)'s business.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// The name standing for standard input.
pub const STDIN: &str = "-";

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

    #[test]
    fn bad_globs_are_errors() {
        assert!(Filter::new(&["a[".into()], &[]).unwrap_err().contains("a["));
    }
}
