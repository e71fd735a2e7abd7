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
            departments: [
                0xe8f0fe, 0xe6f4ea, 0xfef3e0, 0xf3e8fd, 0xfce8ec, 0xe4f5f7, 0xfef9d9, 0xece9e4,
                0xe3ecf4, 0xf1f8e3, 0xfbe9e0, 0xe9e9fb,
            ]
            .into_iter()
            .map(|c: u32| Color32::from_rgb((c >> 16) as u8, (c >> 8) as u8, c as u8))
            .collect(),
        }
    }
}
