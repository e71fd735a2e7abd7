//! How a chart asks to be arranged: saved with the chart, read by the layout.

use serde::{Deserialize, Serialize};

/// Which way reporting lines run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Orientation {
    /// Superiors above their subordinates.
    #[default]
    TopDown,
    /// Superiors left of their subordinates.
    LeftRight,
}

/// Chart-wide layout choices. Roles can override `compact` (see `Role::compact`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Arrangement {
    #[serde(default)]
    pub orientation: Orientation,
    /// Stack a superior's subordinates that have no subordinates of their own in two
    /// columns under it (draw.io's "hanger"), instead of one wide row.
    #[serde(default)]
    pub compact: bool,
}

impl Arrangement {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}
