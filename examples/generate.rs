//! Writes a synthetic org chart: `cargo run --release --example generate -- --roles N
//! --seed S -o chart.ron`. Deterministic from the seed; see `orgchart::generate`.

use std::path::PathBuf;

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Number of roles.
    #[arg(long, default_value_t = 1000)]
    roles: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the chart (RON).
    #[arg(short, long)]
    output: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let chart = orgchart::generate::synthetic(args.roles, args.seed);
    orgchart::io::save(&chart, &args.output)?;
    println!("wrote {} ({} roles)", args.output.display(), chart.len());
    Ok(())
}
