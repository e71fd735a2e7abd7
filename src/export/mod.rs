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
    #[error("margin {0} is not usable; give a number between 0 and 10000")]
    BadMargin(f32),
    #[error("export cancelled")]
    Cancelled,
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

/// What to export: everything, or only some roles (and the lines between them).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Scope {
    #[default]
    Chart,
    Roles(std::collections::BTreeSet<crate::model::RoleId>),
}

/// The chart cut down to `scope`, every card kept where `scene` draws it, so an
/// export of a selection looks like that part of the whole chart. Build its scene
/// with `scene::build`: lines are drawn for the roles that are left.
pub fn scoped(
    chart: &crate::model::Chart,
    scene: &crate::scene::Scene,
    scope: &Scope,
) -> crate::model::Chart {
    let Scope::Roles(keep) = scope else {
        return chart.clone();
    };
    let mut part = crate::model::Chart::new(chart.name.clone());
    part.arrangement = chart.arrangement;
    for role in chart.roles().filter(|r| keep.contains(&r.id)) {
        let mut role = role.clone();
        // A secondary line must not turn into a primary one: a role whose primary
        // superior is left out keeps no lines up.
        if role.primary_superior().is_some_and(|p| !keep.contains(&p)) {
            role.superiors.clear();
        }
        role.superiors.retain(|s| keep.contains(s));
        if let Some(s) = &mut role.stated_subordinates {
            s.retain(|s| keep.contains(s));
        }
        role.collapsed = false;
        if let Some(card) = scene.card(role.id) {
            role.position = Some(card.rect.center().into());
        }
        part.insert(role);
    }
    part
}

/// The chart and the scene to export for `scope`: as they are for the whole chart;
/// for some roles, [`scoped`] and its scene drawn afresh.
pub fn scoped_scene(
    chart: crate::model::Chart,
    scene: crate::scene::Scene,
    scope: &Scope,
) -> (crate::model::Chart, crate::scene::Scene) {
    if *scope == Scope::Chart {
        return (chart, scene);
    }
    let part = scoped(&chart, &scene, scope);
    let scene = crate::scene::build_plain(&part);
    (part, scene)
}

/// What an export wrote, for the status line (in the app's language) and the CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// A picture of this many pixels, width and height.
    Picture(u32, u32),
    /// A text file (SVG, DOT) of this many bytes.
    Text(usize),
}

impl std::fmt::Display for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Written::Picture(w, h) => write!(f, "{w}×{h} pixels"),
            Written::Text(n) => write!(f, "{n} bytes"),
        }
    }
}

/// Writes `chart` (drawn as `scene`) to `path` in `format`, atomically.
pub fn write(
    chart: &crate::model::Chart,
    scene: &crate::scene::Scene,
    opts: &png::PngOptions,
    path: &std::path::Path,
    format: Format,
) -> Result<Written, ExportError> {
    write_with_progress(chart, scene, opts, path, format, &mut |_| true)
}

/// [`write`], telling `progress` the fraction done (PNG: after each strip); returning
/// `false` from it cancels, leaving any existing file as it was.
pub fn write_with_progress(
    chart: &crate::model::Chart,
    scene: &crate::scene::Scene,
    opts: &png::PngOptions,
    path: &std::path::Path,
    format: Format,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<Written, ExportError> {
    let text = match format {
        Format::Png => {
            let (w, h) = png::write_with_progress(scene, opts, path, progress)?;
            return Ok(Written::Picture(w, h));
        }
        Format::Svg => {
            // Vectors: any size is fine, as long as the options are.
            png::check_options(opts)?;
            svg::to_svg(scene, opts)
        }
        Format::Dot => dot::to_dot(chart),
    };
    crate::io::write_atomic(path, text.as_bytes()).map_err(|source| ExportError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(Written::Text(text.len()))
}
