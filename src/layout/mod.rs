//! Automatic layout: a pure function from the chart and card sizes to card positions.

mod tree;

pub use tree::{Layout, LayoutParams, layout};
