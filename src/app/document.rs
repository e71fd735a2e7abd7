//! The open document: the chart, its undo history, and the file it belongs to.

use std::path::{Path, PathBuf};

use crate::edit::{Edit, EditError, History, MergeKey, Redraw};
use crate::model::Chart;

pub struct Document {
    chart: Chart,
    history: History,
    path: Option<PathBuf>,
    saved_state: u64,
    /// What the changes since [`take_redraw`](Self::take_redraw) did to the picture.
    redraw: Redraw,
    /// Whether those changes may have changed the findings.
    findings_stale: bool,
}

impl Document {
    pub fn new(chart: Chart, path: Option<PathBuf>) -> Self {
        let history = History::default();
        Self {
            saved_state: history.state(),
            chart,
            history,
            path,
            redraw: Redraw::Everything,
            findings_stale: true,
        }
    }

    /// Work restored after a crash: it belongs to `path` (if it had a file) but was
    /// never saved there, so it counts as unsaved.
    pub fn recovered(chart: Chart, path: Option<PathBuf>) -> Self {
        let mut doc = Self::new(chart, path);
        doc.saved_state = u64::MAX;
        doc
    }

    /// A document made from an import: it has no file yet, so it counts as unsaved.
    pub fn unsaved(chart: Chart) -> Self {
        let mut doc = Self::new(chart, None);
        doc.saved_state = u64::MAX;
        doc
    }

    pub fn chart(&self) -> &Chart {
        &self.chart
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Changes whenever the chart does (edits, undo, redo): a cache key.
    pub fn state(&self) -> u64 {
        self.history.state()
    }

    pub fn is_dirty(&self) -> bool {
        self.history.state() != self.saved_state
    }

    /// The one way the chart changes.
    pub fn apply(&mut self, edit: Edit, merge: Option<MergeKey>) -> Result<(), EditError> {
        let change = self.change(Some(&edit));
        self.history.apply(&mut self.chart, edit, merge)?;
        self.note(change);
        Ok(())
    }

    pub fn undo(&mut self) -> bool {
        let change = self.change(self.history.next_undo());
        let done = self.history.undo(&mut self.chart);
        if done {
            self.note(change);
        }
        done
    }

    pub fn redo(&mut self) -> bool {
        let change = self.change(self.history.next_redo());
        let done = self.history.redo(&mut self.chart);
        if done {
            self.note(change);
        }
        done
    }

    /// What `edit` would change of the picture, and whether of the findings.
    fn change(&self, edit: Option<&Edit>) -> (Redraw, bool) {
        edit.map_or((Redraw::Everything, true), |e| {
            (e.redraw(&self.chart), e.may_change_findings(&self.chart))
        })
    }

    fn note(&mut self, (redraw, findings): (Redraw, bool)) {
        self.redraw = std::mem::take(&mut self.redraw).and(redraw);
        self.findings_stale |= findings;
    }

    /// Whether the changes since the last call may have changed the findings.
    pub fn take_findings_stale(&mut self) -> bool {
        std::mem::take(&mut self.findings_stale)
    }

    /// What the changes since the last call did to the picture (everything, for a
    /// document no picture was made of yet).
    pub fn take_redraw(&mut self) -> Redraw {
        std::mem::take(&mut self.redraw)
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Ends the current merge group (a typed field loses focus, a drag ends).
    pub fn seal(&mut self) {
        self.history.seal();
    }

    /// Saves to `path` (atomically) and makes it the document's file.
    pub fn save_to(&mut self, path: &Path) -> std::io::Result<()> {
        crate::io::save(&self.chart, path)?;
        self.path = Some(path.to_owned());
        self.saved_state = self.history.state();
        Ok(())
    }

    /// "name.ron", or `untitled` (in the window's language) before there is a file; for
    /// the title bar.
    pub fn display_name(&self, untitled: &str) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| untitled.to_owned(), |n| n.to_string_lossy().into_owned())
    }
}
