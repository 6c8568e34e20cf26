//! The language server's code actions: a finding's fix, "disable for this line" (a
//! suppression comment at the end of the finding's line) and "add to the allowlist" (the
//! [`ADD_TO_ALLOWLIST`] command, which edits the nearest `mtlint.toml`, or creates one in the
//! workspace root, and checks every open document again).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_server::Connection;
use lsp_types as lt;

use super::{uri_path, Server, ADD_TO_ALLOWLIST};
use crate::config::{Config, FILE_NAME};
use crate::finding::{Applicability, Finding};
use crate::position::Positions;

/// The suppression comment that disables `code` on its line.
pub fn disable_line_comment(code: &str) -> String {
    format!(" <!-- mtlint-disable-line {code} -->")
}

/// Which allowlist a word goes to: names (matched with case) when it starts with a capital,
/// terms (matched ignoring case) otherwise.
pub fn allow_key(word: &str) -> &'static str {
    if word.chars().next().is_some_and(char::is_uppercase) {
        "names"
    } else {
        "terms"
    }
}

/// `config` (an `mtlint.toml`, possibly empty) with `word` added to `[allow] key`, its other
/// lines, comments and layout kept. Errors when the result would not be a valid configuration.
pub fn add_to_allowlist(config: &str, key: &str, word: &str) -> Result<String, String> {
    let quoted = toml::Value::String(word.to_string()).to_string();
    let mut lines: Vec<String> = config.lines().map(str::to_string).collect();
    let header = lines.iter().position(|l| l.trim() == "[allow]");
    match header {
        None => {
            if lines.last().is_some_and(|l| !l.trim().is_empty()) {
                lines.push(String::new());
            }
            lines.push("[allow]".to_string());
            lines.push(format!("{key} = [{quoted}]"));
        }
        Some(h) => {
            let end = lines[h + 1..]
                .iter()
                .position(|l| l.trim_start().starts_with('['))
                .map_or(lines.len(), |i| h + 1 + i);
            let is_key = |l: &str| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            };
            match (h + 1..end).find(|&i| is_key(&lines[i])) {
                None => lines.insert(h + 1, format!("{key} = [{quoted}]")),
                Some(i) => {
                    let line = &lines[i];
                    match (line.find('['), line.rfind(']')) {
                        (Some(open), Some(close)) if open < close => {
                            let inside = line[open + 1..close].trim();
                            let sep = if inside.is_empty() || inside.ends_with(',') {
                                ""
                            } else {
                                ", "
                            };
                            lines[i] = format!(
                                "{}{}{sep}{quoted}{}",
                                &line[..open + 1],
                                line[open + 1..close].trim_end(),
                                &line[close..]
                            );
                        }
                        // A multi-line array: a new element on the next line.
                        _ => lines.insert(i + 1, format!("    {quoted},")),
                    }
                }
            }
        }
    }
    let out = lines.join("\n") + "\n";
    let table: toml::Table = toml::from_str(&out).map_err(|e| e.to_string())?;
    let added = table
        .get("allow")
        .and_then(|a| a.get(key))
        .and_then(|v| v.as_array())
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(word)));
    if !added {
        return Err(format!("cannot add {quoted} to [allow] {key}"));
    }
    Config::parse(&out, Path::new(FILE_NAME)).map_err(|e| e.to_string())?;
    Ok(out)
}

