//! Every string the window shows, in English and Chinese. The app holds a [`Lang`] and
//! hands its [`Strings`] table to whatever draws; nothing else in `app` spells out UI
//! text. Chart content, file names and the document layer's error texts are not here:
//! they are shown as they are, after a translated prefix where one is needed.

use std::fmt::Display;
use std::path::Path;

use crate::edit::EditError;
use crate::export::Written;
use crate::model::{Finding, FindingKind, RoleId};

/// The language of the user interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The system's language, from the environment as gettext reads it: the locale is
    /// the first non-empty of `LC_ALL`, `LC_MESSAGES` and `LANG`; `LANGUAGE` (a list
    /// such as `zh_CN:en`) goes before it unless the locale is unset or "C".
    pub fn from_env() -> Self {
        let var = |name| std::env::var(name).unwrap_or_default();
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .map(var)
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        Self::choose(&locale, &var("LANGUAGE"))
    }

    /// The language of one locale name ("zh_CN.UTF-8", "en_US", "C"): Chinese for any
    /// `zh` locale (mainland, Taiwan, Hong Kong), English for everything else.
    pub fn from_locale(locale: &str) -> Self {
        if locale.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// `locale` as POSIX picks it, with gettext's `LANGUAGE` list in front: its first
    /// entry that we have strings for wins. In the "C" locale gettext ignores the
    /// list (programs stay untranslated there), and so do we.
    fn choose(locale: &str, language: &str) -> Self {
        let plain = locale.is_empty() || locale == "C" || locale == "POSIX";
        if plain || locale.starts_with("C.") {
            return Lang::En;
        }
        language
            .split(':')
            .find_map(|entry| match entry {
                e if e.starts_with("zh") => Some(Lang::Zh),
                e if e.starts_with("en") => Some(Lang::En),
                _ => None,
            })
            .unwrap_or_else(|| Self::from_locale(locale))
    }

    /// A language chosen earlier and kept in `file` ("en" or "zh"); `None` when there
    /// is no such file or it says something else.
    pub fn load(file: &Path) -> Option<Self> {
        match std::fs::read_to_string(file).ok()?.trim() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// Keeps the choice for the next start. Best effort: a settings file that cannot be
    /// written costs only the convenience.
    pub fn save(self, file: &Path) {
        let code = match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        };
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = crate::io::write_atomic(file, format!("{code}\n").as_bytes());
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

/// A finding in Chinese. The roles' order is validation's (see `model::validate`).
fn zh_finding(f: &Finding, title: &dyn Fn(RoleId) -> String) -> Option<String> {
    let name = |i: usize| f.roles.get(i).map(|&r| title(r));
    Some(match f.kind {
        FindingKind::Cycle => {
            let names: Vec<String> = f.roles.iter().map(|&r| title(r)).collect();
            format!("汇报线形成循环：{} → {}", names.join(" → "), names.first()?)
        }
        FindingKind::UnknownRole => format!("{} 的上级不在组织图中", name(0)?),
        FindingKind::DuplicateLine => format!("{} 重复列出上级 {}", name(1)?, name(0)?),
        FindingKind::OneSidedSubordinate => {
            let (sup, sub) = (name(0)?, name(1)?);
            format!("{sup} 把 {sub} 列为下级，但 {sub} 未把 {sup} 列为上级")
        }
        FindingKind::OneSidedSuperior => {
            let (sub, sup) = (name(0)?, name(1)?);
            format!("{sub} 把 {sup} 列为上级，但 {sup} 未把 {sub} 列为下级")
        }
        FindingKind::PlaceholderRole => format!("{} 被提及，但没有岗位说明", name(0)?),
        FindingKind::NoDuties => format!("{} 没有岗位职责", name(0)?),
        FindingKind::DuplicateTitle => format!("{} 个岗位都叫 {}", f.roles.len(), name(0)?),
        FindingKind::NotUnderstood => return None,
    })
}

/// One field per piece of UI text: `&'static str` for fixed text, a function for text
/// with values in it (word order differs between the languages).
pub struct Strings {
    // Window title
    /// The document's name before it has a file.
    pub untitled: &'static str,

    // Menu bar
    pub menu_file: &'static str,
    pub menu_edit: &'static str,
    pub menu_view: &'static str,
    pub menu_arrange: &'static str,

    // File menu
    pub new: &'static str,
    pub open: &'static str,
    pub import: &'static str,
    pub open_recent: &'static str,
    pub save: &'static str,
    pub save_as: &'static str,
    pub export: &'static str,
    pub quit: &'static str,

    // Edit menu (undo and redo are also toolbar buttons)
    pub undo: &'static str,
    pub redo: &'static str,
    pub add_subordinate: &'static str,
    pub add_sibling: &'static str,
    pub cut: &'static str,
    pub copy: &'static str,
    pub paste: &'static str,
    pub find: &'static str,
    pub select_all: &'static str,
    pub delete: &'static str,

    // View menu
    pub fit_chart: &'static str,
    pub zoom_to_selection: &'static str,
    pub findings_panel: &'static str,
    pub theme_system: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    /// Above the two language choices, which are always "English" and "中文".
    pub language: &'static str,

    // Arrange menu
    pub layout: &'static str,
    pub layout_hover: &'static str,
    pub reset_positions: &'static str,
    pub reset_positions_hover: &'static str,
    pub align_selected: &'static str,
    pub align_left_edges: &'static str,
    pub align_centres: &'static str,
    pub align_right_edges: &'static str,
    pub align_top_edges: &'static str,
    pub align_middles: &'static str,
    pub align_bottom_edges: &'static str,
    pub distribute_selected: &'static str,
    /// Distribute along the x axis (Arrange menu and the group panel).
    pub horizontally: &'static str,
    pub vertically: &'static str,
    pub top_down: &'static str,
    pub left_to_right: &'static str,
    pub compact: &'static str,

    // Toolbar (right of the menus)
    pub fit: &'static str,
    pub fit_hover: &'static str,
    pub add_role_button: &'static str,
    pub add_subordinate_button: &'static str,
    pub add_hover: &'static str,

    // Status line
    /// Roles, reporting lines, findings.
    pub counts: fn(usize, usize, usize) -> String,
    pub zoom_out: &'static str,
    pub zoom_100: &'static str,
    pub zoom_in: &'static str,

    // Status messages
    pub opened: fn(&Path) -> String,
    pub imported: fn(&Path) -> String,
    /// File, lines not understood, the first one's line number and text.
    pub imported_with_problems: fn(&Path, usize, usize, &str) -> String,
    pub saved: fn(&Path) -> String,
    /// File, what the exporter wrote.
    pub exported: fn(&Path, &Written) -> String,
    pub export_cancelled: &'static str,
    pub cancelled: &'static str,
    pub nothing_to_undo: &'static str,
    pub nothing_to_redo: &'static str,
    pub copied_roles: fn(usize) -> String,
    pub cut_roles: fn(usize) -> String,
    pub nothing_to_paste: &'static str,
    pub layout_unchanged: &'static str,
    pub align_needs_two: &'static str,
    pub distribute_needs_three: &'static str,
    /// Subordinate, superior.
    pub now_reports_to: fn(&str, &str) -> String,
    pub now_also_reports_to: fn(&str, &str) -> String,
    pub restored: &'static str,
    pub discarded_recovered: &'static str,
    /// Prefixes of the edit layer's reasons.
    pub not_changed: fn(&dyn Display) -> String,
    pub not_moved: fn(&dyn Display) -> String,
    pub no_line_drawn: fn(&dyn Display) -> String,

    // Error messages (shown in the "Problem" dialog)
    pub open_failed: fn(&dyn Display) -> String,
    pub import_failed: fn(&dyn Display) -> String,
    pub save_failed: fn(&Path, &dyn Display) -> String,
    pub export_failed: fn(&dyn Display) -> String,
    pub export_bad_extension: fn(&Path) -> String,
    pub recovery_unreadable: fn(&dyn Display) -> String,

    // Dialogs
    pub ok: &'static str,
    pub cancel: &'static str,
    pub problem_heading: &'static str,
    pub unsaved_heading: &'static str,
    /// The document's name.
    pub save_changes_first: fn(&str) -> String,
    pub dont_save: &'static str,
    pub replace_heading: &'static str,
    pub replace_question: fn(&Path) -> String,
    pub replace: &'static str,
    pub exporting: fn(&Path) -> String,

    // File dialogs and the typed-path prompt
    pub verb_open: &'static str,
    pub verb_save: &'static str,
    pub verb_export: &'static str,
    pub verb_import: &'static str,
    /// The verb above.
    pub path_prompt_heading: fn(&str) -> String,
    pub no_file_dialog: &'static str,
    pub waiting_for_dialog: &'static str,
    pub type_path_instead: &'static str,
    pub filter_chart: &'static str,
    pub filter_png: &'static str,
    pub filter_svg: &'static str,
    pub filter_dot: &'static str,
    pub filter_import: &'static str,

    // Crash recovery prompt
    pub recover_heading: &'static str,
    /// What the work belongs to when it had no file.
    pub unsaved_chart: &'static str,
    /// The file (or `unsaved_chart`), roles, when it was written.
    pub recover_message: fn(&str, usize, &str) -> String,
    pub restore: &'static str,
    pub discard: &'static str,

    // Side panel, nothing selected
    pub click_a_card: &'static str,
    pub canvas_help: &'static str,

    // Side panel, one role
    pub no_role_selected: &'static str,
    pub untitled_role: &'static str,
    pub placeholder_note: &'static str,
    pub title: &'static str,
    pub department: &'static str,
    pub superiors: &'static str,
    pub no_superiors: &'static str,
    pub primary: &'static str,
    pub make_primary: &'static str,
    pub remove: &'static str,
    pub remove_hover: &'static str,
    pub add_superior: &'static str,
    pub choose: &'static str,
    /// The filter above the list of possible superiors.
    pub filter_hint: &'static str,
    pub more_candidates: &'static str,
    pub subordinates: &'static str,
    /// An empty list.
    pub none: &'static str,
    /// A subordinate's title.
    pub dotted_line: fn(&str) -> String,
    pub folded: &'static str,
    pub folded_hover: &'static str,
    /// Before the choice of how the subordinates are arranged.
    pub subordinates_label: &'static str,
    pub subs_as_chart: &'static str,
    pub subs_stacked: &'static str,
    pub subs_in_row: &'static str,
    pub stated_subordinates: &'static str,
    pub not_confirmed: &'static str,
    pub duties: &'static str,
    pub duty_move_up: &'static str,
    pub duty_move_down: &'static str,
    pub duty_indent: &'static str,
    pub duty_outdent: &'static str,
    pub duty_add_sub_item: &'static str,
    pub duty_delete: &'static str,
    pub duty_menu_hover: &'static str,
    pub add_duty: &'static str,
    pub other_fields: &'static str,
    pub delete_field_hover: &'static str,
    pub add_field: &'static str,

    // Side panel, several roles
    pub roles_selected: fn(usize) -> String,
    pub group_help: &'static str,
    pub align_with_first: &'static str,
    pub align_left: &'static str,
    pub align_centre: &'static str,
    pub align_right: &'static str,
    pub align_top: &'static str,
    pub align_middle: &'static str,
    pub align_bottom: &'static str,
    pub distribute_evenly: &'static str,
    pub delete_roles: fn(usize) -> String,
    pub delete_roles_hover: &'static str,
    /// The rest of a list cut short (roles in the group panel, departments in the legend).
    pub and_more: fn(usize) -> String,

    // Side panel, a reporting line
    pub reporting_line: &'static str,
    /// Subordinate, superior.
    pub reports_to: fn(&str, &str) -> String,
    pub line_primary: &'static str,
    pub line_secondary: &'static str,
    pub delete_line: &'static str,

    // Canvas
    pub empty_chart_hint: &'static str,
    /// A role's title (the handle's accessibility label).
    pub draw_line_from: fn(&str) -> String,
    pub line_handle_hover: &'static str,
    pub expand: &'static str,
    pub collapse: &'static str,
    pub minimap: &'static str,

    // Findings panel
    pub findings_count: fn(usize) -> String,
    /// Why an edit was refused (the document layer's reasons, told here).
    pub edit_error: fn(&EditError) -> String,
    /// A finding's kind, as a short label.
    pub finding_kind: fn(FindingKind) -> &'static str,
    /// A finding told in this language, from its kind and roles (their titles by
    /// `title`); `None` keeps validation's own (English) sentence.
    pub finding: fn(&Finding, &dyn Fn(RoleId) -> String) -> Option<String>,
    pub no_findings: &'static str,
    pub findings_click: &'static str,

    // Find window
    pub find_title: &'static str,
    pub find_hint: &'static str,
    pub no_match: &'static str,
    pub first_matches: fn(usize) -> String,
    pub matches: fn(usize) -> String,
    /// A role found by its department or duties, not its title.
    pub found_in_department: fn(&str) -> String,
    pub found_in_duties: fn(&str) -> String,

    // Export dialog
    pub export_heading: &'static str,
    pub scale: &'static str,
    pub background: &'static str,
    pub as_on_screen: &'static str,
    pub white: &'static str,
    pub transparent: &'static str,
    pub margin: &'static str,
    pub scope: &'static str,
    pub whole_chart: &'static str,
    /// The selected role's title.
    pub branch_of: fn(&str) -> String,
    pub no_selection_to_export: &'static str,
    /// The picture's size in pixels, width and height.
    pub picture_size: fn(u64, u64) -> String,
    /// Under the size when a side is over what common viewers open.
    pub picture_too_wide_for_viewers: &'static str,
    /// Instead of the size when the picture is over the export's own limit.
    pub picture_too_large: fn(u64, u64, u64) -> String,
    pub export_button: &'static str,
}

pub const EN: Strings = Strings {
    untitled: "Untitled",

    menu_file: "File",
    menu_edit: "Edit",
    menu_view: "View",
    menu_arrange: "Arrange",

    new: "New",
    open: "Open…",
    import: "Import…",
    open_recent: "Open Recent",
    save: "Save",
    save_as: "Save As…",
    export: "Export…",
    quit: "Quit",

    undo: "Undo",
    redo: "Redo",
    add_subordinate: "Add subordinate",
    add_sibling: "Add sibling",
    cut: "Cut",
    copy: "Copy",
    paste: "Paste",
    find: "Find…",
    select_all: "Select all",
    delete: "Delete",

    fit_chart: "Fit chart",
    zoom_to_selection: "Zoom to selection",
    findings_panel: "Findings panel",
    theme_system: "Theme: as the system",
    theme_light: "Light",
    theme_dark: "Dark",
    language: "Language",

    layout: "Layout",
    layout_hover: "Arrange the chart as a tidy tree; cards you placed by hand stay",
    reset_positions: "Reset all positions",
    reset_positions_hover: "Arrange every card, including those placed by hand",
    align_selected: "Align selected",
    align_left_edges: "Left edges",
    align_centres: "Centres",
    align_right_edges: "Right edges",
    align_top_edges: "Top edges",
    align_middles: "Middles",
    align_bottom_edges: "Bottom edges",
    distribute_selected: "Distribute selected",
    horizontally: "Horizontally",
    vertically: "Vertically",
    top_down: "Top down",
    left_to_right: "Left to right",
    compact: "Compact (stack subordinates in columns)",

    fit: "Fit",
    fit_hover: "Show the whole chart (F)",
    add_role_button: "+ Role",
    add_subordinate_button: "+ Subordinate",
    add_hover: "Add a role under the selected one",

    counts: |roles, lines, findings| {
        format!("{roles} roles · {lines} reporting lines · {findings} findings")
    },
    zoom_out: "Zoom out",
    zoom_100: "Zoom to 100 %",
    zoom_in: "Zoom in",

    opened: |p| format!("Opened {}", p.display()),
    imported: |p| format!("Imported {}", p.display()),
    imported_with_problems: |p, n, line, text| {
        format!(
            "Imported {}; {n} line(s) not understood, first line {line}: {text}",
            p.display()
        )
    },
    saved: |p| format!("Saved {}", p.display()),
    exported: |p, what| {
        let what = match *what {
            Written::Picture(w, h) => {
                format!("{} × {} pixels", thousands(w.into()), thousands(h.into()))
            }
            Written::Text(n) => format!("{} bytes", thousands(n as u64)),
        };
        format!("Exported {} ({what})", p.display())
    },
    export_cancelled: "Export cancelled; no file was written",
    cancelled: "Cancelled",
    nothing_to_undo: "Nothing to undo",
    nothing_to_redo: "Nothing to redo",
    copied_roles: |n| format!("Copied {n} role{}", plural(n)),
    cut_roles: |n| format!("Cut {n} role{}", plural(n)),
    nothing_to_paste: "Nothing to paste: copy a role first (Ctrl+C)",
    layout_unchanged: "Every card is already where the layout puts it",
    align_needs_two: "Select two or more cards to align (the first stays)",
    distribute_needs_three: "Nothing to distribute: select three or more cards that fit side by side between the outer ones",
    now_reports_to: |sub, sup| format!("{sub} now reports to {sup}"),
    now_also_reports_to: |sub, sup| format!("{sub} now also reports to {sup} (dotted line)"),
    restored: "Restored unsaved work; save it to keep it",
    discarded_recovered: "Discarded the recovered work",
    not_changed: |e| format!("Not changed: {e}"),
    not_moved: |e| format!("Not moved: {e}"),
    no_line_drawn: |e| format!("No line drawn: {e}"),

    open_failed: |e| format!("Could not open the file.\n{e}"),
    import_failed: |e| format!("Could not import.\n{e}"),
    save_failed: |p, e| {
        format!(
            "Could not save {}: {e}\nThe file on disk is unchanged.",
            p.display()
        )
    },
    export_failed: |e| format!("Could not export: {e}"),
    export_bad_extension: |p| {
        format!(
            "Could not export to {}: use a .png, .svg or .dot file name.",
            p.display()
        )
    },
    recovery_unreadable: |e| format!("Found unsaved work from a crash but could not read it: {e}"),

    ok: "OK",
    cancel: "Cancel",
    problem_heading: "Problem",
    unsaved_heading: "Unsaved changes",
    save_changes_first: |name| format!("Save the changes to {name} first?"),
    dont_save: "Don't save",
    replace_heading: "Replace file?",
    replace_question: |p| format!("{} already exists. Replace it?", p.display()),
    replace: "Replace",
    exporting: |p| format!("Exporting {}…", p.display()),

    verb_open: "Open",
    verb_save: "Save",
    verb_export: "Export",
    verb_import: "Import",
    path_prompt_heading: |verb| format!("{verb} — file path"),
    no_file_dialog: "No file dialog is available on this system (no xdg-desktop-portal or zenity \
                     answered). Type the path instead.",
    waiting_for_dialog: "Waiting for the file dialog…",
    type_path_instead: "Type a path instead",
    filter_chart: "Org chart (RON)",
    filter_png: "PNG image",
    filter_svg: "SVG drawing",
    filter_dot: "Graphviz DOT",
    filter_import: "Job descriptions or table",

    recover_heading: "Recover unsaved work?",
    unsaved_chart: "an unsaved chart",
    recover_message: |what, roles, when| {
        format!(
            "orgchart did not close normally. Changes to {what} ({roles} roles) were kept, \
             last written {when}."
        )
    },
    restore: "Restore",
    discard: "Discard",

    click_a_card: "Click a card to see and edit its role.",
    canvas_help: "Drag a card to move it, drag the background to pan, scroll to zoom, F to fit. \
                  Shift-drag selects a box of cards; click a line to change or delete it.",

    no_role_selected: "No role selected.",
    untitled_role: "(untitled)",
    placeholder_note: "Named as a superior but not described.",
    title: "Title",
    department: "Department",
    superiors: "Superiors",
    no_superiors: "none (top of the chart)",
    primary: "primary",
    make_primary: "Make primary",
    remove: "Remove",
    remove_hover: "Remove this reporting line",
    add_superior: "Add superior",
    choose: "choose…",
    filter_hint: "type to filter by title or department",
    more_candidates: "more… type to narrow the list",
    subordinates: "Subordinates",
    none: "none",
    dotted_line: |title| format!("{title} (dotted line)"),
    folded: "Folded",
    folded_hover: "Hide the roles below this one; the card shows how many",
    subordinates_label: "Subordinates:",
    subs_as_chart: "as the chart",
    subs_stacked: "stacked (compact)",
    subs_in_row: "in a row",
    stated_subordinates: "Its job description lists:",
    not_confirmed: "⚠ not confirmed by its own description",
    duties: "Duties",
    duty_move_up: "Move up",
    duty_move_down: "Move down",
    duty_indent: "Indent (make sub-item)",
    duty_outdent: "Outdent",
    duty_add_sub_item: "Add sub-item",
    duty_delete: "Delete duty",
    duty_menu_hover: "Move, indent, add a sub-item, delete",
    add_duty: "+ Duty",
    other_fields: "Other fields",
    delete_field_hover: "Delete this field",
    add_field: "+ Field",

    roles_selected: |n| format!("{n} roles selected"),
    group_help: "Ctrl- or Shift-click a card to add or remove it; Shift-drag the background to \
                 select a box of cards. Drag any selected card to move them all.",
    align_with_first: "Align with the first selected:",
    align_left: "Left",
    align_centre: "Centre",
    align_right: "Right",
    align_top: "Top",
    align_middle: "Middle",
    align_bottom: "Bottom",
    distribute_evenly: "Distribute evenly:",
    delete_roles: |n| format!("Delete {n} roles"),
    delete_roles_hover: "Their subordinates move up to the deleted roles' superiors (Del)",
    and_more: |n| format!("and {n} more"),

    reporting_line: "Reporting line",
    reports_to: |sub, sup| format!("{sub} reports to {sup}"),
    line_primary: "Primary (solid): decides where the card sits",
    line_secondary: "Secondary (dashed): matrix reporting",
    delete_line: "Delete line",

    empty_chart_hint: "Empty chart: add a role with the “+ Role” button",
    draw_line_from: |title| format!("Draw a reporting line from {title}"),
    line_handle_hover: "Drag to a role that reports to this one",
    expand: "Expand",
    collapse: "Collapse",
    minimap: "Minimap",

    findings_count: |n| format!("Findings ({n})"),
    edit_error: EditError::to_string,
    finding_kind: FindingKind::name,
    finding: |_, _| None,
    no_findings: "none: the chart agrees with itself",
    findings_click: "click one to select its roles",

    find_title: "Find",
    find_hint: "title, department or duty",
    no_match: "no role matches",
    first_matches: |n| format!("first {n} matches"),
    matches: |n| format!("{n} matches"),
    found_in_department: |title| format!("{title} (department)"),
    found_in_duties: |title| format!("{title} (duties)"),

    export_heading: "Export",
    scale: "Scale",
    background: "Background",
    as_on_screen: "As on screen",
    white: "White",
    transparent: "Transparent",
    margin: "Margin",
    scope: "What",
    whole_chart: "Whole chart",
    branch_of: |title| format!("{title} and below"),
    no_selection_to_export: "Selection (none selected)",
    picture_size: |w, h| format!("Picture: {} × {} pixels", thousands(w), thousands(h)),
    picture_too_wide_for_viewers: "More than 32,767 pixels a side: many image viewers and browsers will not open it. A smaller scale, SVG, or Arrange → Compact may suit better.",
    picture_too_large: |w, h, max| {
        format!(
            "Too large at this scale: {} × {} pixels, and at most {} a side can be written. Choose a smaller scale, or SVG.",
            thousands(w),
            thousands(h),
            thousands(max)
        )
    },
    export_button: "Export",
};

pub const ZH: Strings = Strings {
    untitled: "未命名",

    menu_file: "文件",
    menu_edit: "编辑",
    menu_view: "视图",
    menu_arrange: "排列",

    new: "新建",
    open: "打开…",
    import: "导入…",
    open_recent: "最近打开",
    save: "保存",
    save_as: "另存为…",
    export: "导出…",
    quit: "退出",

    undo: "撤销",
    redo: "重做",
    add_subordinate: "添加下级",
    add_sibling: "添加同级",
    cut: "剪切",
    copy: "复制",
    paste: "粘贴",
    find: "查找…",
    select_all: "全选",
    delete: "删除",

    fit_chart: "适应窗口",
    zoom_to_selection: "缩放到所选",
    findings_panel: "检查结果面板",
    theme_system: "主题：跟随系统",
    theme_light: "浅色",
    theme_dark: "深色",
    language: "语言",

    layout: "自动布局",
    layout_hover: "按树形整齐排列；手动摆放的卡片保持不动",
    reset_positions: "重置所有位置",
    reset_positions_hover: "重新排列所有卡片，包括手动摆放的",
    align_selected: "对齐所选",
    align_left_edges: "左对齐",
    align_centres: "水平居中",
    align_right_edges: "右对齐",
    align_top_edges: "顶端对齐",
    align_middles: "垂直居中",
    align_bottom_edges: "底端对齐",
    distribute_selected: "分布所选",
    horizontally: "水平分布",
    vertically: "垂直分布",
    top_down: "从上到下",
    left_to_right: "从左到右",
    compact: "紧凑（下级分列堆叠）",

    fit: "适应窗口",
    fit_hover: "显示整张组织图 (F)",
    add_role_button: "+ 岗位",
    add_subordinate_button: "+ 下级",
    add_hover: "在所选岗位下添加岗位",

    counts: |roles, lines, findings| {
        format!("{roles} 个岗位 · {lines} 条汇报线 · {findings} 条检查结果")
    },
    zoom_out: "缩小",
    zoom_100: "缩放到 100%",
    zoom_in: "放大",

    opened: |p| format!("已打开 {}", p.display()),
    imported: |p| format!("已导入 {}", p.display()),
    imported_with_problems: |p, n, line, text| {
        format!(
            "已导入 {}；{n} 行无法识别，第一处在第 {line} 行：{text}",
            p.display()
        )
    },
    saved: |p| format!("已保存 {}", p.display()),
    exported: |p, what| {
        let what = match *what {
            Written::Picture(w, h) => {
                format!("{} × {} 像素", thousands(w.into()), thousands(h.into()))
            }
            Written::Text(n) => format!("{} 字节", thousands(n as u64)),
        };
        format!("已导出 {}（{what}）", p.display())
    },
    export_cancelled: "导出已取消，未写入文件",
    cancelled: "已取消",
    nothing_to_undo: "没有可撤销的操作",
    nothing_to_redo: "没有可重做的操作",
    copied_roles: |n| format!("已复制 {n} 个岗位"),
    cut_roles: |n| format!("已剪切 {n} 个岗位"),
    nothing_to_paste: "没有可粘贴的内容：请先复制岗位 (Ctrl+C)",
    layout_unchanged: "所有卡片都已在布局位置上",
    align_needs_two: "请选择两个或更多卡片再对齐（第一个不动）",
    distribute_needs_three: "无需分布：请选择三个或更多、能在两端之间并排放下的卡片",
    now_reports_to: |sub, sup| format!("{sub} 现在向 {sup} 汇报"),
    now_also_reports_to: |sub, sup| format!("{sub} 现在也向 {sup} 汇报（虚线）"),
    restored: "已恢复未保存的工作；请保存以免丢失",
    discarded_recovered: "已丢弃恢复的工作",
    not_changed: |e| format!("未更改：{e}"),
    not_moved: |e| format!("未移动：{e}"),
    no_line_drawn: |e| format!("未添加汇报线：{e}"),

    open_failed: |e| format!("无法打开文件。\n{e}"),
    import_failed: |e| format!("无法导入。\n{e}"),
    save_failed: |p, e| format!("无法保存 {}：{e}\n磁盘上的文件未改动。", p.display()),
    export_failed: |e| format!("无法导出：{e}"),
    export_bad_extension: |p| {
        format!(
            "无法导出到 {}：请使用 .png、.svg 或 .dot 文件名。",
            p.display()
        )
    },
    recovery_unreadable: |e| format!("发现上次崩溃时未保存的工作，但无法读取：{e}"),

    ok: "确定",
    cancel: "取消",
    problem_heading: "出错了",
    unsaved_heading: "未保存的更改",
    save_changes_first: |name| format!("是否先保存对 {name} 的更改？"),
    dont_save: "不保存",
    replace_heading: "替换文件？",
    replace_question: |p| format!("{} 已存在。要替换它吗？", p.display()),
    replace: "替换",
    exporting: |p| format!("正在导出 {}…", p.display()),

    verb_open: "打开",
    verb_save: "保存",
    verb_export: "导出",
    verb_import: "导入",
    path_prompt_heading: |verb| format!("{verb} — 文件路径"),
    no_file_dialog: "此系统没有可用的文件对话框（xdg-desktop-portal 和 zenity 均无响应）。\
                     请直接输入路径。",
    waiting_for_dialog: "正在等待文件对话框…",
    type_path_instead: "改为输入路径",
    filter_chart: "组织图 (RON)",
    filter_png: "PNG 图片",
    filter_svg: "SVG 矢量图",
    filter_dot: "Graphviz DOT",
    filter_import: "岗位说明或表格",

    recover_heading: "恢复未保存的工作？",
    unsaved_chart: "未保存的组织图",
    recover_message: |what, roles, when| {
        format!(
            "orgchart 上次未正常关闭。{what}（{roles} 个岗位）的更改已保留，最后写入于 {when}。"
        )
    },
    restore: "恢复",
    discard: "丢弃",

    click_a_card: "点击卡片，查看和编辑岗位。",
    canvas_help: "拖动卡片可移动，拖动背景可平移，滚轮缩放，按 F 适应窗口。\
                  按住 Shift 拖动可框选卡片；点击汇报线可修改或删除。",

    no_role_selected: "未选择岗位。",
    untitled_role: "（未命名）",
    placeholder_note: "被列为上级，但没有岗位说明。",
    title: "岗位名称",
    department: "部门",
    superiors: "上级",
    no_superiors: "无（最高层）",
    primary: "主要",
    make_primary: "设为主要",
    remove: "移除",
    remove_hover: "移除这条汇报线",
    add_superior: "添加上级",
    choose: "选择…",
    filter_hint: "输入岗位名称或部门以筛选",
    more_candidates: "还有更多……请输入以缩小范围",
    subordinates: "下级",
    none: "无",
    dotted_line: |title| format!("{title}（虚线）"),
    folded: "折叠",
    folded_hover: "隐藏此岗位以下的岗位；卡片上显示隐藏的数量",
    subordinates_label: "下级：",
    subs_as_chart: "同整张图",
    subs_stacked: "堆叠（紧凑）",
    subs_in_row: "排成一行",
    stated_subordinates: "其岗位说明列出的下级：",
    not_confirmed: "⚠ 对方的岗位说明未确认",
    duties: "职责",
    duty_move_up: "上移",
    duty_move_down: "下移",
    duty_indent: "缩进（设为子项）",
    duty_outdent: "取消缩进",
    duty_add_sub_item: "添加子项",
    duty_delete: "删除职责",
    duty_menu_hover: "移动、缩进、添加子项、删除",
    add_duty: "+ 职责",
    other_fields: "其他字段",
    delete_field_hover: "删除此字段",
    add_field: "+ 字段",

    roles_selected: |n| format!("已选择 {n} 个岗位"),
    group_help: "按住 Ctrl 或 Shift 点击卡片可加选或取消；按住 Shift 拖动背景可框选卡片。\
                 拖动任一选中的卡片可整体移动。",
    align_with_first: "以第一个选中的卡片为准对齐：",
    align_left: "左对齐",
    align_centre: "水平居中",
    align_right: "右对齐",
    align_top: "顶端对齐",
    align_middle: "垂直居中",
    align_bottom: "底端对齐",
    distribute_evenly: "均匀分布：",
    delete_roles: |n| format!("删除 {n} 个岗位"),
    delete_roles_hover: "其下级改为向被删岗位的上级汇报 (Del)",
    and_more: |n| format!("另有 {n} 个"),

    reporting_line: "汇报线",
    reports_to: |sub, sup| format!("{sub} 向 {sup} 汇报"),
    line_primary: "主要（实线）：决定卡片的位置",
    line_secondary: "次要（虚线）：矩阵汇报",
    delete_line: "删除汇报线",

    empty_chart_hint: "空白组织图：点击“+ 岗位”按钮添加岗位",
    draw_line_from: |title| format!("从 {title} 画汇报线"),
    line_handle_hover: "拖到向此岗位汇报的岗位上",
    expand: "展开",
    collapse: "折叠",
    minimap: "缩略图",

    findings_count: |n| format!("检查结果（{n}）"),
    finding_kind: |k| match k {
        FindingKind::Cycle => "循环汇报",
        FindingKind::UnknownRole => "未知岗位",
        FindingKind::DuplicateLine => "重复汇报线",
        FindingKind::OneSidedSubordinate => "下级单方面",
        FindingKind::OneSidedSuperior => "上级单方面",
        FindingKind::PlaceholderRole => "未描述岗位",
        FindingKind::DuplicateTitle => "岗位重名",
        FindingKind::NoDuties => "无职责",
        FindingKind::NotUnderstood => "无法识别",
    },
    finding: zh_finding,
    edit_error: |e| match e {
        EditError::NoSuchRole(id) => format!("岗位 {id} 不在组织图中"),
        EditError::IdTaken(id) => format!("岗位编号 {id} 已被占用"),
        EditError::AlreadyReports { role, superior } => format!("{role} 已经向 {superior} 汇报"),
        EditError::Loop { role, superior } => {
            format!("{role} 不能向 {superior} 汇报：{superior} 在 {role} 之下")
        }
        EditError::NotReporting { role, superior } => format!("{role} 并不向 {superior} 汇报"),
        EditError::OnlyLine { role, superior } => {
            format!("{role} 只向 {superior} 汇报，这条线只能是主汇报线；请先画另一条线")
        }
        EditError::ListedTwice(s) => format!("{s} 被列了两次"),
    },
    no_findings: "无：组织图前后一致",
    findings_click: "点击一项可选中相关岗位",

    find_title: "查找",
    find_hint: "岗位名称、部门或职责",
    no_match: "没有匹配的岗位",
    first_matches: |n| format!("前 {n} 个匹配"),
    matches: |n| format!("{n} 个匹配"),
    found_in_department: |title| format!("{title}（部门）"),
    found_in_duties: |title| format!("{title}（职责）"),

    export_heading: "导出",
    scale: "缩放",
    background: "背景",
    as_on_screen: "与屏幕一致",
    white: "白色",
    transparent: "透明",
    margin: "边距",
    scope: "范围",
    whole_chart: "整张组织图",
    branch_of: |title| format!("{title}及以下"),
    no_selection_to_export: "所选（未选择岗位）",
    picture_size: |w, h| format!("图片：{} × {} 像素", thousands(w), thousands(h)),
    picture_too_wide_for_viewers: "有一边超过 32,767 像素：许多看图软件和浏览器打不开。可改用较小的比例、SVG，或“排列 → 紧凑”。",
    picture_too_large: |w, h, max| {
        format!(
            "此比例下图片过大：{} × {} 像素，每边最多 {} 像素。请选较小的比例，或导出 SVG。",
            thousands(w),
            thousands(h),
            thousands(max)
        )
    },
    export_button: "导出",
};

/// English plural ending.
/// 1234567 as "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_starting_with_zh_are_chinese() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh_TW"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
    }

    #[test]
    fn language_list_goes_before_the_locale_except_in_c() {
        assert_eq!(Lang::choose("en_US.UTF-8", "zh_CN:en"), Lang::Zh);
        assert_eq!(Lang::choose("zh_CN.UTF-8", "fr:en_GB"), Lang::En);
        // No entry we have strings for: the locale decides.
        assert_eq!(Lang::choose("zh_CN.UTF-8", "fr:de"), Lang::Zh);
        assert_eq!(Lang::choose("zh_CN.UTF-8", ""), Lang::Zh);
        assert_eq!(Lang::choose("C", "zh_CN"), Lang::En);
        assert_eq!(Lang::choose("C.UTF-8", "zh_CN"), Lang::En);
        assert_eq!(Lang::choose("", "zh_CN"), Lang::En);
    }

    /// Every fixed text of a table. The pattern names every field, so a new one does
    /// not compile until it is sorted in here: checked if text, skipped if a function.
    #[rustfmt::skip]
    fn texts(s: &Strings) -> Vec<&'static str> {
        let Strings {
            untitled, menu_file, menu_edit, menu_view, menu_arrange, new, open, import,
            open_recent, save, save_as, export, quit, undo, redo, add_subordinate,
            add_sibling, cut, copy, paste, find, select_all, delete, fit_chart,
            zoom_to_selection, findings_panel, theme_system, theme_light, theme_dark,
            language, layout, layout_hover, reset_positions, reset_positions_hover,
            align_selected, align_left_edges, align_centres, align_right_edges,
            align_top_edges, align_middles, align_bottom_edges, distribute_selected,
            horizontally, vertically, top_down, left_to_right, compact, fit, fit_hover,
            add_role_button, add_subordinate_button, add_hover, counts: _, zoom_out,
            zoom_100, zoom_in, opened: _, imported: _, imported_with_problems: _, saved: _,
            exported: _, export_cancelled, cancelled, nothing_to_undo, nothing_to_redo,
            copied_roles: _, cut_roles: _, nothing_to_paste, layout_unchanged,
            align_needs_two, distribute_needs_three, now_reports_to: _,
            now_also_reports_to: _, restored, discarded_recovered, not_changed: _,
            not_moved: _, no_line_drawn: _, open_failed: _, import_failed: _,
            save_failed: _, export_failed: _, export_bad_extension: _,
            recovery_unreadable: _, ok, cancel, problem_heading, unsaved_heading,
            save_changes_first: _, dont_save, replace_heading, replace_question: _, replace,
            exporting: _, verb_open, verb_save, verb_export, verb_import,
            path_prompt_heading: _, no_file_dialog, waiting_for_dialog, type_path_instead,
            filter_chart, filter_png, filter_svg, filter_dot, filter_import,
            recover_heading, unsaved_chart, recover_message: _, restore, discard,
            click_a_card, canvas_help, no_role_selected, untitled_role, placeholder_note,
            title, department, superiors, no_superiors, primary, make_primary, remove,
            remove_hover, add_superior, choose, filter_hint, more_candidates, subordinates, none, dotted_line: _, folded,
            folded_hover, subordinates_label, subs_as_chart, subs_stacked, subs_in_row,
            stated_subordinates, not_confirmed, duties, duty_move_up, duty_move_down,
            duty_indent, duty_outdent, duty_add_sub_item, duty_delete, duty_menu_hover,
            add_duty, other_fields, delete_field_hover, add_field, roles_selected: _,
            group_help, align_with_first, align_left, align_centre, align_right, align_top,
            align_middle, align_bottom, distribute_evenly, delete_roles: _,
            delete_roles_hover, and_more: _, reporting_line, reports_to: _, line_primary,
            line_secondary, delete_line, empty_chart_hint, draw_line_from: _,
            line_handle_hover, expand, collapse, minimap, findings_count: _, edit_error: _, finding_kind: _, finding: _, no_findings,
            findings_click, find_title, find_hint, no_match, first_matches: _, matches: _,
            found_in_department: _, found_in_duties: _, export_heading, scale, background,
            as_on_screen, white, transparent, margin, scope, whole_chart, branch_of: _,
            no_selection_to_export, export_button, picture_size: _,
            picture_too_wide_for_viewers, picture_too_large: _,
        } = *s;
        vec![
            untitled, menu_file, menu_edit, menu_view, menu_arrange, new, open, import,
            open_recent, save, save_as, export, quit, undo, redo, add_subordinate,
            add_sibling, cut, copy, paste, find, select_all, delete, fit_chart,
            zoom_to_selection, findings_panel, theme_system, theme_light, theme_dark,
            language, layout, layout_hover, reset_positions, reset_positions_hover,
            align_selected, align_left_edges, align_centres, align_right_edges,
            align_top_edges, align_middles, align_bottom_edges, distribute_selected,
            horizontally, vertically, top_down, left_to_right, compact, fit, fit_hover,
            add_role_button, add_subordinate_button, add_hover, zoom_out, zoom_100, zoom_in,
            export_cancelled, cancelled, nothing_to_undo, nothing_to_redo, nothing_to_paste,
            layout_unchanged, align_needs_two, distribute_needs_three, restored,
            discarded_recovered, ok, cancel, problem_heading, unsaved_heading, dont_save,
            replace_heading, replace, verb_open, verb_save, verb_export, verb_import,
            no_file_dialog, waiting_for_dialog, type_path_instead, filter_chart, filter_png,
            filter_svg, filter_dot, filter_import, recover_heading, unsaved_chart, restore,
            discard, click_a_card, canvas_help, no_role_selected, untitled_role,
            placeholder_note, title, department, superiors, no_superiors, primary,
            make_primary, remove, remove_hover, add_superior, choose, filter_hint, more_candidates, subordinates, none,
            folded, folded_hover, subordinates_label, subs_as_chart, subs_stacked,
            subs_in_row, stated_subordinates, not_confirmed, duties, duty_move_up,
            duty_move_down, duty_indent, duty_outdent, duty_add_sub_item, duty_delete,
            duty_menu_hover, add_duty, other_fields, delete_field_hover, add_field,
            group_help, align_with_first, align_left, align_centre, align_right, align_top,
            align_middle, align_bottom, distribute_evenly, delete_roles_hover,
            reporting_line, line_primary, line_secondary, delete_line, empty_chart_hint,
            line_handle_hover, expand, collapse, minimap, no_findings, findings_click,
            find_title, find_hint, no_match, export_heading, scale, background,
            as_on_screen, white, transparent, margin, scope, whole_chart,
            no_selection_to_export, export_button, picture_too_wide_for_viewers,
        ]
    }

    #[test]
    fn no_text_is_empty() {
        for lang in [Lang::En, Lang::Zh] {
            for (k, text) in texts(lang.strings()).into_iter().enumerate() {
                assert!(!text.trim().is_empty(), "{lang:?}: text {k} is empty");
            }
        }
    }

    #[test]
    fn texts_with_values_show_them() {
        for lang in [Lang::En, Lang::Zh] {
            let s = lang.strings();
            assert!((s.roles_selected)(7).contains('7'));
            assert!((s.now_reports_to)("甲", "乙").contains('甲'));
            assert!((s.not_moved)(&"a loop").ends_with("a loop"));
            assert!((s.saved)(Path::new("/x/a.ron")).contains("a.ron"));
        }
        assert_eq!(
            (EN.picture_size)(791_149, 2_230),
            "Picture: 791,149 × 2,230 pixels"
        );
        assert!((ZH.picture_too_large)(1_582_298, 4_460, 1_000_000).contains("1,582,298 × 4,460"));
        // What an export wrote, in the app's language.
        let png = Path::new("/x/图.png");
        assert_eq!(
            (ZH.exported)(png, &Written::Picture(791_149, 2_230)),
            "已导出 /x/图.png（791,149 × 2,230 像素）"
        );
        assert_eq!(
            (EN.exported)(png, &Written::Text(12_345)),
            "Exported /x/图.png (12,345 bytes)"
        );
        assert_eq!((EN.copied_roles)(1), "Copied 1 role");
        assert_eq!((EN.cut_roles)(3), "Cut 3 roles");
    }
}
