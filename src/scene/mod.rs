//! One description of what is drawn, in chart units: cards, connectors and text lines.
//! The canvas and every exporter paint this same scene, so what you see is what you export.

pub mod fonts;
mod measure;
mod theme;

pub use measure::Measurer;
pub use theme::Theme;

use std::collections::BTreeMap;

use emath::{Pos2, Rect, Vec2, pos2, vec2};
use epaint::Color32;

use crate::layout::{LayoutParams, layout};
use crate::model::{Chart, LineKind, RoleId};

/// A line of text, already broken: painters never re-wrap, so line breaks cannot differ.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    pub text: String,
    /// Top-left corner of the line's box.
    pub pos: Pos2,
    /// From `pos.y` down to the baseline.
    pub baseline: f32,
    pub size: f32,
    pub color: Color32,
}

/// A role's card.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub role: RoleId,
    pub rect: Rect,
    pub fill: Color32,
    pub stroke: Color32,
    pub stroke_width: f32,
    pub corner_radius: f32,
    /// Dashed outline: a role that is named but not described.
    pub dashed: bool,
    pub text: Vec<TextLine>,
}

/// A reporting line, as an orthogonal polyline from superior to subordinate.
#[derive(Clone, Debug, PartialEq)]
pub struct Connector {
    pub superior: RoleId,
    pub subordinate: RoleId,
    pub kind: LineKind,
    pub points: Vec<Pos2>,
    pub color: Color32,
    pub width: f32,
    /// (dash, gap) lengths for dashed lines.
    pub dash: Option<(f32, f32)>,
}

/// Everything to draw, connectors first (below the cards).
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub background: Color32,
    pub connectors: Vec<Connector>,
    pub cards: Vec<Card>,
    /// Encloses every card and connector.
    pub bounds: Rect,
}

impl Default for Scene {
    fn default() -> Self {
        Self {
            background: Color32::WHITE,
            connectors: Vec::new(),
            cards: Vec::new(),
            bounds: Rect::ZERO,
        }
    }
}

impl Scene {
    pub fn card(&self, role: RoleId) -> Option<&Card> {
        self.cards.iter().find(|c| c.role == role)
    }

    /// The topmost card under `pos`.
    pub fn card_at(&self, pos: Pos2) -> Option<&Card> {
        self.cards.iter().rev().find(|c| c.rect.contains(pos))
    }
}

/// Fixed card metrics, in chart units.
const CARD_WIDTH: f32 = 176.0;
const PADDING: f32 = 10.0;
const TITLE_SIZE: f32 = 15.0;
const DEPT_SIZE: f32 = 12.0;
const LINE_GAP: f32 = 3.0;
const MIN_HEIGHT: f32 = 54.0;

