//! The canvas: paints the scene under a pan/zoom camera and turns pointer input into
//! selection, card drags and camera moves. It never edits the chart itself.

use egui::{
    Align2, Color32, FontId, Id, Pos2, Rect, Response, Sense, Shape, Stroke, StrokeKind, Ui, Vec2,
    WidgetInfo, pos2,
};

use std::collections::HashSet;

use super::i18n::Strings;
use super::minimap::Minimap;
use super::selection::{LineRef, Selection};
use super::spatial::SpatialIndex;
use crate::model::{LineKind, RoleId};
use crate::scene::{Card, Scene};

/// Maps chart units to screen points: `screen = canvas.min + pan + chart * zoom`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub zoom: f32,
    pub pan: Vec2,
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            pan: Vec2::ZERO,
        }
    }
}

/// Small enough to fit a million-role chart (drawn as an overview at that size).
pub const MIN_ZOOM: f32 = 0.0005;
pub const MAX_ZOOM: f32 = 4.0;

impl Camera {
    pub fn to_screen(&self, canvas: Rect, p: Pos2) -> Pos2 {
        canvas.min + self.pan + p.to_vec2() * self.zoom
    }

    pub fn to_chart(&self, canvas: Rect, p: Pos2) -> Pos2 {
        ((p - canvas.min - self.pan) / self.zoom).to_pos2()
    }

    fn rect_to_screen(&self, canvas: Rect, r: Rect) -> Rect {
        Rect::from_min_max(self.to_screen(canvas, r.min), self.to_screen(canvas, r.max))
    }

    /// The part of the chart on screen (chart units).
    fn visible(&self, canvas: Rect) -> Rect {
        Rect::from_min_max(
            self.to_chart(canvas, canvas.min),
            self.to_chart(canvas, canvas.max),
        )
    }

    /// Shows all of `bounds`, centred, at no more than 100 %.
    pub fn fit(&mut self, canvas: Rect, bounds: Rect) {
        let margin = 32.0;
        let avail = (canvas.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
        let size = bounds.size().max(Vec2::splat(1.0));
        self.zoom = (avail.x / size.x)
            .min(avail.y / size.y)
            .clamp(MIN_ZOOM, 1.0);
        self.pan = canvas.size() / 2.0 - bounds.center().to_vec2() * self.zoom;
    }

    /// Zooms by `factor`, keeping the chart point under `anchor` (screen) in place.
    pub fn zoom_around(&mut self, canvas: Rect, anchor: Pos2, factor: f32) {
        let before = self.to_chart(canvas, anchor);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        self.pan = anchor - canvas.min - before.to_vec2() * self.zoom;
    }

    /// Pans so that the chart point `p` is at the canvas centre.
    pub fn center_on(&mut self, canvas: Rect, p: Pos2) {
        self.pan = canvas.size() / 2.0 - p.to_vec2() * self.zoom;
    }
}

/// What the user did on the canvas this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum CanvasEvent {
    /// A plain click: just this role (or nothing, on the background).
    Select(Option<RoleId>),
    /// Ctrl- or Shift-click: add the role to the selection or take it out.
    Toggle(RoleId),
    /// A selection box (Shift- or Ctrl-drag on the background): the roles inside are
    /// added to the selection (chart units).
    SelectBox(Rect),
    /// A click on a reporting line.
    SelectLine(LineRef),
    /// A line drawn from `superior`'s handle to `subordinate`'s card.
    Connect {
        superior: RoleId,
        subordinate: RoleId,
    },
    /// A card is being dragged; its centre would be here (chart units).
    DragCard { role: RoleId, center: Pos2 },
    /// The drag ended: commit the move.
    DropCard { role: RoleId, center: Pos2 },
    /// Fold or unfold the role's subtree.
    ToggleCollapse(RoleId),
    /// A card dropped onto another: report to it (as a secondary line with Alt).
    DropOnto {
        role: RoleId,
        onto: RoleId,
        secondary: bool,
    },
}

