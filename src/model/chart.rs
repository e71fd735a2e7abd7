//! The chart: roles by stable id, and the reporting lines derived from their superiors.

use std::collections::BTreeMap;

use super::arrangement::Arrangement;
use super::role::{Role, RoleId};

/// Whether a reporting line decides the tree (primary) or is a matrix line (secondary).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    Primary,
    Secondary,
}

/// A reporting line from a subordinate up to one of its superiors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReportingLine {
    pub superior: RoleId,
    pub subordinate: RoleId,
    pub kind: LineKind,
}

/// The most roles a chart file or an import may hold: far beyond any real organisation
/// (and the 1,000,000 the benchmarks lay out), near what a 256 MiB file can describe.
/// Input with more is refused, saying where.
#[cfg(not(test))]
pub const MAX_ROLES: usize = 2_000_000;
/// Small in unit tests, so that refusing one role too many can be tested in milliseconds.
#[cfg(test)]
pub const MAX_ROLES: usize = 100;

/// An org chart. Roles are kept in id order, so iteration, saving and export are
/// reproducible. Reporting lines are stored on the subordinate (its ordered superiors),
/// so a role can never have two primary superiors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    pub name: String,
    pub arrangement: Arrangement,
    roles: BTreeMap<RoleId, Role>,
}

impl Chart {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            arrangement: Arrangement::default(),
            roles: BTreeMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.roles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }

    /// Roles in id order.
    pub fn roles(&self) -> impl Iterator<Item = &Role> {
        self.roles.values()
    }

    /// The role with the largest id (the one added last, as the editor adds them).
    pub fn last(&self) -> Option<&Role> {
        self.roles.values().next_back()
    }

    pub fn role(&self, id: RoleId) -> Option<&Role> {
        self.roles.get(&id)
    }

    pub fn role_mut(&mut self, id: RoleId) -> Option<&mut Role> {
        self.roles.get_mut(&id)
    }

    pub fn contains(&self, id: RoleId) -> bool {
        self.roles.contains_key(&id)
    }

    /// Inserts or replaces the role with `role.id`, returning the previous one.
    pub fn insert(&mut self, role: Role) -> Option<Role> {
        self.roles.insert(role.id, role)
    }

    /// Adds many roles (replacing any with the same ids). Into an empty chart the map
    /// is built in one pass from the sorted roles, several times faster than inserting
    /// a big file's roles one by one.
    pub fn extend(&mut self, roles: impl IntoIterator<Item = Role>) {
        let roles = roles.into_iter().map(|r| (r.id, r));
        if self.roles.is_empty() {
            self.roles = roles.collect();
        } else {
            self.roles.extend(roles);
        }
    }

    /// Removes a role only; lines that name it are left to the caller (see `edit`).
    pub fn remove(&mut self, id: RoleId) -> Option<Role> {
        self.roles.remove(&id)
    }

    /// An id no role has.
    pub fn next_id(&self) -> RoleId {
        match self.roles.keys().next_back() {
            None => RoleId(1),
            Some(last) => match last.0.checked_add(1) {
                Some(next) => RoleId(next),
                // The file used the largest id: take the lowest free one instead.
                None => (1..=u32::MAX)
                    .map(RoleId)
                    .find(|id| !self.roles.contains_key(id))
                    .unwrap_or(RoleId(0)),
            },
        }
    }

    /// The first role with this title, in id order.
    pub fn find_by_title(&self, title: &str) -> Option<&Role> {
        self.roles.values().find(|r| r.title == title)
    }

    /// Every reporting line, in subordinate id order, primary first.
    pub fn lines(&self) -> Vec<ReportingLine> {
        let mut out = Vec::new();
        for role in self.roles.values() {
            for (i, &superior) in role.superiors.iter().enumerate() {
                out.push(ReportingLine {
                    superior,
                    subordinate: role.id,
                    kind: if i == 0 {
                        LineKind::Primary
                    } else {
                        LineKind::Secondary
                    },
                });
            }
        }
        out
    }

    /// Direct subordinates of `id` (primary or secondary), in id order.
    pub fn subordinates(&self, id: RoleId) -> Vec<RoleId> {
        self.roles
            .values()
            .filter(|r| r.superiors.contains(&id))
            .map(|r| r.id)
            .collect()
    }

    /// Would making `superior` a superior of `subordinate` close a loop?
    /// True when `subordinate` is `superior` or already above it.
    pub fn would_cycle(&self, superior: RoleId, subordinate: RoleId) -> bool {
        let mut stack = vec![superior];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(id) = stack.pop() {
            if id == subordinate {
                return true;
            }
            if !seen.insert(id) {
                continue;
            }
            if let Some(role) = self.roles.get(&id) {
                stack.extend(role.superiors.iter().copied());
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        let mut c = Chart::new("t");
        c.insert(Role::new(RoleId(1), "boss"));
        let mut a = Role::new(RoleId(2), "a");
        a.superiors = vec![RoleId(1)];
        c.insert(a);
        let mut b = Role::new(RoleId(3), "b");
        b.superiors = vec![RoleId(2), RoleId(1)];
        c.insert(b);
        c
    }

    #[test]
    fn lines_mark_first_superior_primary() {
        let lines = chart().lines();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].kind, LineKind::Primary);
        assert_eq!(lines[2].kind, LineKind::Secondary);
        assert_eq!(lines[2].superior, RoleId(1));
    }

    #[test]
    fn would_cycle_detects_loops_through_any_superior() {
        let c = chart();
        assert!(c.would_cycle(RoleId(3), RoleId(1)));
        assert!(c.would_cycle(RoleId(2), RoleId(2)));
        assert!(!c.would_cycle(RoleId(1), RoleId(3)));
    }

    #[test]
    fn next_id_is_past_the_largest() {
        assert_eq!(chart().next_id(), RoleId(4));
        assert_eq!(Chart::default().next_id(), RoleId(1));
        let mut c = chart();
        c.insert(Role::new(RoleId(u32::MAX), "last"));
        assert_eq!(c.next_id(), RoleId(4));
    }
}
