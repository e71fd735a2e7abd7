//! Saving is atomic even when the process is killed mid-save (kill -9, again and
//! again): the file on disk is always a whole chart, the old one or the new one.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

#[cfg(unix)]
#[test]
fn kill_9_mid_save_leaves_the_old_or_the_new_chart() {
    use std::os::unix::process::CommandExt;

    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chart.ron");
    let bin = env!("CARGO_BIN_EXE_orgchart");
    // Two different charts written to the same file, over and over.
    let (a, b) = (
        data.join("d3-org-chart-org.csv"),
        data.join("oracle-hr-employees.csv"),
    );
    let expected: Vec<usize> = [&a, &b]
        .iter()
        .map(|src| {
            let o = Command::new(bin)
                .args(["import", src.to_str().unwrap(), "-o", out.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(o.status.code().is_some_and(|c| c < 2), "{o:?}");
            orgchart::io::load(&out).unwrap().len()
        })
        .collect();

    let script = format!(
        "while true; do '{bin}' import '{}' -o '{}' >/dev/null 2>&1; '{bin}' import '{}' -o '{}' >/dev/null 2>&1; done",
        a.display(),
        out.display(),
        b.display(),
        out.display()
    );
    let strays = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref().is_ok_and(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with(".orgchart-save-")
                })
            })
            .count()
    };
    let mut seen = std::collections::BTreeSet::new();
    for round in 0..30u64 {
        let child = Command::new("sh")
            .args(["-c", &script])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        // Different moments in the save cycle each round.
        std::thread::sleep(Duration::from_millis(40 + (round * 37) % 160));
        let group = format!("-{}", child.id());
        let _ = Command::new("kill").args(["-9", "--", &group]).status();
        let mut child = child;
        let _ = child.wait();
        std::thread::sleep(Duration::from_millis(20));
        let chart = orgchart::io::load(&out)
            .unwrap_or_else(|e| panic!("round {round}: the file is not a whole chart: {e}"));
        assert!(
            expected.contains(&chart.len()),
            "round {round}: {} roles",
            chart.len()
        );
        seen.insert(chart.len());
    }
    // Temporary files left by kills show they landed mid-save (too fresh to be swept).
    let interrupted = strays(dir.path());
    eprintln!("{interrupted} saves interrupted mid-write; charts seen: {seen:?}");
    assert!(!seen.is_empty());
    // Once they are old enough to be surely abandoned, the next whole save removes them.
    let long_ago = std::time::SystemTime::now() - 2 * orgchart::io::ABANDONED_AFTER;
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let path = e.unwrap().path();
        if path.to_string_lossy().contains(".orgchart-save-") {
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(long_ago).unwrap();
        }
    }
    let o = Command::new(bin)
        .args(["import", a.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.code().is_some_and(|c| c < 2), "{o:?}");
    assert_eq!(
        strays(dir.path()),
        0,
        "temporary files of killed saves remain"
    );
}
