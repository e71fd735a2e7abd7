//! Reading and writing charts: the versioned RON file and job-description import.

mod atomic;
pub mod csv_import;
mod import;
pub mod jd_import;
pub(crate) mod ron_file;

pub use atomic::{ABANDONED_AFTER, write_atomic, write_atomic_with};
pub use import::{ImportError, import_bytes, import_path};
pub use ron_file::{
    FORMAT_VERSION, LoadError, MAX_FILE_BYTES, from_ron_bytes, from_ron_str, halves_agree, load,
    save, to_ron_string,
};

/// 1-based line and column of byte offset `at` in `text` (column in characters).
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let mut at = at;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
