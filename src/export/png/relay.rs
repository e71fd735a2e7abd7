//! Strips painted on several threads, handed to the encoder in picture order.
//!
//! Painters leave a strip and go on painting the next: handing strips over at a
//! rendezvous made a painter wait while the encoding thread painted a strip of its
//! own, and it was idle for a third of a large export. Painters wait once `ahead`
//! strips are waiting for the encoder (each painter may leave one more before it
//! sees that), and the encoding thread then waits rather than paint another: a strip
//! of a wide picture holds tens of megabytes.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard};

use super::encode::Strip;

pub(super) struct Relay {
    state: Mutex<State>,
    changed: Condvar,
    /// Strips painted and waiting, at most, before painters (and the encoding
    /// thread) wait instead of painting more.
    ahead: usize,
}

#[derive(Default)]
struct State {
    /// Painted strips by index, waiting for the encoder.
    ready: BTreeMap<usize, Strip>,
    /// Encoded strips, to be painted into again.
    pool: Vec<Strip>,
    /// The encoder gave up (cancelled or failed), or a painter died: nobody waits.
    stopped: bool,
}

impl Relay {
    pub(super) fn new(ahead: usize) -> Self {
        Self {
            state: Mutex::default(),
            changed: Condvar::new(),
            ahead: ahead.max(1),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A painter that panicked while holding the lock stopped everything anyway.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A strip to paint into.
    pub(super) fn spare(&self) -> Strip {
        self.state().pool.pop().unwrap_or_default()
    }

    /// A painter's strip `i`; waits while the painters are far enough ahead. `false`
    /// if the export stopped.
    pub(super) fn give(&self, i: usize, strip: Strip) -> bool {
        let mut state = self.state();
        state.ready.insert(i, strip);
        self.changed.notify_all();
        while state.ready.len() > self.ahead && !state.stopped {
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        !state.stopped
    }

    /// The encoding thread's own strip `i` (it asks [`Self::crowded`] first).
    pub(super) fn put(&self, i: usize, strip: Strip) {
        self.state().ready.insert(i, strip);
    }

    /// Whether enough strips wait that the encoding thread should not paint another,
    /// or the export stopped.
    pub(super) fn crowded(&self) -> bool {
        let state = self.state();
        state.ready.len() >= self.ahead || state.stopped
    }

    /// Strip `i` if it is painted.
    pub(super) fn take(&self, i: usize) -> Option<Strip> {
        let strip = self.state().ready.remove(&i);
        if strip.is_some() {
            self.changed.notify_all();
        }
        strip
    }

    /// Strip `i`, once painted; `None` if the export stopped first.
    pub(super) fn wait_for(&self, i: usize) -> Option<Strip> {
        let mut state = self.state();
        loop {
            if let Some(strip) = state.ready.remove(&i) {
                self.changed.notify_all();
                return Some(strip);
            }
            if state.stopped {
                return None;
            }
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// An encoded strip, to be painted into again.
    pub(super) fn recycle(&self, strip: Strip) {
        self.state().pool.push(strip);
    }

    /// Nobody waits any more: painters stop after their strip, the encoder gets `None`.
    pub(super) fn stop(&self) {
        self.state().stopped = true;
        self.changed.notify_all();
    }
}

/// Stops the relay if a painter's thread unwinds, so that nobody waits for a strip it
/// will never give.
pub(super) struct StopOnPanic<'a>(pub(super) &'a Relay);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// Stops the relay when the encoding is over, whichever way (finished, cancelled,
/// failed or unwinding), so that no painter waits for room that will never come.
pub(super) struct StopOnDrop<'a>(pub(super) &'a Relay);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}
