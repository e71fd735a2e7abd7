//! A top-down tree layout over primary reporting lines: leaves side by side, each
//! superior centred over its subordinates, one row per level.

use std::collections::BTreeMap;

use emath::{Pos2, Vec2, pos2};

use crate::model::{Chart, RoleId};

/// Spacing of the layout, in chart units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutParams {
    pub sibling_gap: f32,
    pub subtree_gap: f32,
    pub level_gap: f32,
}

impl Default for LayoutParams {
    fn default() -> Self {
        Self {
            sibling_gap: 24.0,
            subtree_gap: 40.0,
            level_gap: 64.0,
        }
    }
}

/// Where each card's centre goes, and the tree the layout used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub centers: BTreeMap<RoleId, Pos2>,
    /// Subordinates by primary superior, in id order: the tree that was laid out.
    pub children: BTreeMap<RoleId, Vec<RoleId>>,
    /// Tree roots left to right.
    pub roots: Vec<RoleId>,
}

/// Lays out `chart` with the given card sizes (missing sizes count as zero).
/// Manual positions (`Role::position`) win over computed ones. Linear in the number of
/// roles, and iterative, so very deep charts cannot overflow the stack.
pub fn layout(chart: &Chart, sizes: &BTreeMap<RoleId, Vec2>, params: &LayoutParams) -> Layout {
    let size = |id: RoleId| sizes.get(&id).copied().unwrap_or(Vec2::ZERO);

    // The tree: each role under its primary superior, when that superior exists.
    let mut children: BTreeMap<RoleId, Vec<RoleId>> = BTreeMap::new();
    let mut has_parent: BTreeMap<RoleId, RoleId> = BTreeMap::new();
    for role in chart.roles() {
        if let Some(p) = role
            .primary_superior()
            .filter(|p| chart.contains(*p) && *p != role.id)
        {
            children.entry(p).or_default().push(role.id);
            has_parent.insert(role.id, p);
        }
    }
    let mut roots: Vec<RoleId> = chart
        .roles()
        .map(|r| r.id)
        .filter(|id| !has_parent.contains_key(id))
        .collect();

    // Depth and post-order per root. Roles on a loop of primary lines are reachable from
    // no root; they become roots themselves, so every role gets a place.
    let mut depth: BTreeMap<RoleId, usize> = BTreeMap::new();
    let mut order: Vec<RoleId> = Vec::with_capacity(chart.len());
    let mut i = 0;
    let all: Vec<RoleId> = chart.roles().map(|r| r.id).collect();
    let mut next_unvisited = 0;
    loop {
        if i == roots.len() {
            while next_unvisited < all.len() && depth.contains_key(&all[next_unvisited]) {
                next_unvisited += 1;
            }
            match all.get(next_unvisited) {
                // Start from the loop itself, not from a role hanging below it, so the
                // loop's subordinates stay below it.
                Some(&id) => roots.push(loop_member(id, &has_parent)),
                None => break,
            }
        }
        let root = roots[i];
        i += 1;
        if depth.contains_key(&root) {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        while let Some((id, d)) = stack.pop() {
            if depth.contains_key(&id) {
                continue;
            }
            depth.insert(id, d);
            order.push(id);
            for &c in children.get(&id).map_or(&[][..], |v| &v[..]).iter().rev() {
                stack.push((c, d + 1));
            }
        }
    }
    roots.retain(|r| depth.get(r) == Some(&0));
    let root_set: std::collections::BTreeSet<RoleId> = roots.iter().copied().collect();
    // Drop tree edges into roles that were reached another way (loop members).
    let mut tree_children: BTreeMap<RoleId, Vec<RoleId>> = BTreeMap::new();
    for &id in &order {
        let kids: Vec<RoleId> = children
            .get(&id)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|c| depth.get(c) == Some(&(depth[&id] + 1)) && !root_set.contains(c))
                    .collect()
            })
            .unwrap_or_default();
        if !kids.is_empty() {
            tree_children.insert(id, kids);
        }
    }

    // Row heights and tops.
    let levels = depth.values().copied().max().map_or(0, |d| d + 1);
    let mut row_height = vec![0.0f32; levels];
    for (&id, &d) in &depth {
        row_height[d] = row_height[d].max(size(id).y);
    }
    let mut row_top = vec![0.0f32; levels];
    for d in 1..levels {
        row_top[d] = row_top[d - 1] + row_height[d - 1] + params.level_gap;
    }

    // Subtree widths, children before parents (reverse pre-order).
    let mut width: BTreeMap<RoleId, f32> = BTreeMap::new();
    for &id in order.iter().rev() {
        let kids = tree_children.get(&id).map_or(&[][..], |v| &v[..]);
        let kids_w: f32 = kids.iter().map(|c| width[c]).sum::<f32>()
            + params.sibling_gap * kids.len().saturating_sub(1) as f32;
        width.insert(id, size(id).x.max(kids_w));
    }

    // Place: each subtree gets [left, left + width); a parent sits over its children.
    let mut centers = BTreeMap::new();
    let mut left = 0.0f32;
    for &root in &roots {
        let mut stack = vec![(root, left)];
        while let Some((id, l)) = stack.pop() {
            let w = width[&id];
            let kids = tree_children.get(&id).map_or(&[][..], |v| &v[..]);
            let kids_w: f32 = kids.iter().map(|c| width[c]).sum::<f32>()
                + params.sibling_gap * kids.len().saturating_sub(1) as f32;
            let mut x = l + (w - kids_w) / 2.0;
            for &c in kids {
                stack.push((c, x));
                x += width[&c] + params.sibling_gap;
            }
            let d = depth[&id];
            let y = row_top[d] + row_height[d] / 2.0;
            centers.insert(id, pos2(l + w / 2.0, y));
        }
        left += width[&root] + params.subtree_gap;
    }

    for role in chart.roles() {
        if let Some([x, y]) = role.position {
            centers.insert(role.id, pos2(x, y));
        }
    }
    Layout {
        centers,
        children: tree_children,
        roots,
    }
}

