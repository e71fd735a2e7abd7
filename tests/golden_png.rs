//! Golden pictures: the example chart exported at 1× and 2× matches committed reference
//! PNGs (tests/golden/) within a small per-pixel tolerance. Regenerate them after an
//! intended change with `ORGCHART_BLESS=1 cargo test --test golden_png`, and look at them.

use std::path::{Path, PathBuf};

use orgchart::export::png::{Background, Pieces, PngOptions, write_png_in_pieces};
use orgchart::scene::Scene;

fn example_scene() -> Scene {
    orgchart::scene::build_plain(&orgchart::example::chart())
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Exports through the file path users get (strips, PNG encoder) and decodes it again.
fn export(scene: &Scene, opts: &PngOptions, pieces: Pieces) -> image::RgbaImage {
    let mut bytes = Vec::new();
    write_png_in_pieces(scene, opts, &mut bytes, pieces, &mut |_| true).unwrap();
    image::load_from_memory(&bytes).unwrap().to_rgba8()
}

fn compare(name: &str, got: &image::RgbaImage) {
    let path = golden(name);
    if std::env::var_os("ORGCHART_BLESS").is_some() {
        got.save(&path).unwrap();
        return;
    }
    let want = image::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (ORGCHART_BLESS=1 writes it)", path.display()))
        .to_rgba8();
    assert_eq!(got.dimensions(), want.dimensions(), "{name}: size");
    // Font rasterisation may differ by a step or two between builds; shapes must not move.
    let mut off = 0usize;
    let mut worst = 0u8;
    for (a, b) in got.pixels().zip(want.pixels()) {
        let d = (0..4).map(|c| a[c].abs_diff(b[c])).max().unwrap();
        worst = worst.max(d);
        if d > 24 {
            off += 1;
        }
    }
    let total = (got.width() * got.height()) as usize;
    assert!(
        off * 1000 <= total,
        "{name}: {off} of {total} pixels differ by more than 24 (worst {worst})"
    );
}

#[test]
fn example_at_1x_and_2x_matches_the_references() {
    let scene = example_scene();
    let one = export(&scene, &PngOptions::default(), Pieces::default());
    let two = export(
        &scene,
        &PngOptions {
            scale: 2.0,
            ..Default::default()
        },
        Pieces::default(),
    );
    assert_eq!(two.width(), 2 * one.width(), "2× is twice as wide");
    assert_eq!(two.height(), 2 * one.height(), "2× is twice as tall");
    compare("example-1x.png", &one);
    compare("example-2x.png", &two);
}

#[test]
fn transparent_background_is_transparent_and_cards_are_opaque() {
    let scene = example_scene();
    let opts = PngOptions {
        background: Background::Transparent,
        ..Default::default()
    };
    let img = export(&scene, &opts, Pieces::default());
    assert_eq!(img.get_pixel(0, 0)[3], 0);
    assert_eq!(img.get_pixel(img.width() - 1, img.height() - 1)[3], 0);
    let card = &scene.cards[0];
    let c = card.rect.center() - scene.bounds.min + emath::vec2(opts.margin, opts.margin);
    assert_eq!(img.get_pixel(c.x as u32, c.y as u32 + 1)[3], 255);
}

/// The largest difference between painting `scene` whole (one tile as wide as the
/// picture) and cut into strips of `rows` and tiles of `columns`.
fn worst_seam(scene: &Scene, scale: f32, rows: u32, columns: u32) -> u8 {
    let opts = PngOptions {
        scale,
        ..Default::default()
    };
    let whole = export(
        scene,
        &opts,
        Pieces {
            rows: Some(u32::MAX),
            columns: Some(u32::MAX),
        },
    );
    let strips = export(
        scene,
        &opts,
        Pieces {
            rows: Some(rows),
            columns: Some(columns),
        },
    );
    assert_eq!(whole.dimensions(), strips.dimensions());
    whole
        .pixels()
        .zip(strips.pixels())
        .map(|(a, b)| (0..4).map(|c| a[c].abs_diff(b[c])).max().unwrap())
        .max()
        .unwrap()
}

#[test]
fn strips_leave_no_seams() {
    // The same picture whether painted at once or in strips of 7 rows and tiles of 61
    // columns (primes, so boundaries cut through text, lines, dashes and rounded
    // corners at every offset).
    let scene = example_scene();
    for scale in [1.0, 1.5, 2.0] {
        let worst = worst_seam(&scene, scale, 7, 61);
        assert_eq!(
            worst, 0,
            "strips differ by up to {worst} levels at scale {scale}"
        );
    }
}

#[test]
fn strips_leave_no_seams_at_a_large_scale() {
    // Lines as wide as at 12×, a dashed one among them, cut by strips of 31 rows and
    // tiles of 37 columns.
    let mut chart = orgchart::model::Chart::new("t");
    for (id, sups) in [(1, vec![]), (2, vec![1]), (3, vec![1, 2])] {
        let mut r = orgchart::model::Role::new(orgchart::model::RoleId(id), "岗位");
        r.superiors = sups.into_iter().map(orgchart::model::RoleId).collect();
        chart.insert(r);
    }
    let scene = orgchart::scene::build_plain(&chart);
    assert!(scene.connectors.iter().any(|c| c.dash.is_some()));
    let worst = worst_seam(&scene, 12.0, 31, 37);
    assert_eq!(
        worst, 0,
        "strips differ by up to {worst} levels at scale 12"
    );
}

#[test]
fn cancelling_leaves_no_file_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.png");
    std::fs::write(&path, b"old").unwrap();
    let scene = example_scene();
    let mut calls = 0;
    let r = orgchart::export::png::write_with_progress(
        &scene,
        &PngOptions {
            scale: 4.0,
            ..Default::default()
        },
        &path,
        &mut |_| {
            calls += 1;
            calls < 2
        },
    );
    assert!(
        matches!(r, Err(orgchart::export::ExportError::Cancelled)),
        "{r:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}
