//! `mtlint serve`: an HTTP server speaking LanguageTool's public API (`GET /v2/languages`,
//! `POST /v2/check`), so that LanguageTool clients (LTeX, the Obsidian plugins,
//! language_tool_python) check text with mtlint unchanged, and a page at `/` for checking text
//! in a browser.
//!
//! - [`check`]: the API itself, independent of HTTP: the form parameters in, the JSON out.
//! - [`upstream`]: forwarding a check to a real LanguageTool server and merging its matches.
//! - [`http`]: HTTP/1.1 on the standard library's sockets and [`httparse`]: a thread per
//!   connection, keep-alive, the request-size bound (413).
//! - This module: routing and the error statuses, independent of the sockets.
//!
//! Nothing a client sends makes the server panic; were a bug to do it anyway, the request gets
//! a 500 and the worker goes on.

pub mod check;
pub mod http;
pub mod upstream;

pub use http::{bind, serve_on};

use crate::Linter;

/// The page served at `/`: one file, its script and style inline, nothing fetched from
/// elsewhere.
pub const PAGE: &str = include_str!("page.html");

/// The largest request body accepted by default (1 MiB).
pub const DEFAULT_MAX_BYTES: usize = 1 << 20;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The configured linter every check starts from (rules, weights, allowlist).
    pub linter: Linter,
    /// The largest request body, in bytes; larger ones get 413.
    pub max_bytes: usize,
    /// A LanguageTool server whose matches are merged with mtlint's (its base URL, without
    /// `/v2`).
    pub upstream: Option<String>,
    /// The server's own address as clients reach it (`http://127.0.0.1:8081`), for the links to
    /// the rules' documentation.
    pub base_url: String,
}

/// An answer: status, content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

impl Reply {
    pub fn json(body: String) -> Reply {
        Reply {
            status: 200,
            content_type: "application/json; charset=utf-8",
            body,
        }
    }

    /// An error as LanguageTool words it: plain text starting with `Error: `.
    pub fn error(status: u16, message: impl std::fmt::Display) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("Error: {message}\n"),
        }
    }
}

/// A request, as far as routing needs it.
#[derive(Debug)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The path and query string.
    pub url: &'a str,
    /// The body (empty for GET).
    pub body: &'a [u8],
}

/// Answers one request. Never panics on any input.
pub fn handle(options: &Options, req: &Request<'_>) -> Reply {
    let (path, query) = req.url.split_once('?').unwrap_or((req.url, ""));
    // A client that joins its base URL and the endpoint with one slash too many
    // (`http://host:8081/` + `/v2/check`) still reaches it.
    let collapsed;
    let path = if path.contains("//") {
        collapsed = path
            .split('/')
            .filter(|s| !s.is_empty())
            .fold(String::new(), |acc, s| acc + "/" + s);
        if collapsed.is_empty() {
            "/"
        } else {
            collapsed.as_str()
        }
    } else {
        path
    };
    match (req.method, path) {
        ("GET" | "HEAD", "/" | "/index.html") => Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: PAGE.to_string(),
        },
        ("GET" | "HEAD", "/v2/languages") => Reply::json(check::languages_json()),
        ("GET", "/v2/check") => check_params(options, query.as_bytes()),
        ("POST", "/v2/check") => check_params(options, req.body),
        ("GET" | "HEAD", p) if p.starts_with("/rules/") => rule_docs(&p["/rules/".len()..]),
        (_, "/" | "/v2/languages" | "/v2/check") => {
            Reply::error(405, format!("{} is not supported on {path}", req.method))
        }
        _ => Reply::error(404, format!("no such endpoint: {path}")),
    }
}

fn check_params(options: &Options, form: &[u8]) -> Reply {
    let params = match check::Params::parse(form) {
        Ok(p) => p,
        Err(e) => return Reply::error(e.status, e.message),
    };
    let mut reply = match check::run(&options.linter, &params, &options.base_url) {
        Ok(r) => r,
        Err(e) => return Reply::error(e.status, e.message),
    };
    if let Some(base) = &options.upstream {
        upstream::merge(base, form, &mut reply);
    }
    match serde_json::to_string(&reply) {
        Ok(s) => Reply::json(s),
        Err(e) => Reply::error(500, e),
    }
}

/// The documentation of one rule (by code or name), as Markdown.
fn rule_docs(key: &str) -> Reply {
    match crate::rules::find(key.trim_end_matches(".md")) {
        Some(rule) => {
            let m = rule.meta();
            Reply {
                status: 200,
                content_type: "text/markdown; charset=utf-8",
                body: format!("# {} {}\n\n{}", m.code, m.name, m.docs_text()),
            }
        }
        None => Reply::error(404, format!("no rule `{key}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options {
        Options {
            linter: Linter::new(),
            max_bytes: DEFAULT_MAX_BYTES,
            upstream: None,
            base_url: "http://127.0.0.1:8081".to_string(),
        }
    }

    #[test]
    fn no_body_makes_it_fail_other_than_with_400() {
        let options = options();
        // Pseudo-random bodies from the bytes that matter to a form (a fixed seed).
        let alphabet = b"=&%+textdalnguage-US\xff\xc3\xa9{}[]\"annotation:markup0FZ ";
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for n in 0..400 {
            let prefix: &[u8] = match n % 3 {
                0 => b"",
                1 => b"language=en&text=",
                _ => b"language=auto&data=",
            };
            let body: Vec<u8> = prefix
                .iter()
                .copied()
                .chain((0..(n % 60)).map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                }))
                .collect();
            let reply = handle(
                &options,
                &Request {
                    method: "POST",
                    url: "/v2/check",
                    body: &body,
                },
            );
            assert!(
                matches!(reply.status, 200 | 400),
                "{:?}: {reply:?}",
                String::from_utf8_lossy(&body)
            );
        }
    }

    #[test]
    fn routes() {
        let options = options();
        let get = |url: &str| {
            handle(
                &options,
                &Request {
                    method: "GET",
                    url,
                    body: b"",
                },
            )
            .status
        };
        assert_eq!(get("/"), 200);
        assert_eq!(get("/v2/languages"), 200);
        assert_eq!(get("//v2//languages"), 200);
        assert_eq!(get("/rules/run-together-words"), 200);
        assert_eq!(get("/rules/MT999"), 404);
        assert_eq!(get("/v2/check?language=en&text=Hi."), 200);
        assert_eq!(get("/v2/check"), 400);
        assert_eq!(get("/elsewhere"), 404);
    }
}
