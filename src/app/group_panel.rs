//! The side panel for what is not one role: several selected roles, or a reporting line.

use super::Command;
use super::selection::LineRef;
use crate::edit::{Align, Axis};
use crate::model::{Chart, LineKind, RoleId};

/// Several roles: who they are, and what can be done to all of them.
pub fn group_panel_ui(ui: &mut egui::Ui, chart: &Chart, roles: &[RoleId]) -> Vec<Command> {
    let mut out = Vec::new();
    ui.heading(format!("{} roles selected", roles.len()));
    ui.weak("Ctrl- or Shift-click a card to add or remove it; Shift-drag the background to select a box of cards. Drag any selected card to move them all.");
    ui.add_space(6.0);
    ui.label("Align with the first selected:");
    ui.horizontal_wrapped(|ui| {
        for (label, how) in [
            ("Left", Align::Left),
            ("Centre", Align::Center),
            ("Right", Align::Right),
            ("Top", Align::Top),
            ("Middle", Align::Middle),
            ("Bottom", Align::Bottom),
        ] {
            if ui.button(label).clicked() {
                out.push(Command::Align(how));
            }
        }
    });
    ui.label("Distribute evenly:");
    ui.horizontal(|ui| {
        let enough = roles.len() >= 3;
        for (label, axis) in [
            ("Horizontally", Axis::Horizontal),
            ("Vertically", Axis::Vertical),
        ] {
            if ui.add_enabled(enough, egui::Button::new(label)).clicked() {
                out.push(Command::Distribute(axis));
            }
        }
    });
    ui.add_space(6.0);
    if ui
        .button(format!("Delete {} roles", roles.len()))
        .on_hover_text("Their subordinates move up to the deleted roles' superiors (Del)")
        .clicked()
    {
        out.push(Command::DeleteSelected);
    }
    ui.separator();
    const SHOWN: usize = 50;
    for &id in roles.iter().take(SHOWN) {
        if let Some(r) = chart.role(id) {
            ui.label(format!("{}  ·  {}", r.title, r.department));
        }
    }
    if roles.len() > SHOWN {
        ui.weak(format!("and {} more", roles.len() - SHOWN));
    }
    out
}

/// A reporting line: its two ends, its kind, and a way to remove it.
pub fn line_panel_ui(ui: &mut egui::Ui, chart: &Chart, line: LineRef) -> Vec<Command> {
    let mut out = Vec::new();
    let (Some(sup), Some(sub)) = (chart.role(line.superior), chart.role(line.subordinate)) else {
        return out;
    };
    ui.heading("Reporting line");
    ui.label(format!("{} reports to {}", sub.title, sup.title));
    let current = if sub.primary_superior() == Some(sup.id) {
        LineKind::Primary
    } else {
        LineKind::Secondary
    };
    let mut kind = current;
    ui.add_space(6.0);
    ui.radio_value(
        &mut kind,
        LineKind::Primary,
        "Primary (solid): decides where the card sits",
    );
    ui.add_enabled_ui(sub.superiors.len() > 1, |ui| {
        ui.radio_value(
            &mut kind,
            LineKind::Secondary,
            "Secondary (dashed): matrix reporting",
        );
    });
    if kind != current {
        out.push(Command::SetLineKind(kind));
    }
    ui.add_space(6.0);
    if ui.button("Delete line").on_hover_text("Del").clicked() {
        out.push(Command::DeleteSelected);
    }
    out
}
