//! Crash recovery: unsaved work is written to a recovery file after a few seconds
//! without input; the next start offers it back. Saving, discarding or closing
//! normally removes it.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::model::Chart;

/// Seconds without input before unsaved changes are written to the recovery file.
pub const IDLE: Duration = Duration::from_secs(3);

const CHART: &str = "recovery.ron";
const ABOUT: &str = "recovery.json";

/// What the recovery file holds besides the chart.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct About {
    /// The file the work belongs to, if it had one.
    pub path: Option<PathBuf>,
    /// When it was written, seconds since 1970 (UTC).
    pub written: u64,
}

/// Work found at start-up.
pub struct Found {
    pub chart: Chart,
    pub about: About,
}

/// The folder for recovery files: `$ORGCHART_RECOVERY_DIR`, else the XDG state folder.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("ORGCHART_RECOVERY_DIR") {
        return Some(PathBuf::from(d));
    }
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(state.join("orgchart"))
}

pub struct Recovery {
    dir: PathBuf,
    /// Document state last written (or known clean), so an idle app writes once.
    written_state: Option<u64>,
    pending: Option<mpsc::Receiver<()>>,
    /// This session wrote a recovery file that is still there. (One found at start is
    /// only removed when the user discards it.)
    on_disk: bool,
}

impl Recovery {
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            written_state: None,
            pending: None,
            on_disk: false,
        }
    }

    /// Work left by a crashed session, if any (an unreadable one is reported and kept).
    pub fn find(&self) -> Result<Option<Found>, String> {
        let chart_path = self.dir.join(CHART);
        if !chart_path.exists() {
            return Ok(None);
        }
        let chart = crate::io::load(&chart_path).map_err(|e| e.to_string())?;
        let about = std::fs::read_to_string(self.dir.join(ABOUT))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(About {
                path: None,
                written: std::fs::metadata(&chart_path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_secs()),
            });
        Ok(Some(Found { chart, about }))
    }

    /// Removes the recovery file (after a save, a discard or a normal close).
    pub fn clear(&mut self, state: u64) {
        self.written_state = Some(state);
        self.on_disk = false;
        let _ = std::fs::remove_file(self.dir.join(CHART));
        let _ = std::fs::remove_file(self.dir.join(ABOUT));
    }

    /// Removes the file this session wrote, if any; cheap to call every frame.
    pub fn clear_own(&mut self, state: u64) {
        if self.on_disk {
            self.flush();
            self.clear(state);
        }
    }

    /// Writes `chart` in the background unless this state was written already.
    /// Returns whether a write started.
    pub fn write(&mut self, chart: &Chart, path: Option<&Path>, state: u64) -> bool {
        if self.written_state == Some(state) {
            return false;
        }
        if let Some(rx) = &self.pending {
            // One write at a time; the next idle moment writes the newer state.
            if rx.try_recv().is_err() {
                return false;
            }
        }
        self.written_state = Some(state);
        self.on_disk = true;
        let (tx, rx) = mpsc::channel();
        self.pending = Some(rx);
        let (chart, dir) = (chart.clone(), self.dir.clone());
        let about = About {
            path: path.map(Path::to_owned),
            written: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        std::thread::spawn(move || {
            let _ = std::fs::create_dir_all(&dir);
            // The description first: a crash between the two leaves a chart with an
            // older description, never a description without its chart.
            if let Ok(json) = serde_json::to_string(&about) {
                let _ = crate::io::write_atomic(&dir.join(ABOUT), json.as_bytes());
            }
            let _ = crate::io::save(&chart, &dir.join(CHART));
            let _ = tx.send(());
        });
        true
    }

    /// Waits for a background write (tests, and before removing the file).
    pub fn flush(&mut self) {
        if let Some(rx) = self.pending.take() {
            let _ = rx.recv_timeout(Duration::from_secs(30));
        }
    }
}

/// "2026-11-27 05:12 UTC" for a time in seconds since 1970.
pub fn describe_time(secs: u64) -> String {
    let days = secs / 86_400;
    let (h, m) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    // Civil date from days since 1970 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_finds_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Recovery::new(dir.path().to_owned());
        assert!(r.find().unwrap().is_none());
        let chart = crate::example::chart();
        assert!(r.write(&chart, Some(Path::new("/x/a.ron")), 7));
        r.flush();
        assert!(!r.write(&chart, None, 7), "the same state is written once");
        let found = r.find().unwrap().unwrap();
        assert_eq!(found.chart, chart);
        assert_eq!(found.about.path.as_deref(), Some(Path::new("/x/a.ron")));
        r.clear(8);
        assert!(r.find().unwrap().is_none());
    }

    #[test]
    fn times_read_as_dates() {
        assert_eq!(describe_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(describe_time(1_795_754_096), "2026-11-27 04:34 UTC");
    }
}
