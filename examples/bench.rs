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
    /// PNG and SVG export of generated charts, end to end in a fresh process (load,
    /// lay out, draw, write), with its peak memory; Graphviz `dot` on our DOT export of
    /// the same chart as the peer, when it is installed.
    Export {
        #[arg(long, value_delimiter = ',', default_values_t = [1_000, 10_000])]
        roles: Vec<usize>,
        #[arg(long, value_delimiter = ',', default_values_t = [1.0, 2.0])]
        scales: Vec<f32>,
        /// Runs per measurement of ours.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Runs of dot per measurement, their median the peer's time (dot takes 12-20 s
        /// at 10k roles here, and varies as much between runs as ours does).
        #[arg(long, default_value_t = 3)]
        dot_runs: usize,
    },
    /// CPU time of one frame of the real App (headless egui, no GPU): App::ui plus
    /// tessellation, with the chart fitted and at 100 %.
    Frame {
        #[arg(long, value_delimiter = ',', default_values_t = [1_000, 10_000, 100_000])]
        roles: Vec<usize>,
        #[arg(long, default_value_t = 31)]
        runs: usize,
    },
    /// Open and save of chart files, against serde_json on the same structs.
    Io {
        #[arg(long, value_delimiter = ',', default_values_t = [10_000, 100_000])]
        roles: Vec<usize>,
        #[arg(long, default_value_t = 11)]
        runs: usize,
    },
    /// One export in this process, then its peak memory (used by `export`).
    #[command(hide = true)]
    ExportOnce {
        chart: std::path::PathBuf,
        output: std::path::PathBuf,
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
    },
}

fn main() {
    match Args::parse().what {
        What::Layout { roles } => {
            for n in roles {
                bench_layout(n);
            }
        }
        What::Export {
            roles,
            scales,
            runs,
            dot_runs,
        } => {
            for n in roles {
                bench_export(n, &scales, runs, dot_runs);
            }
        }
        What::Frame { roles, runs } => {
            for n in roles {
                bench_frame(n, runs);
            }
        }
        What::Io { roles, runs } => {
            for n in roles {
                bench_io(n, runs);
            }
        }
        What::ExportOnce {
            chart,
            output,
            scale,
        } => export_once(&chart, &output, scale),
    }
}

