//! The window: menu bar, canvas, side panel, status line. Panels and the canvas only
//! produce [`Command`]s and edits; `run_command` and [`Document::apply`] change things.

mod canvas;
mod document;
mod export_dialog;
mod files;
mod findings_panel;
mod group_panel;
mod i18n;
mod minimap;
mod recent;
mod recovery;
mod role_panel;
mod search;
mod selection;
mod spatial;

pub use canvas::Camera;
pub use document::Document;
pub use i18n::Lang;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{Key, KeyboardShortcut, Modifiers, Pos2, Vec2};

use crate::edit::{self, Edit, MergeKey, Redraw};
use crate::model::{Arrangement, Chart, Finding, LineKind, Orientation, RoleId, validate};
use crate::scene::{self, Measurer, Scene, Theme};
use canvas::{CanvasEvent, CanvasState, canvas_ui};
pub use export_dialog::ExportSettings;
use export_dialog::{DialogAnswer, ExportDialog, ExportJob};
use files::{DialogResult, PathPrompt, PendingDialog, Purpose};
use findings_panel::findings_ui;
use i18n::Strings;
use role_panel::{PanelAction, role_panel_ui};
pub use selection::LineRef;
use selection::Selection;

/// From this many cards on, rebuilding the scene takes long enough (tens of ms and up)
/// to be worth keeping off the keystroke path.
const LARGE_SCENE: usize = 10_000;
/// How long typing must pause before a big chart's canvas shows what was typed.
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(400);

/// Opens the window; returns the process exit code.
pub fn run(file: Option<PathBuf>, smoke_screenshot: Option<PathBuf>) -> i32 {
    let (doc, error) = match &file {
        Some(path) => match crate::io::load(path) {
            Ok(chart) => (Document::new(chart, Some(path.clone())), None),
            Err(e) => (Document::new(Chart::new(""), None), Some(e.to_string())),
        },
        None => (Document::new(crate::example::chart(), None), None),
    };
    if let (Some(e), true) = (&error, smoke_screenshot.is_some()) {
        eprintln!("orgchart: {e}");
        return crate::cli::EXIT_ERROR;
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1400.0, 900.0])
            .with_title("orgchart")
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let result = eframe::run_native(
        "orgchart",
        options,
        Box::new(move |cc| {
            let mut app = OrgApp::new(&cc.egui_ctx, doc);
            // The smoke test must not touch the user's settings or recovery files. The
            // language comes first: the recovery offer is worded in it.
            if smoke_screenshot.is_none()
                && let Some(file) = recent::default_file()
            {
                app = app
                    .with_language_file(file.with_file_name("language.txt"))
                    .with_recent_files(file);
            }
            if smoke_screenshot.is_none()
                && let Some(dir) = recovery::default_dir()
            {
                app = app.with_recovery(dir);
            }
            // The file named on the command line, in the window's language like a file
            // opened from the menu.
            let error = error.map(|e| (app.t().open_failed)(&e));
            app.error = error.or(app.error.take());
            app.smoke = smoke_screenshot.map(Smoke::new);
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("orgchart: could not open a window: {e}");
            crate::cli::EXIT_ERROR
        }
    }
}

/// Everything the user can ask for from menus and shortcuts.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    New,
    Open,
    OpenPath(PathBuf),
    Import,
    ImportPath(PathBuf),
    Save,
    SaveAs,
    Export,
    Undo,
    Redo,
    Fit,
    AddSubordinate,
    /// A new role beside the selected one (same primary superior).
    AddSibling,
    /// The selected role and everything below it, to the clipboard (Cut also removes it).
    Copy,
    Cut,
    /// The copied branch under the selected role.
    Paste,
    Find,
    /// Show the selected role and everything below it.
    ZoomToSelection,
    DeleteSelected,
    /// Lay the chart out again, keeping pinned cards.
    Layout,
    /// Lay every card out again, pinned ones too.
    ResetPositions,
    Arrange(Arrangement),
    ToggleCollapse(RoleId),
    SelectAll,
    /// Line the selected cards up with the first one picked.
    Align(edit::Align),
    /// Even out the gaps between the selected cards.
    Distribute(edit::Axis),
    /// Make the selected line its subordinate's primary or a secondary line.
    SetLineKind(LineKind),
    Quit,
}

/// What to do once the unsaved-changes question is answered.
#[derive(Clone, Debug, PartialEq)]
enum Then {
    Run(Command),
    Close,
}

/// Saves a screenshot of the first frames and quits: proof in CI that a real window draws.
struct Smoke {
    path: PathBuf,
    frame: u32,
    result: Arc<Mutex<Option<Result<(), String>>>>,
    requested: bool,
}

impl Smoke {
    fn new(path: PathBuf) -> Self {
        Self {
            path,
            frame: 0,
            result: Arc::new(Mutex::new(None)),
            requested: false,
        }
    }
}

pub struct OrgApp {
    doc: Document,
    camera: Camera,
    fit_requested: bool,
    /// Bring this chart point to the middle of the canvas next frame.
    center_on: Option<Pos2>,
    sel: Selection,
    grab: Option<(RoleId, Vec2)>,
    /// Where a selection box started, while one is drawn (chart units).
    band: Option<Pos2>,
    /// The role whose line handle is being dragged.
    link: Option<RoleId>,
    /// The roles the card being dragged (first) takes along.
    moving: (Option<RoleId>, std::collections::HashSet<RoleId>),
    /// Where the dragged card is now; committed as one edit on release.
    drag_preview: Option<(RoleId, Pos2)>,
    scene_key: Option<u64>,
    scene: Scene,
    /// What the scene was built from, for redrawing cards moved by hand.
    arranged: Option<scene::Arranged>,
    scene_builds: u64,
    index: spatial::SpatialIndex,
    minimap: minimap::Minimap,
    /// Validation of the current chart, recomputed when it changes.
    findings: Vec<Finding>,
    show_findings: bool,
    measurer: Measurer,
    theme: Theme,
    /// The window theme `theme` was made for.
    theme_of: Option<egui::Theme>,
    status: String,
    error: Option<String>,
    dialog: Option<(PendingDialog, Option<Then>)>,
    prompt: Option<(PathPrompt, Option<Then>)>,
    confirm: Option<Then>,
    /// "Replace the existing file?" for a save or export path.
    overwrite: Option<(Purpose, PathBuf, Option<Then>)>,
    /// The user chose "Don't save" for the document in this state; a command that
    /// would discard it runs without asking again (until the next edit).
    discard_confirmed: Option<u64>,
    allow_close: bool,
    shown_title: String,
    last_focus: Option<egui::Id>,
    smoke: Option<Smoke>,
    pending: Vec<Command>,
    repaint: bool,
    export_settings: ExportSettings,
    export_dialog: Option<ExportDialog>,
    export_job: Option<ExportJob>,
    search: Option<search::Search>,
    zoom_request: Option<f32>,
    fit_to: Option<egui::Rect>,
    /// Reporting lines in the chart, counted when it changes (not every frame).
    line_count: usize,
    /// Recently used files (the real app; tests opt in).
    recent: Option<recent::Recent>,
    /// The branch last copied or cut.
    clip: Option<edit::Branch>,
    /// Autosave for crash recovery (the real app; tests opt in).
    recovery: Option<recovery::Recovery>,
    /// Work from a crashed session, offered back at start.
    recovered: Option<recovery::Found>,
    last_input: std::time::Instant,
    /// Direct subordinates of each role, indexed when the chart changes.
    subordinates: crate::model::Subordinates,
    /// When the last keystroke landed in a field, and the chart state it left (see
    /// `refresh_scene_unless_typing`).
    typed: Option<(std::time::Instant, u64)>,
    typing_pause: std::time::Duration,
    /// Put the cursor in the title field (a role was just added with Tab or Enter).
    focus_title: bool,
    /// The language of every text the window shows.
    lang: Lang,
    /// Where the language chosen in the View menu is kept (the real app; tests opt in).
    language_file: Option<PathBuf>,
}

