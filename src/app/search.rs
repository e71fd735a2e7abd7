//! Ctrl+F: find roles by title, department or duty text; Enter jumps to the result.

use egui::{Key, Modifiers, Ui};

use super::i18n::Strings;
use crate::model::{Chart, Duty, Role, RoleId};

/// The open search box.
#[derive(Default)]
pub struct Search {
    pub query: String,
    /// Index into the results of the highlighted one.
    pub current: usize,
    /// Focus the field on the next frame (just opened).
    pub focus: bool,
}

/// What the search box asks for.
pub enum SearchAction {
    /// Select and show this role.
    Jump(RoleId),
    Close,
}

/// Which part of a role matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    Title,
    Department,
    Duties,
}

/// At most this many results are listed.
const MAX_RESULTS: usize = 200;

/// Roles whose title, department or duties contain `query` (case-insensitive), titles
/// first, then departments, then duties; within each, in chart order.
pub fn find(chart: &Chart, query: &str) -> Vec<(RoleId, Found)> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let has = |s: &str| s.to_lowercase().contains(&q);
    fn duties_have(duties: &[Duty], has: &dyn Fn(&str) -> bool) -> bool {
        duties
            .iter()
            .any(|d| has(&d.text) || duties_have(&d.items, has))
    }
    type Test<'a> = &'a dyn Fn(&Role) -> bool;
    let tiers: [(Found, Test); 3] = [
        (Found::Title, &|r: &Role| has(&r.title)),
        (Found::Department, &|r: &Role| has(&r.department)),
        (Found::Duties, &|r: &Role| duties_have(&r.duties, &has)),
    ];
    let mut out: Vec<(RoleId, Found)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (what, test) in tiers {
        for role in chart.roles() {
            if out.len() >= MAX_RESULTS {
                return out;
            }
            if !seen.contains(&role.id) && test(role) {
                seen.insert(role.id);
                out.push((role.id, what));
            }
        }
    }
    out
}

impl Search {
    pub fn ui(&mut self, ui: &mut Ui, t: &'static Strings, chart: &Chart) -> Option<SearchAction> {
        let mut action = None;
        // Keys the text field would otherwise take.
        let (enter, up, down, escape) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        let label = ui.label(t.find_title);
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text(t.find_hint)
                    .id_salt("search-field")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus) {
            field.request_focus();
        }
        if field.changed() {
            self.current = 0;
        }
        let results = find(chart, &self.query);
        if down && self.current + 1 < results.len() {
            self.current += 1;
        }
        if up {
            self.current = self.current.saturating_sub(1);
        }
        if !self.query.trim().is_empty() {
            ui.weak(match results.len() {
                0 => t.no_match.to_owned(),
                n if n >= MAX_RESULTS => (t.first_matches)(n),
                n => (t.matches)(n),
            });
        }
        egui::ScrollArea::vertical()
            .max_height(240.0)
            .show(ui, |ui| {
                for (k, &(id, what)) in results.iter().enumerate() {
                    let Some(role) = chart.role(id) else { continue };
                    let text = match what {
                        Found::Title => role.title.clone(),
                        Found::Department => (t.found_in_department)(&role.title),
                        Found::Duties => (t.found_in_duties)(&role.title),
                    };
                    if ui.selectable_label(k == self.current, text).clicked() {
                        self.current = k;
                        action = Some(SearchAction::Jump(id));
                    }
                }
            });
        if enter && let Some(&(id, _)) = results.get(self.current) {
            action = Some(SearchAction::Jump(id));
        }
        if escape {
            action = Some(SearchAction::Close);
        }
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_before_departments_and_duties() {
        let chart = crate::example::chart();
        let hits = find(&chart, "客服");
        let first = chart.role(hits[0].0).unwrap();
        assert!(first.title.contains("客服"), "{}", first.title);
        assert_eq!(hits[0].1, Found::Title);
        // A duty-only match: 售后 appears in duties, not in titles.
        let duty = find(&chart, "售后");
        assert!(
            duty.iter().any(|(_, what)| *what == Found::Duties),
            "{duty:?}"
        );
        assert!(find(&chart, "   ").is_empty());
    }
}
