//! `mtlint lsp` as an editor drives it: the real binary, JSON-RPC with `Content-Length` framing
//! over its standard input and output; initialize, didOpen, publishDiagnostics, codeAction,
//! executeCommand (the allowlist), shutdown and exit.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::common::mtlint;

/// A client session with a running `mtlint lsp`.
struct Session {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    /// Messages received while waiting for another.
    pending: VecDeque<Value>,
    next_id: i64,
}

fn read_message(r: &mut BufReader<ChildStdout>) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Session {
    fn start(dir: &std::path::Path) -> Session {
        let mut child = mtlint()
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("mtlint lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(m) = read_message(&mut stdout) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Session {
            child,
            stdin,
            messages,
            pending: VecDeque::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let m = self.receive(|m| m["id"] == json!(id));
        assert!(m.get("error").is_none(), "{method}: {m}");
        m["result"].clone()
    }

    /// The first message (received or pending) that `wanted` accepts; the others stay pending.
    fn receive(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&wanted) {
            return self.pending.remove(i).unwrap();
        }
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .expect("a message from mtlint lsp");
            if wanted(&m) {
                return m;
            }
            self.pending.push_back(m);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.receive(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

fn initialize(s: &mut Session, root: &std::path::Path, encodings: &[&str]) -> Value {
    let root_uri = format!("file://{}", root.display());
    let result = s.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root_uri,
            "capabilities": {"general": {"positionEncodings": encodings}},
        }),
    );
    s.notify("initialized", json!({}));
    result
}

fn shutdown(mut s: Session) {
    assert_eq!(s.request("shutdown", Value::Null), Value::Null);
    s.notify("exit", Value::Null);
    let status = s.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_session_gets_diagnostics_and_code_actions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut s = Session::start(&root);
    let init = initialize(&mut s, &root, &["utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "mtlint");

    // An emoji and CJK before the error: UTF-16 columns.
    let text = "# Notes\n\n😀 中文 He said thatIf no progress is made, talks end.\n";
    let uri = format!("file://{}/notes.md", root.display());
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let diags = s.diagnostics(&uri);
    let d = diags
        .iter()
        .find(|d| d["code"] == "MT101")
        .unwrap_or_else(|| panic!("{diags:?}"));
    // "😀 中文 He said " is 2 + 1 + 2 + 1 + 8 UTF-16 units.
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 14}));
    assert_eq!(d["range"]["end"], json!({"line": 2, "character": 20}));
    assert_eq!(d["source"], "mtlint");
    assert!(d["severity"].as_u64().is_some());
    let href = d["codeDescription"]["href"].as_str().unwrap();
    assert!(href.ends_with("MT101.md"), "{href}");

    let actions = s.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": d["range"],
            "context": {"diagnostics": [d]},
        }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let fix = &actions[0];
    assert_eq!(
        fix["title"], "MT101: replace with \"that if\"",
        "{titles:?}"
    );
    let edit = &fix["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "that if");
    assert_eq!(edit["range"], d["range"]);
    assert!(
        titles.contains(&"Disable MT101 for this line"),
        "{titles:?}"
    );
    let allow = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Add \"thatIf\""))
        .unwrap_or_else(|| panic!("{titles:?}"));

    // The allowlist command writes mtlint.toml, and the document is checked again with it.
    s.request("workspace/executeCommand", allow["command"].clone());
    let config = std::fs::read_to_string(root.join("mtlint.toml")).unwrap();
    assert_eq!(config, "[allow]\nterms = [\"thatIf\"]\n");
    let diags = s.diagnostics(&uri);
    assert!(!diags.iter().any(|d| d["code"] == "MT101"), "{diags:?}");

    // An edit to the configuration applies at the next change.
    std::fs::write(root.join("mtlint.toml"), "").unwrap();
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    let diags = s.diagnostics(&uri);
    assert!(diags.iter().any(|d| d["code"] == "MT101"), "{diags:?}");
    shutdown(s);
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut s = Session::start(&root);
    let init = initialize(&mut s, &root, &["utf-8", "utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = "untitled:Untitled-1";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
               "text": "😀 He said thatIf no progress is made."}}),
    );
    let diags = s.diagnostics(uri);
    let d = diags.iter().find(|d| d["code"] == "MT101").unwrap();
    // 4 bytes of emoji, a space, "He said ".
    assert_eq!(d["range"]["start"], json!({"line": 0, "character": 13}));
    // A request the server does not know gets an error, not a crash.
    s.send(json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {}}));
    let m = s.receive(|m| m["id"] == 99);
    assert!(m["error"]["code"].as_i64().is_some(), "{m}");
    shutdown(s);
}