impl OrgApp {
    pub fn new(ctx: &egui::Context, doc: Document) -> Self {
        ctx.set_fonts(scene::fonts::font_definitions());
        // Follow the desktop's light or dark theme; light where it does not say.
        ctx.options_mut(|o| {
            o.theme_preference = egui::ThemePreference::System;
            o.fallback_theme = egui::Theme::Light;
        });
        Self {
            doc,
            camera: Camera::default(),
            fit_requested: true,
            center_on: None,
            sel: Selection::default(),
            grab: None,
            band: None,
            link: None,
            moving: Default::default(),
            drag_preview: None,
            scene_key: None,
            arranged: None,
            scene_builds: 0,
            scene: Scene::default(),
            index: Default::default(),
            minimap: Default::default(),
            findings: Vec::new(),
            show_findings: true,
            measurer: Measurer::new(),
            theme: Theme::default(),
            theme_of: None,
            status: String::new(),
            error: None,
            dialog: None,
            prompt: None,
            confirm: None,
            overwrite: None,
            discard_confirmed: None,
            allow_close: false,
            shown_title: String::new(),
            last_focus: None,
            smoke: None,
            pending: Vec::new(),
            repaint: false,
            export_settings: ExportSettings::default(),
            export_dialog: None,
            export_job: None,
            search: None,
            zoom_request: None,
            fit_to: None,
            line_count: 0,
            subordinates: Default::default(),
            typed: None,
            typing_pause: TYPING_PAUSE,
            clip: None,
            recent: None,
            recovery: None,
            recovered: None,
            last_input: std::time::Instant::now(),
            focus_title: false,
            lang: Lang::from_env(),
            language_file: None,
        }
    }

    /// Switches the window's language (View → Language). Messages already shown keep
    /// the language they were written in.
    pub fn set_language(&mut self, lang: Lang) {
        self.lang = lang;
    }

    pub fn language(&self) -> Lang {
        self.lang
    }

    /// The texts in the current language.
    fn t(&self) -> &'static Strings {
        self.lang.strings()
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// What the canvas draws now (and what an export of the whole chart would draw).
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The selected role, or the first picked of several.
    pub fn selection(&self) -> Option<RoleId> {
        self.sel.anchor()
    }

    /// Every selected role, in the order they were picked.
    pub fn selected(&self) -> &[RoleId] {
        self.sel.roles()
    }

    /// The selected reporting line, if a line is selected.
    pub fn selected_line(&self) -> Option<LineRef> {
        self.sel.line()
    }

    pub fn select(&mut self, role: Option<RoleId>) {
        self.sel.only(role);
    }

    pub fn status(&self) -> &str {
        &self.status
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Applies an edit as the panels do (one undo step, shown next frame); refused
    /// edits leave the reason in the status line. For scripts and benchmarks.
    pub fn apply_edit(&mut self, edit: Edit) {
        self.doc.seal();
        self.apply(edit, None);
    }

    /// Queues a command as if chosen from the menu.
    pub fn command(&mut self, c: Command) {
        self.pending.push(c);
    }

    /// Opens `path` in place of the current document; on error the current one stays.
    pub fn open_path(&mut self, path: &Path) {
        match crate::io::load(path) {
            Ok(chart) => {
                self.replace_document(Document::new(chart, Some(path.to_owned())));
                self.status = (self.t().opened)(path);
                if let Some(r) = &mut self.recent {
                    r.add(path);
                }
            }
            Err(e) => self.error = Some((self.t().open_failed)(&e)),
        }
    }

    /// Imports job descriptions or a CSV table as a new, unsaved document; what the
    /// importer could not place is listed in the status line and kept nowhere else.
    pub fn import_path(&mut self, path: &Path) {
        match crate::io::import_path(path, &Default::default()) {
            Ok(imported) => {
                let problems = imported.not_understood.len();
                self.replace_document(Document::unsaved(imported.chart));
                self.status = if problems == 0 {
                    (self.t().imported)(path)
                } else {
                    let first = &imported.not_understood[0];
                    (self.t().imported_with_problems)(path, problems, first.0, &first.1)
                };
            }
            Err(e) => self.error = Some((self.t().import_failed)(&e)),
        }
    }

    fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.sel.only(None);
        self.grab = None;
        self.drag_preview = None;
        // A new document's history starts at the same state id as the old one's.
        self.scene_key = None;
        self.arranged = None;
        self.fit_requested = true;
    }

    fn apply(&mut self, edit: Edit, merge: Option<MergeKey>) {
        let typing = merge.is_some();
        if let Err(e) = self.doc.apply(edit, merge) {
            self.status = (self.t().not_changed)(&(self.t().edit_error)(&e));
        }
        if typing {
            self.typed = Some((std::time::Instant::now(), self.doc.state()));
        }
        // Edits from the panel land after the canvas was painted: draw them next frame.
        self.repaint = true;
    }

    /// [`Self::refresh_scene`], except while the user is typing into a field on a big
    /// chart: rebuilding it takes a good part of a second there, and once per keystroke
    /// that would make typing stutter. The canvas catches up once typing pauses; the
    /// panel being typed into shows the chart itself, so it is always current.
    fn refresh_scene_unless_typing(&mut self, ctx: &egui::Context) {
        // Only while the chart is as the last keystroke left it: any other change
        // (undo, a deleted role) is drawn at once.
        if let Some((at, state)) = self.typed
            && state == self.doc.state()
            && self.scene.cards.len() >= LARGE_SCENE
            && !self.patch_scene()
        {
            let left = self.typing_pause.saturating_sub(at.elapsed());
            if !left.is_zero() {
                ctx.request_repaint_after(left);
                return;
            }
        }
        self.typed = None;
        self.refresh_scene();
    }

    /// How long typing must pause before a big chart's canvas is redrawn (for tests).
    #[doc(hidden)]
    pub fn set_typing_pause(&mut self, pause: std::time::Duration) {
        self.typing_pause = pause;
    }

    /// Brings the scene up to date after the chart changed: patched where it can be
    /// (see [`Self::patch_scene`]), built again otherwise. A drag in progress does not
    /// count: the canvas draws the dragged card where it is, and the drop is an edit.
    fn refresh_scene(&mut self) {
        if self.patch_scene() {
            return;
        }
        let key = self.doc.state();
        self.doc.take_redraw();
        self.doc.take_findings_stale();
        let (scene, arranged) =
            scene::build_arranged(self.doc.chart(), &self.theme, &mut self.measurer);
        self.scene_builds += 1;
        let old = (
            std::mem::replace(&mut self.scene, scene),
            self.arranged.replace(arranged),
        );
        if old.0.cards.len() >= LARGE_SCENE {
            // Freeing 100,000 cards' texts and lines (and the old layout) takes longer
            // than building the spatial index: let another thread do it while this
            // frame goes on (or this one, if no thread can be started).
            let _ = std::thread::Builder::new().spawn(move || drop(old));
        }
        self.index_scene();
        self.findings = validate(self.doc.chart());
        self.line_count = self.doc.chart().roles().map(|r| r.superiors.len()).sum();
        self.subordinates = crate::model::Subordinates::new(self.doc.chart());
        self.scene_key = Some(key);
    }

