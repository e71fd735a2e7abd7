//! The side panel: every field of the selected role. Widgets edit a copy of the role;
//! the differences leave as edits, so undo and "unsaved" work like everywhere else.

use egui::{RichText, TextEdit, Ui};

use super::i18n::Strings;
use crate::edit::{Edit, MergeKey, set_superiors};
use crate::model::{Chart, Duty, Field, Role, RoleId, outline};

/// What the panel asks the app to do.
pub enum PanelAction {
    Edit(Edit, Option<MergeKey>),
    Select(RoleId),
    Refused(String),
}

fn key(role: RoleId, what: &'static str) -> Option<MergeKey> {
    Some(MergeKey {
        role: Some(role),
        what,
    })
}

/// `focus_title`: put the cursor in the title field with its text selected, so typing
/// replaces it (a role was just added); reset once done.
/// `subs`: the role's direct subordinates (primary or secondary), in id order; the
/// app keeps them indexed, so a frame never scans the chart.
pub fn role_panel_ui(
    ui: &mut Ui,
    t: &'static Strings,
    chart: &Chart,
    id: RoleId,
    subs: &[RoleId],
    focus_title: &mut bool,
) -> Vec<PanelAction> {
    let mut actions = Vec::new();
    let Some(original) = chart.role(id) else {
        ui.label(t.no_role_selected);
        return actions;
    };
    let mut role = original.clone();
    let mut merge = None;

    ui.heading(if role.title.is_empty() {
        t.untitled_role
    } else {
        &role.title
    });
    if role.placeholder {
        ui.label(RichText::new(t.placeholder_note).italics());
    }
    ui.separator();
    egui::Grid::new("role-basics")
        .num_columns(2)
        .show(ui, |ui| {
            let label = ui.label(t.title);
            let title = ui
                .add(TextEdit::singleline(&mut role.title).id_salt(("title", id.0)))
                .labelled_by(label.id);
            // Asked for until the field has the keyboard (a Tab that added the role may
            // still move focus in the frame it was pressed), then its text is selected.
            if *focus_title {
                if title.has_focus()
                    && let Some(mut state) =
                        egui::text_edit::TextEditState::load(ui.ctx(), title.id)
                {
                    state
                        .cursor
                        .set_char_range(Some(egui::text::CCursorRange::select_all_str(
                            &role.title,
                        )));
                    state.store(ui.ctx(), title.id);
                    *focus_title = false;
                } else {
                    title.request_focus();
                }
            }
            if title.changed() {
                merge = key(id, "title");
            }
            ui.end_row();
            let label = ui.label(t.department);
            if ui
                .add(TextEdit::singleline(&mut role.department).id_salt(("department", id.0)))
                .labelled_by(label.id)
                .changed()
            {
                merge = key(id, "department");
            }
            ui.end_row();
        });

    ui.add_space(6.0);
    superiors_ui(ui, t, chart, original, &mut actions);
    ui.add_space(6.0);
    ui.strong(t.subordinates);
    if subs.is_empty() {
        ui.weak(t.none);
    }
    for &sub in subs {
        if let Some(r) = chart.role(sub) {
            let secondary = r.primary_superior() != Some(id);
            let text = if secondary {
                (t.dotted_line)(&r.title)
            } else {
                r.title.clone()
            };
            if ui.link(text).clicked() {
                actions.push(PanelAction::Select(sub));
            }
        }
    }
    if subs
        .iter()
        .any(|&s| chart.role(s).and_then(|r| r.primary_superior()) == Some(id))
    {
        layout_flags_ui(ui, t, chart, original, &mut actions);
    }
    if let Some(stated) = &original.stated_subordinates {
        ui.add_space(4.0);
        ui.weak(t.stated_subordinates);
        if stated.is_empty() {
            ui.weak(t.none);
        }
        for &sub in stated {
            let Some(r) = chart.role(sub) else { continue };
            ui.horizontal(|ui| {
                if ui.link(&r.title).clicked() {
                    actions.push(PanelAction::Select(sub));
                }
                if !r.superiors.contains(&id) {
                    ui.colored_label(ui.visuals().warn_fg_color, t.not_confirmed);
                }
            });
        }
    }

    ui.add_space(6.0);
    ui.separator();
    ui.strong(t.duties);
    if let Some(k) = duties_ui(ui, t, id, &mut role.duties) {
        merge = Some(k);
    }

    ui.add_space(6.0);
    ui.separator();
    let heading = ui.strong(t.other_fields);
    if let Some(k) = fields_ui(ui, t, id, &mut role.fields, heading.id) {
        merge = Some(k);
    }

    if role != *original {
        // Whoever fills in a role named but not described has described it.
        role.placeholder = false;
        actions.push(PanelAction::Edit(Edit::Replace(role), merge));
    }
    actions
}