/// Per-frame inputs that belong to the app, not the scene.
pub struct CanvasState<'a> {
    /// The texts of the hint, the legend and the widgets' labels.
    pub t: &'static Strings,
    pub camera: &'a mut Camera,
    pub selection: &'a Selection,
    /// The drag in progress: role and the pointer's offset from the card centre.
    pub grab: &'a mut Option<(RoleId, Vec2)>,
    /// Where the dragged card is now (chart units); drawn there without rebuilding the scene.
    pub preview: Option<(RoleId, Pos2)>,
    /// The cards that follow the dragged one (it included): the selection when the
    /// dragged card is part of it.
    pub moving: &'a HashSet<RoleId>,
    /// Where a selection box started (chart units), while one is drawn.
    pub band: &'a mut Option<Pos2>,
    /// The role whose line handle is being dragged.
    pub link: &'a mut Option<RoleId>,
    /// Whether dropping the first role onto the second is allowed (secondary: Alt held).
    pub can_drop: &'a dyn Fn(RoleId, RoleId, bool) -> bool,
    pub fit_requested: &'a mut bool,
    pub center_on: &'a mut Option<Pos2>,
    /// Set the zoom to this, around the canvas centre.
    pub zoom_request: &'a mut Option<f32>,
    /// Show this part of the chart (zoom to selection).
    pub fit_to: &'a mut Option<Rect>,
}

/// Below this card width on screen the canvas shows an overview: where the cards
/// are, not each card (a fitted 100,000-role chart).
const OVERVIEW_CARD_PX: f32 = 6.0;

