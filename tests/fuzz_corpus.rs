//! Replays the fuzz corpus (tests/fuzz/corpus) and every crash the fuzzers found
//! (tests/fuzz/regressions) through the same checks the fuzz targets run, so a finding
//! stays fixed without cargo-fuzz installed.

use std::path::Path;

#[path = "fuzz/checks.rs"]
mod checks;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut seen = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            eprintln!("{}", path.display());
            check(&data);
            seen += 1;
        }
    }
    assert!(seen > 0, "no corpus for {target}");
}

#[test]
fn ron_loader_corpus() {
    replay("ron_loader", checks::ron_loader);
}

#[test]
fn jd_import_corpus() {
    replay("jd_import", checks::jd_import);
}

#[test]
fn csv_import_corpus() {
    replay("csv_import", checks::csv_import);
}
