//! Edits on several roles at once (a multi-selection): delete, move, align, distribute.
//! Each is one [`Edit`], so one undo step.

use std::collections::{HashMap, HashSet};

use emath::{Pos2, Rect, Vec2};

use super::{Edit, EditError, Placement};
use crate::model::{Chart, RoleId};

/// Which edges or centres [`align`] lines up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    Top,
    Middle,
    Bottom,
}

/// Along which axis [`distribute`] evens out the gaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    Horizontal,
    Vertical,
}

/// Deletes several roles as one step, as [`delete_role`](super::delete_role) would one after another: a
/// role that loses a superior gets, in its place, the nearest roles above it that
/// stay. One pass over the chart, however many roles go (Ctrl+A, Delete on 100,000).
pub fn delete_roles(chart: &Chart, ids: &[RoleId]) -> Result<Edit, EditError> {
    for &id in ids {
        chart.role(id).ok_or(EditError::NoSuchRole(id))?;
    }
    let gone: HashSet<RoleId> = ids.iter().copied().collect();
    let mut above: HashMap<RoleId, Vec<RoleId>> = HashMap::new();
    let mut edits = Vec::new();
    for role in chart.roles().filter(|r| !gone.contains(&r.id)) {
        if !role.names_any(|r| gone.contains(&r)) {
            continue;
        }
        let mut r = role.clone();
        r.superiors.clear();
        for &s in &role.superiors {
            let lifted = if gone.contains(&s) {
                staying_above(chart, s, &gone, &mut above).clone()
            } else {
                vec![s]
            };
            for l in lifted {
                if l != r.id && !r.superiors.contains(&l) {
                    r.superiors.push(l);
                }
            }
        }
        if let Some(stated) = &mut r.stated_subordinates {
            stated.retain(|x| !gone.contains(x));
        }
        edits.push(Edit::Replace(r));
    }
    edits.extend(ids.iter().map(|&id| Edit::Remove(id)));
    edits.extend(super::ops::release(chart, |r| !gone.contains(&r)));
    Ok(Edit::Batch(edits))
}

/// The roles that stay and stand nearest above deleted role `id`, in its superiors'
/// order, remembered in `memo`. Walks up through deleted roles without recursion (a
/// deleted chain can be 100,000 long); a loop among them ends the walk.
fn staying_above<'a>(
    chart: &Chart,
    id: RoleId,
    gone: &HashSet<RoleId>,
    memo: &'a mut HashMap<RoleId, Vec<RoleId>>,
) -> &'a Vec<RoleId> {
    let superiors = |r: RoleId| chart.role(r).map_or(&[][..], |r| &r.superiors[..]);
    let mut stack = vec![(id, false)];
    let mut open = HashSet::new();
    while let Some((r, expanded)) = stack.pop() {
        if memo.contains_key(&r) {
            continue;
        }
        if !expanded {
            stack.push((r, true));
            open.insert(r);
            for &s in superiors(r) {
                if gone.contains(&s) && !memo.contains_key(&s) && !open.contains(&s) {
                    stack.push((s, false));
                }
            }
            continue;
        }
        let mut out: Vec<RoleId> = Vec::new();
        for &s in superiors(r) {
            let lifted = if gone.contains(&s) {
                memo.get(&s).map_or(&[][..], |v| &v[..])
            } else {
                std::slice::from_ref(&s)
            };
            for &l in lifted {
                if !out.contains(&l) {
                    out.push(l);
                }
            }
        }
        open.remove(&r);
        memo.insert(r, out);
    }
    &memo[&id]
}

/// Moves every card in `cards` (role and its rectangle now) by `delta`, pinning them.
pub fn move_cards(cards: &[(RoleId, Rect)], delta: Vec2) -> Edit {
    place(cards.iter().map(|&(id, r)| (id, r.center() + delta)))
}

