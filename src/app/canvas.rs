//! The canvas: paints the scene under a pan/zoom camera and turns pointer input into
//! selection, card drags and camera moves. It never edits the chart itself.

use egui::{
    Align2, Color32, FontId, Id, Pos2, Rect, Response, Sense, Shape, Stroke, StrokeKind, Ui, Vec2,
    WidgetInfo, pos2,
};

use crate::model::RoleId;
use crate::scene::Scene;

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

pub const MIN_ZOOM: f32 = 0.05;
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
    Select(Option<RoleId>),
    /// A card is being dragged; its centre would be here (chart units).
    DragCard {
        role: RoleId,
        center: Pos2,
    },
    /// The drag ended: commit the move.
    DropCard {
        role: RoleId,
        center: Pos2,
    },
    /// Fold or unfold the role's subtree.
    ToggleCollapse(RoleId),
}

/// Per-frame inputs that belong to the app, not the scene.
pub struct CanvasState<'a> {
    pub camera: &'a mut Camera,
    pub selection: Option<RoleId>,
    /// The drag in progress: role and the pointer's offset from the card centre.
    pub grab: &'a mut Option<(RoleId, Vec2)>,
    pub fit_requested: &'a mut bool,
    pub center_on: &'a mut Option<Pos2>,
}

pub fn canvas_ui(ui: &mut Ui, scene: &Scene, state: CanvasState<'_>) -> Vec<CanvasEvent> {
    let mut events = Vec::new();
    let (canvas, bg) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    let camera = state.camera;
    if std::mem::take(state.fit_requested) {
        camera.fit(canvas, scene.bounds);
    }
    if let Some(p) = state.center_on.take() {
        camera.center_on(canvas, p);
    }

    // Camera: drag empty canvas to pan, wheel (or pinch / ctrl+wheel) to zoom.
    if bg.dragged() {
        camera.pan += bg.drag_delta();
    }
    if bg.clicked() {
        events.push(CanvasEvent::Select(None));
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

    for c in &scene.connectors {
        let pts: Vec<Pos2> = c
            .points
            .iter()
            .map(|&p| camera.to_screen(canvas, p))
            .collect();
        let stroke = Stroke::new(c.width * zoom.max(0.5), c.color);
        match c.dash {
            Some((d, g)) => painter.extend(Shape::dashed_line(&pts, stroke, d * zoom, g * zoom)),
            None => {
                painter.add(Shape::line(pts, stroke));
            }
        }
    }

    for card in &scene.cards {
        let r = camera.rect_to_screen(canvas, card.rect);
        let dragging = state.grab.is_some_and(|(g, _)| g == card.role);
        if !r.intersects(canvas) && !dragging {
            continue;
        }
        let id = Id::unique(("role-card", card.role.0));
        let resp = ui.interact(r, id, Sense::click_and_drag());
        let label = card.text.first().map_or("", |t| t.text.as_str()).to_owned();
        resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
        card_input(
            &resp,
            card.role,
            card.rect.center(),
            camera,
            canvas,
            state.grab,
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
        if state.selection == Some(card.role) {
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
        if let Some(at) = card.toggle.filter(|_| zoom >= 0.35) {
            toggle_ui(
                ui,
                &painter,
                card,
                camera.to_screen(canvas, at),
                zoom,
                &mut events,
            );
        }
        // Below ~4 px text is unreadable noise: skip it (level of detail).
        for line in card.text.iter().filter(|l| l.size * zoom >= 4.0) {
            painter.text(
                camera.to_screen(canvas, line.pos),
                Align2::LEFT_TOP,
                &line.text,
                FontId::proportional(line.size * zoom),
                line.color,
            );
        }
    }

    if scene.cards.is_empty() {
        painter.text(
            canvas.center(),
            Align2::CENTER_CENTER,
            "Empty chart: add a role with the “+ Role” button",
            FontId::proportional(16.0),
            Color32::GRAY,
        );
    }
    events
}

/// The small −/+ button on a card's edge that folds its subtree away or back.
fn toggle_ui(
    ui: &Ui,
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
    let what = if card.collapsed { "Expand" } else { "Collapse" };
    let label = format!(
        "{what} {}",
        card.text.first().map_or("", |t| t.text.as_str())
    );
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

fn card_input(
    resp: &Response,
    role: RoleId,
    center: Pos2,
    camera: &Camera,
    canvas: Rect,
    grab: &mut Option<(RoleId, Vec2)>,
    events: &mut Vec<CanvasEvent>,
) {
    if resp.clicked() || resp.drag_started() {
        events.push(CanvasEvent::Select(Some(role)));
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
            events.push(CanvasEvent::DropCard {
                role,
                center: pos2(at.x.round(), at.y.round()),
            });
            *grab = None;
        }
    }
}
