//! Import from a file: job descriptions (text or Markdown) or a CSV table, by extension.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::MAX_FILE_BYTES;
use super::csv_import::{CsvColumns, CsvError, import_csv};
use super::jd_import::{Imported, import_text};

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: {source}", path.display())]
    Csv { path: PathBuf, source: CsvError },
}

/// Reads `path` as a CSV table (`.csv`) or a job-description document (anything else).
/// Invalid UTF-8 is replaced, not refused: a document pasted out of Word loses nothing
/// readable that way, and the replaced lines show up as not understood.
pub fn import_path(path: &Path, columns: &CsvColumns) -> Result<Imported, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_owned(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = String::from_utf8_lossy(&bytes);
    let name = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        import_csv(&text, columns, &name).map_err(|source| ImportError::Csv {
            path: path.to_owned(),
            source,
        })
    } else {
        Ok(import_text(&text, &name))
    }
}
