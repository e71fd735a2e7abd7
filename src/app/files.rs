//! Native file dialogs, run off the UI thread, with a typed-path fallback for machines
//! where no dialog service (xdg-desktop-portal or zenity) answers.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::i18n::Strings;

/// What a chosen path is for.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    Open,
    SaveAs,
    Export,
    Import,
}

impl Purpose {
    /// The prompt's heading and button.
    pub fn verb(&self, t: &'static Strings) -> &'static str {
        match self {
            Purpose::Open => t.verb_open,
            Purpose::SaveAs => t.verb_save,
            Purpose::Export => t.verb_export,
            Purpose::Import => t.verb_import,
        }
    }
}

/// A dialog running on its own thread.
pub struct PendingDialog {
    pub purpose: Purpose,
    /// The path the dialog proposed, for the typed-path prompt if there is no dialog.
    pub suggested: Option<PathBuf>,
    rx: Receiver<Option<PathBuf>>,
    started: Instant,
}

/// How a pending dialog ended, if it has.
pub enum DialogResult {
    Waiting,
    Chosen(PathBuf),
    Cancelled,
    /// Answered "nothing" faster than a person can: no dialog service is running.
    NoService,
}

/// A user cannot cancel a dialog faster than this; a `None` sooner means no dialog showed.
const NO_SERVICE_WITHIN: Duration = Duration::from_millis(400);

impl PendingDialog {
    /// `t`: the file-type names the dialog lists.
    pub fn spawn(
        purpose: Purpose,
        t: &'static Strings,
        ctx: egui::Context,
        suggested: Option<PathBuf>,
    ) -> Self {
        let (tx, rx) = channel();
        let p = purpose.clone();
        let proposed = suggested.clone();
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new();
            if let Some(s) = &suggested {
                if let Some(dir) = s.parent().filter(|d| !d.as_os_str().is_empty()) {
                    dialog = dialog.set_directory(dir);
                }
                if let Some(name) = s.file_name() {
                    dialog = dialog.set_file_name(name.to_string_lossy());
                }
            }
            let chosen = match p {
                Purpose::Open => dialog.add_filter(t.filter_chart, &["ron"]).pick_file(),
                Purpose::SaveAs => dialog.add_filter(t.filter_chart, &["ron"]).save_file(),
                Purpose::Export => dialog
                    .add_filter(t.filter_png, &["png"])
                    .add_filter(t.filter_svg, &["svg"])
                    .add_filter(t.filter_dot, &["dot"])
                    .save_file(),
                Purpose::Import => dialog
                    .add_filter(t.filter_import, &["txt", "md", "csv"])
                    .pick_file(),
            };
            let _ = tx.send(chosen);
            ctx.request_repaint();
        });
        Self {
            purpose,
            suggested: proposed,
            rx,
            started: Instant::now(),
        }
    }

    pub fn poll(&self) -> DialogResult {
        match self.rx.try_recv() {
            Ok(Some(p)) => DialogResult::Chosen(p),
            Ok(None) if self.started.elapsed() < NO_SERVICE_WITHIN => DialogResult::NoService,
            Ok(None) => DialogResult::Cancelled,
            Err(TryRecvError::Empty) => DialogResult::Waiting,
            Err(TryRecvError::Disconnected) => DialogResult::NoService,
        }
    }
}

/// The typed-path fallback (also reachable while a dialog seems stuck).
pub struct PathPrompt {
    pub purpose: Purpose,
    pub text: String,
    pub note: Option<String>,
}
