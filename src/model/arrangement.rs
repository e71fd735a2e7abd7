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

/// What stays where it is when the layout changes, everything else placed around it.
/// Stored positions (cards placed by hand) are in the same coordinates, so a chart
/// keeps the anchor it was saved with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anchor {
    /// The edge where the top roles start (left top-down, top left to right), down
    /// their first subordinates: an edit moves the cards after it and above it, not
    /// every card by half the room it takes.
    #[default]
    Edge,
    /// The middle of the top roles: charts saved before there was a choice (file
    /// format version 1).
    Middle,
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
    #[serde(default)]
    pub anchor: Anchor,
}

impl Arrangement {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}
