//! Exporters: the scene written to image files.

pub mod dot;
pub mod png;
pub mod svg;

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

/// An export file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Png,
    Svg,
    Dot,
}

impl Format {
    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "png" => Some(Self::Png),
            "svg" => Some(Self::Svg),
            "dot" | "gv" => Some(Self::Dot),
            _ => None,
        }
    }
}

/// Writes `chart` (drawn as `scene`) to `path` in `format`, atomically. Returns a short
/// description of what was written, for the status line.
pub fn write(
    chart: &crate::model::Chart,
    scene: &crate::scene::Scene,
    opts: &png::PngOptions,
    path: &std::path::Path,
    format: Format,
) -> Result<String, ExportError> {
    let text = match format {
        Format::Png => {
            let (w, h) = png::write(scene, opts, path)?;
            return Ok(format!("{w}×{h} pixels"));
        }
        Format::Svg => {
            png::image_size(scene, opts)?;
            svg::to_svg(scene, opts)
        }
        Format::Dot => dot::to_dot(chart),
    };
    crate::io::write_atomic(path, text.as_bytes()).map_err(|source| ExportError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(format!("{} bytes", text.len()))
}
