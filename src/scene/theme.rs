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
    /// Card fills by department, used when a chart has more than one department.
    pub departments: Vec<Color32>,
}

impl Default for Theme {
    fn default() -> Self {
        Self::light()
    }
}

impl Theme {
    /// For a dark desktop: light text on dark cards, the same hues for lines.
    pub fn dark() -> Self {
        Self {
            background: Color32::from_rgb(0x1b, 0x1e, 0x23),
            card_fill: Color32::from_rgb(0x2a, 0x2e, 0x35),
            placeholder_fill: Color32::from_rgb(0x33, 0x37, 0x3e),
            card_stroke: Color32::from_rgb(0x6f, 0x79, 0x8a),
            title: Color32::from_rgb(0xe8, 0xea, 0xed),
            subtitle: Color32::from_rgb(0xa9, 0xb1, 0xbd),
            line: Color32::from_rgb(0x8a, 0x94, 0xa6),
            secondary_line: Color32::from_rgb(0xe0, 0x9a, 0x3e),
            departments: palette(&[
                0x243552, 0x223a2c, 0x3e3322, 0x342a47, 0x442a31, 0x1f3a3e, 0x3d3a1f, 0x36332e,
                0x2a3440, 0x33402a, 0x45302a, 0x2e2e4a,
            ]),
        }
    }

    /// The fill for the `k`-th department (in order of first appearance).
    pub fn department_fill(&self, k: usize) -> Color32 {
        self.departments
            .get(k % self.departments.len().max(1))
            .copied()
            .unwrap_or(self.card_fill)
    }

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
            // Light tints: text stays readable on every one, in print too.
            departments: palette(&[
                0xe8f0fe, 0xe6f4ea, 0xfef3e0, 0xf3e8fd, 0xfce8ec, 0xe4f5f7, 0xfef9d9, 0xece9e4,
                0xe3ecf4, 0xf1f8e3, 0xfbe9e0, 0xe9e9fb,
            ]),
        }
    }
}

/// Colours from 0xRRGGBB values.
fn palette(rgb: &[u32]) -> Vec<Color32> {
    rgb.iter()
        .map(|&c| Color32::from_rgb((c >> 16) as u8, (c >> 8) as u8, c as u8))
        .collect()
}