/// Lines the cards up with `anchor` (the card the user picked first): its left edges,
/// centres, ... Cards already in line are left alone (and stay unpinned).
pub fn align(cards: &[(RoleId, Rect)], anchor: Rect, how: Align) -> Option<Edit> {
    let moved: Vec<(RoleId, Pos2)> = cards
        .iter()
        .map(|&(id, r)| {
            let c = r.center();
            let half = r.size() / 2.0;
            let to = match how {
                Align::Left => Pos2::new(anchor.min.x + half.x, c.y),
                Align::Center => Pos2::new(anchor.center().x, c.y),
                Align::Right => Pos2::new(anchor.max.x - half.x, c.y),
                Align::Top => Pos2::new(c.x, anchor.min.y + half.y),
                Align::Middle => Pos2::new(c.x, anchor.center().y),
                Align::Bottom => Pos2::new(c.x, anchor.max.y - half.y),
            };
            (id, c, to)
        })
        .filter(|&(_, from, to)| from != to)
        .map(|(id, _, to)| (id, to))
        .collect();
    (!moved.is_empty()).then(|| place(moved))
}

/// Spaces the cards evenly between the two outermost edges along `axis`: equal gaps
/// between neighbouring cards, whatever their sizes. Needs three cards or more, and
/// room for them side by side (`None` otherwise, as when they are even already).
pub fn distribute(cards: &[(RoleId, Rect)], axis: Axis) -> Option<Edit> {
    if cards.len() < 3 {
        return None;
    }
    // The near edge and the extent of a card along the axis.
    type Measure = fn(&Rect) -> f32;
    let (lo, size): (Measure, Measure) = match axis {
        Axis::Horizontal => (|r| r.min.x, Rect::width),
        Axis::Vertical => (|r| r.min.y, Rect::height),
    };
    // In order of their centres, between the leftmost edge and the rightmost (or top
    // and bottom); cards that do not fit side by side there are left alone.
    let mut sorted = cards.to_vec();
    let mid = |r: &Rect| lo(r) + size(r) / 2.0;
    sorted.sort_by(|a, b| mid(&a.1).total_cmp(&mid(&b.1)).then(a.0.cmp(&b.0)));
    let start = sorted
        .iter()
        .map(|(_, r)| lo(r))
        .fold(f32::INFINITY, f32::min);
    let end = sorted
        .iter()
        .map(|(_, r)| lo(r) + size(r))
        .fold(f32::NEG_INFINITY, f32::max);
    let filled: f32 = sorted.iter().map(|(_, r)| size(r)).sum();
    let gap = (end - start - filled) / (sorted.len() - 1) as f32;
    if gap < 0.0 {
        return None;
    }
    let mut at = start;
    let mut moved = Vec::new();
    for &(id, r) in &sorted {
        let shift = at - lo(&r);
        if shift.abs() > 0.01 {
            let delta = match axis {
                Axis::Horizontal => Vec2::new(shift, 0.0),
                Axis::Vertical => Vec2::new(0.0, shift),
            };
            moved.push((id, r.center() + delta));
        }
        at += size(&r) + gap;
    }
    (!moved.is_empty()).then(|| place(moved))
}

