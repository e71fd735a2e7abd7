//! The findings panel: what validation says about the chart, live as it is edited.

use egui::{RichText, Ui};

use super::i18n::Strings;
use crate::model::{Chart, Finding, RoleId};

/// Lists the findings; returns the roles of the one the user clicked. The findings'
/// own texts come from validation and are shown as they are.
pub fn findings_ui(
    ui: &mut Ui,
    t: &'static Strings,
    chart: &Chart,
    findings: &[Finding],
) -> Option<Vec<RoleId>> {
    let mut clicked = None;
    ui.horizontal(|ui| {
        ui.strong((t.findings_count)(findings.len()));
        if findings.is_empty() {
            ui.weak(t.no_findings);
        } else {
            ui.weak(t.findings_click);
        }
    });
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for f in findings {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(f.kind.name()).monospace().weak());
                    let known = f.roles.iter().any(|&r| chart.contains(r));
                    if known {
                        if ui.link(&f.message).clicked() {
                            clicked = Some(f.roles.clone());
                        }
                    } else {
                        ui.label(&f.message);
                    }
                });
            }
        });
    clicked
}
