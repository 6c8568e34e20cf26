//! `mtlint serve --upstream URL`: each check is also sent, with the parameters it came with, to
//! a real LanguageTool server, and its matches are merged with mtlint's by offset, so that a
//! writer keeps LanguageTool's grammar and spelling checks beside mtlint's.
//!
//! The client is [`ureq`] (blocking, small), built without TLS by default: the usual upstream is
//! a LanguageTool server on the same machine or network (`http://localhost:8010`). An upstream
//! that fails or times out does not fail the check: mtlint's matches come back alone, with
//! `warnings.incompleteResults` set and the reason in `mtlint.upstreamError`.

use std::sync::OnceLock;
use std::time::Duration;

use super::check::Response;

/// How long an upstream check may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

fn agent() -> &'static ureq::Agent {
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    AGENT.get_or_init(|| {
        ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .http_status_as_error(false)
            .build()
            .into()
    })
}

/// The upstream's `/v2/check` URL for a base like `http://localhost:8010` (a trailing `/` or
/// `/v2` is allowed).
pub fn check_url(base: &str) -> String {
    let base = base.trim_end_matches('/');
    let base = base.strip_suffix("/v2").unwrap_or(base);
    format!("{base}/v2/check")
}

/// Sends the form to the upstream server and returns its matches.
fn fetch(base: &str, form: &[u8]) -> Result<Vec<serde_json::Value>, String> {
    let mut response = agent()
        .post(&check_url(base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(form)
        .map_err(|e| format!("{base}: {e}"))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("{base}: {e}"))?;
    if status != 200 {
        return Err(format!("{base}: status {status}: {}", body.trim()));
    }
    let mut value: serde_json::Value =
        serde_json::from_str(&body).map_err(|e| format!("{base}: not LanguageTool's JSON: {e}"))?;
    match value.get_mut("matches").map(serde_json::Value::take) {
        Some(serde_json::Value::Array(matches)) => Ok(matches),
        _ => Err(format!("{base}: the answer has no `matches`")),
    }
}

/// Adds the upstream server's matches to `reply`, sorted by offset (mtlint's first at the same
/// offset); on failure, marks the results incomplete and says why.
pub fn merge(base: &str, form: &[u8], reply: &mut Response) {
    match fetch(base, form) {
        Ok(theirs) => {
            reply.matches.extend(theirs);
            // A stable sort: at one offset, mtlint's matches stay before the upstream's.
            reply
                .matches
                .sort_by_key(|m| m.get("offset").and_then(serde_json::Value::as_u64));
        }
        Err(e) => {
            reply.warnings.incomplete_results = true;
            reply.mtlint.upstream_error = Some(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_urls() {
        for base in [
            "http://localhost:8010",
            "http://localhost:8010/",
            "http://localhost:8010/v2",
            "http://localhost:8010/v2/",
        ] {
            assert_eq!(check_url(base), "http://localhost:8010/v2/check");
        }
    }
}