fn median(mut times: Vec<f64>) -> f64 {
    if times.is_empty() {
        return f64::NAN;
    }
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
    // (Roles added by the edits below have cards of the size they are given there.)
    // (Cards drawn where the layout puts them: none displaced, so the routes are
    // given an empty list of those.)
    let rects_of = |placed: &layout::Layout| -> Vec<Rect> {
        let size = |i: usize| sizes.get(i).copied().unwrap_or(vec2(176.0, 54.0));
        let centers = placed.centers.iter().enumerate();
        centers
            .map(|(i, &c)| Rect::from_center_size(c, size(i)))
            .collect()
    };
    // Returns its results, so that freeing them is not timed (the peer lays out into
    // nodes it keeps, freeing nothing).
    let ours_once = |plan: Plan| {
        let placed = layout::arrange(plan, Orientation::TopDown, &sizes, &params);
        let routes = placed.matrix_routes(&rects_of(&placed), &[]);
        std::hint::black_box((placed, routes))
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
        let result = ours_once(p);
        ours.push(start.elapsed().as_secs_f64() * 1e3);
        drop(result);
        let start = Instant::now();
        peer.layout();
        theirs.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let (ours_ms, peer_ms) = (median(ours), median(theirs));
    let placed = layout::arrange(plan.clone(), Orientation::TopDown, &sizes, &params);
    let rects = rects_of(&placed);
    let lines_ms = median_ms(runs, || {
        std::hint::black_box(placed.routes(&rects, &[]));
        None
    });
    // After one edit the app lays out again from the chart: structure, geometry, lines.
    let relayout_ms = median_ms(runs, || {
        let placed = layout::arrange(Plan::new(&chart), Orientation::TopDown, &sizes, &params);
        std::hint::black_box(placed.routes(&rects_of(&placed), &[]));
        None
    });

    // One edit kept up to date: a card grows wider (as a longer title does left to
    // right), then back; or a line taller than any in its row (every row below moves
    // down), then back. Roles are picked across the chart; each edit is timed alone,
    // and so are the matrix lines routed again after it.
    let fresh_live = |chart: &orgchart::model::Chart, sizes: &[Vec2]| {
        layout::Live::new(
            Plan::new(chart),
            Orientation::TopDown,
            sizes.to_vec(),
            &params,
        )
    };
    let mut live = fresh_live(&chart, &sizes);
    let edits = runs.max(21) * 4;
    let mut resizes = |grow: Vec2| {
        time_edits(&mut live, edits, &rects_of, |k, live| {
            let i = (k / 2 * 7919 + 13) % n;
            let size = sizes[i] + if k % 2 == 0 { grow } else { Vec2::ZERO };
            let start = Instant::now();
            let moved = live.resize(i, size);
            Some((
                start.elapsed(),
                moved.ok_or_else(|| fresh_live(&chart, &sizes)),
            ))
        })
    };
    let wider = resizes(vec2(30.0, 0.0)).replace(' ', " wider_");
    let deeper = resizes(vec2(0.0, 36.0)).replace(' ', " deeper_");
    // A role moved under another (as a card dropped on its new superior): roles and
    // superiors picked across the chart, moves that would close a loop left out.
    let mut moving = chart.clone();
    let ids: Vec<_> = chart.roles().map(|r| r.id).collect();
    let moves = time_edits(&mut live, edits, &rects_of, |k, live| {
        let (a, b) = ((k * 7919 + 13) % n, (k * 104_729 + 7) % n);
        let edit = orgchart::edit::reparent(&moving, ids[a], ids[b], false).ok()?;
        edit.apply(&mut moving).ok()?;
        let start = Instant::now();
        let moved = live.superiors_changed(&moving, a);
        Some((
            start.elapsed(),
            moved.ok_or_else(|| fresh_live(&moving, &sizes)),
        ))
    })
    .replace(' ', " move_");
    // A role added under another (the chart as the moves left it).
    let (mut adding, mut added_sizes) = (moving.clone(), sizes.clone());
    let adds = time_edits(&mut live, edits, &rects_of, |k, live| {
        let onto = ids[(k * 104_729 + 7) % n];
        let (edit, _) = orgchart::edit::add_subordinate(&adding, Some(onto), "新增岗位");
        edit.apply(&mut adding).ok()?;
        let size = vec2(176.0, 54.0); // as `rects_of` draws it
        added_sizes.push(size);
        let start = Instant::now();
        let moved = live.role_added(&adding, size);
        let took = start.elapsed();
        Some((took, moved.ok_or_else(|| fresh_live(&adding, &added_sizes))))
    })
    .replace(' ', " add_");
    // The roles added taken away again, last first (as undo does).
    let removes = time_edits(&mut live, edits, &rects_of, |_, live| {
        let last = adding.last()?.id;
        if last <= ids[n - 1] {
            return None;
        }
        orgchart::edit::Edit::Remove(last).apply(&mut adding).ok()?;
        added_sizes.pop();
        let start = Instant::now();
        let moved = live.role_removed(&adding);
        let took = start.elapsed();
        Some((took, moved.ok_or_else(|| fresh_live(&adding, &added_sizes))))
    })
    .replace(' ', " remove_");
    // A role with subordinates folded, then unfolded (its subtree comes back).
    let (mut fold_ms, mut unfold_ms) = (Vec::new(), Vec::new());
    let mut folding = adding.clone();
    let mut live = fresh_live(&folding, &added_sizes);
    for k in 0..runs {
        let i = (k * 7919 + n / 3) % n;
        let Some(p) = folding.roles().nth(i).and_then(|r| r.primary_superior()) else {
            continue;
        };
        let Some(mut role) = folding.role(p).cloned() else {
            continue;
        };
        let index = live.layout().index.get(p).expect("the role is laid out");
        for collapsed in [true, false] {
            role.collapsed = collapsed;
            folding.insert(role.clone());
            let start = Instant::now();
            let moved = if collapsed {
                live.folded(&folding, index)
            } else {
                live.unfolded(&folding, index, |v, _| added_sizes[v])
            };
            let took = start.elapsed().as_secs_f64() * 1e3;
            assert!(moved.is_some(), "a fold the layout follows");
            if collapsed {
                &mut fold_ms
            } else {
                &mut unfold_ms
            }
            .push(took);
        }
    }
    let folds = format!(
        "fold_ms={:.3} unfold_ms={:.3} folds={}",
        median(fold_ms.clone()),
        median(unfold_ms),
        fold_ms.len()
    );

    println!(
        "bench layout roles={n} ours_ms={ours_ms:.2} peer_ms={peer_ms:.2} ratio={:.2} prep_ms={prep_ms:.2} all_lines_ms={lines_ms:.2} relayout_ms={relayout_ms:.2} wider_{wider} deeper_{deeper} move_{moves} add_{adds} remove_{removes} {folds} matrix_lines={} runs={runs}",
        ours_ms / peer_ms,
        chart.roles().filter(|r| r.superiors.len() > 1).count(),
    );
}

/// Times `edits` edits of a kept layout, each alone, and the matrix lines routed
/// again after each. `edit(k, live)` makes edit `k` (None: none to make) and returns
/// its time and the roles it moved, or a layout made afresh when it could not keep it.
fn time_edits(
    live: &mut layout::Live,
    edits: usize,
    rects_of: &dyn Fn(&layout::Layout) -> Vec<Rect>,
    mut edit: impl FnMut(
        usize,
        &mut layout::Live,
    ) -> Option<(std::time::Duration, Result<layout::Moved, layout::Live>)>,
) -> String {
    let (mut edit_ms, mut matrix_ms, mut moved, mut fresh) = (vec![], vec![], vec![], 0);
    for k in 0..edits {
        let Some((took, result)) = edit(k, live) else {
            continue;
        };
        edit_ms.push(took.as_secs_f64() * 1e3);
        match result {
            Ok(m) => moved.push(m.roles().map_or(live.layout().len(), |r| r.len()) as f64),
            Err(afresh) => {
                fresh += 1;
                *live = afresh;
            }
        }
        // The app keeps its rectangles up to date card by card: not timed here.
        let rects = rects_of(live.layout());
        let start = Instant::now();
        std::hint::black_box(live.layout().matrix_routes(&rects, &[]));
        matrix_ms.push(start.elapsed().as_secs_f64() * 1e3);
    }
    format!(
        "ms={:.3} moved={:.0} fresh={fresh} edits={} matrix_ms={:.2}",
        median(edit_ms.clone()),
        median(moved),
        edit_ms.len(),
        median(matrix_ms)
    )
}

fn export_once(chart: &std::path::Path, output: &std::path::Path, scale: f32) {
    let chart = orgchart::io::load(chart).expect("chart loads");
    let scene = orgchart::scene::build_plain(&chart);
    let opts = orgchart::export::png::PngOptions {
        scale,
        ..Default::default()
    };
    let format = orgchart::export::Format::from_path(output).expect("png, svg or dot");
    let what = match orgchart::export::write(&chart, &scene, &opts, output, format) {
        Ok(what) => what,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb: u64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0);
    println!("peak_kb={peak_kb} {what}");
}

/// Runs `cmd` `runs` times: median milliseconds and the last run's standard output.
fn time_command(
    mut cmd: impl FnMut() -> std::process::Command,
    runs: usize,
) -> Option<(f64, String)> {
    let mut times = Vec::new();
    let mut out = String::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let o = cmd().output().ok()?;
        if !o.status.success() {
            let err = String::from_utf8_lossy(&o.stderr);
            eprintln!(
                "{}",
                err.lines()
                    .find(|l| l.contains("error") || l.contains("panicked"))
                    .unwrap_or(&err)
            );
            return None;
        }
        times.push(start.elapsed().as_secs_f64() * 1e3);
        out = String::from_utf8_lossy(&o.stdout).into_owned();
    }
    Some((median(times), out))
}

