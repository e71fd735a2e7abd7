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
    #[error(
        "{}:{line}:{column}: this is not text ({percent}% of it is not UTF-8); \
         if it is a GBK document, save it as UTF-8 first",
        path.display()
    )]
    NotText {
        path: PathBuf,
        line: usize,
        column: usize,
        percent: usize,
    },
}

/// A document with more than this share (percent) of bytes that are not UTF-8 is
/// refused as binary or in another encoding; a few bad bytes are replaced.
const MAX_INVALID_PERCENT: usize = 5;

/// Reads `path` as a CSV table (`.csv`) or a job-description document (anything else).
/// Invalid UTF-8 is replaced, not refused: a document pasted out of Word loses nothing
/// readable that way, and the replaced lines show up as not understood.
pub fn import_path(path: &Path, columns: &CsvColumns) -> Result<Imported, ImportError> {
    let bytes = super::ron_file::read_limited(path).map_err(ImportError::Read)?;
    import_bytes(&bytes, path, columns)
}

/// Imports a document already read; `path` names it in messages, and its extension
/// chooses CSV or job descriptions. The fuzz targets start here.
pub fn import_bytes(
    bytes: &[u8],
    path: &Path,
    columns: &CsvColumns,
) -> Result<Imported, ImportError> {
    let text = String::from_utf8_lossy(bytes);
    let replaced = text.chars().filter(|&c| c == '\u{fffd}').count();
    let percent = replaced * 100 / text.chars().count().max(1);
    if replaced > 16 && percent > MAX_INVALID_PERCENT {
        let valid = match std::str::from_utf8(bytes) {
            Ok(_) => "",
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
        };
        let (line, column) = super::line_col(valid, valid.len());
        return Err(ImportError::NotText {
            path: path.to_owned(),
            line,
            column,
            percent,
        });
    }
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
