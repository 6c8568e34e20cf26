//! The commands that print what mtlint knows, without checking anything: `mtlint rules`,
//! `mtlint explain` and `mtlint init`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use mtlint::{config, rules};

use super::args::RulesFormat;
use super::output::Output;
use super::Fatal;

pub fn list_rules(format: RulesFormat) -> Result<ExitCode, Fatal> {
    let mut out = Output::create(None)?;
    match format {
        RulesFormat::Text => {
            for m in rules::metas() {
                let langs = if m.languages.is_empty() {
                    "any".to_string()
                } else {
                    m.languages.join(",")
                };
                writeln!(
                    out,
                    "{}  {:<28} {:<12} {:<8} {:<6} {}",
                    m.code,
                    m.name,
                    m.category.as_str(),
                    m.severity.as_str(),
                    langs,
                    m.summary
                )?;
            }
        }
        RulesFormat::Json => {
            for m in rules::metas() {
                serde_json::to_writer(
                    &mut out,
                    &serde_json::json!({
                        "code": m.code, "name": m.name, "category": m.category,
                        "severity": m.severity, "languages": m.languages, "summary": m.summary,
                    }),
                )?;
                writeln!(out)?;
            }
        }
        RulesFormat::Markdown => write!(out, "{}", mtlint::docs::rules_markdown())?,
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

pub fn explain(key: &str) -> Result<ExitCode, Fatal> {
    let Some(rule) = rules::find(key) else {
        return Err(Fatal::new(format!(
            "no rule `{key}`; `mtlint rules` lists them"
        )));
    };
    let m = rule.meta();
    let mut out = Output::create(None)?;
    writeln!(out, "{} {}: {}\n", m.code, m.name, m.summary)?;
    writeln!(
        out,
        "category: {}, default severity: {}, languages: {}\n",
        m.category.as_str(),
        m.severity.as_str(),
        if m.languages.is_empty() {
            "any".to_string()
        } else {
            m.languages.join(", ")
        }
    )?;
    for o in m.options {
        writeln!(
            out,
            "option `{}` (default {}): {} Set it in mtlint.toml under [rules.{}].\n",
            o.name, o.default, o.summary, m.name
        )?;
    }
    write!(out, "{}", m.docs_for_users())?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

pub fn init(path: &Path, force: bool) -> Result<ExitCode, Fatal> {
    if path.exists() && !force {
        return Err(Fatal::new(format!(
            "{}: already exists; use --force to overwrite it",
            path.display()
        )));
    }
    std::fs::write(path, config::default_config())
        .map_err(|e| Fatal::new(format!("{}: cannot write: {e}", path.display())))?;
    eprintln!("mtlint: wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// `mtlint completions SHELL`: the completion script of the command line.
pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Fatal> {
    let mut out = Output::create(None)?;
    let mut cmd = <super::args::Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut cmd, "mtlint", &mut out);
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// `mtlint man [COMMAND]`: the manual page of mtlint, or of one command (`mtlint-check`), in
/// roff.
pub fn man(command: Option<&str>) -> Result<ExitCode, Fatal> {
    let cmd = <super::args::Cli as clap::CommandFactory>::command();
    let page = match command {
        None => clap_mangen::Man::new(cmd),
        Some(name) => {
            let sub = cmd.find_subcommand(name).ok_or_else(|| {
                Fatal::new(format!("no command `{name}`; `mtlint --help` lists them"))
            })?;
            // The page's name (a command's name is a static string: leaked once, at exit).
            let title: &'static str = Box::leak(format!("mtlint-{}", sub.get_name()).into());
            clap_mangen::Man::new(sub.clone().name(title))
        }
    };
    let mut out = Output::create(None)?;
    page.render(&mut out)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
