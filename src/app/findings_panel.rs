//! The findings panel: what validation says about the chart, live as it is edited.

use std::borrow::Cow;

use egui::{RichText, Ui};

use super::i18n::Strings;
use crate::model::{Chart, Finding, RoleId};

/// Lists the findings, told in the UI's language; returns the roles of the one the user
/// clicked.
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
                    ui.label(RichText::new((t.finding_kind)(f.kind)).monospace().weak());
                    let title = |r: RoleId| {
                        chart
                            .role(r)
                            .map_or_else(|| r.to_string(), |r| r.title.clone())
                    };
                    let message: Cow<str> = match (t.finding)(f, &title) {
                        Some(told) => Cow::Owned(told),
                        None => Cow::Borrowed(&f.message),
                    };
                    let known = f.roles.iter().any(|&r| chart.contains(r));
                    if known {
                        if ui.link(message.as_ref()).clicked() {
                            clicked = Some(f.roles.clone());
                        }
                    } else {
                        ui.label(message.as_ref());
                    }
                });
            }
        });
    clicked
}
