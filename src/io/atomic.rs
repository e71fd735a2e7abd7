//! Crash-safe file writes: a reader sees either the old file or the new one, never a mix.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a temporary file in the same folder, flushes and fsyncs it, then
/// renames it over `path`. If anything fails, `path` is left as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Like [`write_atomic`], for content produced as it is written (a streamed export):
/// `fill` writes into the temporary file; if it fails (or is cancelled by returning an
/// error), the temporary file is removed and `path` is untouched.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // Through a symbolic link, replace the file it points to, not the link.
    let resolved = std::fs::canonicalize(path).ok();
    let path = resolved.as_deref().unwrap_or(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .suffix(TMP_SUFFIX)
        .tempfile_in(dir)?;
    // Held until the file is renamed and closed: a later save knows by the lock
    // whether a temporary file still has a writer or was left by a killed one. Some
    // network file systems refuse locks; the save goes on without one.
    let _ = tmp.as_file().lock();
    // Temporary files are private (0600); a saved chart keeps the old file's
    // permissions, or gets the usual ones for a new document.
    match std::fs::metadata(path) {
        Ok(m) => tmp.as_file().set_permissions(m.permissions())?,
        Err(_) => set_new_file_permissions(tmp.as_file())?,
    }
    fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable where the platform allows opening a folder.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    remove_abandoned(dir);
    Ok(())
}

/// A temporary file this long unwritten belongs to no save in progress.
pub const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(60);
const TMP_PREFIX: &str = ".orgchart-save-";
const TMP_SUFFIX: &str = ".tmp";

/// Removes temporary files that saves killed mid-write (kill -9, power loss) left in
/// `dir`: ours by name, untouched for [`ABANDONED_AFTER`] and not locked. A live save
/// holds a lock and keeps writing; where locks do not work (some network file
/// systems), the age alone protects it. Best effort: a file that cannot be opened or
/// removed stays.
fn remove_abandoned(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX)) {
            continue;
        }
        let path = entry.path();
        let idle = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= ABANDONED_AFTER);
        if idle
            && let Ok(file) = std::fs::File::open(&path)
            && file.try_lock().is_ok()
        {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(unix)]
fn set_new_file_permissions(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_new_file_permissions(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        std::fs::write(&p, "old").unwrap();
        write_atomic(&p, "new".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn sweeps_files_of_killed_saves_but_not_of_live_ones() {
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - 2 * ABANDONED_AFTER;
        let abandoned = dir.path().join(".orgchart-save-killed.tmp");
        std::fs::write(&abandoned, "half a chart").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&abandoned)
            .unwrap()
            .set_modified(old)
            .unwrap();
        // Just killed, or a save that has not taken its lock yet: too fresh to go.
        let fresh = dir.path().join(".orgchart-save-fresh.tmp");
        std::fs::write(&fresh, "half a chart").unwrap();
        let live = dir.path().join(".orgchart-save-live.tmp");
        let writer = std::fs::File::create(&live).unwrap();
        writer.set_modified(old).unwrap();
        writer.lock().unwrap();
        let other = dir.path().join("notes.tmp");
        std::fs::write(&other, "not ours").unwrap();
        write_atomic(&dir.path().join("a.ron"), b"new").unwrap();
        assert!(!abandoned.exists());
        assert!(fresh.exists());
        assert!(live.exists());
        assert!(other.exists());
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        write_atomic(&p, b"one").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symbolic_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ron");
        let link = dir.path().join("link.ron");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn failing_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder that is not empty: rename fails, nothing is lost.
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), "x").unwrap();
        assert!(write_atomic(&target, b"new").is_err());
        assert_eq!(std::fs::read_to_string(target.join("keep")).unwrap(), "x");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
