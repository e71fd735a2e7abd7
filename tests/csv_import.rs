//! The real org data sets (copied from ../shared/data) import completely and lay out.

use std::path::Path;
use std::process::Command;

use orgchart::io::csv_import::{CsvColumns, import_csv};
use orgchart::model::validate;

fn data(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

fn check(name: &str, roles: usize, title: &str) {
    let imp = import_csv(&data(name), &CsvColumns::default(), name).unwrap();
    let c = &imp.chart;
    assert_eq!(c.len(), roles);
    assert!(imp.not_understood.is_empty(), "{:?}", imp.not_understood);
    // One root, every other row under its parent: a tree.
    assert_eq!(c.lines().len(), roles - 1);
    assert!(validate(c).is_empty(), "{:?}", validate(c).first());
    assert!(c.find_by_title(title).is_some());

    // Laid out without overlaps, superiors above subordinates.
    let scene = orgchart::scene::build_plain(c);
    let mut rects: Vec<_> = scene.cards.iter().map(|k| (k.rect, k.role)).collect();
    rects.sort_by(|a, b| a.0.min.x.total_cmp(&b.0.min.x));
    for (i, (a, _)) in rects.iter().enumerate() {
        for (b, _) in rects[i + 1..].iter().take_while(|(b, _)| b.min.x < a.max.x) {
            assert!(!a.intersects(*b), "{a:?} {b:?}");
        }
    }
    for role in c.roles() {
        if let Some(p) = role.primary_superior() {
            assert!(scene.card(p).unwrap().rect.bottom() < scene.card(role.id).unwrap().rect.top());
        }
    }
}

#[test]
fn d3_org_chart_sample_imports_as_one_tree() {
    check("d3-org-chart-org.csv", 1516, "Chief Executive Officer");
}

#[test]
fn oracle_hr_sample_imports_as_one_tree() {
    check("oracle-hr-employees.csv", 107, "Chief Operating Officer");
}

#[test]
fn cli_imports_csv_with_named_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hr.ron");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/oracle-hr-employees.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_orgchart"))
        .args([
            "import",
            src.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--title",
            "name",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let chart = orgchart::io::load(&out).unwrap();
    assert!(chart.find_by_title("Steven").is_some());
    let o = Command::new(env!("CARGO_BIN_EXE_orgchart"))
        .args([
            "import",
            src.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--parent",
            "boss",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no column named \"boss\""));
}