fn place(centers: impl IntoIterator<Item = (RoleId, Pos2)>) -> Edit {
    Edit::Place(
        centers
            .into_iter()
            .map(|(role, c)| Placement {
                role,
                position: Some([c.x.round(), c.y.round()]),
                pinned: true,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::delete_role;
    use emath::{pos2, vec2};

    /// Role `id`'s card: top-left corner and size.
    fn card(id: u32, x: f32, y: f32, w: f32, h: f32) -> (RoleId, Rect) {
        (RoleId(id), Rect::from_min_size(pos2(x, y), vec2(w, h)))
    }

    fn cards() -> Vec<(RoleId, Rect)> {
        vec![
            card(1, 0.0, 0.0, 100.0, 40.0),
            card(2, 300.0, 50.0, 160.0, 60.0),
            card(3, 150.0, 20.0, 60.0, 40.0),
        ]
    }

    fn centers(e: &Edit) -> Vec<(u32, [f32; 2])> {
        let Edit::Place(p) = e else { panic!("{e:?}") };
        p.iter().map(|p| (p.role.0, p.position.unwrap())).collect()
    }

    #[test]
    fn align_left_lines_up_left_edges_with_the_anchor() {
        let c = cards();
        let e = align(&c, c[0].1, Align::Left).unwrap();
        // Card 1 is the anchor and stays; the others' left edges move to x = 0.
        assert_eq!(centers(&e), vec![(2, [80.0, 80.0]), (3, [30.0, 40.0])]);
    }

    #[test]
    fn align_bottom_and_middle() {
        let c = cards();
        let e = align(&c, c[1].1, Align::Bottom).unwrap();
        assert_eq!(centers(&e), vec![(1, [50.0, 90.0]), (3, [180.0, 90.0])]);
        let e = align(&c, c[1].1, Align::Middle).unwrap();
        assert_eq!(centers(&e), vec![(1, [50.0, 80.0]), (3, [180.0, 80.0])]);
    }

    #[test]
    fn distribute_makes_the_gaps_equal_and_keeps_the_outer_cards() {
        let c = cards();
        // From x = 0 to 460: 320 of cards, so two gaps of 70.
        let e = distribute(&c, Axis::Horizontal).unwrap();
        assert_eq!(centers(&e), vec![(3, [200.0, 40.0])]);
        assert!(distribute(&c[..2], Axis::Horizontal).is_none());
        // Already even: nothing to do.
        let mut even = c.clone();
        even[2] = card(3, 170.0, 20.0, 60.0, 40.0);
        assert!(distribute(&even, Axis::Horizontal).is_none());
    }

    #[test]
    fn distribute_leaves_cards_that_do_not_fit_side_by_side() {
        let wide = vec![
            card(1, 0.0, 0.0, 100.0, 40.0),
            card(2, 50.0, 0.0, 400.0, 40.0),
            card(3, 300.0, 0.0, 50.0, 40.0),
        ];
        // 550 wide of cards between x = 0 and 450.
        assert!(distribute(&wide, Axis::Horizontal).is_none());
        // A wide card among narrow ones still gets equal gaps, none negative.
        let mut roomy = wide.clone();
        roomy[1] = card(2, 200.0, 0.0, 600.0, 40.0);
        let Some(Edit::Place(p)) = distribute(&roomy, Axis::Horizontal) else {
            panic!("room enough")
        };
        assert_eq!(p[0].role, RoleId(3));
        assert_eq!(
            p[0].position.unwrap()[0],
            150.0,
            "centred between 100 and 200"
        );
    }

    #[test]
    fn deleting_many_at_once_is_deleting_them_one_after_another() {
        let c = crate::example::chart();
        let ids: Vec<RoleId> = c.roles().map(|r| r.id).collect();
        for &a in &ids {
            for &b in &ids {
                for k in [0usize, 3, 7] {
                    let third = ids[(a.0 as usize + k) % ids.len()];
                    let mut picked = vec![a];
                    for x in [b, third] {
                        if !picked.contains(&x) {
                            picked.push(x);
                        }
                    }
                    let mut at_once = c.clone();
                    delete_roles(&c, &picked)
                        .unwrap()
                        .apply(&mut at_once)
                        .unwrap();
                    let mut one_by_one = c.clone();
                    for &id in &picked {
                        let e = delete_role(&one_by_one, id).unwrap();
                        e.apply(&mut one_by_one).unwrap();
                    }
                    assert_eq!(at_once, one_by_one, "{picked:?}");
                }
            }
        }
    }

    #[test]
    fn deleting_two_roles_reattaches_below_what_is_left() {
        let mut c = crate::example::chart();
        let lead = c.find_by_title("运营主管").unwrap().id;
        let shop = c.find_by_title("淘宝店长").unwrap().id;
        let before = c.clone();
        let e = delete_roles(&c, &[lead, shop]).unwrap();
        let undo = e.apply(&mut c).unwrap();
        assert!(!c.contains(lead) && !c.contains(shop));
        assert!(
            c.roles()
                .all(|r| r.superiors.iter().all(|s| c.contains(*s)))
        );
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
    }
}
