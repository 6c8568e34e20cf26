//! `mtlint serve`: LanguageTool's HTTP API and the page, over the library's
//! [`mtlint::serve`]. This module only reads the arguments, builds the configured linter and
//! binds the address.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use mtlint::config::{CliSettings, ConfigSource, Resolver};
use mtlint::serve;

use super::Fatal;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The address to listen on; 127.0.0.1 (this machine only) unless told otherwise.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// The port (0: any free port, printed at start).
    #[arg(long, default_value_t = 8081)]
    pub port: u16,
    /// Also send each check to this LanguageTool server (e.g. http://localhost:8010) and merge
    /// its matches with mtlint's.
    #[arg(long, value_name = "URL")]
    pub upstream: Option<String>,
    /// The largest request body in bytes; larger ones get 413.
    #[arg(long, value_name = "BYTES", default_value_t = serve::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
    /// Use this configuration file instead of the nearest mtlint.toml above the current
    /// directory.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub no_config: bool,
}

pub fn serve(args: ServeArgs) -> Result<ExitCode, Fatal> {
    let source = match (&args.config, args.no_config) {
        (_, true) => ConfigSource::None,
        (Some(p), false) => ConfigSource::File(p.clone()),
        (None, false) => ConfigSource::Discover,
    };
    let mut resolver = Resolver::new(source, mtlint::Linter::new(), CliSettings::default())?;
    let linter = match resolver.resolve(Path::new("-"))? {
        Some(settings) => (*settings.linter).clone(),
        None => mtlint::Linter::new(),
    };
    if let Some(url) = &args.upstream {
        if !url.starts_with("http://") {
            return Err(Fatal::new(format!(
                "--upstream expects an http:// URL (this build has no TLS), not `{url}`"
            )));
        }
    }
    let (listener, addr) = serve::bind(SocketAddr::new(args.host, args.port))
        .map_err(|e| Fatal::new(format!("cannot listen on {}:{}: {e}", args.host, args.port)))?;
    let base_url = format!("http://{addr}");
    eprintln!(
        "mtlint: serving LanguageTool's API at {base_url}/v2/check and the page at {base_url}/"
    );
    serve::serve_on(
        listener,
        serve::Options {
            linter,
            max_bytes: args.max_bytes,
            upstream: args.upstream,
            base_url,
        },
    );
    Ok(ExitCode::SUCCESS)
}
