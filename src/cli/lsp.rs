//! `mtlint lsp`: the language server over standard input and output, [`mtlint::lsp`].

use std::process::ExitCode;

use clap::Args;

use super::Fatal;

#[derive(Args, Debug)]
pub struct LspArgs {
    /// Accepted and ignored: editors pass it to say the transport (standard input and output
    /// is the only one).
    #[arg(long)]
    pub stdio: bool,
}

pub fn lsp(_args: LspArgs) -> Result<ExitCode, Fatal> {
    mtlint::lsp::run().map_err(|e| Fatal::new(format!("lsp: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
