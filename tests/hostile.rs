//! Hostile and broken input, through the real binary: each is refused with a message
//! that names the file (and line and column where there is one), exit code 2, and
//! nothing written. No timing assertions: each simply has to come back.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_orgchart"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn refused(file: &Path, words: &str) {
    let (code, err) = run(&["check", file.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{}: {err}", file.display());
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(
        err.contains(words),
        "{}: expected {words:?} in {err}",
        file.display()
    );
}

#[test]
fn broken_chart_files_are_refused_with_where() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = orgchart::io::to_ron_string(&orgchart::example::chart()).unwrap();

    refused(
        &write(d, "truncated.ron", &good.as_bytes()[..good.len() / 2]),
        ":",
    );
    refused(&write(d, "bytes.ron", &[0xff, 0x00, 0x13, 0x37]), "UTF-8");

    // 300 MB, refused before it is read (a sparse file: no disk is used).
    let big = d.join("big.ron");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    refused(&big, "limit");

    // 100,000 levels of nesting.
    let deep = format!(
        "(format: \"orgchart\", version: 1, roles: [(id: 1, title: \"a\", duties: {}{})])",
        "[(text: \"x\", items: ".repeat(100_000),
        ")]".repeat(100_000)
    );
    refused(&write(d, "deep.ron", deep.as_bytes()), ":");

    let nan = good.replacen(
        "roles: [",
        "roles: [(id: 99, title: \"n\", position: Some((NaN, 1.0))),",
        1,
    );
    refused(&write(d, "nan.ron", nan.as_bytes()), "position");
    let huge = good.replacen(
        "roles: [",
        "roles: [(id: 99, title: \"n\", position: Some((1e30, 1.0))),",
        1,
    );
    refused(&write(d, "huge.ron", huge.as_bytes()), "position");
    let twice = good.replacen("roles: [", "roles: [(id: 1, title: \"again\"),", 1);
    refused(
        &write(d, "twice.ron", twice.as_bytes()),
        "more than one role",
    );
    let dangling = good.replacen(
        "roles: [",
        "roles: [(id: 99, title: \"d\", superiors: [12345]),",
        1,
    );
    refused(&write(d, "dangling.ron", dangling.as_bytes()), "12345");
    let unknown = good.replacen("title:", "titel: \"typo\", title:", 1);
    refused(&write(d, "unknown.ron", unknown.as_bytes()), "titel");
    let newer = good.replace("version: 2", "version: 3");
    refused(&write(d, "newer.ron", newer.as_bytes()), "newer");
}

#[test]
fn hostile_imports_are_refused_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = d.join("out.ron");

    // A CSV with a million columns.
    let mut wide = (0..1_000_000)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    wide.push_str("\n1,2\n");
    let csv = write(d, "wide.csv", wide.as_bytes());
    let (code, err) = run(&["import", csv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("columns"), "{err}");
    assert!(!out.exists());

    // A job-description document of random bytes.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let txt = write(d, "noise.txt", &noise);
    let (code, err) = run(&["import", txt.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("noise.txt"), "{err}");
    assert!(!out.exists());
}
