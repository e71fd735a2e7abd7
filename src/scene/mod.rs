//! One description of what is drawn, in chart units: cards, connectors and text lines.
//! The canvas and every exporter paint this same scene, so what you see is what you export.

pub mod fonts;
mod measure;
mod theme;

pub use measure::Measurer;
pub use theme::Theme;

use std::sync::Arc;

use emath::{Pos2, Rect, Vec2, pos2, vec2};
use epaint::Color32;

use crate::layout::{self, LayoutParams, Plan};
use crate::model::{Chart, LineKind, Orientation, Role, RoleId};

/// A line of text, already broken: painters never re-wrap, so line breaks cannot differ.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    /// Shared with every card that shows the same line (and the measuring memo).
    pub text: Arc<str>,
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
    /// Where the fold/unfold toggle sits (on the edge facing its subordinates), for a
    /// role with subordinates in the tree. The canvas draws it; exports leave it out.
    pub toggle: Option<Pos2>,
    pub collapsed: bool,
    /// For a folded card, how many roles its fold hides (it says "+N").
    pub hidden: u32,
    /// Placed by hand: Layout leaves it where it is.
    pub pinned: bool,
}

/// A reporting line, or the shared part of several, as an orthogonal polyline.
#[derive(Clone, Debug, PartialEq)]
pub struct Connector {
    pub superior: RoleId,
    /// `None` for a trunk that several of the superior's lines share (drawn once).
    pub subordinate: Option<RoleId>,
    pub kind: LineKind,
    pub points: Vec<Pos2>,
    pub color: Color32,
    pub width: f32,
    /// (dash, gap) lengths for dashed lines.
    pub dash: Option<(f32, f32)>,
}

/// Everything to draw, connectors first (below the cards). Cards are in role id order.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub background: Color32,
    pub connectors: Vec<Connector>,
    pub cards: Vec<Card>,
    /// Encloses every card and connector.
    pub bounds: Rect,
    /// Department colours, in order of first appearance; empty when the chart has one
    /// department (or none), whose cards keep the plain fill.
    pub legend: Vec<(String, Color32)>,
}

impl Default for Scene {
    fn default() -> Self {
        Self {
            background: Color32::WHITE,
            connectors: Vec::new(),
            cards: Vec::new(),
            bounds: Rect::ZERO,
            legend: Vec::new(),
        }
    }
}

impl Scene {
    /// A role's card. Cards are in role id order (as the chart lists roles), so this
    /// is a binary search, not a scan: it is called once per role in some edits.
    pub fn card(&self, role: RoleId) -> Option<&Card> {
        self.cards
            .binary_search_by_key(&role, |c| c.role)
            .ok()
            .map(|i| &self.cards[i])
    }

    /// The topmost card under `pos`.
    pub fn card_at(&self, pos: Pos2) -> Option<&Card> {
        self.cards.iter().rev().find(|c| c.rect.contains(pos))
    }
}

/// A role with no department of its own colour (none, or a placeholder).
const NO_DEPARTMENT: u32 = u32::MAX;

/// Fixed card metrics, in chart units.
const CARD_WIDTH: f32 = 176.0;
const PADDING: f32 = 10.0;
const TITLE_SIZE: f32 = 15.0;
const DEPT_SIZE: f32 = 12.0;
const LINE_GAP: f32 = 3.0;
const MIN_HEIGHT: f32 = 54.0;

/// The scene for `chart` with the default theme, as exports and tests draw it.
pub fn build_plain(chart: &Chart) -> Scene {
    build(chart, &Theme::default(), &mut Measurer::new())
}

/// Text heights and baselines, the same for every card.
struct Metrics {
    /// Width text wraps to.
    inner: f32,
    title_h: f32,
    dept_h: f32,
    title_base: f32,
    dept_base: f32,
}

