//! The commands of the `mtlint` binary, one module each, as thin layers over the library:
//! [`args`] (what the command line says), [`check`] (`mtlint check`), [`score`] (`mtlint
//! score`), [`info`] (`rules`, `explain`, `init`) and [`research`] (`eval`, `train`, `packs`).
//! What several commands share is here: the error type, and building a linter from the rule
//! options.

/// `eprintln!` for the commands, which never panics: a message that cannot be written to
/// standard error (a full device, a closed descriptor) is dropped, and the run ends with its
/// own exit code. (The standard macro panics there, and the panic message, itself written to
/// standard error, aborted the process.) Being a `macro_rules!` defined before the command
/// modules, it takes the place of the standard one in all of them.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod args;
pub mod check;
pub mod info;
pub mod lsp;
pub mod output;
pub mod research;
pub mod score;
pub mod serve;

use std::fmt;
use std::io;
use std::path::Path;

use mtlint::{Linter, Weights};

use args::RuleArgs;

/// An error for the user: what went wrong, and where. An I/O error keeps its kind, so that a
/// closed pipe (`mtlint check . | head`) ends the run quietly instead of as an error.
#[derive(Debug)]
pub struct Fatal {
    message: String,
    kind: Option<io::ErrorKind>,
}

impl Fatal {
    pub fn new(message: impl Into<String>) -> Self {
        Fatal {
            message: message.into(),
            kind: None,
        }
    }

    /// True when the error is a write to a pipe whose reader has gone.
    pub fn is_broken_pipe(&self) -> bool {
        self.kind == Some(io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<io::Error> for Fatal {
    fn from(e: io::Error) -> Self {
        Fatal {
            message: e.to_string(),
            kind: Some(e.kind()),
        }
    }
}

impl From<serde_json::Error> for Fatal {
    fn from(e: serde_json::Error) -> Self {
        Fatal {
            message: e.to_string(),
            kind: e.io_error_kind(),
        }
    }
}

impl From<String> for Fatal {
    fn from(message: String) -> Self {
        Fatal::new(message)
    }
}

impl From<mtlint::config::ConfigError> for Fatal {
    fn from(e: mtlint::config::ConfigError) -> Self {
        Fatal::new(e.to_string())
    }
}

/// Reads a weights file (`--weights`, `--prior`).
pub fn read_weights(path: &Path) -> Result<Weights, Fatal> {
    let s = std::fs::read_to_string(path)
        .map_err(|e| Fatal::new(format!("{}: cannot read the model: {e}", path.display())))?;
    Weights::from_toml(&s).map_err(|e| Fatal::new(format!("{}: {e}", path.display())))
}

/// The linter for `score`, `eval` and `train`: the command line's rules, weights and language.
pub fn build_linter(args: &RuleArgs) -> Result<Linter, Fatal> {
    Ok(base_linter(args)?
        .select(&args.select)?
        .ignore(&args.ignore)?)
}

/// Every rule, with the command line's weights and language.
pub fn base_linter(args: &RuleArgs) -> Result<Linter, Fatal> {
    let mut linter = Linter::new();
    if let Some(path) = &args.model {
        linter = linter.with_weights(read_weights(path)?);
    }
    if let Some(code) = &args.language {
        let code = code.trim().to_ascii_lowercase();
        if code.len() < 2 || code.len() > 3 || !code.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(Fatal::new(format!(
                "--language expects an ISO 639-1 code like `en`, not `{code}`"
            )));
        }
        linter = linter.with_language(Box::leak(code.into_boxed_str()));
    }
    Ok(linter)
}

/// How a path is named in messages: `<stdin>` for `-`.
pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Sets the number of worker threads (`--jobs`).
pub fn set_threads(n: usize) -> Result<(), Fatal> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n.max(1))
        .build_global()
        .map_err(|e| Fatal::new(format!("cannot start {n} threads: {e}")))
}
