//! Entry point: no subcommand opens the window; a subcommand runs headless.

use clap::Parser;
use orgchart::cli::{Cli, run};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(command) => run(command),
        None => orgchart::app::run(cli.file, cli.smoke_screenshot),
    };
    std::process::exit(code);
}
