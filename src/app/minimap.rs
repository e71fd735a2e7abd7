//! The minimap: the whole chart in a corner of the canvas, with the visible part
//! outlined; click or drag in it to look elsewhere. Computed once per chart change.

use egui::{Color32, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2, pos2, vec2};

use super::i18n::Strings;
use crate::scene::Scene;

/// Grid cells across the minimap's longer side.
const CELLS: usize = 96;
/// Largest size on screen.
const MAX_SIZE: Vec2 = vec2(200.0, 120.0);

pub struct Minimap {
    /// Chart area the minimap shows.
    bounds: Rect,
    /// Covered cells as runs, in unit coordinates (0..1 across `bounds`).
    runs: Vec<Rect>,
}

impl Default for Minimap {
    fn default() -> Self {
        Self {
            bounds: Rect::NOTHING,
            runs: Vec::new(),
        }
    }
}

impl Minimap {
    pub fn build(scene: &Scene) -> Self {
        let bounds = scene.bounds;
        if scene.cards.len() < 2 || !bounds.is_positive() {
            return Self::default();
        }
        let aspect = bounds.width() / bounds.height();
        let (cols, rows) = if aspect >= 1.0 {
            (
                CELLS,
                ((CELLS as f32 / aspect).ceil() as usize).clamp(1, CELLS),
            )
        } else {
            (
                ((CELLS as f32 * aspect).ceil() as usize).clamp(1, CELLS),
                CELLS,
            )
        };
        let mut marked = vec![false; cols * rows];
        let cell = |p: Pos2| {
            let u = ((p.x - bounds.min.x) / bounds.width() * cols as f32).floor();
            let v = ((p.y - bounds.min.y) / bounds.height() * rows as f32).floor();
            (
                (u.max(0.0) as usize).min(cols - 1),
                (v.max(0.0) as usize).min(rows - 1),
            )
        };
        for card in &scene.cards {
            let (x0, y0) = cell(card.rect.min);
            let (x1, y1) = cell(card.rect.max);
            for y in y0..=y1 {
                marked[y * cols + x0..=y * cols + x1].fill(true);
            }
        }
        let mut runs = Vec::new();
        for y in 0..rows {
            let mut x = 0;
            while x < cols {
                if !marked[y * cols + x] {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < cols && marked[y * cols + x] {
                    x += 1;
                }
                runs.push(Rect::from_min_max(
                    pos2(start as f32 / cols as f32, y as f32 / rows as f32),
                    pos2(x as f32 / cols as f32, (y + 1) as f32 / rows as f32),
                ));
            }
        }
        Self { bounds, runs }
    }

    /// Draws the minimap in the canvas's bottom-right corner; returns the chart point
    /// the user clicked or dragged to, if any.
    pub fn ui(
        &self,
        ui: &mut Ui,
        t: &'static Strings,
        canvas: Rect,
        visible: Rect,
    ) -> Option<Pos2> {
        // With the whole chart on screen a minimap would only repeat it, small.
        if self.runs.is_empty() || visible.contains_rect(self.bounds) {
            return None;
        }
        // At most a fifth of the canvas either way, so it never crowds a small window.
        let max = MAX_SIZE.min(canvas.size() / 5.0).max(vec2(40.0, 30.0));
        let aspect = self.bounds.width() / self.bounds.height();
        let size = if aspect >= max.x / max.y {
            vec2(max.x, (max.x / aspect).max(12.0))
        } else {
            vec2((max.y * aspect).max(12.0), max.y)
        };
        let frame = Rect::from_min_size(canvas.max - size - vec2(12.0, 12.0), size);
        let painter = ui.painter_at(canvas);
        painter.rect(
            frame.expand(3.0),
            4.0,
            Color32::from_white_alpha(230),
            Stroke::new(1.0, Color32::from_gray(190)),
            StrokeKind::Inside,
        );
        let to_frame = |u: Pos2| frame.min + u.to_vec2() * frame.size();
        for r in &self.runs {
            painter.rect_filled(
                Rect::from_min_max(to_frame(r.min), to_frame(r.max)),
                0.0,
                Color32::from_gray(150),
            );
        }
        // The part of the chart on screen.
        let unit = |p: Pos2| {
            pos2(
                (p.x - self.bounds.min.x) / self.bounds.width(),
                (p.y - self.bounds.min.y) / self.bounds.height(),
            )
        };
        let view = Rect::from_min_max(to_frame(unit(visible.min)), to_frame(unit(visible.max)))
            .intersect(frame.expand(2.0));
        if view.is_positive() {
            painter.rect_stroke(
                view,
                0.0,
                Stroke::new(1.5, Color32::from_rgb(40, 110, 220)),
                StrokeKind::Middle,
            );
        }
        let resp = ui.interact(frame, egui::Id::unique("minimap"), Sense::click_and_drag());
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, t.minimap));
        let pointer = resp
            .interact_pointer_pos()
            .filter(|_| resp.clicked() || resp.dragged())?;
        let u = (pointer - frame.min) / frame.size();
        Some(self.bounds.min + u * self.bounds.size())
    }
}
