//! One description of what is drawn, in chart units: cards, connectors and text lines.
//! The canvas and every exporter paint this same scene, so what you see is what you export.

pub mod fonts;
mod measure;
mod patch;
mod theme;

pub use measure::Measurer;
pub use patch::{Patched, patch};
pub use theme::Theme;

use std::sync::Arc;

use emath::{Pos2, Rect, Vec2, pos2, vec2};
use epaint::Color32;

use crate::layout::{self, LayoutParams, Live, Plan};
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
    /// How wide the line is measured: it is centred on its card by this.
    pub width: f32,
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

/// A card's lines of text (title, department, "+N" when folded), not yet placed, and
/// the card's size.
fn card_text(
    role: &Role,
    hidden: u32,
    theme: &Theme,
    measurer: &mut Measurer,
    m: &Metrics,
) -> (Vec<TextLine>, Vec2) {
    let title = if role.title.trim().is_empty() {
        "—"
    } else {
        role.title.as_str()
    };
    let mut lines = Vec::new();
    let mut add = |text: &str, size: f32, max_lines: usize, color: Color32| {
        // A placeholder's card is all in the subdued colour.
        let color = if role.placeholder {
            theme.subtitle
        } else {
            color
        };
        lines.extend(
            measurer
                .wrap(text, size, m.inner, max_lines)
                .iter()
                .map(|(s, w)| TextLine {
                    text: s.clone(),
                    pos: Pos2::ZERO,
                    baseline: if size == TITLE_SIZE {
                        m.title_base
                    } else {
                        m.dept_base
                    },
                    width: *w,
                    size,
                    color,
                }),
        );
    };
    add(title, TITLE_SIZE, 3, theme.title);
    let second = if role.placeholder {
        "（未描述）"
    } else {
        role.department.as_str()
    };
    if !second.trim().is_empty() {
        add(second, DEPT_SIZE, 2, theme.subtitle);
    }
    if hidden > 0 {
        // A folded card says how much it hides.
        add(&format!("+{hidden}"), DEPT_SIZE, 1, theme.secondary_line);
    }
    let text_h = text_height(&lines, m);
    let size = vec2(CARD_WIDTH, (text_h + 2.0 * PADDING).max(MIN_HEIGHT));
    (lines, size)
}

fn text_height(lines: &[TextLine], m: &Metrics) -> f32 {
    lines.iter().map(|l| m.height(l.size)).sum::<f32>()
        + LINE_GAP * lines.len().saturating_sub(1) as f32
}

/// Centres the lines in `rect`, top to bottom: where a card is built, and again
/// wherever it moves to, to the same bits.
fn place_text(lines: &mut [TextLine], rect: Rect, m: &Metrics) {
    let mut y = rect.center().y - text_height(lines, m) / 2.0;
    for line in lines {
        line.pos = pos2(rect.center().x - line.width / 2.0, y);
        y += m.height(line.size) + LINE_GAP;
    }
}

/// Builds the scene for `chart`. (A drag in progress is the canvas's business: it
/// draws the card where the pointer is, and the move becomes an edit on drop.)
pub fn build(chart: &Chart, theme: &Theme, measurer: &mut Measurer) -> Scene {
    build_with(chart, theme, measurer, false).0
}

/// What a scene was built from, kept so that an edit can be drawn without building the
/// scene again (see [`patch`]): the layout, kept up to date edit by edit ([`Live`]),
/// each role's card rectangle (chart order), the cards not where the layout puts
/// them (see [`layout::Layout::displaced`]), and the departments.
pub struct Arranged {
    live: Live,
    rects: Vec<Rect>,
    displaced: Vec<u32>,
    departments: Departments,
}

/// The departments cards are coloured by: every one, in order of first appearance
/// (the legend, when there are two or more); how many roles each has; each role's
/// (chart order; `NO_DEPARTMENT` for none). A role added in a new department, or the
/// last role of one taken away, changes the legend: the scene is built again.
struct Departments {
    names: Vec<String>,
    count: Vec<u32>,
    of: Vec<u32>,
}

