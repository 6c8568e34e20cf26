//! The layout of the library's source tree: rules depend only on the rule API and the shared
//! text analysis (never on another rule), no module imports a module that imports it back, and
//! no source file grows past 1,000 lines.
//!
//! The sources are read as text: each file's `use` declarations and `crate::`, `super::` and
//! child-module paths (comments, string literals and `#[cfg(test)]` sections left out) are
//! resolved to the module that defines the item, through the `pub use` re-exports, which are a
//! module's facade rather than a dependency of its code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path from the crate root: `["text", "chars"]`; empty for the root.
type ModPath = Vec<String>;

/// The library's source files, by module path.
fn modules() -> BTreeMap<ModPath, PathBuf> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<ModPath, PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let mut name = prefix.to_vec();
            if path.is_dir() {
                if prefix.is_empty() && stem == "cli" {
                    continue; // the binary's modules
                }
                name.push(stem);
                walk(&path, &name, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                if stem == "main" && prefix.is_empty() {
                    continue;
                }
                if stem != "mod" && stem != "lib" {
                    name.push(stem);
                }
                out.insert(name, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut out,
    );
    out
}

/// The code of a file without its comments, string and character literals, and everything from
/// its first `#[cfg(test)]` on (test modules close every file).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("\n#[cfg(test)]") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                // A raw string: r"...", r#"..."#.
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let body = i + 2 + hashes;
                i = text[body..]
                    .find(std::str::from_utf8(&close).unwrap())
                    .map_or(b.len(), |k| body + k + close.len());
                out.push_str("\"\"");
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            b'\'' => {
                // A character literal ('x', '\n', '\u{2019}'), or a lifetime ('a).
                let rest = &text[i + 1..];
                let len = if rest.starts_with('\\') {
                    rest.find('\'').map(|k| k + 1)
                } else {
                    let c = rest.chars().next().map_or(0, char::len_utf8);
                    (rest[c..].starts_with('\'')).then_some(c + 1)
                };
                i += 1 + len.unwrap_or(0);
                out.push(' ');
            }
            _ => {
                let c = text[i..].chars().next().unwrap();
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Sep, // ::
    Other(char),
}

fn tokens(code: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = code.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' || c == '$' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !(d.is_alphanumeric() || d == '_') {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push(Tok::Ident(code[i..end].to_string()));
        } else if c == ':' && chars.peek().is_some_and(|&(_, d)| d == ':') {
            chars.next();
            out.push(Tok::Sep);
        } else if !c.is_whitespace() {
            out.push(Tok::Other(c));
        }
    }
    out
}

/// A use tree from `toks[*i]`, expanded into (path, name it is known by) pairs.
fn use_tree(toks: &[Tok], i: &mut usize, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
    let mut path = prefix.to_vec();
    loop {
        match toks.get(*i) {
            Some(Tok::Other('{')) => {
                *i += 1;
                while !matches!(toks.get(*i), Some(Tok::Other('}')) | None) {
                    use_tree(toks, i, &path, out);
                    if toks.get(*i) == Some(&Tok::Other(',')) {
                        *i += 1;
                    }
                }
                *i += 1;
                return;
            }
            Some(Tok::Other('*')) => {
                *i += 1;
                return;
            }
            Some(Tok::Ident(id)) => {
                path.push(id.clone());
                *i += 1;
                if toks.get(*i) == Some(&Tok::Sep) {
                    *i += 1;
                    continue;
                }
                let mut name = id.clone();
                if toks.get(*i) == Some(&Tok::Ident("as".into())) {
                    if let Some(Tok::Ident(alias)) = toks.get(*i + 1) {
                        name = alias.clone();
                    }
                    *i += 2;
                }
                if name == "self" {
                    path.pop();
                    name = path.last().cloned().unwrap_or_default();
                }
                out.push((path, name));
                return;
            }
            _ => return,
        }
    }
}