pub fn canvas_ui(
    ui: &mut Ui,
    scene: &Scene,
    index: &SpatialIndex,
    minimap: &Minimap,
    state: CanvasState<'_>,
) -> Vec<CanvasEvent> {
    let mut events = Vec::new();
    let (canvas, bg) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    let t = state.t;
    let camera = state.camera;
    if std::mem::take(state.fit_requested) {
        camera.fit(canvas, scene.bounds);
    }
    if let Some(p) = state.center_on.take() {
        camera.center_on(canvas, p);
    }
    if let Some(r) = state.fit_to.take() {
        camera.fit(canvas, r);
    }
    if let Some(z) = state.zoom_request.take() {
        camera.zoom_around(canvas, canvas.center(), z / camera.zoom);
    }

    // Camera: drag empty canvas to pan, wheel (or pinch / ctrl+wheel) to zoom. With
    // Shift or Ctrl held, the drag draws a selection box instead.
    let boxing = ui.input(|i| i.modifiers.shift || i.modifiers.command);
    if bg.drag_started()
        && boxing
        && let Some(p) = ui.input(|i| i.pointer.press_origin())
    {
        *state.band = Some(camera.to_chart(canvas, p));
    }
    if bg.dragged() && state.band.is_none() {
        camera.pan += bg.drag_delta();
    }
    let band = state.band.and_then(|start| {
        let now = camera.to_chart(canvas, bg.interact_pointer_pos()?);
        Some(Rect::from_two_pos(start, now))
    });
    if bg.drag_stopped() {
        if let Some(r) = band {
            events.push(CanvasEvent::SelectBox(r));
        }
        *state.band = None;
    }
    if bg.clicked() {
        let at = bg
            .interact_pointer_pos()
            .map(|p| camera.to_chart(canvas, p));
        let line = at.and_then(|p| line_at(scene, index, p, 6.0 / camera.zoom));
        events.push(match line {
            Some(l) => CanvasEvent::SelectLine(l),
            None => CanvasEvent::Select(None),
        });
    }
    if let Some(pointer) = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| canvas.contains(*p))
        && ui.rect_contains_pointer(canvas)
    {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = (scroll / 300.0).exp() * pinch;
        if (factor - 1.0).abs() > 1e-4 {
            camera.zoom_around(canvas, pointer, factor);
        }
    }

    let painter = ui.painter_at(canvas);
    painter.rect_filled(canvas, 0.0, scene.background);
    let zoom = camera.zoom;
    let visible = camera.visible(canvas);
    let card_px = scene.cards.first().map_or(0.0, |c| c.rect.width()) * zoom;
    if card_px < OVERVIEW_CARD_PX || SpatialIndex::cells_in(visible) > 20_000 {
        overview(&painter, scene, camera, canvas);
        overlays(ui, t, &painter, scene, minimap, camera, canvas);
        return events;
    }

    let (mut cards, mut wires) = (Vec::new(), Vec::new());
    let view = visible.expand(16.0);
    index.query(view, &mut cards, &mut wires);
    let dragged = state.preview.map(|(r, _)| r);
    // How far the dragged cards have moved.
    let shift = state
        .preview
        .and_then(|(r, c)| Some(c - scene.card(r)?.rect.center()))
        .unwrap_or(Vec2::ZERO);
    let moves = |role: RoleId| dragged.is_some() && state.moving.contains(&role);
    let moved_rect = |card: &Card| {
        if moves(card.role) {
            card.rect.translate(shift)
        } else {
            card.rect
        }
    };
    // The index answers by grid cell: of its cards, those on screen (a widget for a
    // card off screen would still be there for screen readers and tests).
    cards.retain(|&i| {
        let card = &scene.cards[i as usize];
        moves(card.role) || card.rect.intersects(view)
    });
    let line = state.selection.line();

    for &w in &wires {
        let c = &scene.connectors[w as usize];
        // Lines of the dragged cards are redrawn below, following them.
        if moves(c.superior) || c.subordinate.is_some_and(moves) {
            continue;
        }
        draw_wire(
            &painter, camera, canvas, &c.points, c.width, c.color, c.dash,
        );
    }
    if let Some(l) = line {
        highlight_line(ui, &painter, scene, camera, canvas, l);
    }
    if dragged.is_some() {
        for c in &scene.connectors {
            let Some(sub) = c.subordinate.filter(|&s| moves(c.superior) || moves(s)) else {
                continue;
            };
            let (Some(a), Some(b)) = (scene.card(c.superior), scene.card(sub)) else {
                continue;
            };
            let (a, b) = (moved_rect(a), moved_rect(b));
            let (from, to) = (a.center_bottom(), b.center_top());
            let mid = (from.y + to.y) / 2.0;
            let pts = [from, pos2(from.x, mid), pos2(to.x, mid), to];
            draw_wire(&painter, camera, canvas, &pts, c.width, c.color, c.dash);
        }
    }

    // The cards being dragged are drawn last, over the others; so is the drop target.
    let mut order: Vec<u32> = cards;
    if dragged.is_some() {
        let (still, moving): (Vec<u32>, Vec<u32>) = order
            .iter()
            .partition(|&&k| !moves(scene.cards[k as usize].role));
        order = still;
        order.extend(moving);
    }
    let pointer = ui.input(|i| i.pointer.interact_pos());
    let alt = ui.input(|i| i.modifiers.alt);
    // A drop onto another card reorganizes one role; a group only moves.
    let single = state.moving.len() <= 1;
    let target = match (dragged.filter(|_| single).or(*state.link), pointer) {
        (Some(r), Some(p)) => {
            let at = camera.to_chart(canvas, p);
            order
                .iter()
                .map(|&k| &scene.cards[k as usize])
                .rev()
                .find(|c| c.role != r && c.rect.contains(at))
                .map(|c| c.role)
        }
        _ => None,
    };

    for &k in &order {
        let card = &scene.cards[k as usize];
        let r = camera.rect_to_screen(canvas, moved_rect(card));
        let id = Id::unique(("role-card", card.role.0));
        let resp = ui.interact(r, id, Sense::click_and_drag());
        let label = card.text.first().map_or("", |t| &*t.text).to_owned();
        resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
        card_input(
            &resp,
            card.role,
            card.rect.center(),
            camera,
            canvas,
            state.grab,
            state.selection.contains(card.role),
            target.filter(|_| state.link.is_none()).map(|t| (t, alt)),
            &mut events,
        );

        let radius = card.corner_radius * zoom;
        let stroke = Stroke::new(card.stroke_width, card.stroke);
        if card.dashed {
            painter.rect_filled(r, radius, card.fill);
            let outline = vec![
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
                r.left_top(),
            ];
            painter.extend(Shape::dashed_line(&outline, stroke, 5.0 * zoom, 3.0 * zoom));
        } else {
            painter.rect(r, radius, card.fill, stroke, StrokeKind::Inside);
        }
        let dropping = match (*state.link, dragged) {
            // A line drawn from `from`'s handle: the target would report to it.
            (Some(from), _) => Some((card.role, from, true)),
            (None, Some(d)) => Some((d, card.role, alt)),
            (None, None) => None,
        };
        if let Some((role, onto, secondary)) = dropping
            && target == Some(card.role)
        {
            // Where the dragged card would go: green if allowed, red if it would close a loop.
            let ok = (state.can_drop)(role, onto, secondary);
            let color = if ok {
                Color32::from_rgb(40, 160, 80)
            } else {
                Color32::from_rgb(210, 50, 50)
            };
            painter.rect_stroke(
                r.expand(2.0),
                radius,
                Stroke::new(3.0, color),
                StrokeKind::Outside,
            );
        } else if state.selection.contains(card.role) {
            let accent = ui.visuals().selection.bg_fill;
            painter.rect_stroke(
                r.expand(1.0),
                radius,
                Stroke::new(2.5, accent),
                StrokeKind::Outside,
            );
        } else if resp.hovered() {
            painter.rect_stroke(
                r,
                radius,
                Stroke::new(1.5, card.stroke),
                StrokeKind::Outside,
            );
        }
        if let Some(at) = card
            .toggle
            .filter(|_| zoom >= 0.35 && dragged != Some(card.role))
        {
            toggle_ui(
                ui,
                t,
                &painter,
                card,
                camera.to_screen(canvas, at),
                zoom,
                &mut events,
            );
        }
        // The handle to draw a reporting line from, on a role selected alone.
        if state.selection.roles() == [card.role] && dragged.is_none() && zoom >= 0.35 {
            let at = camera.to_screen(canvas, handle_at(card.rect));
            events.extend(link_handle(ui, t, &painter, card, at, state.link, target));
        }
        // Below ~4 px text is unreadable noise: skip it (level of detail).
        let offset = moved_rect(card).min - card.rect.min;
        for line in card.text.iter().filter(|l| l.size * zoom >= 4.0) {
            painter.text(
                camera.to_screen(canvas, line.pos + offset),
                Align2::LEFT_TOP,
                &line.text,
                FontId::proportional(line.size * zoom),
                line.color,
            );
        }
    }

    if let (Some(from), Some(p)) = (*state.link, pointer)
        && let Some(card) = scene.card(from)
    {
        let start = camera.to_screen(canvas, handle_at(card.rect));
        let stroke = Stroke::new(2.0, ui.visuals().selection.bg_fill);
        painter.extend(Shape::dashed_line(&[start, p], stroke, 6.0, 4.0));
    }
    if let Some(r) = band {
        let r = camera.rect_to_screen(canvas, r);
        let accent = ui.visuals().selection.bg_fill;
        painter.rect(
            r,
            0.0,
            accent.gamma_multiply(0.15),
            Stroke::new(1.0, accent),
            StrokeKind::Inside,
        );
    }
    overlays(ui, t, &painter, scene, minimap, camera, canvas);
    events
}

