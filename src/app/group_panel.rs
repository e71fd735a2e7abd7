//! The side panel for what is not one role: several selected roles, or a reporting line.

use super::Command;
use super::i18n::Strings;
use super::selection::LineRef;
use crate::edit::{Align, Axis};
use crate::model::{Chart, LineKind, RoleId};

/// Several roles: who they are, and what can be done to all of them.
pub fn group_panel_ui(
    ui: &mut egui::Ui,
    t: &'static Strings,
    chart: &Chart,
    roles: &[RoleId],
) -> Vec<Command> {
    let mut out = Vec::new();
    ui.heading((t.roles_selected)(roles.len()));
    ui.weak(t.group_help);
    ui.add_space(6.0);
    ui.label(t.align_with_first);
    ui.horizontal_wrapped(|ui| {
        for (label, how) in [
            (t.align_left, Align::Left),
            (t.align_centre, Align::Center),
            (t.align_right, Align::Right),
            (t.align_top, Align::Top),
            (t.align_middle, Align::Middle),
            (t.align_bottom, Align::Bottom),
        ] {
            if ui.button(label).clicked() {
                out.push(Command::Align(how));
            }
        }
    });
    ui.label(t.distribute_evenly);
    ui.horizontal(|ui| {
        let enough = roles.len() >= 3;
        for (label, axis) in [
            (t.horizontally, Axis::Horizontal),
            (t.vertically, Axis::Vertical),
        ] {
            if ui.add_enabled(enough, egui::Button::new(label)).clicked() {
                out.push(Command::Distribute(axis));
            }
        }
    });
    ui.add_space(6.0);
    if ui
        .button((t.delete_roles)(roles.len()))
        .on_hover_text(t.delete_roles_hover)
        .clicked()
    {
        out.push(Command::DeleteSelected);
    }
    ui.separator();
    const SHOWN: usize = 50;
    for &id in roles.iter().take(SHOWN) {
        if let Some(r) = chart.role(id) {
            ui.label(super::role_panel::title_and_department(r));
        }
    }
    if roles.len() > SHOWN {
        ui.weak((t.and_more)(roles.len() - SHOWN));
    }
    out
}

/// A reporting line: its two ends, its kind, and a way to remove it.
pub fn line_panel_ui(
    ui: &mut egui::Ui,
    t: &'static Strings,
    chart: &Chart,
    line: LineRef,
) -> Vec<Command> {
    let mut out = Vec::new();
    let (Some(sup), Some(sub)) = (chart.role(line.superior), chart.role(line.subordinate)) else {
        return out;
    };
    ui.heading(t.reporting_line);
    ui.label((t.reports_to)(&sub.title, &sup.title));
    let current = if sub.primary_superior() == Some(sup.id) {
        LineKind::Primary
    } else {
        LineKind::Secondary
    };
    let mut kind = current;
    ui.add_space(6.0);
    ui.radio_value(&mut kind, LineKind::Primary, t.line_primary);
    ui.add_enabled_ui(sub.superiors.len() > 1, |ui| {
        ui.radio_value(&mut kind, LineKind::Secondary, t.line_secondary);
    });
    if kind != current {
        out.push(Command::SetLineKind(kind));
    }
    ui.add_space(6.0);
    if ui.button(t.delete_line).on_hover_text("Del").clicked() {
        out.push(Command::DeleteSelected);
    }
    out
}