/// What a file refers to: the paths of its `use` declarations and of the other paths in its
/// code, and separately the paths it re-exports (`pub use`), by the name they are known by.
#[derive(Debug, Default)]
struct Refs {
    uses: Vec<Vec<String>>,
    reexports: Vec<(Vec<String>, String)>,
}

fn refs(code: &str) -> Refs {
    let toks = tokens(code);
    let mut r = Refs::default();
    let mut i = 0;
    while i < toks.len() {
        if toks[i] == Tok::Ident("use".into()) {
            // `pub use` or `pub(crate) use`: a re-export.
            let public = matches!(toks.get(i.wrapping_sub(1)), Some(Tok::Ident(p)) if p == "pub")
                || matches!(toks.get(i.wrapping_sub(1)), Some(Tok::Other(')')))
                    && matches!(toks.get(i.wrapping_sub(4)), Some(Tok::Ident(p)) if p == "pub");
            i += 1;
            let mut trees = Vec::new();
            use_tree(&toks, &mut i, &[], &mut trees);
            if public {
                r.reexports.extend(trees);
            } else {
                r.uses.extend(trees.into_iter().map(|(p, _)| p));
            }
            continue;
        }
        if let Tok::Ident(first) = &toks[i] {
            let after_sep = i > 0 && toks[i - 1] == Tok::Sep;
            if !after_sep && toks.get(i + 1) == Some(&Tok::Sep) {
                let mut path = vec![first.clone()];
                let mut j = i + 1;
                while toks.get(j) == Some(&Tok::Sep) {
                    match toks.get(j + 1) {
                        Some(Tok::Ident(id)) => path.push(id.clone()),
                        _ => break,
                    }
                    j += 2;
                }
                r.uses.push(path);
                i = j;
                continue;
            }
        }
        i += 1;
    }
    r
}

/// The library's modules, what each refers to, and the re-exports by (module, name).
struct Tree {
    modules: BTreeMap<ModPath, PathBuf>,
    refs: BTreeMap<ModPath, Refs>,
    reexports: BTreeMap<(ModPath, String), Vec<String>>,
}

impl Tree {
    fn read() -> Tree {
        let modules = modules();
        let refs: BTreeMap<ModPath, Refs> = modules
            .iter()
            .map(|(m, p)| (m.clone(), self::refs(&code(p))))
            .collect();
        let mut tree = Tree {
            modules,
            refs,
            reexports: BTreeMap::new(),
        };
        let mut reexports = BTreeMap::new();
        for (m, r) in &tree.refs {
            for (path, name) in &r.reexports {
                if let Some(abs) = tree.absolute(m, path) {
                    reexports.insert((m.clone(), name.clone()), abs);
                }
            }
        }
        tree.reexports = reexports;
        tree
    }

    /// A path as written in module `m`, from the crate root; `None` for another crate's.
    fn absolute(&self, m: &ModPath, path: &[String]) -> Option<Vec<String>> {
        let (first, rest) = path.split_first()?;
        let base: ModPath = match first.as_str() {
            "crate" => Vec::new(),
            "super" => m[..m.len().checked_sub(1)?].to_vec(),
            "self" => m.clone(),
            child => {
                let mut c = m.clone();
                c.push(child.to_string());
                if !self.modules.contains_key(&c) {
                    return None;
                }
                return Some(c.into_iter().chain(rest.iter().cloned()).collect());
            }
        };
        // `super::super::...`
        if rest.first().is_some_and(|s| s == "super") {
            return self.absolute(&base, rest);
        }
        Some(base.into_iter().chain(rest.iter().cloned()).collect())
    }

    /// The module that defines what an absolute path names.
    fn resolve(&self, path: &[String], depth: usize) -> ModPath {
        let k = (0..=path.len())
            .rev()
            .find(|&k| self.modules.contains_key(&path[..k]))
            .unwrap_or(0);
        let module = path[..k].to_vec();
        if let (Some(name), true) = (path.get(k), depth < 8) {
            if let Some(target) = self.reexports.get(&(module.clone(), name.clone())) {
                let mut next = target.clone();
                next.extend_from_slice(&path[k + 1..]);
                return self.resolve(&next, depth + 1);
            }
        }
        module
    }

