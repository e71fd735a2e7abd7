//! File → Export…: after the file is chosen, a small dialog for scale, background,
//! margin and scope; the export then runs on its own thread with a progress bar and a
//! Cancel button, so a big chart never freezes the window.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;

use egui::Ui;

use super::i18n::Strings;
use crate::export::png::{Background, PngOptions};
use crate::export::{ExportError, Format, Scope, Written};
use crate::model::{Chart, RoleId};
use crate::scene::Scene;

/// Pictures wider or taller than this many pixels are beyond many viewers and
/// browsers (a limit of JPEG, of Windows' photo viewer, of some browsers' canvas).
const VIEWER_LIMIT: u32 = 32_767;

/// What the user chose last time; kept for the next export.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSettings {
    pub scale: f32,
    pub background: Background,
    pub margin: f32,
    /// Only the selected role and everything below it.
    pub selection_only: bool,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            scale: 1.0,
            background: Background::Theme,
            margin: PngOptions::default().margin,
            selection_only: false,
        }
    }
}

/// The open dialog: where to, and how.
pub struct ExportDialog {
    pub path: PathBuf,
    pub format: Format,
    /// Where the selected role's branch is drawn (the picture of "this role and below").
    pub branch_bounds: Option<emath::Rect>,
}

/// What the dialog asks for this frame.
pub enum DialogAnswer {
    Export,
    Cancel,
}

impl ExportDialog {
    pub fn ui(
        &self,
        ui: &mut Ui,
        t: &'static Strings,
        settings: &mut ExportSettings,
        selection: Option<&str>,
        bounds: Option<emath::Rect>,
    ) -> Option<DialogAnswer> {
        let mut answer = None;
        ui.heading(t.export_heading);
        ui.label(self.path.display().to_string());
        ui.add_space(4.0);
        egui::Grid::new("export-options")
            .num_columns(2)
            .show(ui, |ui| {
                if self.format != Format::Dot {
                    let label = ui.label(t.scale);
                    ui.horizontal(|ui| {
                        for s in [1.0, 2.0, 3.0, 4.0] {
                            ui.selectable_value(&mut settings.scale, s, format!("{s}×"));
                        }
                        let mut dpi = settings.scale * 96.0;
                        if ui
                            .add(
                                egui::DragValue::new(&mut dpi)
                                    .range(10.0..=1536.0)
                                    .suffix(" dpi"),
                            )
                            .labelled_by(label.id)
                            .changed()
                        {
                            settings.scale = dpi / 96.0;
                        }
                    });
                    ui.end_row();
                    ui.label(t.background);
                    ui.horizontal(|ui| {
                        ui.selectable_value(
                            &mut settings.background,
                            Background::Theme,
                            t.as_on_screen,
                        );
                        ui.selectable_value(&mut settings.background, Background::White, t.white);
                        ui.selectable_value(
                            &mut settings.background,
                            Background::Transparent,
                            t.transparent,
                        );
                    });
                    ui.end_row();
                    let label = ui.label(t.margin);
                    ui.add(egui::DragValue::new(&mut settings.margin).range(0.0..=500.0))
                        .labelled_by(label.id);
                    ui.end_row();
                }
                ui.label(t.scope);
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut settings.selection_only, false, t.whole_chart);
                    match selection {
                        Some(title) => {
                            ui.selectable_value(
                                &mut settings.selection_only,
                                true,
                                (t.branch_of)(title),
                            );
                        }
                        None => {
                            settings.selection_only = false;
                            ui.add_enabled(false, egui::Button::new(t.no_selection_to_export));
                        }
                    }
                });
                ui.end_row();
            });
        // What the picture will be, before the user waits for it: a chart of thousands
        // of roles is easily wider than image viewers open, or than the export allows.
        let mut allowed = true;
        if self.format == Format::Png
            && let Some(bounds) = bounds
        {
            let opts = PngOptions {
                scale: settings.scale,
                margin: settings.margin,
                ..Default::default()
            };
            ui.add_space(4.0);
            match crate::export::png::picture_size(bounds, &opts) {
                Ok((w, h)) => {
                    ui.label((t.picture_size)(w.into(), h.into()));
                    if w.max(h) > VIEWER_LIMIT {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            t.picture_too_wide_for_viewers,
                        );
                    }
                }
                Err(ExportError::TooLarge {
                    width, height, max, ..
                }) => {
                    allowed = false;
                    let text = (t.picture_too_large)(width, height, max);
                    ui.colored_label(ui.visuals().error_fg_color, text);
                }
                Err(_) => {}
            }
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let export = ui.add_enabled(allowed, egui::Button::new(t.export_button));
            if export.clicked() || (allowed && ui.input(|i| i.key_pressed(egui::Key::Enter))) {
                answer = Some(DialogAnswer::Export);
            }
            if ui.button(t.cancel).clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(DialogAnswer::Cancel);
            }
        });
        answer
    }
}

/// `root` and everyone below it, by any reporting line; `subordinates` is the app's
/// index of direct subordinates (a scan of the chart per role would be quadratic).
pub fn branch(
    subordinates: &crate::model::Subordinates,
    root: RoleId,
) -> std::collections::BTreeSet<RoleId> {
    let mut keep = std::collections::BTreeSet::from([root]);
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        for &sub in subordinates.of(id) {
            if keep.insert(sub) {
                stack.push(sub);
            }
        }
    }
    keep
}

/// An export running on its own thread.
pub struct ExportJob {
    pub path: PathBuf,
    progress: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
    done: mpsc::Receiver<Result<Written, ExportError>>,
}

impl ExportJob {
    /// Starts writing; `chart` and `scene` are copies, so editing can go on meanwhile.
    pub fn start(
        ctx: egui::Context,
        chart: Chart,
        scene: Scene,
        settings: &ExportSettings,
        scope: Scope,
        path: &Path,
        format: Format,
    ) -> Self {
        let progress = Arc::new(AtomicU32::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, done) = mpsc::channel();
        let opts = PngOptions {
            scale: settings.scale,
            margin: settings.margin,
            background: settings.background,
        };
        let (p, c, target) = (progress.clone(), cancel.clone(), path.to_owned());
        std::thread::spawn(move || {
            let (chart, scene) = crate::export::scoped_scene(chart, scene, &scope);
            let result = crate::export::write_with_progress(
                &chart,
                &scene,
                &opts,
                &target,
                format,
                &mut |f| {
                    p.store(f.to_bits(), Ordering::Relaxed);
                    ctx.request_repaint();
                    !c.load(Ordering::Relaxed)
                },
            );
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        Self {
            path: path.to_owned(),
            progress,
            cancel,
            done,
        }
    }

    pub fn progress(&self) -> f32 {
        f32::from_bits(self.progress.load(Ordering::Relaxed))
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The result, once the thread is done.
    pub fn poll(&self) -> Option<Result<Written, ExportError>> {
        match self.done.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(ExportError::Encode(
                "the export stopped unexpectedly".into(),
            ))),
        }
    }
}