impl Metrics {
    fn new(measurer: &mut Measurer) -> Self {
        Self {
            inner: CARD_WIDTH - 2.0 * PADDING,
            title_h: measurer.row_height(TITLE_SIZE),
            dept_h: measurer.row_height(DEPT_SIZE),
            title_base: measurer.baseline(TITLE_SIZE),
            dept_base: measurer.baseline(DEPT_SIZE),
        }
    }

    fn height(&self, size: f32) -> f32 {
        if size == TITLE_SIZE {
            self.title_h
        } else {
            self.dept_h
        }
    }
}

/// A card's text before it is placed: (line, width, font size, colour) per line.
type CardText = Vec<(Arc<str>, f32, f32, Color32)>;

/// A card's lines of text (title, department, "+N" when folded) and the card's size.
fn card_text(
    role: &Role,
    hidden: u32,
    theme: &Theme,
    measurer: &mut Measurer,
    m: &Metrics,
) -> (CardText, Vec2) {
    let title = if role.title.trim().is_empty() {
        "—"
    } else {
        role.title.as_str()
    };
    let mut lines: CardText = measurer
        .wrap(title, TITLE_SIZE, m.inner, 3)
        .iter()
        .map(|(s, w)| (s.clone(), *w, TITLE_SIZE, theme.title))
        .collect();
    let second = if role.placeholder {
        "（未描述）"
    } else {
        role.department.as_str()
    };
    if !second.trim().is_empty() {
        lines.extend(
            measurer
                .wrap(second, DEPT_SIZE, m.inner, 2)
                .iter()
                .map(|(s, w)| (s.clone(), *w, DEPT_SIZE, theme.subtitle)),
        );
    }
    if hidden > 0 {
        // A folded card says how much it hides.
        lines.extend(
            measurer
                .wrap(&format!("+{hidden}"), DEPT_SIZE, m.inner, 1)
                .iter()
                .map(|(s, w)| (s.clone(), *w, DEPT_SIZE, theme.secondary_line)),
        );
    }
    let text_h = text_height(&lines, m);
    let size = vec2(CARD_WIDTH, (text_h + 2.0 * PADDING).max(MIN_HEIGHT));
    (lines, size)
}

fn text_height(lines: &CardText, m: &Metrics) -> f32 {
    lines.iter().map(|l| m.height(l.2)).sum::<f32>()
        + LINE_GAP * lines.len().saturating_sub(1) as f32
}

/// The lines centred in `rect`, top to bottom.
fn place_text(
    lines: CardText,
    rect: Rect,
    placeholder: bool,
    theme: &Theme,
    m: &Metrics,
) -> Vec<TextLine> {
    let mut y = rect.center().y - text_height(&lines, m) / 2.0;
    lines
        .into_iter()
        .map(|(s, w, size, color)| {
            let line = TextLine {
                text: s,
                pos: pos2(rect.center().x - w / 2.0, y),
                baseline: if size == TITLE_SIZE {
                    m.title_base
                } else {
                    m.dept_base
                },
                size,
                color: if placeholder { theme.subtitle } else { color },
            };
            y += m.height(size) + LINE_GAP;
            line
        })
        .collect()
}

/// Puts `role`'s new title on its card, if the card keeps its size (so that nothing
/// else in the picture moves); false if the scene has to be built again instead.
/// Typing into a title of a 100,000-role chart then redraws one card, not all.
pub fn retitle(scene: &mut Scene, role: &Role, theme: &Theme, measurer: &mut Measurer) -> bool {
    let Ok(k) = scene.cards.binary_search_by_key(&role.id, |c| c.role) else {
        // A hidden role: its card is not drawn, its title is not shown.
        return true;
    };
    let m = Metrics::new(measurer);
    let card = &mut scene.cards[k];
    let size = card.rect.size();
    // The rectangle was made from the size around a centre: far from the origin its
    // size may come back a rounding error off, which is still the same card.
    let fits = |new: Vec2| (new - size).abs().max_elem() <= 1e-3;
    redraw_text(card, role, theme, measurer, &m, fits)
}

