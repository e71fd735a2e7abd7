//! What the user has selected: some roles, or one reporting line.

use std::collections::HashSet;

use crate::model::RoleId;

/// A reporting line picked on the canvas: from a superior down to a subordinate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineRef {
    pub superior: RoleId,
    pub subordinate: RoleId,
}

/// Roles in the order they were picked, or one line; never both. The first role picked
/// is the anchor: the side panel shows it when it is alone, Tab adds under it, and
/// Align lines the others up with it (as in Visio).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    roles: Vec<RoleId>,
    /// The same roles, for lookups: the canvas asks for every card it draws, and
    /// Ctrl+A on a big chart selects them all.
    set: HashSet<RoleId>,
    line: Option<LineRef>,
}

impl Selection {
    pub fn anchor(&self) -> Option<RoleId> {
        self.roles.first().copied()
    }

    pub fn roles(&self) -> &[RoleId] {
        &self.roles
    }

    pub fn line(&self) -> Option<LineRef> {
        self.line
    }

    pub fn contains(&self, role: RoleId) -> bool {
        self.set.contains(&role)
    }

    /// Selects just this role (or nothing).
    pub fn only(&mut self, role: Option<RoleId>) {
        self.roles.clear();
        self.set.clear();
        self.roles.extend(role);
        self.set.extend(role);
        self.line = None;
    }

    pub fn only_line(&mut self, line: LineRef) {
        self.only(None);
        self.line = Some(line);
    }

    /// Ctrl/Shift-click: adds the role, or takes it out if it was selected.
    pub fn toggle(&mut self, role: RoleId) {
        self.line = None;
        if self.set.remove(&role) {
            self.roles.retain(|&r| r != role);
        } else {
            self.set.insert(role);
            self.roles.push(role);
        }
    }

    /// A rubber band: these roles, added to the selection or in its place.
    pub fn set_many(&mut self, roles: impl IntoIterator<Item = RoleId>, add: bool) {
        if !add {
            self.only(None);
        }
        self.line = None;
        for r in roles {
            if self.set.insert(r) {
                self.roles.push(r);
            }
        }
    }

    /// Forgets what is no longer in the chart (after an undo, a delete).
    pub fn retain(
        &mut self,
        exists: impl Fn(RoleId) -> bool,
        line_exists: impl Fn(LineRef) -> bool,
    ) {
        self.roles.retain(|&r| exists(r));
        if self.set.len() != self.roles.len() {
            self.set = self.roles.iter().copied().collect();
        }
        if self.line.is_some_and(|l| !line_exists(l)) {
            self.line = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_keeps_the_first_picked_as_anchor() {
        let mut s = Selection::default();
        s.only(Some(RoleId(3)));
        s.toggle(RoleId(5));
        s.toggle(RoleId(7));
        assert_eq!(s.anchor(), Some(RoleId(3)));
        s.toggle(RoleId(3));
        assert_eq!(s.roles(), &[RoleId(5), RoleId(7)]);
        s.set_many([RoleId(7), RoleId(9)], true);
        assert_eq!(s.roles(), &[RoleId(5), RoleId(7), RoleId(9)]);
        s.only_line(LineRef {
            superior: RoleId(1),
            subordinate: RoleId(2),
        });
        assert!(s.roles().is_empty() && s.line().is_some());
        s.toggle(RoleId(1));
        assert!(s.line().is_none());
    }
}
