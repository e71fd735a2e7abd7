//! The bundled example chart: the operations department of a Taobao store, imported
//! from the job descriptions in `examples/seed/` (see `tests/example_chart.rs`).

use std::path::Path;

use crate::model::Chart;

/// The example chart's file text.
pub const EXAMPLE_RON: &str = include_str!("../examples/taobao-ops.ron");

/// The example chart, as opened when no file is given.
pub fn chart() -> Chart {
    // The file is checked by tests; should it ever fail to parse, an empty chart is
    // better than a crash at start-up.
    crate::io::from_ron_str(EXAMPLE_RON, Path::new("examples/taobao-ops.ron")).unwrap_or_default()
}