/// Follows primary superiors up from `id` until a role repeats: a member of the loop
/// that `id` hangs from (or `id` itself when it has no superior).
fn loop_member(id: RoleId, parent: &BTreeMap<RoleId, RoleId>) -> RoleId {
    let mut seen = std::collections::BTreeSet::new();
    let mut at = id;
    while seen.insert(at) {
        match parent.get(&at) {
            Some(&p) => at = p,
            None => return at,
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use emath::{Rect, vec2};

    fn chart(parents: &[(u32, &[u32])]) -> Chart {
        let mut c = Chart::new("t");
        for &(id, sups) in parents {
            let mut r = Role::new(RoleId(id), format!("r{id}"));
            r.superiors = sups.iter().map(|&s| RoleId(s)).collect();
            c.insert(r);
        }
        c
    }

    fn rects(c: &Chart, l: &Layout, s: Vec2) -> Vec<(RoleId, Rect)> {
        c.roles()
            .map(|r| (r.id, Rect::from_center_size(l.centers[&r.id], s)))
            .collect()
    }

    #[test]
    fn parents_above_children_and_no_overlap() {
        let c = chart(&[
            (1, &[]),
            (2, &[1]),
            (3, &[1]),
            (4, &[2]),
            (5, &[2]),
            (6, &[3, 2]),
            (7, &[]),
        ]);
        let s = vec2(100.0, 40.0);
        let sizes = c.roles().map(|r| (r.id, s)).collect();
        let l = layout(&c, &sizes, &LayoutParams::default());
        let rs = rects(&c, &l, s);
        for (i, (_, a)) in rs.iter().enumerate() {
            for (_, b) in &rs[i + 1..] {
                assert!(!a.intersects(*b), "{a:?} {b:?}");
            }
        }
        for r in c.roles() {
            if let Some(p) = r.primary_superior() {
                assert!(l.centers[&p].y < l.centers[&r.id].y);
            }
        }
        // Siblings keep id order left to right; parent centred over them.
        assert!(l.centers[&RoleId(4)].x < l.centers[&RoleId(5)].x);
        let mid = (l.centers[&RoleId(4)].x + l.centers[&RoleId(5)].x) / 2.0;
        assert!((l.centers[&RoleId(2)].x - mid).abs() < 0.01);
        assert_eq!(l, layout(&c, &sizes, &LayoutParams::default()));
    }

    #[test]
    fn roles_below_a_loop_stay_below_it() {
        let c = chart(&[(1, &[3]), (2, &[3]), (3, &[2])]);
        let l = layout(&c, &BTreeMap::new(), &LayoutParams::default());
        assert!(
            l.centers[&RoleId(1)].y > l.centers[&RoleId(3)].y,
            "{:?}",
            l.centers
        );
    }

    #[test]
    fn loops_and_manual_positions_still_place_every_role() {
        let mut c = chart(&[(1, &[2]), (2, &[1]), (3, &[3])]);
        c.role_mut(RoleId(3)).unwrap().position = Some([500.0, 7.0]);
        let l = layout(&c, &BTreeMap::new(), &LayoutParams::default());
        assert_eq!(l.centers.len(), 3);
        assert_eq!(l.centers[&RoleId(3)], pos2(500.0, 7.0));
    }
}
