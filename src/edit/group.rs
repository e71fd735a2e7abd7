//! Edits on several roles at once (a multi-selection): delete, move, align, distribute.
//! Each is one [`Edit`], so one undo step.

use emath::{Pos2, Rect, Vec2};

use super::{Edit, EditError, Placement, delete_role};
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

/// Deletes several roles as one step. Each is deleted as [`delete_role`] does it, in
/// turn, so a subordinate of two deleted roles ends up under what is left above them.
pub fn delete_roles(chart: &Chart, ids: &[RoleId]) -> Result<Edit, EditError> {
    if let [id] = ids {
        return delete_role(chart, *id);
    }
    // Each deletion is computed on the chart the previous ones left.
    let mut after = chart.clone();
    let mut edits = Vec::with_capacity(ids.len());
    for &id in ids {
        let e = delete_role(&after, id)?;
        e.clone().apply(&mut after)?;
        edits.push(e);
    }
    Ok(Edit::Batch(edits))
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
            (id, to)
        })
        .filter(|&(id, to)| cards.iter().any(|&(i, r)| i == id && r.center() != to))
        .collect();
    (!moved.is_empty()).then(|| place(moved))
}

/// Spaces the cards evenly between the two outermost ones along `axis`: equal gaps
/// between neighbouring cards, whatever their sizes. Needs three cards or more.
pub fn distribute(cards: &[(RoleId, Rect)], axis: Axis) -> Option<Edit> {
    if cards.len() < 3 {
        return None;
    }
    // Where a card starts along the axis, and its extent along it.
    type Measure = fn(&Rect) -> f32;
    let (lo, size): (Measure, Measure) = match axis {
        Axis::Horizontal => (|r| r.min.x, Rect::width),
        Axis::Vertical => (|r| r.min.y, Rect::height),
    };
    let mut sorted = cards.to_vec();
    sorted.sort_by(|a, b| lo(&a.1).total_cmp(&lo(&b.1)).then(a.0.cmp(&b.0)));
    let (first, last) = (sorted[0].1, sorted[sorted.len() - 1].1);
    let span = lo(&last) + size(&last) - lo(&first);
    let filled: f32 = sorted.iter().map(|(_, r)| size(r)).sum();
    let gap = (span - filled) / (sorted.len() - 1) as f32;
    let mut at = lo(&first);
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
    use emath::{pos2, vec2};

    fn cards() -> Vec<(RoleId, Rect)> {
        vec![
            (
                RoleId(1),
                Rect::from_min_size(pos2(0.0, 0.0), vec2(100.0, 40.0)),
            ),
            (
                RoleId(2),
                Rect::from_min_size(pos2(300.0, 50.0), vec2(160.0, 60.0)),
            ),
            (
                RoleId(3),
                Rect::from_min_size(pos2(150.0, 20.0), vec2(60.0, 40.0)),
            ),
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
        even[2].1 = Rect::from_min_size(pos2(170.0, 20.0), vec2(60.0, 40.0));
        assert!(distribute(&even, Axis::Horizontal).is_none());
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
