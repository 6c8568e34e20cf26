//! The HTTP/1.1 side of `mtlint serve`: a thread per connection (at most
//! [`MAX_CONNECTIONS`]), keep-alive, request heads parsed by [`httparse`] (hyper's parser),
//! bodies by `Content-Length` or chunked, bounded before they are read, and each answer written
//! in one piece with `TCP_NODELAY`.
//!
//! Why not tiny_http, the first choice: its connection pool hands a new connection to a thread
//! it believes idle, and under a burst of simultaneous keep-alive connections some waited in
//! its queue behind connections that stay open: 13 to 19 s for the first answer on one of 8
//! connections of the load test. It also wrote an answer's head and body separately, which
//! Nagle's algorithm delayed by 40 ms on kept-alive connections. A check is milliseconds of
//! CPU work, so a thread per connection is the whole design.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::{handle, Options, Reply, Request};

/// The most connections served at once; more are answered 503 and closed.
pub const MAX_CONNECTIONS: usize = 512;

/// The longest request head (request line and headers).
const MAX_HEAD: usize = 16 * 1024;

/// How long a connection may stay silent (between requests, or within one).
const IDLE: Duration = Duration::from_secs(30);

/// Binds the address (port 0: any free port) and returns the listener and its address.
pub fn bind(addr: SocketAddr) -> io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    Ok((listener, local))
}

/// Serves on a bound listener until the process ends.
pub fn serve_on(listener: TcpListener, options: Options) {
    let options = Arc::new(options);
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            continue;
        };
        if open.load(Ordering::Acquire) >= MAX_CONNECTIONS {
            let _ = write_reply(
                &mut stream,
                &Reply::error(503, "too many connections"),
                false,
            );
            continue;
        }
        open.fetch_add(1, Ordering::AcqRel);
        let options = Arc::clone(&options);
        let counter = Arc::clone(&open);
        let spawned = std::thread::Builder::new()
            .name("mtlint-http".to_string())
            .spawn(move || {
                let _ = connection(stream, &options);
                counter.fetch_sub(1, Ordering::AcqRel);
            });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// A request as read off the wire.
#[derive(Debug)]
struct Head {
    method: String,
    url: String,
    content_length: Option<usize>,
    chunked: bool,
    close: bool,
    expect_continue: bool,
}

/// Serves one connection's requests until it closes, errs, idles out or asks to close.
fn connection(stream: TcpStream, options: &Options) -> io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let head = match read_head(&mut reader) {
            Ok(Some(h)) => h,
            Ok(None) => return Ok(()),
            Err(reply) => {
                let _ = write_reply(&mut writer, &reply, false);
                return Ok(());
            }
        };
        if head.expect_continue && head.content_length.is_none_or(|n| n <= options.max_bytes) {
            writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let body = match read_body(&mut reader, &head, options.max_bytes) {
            Ok(b) => b,
            Err(reply) => {
                // The rest of the body is unread: the connection cannot go on. What the client
                // still sends is read and dropped for a while, so that it gets to read the
                // answer instead of a reset connection.
                let _ = write_reply(&mut writer, &reply, false);
                let _ = writer.shutdown(std::net::Shutdown::Write);
                linger(&mut reader);
                return Ok(());
            }
        };
        let reply = if head.method == "OPTIONS" {
            // A CORS preflight (a page or an editor's web view calling the API).
            Reply {
                status: 204,
                content_type: "text/plain",
                body: String::new(),
            }
        } else {
            let req = Request {
                method: &head.method,
                url: &head.url,
                body: &body,
            };
            catch_unwind(AssertUnwindSafe(|| handle(options, &req)))
                .unwrap_or_else(|_| Reply::error(500, "internal error (a bug in mtlint)"))
        };
        let keep = !head.close;
        let reply = if head.method == "HEAD" {
            Reply {
                body: String::new(),
                ..reply
            }
        } else {
            reply
        };
        write_reply(&mut writer, &reply, keep)?;
        if !keep {
            return Ok(());
        }
    }
}