/// [`build`], and what it was built from.
pub fn build_arranged(chart: &Chart, theme: &Theme, measurer: &mut Measurer) -> (Scene, Arranged) {
    let (scene, arranged) = build_with(chart, theme, measurer, true);
    let Some(arranged) = arranged else {
        unreachable!("build_with keeps what it built from when asked to")
    };
    (scene, arranged)
}

fn build_with(
    chart: &Chart,
    theme: &Theme,
    measurer: &mut Measurer,
    keep: bool,
) -> (Scene, Option<Arranged>) {
    measurer.begin();
    let m = Metrics::new(measurer);
    let plan = Plan::new(chart);

    // Measure every card first: the layout needs the sizes. Departments are told apart
    // in the same pass (a role's strings are a cache miss each time they are visited).
    let mut texts: Vec<Vec<TextLine>> = Vec::with_capacity(chart.len());
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
    let names: Option<Vec<String>> = keep.then(|| legend.iter().map(|(d, _)| d.clone()).collect());
    // Colours only when there is more than one department to tell apart.
    if legend.len() < 2 {
        legend.clear();
    }

    let orientation = chart.arrangement.orientation;
    let params = LayoutParams::default();
    // Kept up to date (for the app), or laid out once (for an export, which needs
    // none of that state).
    let mut live = None;
    let once;
    let layout = if keep {
        live.insert(Live::new(plan, orientation, sizes.clone(), &params))
            .layout()
    } else {
        once = layout::arrange(plan, orientation, &sizes, &params);
        &once
    };
    let rects: Vec<Rect> = chart
        .roles()
        .enumerate()
        .map(|(i, role)| card_rect(role, layout, sizes[i], i))
        .collect();

    let mut cards = Vec::with_capacity(layout.order.len());
    for (i, (role, text)) in chart.roles().zip(texts).enumerate() {
        if !layout.visible[i] {
            continue;
        }
        let department = legend.get(department_of[i] as usize);
        let mut card = new_card(role, department, text, layout.hidden_below[i], theme);
        place_card(&mut card, layout, i, rects[i], &m);
        cards.push(card);
    }

    let displaced = layout.displaced(&rects);
    let connectors = connectors(layout, &rects, &displaced, theme);
    let scene = Scene {
        background: theme.background,
        bounds: bounds(&cards, &connectors),
        connectors,
        cards,
        legend,
    };
    let arranged = live.zip(names).map(|(live, names)| {
        let mut count = vec![0; names.len()];
        for &d in &department_of {
            if let Some(c) = count.get_mut(d as usize) {
                *c += 1;
            }
        }
        Arranged {
            live,
            rects,
            displaced,
            departments: Departments {
                names,
                count,
                of: department_of,
            },
        }
    });
    (scene, arranged)
}

/// `role`'s card, not yet placed (see [`place_card`]), filled with its department's
/// colour in the legend if it has one.
fn new_card(
    role: &Role,
    department: Option<&(String, Color32)>,
    text: Vec<TextLine>,
    hidden: u32,
    theme: &Theme,
) -> Card {
    Card {
        role: role.id,
        rect: Rect::NOTHING,
        fill: match department {
            _ if role.placeholder => theme.placeholder_fill,
            Some(&(_, fill)) => fill,
            None => theme.card_fill,
        },
        stroke: theme.card_stroke,
        stroke_width: 1.0,
        corner_radius: 6.0,
        dashed: role.placeholder,
        text,
        toggle: None,
        collapsed: role.collapsed,
        hidden,
        pinned: role.pinned,
    }
}

/// Puts role `i`'s card, its text and its toggle at `rect`.
fn place_card(card: &mut Card, layout: &layout::Layout, i: usize, rect: Rect, m: &Metrics) {
    card.rect = rect;
    card.toggle = toggle(layout, i, rect);
    place_text(&mut card.text, rect, m);
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
fn connectors(
    placed: &layout::Layout,
    rects: &[Rect],
    displaced: &[u32],
    theme: &Theme,
) -> Vec<Connector> {
    let routes = placed.routes(rects, displaced);
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
