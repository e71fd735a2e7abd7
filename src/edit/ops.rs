//! Builders for the edits users make, checked against the chart before they are applied.

use super::{Edit, EditError, Placement};
use crate::model::{Anchor, Arrangement, Chart, LineKind, Role, RoleId};

/// Deletes a role and reattaches its subordinates to its superiors: where the deleted
/// role stood in a subordinate's list, its own superiors take its place.
pub fn delete_role(chart: &Chart, id: RoleId) -> Result<Edit, EditError> {
    super::delete_roles(chart, &[id])
}

/// Lets the layout place again every card it placed before (stored but not pinned):
/// after a change of structure, positions frozen for an earlier addition would leave
/// cards where the new tree has other cards. Pinned cards stay. `keep` says which roles
/// are still there afterwards. Goes last in a batch, after any copy of a role.
pub(super) fn release(chart: &Chart, keep: impl Fn(RoleId) -> bool) -> Option<Edit> {
    unplace(chart, |r| r.position.is_some() && !r.pinned && keep(r.id))
}

/// Drops the stored position (and pin) of every role `pick` chooses.
fn unplace(chart: &Chart, pick: impl Fn(&Role) -> bool) -> Option<Edit> {
    let places: Vec<Placement> = chart
        .roles()
        .filter(|r| pick(r))
        .map(|r| Placement {
            role: r.id,
            position: None,
            pinned: false,
        })
        .collect();
    (!places.is_empty()).then_some(Edit::Place(places))
}

/// A new role reporting to `superior` (in its department), and its id.
pub fn add_subordinate(chart: &Chart, superior: Option<RoleId>, title: &str) -> (Edit, RoleId) {
    let id = chart.next_id();
    let mut role = Role::new(id, title);
    if let Some(sup) = superior.and_then(|s| chart.role(s)) {
        role.superiors = vec![sup.id];
        role.department = sup.department.clone();
    }
    (Edit::Insert(role), id)
}

/// A role and every role below it (by primary lines), copied: the root first.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    pub roles: Vec<Role>,
}

/// Copies `root` and everything below it. Positions are not copied: a pasted branch
/// is laid out where it lands.
pub fn copy_branch(chart: &Chart, root: RoleId) -> Option<Branch> {
    let mut roles = vec![chart.role(root)?.clone()];
    let mut children: std::collections::HashMap<RoleId, Vec<RoleId>> = Default::default();
    for r in chart.roles() {
        if let Some(p) = r.primary_superior() {
            children.entry(p).or_default().push(r.id);
        }
    }
    let mut seen = std::collections::BTreeSet::from([root]);
    let mut k = 0;
    while k < roles.len() {
        let id = roles[k].id;
        for &c in children.get(&id).map_or(&[][..], |v| &v[..]) {
            if seen.insert(c)
                && let Some(r) = chart.role(c)
            {
                roles.push(r.clone());
            }
        }
        k += 1;
    }
    for r in &mut roles {
        r.position = None;
        r.pinned = false;
    }
    Some(Branch { roles })
}

/// Removes a copied branch from the chart, and every line or statement that names one
/// of its roles from the roles that stay.
pub fn remove_branch(chart: &Chart, branch: &Branch) -> Edit {
    let gone: std::collections::BTreeSet<RoleId> = branch.roles.iter().map(|r| r.id).collect();
    let mut edits = Vec::new();
    for role in chart.roles().filter(|r| !gone.contains(&r.id)) {
        if role.names_any(|r| gone.contains(&r)) {
            let mut r = role.clone();
            r.superiors.retain(|s| !gone.contains(s));
            if let Some(s) = &mut r.stated_subordinates {
                s.retain(|x| !gone.contains(x));
            }
            edits.push(Edit::Replace(r));
        }
    }
    edits.extend(gone.iter().map(|&id| Edit::Remove(id)));
    edits.extend(release(chart, |r| !gone.contains(&r)));
    Edit::Batch(edits)
}