/// Where a card's line handle sits (chart units): its bottom-right corner, clear of
/// the fold toggle in the middle of the edge.
fn handle_at(card: Rect) -> Pos2 {
    card.right_bottom() - Vec2::new(12.0, 0.0)
}

/// The small round handle on the selected card: drag it to another card and that
/// role reports to this one (a second superior if it has one already). Returns the
/// line drawn, when the drag ends on a card.
fn link_handle(
    ui: &Ui,
    t: &'static Strings,
    painter: &egui::Painter,
    card: &Card,
    at: Pos2,
    link: &mut Option<RoleId>,
    target: Option<RoleId>,
) -> Option<CanvasEvent> {
    let radius = 6.0;
    let resp = ui.interact(
        Rect::from_center_size(at, Vec2::splat(2.0 * radius + 4.0)),
        Id::unique(("line-handle", card.role.0)),
        Sense::drag(),
    );
    let label = (t.draw_line_from)(card.text.first().map_or("", |l| &*l.text));
    resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
    let accent = ui.visuals().selection.bg_fill;
    let fill = if resp.hovered() || resp.dragged() {
        accent
    } else {
        card.fill
    };
    painter.circle(at, radius, fill, Stroke::new(2.0, accent));
    if resp.drag_started() {
        *link = Some(card.role);
    }
    let mut drawn = None;
    if resp.drag_stopped() {
        drawn = target
            .filter(|&s| s != card.role)
            .map(|subordinate| CanvasEvent::Connect {
                superior: card.role,
                subordinate,
            });
        *link = None;
    }
    resp.on_hover_text(t.line_handle_hover);
    drawn
}

