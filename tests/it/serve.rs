//! `mtlint serve` over real sockets: the real binary on a free port, raw HTTP/1.1 requests (so
//! that malformed ones can be sent as they are): LanguageTool's answers, its error statuses, the
//! request-size bound, the `data` parameter, the page and the rule docs. The LanguageTool
//! clients themselves are driven by `tests/python/`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::mtlint;

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let mut child = mtlint()
        .args([
            "serve",
            "--port",
            "0",
            "--no-config",
            "--max-bytes",
            "10000",
        ])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mtlint serve starts");
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server { child, addr }
}

/// Reads one HTTP message after its start line has been read or with it: the header lines up to
/// the blank line (or the end of the stream), then a body of its Content-Length.
fn read_message(reader: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().map_err(|_| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "bad Content-Length")
            })?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(body)
}

/// Sends raw bytes and returns the status and the body.
fn raw(server: &Server, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let out = String::from_utf8_lossy(&out);
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {out:?}"));
    let body = out.split_once("\r\n\r\n").map_or("", |b| b.1).to_string();
    (status, body)
}

fn post(server: &Server, path: &str, body: &[u8]) -> (u16, String) {
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    raw(server, &req)
}

fn get(server: &Server, path: &str) -> (u16, String) {
    raw(
        server,
        format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[test]
fn languagetool_answers_with_utf16_offsets() {
    let server = start(&[]);
    let (status, body) = get(&server, "/v2/languages");
    assert_eq!(status, 200);
    let langs: Value = serde_json::from_str(&body).unwrap();
    assert!(langs
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["longCode"] == "en-US" && l["code"] == "en" && l["name"].is_string()));

    let text = "😀 中文 He said thatIf no progress is made, talks end.";
    let form = format!("language=en-US&text={}", enc(text));
    let (status, body) = post(&server, "/v2/check", form.as_bytes());
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    let m = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"]["id"] == "MTLINT_MT101")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(
        (m["offset"].as_u64(), m["length"].as_u64()),
        (Some(14), Some(6))
    );
    for field in ["message", "shortMessage", "sentence"] {
        assert!(m[field].is_string(), "{field}: {m}");
    }
    assert!(m["rule"]["issueType"].is_string() && m["rule"]["category"]["id"].is_string());
    assert_eq!(m["replacements"][0]["value"], "that if");
    assert_eq!(m["context"]["length"], 6);
    assert_eq!(v["language"]["code"], "en-US");
    assert_eq!(v["language"]["detectedLanguage"]["code"], "en");
    assert!(v["mtlint"]["verdict"].is_string() && v["mtlint"]["score"].is_object());
    let url = m["rule"]["urls"][0]["value"].as_str().unwrap();
    assert_eq!(url, format!("http://{}/rules/MT101", server.addr));
    let (status, docs) = get(&server, "/rules/MT101");
    assert_eq!(status, 200);
    assert!(docs.starts_with("# MT101 run-together-words"), "{docs}");

    // GET with a query string, as some clients send it; disabledRules by LanguageTool's id.
    let (status, body) = get(&server, &format!("/v2/check?{form}"));
    assert_eq!(status, 200);
    assert!(body.contains("MTLINT_MT101"));
    let (_, body) = get(
        &server,
        &format!("/v2/check?{form}&disabledRules=MTLINT_MT101"),
    );
    assert!(!body.contains("MTLINT_MT101"), "{body}");
    // Categories: only `MTLINT_` ids are mtlint's (a bare one, like TYPOGRAPHY, may be
    // LanguageTool's); a doubled slash after the base URL still routes.
    let (_, body) = get(
        &server,
        &format!("//v2/check?{form}&disabledCategories=ARTIFACT"),
    );
    assert!(body.contains("MTLINT_MT101"), "{body}");
    let (_, body) = get(
        &server,
        &format!("/v2/check?{form}&disabledCategories=MTLINT_ARTIFACT"),
    );
    assert!(!body.contains("MTLINT_MT101"), "{body}");
    let (_, body) = get(
        &server,
        &format!("/v2/check?{form}&enabledOnly=true&enabledRules=MORFOLOGIK_RULE_EN_US"),
    );
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["matches"],
        Value::Array(vec![])
    );

    // The page: one file, nothing from elsewhere.
    let (status, page) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(page.contains("/v2/check") && !page.contains("https://"));
}

#[test]
fn data_annotations_count_offsets_in_the_original() {
    let server = start(&[]);
    let data = r#"{"annotation":[{"markup":"<p>"},{"text":"😀 He said "},{"markup":"<b>","interpretAs":""},{"text":"thatIf no progress is made."},{"markup":"</b></p>"}]}"#;
    let form = format!("language=auto&data={}", enc(data));
    let (status, body) = post(&server, "/v2/check", form.as_bytes());
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    let m = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"]["id"] == "MTLINT_MT101")
        .unwrap_or_else(|| panic!("{v}"));
    // "<p>" 3, "😀 He said " 2 + 9, "<b>" 3.
    assert_eq!(m["offset"], 17);
    assert_eq!(m["length"], 6);
}

