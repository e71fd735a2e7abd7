//! Helpers for driving the real App headless with egui_kittest.
#![allow(dead_code)] // each test file uses some of them

use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use orgchart::app::{Document, Lang, OrgApp};
use orgchart::model::Chart;

/// The app on `chart`, in English whatever the machine's locale: tests find widgets
/// by their English labels.
pub fn harness(chart: Chart) -> Harness<'static, OrgApp> {
    harness_with(chart, |app| app)
}

/// [`harness`], with `setup` applied to the (English) app before its first frame: a
/// recovery folder, a recent-files list, a language file.
pub fn harness_with(
    chart: Chart,
    setup: impl FnOnce(OrgApp) -> OrgApp + 'static,
) -> Harness<'static, OrgApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            setup(english(OrgApp::new(
                &cc.egui_ctx,
                Document::new(chart, None),
            )))
        });
    h.run();
    h
}

/// A click (press and release without moving) at a point of the window.
pub fn click_at(h: &mut Harness<'static, OrgApp>, at: egui::Pos2) {
    h.drag_at(at);
    h.run();
    h.drop_at(at);
    h.run();
}

/// `app`, switched to English.
fn english(mut app: OrgApp) -> OrgApp {
    app.set_language(Lang::En);
    app
}

/// A role's card on the canvas.
pub fn card<'a>(h: &'a Harness<'static, OrgApp>, title: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(egui::accesskit::Role::Button, title)
}

pub fn card_center(h: &Harness<'static, OrgApp>, title: &str) -> egui::Pos2 {
    card(h, title).rect().center()
}

pub fn id_of(app: &OrgApp, title: &str) -> orgchart::model::RoleId {
    app.document().chart().find_by_title(title).unwrap().id
}

/// Presses at `start`, moves to `end` in ten steps and releases there, with
/// `modifiers` held from before the press until after the release.
pub fn drag_between(
    h: &mut Harness<'static, OrgApp>,
    start: egui::Pos2,
    end: egui::Pos2,
    modifiers: Modifiers,
) {
    h.hover_at(start);
    h.run();
    if modifiers != Modifiers::NONE {
        h.event(egui::Event::ModifiersChanged(modifiers));
        h.run();
    }
    h.drag_at(start);
    h.run();
    for i in 1..=10 {
        h.hover_at(start + (end - start) * (i as f32 / 10.0));
        h.run();
    }
    h.drop_at(end);
    h.run();
    if modifiers != Modifiers::NONE {
        h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
        h.run();
    }
}

/// Maps chart units to screen points, read off a card's place in both.
pub fn chart_to_screen(
    h: &Harness<'static, OrgApp>,
    title: &str,
) -> impl Fn(egui::Pos2) -> egui::Pos2 + use<> {
    let app = h.state();
    let id = id_of(app, title);
    let chart_rect = app.scene().card(id).unwrap().rect;
    let screen = card(h, title).rect();
    let zoom = screen.width() / chart_rect.width();
    let offset = screen.min.to_vec2() - chart_rect.min.to_vec2() * zoom;
    move |p| (p.to_vec2() * zoom + offset).to_pos2()
}