    /// Brings the scene up to date without building it again, if the changes since it
    /// was built allow; true if it is up to date. A duty typed changes nothing on the
    /// canvas, a title typed one card's text (or its size, and the cards that moves), a
    /// card dropped elsewhere that card and the lines, a card dropped on a new
    /// superior, a role added or the last one taken away the cards the layout moves:
    /// on a big chart, a frame instead of a good part of a second.
    /// Findings are checked again unless only cards moved.
    fn patch_scene(&mut self) -> bool {
        let key = self.doc.state();
        if self.scene_key == Some(key) {
            return true;
        }
        if self.scene_key.is_none() {
            return false;
        }
        let patched = match self.doc.take_redraw() {
            Redraw::Nothing => true,
            Redraw::Cards(changed) => self.patch_cards(changed),
            Redraw::Everything => false,
        };
        if !patched {
            // Maybe half patched: it shows no state of the chart, so only building it
            // again will do now, even if the chart goes back to the state it had.
            self.scene_key = None;
            return false;
        }
        // Cards moved by hand change no finding: on a big chart the check is a good
        // part of a drop's frame.
        if self.doc.take_findings_stale() {
            self.findings = validate(self.doc.chart());
        }
        self.scene_key = Some(key);
        true
    }

    /// The spatial index and minimap of the scene as it now is.
    fn index_scene(&mut self) {
        self.index = spatial::SpatialIndex::build(&self.scene);
        self.minimap = minimap::Minimap::build(&self.scene);
    }

    /// How many times the scene was built from scratch (not patched): for tests.
    #[doc(hidden)]
    pub fn scene_builds(&self) -> u64 {
        self.scene_builds
    }

    /// Draws the changed cards (see [`scene::patch`]): false if the scene has to be
    /// built again instead.
    fn patch_cards(&mut self, changed: edit::Changed) -> bool {
        let Some(arranged) = self.arranged.as_mut() else {
            return false;
        };
        let chart = self.doc.chart();
        let (theme, measurer) = (&self.theme, &mut self.measurer);
        let Some(patched) =
            scene::patch(&mut self.scene, arranged, chart, &changed, theme, measurer)
        else {
            return false;
        };
        if changed.reshaped() {
            self.line_count = chart.roles().map(|r| r.superiors.len()).sum();
            self.subordinates = crate::model::Subordinates::new(chart);
        }
        // A title typed into a card that keeps its size moves nothing.
        if patched.moved {
            self.index_scene();
        }
        true
    }

    fn save_to(&mut self, path: &Path) -> bool {
        match self.doc.save_to(path) {
            Ok(()) => {
                self.status = (self.t().saved)(path);
                if let Some(r) = &mut self.recent {
                    r.add(path);
                }
                true
            }
            Err(e) => {
                self.error = Some((self.t().save_failed)(path, &e));
                false
            }
        }
    }

    /// Opens the export dialog for `path`; the format follows the extension (PNG when
    /// there is none).
    pub fn export_to(&mut self, path: &Path) {
        let (path, format) = match crate::export::Format::from_path(path) {
            Some(f) => (path.to_owned(), f),
            None if path.extension().is_none() => {
                (path.with_extension("png"), crate::export::Format::Png)
            }
            None => {
                self.error = Some((self.t().export_bad_extension)(path));
                return;
            }
        };
        // Worked out once: the dialog is modal, so neither selection nor chart changes
        // while it is open.
        let branch_bounds = self.sel.anchor().and_then(|root| self.branch_bounds(root));
        self.export_dialog = Some(ExportDialog {
            path,
            format,
            branch_bounds,
        });
    }

    /// Turns on crash recovery with recovery files in `dir`; work left there by a
    /// session that did not end normally is offered back.
    pub fn with_recovery(mut self, dir: PathBuf) -> Self {
        let r = recovery::Recovery::new(dir);
        match r.find() {
            Ok(found) => self.recovered = found,
            Err(e) => self.error = Some((self.t().recovery_unreadable)(&e)),
        }
        self.recovery = Some(r);
        self
    }

    /// Where `root` and everyone below it are drawn, all together.
    fn branch_bounds(&self, root: RoleId) -> Option<egui::Rect> {
        export_dialog::branch(&self.subordinates, root)
            .iter()
            .filter_map(|&r| self.scene.card(r))
            .map(|c| c.rect)
            .reduce(|a, b| a.union(b))
    }

    /// Starts in the language chosen last time (kept in `file`), not the system's, and
    /// keeps the next choice there.
    pub fn with_language_file(mut self, file: PathBuf) -> Self {
        if let Some(lang) = Lang::load(&file) {
            self.lang = lang;
        }
        self.language_file = Some(file);
        self
    }

    /// Remembers recently opened and saved files in `file` (File → Open Recent).
    pub fn with_recent_files(mut self, file: PathBuf) -> Self {
        self.recent = Some(recent::Recent::load(file));
        self
    }

