//! `mtlint lsp`: a language server over standard input and output ([`lsp_server`], the
//! transport of rust-analyzer, and [`lsp_types`]), for editors that speak LSP (VS Code, Neovim,
//! Helix, Zed, Emacs).
//!
//! - Diagnostics on open, change and save, for plain text, Markdown and HTML (by the client's
//!   language id, else the file's extension), each with the rule's code, a link to its
//!   documentation and its severity.
//! - Code actions ([`actions`]): the findings' fixes (safe ones marked preferred), "disable for
//!   this line" (a suppression comment), and "add to the allowlist" (a command that writes the
//!   nearest `mtlint.toml`).
//! - Configuration: the nearest `mtlint.toml` above each file, read again for every check, so
//!   an edit to it applies at the next change; a saved or watched `mtlint.toml` rechecks every
//!   open document at once.
//! - Positions: UTF-16 by default, UTF-8 when the client offers it; spans stay byte offsets
//!   until [`crate::position`] converts them here.

pub mod actions;

use std::collections::HashMap;
use std::error::Error;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lt;

use crate::config::{self, CliSettings, ConfigSource, Resolver};
use crate::finding::Finding;
use crate::markup::{self, Kind};
use crate::position::{Encoding, LineCol, Positions};
use crate::rule::meta::{RuleMeta, Severity};
use crate::Linter;

/// The command behind "add to the allowlist": arguments `[uri, word]`.
pub const ADD_TO_ALLOWLIST: &str = "mtlint.addToAllowlist";

/// An open document and its last findings.
#[derive(Debug)]
struct Doc {
    uri: lt::Uri,
    text: String,
    version: Option<i32>,
    kind: Kind,
    findings: Vec<Finding>,
}

/// The server's state.
#[derive(Debug)]
pub struct Server {
    encoding: Encoding,
    /// Where rule documentation links point: this prefix and the rule code.
    docs_url: Option<String>,
    docs: HashMap<String, Doc>,
    /// The workspace root, where a new `mtlint.toml` goes when none is found above a file.
    root: Option<PathBuf>,
}

/// Runs the server over standard input and output until the client says `exit`.
pub fn run() -> Result<(), Box<dyn Error + Send + Sync>> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}

