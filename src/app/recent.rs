//! Recently opened and saved charts, newest first, kept in a small text file.

use std::path::{Path, PathBuf};

/// How many are remembered.
const KEEP: usize = 10;

pub struct Recent {
    file: PathBuf,
    pub paths: Vec<PathBuf>,
}

/// `$XDG_CONFIG_HOME/orgchart/recent.txt`, or under `~/.config`.
pub fn default_file() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("orgchart").join("recent.txt"))
}

impl Recent {
    /// Reads the list (a missing or unreadable file is an empty list).
    pub fn load(file: PathBuf) -> Self {
        let paths = std::fs::read_to_string(&file)
            .map(|t| {
                t.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(PathBuf::from)
                    .take(KEEP)
                    .collect()
            })
            .unwrap_or_default();
        Self { file, paths }
    }

    /// Puts `path` first and writes the list (failures are ignored: it is a convenience).
    pub fn add(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.paths.retain(|p| *p != path);
        self.paths.insert(0, path);
        self.paths.truncate(KEEP);
        if let Some(dir) = self.file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let text: String = self
            .paths
            .iter()
            .map(|p| format!("{}\n", p.display()))
            .collect();
        let _ = crate::io::write_atomic(&self.file, text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_repeats_and_kept_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("recent.txt");
        let mut r = Recent::load(file.clone());
        assert!(r.paths.is_empty());
        for name in ["a.ron", "b.ron", "a.ron"] {
            r.add(&dir.path().join(name));
        }
        let names: Vec<_> = r
            .paths
            .iter()
            .map(|p| p.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["a.ron", "b.ron"]);
        assert_eq!(Recent::load(file).paths, r.paths);
    }
}
