//! Every change to a chart is an [`Edit`]; [`History`] applies edits and keeps them undoable.

mod group;
mod history;
mod ops;

pub use group::{Align, Axis, align, delete_roles, distribute, move_cards};
pub use history::{History, MAX_BYTES as MAX_HISTORY_BYTES, MergeKey};
pub use ops::{
    Branch, add_subordinate, arrange, can_reparent, change_view, copy_branch, delete_role, freeze,
    paste_branch, pin, relayout, remove_branch, reparent, set_line_kind, set_superiors,
};

use thiserror::Error;

use crate::model::{Arrangement, Chart, Role, RoleId};

/// A reversible change. Applying an edit returns its inverse, so undo and redo are
/// the same operation and the history stores only what changed (one role, mostly),
/// not a copy of the chart.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Add a role whose id is free.
    Insert(Role),
    /// Remove a role. Lines that name it are not touched: build a [`Batch`](Edit::Batch)
    /// with [`delete_role`] for the user-facing delete.
    Remove(RoleId),
    /// Replace a role with a new version of itself (same id).
    Replace(Role),
    /// Several edits as one undo step.
    Batch(Vec<Edit>),
    /// Rename the chart.
    Rename(String),
    /// Change how the chart is arranged (orientation, compact).
    Arrange(Arrangement),
    /// Set where cards stay, without copying the roles: one entry per role, so freezing
    /// or resetting every card of a 100k-role chart costs 16 bytes a role, not a clone.
    Place(Vec<Placement>),
}

/// What of the chart's picture some edits changed: the canvas redraws no more than it must.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Redraw {
    #[default]
    Nothing,
    /// Some cards, and what the layout can follow edit by edit (see `layout::Live`).
    Cards(Changed),
    Everything,
}

/// Which roles some edits changed, and how. A role may be listed more than once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changed {
    /// New titles: a card may change size.
    pub retitled: Vec<RoleId>,
    /// Placed somewhere else by hand, or let go: the layout stays, their lines follow.
    pub moved: Vec<RoleId>,
    /// New superiors: the role and its subtree move in the tree.
    pub reparented: Vec<RoleId>,
    /// New roles.
    pub added: Vec<RoleId>,
    /// Roles taken away: the last by id (as undoing an addition takes it).
    pub removed: Vec<RoleId>,
    /// Folded or unfolded: the roles below come or go.
    pub folded: Vec<RoleId>,
}

impl Changed {
    /// Whether the tree's shape changed: roles moved under other superiors, added or
    /// taken away.
    pub fn reshaped(&self) -> bool {
        !(self.reparented.is_empty() && self.added.is_empty() && self.removed.is_empty())
    }
}

impl Redraw {
    /// Both changes, one after the other.
    pub fn and(self, other: Redraw) -> Redraw {
        match (self, other) {
            (Redraw::Everything, _) | (_, Redraw::Everything) => Redraw::Everything,
            (Redraw::Nothing, r) | (r, Redraw::Nothing) => r,
            (Redraw::Cards(mut a), Redraw::Cards(b)) => {
                a.retitled.extend(b.retitled);
                a.moved.extend(b.moved);
                a.reparented.extend(b.reparented);
                a.added.extend(b.added);
                a.removed.extend(b.removed);
                a.folded.extend(b.folded);
                Redraw::Cards(a)
            }
        }
    }

    fn of_replacing(old: &Role, new: &Role) -> Redraw {
        // Every field named, so that a field added to roles has to be sorted here: one
        // the canvas shows, judged "nothing", would leave the picture stale.
        let Role {
            id,
            title,
            department,
            superiors,
            stated_subordinates: _,
            placeholder,
            position,
            pinned,
            collapsed,
            compact,
            fields: _,
            duties: _,
        } = new;
        let same_card = *department == old.department
            && *placeholder == old.placeholder
            && *compact == old.compact;
        if !same_card {
            return Redraw::Everything;
        }
        let changed = |same: bool| if same { vec![] } else { vec![*id] };
        let changed = Changed {
            retitled: changed(*title == old.title),
            // A card placed elsewhere (undoing a move to another superior puts it back).
            moved: changed(*position == old.position && *pinned == old.pinned),
            reparented: changed(*superiors == old.superiors),
            folded: changed(*collapsed == old.collapsed),
            ..Changed::default()
        };
        if changed == Changed::default() {
            Redraw::Nothing
        } else {
            Redraw::Cards(changed)
        }
    }
}

/// A card's stored position and whether it was placed by hand.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub role: RoleId,
    pub position: Option<[f32; 2]>,
    pub pinned: bool,
}

