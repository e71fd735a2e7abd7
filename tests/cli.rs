//! The real binary, run in a temporary folder: exit codes, files written, pixels.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use orgchart::export::png::PngOptions;

fn orgchart(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgchart"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/taobao-ops.ron")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn export_png_follows_chart_and_scale_with_dark_text_in_cards() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.png");
    let two = dir.path().join("two.png");
    assert!(
        orgchart(&["export", s(&example()), "-o", s(&one)])
            .status
            .success()
    );
    assert!(
        orgchart(&["export", s(&example()), "-o", s(&two), "--scale", "2"])
            .status
            .success()
    );
    let a = image::open(&one).unwrap().to_rgba8();
    let b = image::open(&two).unwrap().to_rgba8();

    let chart = orgchart::example::chart();
    let scene = orgchart::scene::build_plain(&chart);
    let opts = PngOptions::default();
    let (w, h) = orgchart::export::png::image_size(&scene, &opts).unwrap();
    assert_eq!(a.dimensions(), (w, h));
    assert_eq!(b.dimensions(), (2 * a.width(), 2 * a.height()));

    // Every card has dark (text) pixels inside it.
    for card in &scene.cards {
        let min = card.rect.min - scene.bounds.min + egui::Vec2::splat(opts.margin);
        let max = card.rect.max - scene.bounds.min + egui::Vec2::splat(opts.margin);
        let mut dark = 0;
        for y in min.y as u32..max.y as u32 {
            for x in min.x as u32..max.x as u32 {
                let p = a.get_pixel(x, y);
                if u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) < 330 {
                    dark += 1;
                }
            }
        }
        assert!(
            dark > 40,
            "card {:?} has {dark} dark pixels",
            card.text.first()
        );
    }
}

#[test]
fn dpi_margin_and_a_selection_of_roles() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example();
    let size = |args: &[&str]| {
        let out = dir.path().join("x.png");
        let mut all = vec!["export", s(&ex), "-o", s(&out)];
        all.extend_from_slice(args);
        let o = orgchart(&all);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        image::image_dimensions(&out).unwrap()
    };
    let (w, h) = size(&[]);
    assert_eq!(size(&["--dpi", "192"]), (2 * w, 2 * h));
    assert_eq!(size(&["--margin", "0"]), (w - 48, h - 48));
    // 运营总监 (1) and 运营经理 (2): two cards, one above the other.
    let (sw, sh) = size(&["--only", "1,2"]);
    assert!(sw < w / 2 && sh < h / 2, "{sw}×{sh} of {w}×{h}");
    let svg = dir.path().join("x.svg");
    let o = orgchart(&["export", s(&example()), "-o", s(&svg), "--only", "1,2"]);
    assert!(o.status.success());
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("运营总监") && text.contains("运营经理") && !text.contains("淘宝客服"));
    let o = orgchart(&["export", s(&example()), "-o", s(&svg), "--only", "999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no role with id 999"));
}

#[test]
fn transparent_background_is_transparent() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.png");
    let o = orgchart(&[
        "export",
        s(&example()),
        "-o",
        s(&out),
        "--background",
        "transparent",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let img = image::open(&out).unwrap().to_rgba8();
    assert_eq!(img.get_pixel(0, 0)[3], 0);
}

#[test]
fn check_json_reports_counts_and_exit_codes() {
    // The example's documents contradict each other: 10 one-sided statements and the
    // undescribed 总经理.
    let o = orgchart(&["check", s(&example()), "--json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["roles"], 12);
    assert_eq!(v["lines"], 15);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 11);
    assert_eq!(findings[0]["kind"], "one_sided_subordinate");
    assert_eq!(
        findings[0]["roles"],
        serde_json::json!(["营销经理", "运营主管"])
    );

    // A chart without problems: exit 0.
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.ron");
    let mut chart = orgchart::model::Chart::new("t");
    let mut r = orgchart::model::Role::new(orgchart::model::RoleId(1), "店长");
    r.duties = vec![orgchart::model::Duty::new("管理店铺")];
    chart.insert(r);
    orgchart::io::save(&chart, &clean).unwrap();
    let o = orgchart(&["check", s(&clean), "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );

    // A loop of reporting lines: exit 1, a "cycle" finding naming the roles.
    let looped = dir.path().join("loop.ron");
    let text = std::fs::read_to_string(example()).unwrap();
    let text = text.replacen(
        "superiors: [\n        12,\n      ]",
        "superiors: [\n        7,\n      ]",
        1,
    );
    std::fs::write(&looped, text).unwrap();
    let o = orgchart(&["check", s(&looped), "--json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cycle = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "cycle")
        .unwrap_or_else(|| panic!("no cycle in {v}"));
    let roles = cycle["roles"].as_array().unwrap();
    assert!(roles.iter().any(|r| r == "运营总监"), "{v}");
}

#[test]
fn unreadable_files_exit_2_with_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(\n  format: \"orgchart\",\n  version: 1,\n  roles: [(id: 1 title: \"x\")],\n)\n",
    )
    .unwrap();
    let o = orgchart(&["check", s(&bad)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.ron:4:"), "{err}");

    let out = dir.path().join("never.png");
    let o = orgchart(&["export", s(&bad), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists(), "no file is written for a bad chart");

    let o = orgchart(&["check", s(&dir.path().join("missing.ron"))]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn import_writes_a_chart_that_checks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seed.ron");
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seed/taobao-ops-job-descriptions.txt");
    let o = orgchart(&["import", s(&seed), "-o", s(&out), "--json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let imported: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(imported["roles"], 12);
    assert_eq!(imported["lines"], 15);
    let o = orgchart(&["check", s(&out), "--json"]);
    let checked: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(imported, checked, "the saved chart keeps every finding");

    // Lines that fit nowhere are findings, with their line numbers.
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, "随便写点什么\n岗位名称：店长\n主要职责：\n1. 管理\n").unwrap();
    let o = orgchart(&["import", s(&doc), "-o", s(&out), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["kind"], "not_understood", "{v}");
    assert!(f["message"].as_str().unwrap().contains("doc.txt:1:"), "{v}");
}