impl Server {
    /// The code actions for the findings that touch `p.range`.
    pub(super) fn code_actions(&self, p: &lt::CodeActionParams) -> Vec<lt::CodeActionOrCommand> {
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let positions = Positions::new(&doc.text);
        let start = self.offset(&positions, p.range.start) as u32;
        let end = self.offset(&positions, p.range.end) as u32;
        let touched = |f: &&Finding| f.span.start <= end && start <= f.span.end;
        let mut fixes = Vec::new();
        let mut others = Vec::new();
        for f in doc.findings.iter().filter(touched) {
            let diagnostic = self.diagnostic(f, &positions);
            if let Some(fix) = &f.fix {
                if fix.applicability != Applicability::DisplayOnly {
                    let title = match (fix.replacement.is_empty(), f.span.is_empty()) {
                        (true, _) => format!("{}: delete", f.rule.code),
                        (false, true) => {
                            format!("{}: insert {:?}", f.rule.code, fix.replacement)
                        }
                        (false, false) => {
                            format!("{}: replace with {:?}", f.rule.code, fix.replacement)
                        }
                    };
                    fixes.push(self.edit_action(
                        title,
                        &doc.uri,
                        lt::TextEdit::new(diagnostic.range, fix.replacement.clone()),
                        Some(fix.applicability == Applicability::Safe),
                        &diagnostic,
                    ));
                }
            }
            // Disable for this line: the comment at the end of the finding's first line.
            let from = crate::position::floor(&doc.text, f.span.start as usize);
            let line_end = doc.text[from..]
                .find('\n')
                .map_or(doc.text.len(), |i| from + i);
            let line_end = if doc.text[..line_end].ends_with('\r') {
                line_end - 1
            } else {
                line_end
            };
            let at = self.range(&positions, line_end as u32, line_end as u32);
            others.push(self.edit_action(
                format!("Disable {} for this line", f.rule.code),
                &doc.uri,
                lt::TextEdit::new(at, disable_line_comment(f.rule.code)),
                None,
                &diagnostic,
            ));
            let word = doc.text.get(f.span.range()).unwrap_or("").trim();
            if !word.is_empty() && !word.contains('\n') && word.chars().count() <= 60 {
                others.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                    title: format!("Add {word:?} to the allowlist (mtlint.toml)"),
                    kind: Some(lt::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    command: Some(lt::Command::new(
                        format!("Add {word:?} to the allowlist"),
                        ADD_TO_ALLOWLIST.to_string(),
                        Some(vec![
                            serde_json::Value::from(doc.uri.as_str()),
                            serde_json::Value::from(word),
                        ]),
                    )),
                    ..Default::default()
                }));
            }
        }
        fixes.extend(others);
        fixes
    }

    fn edit_action(
        &self,
        title: String,
        uri: &lt::Uri,
        edit: lt::TextEdit,
        preferred: Option<bool>,
        diagnostic: &lt::Diagnostic,
    ) -> lt::CodeActionOrCommand {
        lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
            title,
            kind: Some(lt::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(lt::WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..Default::default()
            }),
            is_preferred: preferred,
            ..Default::default()
        })
    }

    /// Where a file's allowlist goes: the nearest `mtlint.toml`, else a new one in the
    /// workspace root (when the file is in it) or beside the file.
    fn config_path(&self, file: Option<&Path>) -> PathBuf {
        let dir = file
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        if let Some(found) = Config::discover(&dir) {
            return found;
        }
        match &self.root {
            Some(root) if file.is_none_or(|f| f.starts_with(root)) => root.join(FILE_NAME),
            _ => dir.join(FILE_NAME),
        }
    }

    /// Runs a command: [`ADD_TO_ALLOWLIST`] with `[uri, word]`.
    pub(super) fn execute(
        &mut self,
        p: &lt::ExecuteCommandParams,
        connection: &Connection,
    ) -> Result<(), String> {
        if p.command != ADD_TO_ALLOWLIST {
            return Err(format!("unknown command {}", p.command));
        }
        let (Some(uri), Some(word)) = (
            p.arguments.first().and_then(|v| v.as_str()),
            p.arguments.get(1).and_then(|v| v.as_str()),
        ) else {
            return Err(format!(
                "{ADD_TO_ALLOWLIST} takes a document URI and a word"
            ));
        };
        let file = uri.parse::<lt::Uri>().ok().and_then(|u| uri_path(&u));
        let path = self.config_path(file.as_deref());
        let old = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let new = add_to_allowlist(&old, allow_key(word), word)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, new).map_err(|e| format!("{}: {e}", path.display()))?;
        self.recheck_all(connection);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    #[test]
    fn allowlist_edits_keep_the_file() {
        assert_eq!(
            add_to_allowlist("", "terms", "thatIf").unwrap(),
            "[allow]\nterms = [\"thatIf\"]\n"
        );
        let base =
            "# mine\nselect = [\"MT101\"]\n\n[allow]\n# names\nnames = []\nterms = [\"a\"] # x\n";
        let out = add_to_allowlist(base, "names", "Kiev").unwrap();
        assert!(
            out.contains("names = [\"Kiev\"]\nterms = [\"a\"] # x"),
            "{out}"
        );
        let out = add_to_allowlist(&out, "terms", "b\"c").unwrap();
        assert!(out.contains(r#"terms = ["a", 'b"c'] # x"#), "{out}");
        assert!(out.starts_with("# mine\n"));
        let multi = "[allow]\nterms = [\n  \"a\",\n]\n";
        let out = add_to_allowlist(multi, "terms", "z").unwrap();
        assert_eq!(out, "[allow]\nterms = [\n    \"z\",\n  \"a\",\n]\n");
        let other = "[allow]\nnames = [\"X\"]\n\n[rules.mt101]\n";
        let out = add_to_allowlist(other, "terms", "z").unwrap();
        assert!(
            out.starts_with("[allow]\nterms = [\"z\"]\nnames = [\"X\"]\n"),
            "{out}"
        );
    }

    #[test]
    fn the_line_comment_disables_the_rule_in_text_and_markdown() {
        let text = "He said thatIf no progress is made, talks end.";
        let linter = Linter::new();
        for kind in [crate::markup::Kind::Text, crate::markup::Kind::Markdown] {
            let before = crate::markup::check(&linter, text, kind).unwrap();
            assert!(before.findings.iter().any(|f| f.rule.code == "MT101"));
            let commented = format!("{text}{}", disable_line_comment("MT101"));
            let after = crate::markup::check(&linter, &commented, kind).unwrap();
            assert!(
                !after.findings.iter().any(|f| f.rule.code == "MT101"),
                "{kind:?}: {:?}",
                after.findings
            );
        }
    }
}