    /// The modules that module `m`'s code depends on (re-exports left out).
    fn dependencies(&self, m: &ModPath) -> BTreeSet<ModPath> {
        self.refs[m]
            .uses
            .iter()
            .filter_map(|p| self.absolute(m, p))
            .map(|p| self.resolve(&p, 0))
            .filter(|d| d != m)
            .collect()
    }
}

fn name(m: &ModPath) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

#[test]
fn rules_depend_only_on_the_rule_api_and_text() {
    let tree = Tree::read();
    let allowed = |d: &ModPath| {
        matches!(
            d.first().map(String::as_str),
            Some("rule" | "document" | "finding" | "span" | "text" | "calques")
        ) || d.is_empty() // `crate::declare_rule!`
    };
    let mut wrong = Vec::new();
    for (m, path) in &tree.modules {
        if m.first().is_none_or(|s| s != "rules") || m.len() != 2 {
            continue;
        }
        for d in tree.dependencies(m) {
            if !allowed(&d) {
                wrong.push(format!("{} uses {}", name(m), name(&d)));
            }
        }
        // Nor in its tests.
        let text = std::fs::read_to_string(path).unwrap();
        if text.contains("crate::rules") || text.contains("super::super") {
            wrong.push(format!("{} names the registry or another rule", name(m)));
        }
    }
    assert!(
        wrong.is_empty(),
        "a rule may use only crate::{{rule, document, finding, span, text, calques}}; \
         share a piece with another rule through text/:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_module_imports_a_module_that_imports_it() {
    let tree = Tree::read();
    let graph: BTreeMap<ModPath, BTreeSet<ModPath>> = tree
        .modules
        .keys()
        .map(|m| (m.clone(), tree.dependencies(m)))
        .collect();
    // Each cycle found by a depth-first search, as the path that closes it.
    fn visit(
        m: &ModPath,
        graph: &BTreeMap<ModPath, BTreeSet<ModPath>>,
        state: &mut BTreeMap<ModPath, u8>,
        stack: &mut Vec<ModPath>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(m.clone(), 1);
        stack.push(m.clone());
        for d in graph.get(m).into_iter().flatten() {
            match state.get(d).copied().unwrap_or(0) {
                0 => visit(d, graph, state, stack, cycles),
                1 => {
                    let from = stack.iter().position(|x| x == d).unwrap();
                    let names: Vec<String> = stack[from..].iter().chain([d]).map(name).collect();
                    cycles.push(names.join(" -> "));
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(m.clone(), 2);
    }
    let (mut state, mut cycles) = (BTreeMap::new(), Vec::new());
    for m in graph.keys() {
        if !state.contains_key(m) {
            visit(m, &graph, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
    // The test sees the dependencies it should.
    let deps = |m: &[&str]| tree.dependencies(&m.iter().map(|s| s.to_string()).collect());
    assert!(deps(&["linter"]).contains(&vec!["analysis".to_string()]));
    assert!(deps(&["rules", "name_variants"])
        .contains(&vec!["text".to_string(), "exonyms".to_string()]));
    assert!(deps(&["finding"]).contains(&vec!["rule".to_string(), "meta".to_string()]));
}

#[test]
fn no_source_file_is_over_1000_lines() {
    let mut files = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
    let mut long = Vec::new();
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension().is_some_and(|e| e == "rs") {
            let n = std::fs::read_to_string(&p).unwrap().lines().count();
            if n > 1000 {
                long.push(format!("{}: {n} lines", p.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these along their seams:\n{}",
        long.join("\n")
    );
    let main =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/main.rs")).unwrap();
    assert!(main.lines().count() < 300, "main.rs only dispatches");
}
