//! Undo/redo over [`Edit`]s, with merging so a drag or a typed title is one step.

use super::{Edit, EditError};
use crate::model::{Chart, RoleId};

/// Consecutive edits with the same key merge into one undo step (e.g. typing in one
/// field of one role) until [`History::seal`] is called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeKey {
    pub role: Option<RoleId>,
    pub what: &'static str,
}

#[derive(Debug)]
struct Entry {
    /// The edit that moves from `after` back to `before` (on the undo stack),
    /// or from `before` forward to `after` (on the redo stack).
    edit: Edit,
    before: u64,
    after: u64,
    merge: Option<MergeKey>,
}

/// The undo and redo stacks, and an id for the current state of the document so the
/// app can tell "unsaved changes" and invalidate caches.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    state: u64,
    last_state: u64,
    sealed: bool,
}

/// Oldest steps are dropped past this many, or past this much memory, so memory
/// stays bounded however long the session and however large the chart.
const MAX_STEPS: usize = 10_000;
pub const MAX_BYTES: usize = 256 << 20;

impl History {
    /// Identifies the document's current content: equal ids mean equal documents
    /// along this history.
    pub fn state(&self) -> u64 {
        self.state
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Ends merging: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        self.sealed = true;
    }

    fn fresh_state(&mut self) -> u64 {
        self.last_state += 1;
        self.last_state
    }

    /// Applies `edit` to `chart` and records it. With a `merge` key equal to the last
    /// step's (and no [`seal`](Self::seal) since), it joins that step.
    pub fn apply(
        &mut self,
        chart: &mut Chart,
        edit: Edit,
        merge: Option<MergeKey>,
    ) -> Result<(), EditError> {
        let inverse = edit.apply(chart)?;
        let after = self.fresh_state();
        self.redo.clear();
        let merges = !self.sealed
            && merge.is_some()
            && self
                .undo
                .last()
                .is_some_and(|top| top.merge == merge && top.after == self.state);
        if merges {
            // Keep the older inverse: undo goes back to before the first merged edit.
            if let Some(top) = self.undo.last_mut() {
                top.after = after;
            }
        } else {
            self.undo.push(Entry {
                edit: inverse,
                before: self.state,
                after,
                merge,
            });
            // Oldest steps go first when there are too many, or when together they
            // hold too much (a layout of a 100k-role chart is a few MB a step).
            let mut bytes: usize = self.undo.iter().map(|e| e.edit.approx_bytes()).sum();
            while self.undo.len() > 1 && (self.undo.len() > MAX_STEPS || bytes > MAX_BYTES) {
                bytes -= self.undo.remove(0).edit.approx_bytes();
            }
        }
        self.state = after;
        self.sealed = false;
        Ok(())
    }

    /// About how much memory the undo and redo steps hold.
    pub fn approx_bytes(&self) -> usize {
        self.undo
            .iter()
            .chain(&self.redo)
            .map(|e| e.edit.approx_bytes())
            .sum()
    }

    /// The edit that [`undo`](Self::undo) would apply, if any.
    pub fn next_undo(&self) -> Option<&Edit> {
        self.undo.last().map(|e| &e.edit)
    }

    /// The edit that [`redo`](Self::redo) would apply, if any.
    pub fn next_redo(&self) -> Option<&Edit> {
        self.redo.last().map(|e| &e.edit)
    }

    /// Number of steps that can be undone.
    pub fn undo_steps(&self) -> usize {
        self.undo.len()
    }

    /// Undoes the last step; false when there is none.
    pub fn undo(&mut self, chart: &mut Chart) -> bool {
        self.sealed = true;
        Self::step(&mut self.undo, &mut self.redo, chart, &mut self.state, true)
    }

    /// Redoes the last undone step; false when there is none.
    pub fn redo(&mut self, chart: &mut Chart) -> bool {
        self.sealed = true;
        Self::step(
            &mut self.redo,
            &mut self.undo,
            chart,
            &mut self.state,
            false,
        )
    }

    fn step(
        from: &mut Vec<Entry>,
        to: &mut Vec<Entry>,
        chart: &mut Chart,
        state: &mut u64,
        backwards: bool,
    ) -> bool {
        let Some(entry) = from.pop() else {
            return false;
        };
        match entry.edit.apply(chart) {
            Ok(opposite) => {
                *state = if backwards { entry.before } else { entry.after };
                to.push(Entry {
                    edit: opposite,
                    before: entry.before,
                    after: entry.after,
                    merge: None,
                });
                true
            }
            // Cannot happen for inverses produced by `apply`; if it does, the step is
            // dropped rather than leaving the chart half-changed (Batch rolls back).
            Err(_) => false,
        }
    }
}