/// Pastes a branch under `superior` (or as a new top role) with fresh ids; lines and
/// statements inside the branch are kept, those to roles outside it are not. Returns
/// the edit and the new id of the branch's root.
pub fn paste_branch(
    chart: &Chart,
    branch: &Branch,
    superior: Option<RoleId>,
) -> Option<(Edit, RoleId)> {
    let mut ids: std::collections::HashMap<RoleId, RoleId> = Default::default();
    let mut next = chart.next_id().0;
    for r in &branch.roles {
        while chart.contains(RoleId(next)) {
            next = next.checked_add(1)?;
        }
        ids.insert(r.id, RoleId(next));
        next = next.checked_add(1)?;
    }
    let map = |list: &[RoleId]| -> Vec<RoleId> {
        list.iter().filter_map(|s| ids.get(s).copied()).collect()
    };
    let mut edits = Vec::new();
    for (k, r) in branch.roles.iter().enumerate() {
        let mut role = r.clone();
        role.id = ids[&r.id];
        role.superiors = if k == 0 {
            superior
                .filter(|s| chart.contains(*s))
                .into_iter()
                .collect()
        } else {
            map(&r.superiors)
        };
        role.stated_subordinates = r.stated_subordinates.as_deref().map(map);
        edits.push(Edit::Insert(role));
    }
    edits.extend(release(chart, |_| true));
    let root = *ids.get(&branch.roles.first()?.id)?;
    Some((Edit::Batch(edits), root))
}