#[test]
fn bad_requests_get_4xx_and_the_server_stays_up() {
    let server = start(&[]);
    let cases: &[(&[u8], u16)] = &[
        (b"language=en-US", 400),                    // no text
        (b"text=hello", 400),                        // no language
        (b"text=hello&language=xx-YY", 400),         // unknown language
        (b"text=%FF%FE&language=en", 400),           // not UTF-8 once decoded
        (b"\xff\xfe&&==&language", 400),             // garbage
        (b"data=%7Bnot+json&language=en", 400),      // bad annotation JSON
        (b"text=a&language=en&level=pedantic", 400), // bad level
        (b"text=a&language=en&enabledOnly=true", 400),
    ];
    for (body, want) in cases {
        let (status, text) = post(&server, "/v2/check", body);
        assert_eq!(status, *want, "{:?}: {text}", String::from_utf8_lossy(body));
        assert!(text.starts_with("Error: "), "{text}");
    }
    // Too large: by the declared length, and by what arrives without one (chunked).
    let big = format!("language=en&text={}", "a".repeat(20_000));
    assert_eq!(post(&server, "/v2/check", big.as_bytes()).0, 413);
    let mut chunked = b"POST /v2/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
        Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
        .to_vec();
    chunked.extend_from_slice(format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len()).as_bytes());
    assert_eq!(raw(&server, &chunked).0, 413);
    assert_eq!(get(&server, "/nope").0, 404);
    assert_eq!(
        raw(
            &server,
            b"DELETE /v2/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .0,
        405
    );
    // Still answering.
    assert_eq!(post(&server, "/v2/check", b"language=en&text=Fine.").0, 200);
}

#[test]
fn an_unreachable_upstream_leaves_mtlints_matches() {
    // Port 9 (discard) on localhost: nothing listens there.
    let server = start(&["--upstream", "http://127.0.0.1:9"]);
    let (status, body) = post(
        &server,
        "/v2/check",
        b"language=en-US&text=He+said+thatIf+no+progress+is+made.",
    );
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["warnings"]["incompleteResults"], true);
    assert!(v["mtlint"]["upstreamError"].is_string(), "{v}");
    assert!(body.contains("MTLINT_MT101"));
}

#[test]
fn an_upstream_servers_matches_are_merged() {
    // A stand-in LanguageTool server: one canned answer.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let upstream = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let _ = read_message(&mut reader);
            let answer = r#"{"matches":[{"offset":0,"length":2,"message":"upstream","rule":{"id":"UPPERCASE_SENTENCE_START"}}]}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    let server = start(&["--upstream", &format!("http://{upstream}")]);
    let (status, body) = post(
        &server,
        "/v2/check",
        b"language=en-US&text=he+said+thatIf+no+progress+is+made.",
    );
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    let ids: Vec<&str> = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["rule"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["UPPERCASE_SENTENCE_START", "MTLINT_MT101"], "{v}");
    assert_eq!(v["warnings"]["incompleteResults"], false);
}

#[test]
fn kept_alive_connections_are_not_held_by_nagle() {
    // Before TCP_NODELAY, each answer after the first on a connection waited for the client's
    // delayed acknowledgement: 40 ms. Five answers on one connection, the median well under.
    let server = start(&[]);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut reader = BufReader::new(s.try_clone().unwrap());
    let mut times = Vec::new();
    for _ in 0..6 {
        let start = std::time::Instant::now();
        s.write_all(b"GET /rules/MT101 HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        read_message(&mut reader).unwrap();
        times.push(start.elapsed());
    }
    let mut later = times[1..].to_vec();
    later.sort();
    assert!(later[2] < Duration::from_millis(30), "{times:?}");
}

#[test]
fn simultaneous_keep_alive_connections_are_all_served() {
    // tiny_http's pool, used before, left some of a burst of kept-alive connections waiting
    // 13-19 s behind the others. Sixteen at once, three requests each, each answered promptly.
    let server = start(&[]);
    let addr = server.addr.clone();
    let clients: Vec<_> = (0..16)
        .map(|_| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(&addr).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
                let mut reader = BufReader::new(s.try_clone().unwrap());
                let mut slowest = Duration::ZERO;
                for _ in 0..3 {
                    let start = std::time::Instant::now();
                    s.write_all(b"GET /v2/languages HTTP/1.1\r\nHost: x\r\n\r\n")
                        .unwrap();
                    read_message(&mut reader).unwrap();
                    slowest = slowest.max(start.elapsed());
                }
                slowest
            })
        })
        .collect();
    let slowest = clients
        .into_iter()
        .map(|c| c.join().unwrap())
        .max()
        .unwrap();
    assert!(slowest < Duration::from_secs(3), "{slowest:?}");
}
