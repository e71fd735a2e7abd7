//! The bundled example is the seed's department, and its file format is stable.

use std::path::Path;

use orgchart::io::{from_ron_str, jd_import::import_text, to_ron_string};
use orgchart::model::{Chart, LineKind};

fn without_positions(c: &Chart) -> Chart {
    let mut out = Chart::new(c.name.clone());
    for r in c.roles() {
        let mut r = r.clone();
        r.position = None;
        out.insert(r);
    }
    out
}

#[test]
fn example_equals_the_seed_import_apart_from_positions() {
    let seed = include_str!("../examples/seed/taobao-ops-job-descriptions.txt");
    let imported = import_text(seed, "seed").chart;
    assert_eq!(
        without_positions(&orgchart::example::chart()),
        without_positions(&imported)
    );
}

#[test]
fn example_has_the_seeds_roles_and_lines() {
    let c = orgchart::example::chart();
    assert_eq!(c.len(), 12);
    let lines = c.lines();
    assert_eq!(lines.len(), 15);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.kind == LineKind::Secondary)
            .count(),
        4
    );
    let boss = c.find_by_title("总经理").unwrap();
    assert!(boss.placeholder);
    let titles = |name: &str| -> Vec<String> {
        c.find_by_title(name)
            .unwrap()
            .superiors
            .iter()
            .map(|&s| c.role(s).unwrap().title.clone())
            .collect()
    };
    assert_eq!(titles("文案策划"), ["运营经理", "运营主管", "淘宝店长"]);
    assert_eq!(titles("运维专员"), ["运营主管", "淘宝店长"]);
    assert_eq!(titles("淘宝美工"), ["运营主管", "淘宝店长"]);
    assert_eq!(titles("推广专员"), ["营销经理"]);
}

#[test]
fn example_file_round_trips_byte_for_byte() {
    let text = orgchart::example::EXAMPLE_RON;
    let chart = from_ron_str(text, Path::new("example.ron")).unwrap();
    assert_eq!(to_ron_string(&chart).unwrap(), text);
}