/// How this role's subordinates are arranged: folded away, stacked (compact) or in a row.
fn layout_flags_ui(
    ui: &mut Ui,
    t: &'static Strings,
    chart: &Chart,
    role: &Role,
    actions: &mut Vec<PanelAction>,
) {
    ui.horizontal(|ui| {
        let mut collapsed = role.collapsed;
        if ui
            .checkbox(&mut collapsed, t.folded)
            .on_hover_text(t.folded_hover)
            .changed()
            && let Ok(e) = crate::edit::change_view(chart, role.id, |r| r.collapsed = collapsed)
        {
            actions.push(PanelAction::Edit(e, None));
        }
        let name = |c: Option<bool>| match c {
            None => t.subs_as_chart,
            Some(true) => t.subs_stacked,
            Some(false) => t.subs_in_row,
        };
        let mut compact = role.compact;
        let label = ui.label(t.subordinates_label);
        egui::ComboBox::from_id_salt(("compact", role.id.0))
            .selected_text(name(compact))
            .show_ui(ui, |ui| {
                for c in [None, Some(true), Some(false)] {
                    ui.selectable_value(&mut compact, c, name(c));
                }
            })
            .response
            .labelled_by(label.id);
        if compact != role.compact
            && let Ok(e) = crate::edit::change_view(chart, role.id, |r| r.compact = compact)
        {
            actions.push(PanelAction::Edit(e, None));
        }
    });
}

fn superiors_ui(
    ui: &mut Ui,
    t: &'static Strings,
    chart: &Chart,
    role: &Role,
    actions: &mut Vec<PanelAction>,
) {
    ui.strong(t.superiors);
    let mut new_list: Option<Vec<RoleId>> = None;
    if role.superiors.is_empty() {
        ui.weak(t.no_superiors);
    }
    for (i, &sup) in role.superiors.iter().enumerate() {
        let title = chart
            .role(sup)
            .map_or_else(|| sup.to_string(), |r| r.title.clone());
        ui.horizontal(|ui| {
            if ui.link(&title).clicked() {
                actions.push(PanelAction::Select(sup));
            }
            if i == 0 {
                ui.weak(t.primary);
            } else if ui.small_button(t.make_primary).clicked() {
                let mut l = role.superiors.clone();
                let s = l.remove(i);
                l.insert(0, s);
                new_list = Some(l);
            }
            if ui
                .small_button(t.remove)
                .on_hover_text(t.remove_hover)
                .clicked()
            {
                let mut l = role.superiors.clone();
                l.remove(i);
                new_list = Some(l);
            }
        });
    }
    // A filter on top and at most SHOWN candidates: listing (and loop-checking) every
    // role of a 100,000-role chart each frame would freeze the window.
    const SHOWN: usize = 50;
    let query_id = ui.make_persistent_id(("add-superior-query", role.id.0));
    egui::ComboBox::from_label(t.add_superior)
        .selected_text(t.choose)
        .height(360.0)
        .show_ui(ui, |ui| {
            let mut query: String = ui.data_mut(|d| d.get_temp(query_id).unwrap_or_default());
            let field = ui.add(egui::TextEdit::singleline(&mut query).hint_text(t.filter_hint));
            if ui.memory(|m| m.focused().is_none()) {
                field.request_focus();
            }
            let wanted = query.trim();
            let mut shown = 0;
            let mut more = false;
            for cand in chart.roles() {
                let matches = wanted.is_empty()
                    || cand.title.contains(wanted)
                    || cand.department.contains(wanted);
                if !matches
                    || cand.id == role.id
                    || role.superiors.contains(&cand.id)
                    || chart.would_cycle(cand.id, role.id)
                {
                    continue;
                }
                if shown == SHOWN {
                    more = true;
                    break;
                }
                shown += 1;
                if ui
                    .selectable_label(false, title_and_department(cand))
                    .clicked()
                {
                    let mut l = role.superiors.clone();
                    l.push(cand.id);
                    new_list = Some(l);
                }
            }
            if more {
                ui.weak(t.more_candidates);
            }
            ui.data_mut(|d| d.insert_temp(query_id, query));
        });
    if let Some(list) = new_list {
        match set_superiors(chart, role.id, list) {
            Ok(edit) => actions.push(PanelAction::Edit(edit, None)),
            Err(e) => actions.push(PanelAction::Refused((t.edit_error)(&e))),
        }
    }
}