/// Lets the layout place every card again: stored positions are dropped, except those
/// of pinned cards when `keep_pinned`. `None` when nothing would change.
pub fn relayout(chart: &Chart, keep_pinned: bool) -> Option<Edit> {
    if keep_pinned {
        return release(chart, |_| true);
    }
    let mut edits: Vec<Edit> = unplace(chart, |r| r.position.is_some() || r.pinned)
        .into_iter()
        .collect();
    // Nothing stays where it was put by hand: a chart from before there was a choice
    // of anchor can take the edge one now (an edit then moves fewer cards).
    if chart.arrangement.anchor != Anchor::Edge {
        edits.push(Edit::Arrange(Arrangement {
            anchor: Anchor::Edge,
            ..chart.arrangement
        }));
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// A change to how the chart is arranged, laid out again (pinned cards stay).
pub fn arrange(chart: &Chart, arrangement: Arrangement) -> Edit {
    let mut edits = vec![Edit::Arrange(arrangement)];
    edits.extend(relayout(chart, true));
    Edit::Batch(edits)
}

/// A change to one role's layout flags (collapsed, compact), laid out again.
pub fn change_view(
    chart: &Chart,
    id: RoleId,
    change: impl FnOnce(&mut Role),
) -> Result<Edit, EditError> {
    let mut role = chart.role(id).ok_or(EditError::NoSuchRole(id))?.clone();
    change(&mut role);
    let mut edits = vec![Edit::Replace(role)];
    edits.extend(relayout(chart, true));
    Ok(Edit::Batch(edits))
}

/// Pins a card where the user put it.
pub fn pin(id: RoleId, center: [f32; 2]) -> Edit {
    Edit::Place(vec![Placement {
        role: id,
        position: Some(center),
        pinned: true,
    }])
}

/// Keeps every card the layout placed where it is now (`center` says where), so that
/// what comes next (a new role) moves nothing else. `None` when all are placed already.
pub fn freeze(chart: &Chart, center: impl Fn(RoleId) -> Option<[f32; 2]>) -> Option<Edit> {
    let places: Vec<Placement> = chart
        .roles()
        .filter(|r| r.position.is_none())
        .filter_map(|r| {
            center(r.id).map(|c| Placement {
                role: r.id,
                position: Some(c),
                pinned: false,
            })
        })
        .collect();
    (!places.is_empty()).then_some(Edit::Place(places))
}

/// Whether [`reparent`] would accept the move, without building it: asked every frame
/// while a card is dragged over another.
pub fn can_reparent(chart: &Chart, role: RoleId, onto: RoleId, secondary: bool) -> bool {
    let Some(r) = chart.role(role) else {
        return false;
    };
    chart.contains(onto)
        && onto != role
        && !(secondary && r.superiors.contains(&onto))
        && !chart.would_cycle(onto, role)
}

/// Moves `role` under `onto`: `onto` becomes its primary superior (the other
/// superiors stay secondary), or with `secondary` one more secondary superior. A move
/// that would close a loop is refused. The card leaves any stored position, so it
/// takes its place among its new superior's subordinates.
pub fn reparent(
    chart: &Chart,
    role: RoleId,
    onto: RoleId,
    secondary: bool,
) -> Result<Edit, EditError> {
    let r = chart.role(role).ok_or(EditError::NoSuchRole(role))?;
    let mut superiors = r.superiors.clone();
    if secondary {
        if superiors.contains(&onto) {
            return Err(EditError::AlreadyReports {
                role: r.title.clone(),
                superior: chart
                    .role(onto)
                    .map_or(onto.to_string(), |o| o.title.clone()),
            });
        }
        superiors.push(onto);
    } else {
        superiors.retain(|&s| s != onto);
        if superiors.is_empty() {
            superiors.push(onto);
        } else {
            superiors[0] = onto;
        }
    }
    if onto == role || chart.would_cycle(onto, role) {
        let o = chart.role(onto).ok_or(EditError::NoSuchRole(onto))?;
        return Err(EditError::Loop {
            role: r.title.clone(),
            superior: o.title.clone(),
        });
    }
    let mut edits = vec![set_superiors(chart, role, superiors)?];
    if r.position.is_some() || r.pinned {
        edits.push(Edit::Place(vec![Placement {
            role,
            position: None,
            pinned: false,
        }]));
    }
    Ok(Edit::Batch(edits))
}

/// Makes the line from `superior` to `subordinate` the subordinate's primary line (its
/// superior first in the list) or a secondary one (behind the next superior). `None`
/// when it is that kind already; refused for a role's only line, which is primary.
pub fn set_line_kind(
    chart: &Chart,
    superior: RoleId,
    subordinate: RoleId,
    kind: LineKind,
) -> Result<Option<Edit>, EditError> {
    let r = chart
        .role(subordinate)
        .ok_or(EditError::NoSuchRole(subordinate))?;
    let title = |id| {
        chart
            .role(id)
            .map_or("that role", |o: &Role| o.title.as_str())
    };
    let Some(i) = r.superiors.iter().position(|&s| s == superior) else {
        return Err(EditError::NotReporting {
            role: r.title.clone(),
            superior: title(superior).to_owned(),
        });
    };
    let mut superiors = r.superiors.clone();
    match kind {
        LineKind::Primary if i == 0 => return Ok(None),
        LineKind::Secondary if i > 0 => return Ok(None),
        LineKind::Secondary if superiors.len() == 1 => {
            return Err(EditError::OnlyLine {
                role: r.title.clone(),
                superior: title(superior).to_owned(),
            });
        }
        LineKind::Primary | LineKind::Secondary => {
            let s = superiors.remove(i);
            superiors.insert(usize::from(kind == LineKind::Secondary), s);
        }
    }
    set_superiors(chart, subordinate, superiors).map(Some)
}

/// Replaces a role's superiors (primary first), refusing unknown roles, duplicates
/// and anything that would close a loop of reporting lines.
pub fn set_superiors(chart: &Chart, id: RoleId, superiors: Vec<RoleId>) -> Result<Edit, EditError> {
    let role = chart.role(id).ok_or(EditError::NoSuchRole(id))?;
    for (i, &s) in superiors.iter().enumerate() {
        let sup = chart.role(s).ok_or(EditError::NoSuchRole(s))?;
        if superiors[..i].contains(&s) {
            return Err(EditError::ListedTwice(sup.title.clone()));
        }
        if !role.superiors.contains(&s) && chart.would_cycle(s, id) {
            return Err(EditError::Loop {
                role: role.title.clone(),
                superior: sup.title.clone(),
            });
        }
    }
    let mut role = role.clone();
    role.superiors = superiors;
    Ok(Edit::Batch(
        std::iter::once(Edit::Replace(role))
            .chain(release(chart, |_| true))
            .collect(),
    ))
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    #[test]
    fn resetting_all_positions_lets_an_old_chart_take_the_edge_anchor() {
        let mut c = crate::example::chart();
        c.arrangement.anchor = Anchor::Middle;
        // Pinned cards kept: they keep the anchor they were placed around.
        assert!(relayout(&c, true).is_none());
        relayout(&c, false).unwrap().apply(&mut c).unwrap();
        assert_eq!(c.arrangement.anchor, Anchor::Edge);
        assert!(relayout(&c, false).is_none(), "nothing left to change");
    }

    #[test]
    fn can_reparent_says_what_reparent_does() {
        let c = crate::example::chart();
        for a in c.roles() {
            for b in c.roles() {
                for secondary in [false, true] {
                    assert_eq!(
                        can_reparent(&c, a.id, b.id, secondary),
                        reparent(&c, a.id, b.id, secondary).is_ok(),
                        "{} onto {} ({secondary})",
                        a.title,
                        b.title
                    );
                }
            }
        }
    }

    #[test]
    fn a_line_changes_kind_by_moving_its_superior_in_the_list() {
        let c = crate::example::chart();
        let copy = c.find_by_title("文案策划").unwrap();
        let (first, second) = (copy.superiors[0], copy.superiors[1]);
        let e = set_line_kind(&c, second, copy.id, LineKind::Primary)
            .unwrap()
            .unwrap();
        let mut after = c.clone();
        e.apply(&mut after).unwrap();
        let sups = &after.role(copy.id).unwrap().superiors;
        assert_eq!((sups[0], sups[1]), (second, first));
        assert_eq!(sups.len(), copy.superiors.len());
        assert!(
            set_line_kind(&c, first, copy.id, LineKind::Primary)
                .unwrap()
                .is_none()
        );
        let e = set_line_kind(&c, first, copy.id, LineKind::Secondary)
            .unwrap()
            .unwrap();
        let mut after = c.clone();
        e.apply(&mut after).unwrap();
        assert_eq!(after.role(copy.id).unwrap().superiors[1], first);
        // A role's only line stays primary.
        let only = c.roles().find(|r| r.superiors.len() == 1).unwrap();
        assert!(set_line_kind(&c, only.superiors[0], only.id, LineKind::Secondary).is_err());
    }

    #[test]
    fn cut_and_paste_a_branch_moves_it_with_its_inner_lines() {
        let mut c = crate::example::chart();
        let lead = c.find_by_title("运营主管").unwrap().id;
        let boss = c.find_by_title("营销经理").unwrap().id;
        let before = c.len();
        let branch = copy_branch(&c, lead).unwrap();
        assert_eq!(branch.roles.len(), 3, "运营主管, 运维专员, 淘宝美工");
        remove_branch(&c, &branch).apply(&mut c).unwrap();
        assert_eq!(c.len(), before - 3);
        assert!(
            crate::model::validate(&c)
                .iter()
                .all(|f| f.kind != crate::model::FindingKind::UnknownRole)
        );
        let (paste, root) = paste_branch(&c, &branch, Some(boss)).unwrap();
        paste.apply(&mut c).unwrap();
        assert_eq!(c.len(), before);
        assert_eq!(c.role(root).unwrap().superiors, vec![boss]);
        let kids: Vec<_> = c
            .roles()
            .filter(|r| r.primary_superior() == Some(root))
            .collect();
        assert_eq!(kids.len(), 2);
        // Loadable: no line names a role that is not there.
        let text = crate::io::to_ron_string(&c).unwrap();
        crate::io::from_ron_str(&text, std::path::Path::new("t.ron")).unwrap();
    }

    #[test]
    fn reparent_moves_primary_adds_secondary_and_refuses_loops() {
        let mut c = Chart::new("t");
        for (id, sups) in [(1, vec![]), (2, vec![1]), (3, vec![2]), (4, vec![1])] {
            let mut r = Role::new(RoleId(id), format!("r{id}"));
            r.superiors = sups.into_iter().map(RoleId).collect();
            c.insert(r);
        }
        // 3 moves under 4.
        reparent(&c, RoleId(3), RoleId(4), false)
            .unwrap()
            .apply(&mut c)
            .unwrap();
        assert_eq!(c.role(RoleId(3)).unwrap().superiors, vec![RoleId(4)]);
        // 3 also reports to 2, dotted.
        reparent(&c, RoleId(3), RoleId(2), true)
            .unwrap()
            .apply(&mut c)
            .unwrap();
        assert_eq!(
            c.role(RoleId(3)).unwrap().superiors,
            vec![RoleId(4), RoleId(2)]
        );
        // 1 under 3 would close a loop.
        let e = reparent(&c, RoleId(1), RoleId(3), false).unwrap_err();
        assert!(e.to_string().contains("below"), "{e}");
        assert!(reparent(&c, RoleId(3), RoleId(3), false).is_err());
    }

    #[test]
    fn relayout_keeps_pinned_cards_and_reset_drops_all() {
        let mut c = Chart::new("t");
        for (id, pos, pinned) in [
            (1, Some([1.0, 2.0]), true),
            (2, Some([3.0, 4.0]), false),
            (3, None, false),
        ] {
            let mut r = Role::new(RoleId(id), "r");
            r.position = pos;
            r.pinned = pinned;
            c.insert(r);
        }
        let before = c.clone();
        let inverse = relayout(&c, true).unwrap().apply(&mut c).unwrap();
        assert_eq!(c.role(RoleId(1)).unwrap().position, Some([1.0, 2.0]));
        assert_eq!(c.role(RoleId(2)).unwrap().position, None);
        inverse.apply(&mut c).unwrap();
        assert_eq!(c, before);
        relayout(&c, false).unwrap().apply(&mut c).unwrap();
        assert!(c.roles().all(|r| r.position.is_none() && !r.pinned));
        assert!(relayout(&c, false).is_none());
        let frozen = freeze(&c, |id| Some([id.0 as f32, 0.0])).unwrap();
        frozen.apply(&mut c).unwrap();
        assert!(c.roles().all(|r| r.position.is_some() && !r.pinned));
        assert!(freeze(&c, |_| Some([0.0, 0.0])).is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;

    fn chart() -> Chart {
        let mut c = Chart::new("t");
        c.insert(Role::new(RoleId(1), "top"));
        let mut mid = Role::new(RoleId(2), "mid");
        mid.superiors = vec![RoleId(1)];
        c.insert(mid);
        let mut low = Role::new(RoleId(3), "low");
        low.superiors = vec![RoleId(2)];
        c.insert(low);
        let mut side = Role::new(RoleId(4), "side");
        side.superiors = vec![RoleId(1), RoleId(2)];
        c.insert(side);
        c
    }

    #[test]
    fn delete_role_reattaches_subordinates_and_undoes() {
        let original = chart();
        let mut c = original.clone();
        let mut h = History::default();
        let edit = delete_role(&c, RoleId(2)).unwrap();
        h.apply(&mut c, edit, None).unwrap();
        assert!(!c.contains(RoleId(2)));
        assert_eq!(c.role(RoleId(3)).unwrap().superiors, vec![RoleId(1)]);
        // Already reporting to 1: no duplicate line.
        assert_eq!(c.role(RoleId(4)).unwrap().superiors, vec![RoleId(1)]);
        assert!(h.undo(&mut c));
        assert_eq!(c, original);
        assert!(h.redo(&mut c));
        assert!(!c.contains(RoleId(2)));
    }

    #[test]
    fn delete_role_removes_it_from_stated_subordinates() {
        let mut c = chart();
        c.role_mut(RoleId(1)).unwrap().stated_subordinates = Some(vec![RoleId(2), RoleId(3)]);
        c.role_mut(RoleId(2)).unwrap().stated_subordinates = Some(vec![RoleId(3)]);
        let edit = delete_role(&c, RoleId(3)).unwrap();
        edit.apply(&mut c).unwrap();
        assert_eq!(
            c.role(RoleId(1)).unwrap().stated_subordinates,
            Some(vec![RoleId(2)])
        );
        assert_eq!(c.role(RoleId(2)).unwrap().stated_subordinates, Some(vec![]));
        let text = crate::io::to_ron_string(&c).unwrap();
        assert!(crate::io::from_ron_str(&text, std::path::Path::new("t.ron")).is_ok());
    }

    #[test]
    fn set_superiors_refuses_cycles() {
        let c = chart();
        let err = set_superiors(&c, RoleId(1), vec![RoleId(3)]).unwrap_err();
        assert!(matches!(err, EditError::Loop { .. }), "{err:?}");
        assert!(set_superiors(&c, RoleId(3), vec![RoleId(1), RoleId(2)]).is_ok());
    }

    #[test]
    fn merged_edits_are_one_undo_step_until_sealed() {
        let original = chart();
        let mut c = original.clone();
        let mut h = History::default();
        let key = || {
            Some(crate::edit::MergeKey {
                role: Some(RoleId(3)),
                what: "title",
            })
        };
        for t in ["l", "lo", "low!"] {
            let mut r = c.role(RoleId(3)).unwrap().clone();
            r.title = t.into();
            h.apply(&mut c, Edit::Replace(r), key()).unwrap();
        }
        h.seal();
        let mut r = c.role(RoleId(3)).unwrap().clone();
        r.title = "x".into();
        h.apply(&mut c, Edit::Replace(r), key()).unwrap();
        assert!(h.undo(&mut c));
        assert_eq!(c.role(RoleId(3)).unwrap().title, "low!");
        assert!(h.undo(&mut c));
        assert_eq!(c, original);
        assert!(!h.can_undo());
    }

    #[test]
    fn failed_batch_changes_nothing() {
        let original = chart();
        let mut c = original.clone();
        let bad = Edit::Batch(vec![Edit::Remove(RoleId(3)), Edit::Remove(RoleId(99))]);
        assert!(bad.apply(&mut c).is_err());
        assert_eq!(c, original);
    }
}