/// The reporting line nearest to `p` (chart units), if one passes within `tolerance`.
/// A shared trunk stands for the line to whichever of its subordinates is nearest.
fn line_at(scene: &Scene, index: &SpatialIndex, p: Pos2, tolerance: f32) -> Option<LineRef> {
    let (mut cards, mut wires) = (Vec::new(), Vec::new());
    index.query(
        Rect::from_center_size(p, Vec2::splat(2.0 * tolerance)),
        &mut cards,
        &mut wires,
    );
    let (c, d) = wires
        .iter()
        .map(|&w| &scene.connectors[w as usize])
        .map(|c| (c, distance_to_polyline(p, &c.points)))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    if d > tolerance {
        return None;
    }
    // A shared trunk (stem, bus) stands for the line to the nearest subordinate that
    // hangs from it: the one whose own drop passes closest.
    let subordinate = match c.subordinate {
        Some(s) => s,
        None => {
            scene
                .connectors
                .iter()
                .filter(|d| d.superior == c.superior && d.kind == LineKind::Primary)
                .filter_map(|d| Some((d.subordinate?, distance_to_polyline(p, &d.points))))
                .min_by(|a, b| a.1.total_cmp(&b.1))?
                .0
        }
    };
    Some(LineRef {
        superior: c.superior,
        subordinate,
    })
}

fn distance_to_polyline(p: Pos2, points: &[Pos2]) -> f32 {
    points
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let ab = b - a;
            let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
            (a + ab * t).distance(p)
        })
        .fold(f32::INFINITY, f32::min)
}

/// Draws the selected line over the others: its own connector when it has one (a
/// dashed matrix line), else a path from the superior down to the subordinate.
fn highlight_line(
    ui: &Ui,
    painter: &egui::Painter,
    scene: &Scene,
    camera: &Camera,
    canvas: Rect,
    line: LineRef,
) {
    let accent = ui.visuals().selection.bg_fill;
    let own = scene
        .connectors
        .iter()
        .find(|c| c.superior == line.superior && c.subordinate == Some(line.subordinate));
    let points = match (own, scene.card(line.superior), scene.card(line.subordinate)) {
        (Some(c), _, _) => c.points.clone(),
        (None, Some(a), Some(b)) => {
            let (from, to) = (a.rect.center_bottom(), b.rect.center_top());
            let mid = (from.y + to.y) / 2.0;
            vec![from, pos2(from.x, mid), pos2(to.x, mid), to]
        }
        _ => return,
    };
    draw_wire(painter, camera, canvas, &points, 4.0, accent, None);
}

/// What sits over the chart, near or far: the empty-chart hint, the legend, the
/// minimap (a click in it moves the camera).
fn overlays(
    ui: &mut Ui,
    t: &'static Strings,
    painter: &egui::Painter,
    scene: &Scene,
    minimap: &Minimap,
    camera: &mut Camera,
    canvas: Rect,
) {
    if scene.cards.is_empty() {
        empty_hint(painter, t, canvas);
    }
    legend(painter, t, scene, canvas);
    if let Some(p) = minimap.ui(ui, t, canvas, camera.visible(canvas)) {
        camera.center_on(canvas, p);
    }
}

/// Which colour is which department, in the canvas's bottom-left corner.
fn legend(painter: &egui::Painter, t: &'static Strings, scene: &Scene, canvas: Rect) {
    const SHOWN: usize = 12;
    if scene.legend.is_empty() {
        return;
    }
    let row = 18.0;
    let rows = scene.legend.len().min(SHOWN) + usize::from(scene.legend.len() > SHOWN);
    let width = 180.0;
    let frame = Rect::from_min_size(
        pos2(
            canvas.min.x + 10.0,
            canvas.max.y - 10.0 - rows as f32 * row - 8.0,
        ),
        Vec2::new(width, rows as f32 * row + 8.0),
    );
    painter.rect(
        frame,
        4.0,
        Color32::from_white_alpha(235),
        Stroke::new(1.0, Color32::from_gray(200)),
        StrokeKind::Inside,
    );
    let stroke = scene.cards.first().map_or(Color32::GRAY, |c| c.stroke);
    for (k, (name, color)) in scene.legend.iter().take(SHOWN).enumerate() {
        let y = frame.min.y + 4.0 + k as f32 * row;
        let swatch = Rect::from_min_size(pos2(frame.min.x + 6.0, y + 3.0), Vec2::splat(12.0));
        painter.rect(
            swatch,
            2.0,
            *color,
            Stroke::new(1.0, stroke),
            StrokeKind::Inside,
        );
        painter.text(
            pos2(swatch.max.x + 6.0, y + row / 2.0),
            Align2::LEFT_CENTER,
            name,
            FontId::proportional(13.0),
            Color32::from_gray(40),
        );
    }
    if scene.legend.len() > SHOWN {
        painter.text(
            pos2(
                frame.min.x + 6.0,
                frame.min.y + 4.0 + SHOWN as f32 * row + row / 2.0,
            ),
            Align2::LEFT_CENTER,
            (t.and_more)(scene.legend.len() - SHOWN),
            FontId::proportional(13.0),
            Color32::from_gray(90),
        );
    }
}