/// "1." at the top level, "(1)" below it, "①" deeper; as the seed numbers them.
fn number_label(path: &[usize]) -> String {
    let n = path.last().copied().unwrap_or(0) + 1;
    match path.len() {
        1 => format!("{n}."),
        2 => format!("({n})"),
        _ => char::from_u32(0x2460 + (n as u32 - 1).min(19)).map_or(format!("{n}"), String::from),
    }
}

/// The outline editor. Returns a merge key when text was typed (structure changes are
/// steps of their own).
fn duties_ui(
    ui: &mut Ui,
    t: &'static Strings,
    id: RoleId,
    duties: &mut Vec<Duty>,
) -> Option<MergeKey> {
    let mut merge = None;
    let mut op: Option<(Vec<usize>, &'static str)> = None;
    for path in outline::paths(duties) {
        let depth = path.len() - 1;
        ui.horizontal_top(|ui| {
            ui.add_space(depth as f32 * 18.0);
            let number = ui.label(number_label(&path));
            // The menu button's width is reserved first so the row never outgrows the panel.
            let text_width = (ui.available_width() - 48.0).max(60.0);
            if let Some(d) = outline::get_mut(duties, &path) {
                let edit = TextEdit::multiline(&mut d.text)
                    .id_salt(("duty", id.0, path.clone()))
                    .desired_rows(1)
                    .desired_width(text_width);
                if ui.add(edit).labelled_by(number.id).changed() {
                    merge = key(id, "duty text");
                }
            }
            ui.menu_button("⋯", |ui| {
                for (label, what) in [
                    (t.duty_move_up, "up"),
                    (t.duty_move_down, "down"),
                    (t.duty_indent, "indent"),
                    (t.duty_outdent, "outdent"),
                    (t.duty_add_sub_item, "add-sub"),
                    (t.duty_delete, "delete"),
                ] {
                    if ui.button(label).clicked() {
                        op = Some((path.clone(), what));
                    }
                }
            })
            .response
            .on_hover_text(t.duty_menu_hover);
        });
    }
    if ui.button(t.add_duty).clicked() {
        duties.push(Duty::new(""));
    }
    if let Some((path, what)) = op {
        match what {
            "up" => drop(outline::move_item(duties, &path, true)),
            "down" => drop(outline::move_item(duties, &path, false)),
            "indent" => drop(outline::indent(duties, &path)),
            "outdent" => drop(outline::outdent(duties, &path)),
            "add-sub" => {
                if !outline::can_add_sub_item(&path) {
                    // At the deepest level: add a sibling instead.
                    let mut next = path.clone();
                    if let Some(l) = next.last_mut() {
                        *l += 1;
                    }
                    outline::insert(duties, &next, Duty::new(""));
                } else if let Some(d) = outline::get_mut(duties, &path) {
                    d.items.push(Duty::new(""));
                }
            }
            _ => drop(outline::remove(duties, &path)),
        }
    }
    merge
}

fn fields_ui(
    ui: &mut Ui,
    t: &'static Strings,
    id: RoleId,
    fields: &mut Vec<Field>,
    heading: egui::Id,
) -> Option<MergeKey> {
    let mut merge = None;
    let mut delete = None;
    for (i, f) in fields.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .add(
                    TextEdit::singleline(&mut f.label)
                        .id_salt(("field-label", id.0, i))
                        .desired_width(80.0),
                )
                .labelled_by(heading)
                .changed()
            {
                merge = key(id, "field label");
            }
            if ui
                .small_button("✖")
                .on_hover_text(t.delete_field_hover)
                .clicked()
            {
                delete = Some(i);
            }
        });
        let edit = TextEdit::multiline(&mut f.value)
            .id_salt(("field-value", id.0, i))
            .desired_rows(1)
            .desired_width(f32::INFINITY);
        if ui.add(edit).labelled_by(heading).changed() {
            merge = key(id, "field value");
        }
    }
    if let Some(i) = delete {
        fields.remove(i);
    }
    if ui.button(t.add_field).clicked() {
        fields.push(Field {
            label: "新字段".into(),
            value: String::new(),
        });
    }
    merge
}

/// "title  ·  department", or the title alone for a role without a department: how a
/// role is named in lists.
pub(super) fn title_and_department(r: &crate::model::Role) -> String {
    if r.department.is_empty() {
        r.title.clone()
    } else {
        format!("{}  ·  {}", r.title, r.department)
    }
}
