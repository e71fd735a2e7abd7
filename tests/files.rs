//! Chart files: every bad kind gives its promised error; saving never loses the old file.

use std::path::Path;

use orgchart::io::{LoadError, load, save};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// File name, content, expected (line, column; 0 = any column), words in the message.
type Case<'a> = (&'a str, &'a [u8], (usize, usize), &'a str);

fn position(e: &LoadError) -> (usize, usize) {
    e.position().unwrap_or_else(|| panic!("no position in {e}"))
}

#[test]
fn save_then_load_gives_the_same_chart_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.ron");
    let chart = orgchart::example::chart();
    save(&chart, &p).unwrap();
    assert_eq!(load(&p).unwrap(), chart);
    let first = std::fs::read(&p).unwrap();
    save(&load(&p).unwrap(), &p).unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), first);
}

#[test]
fn each_bad_file_kind_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: [Case; 5] = [
        ("syntax.ron", b"(\n  format: \"orgchart\",\n  version: 1,\n  roles: [(id: 1,, )],\n)", (4, 0), ""),
        ("newer.ron", b"(\n  format: \"orgchart\",\n  version: 9,\n  roles: [],\n)", (3, 3), "newer"),
        (
            "dangling.ron",
            b"(\n  format: \"orgchart\",\n  version: 1,\n  roles: [\n    (id: 1, title: \"a\", superiors: [5]),\n  ],\n)",
            (5, 6),
            "superior id 5",
        ),
        ("utf8.ron", b"(\n  format: \"orgchart\",\n  name: \"\xff\xfe\",\n)", (3, 10), "UTF-8"),
        ("other.ron", b"(roles: [])", (1, 1), "not an orgchart file"),
    ];
    for (name, bytes, (line, col), words) in cases {
        let p = write(d, name, bytes);
        let e = load(&p).unwrap_err();
        let (l, c) = position(&e);
        assert_eq!(l, line, "{name}: {e}");
        if col > 0 {
            assert_eq!(c, col, "{name}: {e}");
        }
        let msg = e.to_string();
        assert!(
            msg.starts_with(&format!("{}:{l}:{c}: ", p.display())),
            "{msg}"
        );
        assert!(msg.contains(words), "{msg}");
    }
}

#[test]
fn a_failed_save_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.ron");
    let chart = orgchart::example::chart();
    save(&chart, &p).unwrap();
    let before = std::fs::read(&p).unwrap();
    // A folder that does not exist: the temporary file cannot even be created.
    assert!(save(&chart, &dir.path().join("no/such/dir/c.ron")).is_err());
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

#[test]
fn the_deepest_outline_the_app_allows_saves_and_loads() {
    use orgchart::model::{Duty, outline::MAX_DEPTH};
    let mut chart = orgchart::example::chart();
    let mut duty = Duty::new("最深");
    for level in (1..MAX_DEPTH).rev() {
        let mut parent = Duty::new(format!("第{level}级"));
        parent.items.push(duty);
        duty = parent;
    }
    let id = chart.find_by_title("淘宝客服").unwrap().id;
    chart.role_mut(id).unwrap().duties.push(duty);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("deep.ron");
    save(&chart, &p).unwrap();
    assert_eq!(load(&p).unwrap(), chart);
}

#[test]
fn a_chart_that_cannot_be_written_leaves_the_old_file() {
    use orgchart::model::Duty;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.ron");
    let mut chart = orgchart::example::chart();
    save(&chart, &p).unwrap();
    let before = std::fs::read(&p).unwrap();
    // Far deeper than any outline the app builds: serialisation refuses it.
    let mut duty = Duty::new("x");
    for _ in 0..200 {
        let mut parent = Duty::new("y");
        parent.items.push(duty);
        duty = parent;
    }
    let id = chart.find_by_title("淘宝客服").unwrap().id;
    chart.role_mut(id).unwrap().duties.push(duty);
    assert!(save(&chart, &p).is_err());
    assert_eq!(std::fs::read(&p).unwrap(), before);
}
