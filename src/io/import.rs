//! Import from a file: job descriptions (text or Markdown) or a CSV table, by extension.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::csv_import::{CsvColumns, CsvError, import_csv};
use super::jd_import::{Imported, import_text};

#[derive(Debug, Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(super::LoadError),
    #[error("{}: {source}", path.display())]
    Csv { path: PathBuf, source: CsvError },
}

/// Reads `path` as a CSV table (`.csv`) or a job-description document (anything else).
/// Invalid UTF-8 is replaced, not refused: a document pasted out of Word loses nothing
/// readable that way, and the replaced lines show up as not understood.
pub fn import_path(path: &Path, columns: &CsvColumns) -> Result<Imported, ImportError> {
    let bytes = super::ron_file::read_limited(path).map_err(ImportError::Read)?;
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