fn empty_hint(painter: &egui::Painter, t: &'static Strings, canvas: Rect) {
    painter.text(
        canvas.center(),
        Align2::CENTER_CENTER,
        t.empty_chart_hint,
        FontId::proportional(16.0),
        Color32::GRAY,
    );
}

fn draw_wire(
    painter: &egui::Painter,
    camera: &Camera,
    canvas: Rect,
    points: &[Pos2],
    width: f32,
    color: Color32,
    dash: Option<(f32, f32)>,
) {
    let zoom = camera.zoom;
    let stroke = Stroke::new(width * zoom.max(0.5), color);
    let pts: Vec<Pos2> = points
        .iter()
        .map(|&p| camera.to_screen(canvas, p))
        .collect();
    let Some((d, g)) = dash else {
        painter.add(Shape::line(pts, stroke));
        return;
    };
    // Dashes are cut to the canvas first: a dotted line across a huge chart would
    // otherwise become tens of thousands of dashes, nearly all off screen.
    let clip = canvas.expand(8.0);
    for w in pts.windows(2) {
        if let Some((a, b)) = clip_segment(w[0], w[1], clip) {
            painter.extend(Shape::dashed_line(&[a, b], stroke, d * zoom, g * zoom));
        }
    }
}

/// The part of segment `a`–`b` inside `clip` (exact for horizontal and vertical
/// segments, which is all a chart has; others are kept whole if they touch it).
fn clip_segment(a: Pos2, b: Pos2, clip: Rect) -> Option<(Pos2, Pos2)> {
    if (a.y - b.y).abs() < 1e-3 {
        let (lo, hi) = (a.x.min(b.x).max(clip.min.x), a.x.max(b.x).min(clip.max.x));
        let flip = a.x > b.x;
        return (clip.y_range().contains(a.y) && lo <= hi).then(|| {
            let (p, q) = (pos2(lo, a.y), pos2(hi, a.y));
            if flip { (q, p) } else { (p, q) }
        });
    }
    if (a.x - b.x).abs() < 1e-3 {
        let (lo, hi) = (a.y.min(b.y).max(clip.min.y), a.y.max(b.y).min(clip.max.y));
        let flip = a.y > b.y;
        return (clip.x_range().contains(a.x) && lo <= hi).then(|| {
            let (p, q) = (pos2(a.x, lo), pos2(a.x, hi));
            if flip { (q, p) } else { (p, q) }
        });
    }
    Rect::from_two_pos(a, b).intersects(clip).then_some((a, b))
}

/// The whole chart from far away: each card marks the 2-pixel cells it covers, and
/// runs of marked cells are drawn as one rectangle each, so the cost follows the
/// screen, not the number of roles.
fn overview(painter: &egui::Painter, scene: &Scene, camera: &Camera, canvas: Rect) {
    const CELL_PX: f32 = 2.0;
    let cols = (canvas.width() / CELL_PX).ceil().max(1.0) as usize;
    let rows = (canvas.height() / CELL_PX).ceil().max(1.0) as usize;
    let mut marked = vec![false; cols * rows];
    for card in &scene.cards {
        let r = camera.rect_to_screen(canvas, card.rect);
        if !r.intersects(canvas) {
            continue;
        }
        let x0 = (((r.min.x - canvas.min.x) / CELL_PX).floor().max(0.0) as usize).min(cols - 1);
        let x1 = (((r.max.x - canvas.min.x) / CELL_PX).floor().max(0.0) as usize).min(cols - 1);
        let y0 = (((r.min.y - canvas.min.y) / CELL_PX).floor().max(0.0) as usize).min(rows - 1);
        let y1 = (((r.max.y - canvas.min.y) / CELL_PX).floor().max(0.0) as usize).min(rows - 1);
        for y in y0..=y1 {
            marked[y * cols + x0..=y * cols + x1].fill(true);
        }
    }
    let color = scene.cards.first().map_or(Color32::GRAY, |c| c.stroke);
    for y in 0..rows {
        let row = &marked[y * cols..(y + 1) * cols];
        let mut x = 0;
        while x < cols {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < cols && row[x] {
                x += 1;
            }
            let min = canvas.min + Vec2::new(start as f32 * CELL_PX, y as f32 * CELL_PX);
            let max = min + Vec2::new((x - start) as f32 * CELL_PX, CELL_PX);
            painter.rect_filled(Rect::from_min_max(min, max), 0.0, color);
        }
    }
}

