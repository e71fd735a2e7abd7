//! Headless text measurement with epaint, at a fixed scale, so a card's size and line
//! breaks are the same in the window (at any zoom or DPI) and in every export.

use std::sync::Arc;

use epaint::text::{Fonts, TextOptions};
use epaint::{Color32, FontId};

use super::fonts::font_definitions;

/// Owns its own [`Fonts`]: measuring never depends on the screen's pixels-per-point.
pub struct Measurer {
    fonts: Fonts,
    /// Wrapped lines by text, then (size, width, max lines): departments and many
    /// titles repeat across a chart, and the scene is rebuilt after every edit. Keyed
    /// by text first so that a lookup needs no key of its own.
    wrapped: rustc_hash::FxHashMap<String, Vec<(WrapParams, Lines)>>,
    memo_len: usize,
}

/// Font size and width (as bits), most lines.
type WrapParams = (u32, u32, usize);
/// Wrapped lines, each with its width. Shared, not copied: a scene of 100,000 cards
/// takes its lines from here without a string allocation per line.
pub type Lines = Arc<[(Arc<str>, f32)]>;

/// The memo is dropped past this many entries, so memory stays bounded.
const MAX_MEMO: usize = 500_000;

impl Default for Measurer {
    fn default() -> Self {
        Self::new()
    }
}

impl Measurer {
    pub fn new() -> Self {
        Self {
            fonts: Fonts::new(TextOptions::default(), font_definitions()),
            wrapped: Default::default(),
            memo_len: 0,
        }
    }

    /// Call once per scene build: lets epaint drop layouts that are no longer used.
    pub fn begin(&mut self) {
        self.fonts
            .begin_pass(TextOptions::default(), epaint::text::ViewportKey::default());
    }

    /// Breaks `text` into lines no wider than `width` (at most `max_lines`; the last
    /// one ends in "…" when text was cut), each with its width.
    pub fn wrap(&mut self, text: &str, size: f32, width: f32, max_lines: usize) -> Lines {
        let params = (size.to_bits(), width.to_bits(), max_lines);
        if let Some((_, lines)) = self
            .wrapped
            .get(text)
            .and_then(|list| list.iter().find(|(p, _)| *p == params))
        {
            return lines.clone();
        }
        let lines: Lines = self
            .wrap_uncached(text, size, width, max_lines)
            .into_iter()
            .map(|(s, w)| (Arc::from(s), w))
            .collect();
        if self.memo_len >= MAX_MEMO {
            self.wrapped.clear();
            self.memo_len = 0;
        }
        self.memo_len += 1;
        self.wrapped
            .entry(text.to_owned())
            .or_default()
            .push((params, lines.clone()));
        lines
    }

    fn wrap_uncached(
        &mut self,
        text: &str,
        size: f32,
        width: f32,
        max_lines: usize,
    ) -> Vec<(String, f32)> {
        let mut view = self.fonts.with_pixels_per_point(1.0);
        let galley = view.layout(
            text.to_owned(),
            FontId::proportional(size),
            Color32::BLACK,
            width,
        );
        let mut lines: Vec<(String, f32)> = galley
            .rows
            .iter()
            .map(|row| {
                let s: String = row.glyphs.iter().map(|g| g.chr).collect();
                (s, row.size.x)
            })
            .filter(|(s, _)| !s.trim().is_empty())
            .collect();
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            if let Some((last, _)) = lines.last_mut() {
                last.pop();
                last.push('…');
                let w = view
                    .layout_no_wrap(last.clone(), FontId::proportional(size), Color32::BLACK)
                    .size()
                    .x;
                if let Some(l) = lines.last_mut() {
                    l.1 = w;
                }
            }
        }
        lines
    }

    /// Distance from the top of a line's box to its baseline, at `size`: where SVG
    /// places text.
    pub fn baseline(&mut self, size: f32) -> f32 {
        let galley = self.fonts.with_pixels_per_point(1.0).layout_no_wrap(
            "国".to_owned(),
            FontId::proportional(size),
            Color32::BLACK,
        );
        galley
            .rows
            .first()
            .and_then(|row| row.glyphs.first().map(|g| row.pos.y + g.pos.y))
            .unwrap_or(size * 0.8)
    }

    /// Height of one line of text at `size`.
    pub fn row_height(&mut self, size: f32) -> f32 {
        self.fonts
            .with_pixels_per_point(1.0)
            .row_height(&FontId::proportional(size))
    }
}