    /// Recently used files, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        self.recent.as_ref().map_or(&[], |r| &r.paths[..])
    }

    /// Whether work from a crashed session is being offered back.
    pub fn offers_recovery(&self) -> bool {
        self.recovered.is_some()
    }

    /// Writes the recovery file now if there is unsaved work (tests; the app does it
    /// after a few idle seconds), and waits for it.
    pub fn autosave_now(&mut self) {
        if let Some(r) = &mut self.recovery
            && self.doc.is_dirty()
        {
            r.write(self.doc.chart(), self.doc.path(), self.doc.state());
            r.flush();
        }
    }

    fn autosave_step(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| !i.events.is_empty() || i.pointer.any_down()) {
            self.last_input = std::time::Instant::now();
        }
        if self.recovered.is_some() {
            return;
        }
        let Some(r) = &mut self.recovery else { return };
        let state = self.doc.state();
        let closing = ctx.input(|i| i.viewport().close_requested())
            && (!self.doc.is_dirty() || self.allow_close);
        if closing || !self.doc.is_dirty() {
            // Saved, undone back to the file, or leaving on purpose: nothing to recover.
            r.clear_own(state);
            return;
        }
        let idle = self.last_input.elapsed();
        if idle >= recovery::IDLE {
            r.write(self.doc.chart(), self.doc.path(), state);
        } else {
            ctx.request_repaint_after(recovery::IDLE - idle);
        }
    }

    fn recovery_ui(&mut self, ctx: &egui::Context) {
        let t = self.t();
        let Some(found) = &self.recovered else { return };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
            ui.heading(t.recover_heading);
            let what = found
                .about
                .path
                .as_ref()
                .map_or(t.unsaved_chart.to_owned(), |p| p.display().to_string());
            ui.label((t.recover_message)(
                &what,
                found.chart.len(),
                &recovery::describe_time(found.about.written),
            ));
            ui.horizontal(|ui| {
                if ui.button(t.restore).clicked() {
                    answer = Some(true);
                }
                if ui.button(t.discard).clicked() {
                    answer = Some(false);
                }
            });
        });
        match answer {
            Some(true) => {
                if let Some(found) = self.recovered.take() {
                    self.replace_document(Document::recovered(found.chart, found.about.path));
                    self.status = t.restored.into();
                }
            }
            Some(false) => {
                self.recovered = None;
                if let Some(r) = &mut self.recovery {
                    r.clear(self.doc.state());
                }
                self.status = t.discarded_recovered.into();
            }
            None => {}
        }
    }

    /// A new role under `superior` (or on its own), selected with its title ready to
    /// type. Cards already on the canvas stay where they are; the new one goes where
    /// the layout puts it.
    fn add_role(&mut self, superior: Option<RoleId>) {
        let chart = self.doc.chart();
        let (insert, id) = edit::add_subordinate(chart, superior, "新岗位");
        let scene = &self.scene;
        let frozen = edit::freeze(chart, |r| scene.card(r).map(|c| c.rect.center().into()));
        self.apply(
            Edit::Batch(frozen.into_iter().chain([insert]).collect()),
            None,
        );
        self.sel.only(Some(id));
        self.focus_title = true;
    }

    /// Selects a role and brings it to the middle of the canvas.
    pub fn show_role(&mut self, role: Option<RoleId>) {
        self.sel.only(role);
        self.refresh_scene();
        self.center_on = role
            .and_then(|r| self.scene.card(r))
            .map(|c| c.rect.center());
    }

    /// Sets the zoom (1.0 = 100 %), keeping the centre of the canvas where it is.
    pub fn zoom_to(&mut self, zoom: f32) {
        self.zoom_request = Some(zoom);
    }

    /// The selected roles that have a card, with where the card is, in picking order.
    fn selected_cards(&mut self) -> Vec<(RoleId, egui::Rect)> {
        self.refresh_scene();
        self.sel
            .roles()
            .iter()
            .filter_map(|&r| Some((r, self.scene.card(r)?.rect)))
            .collect()
    }

    fn title_of(&self, id: RoleId) -> String {
        self.doc
            .chart()
            .role(id)
            .map_or_else(|| id.to_string(), |r| r.title.clone())
    }

    /// The export in progress, if any: (file, fraction done).
    pub fn export_progress(&self) -> Option<(&Path, f32)> {
        self.export_job
            .as_ref()
            .map(|j| (j.path.as_path(), j.progress()))
    }

    fn start_export(&mut self, ctx: &egui::Context, dialog: ExportDialog) {
        self.refresh_scene();
        let scope = match self
            .sel
            .anchor()
            .filter(|_| self.export_settings.selection_only)
        {
            Some(root) => {
                crate::export::Scope::Roles(export_dialog::branch(&self.subordinates, root))
            }
            None => crate::export::Scope::Chart,
        };
        self.export_job = Some(ExportJob::start(
            ctx.clone(),
            self.doc.chart().clone(),
            self.scene.clone(),
            &self.export_settings,
            scope,
            &dialog.path,
            dialog.format,
        ));
    }

    fn export_ui(&mut self, ctx: &egui::Context) {
        let t = self.t();
        if let Some(job) = &self.export_job {
            match job.poll() {
                Some(Ok(what)) => {
                    self.status = (t.exported)(&job.path, &what);
                    self.export_job = None;
                }
                Some(Err(crate::export::ExportError::Cancelled)) => {
                    self.status = t.export_cancelled.into();
                    self.export_job = None;
                }
                Some(Err(e)) => {
                    self.error = Some((t.export_failed)(&e));
                    self.export_job = None;
                }
                None => {
                    egui::Modal::new(egui::Id::unique("export-progress")).show(ctx, |ui| {
                        ui.label((t.exporting)(&job.path));
                        ui.add(egui::ProgressBar::new(job.progress()).show_percentage());
                        if ui.button(t.cancel).clicked() {
                            job.cancel();
                        }
                    });
                }
            }
            return;
        }
        let Some(dialog) = &self.export_dialog else {
            return;
        };
        let selection = self
            .sel
            .anchor()
            .and_then(|id| self.doc.chart().role(id))
            .map(|r| r.title.clone());
        // The part of the scene the export draws (for the picture's size).
        let bounds = if self.export_settings.selection_only {
            dialog.branch_bounds
        } else {
            Some(self.scene.bounds)
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("export-dialog")).show(ctx, |ui| {
            answer = dialog.ui(
                ui,
                t,
                &mut self.export_settings,
                selection.as_deref(),
                bounds,
            );
        });
        match answer {
            Some(DialogAnswer::Export) => {
                if let Some(d) = self.export_dialog.take() {
                    self.start_export(ctx, d);
                }
            }
            Some(DialogAnswer::Cancel) => {
                self.export_dialog = None;
                self.status = t.cancelled.into();
            }
            None => {}
        }
    }

    fn start_dialog(&mut self, ctx: &egui::Context, purpose: Purpose, then: Option<Then>) {
        let suggested = match purpose {
            Purpose::Export => Some(
                self.doc
                    .path()
                    .map_or_else(|| PathBuf::from("chart.png"), |p| p.with_extension("png")),
            ),
            Purpose::SaveAs => Some(
                self.doc
                    .path()
                    .map_or_else(|| PathBuf::from("chart.ron"), Path::to_owned),
            ),
            Purpose::Open | Purpose::Import => self.doc.path().map(Path::to_owned),
        };
        let dialog = PendingDialog::spawn(purpose, self.t(), ctx.clone(), suggested);
        self.dialog = Some((dialog, then));
    }

    /// A path was chosen for `purpose`. `typed`: it came from the typed-path prompt, so
    /// no dialog has asked about replacing an existing file yet.
    fn chosen(
        &mut self,
        ctx: &egui::Context,
        purpose: Purpose,
        path: PathBuf,
        then: Option<Then>,
        typed: bool,
    ) {
        match purpose {
            // Through run_command, so unsaved changes made while the dialog was open are
            // asked about too.
            Purpose::Open => self.run_command(ctx, Command::OpenPath(path), false),
            Purpose::Import => self.run_command(ctx, Command::ImportPath(path), false),
            Purpose::Export | Purpose::SaveAs => {
                let ext = if purpose == Purpose::SaveAs {
                    "ron"
                } else {
                    "png"
                };
                let full = if path.extension().is_none() {
                    path.with_extension(ext)
                } else {
                    path.clone()
                };
                // The dialog asked about `path`; nobody asked about `full` yet.
                if full.exists() && (typed || full != path) {
                    self.overwrite = Some((purpose, full, then));
                } else {
                    self.write_chosen(ctx, purpose, &full, then);
                }
            }
        }
    }

    fn write_chosen(
        &mut self,
        ctx: &egui::Context,
        purpose: Purpose,
        path: &Path,
        then: Option<Then>,
    ) {
        if purpose == Purpose::Export {
            self.export_to(path);
        } else if self.save_to(path) {
            self.continue_with(ctx, then);
        }
    }

    fn continue_with(&mut self, ctx: &egui::Context, then: Option<Then>) {
        match then {
            Some(Then::Run(c)) => self.run_command(ctx, c, true),
            Some(Then::Close) => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            None => {}
        }
    }

    /// Runs a command. `confirmed`: the unsaved-changes question was already answered.
    fn run_command(&mut self, ctx: &egui::Context, command: Command, confirmed: bool) {
        let discards = matches!(
            command,
            Command::New
                | Command::Open
                | Command::OpenPath(_)
                | Command::Import
                | Command::ImportPath(_)
        );
        let confirmed = confirmed || self.discard_confirmed == Some(self.doc.state());
        if discards && self.doc.is_dirty() && !confirmed {
            self.confirm = Some(Then::Run(command));
            return;
        }
        match command {
            Command::New => self.replace_document(Document::new(Chart::new(""), None)),
            Command::Open => self.start_dialog(ctx, Purpose::Open, None),
            Command::OpenPath(p) => self.open_path(&p),
            Command::Import => self.start_dialog(ctx, Purpose::Import, None),
            Command::ImportPath(p) => self.import_path(&p),
            Command::Save => match self.doc.path().map(Path::to_owned) {
                Some(p) => {
                    self.save_to(&p);
                }
                None => self.start_dialog(ctx, Purpose::SaveAs, None),
            },
            Command::SaveAs => self.start_dialog(ctx, Purpose::SaveAs, None),
            Command::Export => self.start_dialog(ctx, Purpose::Export, None),
            Command::Undo => {
                if !self.doc.undo() {
                    self.status = self.t().nothing_to_undo.into();
                }
            }
            Command::Redo => {
                if !self.doc.redo() {
                    self.status = self.t().nothing_to_redo.into();
                }
            }
            Command::Fit => self.fit_requested = true,
            Command::AddSubordinate => self.add_role(self.sel.anchor()),
            Command::AddSibling => {
                let chart = self.doc.chart();
                let superior = self
                    .sel
                    .anchor()
                    .and_then(|id| chart.role(id))
                    .and_then(|r| r.primary_superior());
                self.add_role(superior);
            }
            Command::Copy | Command::Cut => {
                let cut = matches!(command, Command::Cut);
                let chart = self.doc.chart();
                if let Some(branch) = self
                    .sel
                    .anchor()
                    .and_then(|id| edit::copy_branch(chart, id))
                {
                    let n = branch.roles.len();
                    // Titles to the system clipboard too, one per line, for other programs.
                    let text: Vec<&str> = branch.roles.iter().map(|r| r.title.as_str()).collect();
                    ctx.copy_text(text.join("\n"));
                    if cut {
                        let e = edit::remove_branch(chart, &branch);
                        self.apply(e, None);
                        self.sel.only(None);
                    }
                    let done = if cut {
                        self.t().cut_roles
                    } else {
                        self.t().copied_roles
                    };
                    self.status = done(n);
                    self.clip = Some(branch);
                }
            }
            Command::Paste => {
                let under = self.sel.anchor();
                match self
                    .clip
                    .as_ref()
                    .and_then(|b| edit::paste_branch(self.doc.chart(), b, under))
                {
                    Some((e, root)) => {
                        self.apply(e, None);
                        self.sel.only(Some(root));
                    }
                    None => self.status = self.t().nothing_to_paste.into(),
                }
            }
            Command::ZoomToSelection => {
                if let Some(id) = self.sel.anchor() {
                    self.refresh_scene();
                    self.fit_to = self.branch_bounds(id);
                }
            }
            Command::Find => {
                self.search.get_or_insert_with(Default::default).focus = true;
            }
            Command::Layout | Command::ResetPositions => {
                let keep_pinned = matches!(command, Command::Layout);
                match edit::relayout(self.doc.chart(), keep_pinned) {
                    Some(e) => self.apply(e, None),
                    None => self.status = self.t().layout_unchanged.into(),
                }
                self.fit_requested = true;
            }
            Command::Arrange(a) => {
                let e = edit::arrange(self.doc.chart(), a);
                self.apply(e, None);
                self.fit_requested = true;
            }
            Command::ToggleCollapse(id) => {
                match edit::change_view(self.doc.chart(), id, |r| r.collapsed = !r.collapsed) {
                    Ok(e) => self.apply(e, None),
                    Err(e) => self.status = (self.t().edit_error)(&e),
                }
            }
            Command::DeleteSelected => {
                let chart = self.doc.chart();
                let e = match self.sel.line() {
                    Some(l) => chart.role(l.subordinate).map(|r| {
                        let rest = r.superiors.iter().copied().filter(|&s| s != l.superior);
                        edit::set_superiors(chart, l.subordinate, rest.collect())
                    }),
                    None if self.sel.roles().is_empty() => None,
                    None => Some(edit::delete_roles(chart, self.sel.roles())),
                };
                match e {
                    Some(Ok(e)) => {
                        self.apply(e, None);
                        self.sel.only(None);
                    }
                    Some(Err(e)) => self.status = (self.t().edit_error)(&e),
                    None => {}
                }
            }
            Command::SelectAll => {
                let all: Vec<RoleId> = self.doc.chart().roles().map(|r| r.id).collect();
                self.sel.set_many(all, false);
            }
            Command::Align(how) => {
                let cards = self.selected_cards();
                let anchor = cards.first().map(|c| c.1);
                match anchor.and_then(|a| edit::align(&cards, a, how)) {
                    Some(e) => self.apply(e, None),
                    None => self.status = self.t().align_needs_two.into(),
                }
            }
            Command::Distribute(axis) => match edit::distribute(&self.selected_cards(), axis) {
                Some(e) => self.apply(e, None),
                None => self.status = self.t().distribute_needs_three.into(),
            },
            Command::SetLineKind(kind) => {
                if let Some(l) = self.sel.line() {
                    match edit::set_line_kind(self.doc.chart(), l.superior, l.subordinate, kind) {
                        Ok(Some(e)) => self.apply(e, None),
                        Ok(None) => {}
                        Err(e) => self.status = (self.t().edit_error)(&e),
                    }
                }
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
        let chart = self.doc.chart();
        self.sel.retain(
            |r| chart.contains(r),
            |l| {
                chart
                    .role(l.subordinate)
                    .is_some_and(|r| r.superiors.contains(&l.superior))
            },
        );
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let cmd = Modifiers::COMMAND;
        let shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let typing = ctx.text_edit_focused();
        let mut found = Vec::new();
        ctx.input_mut(|i| {
            for (m, k, c) in [
                (shift, Key::S, Command::SaveAs),
                (shift, Key::Z, Command::Redo),
                (cmd, Key::S, Command::Save),
                (cmd, Key::O, Command::Open),
                (cmd, Key::N, Command::New),
                (cmd, Key::Z, Command::Undo),
                (cmd, Key::Y, Command::Redo),
                (cmd, Key::E, Command::Export),
                (cmd, Key::F, Command::Find),
            ] {
                if i.consume_shortcut(&KeyboardShortcut::new(m, k)) {
                    found.push(c);
                }
            }
            if !typing {
                // Ctrl+A selects text while typing, roles otherwise.
                if i.consume_shortcut(&KeyboardShortcut::new(cmd, Key::A)) {
                    found.push(Command::SelectAll);
                }
                // Outside text fields, copy/cut/paste act on roles (egui turns the keys
                // into these events).
                for e in &i.events {
                    match e {
                        egui::Event::Copy => found.push(Command::Copy),
                        egui::Event::Cut => found.push(Command::Cut),
                        egui::Event::Paste(_) => found.push(Command::Paste),
                        _ => {}
                    }
                }
                // Shift+F first: a plain F check may also accept Shift.
                if i.consume_key(Modifiers::SHIFT, Key::F) {
                    found.push(Command::ZoomToSelection);
                }
                if i.consume_key(Modifiers::NONE, Key::F) {
                    found.push(Command::Fit);
                }
                if i.consume_key(Modifiers::NONE, Key::Delete) {
                    found.push(Command::DeleteSelected);
                }
                if i.consume_key(Modifiers::NONE, Key::L) {
                    found.push(Command::Layout);
                }

                // Tab and Enter add roles only when a card is selected and no text
                // field has the keyboard (there they move focus and confirm).
                if self.sel.anchor().is_some() {
                    if i.consume_key(Modifiers::NONE, Key::Tab) {
                        found.push(Command::AddSubordinate);
                    }
                    if i.consume_key(Modifiers::NONE, Key::Enter) {
                        found.push(Command::AddSibling);
                    }
                }
            }
        });
        self.pending.extend(found);
    }

    /// Menu buttons that queue commands.
    fn menu_items<const N: usize>(&mut self, ui: &mut egui::Ui, items: [(&str, &str, Command); N]) {
        for (label, shortcut, c) in items {
            if ui
                .add(egui::Button::new(label).shortcut_text(shortcut))
                .clicked()
            {
                self.pending.push(c);
            }
        }
    }

    fn arrange_menu_ui(&mut self, ui: &mut egui::Ui) {
        let t = self.t();
        if ui
            .add(egui::Button::new(t.layout).shortcut_text("L"))
            .on_hover_text(t.layout_hover)
            .clicked()
        {
            self.pending.push(Command::Layout);
        }
        if ui
            .button(t.reset_positions)
            .on_hover_text(t.reset_positions_hover)
            .clicked()
        {
            self.pending.push(Command::ResetPositions);
        }
        ui.separator();
        let many = self.sel.roles().len();
        ui.add_enabled_ui(many >= 2, |ui| {
            ui.menu_button(t.align_selected, |ui| {
                for (label, how) in [
                    (t.align_left_edges, edit::Align::Left),
                    (t.align_centres, edit::Align::Center),
                    (t.align_right_edges, edit::Align::Right),
                    (t.align_top_edges, edit::Align::Top),
                    (t.align_middles, edit::Align::Middle),
                    (t.align_bottom_edges, edit::Align::Bottom),
                ] {
                    if ui.button(label).clicked() {
                        self.pending.push(Command::Align(how));
                    }
                }
            });
        });
        ui.add_enabled_ui(many >= 3, |ui| {
            ui.menu_button(t.distribute_selected, |ui| {
                for (label, axis) in [
                    (t.horizontally, edit::Axis::Horizontal),
                    (t.vertically, edit::Axis::Vertical),
                ] {
                    if ui.button(label).clicked() {
                        self.pending.push(Command::Distribute(axis));
                    }
                }
            });
        });
        ui.separator();
        let current = self.doc.chart().arrangement;
        let mut wanted = current;
        ui.radio_value(&mut wanted.orientation, Orientation::TopDown, t.top_down);
        ui.radio_value(
            &mut wanted.orientation,
            Orientation::LeftRight,
            t.left_to_right,
        );
        ui.separator();
        ui.checkbox(&mut wanted.compact, t.compact);
        if wanted != current {
            self.pending.push(Command::Arrange(wanted));
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let t = self.t();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(t.menu_file, |ui| {
                self.menu_items(
                    ui,
                    [
                        (t.new, "Ctrl+N", Command::New),
                        (t.open, "Ctrl+O", Command::Open),
                        (t.import, "", Command::Import),
                    ],
                );
                let recent = self.recent_files().to_vec();
                ui.add_enabled_ui(!recent.is_empty(), |ui| {
                    ui.menu_button(t.open_recent, |ui| {
                        for p in recent {
                            if ui.button(p.display().to_string()).clicked() {
                                self.pending.push(Command::OpenPath(p));
                            }
                        }
                    });
                });
                self.menu_items(
                    ui,
                    [
                        (t.save, "Ctrl+S", Command::Save),
                        (t.save_as, "Ctrl+Shift+S", Command::SaveAs),
                        (t.export, "Ctrl+E", Command::Export),
                        (t.quit, "", Command::Quit),
                    ],
                );
            });
            ui.menu_button(t.menu_edit, |ui| {
                let sel = self.sel.anchor().is_some();
                for (label, shortcut, c, enabled) in [
                    (t.undo, "Ctrl+Z", Command::Undo, self.doc.can_undo()),
                    (t.redo, "Ctrl+Shift+Z", Command::Redo, self.doc.can_redo()),
                    (t.add_subordinate, "Tab", Command::AddSubordinate, true),
                    (t.add_sibling, "Enter", Command::AddSibling, sel),
                    (t.cut, "Ctrl+X", Command::Cut, sel),
                    (t.copy, "Ctrl+C", Command::Copy, sel),
                    (t.paste, "Ctrl+V", Command::Paste, self.clip.is_some()),
                    (t.find, "Ctrl+F", Command::Find, true),
                    (t.select_all, "Ctrl+A", Command::SelectAll, true),
                    (
                        t.delete,
                        "Del",
                        Command::DeleteSelected,
                        sel || self.sel.line().is_some(),
                    ),
                ] {
                    if ui
                        .add_enabled(enabled, egui::Button::new(label).shortcut_text(shortcut))
                        .clicked()
                    {
                        self.pending.push(c);
                    }
                }
            });
            ui.menu_button(t.menu_view, |ui| {
                if ui
                    .add(egui::Button::new(t.fit_chart).shortcut_text("F"))
                    .clicked()
                {
                    self.pending.push(Command::Fit);
                }
                if ui
                    .add_enabled(
                        self.sel.anchor().is_some(),
                        egui::Button::new(t.zoom_to_selection).shortcut_text("Shift+F"),
                    )
                    .clicked()
                {
                    self.pending.push(Command::ZoomToSelection);
                }
                ui.checkbox(&mut self.show_findings, t.findings_panel);
                ui.separator();
                let old = ui.ctx().options(|o| o.theme_preference);
                let mut pref = old;
                ui.radio_value(&mut pref, egui::ThemePreference::System, t.theme_system);
                ui.radio_value(&mut pref, egui::ThemePreference::Light, t.theme_light);
                ui.radio_value(&mut pref, egui::ThemePreference::Dark, t.theme_dark);
                if pref != old {
                    ui.ctx().set_theme(pref);
                }
                ui.separator();
                self.language_ui(ui);
            });
            ui.menu_button(t.menu_arrange, |ui| self.arrange_menu_ui(ui));
            ui.separator();
            if ui.button(t.fit).on_hover_text(t.fit_hover).clicked() {
                self.pending.push(Command::Fit);
            }
            let add = if self.sel.anchor().is_some() {
                t.add_subordinate_button
            } else {
                t.add_role_button
            };
            if ui.button(add).on_hover_text(t.add_hover).clicked() {
                self.pending.push(Command::AddSubordinate);
            }
            if ui
                .add_enabled(self.doc.can_undo(), egui::Button::new(t.undo))
                .clicked()
            {
                self.pending.push(Command::Undo);
            }
            if ui
                .add_enabled(self.doc.can_redo(), egui::Button::new(t.redo))
                .clicked()
            {
                self.pending.push(Command::Redo);
            }
        });
    }

    /// View → Language. Each language is named in itself, so a user who cannot read the
    /// current one still finds their own.
    fn language_ui(&mut self, ui: &mut egui::Ui) {
        ui.weak(self.t().language);
        let mut lang = self.lang;
        ui.radio_value(&mut lang, Lang::En, "English");
        ui.radio_value(&mut lang, Lang::Zh, "中文");
        if lang != self.lang {
            self.set_language(lang);
            if let Some(file) = &self.language_file {
                lang.save(file);
            }
            // Panels drawn earlier this frame spoke the old language.
            ui.ctx().request_repaint();
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        let t = self.t();
        ui.horizontal(|ui| {
            let chart = self.doc.chart();
            ui.label((t.counts)(
                chart.len(),
                self.line_count,
                self.findings.len(),
            ));
            ui.separator();
            // Zoom control: out, the current zoom (click for 100 %), in, fit.
            let zoom = self.camera.zoom;
            if ui.small_button("−").on_hover_text(t.zoom_out).clicked() {
                self.zoom_request = Some(zoom / 1.25);
            }
            let pct = if zoom < 0.01 {
                format!("{:.1} %", zoom * 100.0)
            } else {
                format!("{:.0} %", zoom * 100.0)
            };
            if ui.small_button(pct).on_hover_text(t.zoom_100).clicked() {
                self.zoom_request = Some(1.0);
            }
            if ui.small_button("+").on_hover_text(t.zoom_in).clicked() {
                self.zoom_request = Some(zoom * 1.25);
            }
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
        });
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        let t = self.t();
        if let Some((dialog, _)) = &self.dialog {
            let purpose = dialog.purpose.clone();
            // What the dialog would have proposed: an export suggests a picture file,
            // not the chart file it would then refuse to write over.
            let proposed = dialog
                .suggested
                .clone()
                .or_else(|| self.doc.path().map(Into::into));
            match dialog.poll() {
                DialogResult::Waiting => {}
                result => {
                    let (_, then) = self.dialog.take().unwrap_or_else(|| unreachable!());
                    match result {
                        DialogResult::Chosen(p) => self.chosen(ctx, purpose, p, then, false),
                        DialogResult::NoService => {
                            self.prompt = Some((
                                PathPrompt {
                                    purpose,
                                    text: proposed
                                        .map(|p| p.display().to_string())
                                        .unwrap_or_default(),
                                    note: Some(t.no_file_dialog.into()),
                                },
                                then,
                            ));
                        }
                        _ => self.status = t.cancelled.into(),
                    }
                }
            }
        }

        if let Some((prompt, _)) = &mut self.prompt {
            let mut done: Option<bool> = None;
            egui::Modal::new(egui::Id::unique("path-prompt")).show(ctx, |ui| {
                ui.heading((t.path_prompt_heading)(prompt.purpose.verb(t)));
                if let Some(note) = &prompt.note {
                    ui.label(note);
                }
                // Taken before the text field sees it: Enter confirms the path.
                let enter = ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter));
                let r = ui.add(egui::TextEdit::singleline(&mut prompt.text).desired_width(420.0));
                r.request_focus();
                ui.horizontal(|ui| {
                    if ui.button(prompt.purpose.verb(t)).clicked() || enter {
                        done = Some(true);
                    }
                    if ui.button(t.cancel).clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                        done = Some(false);
                    }
                });
            });
            if let Some(ok) = done {
                let (prompt, then) = self.prompt.take().unwrap_or_else(|| unreachable!());
                if ok && !prompt.text.trim().is_empty() {
                    self.chosen(
                        ctx,
                        prompt.purpose,
                        PathBuf::from(prompt.text.trim()),
                        then,
                        true,
                    );
                }
            }
        } else if self.dialog.is_some() {
            egui::Modal::new(egui::Id::unique("dialog-wait")).show(ctx, |ui| {
                ui.label(t.waiting_for_dialog);
                if ui.button(t.type_path_instead).clicked()
                    && let Some((d, then)) = self.dialog.take()
                {
                    self.prompt = Some((
                        PathPrompt {
                            purpose: d.purpose,
                            text: d
                                .suggested
                                .map(|p| p.display().to_string())
                                .unwrap_or_default(),
                            note: None,
                        },
                        then,
                    ));
                }
            });
        }

        if let Some(then) = self.confirm.clone() {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("confirm-discard")).show(ctx, |ui| {
                ui.heading(t.unsaved_heading);
                ui.label((t.save_changes_first)(&self.doc.display_name(t.untitled)));
                ui.horizontal(|ui| {
                    if ui.button(t.save).clicked() {
                        answer = Some(0);
                    }
                    if ui.button(t.dont_save).clicked() {
                        answer = Some(1);
                    }
                    if ui.button(t.cancel).clicked() {
                        answer = Some(2);
                    }
                });
            });
            if let Some(a) = answer {
                self.confirm = None;
                match a {
                    0 => match self.doc.path().map(Path::to_owned) {
                        Some(p) => {
                            if self.save_to(&p) {
                                self.continue_with(ctx, Some(then));
                            }
                        }
                        None => self.start_dialog(ctx, Purpose::SaveAs, Some(then)),
                    },
                    1 => {
                        self.discard_confirmed = Some(self.doc.state());
                        self.continue_with(ctx, Some(then));
                    }
                    _ => {}
                }
            }
        }

        if let Some((purpose, path, _)) = &self.overwrite {
            let mut answer = None;
            let (purpose, path) = (purpose.clone(), path.clone());
            egui::Modal::new(egui::Id::unique("confirm-overwrite")).show(ctx, |ui| {
                ui.heading(t.replace_heading);
                ui.label((t.replace_question)(&path));
                ui.horizontal(|ui| {
                    if ui.button(t.replace).clicked() {
                        answer = Some(true);
                    }
                    if ui.button(t.cancel).clicked() {
                        answer = Some(false);
                    }
                });
            });
            if let Some(replace) = answer
                && let Some((_, _, then)) = self.overwrite.take()
            {
                if replace {
                    self.write_chosen(ctx, purpose, &path, then);
                } else {
                    self.status = t.cancelled.into();
                }
            }
        }

        if let Some(msg) = self.error.clone() {
            egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
                ui.heading(t.problem_heading);
                ui.label(msg);
                if ui.button(t.ok).clicked() {
                    self.error = None;
                }
            });
        }
    }

    /// The window title: file name, and a marker while there are unsaved changes.
    pub fn window_title(&self) -> String {
        format!(
            "{}{} — orgchart",
            if self.doc.is_dirty() { "● " } else { "" },
            self.doc.display_name(self.t().untitled)
        )
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn smoke_step(&mut self, ctx: &egui::Context) {
        let Some(smoke) = &mut self.smoke else { return };
        smoke.frame += 1;
        ctx.request_repaint();
        if smoke.frame == 5 && !smoke.requested {
            smoke.requested = true;
            let path = smoke.path.clone();
            let slot = smoke.result.clone();
            let ctx2 = ctx.clone();
            ctx.request_screenshot(move |image| {
                let [w, h] = image.size;
                let bytes: Vec<u8> = image
                    .pixels
                    .iter()
                    .flat_map(|c| c.to_srgba_unmultiplied())
                    .collect();
                let r = image::RgbaImage::from_raw(w as u32, h as u32, bytes)
                    .ok_or_else(|| "bad screenshot buffer".to_owned())
                    .and_then(|img| img.save(&path).map_err(|e| e.to_string()));
                if let Ok(mut s) = slot.lock() {
                    *s = Some(r);
                }
                ctx2.request_repaint();
            });
        }
        let done = smoke.result.lock().ok().and_then(|mut s| s.take());
        if let Some(r) = done {
            match r {
                Ok(()) => eprintln!("smoke screenshot saved to {}", smoke.path.display()),
                Err(e) => eprintln!("smoke screenshot failed: {e}"),
            }
            self.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

impl eframe::App for OrgApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }
}

impl OrgApp {
    /// One frame of the whole window (what `eframe::App::ui` runs; the frame benchmark
    /// calls it on a headless context).
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // Taken once per frame: a language switched in the menu shows from the next one.
        let t = self.t();
        // The chart follows the window's theme (what you see is what you export).
        if self.theme_of != Some(ctx.theme()) {
            self.theme_of = Some(ctx.theme());
            self.theme = match ctx.theme() {
                egui::Theme::Dark => Theme::dark(),
                egui::Theme::Light => Theme::light(),
            };
            self.scene_key = None;
        }

        // Closing with unsaved work asks first.
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.allow_close
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Then::Close);
        }
        if let Some(path) = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .find_map(|f| Some(f.path().to_owned()).filter(|p| !p.as_os_str().is_empty()))
        }) {
            // A chart file opens; anything else (job descriptions, a CSV table) is imported.
            let is_chart = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
            self.pending.push(if is_chart {
                Command::OpenPath(path)
            } else {
                Command::ImportPath(path)
            });
        }
        // A text field losing focus ends its merge group: the next typing is a new step.
        let focus = ctx.memory(|m| m.focused());
        if focus != self.last_focus {
            self.doc.seal();
            self.last_focus = focus;
        }
        // Behind a modal the document must not change (e.g. Delete while "Unsaved changes"
        // or a file dialog is up).
        let modal = self.dialog.is_some()
            || self.prompt.is_some()
            || self.confirm.is_some()
            || self.overwrite.is_some()
            || self.error.is_some()
            || self.export_dialog.is_some()
            || self.export_job.is_some()
            || self.recovered.is_some();
        if !modal {
            self.shortcuts(&ctx);
        }
        for c in std::mem::take(&mut self.pending) {
            self.run_command(&ctx, c, false);
        }
        // A drag whose card went away (deleted, undone) or whose button was released
        // outside any widget leaves nothing behind.
        let pointer_held = ctx.input(|i| i.pointer.any_down() || i.pointer.any_released());
        // The same for a line being drawn from a handle or a selection box, whose
        // widget may have gone (zoomed into the overview, scrolled away, deselected).
        if !pointer_held || self.link.is_some_and(|r| self.sel.roles() != [r]) {
            self.link = None;
        }
        if !pointer_held {
            self.band = None;
        }
        if let Some((role, _)) = self.grab
            && (!pointer_held || !self.doc.chart().contains(role))
        {
            self.grab = None;
            self.drag_preview = None;
        }
        self.refresh_scene_unless_typing(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        let mut jump = None;
        if self.show_findings {
            egui::Panel::bottom("findings")
                .resizable(true)
                .default_size(150.0)
                .size_range(60.0..=600.0)
                .show(ui, |ui| {
                    jump = findings_ui(ui, t, self.doc.chart(), &self.findings)
                });
        }
        if let Some(roles) = jump
            && let Some(&first) = roles.iter().find(|&&r| self.doc.chart().contains(r))
        {
            self.sel.only(Some(first));
            self.center_on = self.scene.card(first).map(|c| c.rect.center());
        }
        if let Some(search) = &mut self.search {
            let mut action = None;
            egui::Window::new(t.find_title)
                .anchor(egui::Align2::RIGHT_TOP, [-440.0, 40.0])
                .collapsible(false)
                .resizable(false)
                .default_width(300.0)
                .show(&ctx, |ui| action = search.ui(ui, t, self.doc.chart()));
            match action {
                Some(search::SearchAction::Jump(id)) => {
                    self.sel.only(Some(id));
                    self.center_on = self.scene.card(id).map(|c| c.rect.center());
                }
                Some(search::SearchAction::Close) => self.search = None,
                None => {}
            }
        }
        let mut actions = Vec::new();
        // The panel is always there, so selecting a card never moves the canvas under it.
        egui::Panel::right("role-panel")
            .resizable(true)
            .default_size(420.0)
            .size_range(280.0..=800.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let chart = self.doc.chart();
                    let roles = self.sel.roles();
                    if let Some(l) = self.sel.line() {
                        self.pending
                            .extend(group_panel::line_panel_ui(ui, t, chart, l));
                    } else if roles.len() > 1 {
                        self.pending
                            .extend(group_panel::group_panel_ui(ui, t, chart, roles));
                    } else if let Some(&id) = roles.first() {
                        let subs = self.subordinates.of(id);
                        actions = role_panel_ui(ui, t, chart, id, subs, &mut self.focus_title);
                    } else {
                        ui.heading(&chart.name);
                        ui.label(t.click_a_card);
                        ui.weak(t.canvas_help);
                    }
                });
            });
        let mut events = Vec::new();
        // A card of the selection drags the whole selection along. Worked out once per
        // drag, not every frame of it (Ctrl+A on a big chart, then a drag).
        let grabbed = self.grab.map(|(r, _)| r);
        if self.moving.0 != grabbed {
            self.moving = match grabbed {
                Some(r) if self.sel.contains(r) => {
                    (grabbed, self.sel.roles().iter().copied().collect())
                }
                Some(r) => (grabbed, [r].into()),
                None => (None, Default::default()),
            };
        }
        let chart = self.doc.chart();
        let can_drop = |role: RoleId, onto: RoleId, secondary: bool| {
            edit::can_reparent(chart, role, onto, secondary)
        };
        egui::CentralPanel::no_frame().show(ui, |ui| {
            events = canvas_ui(
                ui,
                &self.scene,
                &self.index,
                &self.minimap,
                CanvasState {
                    t,
                    camera: &mut self.camera,
                    selection: &self.sel,
                    grab: &mut self.grab,
                    preview: self.drag_preview,
                    moving: &self.moving.1,
                    band: &mut self.band,
                    link: &mut self.link,
                    can_drop: &can_drop,
                    fit_requested: &mut self.fit_requested,
                    center_on: &mut self.center_on,
                    zoom_request: &mut self.zoom_request,
                    fit_to: &mut self.fit_to,
                },
            );
        });

        for a in actions {
            match a {
                PanelAction::Edit(e, merge) => self.apply(e, merge),
                PanelAction::Select(id) => {
                    self.sel.only(Some(id));
                    self.center_on = self.scene.card(id).map(|c| c.rect.center());
                }
                PanelAction::Refused(msg) => self.status = msg,
            }
        }
        for e in events {
            match e {
                CanvasEvent::Select(s) => self.sel.only(s),
                CanvasEvent::Toggle(r) => self.sel.toggle(r),
                CanvasEvent::SelectBox(r) => {
                    let inside = self.scene.cards.iter().filter(|c| r.contains_rect(c.rect));
                    self.sel.set_many(inside.map(|c| c.role), true);
                }
                CanvasEvent::SelectLine(l) => self.sel.only_line(l),
                CanvasEvent::Connect {
                    superior,
                    subordinate,
                } => {
                    match edit::reparent(self.doc.chart(), subordinate, superior, true) {
                        Ok(e) => {
                            self.doc.seal();
                            self.apply(e, None);
                            let (s, o) = (self.title_of(subordinate), self.title_of(superior));
                            self.status = (t.now_reports_to)(&s, &o);
                        }
                        Err(e) => self.status = (t.no_line_drawn)(&(t.edit_error)(&e)),
                    }
                    self.repaint = true;
                }
                CanvasEvent::DragCard { role, center } => {
                    if self.drag_preview != Some((role, center)) {
                        self.drag_preview = Some((role, center));
                        ctx.request_repaint();
                    }
                }
                CanvasEvent::DropCard { role, center } => {
                    let moved = self.drag_preview.take().is_some();
                    if let (true, Some(card)) = (moved, self.scene.card(role)) {
                        let delta = center - card.rect.center();
                        let cards: Vec<_> = self
                            .moving
                            .1
                            .iter()
                            .filter_map(|&r| Some((r, self.scene.card(r)?.rect)))
                            .collect();
                        self.doc.seal();
                        self.apply(edit::move_cards(&cards, delta), None);
                    }
                }
                CanvasEvent::DropOnto {
                    role,
                    onto,
                    secondary,
                } => {
                    self.drag_preview = None;
                    match edit::reparent(self.doc.chart(), role, onto, secondary) {
                        Ok(e) => {
                            self.doc.seal();
                            self.apply(e, None);
                            let (r, o) = (self.title_of(role), self.title_of(onto));
                            let done = if secondary {
                                t.now_also_reports_to
                            } else {
                                t.now_reports_to
                            };
                            self.status = done(&r, &o);
                        }
                        Err(e) => self.status = (t.not_moved)(&(t.edit_error)(&e)),
                    }
                    self.repaint = true;
                }
                CanvasEvent::ToggleCollapse(role) => {
                    self.pending.push(Command::ToggleCollapse(role));
                    self.repaint = true;
                }
            }
        }

        if std::mem::take(&mut self.repaint) {
            ctx.request_repaint();
        }
        self.dialogs_ui(&ctx);
        self.export_ui(&ctx);
        self.recovery_ui(&ctx);
        self.autosave_step(&ctx);
        self.update_title(&ctx);
        self.smoke_step(&ctx);
    }
}
