//! What must hold for any input to the three readers of untrusted bytes. Shared by the
//! fuzz targets (tests/fuzz/fuzz_targets) and by `cargo test` (tests/fuzz_corpus.rs),
//! which replays the committed corpus and every crash found.
//!
//! Beyond "no panic": a chart the loader accepts saves and loads back unchanged; an
//! error's position lies inside the input; whatever an importer returns can be laid
//! out with every visible card at a finite place.

#![allow(dead_code)] // each fuzz target uses one entry point

use std::path::Path;

use emath::vec2;
use orgchart::io::{self, LoadError, csv_import::CsvColumns};
use orgchart::layout::{self, LayoutParams};
use orgchart::model::Chart;

pub fn ron_loader(data: &[u8]) {
    let path = Path::new("fuzz.ron");
    if let Ok(text) = std::str::from_utf8(data) {
        assert!(
            io::halves_agree(text),
            "a file read in two halves reads differently"
        );
    }
    match io::from_ron_bytes(data, path) {
        Ok(chart) => {
            let text = io::to_ron_string(&chart).expect("an accepted chart saves");
            let again = io::from_ron_str(&text, path).expect("a saved chart loads");
            assert_eq!(chart, again, "load → save → load changed the chart");
            lays_out(&chart);
        }
        Err(e) => position_inside(&e, data),
    }
}

pub fn jd_import(data: &[u8]) {
    import(data, "fuzz.txt");
}

pub fn csv_import(data: &[u8]) {
    import(data, "fuzz.csv");
}

fn import(data: &[u8], name: &str) {
    let lines = data.split(|&b| b == b'\n').count();
    match io::import_bytes(data, Path::new(name), &CsvColumns::default()) {
        Ok(imported) => {
            for (line, _) in &imported.not_understood {
                assert!(*line <= lines + 1, "reported line {line} of {lines}");
            }
            lays_out(&imported.chart);
            // What was imported can be saved and opened again.
            let text = io::to_ron_string(&imported.chart).expect("an import saves");
            let again = io::from_ron_str(&text, Path::new("import.ron")).expect("and loads");
            assert_eq!(imported.chart, again);
        }
        Err(io::ImportError::NotText { line, .. }) => {
            assert!(line >= 1 && line <= lines, "line {line} of {lines}");
        }
        Err(_) => {}
    }
}

fn position_inside(e: &LoadError, data: &[u8]) {
    let message = e.to_string();
    assert!(!message.is_empty());
    if let Some((line, column)) = e.position() {
        let lines = data.split(|&b| b == b'\n').count();
        assert!(line >= 1 && column >= 1, "{message}");
        assert!(line <= lines + 1, "{message}: line {line} of {lines}");
    }
}

fn lays_out(chart: &Chart) {
    let sizes: Vec<_> = chart
        .roles()
        .map(|r| vec2(176.0, 40.0 + (r.title.chars().count() % 4) as f32 * 17.0))
        .collect();
    let l = layout::layout(chart, &sizes, &LayoutParams::default());
    for (i, c) in l.centers.iter().enumerate() {
        if l.visible[i] {
            assert!(c.x.is_finite() && c.y.is_finite(), "card {i} at {c:?}");
        }
    }
}
