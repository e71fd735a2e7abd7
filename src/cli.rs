//! The command line: open the window, or run a headless command.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use crate::export::png::{Background, PngOptions};
use crate::export::{Format, Scope};
use crate::model::{Chart, Finding, FindingKind, RoleId, validate};

#[derive(Parser, Debug)]
#[command(name = "orgchart", version, about = "A desktop org-chart editor")]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Chart file (.ron) to open; without one, the bundled example opens.
    pub file: Option<PathBuf>,
    /// Save a screenshot of the first frames to PATH, then quit (CI smoke test).
    #[arg(long, hide = true, value_name = "PATH")]
    pub smoke_screenshot: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Export a chart to PNG, SVG or DOT (by the output's extension or --format),
    /// without opening a window.
    Export {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Pixels per chart unit (2 for a sharp print).
        #[arg(long, default_value_t = 1.0, conflicts_with = "dpi")]
        scale: f32,
        /// Resolution instead of a scale: 96 dpi is 1×, 192 is 2×.
        #[arg(long)]
        dpi: Option<f32>,
        /// Space around the chart, in chart units (1× pixels).
        #[arg(long, default_value_t = 24.0)]
        margin: f32,
        #[arg(long, value_enum, default_value_t = BackgroundArg::Theme)]
        background: BackgroundArg,
        /// Only these roles (ids, comma-separated) and the lines between them.
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        only: Vec<u32>,
        /// Print the process's peak memory when done (for benchmarks; Linux).
        #[arg(long, hide = true)]
        report_peak_memory: bool,
        /// Overrides the output file's extension.
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Load and validate a chart. Exit code 0: no findings, 1: findings, 2: unreadable.
    Check {
        file: PathBuf,
        /// Print one JSON object: {"roles", "lines", "findings": [...]}.
        #[arg(long)]
        json: bool,
    },
    /// Import a job-description document (岗位说明书: plain text or Markdown) or a
    /// people/position table (.csv) into a chart file.
    /// Exit codes as for check: findings (contradictions included) give 1.
    Import {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Print the same JSON object as `check --json`, import findings included.
        #[arg(long)]
        json: bool,
        /// CSV: the column with each row's id (guessed from the headers when absent).
        #[arg(long, value_name = "COLUMN")]
        id: Option<String>,
        /// CSV: the column with the superior's id.
        #[arg(long, value_name = "COLUMN")]
        parent: Option<String>,
        /// CSV: the column with the role's title.
        #[arg(long, value_name = "COLUMN")]
        title: Option<String>,
        /// CSV: the column with the department.
        #[arg(long, value_name = "COLUMN")]
        department: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum BackgroundArg {
    Theme,
    White,
    Transparent,
}

/// Exit codes of the headless commands.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// Runs a headless command and returns its exit code; errors are printed to stderr.
pub fn run(command: Command) -> i32 {
    match run_inner(command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("orgchart: {e:#}");
            EXIT_ERROR
        }
    }
}

fn run_inner(command: Command) -> anyhow::Result<i32> {
    match command {
        Command::Export {
            file,
            output,
            scale,
            dpi,
            margin,
            background,
            only,
            report_peak_memory,
            format,
        } => {
            let Some(format) = format.or_else(|| Format::from_path(&output)) else {
                anyhow::bail!(
                    "{}: cannot tell the format from the extension; use .png, .svg or .dot, or --format",
                    output.display()
                );
            };
            let chart = crate::io::load(&file)?;
            let scene = crate::scene::build_plain(&chart);
            let scope = if only.is_empty() {
                Scope::Chart
            } else {
                let keep: std::collections::BTreeSet<RoleId> =
                    only.into_iter().map(RoleId).collect();
                if let Some(missing) = keep.iter().find(|id| !chart.contains(**id)) {
                    anyhow::bail!("{}: no role with id {}", file.display(), missing.0);
                }
                Scope::Roles(keep)
            };
            let (chart, scene) = crate::export::scoped_scene(chart, scene, &scope);
            let opts = PngOptions {
                scale: dpi.map_or(scale, |d| d / 96.0),
                margin,
                background: match background {
                    BackgroundArg::Theme => Background::Theme,
                    BackgroundArg::White => Background::White,
                    BackgroundArg::Transparent => Background::Transparent,
                },
            };
            let what = crate::export::write(&chart, &scene, &opts, &output, format)
                .with_context(|| format!("exporting {}", file.display()))?;
            eprintln!("wrote {} ({what})", output.display());
            if report_peak_memory {
                eprintln!("peak_rss_kb={}", peak_rss_kb().unwrap_or(0));
            }
            Ok(EXIT_OK)
        }
        Command::Check { file, json } => {
            let chart = crate::io::load(&file)?;
            let findings = validate(&chart);
            report(&chart, &findings, json, &file);
            Ok(if findings.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            })
        }
        Command::Import {
            file,
            output,
            json,
            id,
            parent,
            title,
            department,
        } => {
            let columns = crate::io::csv_import::CsvColumns {
                id,
                parent,
                title,
                department,
            };
            let imported = crate::io::import_path(&file, &columns)?;
            crate::io::save(&imported.chart, &output)
                .with_context(|| format!("writing {}", output.display()))?;
            let mut findings = validate(&imported.chart);
            // Nothing is lost silently: each line the importer could not place is a finding.
            findings.extend(imported.not_understood.iter().map(|(line, text)| Finding {
                kind: FindingKind::NotUnderstood,
                roles: Vec::new(),
                message: format!("{}:{line}: {text}", file.display()),
            }));
            report(&imported.chart, &findings, json, &output);
            Ok(if findings.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            })
        }
    }
}

/// The `check --json` object.
pub fn findings_json(chart: &Chart, findings: &[Finding]) -> serde_json::Value {
    let title = |id| {
        chart
            .role(id)
            .map_or_else(|| format!("{id}"), |r| r.title.clone())
    };
    serde_json::json!({
        "roles": chart.len(),
        "lines": chart.lines().len(),
        "findings": findings.iter().map(|f| serde_json::json!({
            "kind": f.kind.name(),
            "roles": f.roles.iter().map(|&id| title(id)).collect::<Vec<_>>(),
            "message": f.message,
        })).collect::<Vec<_>>(),
    })
}

fn report(chart: &Chart, findings: &[Finding], json: bool, file: &Path) {
    if json {
        println!("{}", findings_json(chart, findings));
        return;
    }
    println!(
        "{}: {} roles, {} reporting lines, {} findings",
        file.display(),
        chart.len(),
        chart.lines().len(),
        findings.len()
    );
    for f in findings {
        println!("  {}: {}", f.kind.name(), f.message);
    }
}

/// The process's peak resident memory (VmHWM), in KiB, where /proc tells it.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