fn bench_export(n: usize, scales: &[f32], runs: usize, dot_runs: usize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let chart = synthetic(n, 1);
    // The generator's charts as they come (top-down, every subordinate in a row: very
    // wide), and the same chart compact and left to right, as a user would show it.
    let mut compact = chart.clone();
    compact.arrangement = orgchart::model::Arrangement {
        orientation: orgchart::model::Orientation::LeftRight,
        compact: true,
        ..Default::default()
    };
    let me = std::env::current_exe().expect("own path");
    let ours = |chart_path: &std::path::Path, output: &std::path::Path, scale: f32| {
        time_command(
            || {
                let mut c = std::process::Command::new(&me);
                c.arg("export-once")
                    .arg(chart_path)
                    .arg(output)
                    .arg("--scale")
                    .arg(scale.to_string());
                c
            },
            runs,
        )
    };
    let peak_mb = |out: &str| {
        out.split_whitespace()
            .find_map(|w| w.strip_prefix("peak_kb="))
            .and_then(|k| k.parse::<f64>().ok())
            .map_or(0.0, |k| k / 1024.0)
    };

    // The peer: Graphviz on our DOT export of the same chart (layout plus drawing).
    let dot_path = dir.path().join("chart.dot");
    orgchart::export::write(
        &chart,
        &Default::default(),
        &Default::default(),
        &dot_path,
        orgchart::export::Format::Dot,
    )
    .expect("dot export");
    let have_dot = std::process::Command::new("dot").arg("-V").output().is_ok();
    let dot = |format: &str| {
        if !have_dot {
            return None;
        }
        let out = dir.path().join(format!("dot.{format}"));
        time_command(
            || {
                let mut c = std::process::Command::new("dot");
                c.arg(format!("-T{format}"))
                    .arg(&dot_path)
                    .arg("-o")
                    .arg(&out);
                c
            },
            dot_runs,
        )
        .map(|(ms, _)| ms)
    };
    let dot_png = dot("png");
    let dot_svg = dot("svg");
    // Graphviz shrinks bitmaps beyond its limits: say how large its picture was.
    let dot_pixels = image::image_dimensions(dir.path().join("dot.png"))
        .map_or_else(|_| "none".to_owned(), |(w, h)| format!("{w}×{h}"));
    let peer = |ms: f64, peer: Option<f64>| match peer {
        Some(p) => format!("dot_ms={p:.0} ratio={:.4} speedup={:.1}", ms / p, p / ms),
        None => "dot_ms=none".to_owned(),
    };

    for (name, chart) in [("tree", &chart), ("compact-lr", &compact)] {
        let chart_path = dir.path().join(format!("{name}.ron"));
        orgchart::io::save(chart, &chart_path).expect("save");
        for &scale in scales {
            let out = dir.path().join("out.png");
            match ours(&chart_path, &out, scale) {
                Some((ms, text)) => {
                    let size = text.split_whitespace().nth(1).unwrap_or("?");
                    println!(
                        "bench export roles={n} arrangement={name} format=png scale={scale} ms={ms:.0} peak_mb={:.0} pixels={size} {} runs={runs}",
                        peak_mb(&text),
                        if scale == 1.0 {
                            format!("{} dot_pixels={dot_pixels}", peer(ms, dot_png))
                        } else {
                            String::new()
                        },
                    );
                }
                None => println!(
                    "bench export roles={n} arrangement={name} format=png scale={scale} ms=none refused=too_large"
                ),
            }
        }
        let out = dir.path().join("out.svg");
        if let Some((ms, text)) = ours(&chart_path, &out, 1.0) {
            println!(
                "bench export roles={n} arrangement={name} format=svg ms={ms:.0} peak_mb={:.0} {} runs={runs}",
                peak_mb(&text),
                peer(ms, dot_svg),
            );
        }
    }
}

