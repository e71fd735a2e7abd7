//! Benchmarks: `cargo run --release --example bench -- <what>`. Each measurement prints
//! one line, `bench <name> key=value ...`, with medians over several runs and, where
//! there is one, a peer measured on the same data in the same run, as a ratio.

use std::time::Instant;

use clap::{Parser, Subcommand};
use emath::{Rect, Vec2, vec2};
use orgchart::generate::synthetic;
use orgchart::layout::{self, LayoutParams, Plan};
use orgchart::model::{Chart, Orientation};

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Tidy-tree layout plus line routing, against the `tidy-tree` crate.
    Layout {
        /// Role counts to measure.
        #[arg(long, value_delimiter = ',', default_values_t = [1_000, 10_000, 100_000, 1_000_000])]
        roles: Vec<usize>,
    },
}

fn main() {
    match Args::parse().what {
        What::Layout { roles } => {
            for n in roles {
                bench_layout(n);
            }
        }
    }
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Median of `runs` timings of `f`, in milliseconds.
fn median_ms(runs: usize, mut f: impl FnMut() -> Option<Instant>) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            // `f` may return a later start, to leave its own set-up out of the timing.
            let start = f().unwrap_or(start);
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn runs_for(n: usize) -> usize {
    match n {
        0..=2_000 => 201,
        2_001..=20_000 => 41,
        20_001..=200_000 => 9,
        _ => 5,
    }
}

/// Card sizes like the app's: one line of title or two.
fn card_sizes(chart: &Chart) -> Vec<Vec2> {
    chart
        .roles()
        .map(|r| {
            vec2(
                176.0,
                if r.title.chars().count() > 10 {
                    72.0
                } else {
                    54.0
                },
            )
        })
        .collect()
}

fn bench_layout(n: usize) {
    let chart = synthetic(n, 1);
    let sizes = card_sizes(&chart);
    let params = LayoutParams::default();
    let runs = runs_for(n);

    // Ours: card positions plus the routing of the matrix lines around the cards
    // (the peer places nodes only). Trunk geometry for primary lines is timed apart.
    let rects_of = |placed: &layout::Layout| -> Vec<Rect> {
        placed
            .centers
            .iter()
            .zip(&sizes)
            .map(|(&c, &s)| Rect::from_center_size(c, s))
            .collect()
    };
    let ours_once = |plan: Plan| {
        let placed = layout::arrange(plan, Orientation::TopDown, &sizes, &params);
        let routes = placed.matrix_routes(&rects_of(&placed));
        std::hint::black_box((placed, routes));
    };
    let plan = Plan::new(&chart);
    let prep_ms = median_ms(runs, || {
        std::hint::black_box(Plan::new(&chart));
        None
    });
    // The peer, on the same tree and card sizes (ids are in parent-before-child order).
    let mut peer =
        tidy_tree::TidyTree::with_tidy_layout(params.level_gap as f64, params.sibling_gap as f64);
    for (role, size) in chart.roles().zip(&sizes) {
        let parent = role
            .primary_superior()
            .map_or(tidy_tree::NULL_ID, |p| p.0 as usize);
        peer.add_node(role.id.0 as usize, size.x as f64, size.y as f64, parent);
    }
    peer.layout();
    // Alternate the two, so that load on a shared machine hits both alike.
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let p = plan.clone();
        let start = Instant::now();
        ours_once(p);
        ours.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        peer.layout();
        theirs.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let (ours_ms, peer_ms) = (median(ours), median(theirs));
    let placed = layout::arrange(plan.clone(), Orientation::TopDown, &sizes, &params);
    let rects = rects_of(&placed);
    let lines_ms = median_ms(runs, || {
        std::hint::black_box(placed.routes(&rects));
        None
    });
    // After one edit the app lays out again from the chart: structure, geometry, lines.
    let relayout_ms = median_ms(runs, || {
        let placed = layout::arrange(Plan::new(&chart), Orientation::TopDown, &sizes, &params);
        std::hint::black_box(placed.routes(&rects_of(&placed)));
        None
    });

    println!(
        "bench layout roles={n} ours_ms={ours_ms:.2} peer_ms={peer_ms:.2} ratio={:.2} prep_ms={prep_ms:.2} all_lines_ms={lines_ms:.2} relayout_ms={relayout_ms:.2} matrix_lines={} runs={runs}",
        ours_ms / peer_ms,
        chart.roles().filter(|r| r.superiors.len() > 1).count(),
    );
}