/// Builds the scene for `chart`. `moved` overrides card centres (a drag in progress),
/// so lines follow a card before the move is committed as an edit.
pub fn build(
    chart: &Chart,
    theme: &Theme,
    measurer: &mut Measurer,
    moved: &BTreeMap<RoleId, Pos2>,
) -> Scene {
    measurer.begin();
    let inner = CARD_WIDTH - 2.0 * PADDING;
    let title_h = measurer.row_height(TITLE_SIZE);
    let dept_h = measurer.row_height(DEPT_SIZE);
    let title_base = measurer.baseline(TITLE_SIZE);
    let dept_base = measurer.baseline(DEPT_SIZE);

    // Measure every card first: the layout needs the sizes.
    let mut texts: BTreeMap<RoleId, Vec<(String, f32, f32, Color32)>> = BTreeMap::new();
    let mut sizes = BTreeMap::new();
    for role in chart.roles() {
        let title = if role.title.trim().is_empty() {
            "—"
        } else {
            role.title.as_str()
        };
        let mut lines: Vec<(String, f32, f32, Color32)> = measurer
            .wrap(title, TITLE_SIZE, inner, 3)
            .into_iter()
            .map(|(s, w)| (s, w, TITLE_SIZE, theme.title))
            .collect();
        let second = if role.placeholder {
            "（未描述）"
        } else {
            role.department.as_str()
        };
        if !second.trim().is_empty() {
            lines.extend(
                measurer
                    .wrap(second, DEPT_SIZE, inner, 2)
                    .into_iter()
                    .map(|(s, w)| (s, w, DEPT_SIZE, theme.subtitle)),
            );
        }
        let text_h: f32 = lines
            .iter()
            .map(|l| if l.2 == TITLE_SIZE { title_h } else { dept_h })
            .sum::<f32>()
            + LINE_GAP * lines.len().saturating_sub(1) as f32;
        sizes.insert(
            role.id,
            vec2(CARD_WIDTH, (text_h + 2.0 * PADDING).max(MIN_HEIGHT)),
        );
        texts.insert(role.id, lines);
    }

    let params = LayoutParams::default();
    let placed = layout(chart, &sizes, &params);
    let rect_of = |id: RoleId| {
        let c = moved
            .get(&id)
            .or_else(|| placed.centers.get(&id))
            .copied()
            .unwrap_or(Pos2::ZERO);
        Rect::from_center_size(c, sizes.get(&id).copied().unwrap_or(Vec2::ZERO))
    };

    let mut cards = Vec::with_capacity(chart.len());
    for role in chart.roles() {
        let rect = rect_of(role.id);
        let lines = texts.remove(&role.id).unwrap_or_default();
        let text_h: f32 = lines
            .iter()
            .map(|l| if l.2 == TITLE_SIZE { title_h } else { dept_h })
            .sum::<f32>()
            + LINE_GAP * lines.len().saturating_sub(1) as f32;
        let mut y = rect.center().y - text_h / 2.0;
        let text = lines
            .into_iter()
            .map(|(s, w, size, color)| {
                let h = if size == TITLE_SIZE { title_h } else { dept_h };
                let line = TextLine {
                    text: s,
                    pos: pos2(rect.center().x - w / 2.0, y),
                    baseline: if size == TITLE_SIZE {
                        title_base
                    } else {
                        dept_base
                    },
                    size,
                    color: if role.placeholder {
                        theme.subtitle
                    } else {
                        color
                    },
                };
                y += h + LINE_GAP;
                line
            })
            .collect();
        cards.push(Card {
            role: role.id,
            rect,
            fill: if role.placeholder {
                theme.placeholder_fill
            } else {
                theme.card_fill
            },
            stroke: theme.card_stroke,
            stroke_width: 1.0,
            corner_radius: 6.0,
            dashed: role.placeholder,
            text,
        });
    }

    let connectors = connectors(chart, theme, &params, &rect_of);
    let mut bounds = Rect::NOTHING;
    for c in &cards {
        bounds = bounds.union(c.rect);
    }
    for c in &connectors {
        for &p in &c.points {
            bounds.extend_with(p);
        }
    }
    if !bounds.is_positive() {
        bounds = Rect::from_min_size(Pos2::ZERO, Vec2::ZERO);
    }
    Scene {
        background: theme.background,
        connectors,
        cards,
        bounds,
    }
}

/// Elbow connectors: down from the superior, across, down into the subordinate. A role
/// with several superiors gets its incoming lines spread along its top edge, each with
/// its own horizontal run, so every line can be followed to its end.
fn connectors(
    chart: &Chart,
    theme: &Theme,
    params: &LayoutParams,
    rect_of: &dyn Fn(RoleId) -> Rect,
) -> Vec<Connector> {
    let mut out = Vec::new();
    for role in chart.roles() {
        let n = role.superiors.len();
        let sub = rect_of(role.id);
        for (k, &sup_id) in role.superiors.iter().enumerate() {
            if !chart.contains(sup_id) || sup_id == role.id {
                continue;
            }
            let sup = rect_of(sup_id);
            let kind = if k == 0 {
                LineKind::Primary
            } else {
                LineKind::Secondary
            };
            let spread = 18.0_f32.min(sub.width() / (n as f32 + 1.0));
            let end = pos2(
                sub.center().x + (k as f32 - (n as f32 - 1.0) / 2.0) * spread,
                sub.top(),
            );
            let start = pos2(sup.center().x, sup.bottom());
            let run_y = if start.y < end.y {
                let gap = (end.y - start.y).min(params.level_gap);
                end.y - gap * (0.5 + 0.15 * k as f32).min(0.9)
            } else {
                // Superior placed below by hand: go straight across above the subordinate.
                end.y - params.level_gap * 0.3
            };
            let points = vec![start, pos2(start.x, run_y), pos2(end.x, run_y), end];
            let (color, dash) = match kind {
                LineKind::Primary => (theme.line, None),
                LineKind::Secondary => (theme.secondary_line, Some((6.0, 4.0))),
            };
            out.push(Connector {
                superior: sup_id,
                subordinate: role.id,
                kind,
                points,
                color,
                width: 1.5,
                dash,
            });
        }
    }
    out
}