fn bench_frame(n: usize, runs: usize) {
    use orgchart::app::{Document, OrgApp};
    let ctx = egui::Context::default();
    let mut app = OrgApp::new(&ctx, Document::new(synthetic(n, 1), None));
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0));
    let frame = |app: &mut OrgApp, events: Vec<egui::Event>| {
        let input = egui::RawInput {
            screen_rect: Some(screen),
            events,
            ..Default::default()
        };
        let start = Instant::now();
        let out = ctx.run_ui(input, |ui| app.frame_ui(ui));
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        let ms = start.elapsed().as_secs_f64() * 1e3;
        let vertices: usize = prims
            .iter()
            .map(|p| match &p.primitive {
                epaint::Primitive::Mesh(m) => m.vertices.len(),
                _ => 0,
            })
            .sum();
        (ms, vertices)
    };
    // The first frames build the scene (layout, text) and fit the chart.
    let (first, _) = frame(&mut app, Vec::new());
    for _ in 0..3 {
        frame(&mut app, Vec::new());
    }
    let (_, vertices) = frame(&mut app, Vec::new());
    let fit = median((0..runs).map(|_| frame(&mut app, Vec::new()).0).collect());
    println!(
        "bench frame roles={n} view=fit ms={fit:.2} vertices={vertices} first_frame_ms={first:.0} runs={runs}"
    );
    // 100 % around the top role, where the chart is densest.
    let top = app.document().chart().roles().next().map(|r| r.id);
    app.show_role(top);
    app.zoom_to(1.0);
    for _ in 0..3 {
        frame(&mut app, Vec::new());
    }
    let (_, vertices) = frame(&mut app, Vec::new());
    let near = median((0..runs).map(|_| frame(&mut app, Vec::new()).0).collect());
    println!("bench frame roles={n} view=100% ms={near:.2} vertices={vertices} runs={runs}");

    // An edit, and the frame that shows it: a title typed into (a card may grow a line:
    // the layout follows it), a subtree folded and unfolded by undo (the layout follows
    // both); what typing does
    // most, one letter more in a title (the card keeps its size, mostly: it is patched)
    // and in a duty (not on the canvas); and a card dropped elsewhere (it and the lines
    // are redrawn, the layout kept).
    let ids: Vec<_> = app.document().chart().roles().map(|r| r.id).collect();
    let mut times: [Vec<f64>; 6] = Default::default();
    // Changes of structure the layout follows edit by edit: a card dropped on a new
    // superior, that undone, a role added (Tab on a selected card), that undone.
    let mut structure: [Vec<f64>; 4] = Default::default();
    let edit_runs = runs.min(9);
    for k in 0..edit_runs {
        let id = ids[(k * 7919 + n / 3) % ids.len()];
        let mut role = app.document().chart().role(id).expect("role").clone();
        role.title.push('甲');
        app.apply_edit(orgchart::edit::Edit::Replace(role.clone()));
        times[3].push(frame(&mut app, Vec::new()).0);
        match role.duties.first_mut() {
            Some(duty) => duty.text.push('乙'),
            None => role.duties.push(orgchart::model::Duty::new("乙")),
        }
        app.apply_edit(orgchart::edit::Edit::Replace(role.clone()));
        times[4].push(frame(&mut app, Vec::new()).0);
        // A card dropped somewhere else (pinned there): it and its lines are redrawn.
        let card = app.scene().card(id).map(|c| c.rect.center());
        if let Some(c) = card {
            app.apply_edit(orgchart::edit::pin(id, [c.x + 30.0, c.y + 20.0]));
            times[5].push(frame(&mut app, Vec::new()).0);
        }
        let mut role = app.document().chart().role(id).expect("role").clone();
        role.title.push_str("（兼）");
        app.apply_edit(orgchart::edit::Edit::Replace(role));
        times[0].push(frame(&mut app, Vec::new()).0);
        // A role with subordinates, so that folding it changes the tree.
        let parent = app
            .document()
            .chart()
            .role(id)
            .and_then(|r| r.primary_superior())
            .unwrap_or(id);
        app.command(orgchart::app::Command::ToggleCollapse(parent));
        times[1].push(frame(&mut app, Vec::new()).0);
        app.command(orgchart::app::Command::Undo);
        times[2].push(frame(&mut app, Vec::new()).0);

        // Dropped on a role far away in the chart (a new primary superior).
        let onto = ids[(k * 104_729 + n / 2) % ids.len()];
        let chart = app.document().chart();
        if let Ok(edit) = orgchart::edit::reparent(chart, id, onto, false) {
            app.apply_edit(edit);
            structure[0].push(frame(&mut app, Vec::new()).0);
            app.command(orgchart::app::Command::Undo);
            structure[1].push(frame(&mut app, Vec::new()).0);
        }
        app.select(Some(onto));
        app.command(orgchart::app::Command::AddSubordinate);
        structure[2].push(frame(&mut app, Vec::new()).0);
        app.command(orgchart::app::Command::Undo);
        structure[3].push(frame(&mut app, Vec::new()).0);
    }
    // (A card folded away cannot be dropped: none may have been.)
    let [title, fold, undo, letter, duty, moved] =
        times.map(|t| if t.is_empty() { f64::NAN } else { median(t) });
    println!(
        "bench frame roles={n} after=edit title_ms={title:.1} fold_ms={fold:.1} undo_ms={undo:.1} letter_ms={letter:.2} duty_ms={duty:.2} move_ms={moved:.1} runs={edit_runs}"
    );
    let [reparent, undo_reparent, add, undo_add] =
        structure.map(|t| if t.is_empty() { f64::NAN } else { median(t) });
    println!(
        "bench frame roles={n} after=structure reparent_ms={reparent:.1} undo_ms={undo_reparent:.1} add_ms={add:.1} undo_add_ms={undo_add:.1} builds={} runs={edit_runs}",
        app.scene_builds()
    );
}