/// Reads a request head; `None` when the connection closed (or idled out) between requests.
fn read_head(reader: &mut BufReader<TcpStream>) -> Result<Option<Head>, Reply> {
    let mut buf = Vec::with_capacity(512);
    loop {
        let before = buf.len();
        let n = reader
            .by_ref()
            .take((MAX_HEAD + 1 - buf.len()) as u64)
            .read_until(b'\n', &mut buf)
            .map_err(|_| Reply::error(408, "the request did not arrive in time"));
        match n {
            Ok(0) | Err(_) if before == 0 => return Ok(None),
            Ok(0) => return Err(Reply::error(400, "the request head is cut off")),
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        if buf.len() > MAX_HEAD {
            return Err(Reply::error(431, "the request head is too large"));
        }
        // Blank lines before a request are allowed (RFC 9112, 2.2).
        if before == 0 && (buf == b"\r\n" || buf == b"\n") {
            buf.clear();
            continue;
        }
        if buf.ends_with(b"\r\n\r\n") || buf.ends_with(b"\n\n") {
            break;
        }
    }
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(&buf) {
        Ok(httparse::Status::Complete(_)) => {}
        _ => return Err(Reply::error(400, "malformed request head")),
    }
    let (Some(method), Some(path), Some(version)) = (req.method, req.path, req.version) else {
        return Err(Reply::error(400, "malformed request line"));
    };
    let mut head = Head {
        method: method.to_ascii_uppercase(),
        url: path.to_string(),
        content_length: None,
        chunked: false,
        close: version == 0,
        expect_continue: false,
    };
    for h in req.headers.iter() {
        let value = String::from_utf8_lossy(h.value).to_ascii_lowercase();
        let value = value.trim();
        if h.name.eq_ignore_ascii_case("content-length") {
            let n = value
                .parse()
                .map_err(|_| Reply::error(400, "bad Content-Length"))?;
            if head.content_length.is_some_and(|m| m != n) {
                return Err(Reply::error(400, "conflicting Content-Length headers"));
            }
            head.content_length = Some(n);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            if value.rsplit(',').next().map(str::trim) != Some("chunked") {
                return Err(Reply::error(
                    501,
                    "only chunked transfer coding is supported",
                ));
            }
            head.chunked = true;
        } else if h.name.eq_ignore_ascii_case("connection") {
            if value.contains("close") {
                head.close = true;
            } else if value.contains("keep-alive") {
                head.close = false;
            }
        } else if h.name.eq_ignore_ascii_case("expect") && value == "100-continue" {
            head.expect_continue = true;
        }
    }
    if head.chunked && head.content_length.is_some() {
        return Err(Reply::error(
            400,
            "both Content-Length and Transfer-Encoding",
        ));
    }
    Ok(Some(head))
}

/// Reads and drops what a client still sends (at most [`LINGER_BYTES`], for at most 2 s of
/// silence), before the connection closes.
fn linger(reader: &mut BufReader<TcpStream>) {
    let _ = reader
        .get_ref()
        .set_read_timeout(Some(Duration::from_secs(2)));
    let _ = io::copy(&mut reader.by_ref().take(LINGER_BYTES), &mut io::sink());
}

/// The most bytes of an unwanted body read before closing.
const LINGER_BYTES: u64 = 64 << 20;

fn too_large(max: usize, n: &dyn std::fmt::Display) -> Reply {
    Reply::error(
        413,
        format!("the request body ({n} bytes) exceeds the limit of {max} bytes"),
    )
}

/// Reads the body: by its length (413 before reading past `max`), or chunked (413 once more
/// than `max` bytes arrived).
fn read_body(reader: &mut BufReader<TcpStream>, head: &Head, max: usize) -> Result<Vec<u8>, Reply> {
    let cut = |_| Reply::error(400, "the request body is cut off");
    if let Some(n) = head.content_length {
        if n > max {
            return Err(too_large(max, &n));
        }
        let mut body = vec![0; n];
        reader.read_exact(&mut body).map_err(cut)?;
        return Ok(body);
    }
    if !head.chunked {
        return Ok(Vec::new());
    }
    let mut body = Vec::new();
    loop {
        let mut line = Vec::new();
        reader
            .by_ref()
            .take(1024)
            .read_until(b'\n', &mut line)
            .map_err(cut)?;
        let text = String::from_utf8_lossy(&line);
        let size = text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| Reply::error(400, "malformed chunk size"))?;
        if size == 0 {
            // Trailers, up to the blank line.
            loop {
                let mut t = Vec::new();
                let n = reader
                    .by_ref()
                    .take(MAX_HEAD as u64)
                    .read_until(b'\n', &mut t)
                    .map_err(cut)?;
                if n == 0 || t == b"\r\n" || t == b"\n" {
                    return Ok(body);
                }
            }
        }
        if body.len().saturating_add(size) > max {
            return Err(too_large(max, &format!("more than {max}")));
        }
        let at = body.len();
        body.resize(at + size, 0);
        reader.read_exact(&mut body[at..]).map_err(cut)?;
        let mut crlf = Vec::new();
        reader
            .by_ref()
            .take(2)
            .read_until(b'\n', &mut crlf)
            .map_err(cut)?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes an answer in one piece (head and body together: nothing for Nagle's algorithm to
/// hold back).
fn write_reply(w: &mut TcpStream, reply: &Reply, keep_alive: bool) -> io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nServer: mtlint/{}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: GET, POST, OPTIONS\r\n\
         Access-Control-Allow-Headers: Content-Type\r\nConnection: {}\r\n\r\n",
        reply.status,
        reason(reply.status),
        env!("CARGO_PKG_VERSION"),
        reply.content_type,
        reply.body.len(),
        if keep_alive { "keep-alive" } else { "close" },
    )
    .into_bytes();
    out.extend_from_slice(reply.body.as_bytes());
    w.write_all(&out)?;
    w.flush()
}