/// The session on a connection: initialization, then messages until shutdown.
pub fn serve(connection: &Connection) -> Result<(), Box<dyn Error + Send + Sync>> {
    let (id, params) = connection.initialize_start()?;
    let init: lt::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let mut server = Server::new(&init);
    connection.initialize_finish(id, server.capabilities())?;
    for message in &connection.receiver {
        match message {
            Message::Request(req) => {
                if connection.handle_shutdown(&req)? {
                    return Ok(());
                }
                let response = server.request(req, connection);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(n) => server.notification(n, connection),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// A file path of a `file:` URI.
pub fn uri_path(uri: &lt::Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    // `file:///C:/x` on Windows: drop the slash before the drive letter.
    let path = match decoded.as_bytes() {
        [b'/', d, b':', ..] if cfg!(windows) && d.is_ascii_alphabetic() => &decoded[1..],
        _ => &decoded[..],
    };
    Some(PathBuf::from(path))
}

/// The `file:` URI of a path.
pub fn path_uri(path: &Path) -> Option<lt::Uri> {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let s = path.to_str()?.replace('\\', "/");
    let s = if s.starts_with('/') {
        s
    } else {
        format!("/{s}")
    };
    format!("file://{}", percent_encoding::utf8_percent_encode(&s, SET))
        .parse()
        .ok()
}

fn kind_of(language_id: &str, path: Option<&Path>) -> Kind {
    match language_id {
        "markdown" | "mdx" => Kind::Markdown,
        "html" | "xhtml" => Kind::Html,
        _ => path.map_or(Kind::Text, Kind::from_path),
    }
}

impl Server {
    pub fn new(init: &lt::InitializeParams) -> Server {
        let offers_utf8 = init
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&lt::PositionEncodingKind::UTF8));
        let docs_url = init
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("docsUrl"))
            .and_then(|v| v.as_str())
            .map(str::to_string);
        #[allow(deprecated)] // root_uri: the clients that send no workspace folders send it
        let root = init
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| &f.uri)
            .or(init.root_uri.as_ref())
            .and_then(uri_path);
        Server {
            encoding: if offers_utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            docs_url,
            docs: HashMap::new(),
            root,
        }
    }

    fn capabilities(&self) -> serde_json::Value {
        let caps = lt::ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => lt::PositionEncodingKind::UTF8,
                Encoding::Utf16 => lt::PositionEncodingKind::UTF16,
                Encoding::Chars => lt::PositionEncodingKind::UTF32,
            }),
            text_document_sync: Some(lt::TextDocumentSyncCapability::Options(
                lt::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lt::TextDocumentSyncKind::FULL),
                    save: Some(lt::TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            code_action_provider: Some(lt::CodeActionProviderCapability::Options(
                lt::CodeActionOptions {
                    code_action_kinds: Some(vec![lt::CodeActionKind::QUICKFIX]),
                    ..Default::default()
                },
            )),
            execute_command_provider: Some(lt::ExecuteCommandOptions {
                commands: vec![ADD_TO_ALLOWLIST.to_string()],
                ..Default::default()
            }),
            ..Default::default()
        };
        serde_json::json!({
            "capabilities": caps,
            "serverInfo": {"name": "mtlint", "version": env!("CARGO_PKG_VERSION")},
        })
    }

    fn request(&mut self, req: Request, connection: &Connection) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "textDocument/codeAction" => req
                .extract::<lt::CodeActionParams>("textDocument/codeAction")
                .map_err(|e| format!("{e:?}"))
                .map(|(_, p)| serde_json::to_value(self.code_actions(&p))),
            "workspace/executeCommand" => req
                .extract::<lt::ExecuteCommandParams>("workspace/executeCommand")
                .map_err(|e| format!("{e:?}"))
                .and_then(|(_, p)| self.execute(&p, connection))
                .map(|()| Ok(serde_json::Value::Null)),
            other => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("mtlint does not answer {other}"),
                )
            }
        };
        match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(e)) => Response::new_err(id, ErrorCode::InternalError as i32, e.to_string()),
            Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
        }
    }

    fn notification(&mut self, n: Notification, connection: &Connection) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = n.extract::<lt::DidOpenTextDocumentParams>("textDocument/didOpen") {
                    let d = p.text_document;
                    let path = uri_path(&d.uri);
                    let doc = Doc {
                        kind: kind_of(&d.language_id, path.as_deref()),
                        uri: d.uri,
                        text: d.text,
                        version: Some(d.version),
                        findings: Vec::new(),
                    };
                    let key = doc.uri.as_str().to_string();
                    self.docs.insert(key.clone(), doc);
                    self.check(&key, connection);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) =
                    n.extract::<lt::DidChangeTextDocumentParams>("textDocument/didChange")
                {
                    let key = p.text_document.uri.as_str().to_string();
                    if let (Some(doc), Some(change)) = (
                        self.docs.get_mut(&key),
                        p.content_changes.into_iter().last(),
                    ) {
                        doc.text = change.text;
                        doc.version = Some(p.text_document.version);
                    }
                    self.check(&key, connection);
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = n.extract::<lt::DidSaveTextDocumentParams>("textDocument/didSave") {
                    if is_config(&p.text_document.uri) {
                        self.recheck_all(connection);
                    } else {
                        self.check(p.text_document.uri.as_str(), connection);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = n.extract::<lt::DidCloseTextDocumentParams>("textDocument/didClose")
                {
                    self.docs.remove(p.text_document.uri.as_str());
                    publish(connection, p.text_document.uri, Vec::new(), None);
                }
            }
            "workspace/didChangeWatchedFiles" => self.recheck_all(connection),
            _ => {}
        }
    }

    fn recheck_all(&mut self, connection: &Connection) {
        let keys: Vec<String> = self.docs.keys().cloned().collect();
        for key in keys {
            self.check(&key, connection);
        }
    }

    /// The linter for a document: the nearest `mtlint.toml` (read now, so that edits to it
    /// apply); `None` when the configuration excludes the file. A broken configuration is
    /// reported and the defaults apply.
    fn linter_for(&self, doc: &Doc, connection: &Connection) -> Option<Linter> {
        let path = uri_path(&doc.uri);
        let (source, file) = match &path {
            Some(p) => (ConfigSource::Discover, p.clone()),
            None => (ConfigSource::Discover, PathBuf::from("-")),
        };
        let resolved = Resolver::new(source, Linter::new(), CliSettings::default())
            .and_then(|mut r| r.resolve(&file));
        match resolved {
            Ok(Some(s)) => Some((*s.linter).clone()),
            Ok(None) => None,
            Err(e) => {
                show_message(connection, lt::MessageType::ERROR, format!("mtlint: {e}"));
                Some(Linter::new())
            }
        }
    }

    /// Checks a document and publishes its diagnostics.
    fn check(&mut self, key: &str, connection: &Connection) {
        let Some(doc) = self.docs.get(key) else {
            return;
        };
        let findings = match self.linter_for(doc, connection) {
            None => Vec::new(),
            Some(linter) => markup::check(&linter, &doc.text, doc.kind)
                .map(|r| r.findings)
                .unwrap_or_default(),
        };
        let positions = Positions::new(&doc.text);
        let diagnostics = findings
            .iter()
            .map(|f| self.diagnostic(f, &positions))
            .collect();
        publish(connection, doc.uri.clone(), diagnostics, doc.version);
        if let Some(doc) = self.docs.get_mut(key) {
            doc.findings = findings;
        }
    }

    fn range(&self, positions: &Positions<'_>, start: u32, end: u32) -> lt::Range {
        let p = |at: u32| {
            let lc = positions.line_col(at as usize, self.encoding);
            lt::Position::new(lc.line, lc.col)
        };
        lt::Range::new(p(start), p(end))
    }

    fn offset(&self, positions: &Positions<'_>, p: lt::Position) -> usize {
        positions.offset(
            LineCol {
                line: p.line,
                col: p.character,
            },
            self.encoding,
        )
    }

    fn diagnostic(&self, f: &Finding, positions: &Positions<'_>) -> lt::Diagnostic {
        lt::Diagnostic {
            range: self.range(positions, f.span.start, f.span.end),
            severity: Some(match f.severity {
                Severity::Error => lt::DiagnosticSeverity::ERROR,
                Severity::Warning => lt::DiagnosticSeverity::WARNING,
                Severity::Info => lt::DiagnosticSeverity::INFORMATION,
            }),
            code: Some(lt::NumberOrString::String(f.rule.code.to_string())),
            code_description: self
                .docs_link(f.rule)
                .map(|href| lt::CodeDescription { href }),
            source: Some("mtlint".to_string()),
            message: format!("{} ({})", f.message, f.rule.name),
            ..Default::default()
        }
    }

    /// The link to a rule's documentation: the client's `docsUrl` and the code, or a Markdown
    /// file of the rule's documentation written once to the temporary directory.
    fn docs_link(&self, rule: &RuleMeta) -> Option<lt::Uri> {
        if let Some(base) = &self.docs_url {
            return format!("{base}{}", rule.code).parse().ok();
        }
        let dir = std::env::temp_dir().join(format!("mtlint-{}-rules", env!("CARGO_PKG_VERSION")));
        let path = dir.join(format!("{}.md", rule.code));
        if !path.exists() {
            let text = format!("# {} {}\n\n{}", rule.code, rule.name, rule.docs_text());
            std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(&path, text))
                .ok()?;
        }
        path_uri(&path)
    }
}

fn is_config(uri: &lt::Uri) -> bool {
    uri.as_str().ends_with(&format!("/{}", config::FILE_NAME))
}

fn publish(
    connection: &Connection,
    uri: lt::Uri,
    diagnostics: Vec<lt::Diagnostic>,
    version: Option<i32>,
) {
    let params = lt::PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    let _ = connection
        .sender
        .send(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".to_string(),
            params,
        )));
}

fn show_message(connection: &Connection, typ: lt::MessageType, message: String) {
    let _ = connection
        .sender
        .send(Message::Notification(Notification::new(
            "window/showMessage".to_string(),
            lt::ShowMessageParams { typ, message },
        )));
}