fn bench_io(n: usize, runs: usize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("chart.ron");
    let chart = synthetic(n, 1);
    orgchart::io::save(&chart, &path).expect("save");
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    // Ours: the whole open (read, parse, check ids) and the whole save (serialise,
    // write a temporary file, fsync, rename).
    let open_ms = median_ms(runs, || {
        std::hint::black_box(orgchart::io::load(&path).expect("load"));
        None
    });
    let save_ms = median_ms(runs, || {
        orgchart::io::save(&chart, &path).expect("save");
        None
    });
    // The peer: serde_json on the same role structs, in memory (parse and print only).
    // Ours and the peer's parse take turns run by run, so that a busy spell of this
    // shared machine slows both rather than one.
    let roles: Vec<orgchart::model::Role> = chart.roles().cloned().collect();
    let json = serde_json::to_string(&roles).expect("json");
    let json_save_ms = median_ms(runs, || {
        std::hint::black_box(serde_json::to_string(&roles).expect("json"));
        None
    });
    let text = std::fs::read_to_string(&path).expect("read");
    let (mut parse, mut json_parse) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(orgchart::io::from_ron_str(&text, &path).expect("parse"));
        parse.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        let back: Vec<orgchart::model::Role> = serde_json::from_str(&json).expect("json back");
        std::hint::black_box(back);
        json_parse.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let ratio = median(parse.iter().zip(&json_parse).map(|(a, b)| a / b).collect());
    let (parse_ms, json_open_ms) = (median(parse), median(json_parse));
    // Undo history on this chart after a session of 1,000 edits: mostly typing, some
    // card moves, added roles (each freezes the layout first) and layouts.
    let mut edited = chart.clone();
    let mut history = orgchart::edit::History::default();
    let ids: Vec<orgchart::model::RoleId> = chart.roles().map(|r| r.id).collect();
    for k in 0..1000usize {
        let id = ids[(k * 7919) % ids.len()];
        let e = match k % 20 {
            0 => {
                let centers: std::collections::HashMap<_, _> =
                    ids.iter().map(|&i| (i, [i.0 as f32, 0.0])).collect();
                let frozen = orgchart::edit::freeze(&edited, |r| centers.get(&r).copied());
                let (insert, _) = orgchart::edit::add_subordinate(&edited, Some(id), "新岗位");
                orgchart::edit::Edit::Batch(frozen.into_iter().chain([insert]).collect())
            }
            1 => match orgchart::edit::relayout(&edited, true) {
                Some(e) => e,
                None => continue,
            },
            2..=4 => orgchart::edit::pin(id, [k as f32, 1.0]),
            _ => {
                let mut r = edited.role(id).expect("role").clone();
                r.title.push('改');
                orgchart::edit::Edit::Replace(r)
            }
        };
        history.seal();
        history.apply(&mut edited, e, None).expect("edit applies");
    }
    let chart_mb: f64 = chart
        .roles()
        .map(|r| orgchart::edit::Edit::Insert(r.clone()).approx_bytes())
        .sum::<usize>() as f64
        / 1048576.0;
    println!(
        "bench undo roles={n} edits=1000 steps={} history_mb={:.1} chart_mb={chart_mb:.1} limit_mb={}",
        history.undo_steps(),
        history.approx_bytes() as f64 / 1048576.0,
        orgchart::edit::MAX_HISTORY_BYTES >> 20
    );
    println!(
        "bench io roles={n} open_ms={open_ms:.0} save_ms={save_ms:.0} parse_ms={parse_ms:.0} serde_json_open_ms={json_open_ms:.0} serde_json_save_ms={json_save_ms:.0} ratio={ratio:.2} bytes={bytes} runs={runs}",
    );
}
