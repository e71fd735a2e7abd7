//! SVG and DOT exports: real parsers accept them, and the SVG draws what the PNG draws.

use std::path::Path;
use std::process::Command;

use orgchart::export::png::{PngOptions, render};
use orgchart::export::{dot::to_dot, svg::to_svg};
use orgchart::scene::{Scene, fonts::CJK_FONT};

fn example_scene() -> Scene {
    orgchart::scene::build_plain(&orgchart::example::chart())
}

fn usvg_options() -> resvg::usvg::Options<'static> {
    let mut opt = resvg::usvg::Options::default();
    opt.fontdb_mut().load_font_data(CJK_FONT.to_vec());
    opt
}

#[test]
fn svg_parses_keeps_titles_as_text_and_rasterises_like_the_png() {
    let scene = example_scene();
    let opts = PngOptions::default();
    let svg = to_svg(&scene, &opts);
    for card in &scene.cards {
        assert!(
            svg.contains(&format!(">{}</text>", card.text[0].text)),
            "{}",
            card.text[0].text
        );
    }
    assert_eq!(
        svg.matches("stroke-dasharray=\"6 4\"").count(),
        4,
        "secondary lines are dashed"
    );

    let tree = resvg::usvg::Tree::from_str(&svg, &usvg_options()).expect("valid SVG");
    let png = render(&scene, &opts).unwrap();
    let size = tree.size().to_int_size();
    assert_eq!((size.width(), size.height()), png.dimensions());
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );

    // Same picture: small mean difference (text is hinted differently), and every card's
    // text is drawn (dark pixels in the same places).
    let mut diff = 0u64;
    for (a, b) in pixmap.pixels().iter().zip(png.pixels()) {
        let a = a.demultiply();
        diff += u64::from(a.red().abs_diff(b[0]))
            + u64::from(a.green().abs_diff(b[1]))
            + u64::from(a.blue().abs_diff(b[2]));
    }
    let mean = diff as f64 / (3.0 * png.pixels().len() as f64);
    println!("mean difference SVG vs PNG: {mean:.3}/255");
    assert!(mean < 1.5, "mean difference {mean}");
}

#[test]
fn dot_is_accepted_by_graphviz_when_installed() {
    let dot = to_dot(&orgchart::example::chart());
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("skipped: Graphviz `dot` is not installed");
        return;
    };
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("文案策划"));
}

#[test]
fn cli_export_picks_the_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/taobao-ops.ron");
    let run = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "export",
            example.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        Command::new(env!("CARGO_BIN_EXE_orgchart"))
            .args(args)
            .output()
            .unwrap()
    };
    let svg = dir.path().join("c.svg");
    assert!(run(&svg, &[]).status.success());
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    let dot = dir.path().join("c.dot");
    assert!(run(&dot, &[]).status.success());
    assert!(
        std::fs::read_to_string(&dot)
            .unwrap()
            .starts_with("digraph")
    );
    let forced = dir.path().join("c.txt");
    assert!(run(&forced, &["--format", "svg"]).status.success());
    let bad = dir.path().join("c.jpeg");
    let o = run(&bad, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!bad.exists());
}

#[test]
fn svg_has_no_pixel_limit_but_png_says_where_it_stops() {
    // Two roles two million units apart: too wide a picture at 1×, a fine drawing.
    let mut chart = orgchart::model::Chart::new("wide");
    for (id, x) in [(1, 0.0), (2, 2_000_000.0)] {
        let mut r = orgchart::model::Role::new(orgchart::model::RoleId(id), "岗位");
        r.position = Some([x, 0.0]);
        r.pinned = true;
        chart.insert(r);
    }
    let scene = orgchart::scene::build_plain(&chart);
    let dir = tempfile::tempdir().unwrap();
    let opts = orgchart::export::png::PngOptions::default();
    let write = |name: &str| {
        let path = dir.path().join(name);
        let format = orgchart::export::Format::from_path(&path).unwrap();
        orgchart::export::write(&chart, &scene, &opts, &path, format)
    };
    let png = write("wide.png");
    assert!(
        matches!(png, Err(orgchart::export::ExportError::TooLarge { .. })),
        "{png:?}"
    );
    assert!(!dir.path().join("wide.png").exists());
    write("wide.svg").unwrap();
    let svg = std::fs::read_to_string(dir.path().join("wide.svg")).unwrap();
    assert!(svg.contains("岗位"));
}