#[derive(Debug, Error, PartialEq)]
pub enum EditError {
    #[error("role {0} is not in the chart")]
    NoSuchRole(RoleId),
    #[error("role id {0} is already taken")]
    IdTaken(RoleId),
    #[error("{role} already reports to {superior}")]
    AlreadyReports { role: String, superior: String },
    #[error("{role} cannot report to {superior}: {superior} is below {role}")]
    Loop { role: String, superior: String },
    #[error("{role} does not report to {superior}")]
    NotReporting { role: String, superior: String },
    #[error(
        "{role} reports only to {superior}, so that line is the primary one; draw another line first"
    )]
    OnlyLine { role: String, superior: String },
    #[error("{0} is listed twice")]
    ListedTwice(String),
}

impl Edit {
    /// About how much memory the edit holds (for bounding the undo history).
    pub fn approx_bytes(&self) -> usize {
        fn duties(d: &[crate::model::Duty]) -> usize {
            d.iter()
                .map(|d| std::mem::size_of_val(d) + d.text.len() + duties(&d.items))
                .sum()
        }
        fn role(r: &Role) -> usize {
            std::mem::size_of::<Role>()
                + r.title.len()
                + r.department.len()
                + r.superiors.len() * 4
                + r.stated_subordinates.as_ref().map_or(0, |s| s.len() * 4)
                + r.fields
                    .iter()
                    .map(|f| std::mem::size_of_val(f) + f.label.len() + f.value.len())
                    .sum::<usize>()
                + duties(&r.duties)
        }
        std::mem::size_of::<Edit>()
            + match self {
                Edit::Insert(r) | Edit::Replace(r) => role(r),
                Edit::Remove(_) | Edit::Arrange(_) => 0,
                Edit::Batch(edits) => edits.iter().map(Edit::approx_bytes).sum(),
                Edit::Rename(name) => name.len(),
                Edit::Place(places) => places.len() * std::mem::size_of::<Placement>(),
            }
    }

    /// Whether applying the edit to `chart` may change what `model::validate` finds
    /// (asked before it is applied). Placing cards, pinning them, folding a role or
    /// stacking its team changes only how the chart is drawn: on a large chart the
    /// check is a good part of such an edit's frame.
    pub fn may_change_findings(&self, chart: &Chart) -> bool {
        match self {
            Edit::Place(_) => false,
            Edit::Batch(edits) => edits.iter().any(|e| e.may_change_findings(chart)),
            Edit::Replace(new) => chart.role(new.id).is_none_or(|old| {
                // The new role with the old one's view of it: any other field counts.
                let viewed = Role {
                    position: old.position,
                    pinned: old.pinned,
                    collapsed: old.collapsed,
                    compact: old.compact,
                    ..new.clone()
                };
                viewed != *old
            }),
            _ => true,
        }
    }

    /// What of the chart's picture applying this edit to `chart` would change (asked
    /// before it is applied): typing a duty changes nothing on the canvas, typing a
    /// title changes one card's text (and maybe its size), placing cards moves those
    /// cards and their lines; new superiors, a role added, the last role taken away
    /// are followed by the layout card by card (see `layout::Live`); anything else may
    /// move every card.
    pub fn redraw(&self, chart: &Chart) -> Redraw {
        match self {
            Edit::Replace(new) => match chart.role(new.id) {
                Some(old) => Redraw::of_replacing(old, new),
                None => Redraw::Everything,
            },
            Edit::Batch(edits) => {
                let mut all = Redraw::Nothing;
                for e in edits {
                    all = all.and(e.redraw(chart));
                    if all == Redraw::Everything {
                        break;
                    }
                }
                all
            }
            // The chart's name is in the title bar, not on the canvas.
            Edit::Rename(_) => Redraw::Nothing,
            Edit::Place(places) => Redraw::Cards(Changed {
                moved: places.iter().map(|p| p.role).collect(),
                ..Changed::default()
            }),
            Edit::Insert(role) if !chart.contains(role.id) => Redraw::Cards(Changed {
                added: vec![role.id],
                ..Changed::default()
            }),
            Edit::Remove(id) if chart.last().is_some_and(|r| r.id == *id) => {
                Redraw::Cards(Changed {
                    removed: vec![*id],
                    ..Changed::default()
                })
            }
            Edit::Insert(_) | Edit::Remove(_) | Edit::Arrange(_) => Redraw::Everything,
        }
    }