/// Lays `role`'s text out on `card` again, where the card now is, if `fits` its new
/// size; says whether it did.
fn redraw_text(
    card: &mut Card,
    role: &Role,
    theme: &Theme,
    measurer: &mut Measurer,
    m: &Metrics,
    fits: impl FnOnce(Vec2) -> bool,
) -> bool {
    let (lines, size) = card_text(role, card.hidden, theme, measurer, m);
    if !fits(size) {
        return false;
    }
    card.text = place_text(lines, card.rect, role.placeholder, theme, m);
    true
}

/// Builds the scene for `chart`. (A drag in progress is the canvas's business: it
/// draws the card where the pointer is, and the move becomes an edit on drop.)
pub fn build(chart: &Chart, theme: &Theme, measurer: &mut Measurer) -> Scene {
    build_arranged(chart, theme, measurer).0
}

/// What a scene was built from: the layout, and each role's card size and rectangle
/// (chart order). Moving cards by hand changes only rectangles, so the app keeps this
/// to redraw moved cards and their lines without laying the chart out again. (The
/// sizes of hidden roles are not kept up to date by [`retitle`]: nothing draws them.)
pub struct Arranged {
    layout: layout::Layout,
    sizes: Vec<Vec2>,
    rects: Vec<Rect>,
}

/// [`build`], and what it was built from.
pub fn build_arranged(chart: &Chart, theme: &Theme, measurer: &mut Measurer) -> (Scene, Arranged) {
    measurer.begin();
    let m = Metrics::new(measurer);
    let plan = Plan::new(chart);

    // Measure every card first: the layout needs the sizes. Departments are told apart
    // in the same pass (a role's strings are a cache miss each time they are visited).
    let mut texts: Vec<CardText> = Vec::with_capacity(chart.len());
    let mut sizes = Vec::with_capacity(chart.len());
    let mut departments: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut legend = Vec::new();
    // Each role's place in `legend`, or `NO_DEPARTMENT`.
    let mut department_of = Vec::with_capacity(chart.len());
    for (i, role) in chart.roles().enumerate() {
        let d = role.department.trim();
        department_of.push(if d.is_empty() || role.placeholder {
            NO_DEPARTMENT
        } else {
            *departments.entry(d).or_insert_with(|| {
                legend.push((d.to_owned(), theme.department_fill(legend.len())));
                legend.len() as u32 - 1
            })
        });
        let (lines, size) = card_text(role, plan.hidden_below(i), theme, measurer, &m);
        sizes.push(size);
        texts.push(lines);
    }
    // Colours only when there is more than one department to tell apart.
    if legend.len() < 2 {
        legend.clear();
    }

    let placed = layout::arrange(
        plan,
        chart.arrangement.orientation,
        &sizes,
        &LayoutParams::default(),
    );
    let rects: Vec<Rect> = chart
        .roles()
        .enumerate()
        .map(|(i, role)| card_rect(role, &placed, sizes[i], i))
        .collect();

    let mut cards = Vec::with_capacity(placed.order.len());
    for (i, (role, lines)) in chart.roles().zip(texts).enumerate() {
        if !placed.visible[i] {
            continue;
        }
        let rect = rects[i];
        let text = place_text(lines, rect, role.placeholder, theme, &m);
        cards.push(Card {
            role: role.id,
            rect,
            fill: match legend.get(department_of[i] as usize) {
                _ if role.placeholder => theme.placeholder_fill,
                Some(&(_, fill)) => fill,
                None => theme.card_fill,
            },
            stroke: theme.card_stroke,
            stroke_width: 1.0,
            corner_radius: 6.0,
            dashed: role.placeholder,
            text,
            toggle: toggle(&placed, i, rect),
            collapsed: role.collapsed,
            hidden: placed.hidden_below[i],
            pinned: role.pinned,
        });
    }

    let connectors = connectors(&placed, &rects, theme);
    let scene = Scene {
        background: theme.background,
        bounds: bounds(&cards, &connectors),
        connectors,
        cards,
        legend,
    };
    let arranged = Arranged {
        layout: placed,
        sizes,
        rects,
    };
    (scene, arranged)
}

