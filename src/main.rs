//! The `mtlint` command line: parses the arguments and hands each command to its module in
//! [`cli`]. Exit codes: what the command returns, 2 for an error (printed here), and 0 when the
//! reader of the output went away (a closed pipe).

mod cli;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command};

/// A message on standard error; dropped when it cannot be written (a full or closed stream),
/// which must not turn into a panic.
fn say(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        say(format_args!(
            "mtlint: internal error: {info}\n  this is a bug in mtlint; please report it with the \
             input that caused it"
        ));
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => cli::check::check(args),
        Command::Init { path, force } => cli::info::init(&path, force),
        Command::Score(args) => cli::score::score(args),
        Command::Rules { format } => cli::info::list_rules(format),
        Command::Eval(args) => cli::research::eval(args),
        Command::Train(args) => cli::research::train(args),
        Command::Explain { rule } => cli::info::explain(&rule),
        Command::Packs { files } => cli::research::packs(&files),
        Command::Serve(args) => cli::serve::serve(args),
        Command::Lsp(args) => cli::lsp::lsp(args),
        Command::Completions { shell } => cli::info::completions(shell),
        Command::Man { command } => cli::info::man(command.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            say(format_args!("mtlint: error: {e}"));
            ExitCode::from(2)
        }
    }
}