    /// Applies the edit and returns the edit that undoes it. On error the chart is unchanged.
    pub fn apply(self, chart: &mut Chart) -> Result<Edit, EditError> {
        match self {
            Edit::Insert(role) => {
                if chart.contains(role.id) {
                    return Err(EditError::IdTaken(role.id));
                }
                let id = role.id;
                chart.insert(role);
                Ok(Edit::Remove(id))
            }
            Edit::Remove(id) => chart
                .remove(id)
                .map(Edit::Insert)
                .ok_or(EditError::NoSuchRole(id)),
            Edit::Replace(role) => {
                if !chart.contains(role.id) {
                    return Err(EditError::NoSuchRole(role.id));
                }
                Ok(Edit::Replace(chart.insert(role).unwrap_or_default()))
            }
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(chart) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            // Roll back what was applied, so a failed batch changes nothing.
                            for inv in inverses.into_iter().rev() {
                                let _ = inv.apply(chart);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
            Edit::Rename(name) => Ok(Edit::Rename(std::mem::replace(&mut chart.name, name))),
            Edit::Arrange(a) => Ok(Edit::Arrange(std::mem::replace(&mut chart.arrangement, a))),
            Edit::Place(places) => {
                if let Some(p) = places.iter().find(|p| !chart.contains(p.role)) {
                    return Err(EditError::NoSuchRole(p.role));
                }
                let mut inverse = Vec::with_capacity(places.len());
                for p in places {
                    if let Some(role) = chart.role_mut(p.role) {
                        inverse.push(Placement {
                            role: p.role,
                            position: std::mem::replace(&mut role.position, p.position),
                            pinned: std::mem::replace(&mut role.pinned, p.pinned),
                        });
                    }
                }
                inverse.reverse();
                Ok(Edit::Place(inverse))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_say_what_they_change_of_the_picture() {
        let mut chart = Chart::new("t");
        let mut r = Role::new(RoleId(1), "经理");
        r.duties = vec![crate::model::Duty::new("管理")];
        chart.insert(r.clone());
        let replaced = |change: fn(&mut Role)| {
            let mut new = r.clone();
            change(&mut new);
            Edit::Replace(new).redraw(&chart)
        };
        let ids = |ids: Vec<u32>| ids.into_iter().map(RoleId).collect();
        let cards = |retitled: Vec<u32>, moved: Vec<u32>| {
            Redraw::Cards(Changed {
                retitled: ids(retitled),
                moved: ids(moved),
                ..Changed::default()
            })
        };
        assert_eq!(replaced(|r| r.duties[0].text.push('!')), Redraw::Nothing);
        assert_eq!(replaced(|r| r.title.push('!')), cards(vec![1], vec![]));
        assert_eq!(replaced(|r| r.department.push('!')), Redraw::Everything);
        assert_eq!(
            replaced(|r| r.collapsed = true),
            Redraw::Cards(Changed {
                folded: ids(vec![1]),
                ..Changed::default()
            })
        );
        assert_eq!(replaced(|r| r.pinned = true), cards(vec![], vec![1]));
        let place = Edit::Place(vec![Placement {
            role: RoleId(1),
            position: Some([1.0, 2.0]),
            pinned: true,
        }]);
        assert_eq!(place.redraw(&chart), cards(vec![], vec![1]));
        assert!(!place.may_change_findings(&chart));
        let view = |change: fn(&mut Role)| {
            let mut new = r.clone();
            change(&mut new);
            Edit::Replace(new).may_change_findings(&chart)
        };
        assert!(!view(|r| r.collapsed = true));
        assert!(!view(|r| r.compact = Some(true)));
        assert!(!view(|r| r.pinned = true));
        assert!(view(|r| r.duties.clear()), "no duties is a finding");
        assert!(view(|r| r.title.push('!')), "titles can clash");
        let mut titled = r.clone();
        titled.title.push('!');
        let both = Edit::Batch(vec![place.clone(), Edit::Replace(titled)]);
        assert_eq!(both.redraw(&chart), cards(vec![1], vec![1]));
        assert!(both.may_change_findings(&chart));
        let with_new = Edit::Batch(vec![place, Edit::Insert(Role::new(RoleId(2), "新"))]);
        assert_eq!(
            with_new.redraw(&chart),
            Redraw::Cards(Changed {
                moved: ids(vec![1]),
                added: ids(vec![2]),
                ..Changed::default()
            })
        );
        // One that is there already is replaced, and any card may move.
        let taken = Edit::Insert(Role::new(RoleId(1), "新"));
        assert_eq!(taken.redraw(&chart), Redraw::Everything);
        assert_eq!(
            Edit::Remove(RoleId(1)).redraw(&chart),
            Redraw::Cards(Changed {
                removed: ids(vec![1]),
                ..Changed::default()
            })
        );
        let mut under = Role::new(RoleId(2), "新");
        under.superiors = vec![RoleId(1)];
        chart.insert(under.clone());
        // Not the last role: every card after it has another index.
        assert_eq!(Edit::Remove(RoleId(1)).redraw(&chart), Redraw::Everything);
        under.superiors.clear();
        under.title.push('!');
        assert_eq!(
            Edit::Replace(under).redraw(&chart),
            Redraw::Cards(Changed {
                retitled: ids(vec![2]),
                reparented: ids(vec![2]),
                ..Changed::default()
            })
        );
    }
}