/// Where role `i`'s card is drawn: at its stored position, else where the layout put it.
fn card_rect(role: &Role, placed: &layout::Layout, size: Vec2, i: usize) -> Rect {
    let c = role.position.map_or(placed.centers[i], |[x, y]| pos2(x, y));
    Rect::from_center_size(c, size)
}

/// Where the fold toggle of role `i`'s card sits, if it has subordinates: on the edge
/// facing them.
fn toggle(placed: &layout::Layout, i: usize, rect: Rect) -> Option<Pos2> {
    placed
        .has_subordinates(i)
        .then(|| match placed.orientation {
            Orientation::TopDown => pos2(rect.center().x, rect.bottom()),
            Orientation::LeftRight => pos2(rect.right(), rect.center().y),
        })
}

/// Every reporting line, routed between the cards where they are drawn.
fn connectors(placed: &layout::Layout, rects: &[Rect], theme: &Theme) -> Vec<Connector> {
    let routes = placed.routes(rects);
    routes
        .lines
        .iter()
        .map(|r| {
            let (color, dash) = match r.kind {
                LineKind::Secondary => (theme.secondary_line, Some((6.0, 4.0))),
                LineKind::Primary => (theme.line, None),
            };
            Connector {
                superior: placed.id(r.superior as usize),
                subordinate: (r.subordinate != u32::MAX).then(|| placed.id(r.subordinate as usize)),
                kind: r.kind,
                points: routes.points(r).to_vec(),
                color,
                width: 1.5,
                dash,
            }
        })
        .collect()
}

/// Encloses every card and connector.
fn bounds(cards: &[Card], connectors: &[Connector]) -> Rect {
    let mut bounds = Rect::NOTHING;
    for c in cards {
        bounds = bounds.union(c.rect);
    }
    for c in connectors {
        for &p in &c.points {
            bounds.extend_with(p);
        }
    }
    if bounds.is_positive() {
        bounds
    } else {
        Rect::from_min_size(Pos2::ZERO, Vec2::ZERO)
    }
}

/// Redraws the cards of `moved` roles where they now stand (their stored positions, or
/// the layout's when those were dropped) and every line, as [`build`] would: moving
/// cards by hand changes neither the layout nor any card's size or text. `arranged`
/// must be what `scene` was built from, for a chart with the same roles (any other
/// change is built again); false if a moved role is not among them.
pub fn redraw_moved(
    scene: &mut Scene,
    arranged: &mut Arranged,
    chart: &Chart,
    moved: &[RoleId],
    theme: &Theme,
    measurer: &mut Measurer,
) -> bool {
    if arranged.rects.len() != chart.len() {
        return false;
    }
    let m = Metrics::new(measurer);
    let mut drawn = false;
    for &id in moved {
        let (Some(i), Some(role)) = (arranged.layout.index.get(id), chart.role(id)) else {
            return false;
        };
        let rect = card_rect(role, &arranged.layout, arranged.sizes[i], i);
        arranged.rects[i] = rect;
        let Ok(k) = scene.cards.binary_search_by_key(&id, |c| c.role) else {
            // Not drawn (folded away): only its rectangle is kept.
            continue;
        };
        let card = &mut scene.cards[k];
        card.rect = rect;
        card.toggle = toggle(&arranged.layout, i, rect);
        card.pinned = role.pinned;
        redraw_text(card, role, theme, measurer, &m, |_| true);
        drawn = true;
    }
    if drawn {
        scene.connectors = connectors(&arranged.layout, &arranged.rects, theme);
        scene.bounds = bounds(&scene.cards, &scene.connectors);
    }
    true
}
