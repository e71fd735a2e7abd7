//! Exporters: the scene written to image files.

pub mod png;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ExportError {
    #[error(
        "the image would be {width}×{height} pixels, over the limit of {max} pixels a side \
         or {max_pixels} pixels in all; choose a smaller scale"
    )]
    TooLarge {
        width: u64,
        height: u64,
        max: u64,
        max_pixels: u64,
    },
    #[error("scale {0} is not usable; give a number between 0.1 and 16")]
    BadScale(f32),
    #[error("could not encode the PNG: {0}")]
    Encode(String),
    #[error("could not write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}