/// The small −/+ button on a card's edge that folds its subtree away or back.
fn toggle_ui(
    ui: &Ui,
    t: &'static Strings,
    painter: &egui::Painter,
    card: &crate::scene::Card,
    at: Pos2,
    zoom: f32,
    events: &mut Vec<CanvasEvent>,
) {
    let radius = (7.0 * zoom).clamp(6.0, 10.0);
    let rect = Rect::from_center_size(at, Vec2::splat(2.0 * radius));
    let resp = ui.interact(
        rect,
        Id::unique(("fold-toggle", card.role.0)),
        Sense::click(),
    );
    let what = if card.collapsed { t.expand } else { t.collapse };
    let label = format!("{what} {}", card.text.first().map_or("", |l| &*l.text));
    resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
    let fill = if resp.hovered() {
        ui.visuals().widgets.hovered.bg_fill
    } else {
        card.fill
    };
    painter.circle(at, radius, fill, Stroke::new(1.0, card.stroke));
    let arm = radius * 0.55;
    let stroke = Stroke::new(1.5, card.stroke);
    painter.line_segment([at - Vec2::X * arm, at + Vec2::X * arm], stroke);
    if card.collapsed {
        painter.line_segment([at - Vec2::Y * arm, at + Vec2::Y * arm], stroke);
    }
    if resp.on_hover_text(what).clicked() {
        events.push(CanvasEvent::ToggleCollapse(card.role));
    }
}

#[allow(clippy::too_many_arguments)]
fn card_input(
    resp: &Response,
    role: RoleId,
    center: Pos2,
    camera: &Camera,
    canvas: Rect,
    grab: &mut Option<(RoleId, Vec2)>,
    selected: bool,
    target: Option<(RoleId, bool)>,
    events: &mut Vec<CanvasEvent>,
) {
    let toggle = resp.ctx.input(|i| i.modifiers.shift || i.modifiers.command);
    if resp.clicked() {
        events.push(if toggle {
            CanvasEvent::Toggle(role)
        } else {
            CanvasEvent::Select(Some(role))
        });
    } else if resp.drag_started() && !selected {
        // Dragging a card of the selection moves the whole selection; another card
        // is selected first (added, with Ctrl or Shift).
        events.push(if toggle {
            CanvasEvent::Toggle(role)
        } else {
            CanvasEvent::Select(Some(role))
        });
    }
    let pointer = resp
        .interact_pointer_pos()
        .map(|p| camera.to_chart(canvas, p));
    // egui starts a drag only after a few pixels of movement: measure the grab from
    // where the button went down, or the card would lag behind the pointer.
    let origin = resp
        .ctx
        .input(|i| i.pointer.press_origin())
        .map(|p| camera.to_chart(canvas, p));
    if resp.drag_started()
        && let Some(p) = origin.or(pointer)
    {
        *grab = Some((role, p - center));
    }
    if let Some((r, offset)) = *grab
        && r == role
    {
        if let Some(p) = pointer
            && resp.dragged()
        {
            events.push(CanvasEvent::DragCard {
                role,
                center: p - offset,
            });
        }
        if resp.drag_stopped() {
            let at = pointer.map_or(center, |p| p - offset);
            events.push(match target {
                Some((onto, secondary)) => CanvasEvent::DropOnto {
                    role,
                    onto,
                    secondary,
                },
                None => CanvasEvent::DropCard {
                    role,
                    center: pos2(at.x.round(), at.y.round()),
                },
            });
            *grab = None;
        }
    }
}
