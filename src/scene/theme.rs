//! Colours of the chart (not of the app's widgets).

use epaint::Color32;

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub background: Color32,
    pub card_fill: Color32,
    pub placeholder_fill: Color32,
    pub card_stroke: Color32,
    pub title: Color32,
    pub subtitle: Color32,
    pub line: Color32,
    pub secondary_line: Color32,
}

impl Default for Theme {
    fn default() -> Self {
        Self::light()
    }
}

impl Theme {
    pub fn light() -> Self {
        Self {
            background: Color32::from_rgb(0xf4, 0xf5, 0xf7),
            card_fill: Color32::WHITE,
            placeholder_fill: Color32::from_rgb(0xea, 0xec, 0xef),
            card_stroke: Color32::from_rgb(0x8c, 0x96, 0xa6),
            title: Color32::from_rgb(0x1d, 0x23, 0x2c),
            subtitle: Color32::from_rgb(0x5f, 0x69, 0x78),
            line: Color32::from_rgb(0x6b, 0x76, 0x88),
            secondary_line: Color32::from_rgb(0xc9, 0x7a, 0x1e),
        }
    }
}
