//! Layout properties on the example chart, the real CSV data sets, generated charts and
//! random charts: no overlaps, superiors above (or left of) their subordinates,
//! siblings in order, deterministic, and routed lines that stay clear of cards.

use std::path::Path;

use emath::{Pos2, Rect, Vec2, pos2, vec2};
use orgchart::edit as ops;
use orgchart::io::csv_import::{CsvColumns, import_csv};
use orgchart::layout::{self, Layout, LayoutParams};
use orgchart::model::{Chart, LineKind, Orientation, Role, RoleId};
use proptest::prelude::*;

fn sizes(chart: &Chart) -> Vec<Vec2> {
    chart
        .roles()
        .map(|r| vec2(176.0, 40.0 + (r.title.chars().count() % 4) as f32 * 17.0))
        .collect()
}

/// A layout kept up to date for `chart` with these card sizes.
fn live_for(chart: &Chart, sizes: &[Vec2]) -> layout::Live {
    layout::Live::new(
        layout::Plan::new(chart),
        chart.arrangement.orientation,
        sizes.to_vec(),
        &LayoutParams::default(),
    )
}

fn rects(l: &Layout, sizes: &[Vec2]) -> Vec<Rect> {
    l.centers
        .iter()
        .zip(sizes)
        .map(|(&c, &s)| Rect::from_center_size(c, s))
        .collect()
}

/// Checks every property; returns the layout for further checks.
fn check(chart: &Chart, check_routes: bool) -> Layout {
    let sizes = sizes(chart);
    let l = layout::layout(chart, &sizes, &LayoutParams::default());
    assert_eq!(
        l,
        layout::layout(chart, &sizes, &LayoutParams::default()),
        "deterministic"
    );
    let rs = rects(&l, &sizes);
    let shown: Vec<usize> = (0..chart.len()).filter(|&i| l.visible[i]).collect();
    let top_down = chart.arrangement.orientation == Orientation::TopDown;

    // No overlaps: sweep along x.
    let mut by_x: Vec<usize> = shown.clone();
    by_x.sort_by(|&a, &b| rs[a].min.x.total_cmp(&rs[b].min.x));
    for (k, &a) in by_x.iter().enumerate() {
        for &b in by_x[k + 1..]
            .iter()
            .take_while(|&&b| rs[b].min.x < rs[a].max.x)
        {
            assert!(
                !rs[a].shrink(0.01).intersects(rs[b].shrink(0.01)),
                "cards {} and {} overlap: {:?} {:?}",
                l.id(a),
                l.id(b),
                rs[a],
                rs[b]
            );
        }
    }

    let ids: Vec<RoleId> = chart.roles().map(|r| r.id).collect();
    let roles: Vec<&Role> = chart.roles().collect();
    for &i in &shown {
        let p = l.parent[i];
        if p == u32::MAX {
            continue;
        }
        let (pr, cr) = (rs[p as usize], rs[i]);
        // Superiors above (or left of) their subordinates.
        if top_down {
            assert!(
                pr.max.y <= cr.min.y + 0.01,
                "{} not above {}",
                ids[p as usize],
                ids[i]
            );
        } else {
            assert!(
                pr.max.x <= cr.min.x + 0.01,
                "{} not left of {}",
                ids[p as usize],
                ids[i]
            );
        }
    }
    // Siblings keep their order (matrix roles may move towards their other superior;
    // hanger cards are stacked, not in a row).
    let along = |r: Rect| if top_down { r.center().x } else { r.center().y };
    let mut last: std::collections::BTreeMap<u32, (usize, f32)> = Default::default();
    for &i in &shown {
        if roles[i].superiors.len() > 1 || l.hanger_of[i] != u32::MAX || l.parent[i] == u32::MAX {
            continue;
        }
        let at = along(rs[i]);
        if let Some(&(prev, prev_at)) = last.get(&l.parent[i]) {
            assert!(
                prev_at < at,
                "sibling {} is not after {}",
                ids[i],
                ids[prev]
            );
        }
        last.insert(l.parent[i], (i, at));
    }

    assert_lines_clear(&l, &rs, check_routes);
    l
}

/// Every line is orthogonal, and (with `check_routes`) routed lines keep clear of
/// cards other than their ends, drawn at `rs`.
fn assert_lines_clear(l: &Layout, rs: &[Rect], check_routes: bool) {
    let shown: Vec<usize> = (0..l.len()).filter(|&i| l.visible[i]).collect();
    let ids: Vec<RoleId> = (0..l.len()).map(|i| l.id(i)).collect();
    let routes = l.routes(rs, &l.displaced(rs));
    for route in &routes.lines {
        let pts = routes.points(route);
        assert!(pts.len() >= 2);
        for w in pts.windows(2) {
            let (a, b): (Pos2, Pos2) = (w[0], w[1]);
            assert!(
                (a.x - b.x).abs() < 0.01 || (a.y - b.y).abs() < 0.01,
                "{pts:?}"
            );
        }
        if !check_routes
            || route.subordinate == u32::MAX
            || l.parent[route.subordinate as usize] == route.superior
                && route.kind == LineKind::Primary
        {
            continue;
        }
        for w in pts.windows(2) {
            let seg = Rect::from_two_pos(w[0], w[1]);
            for &k in &shown {
                if k as u32 == route.superior || k as u32 == route.subordinate {
                    continue;
                }
                assert!(
                    !rs[k].shrink(1.0).intersects(seg),
                    "line {} → {} crosses {}: {pts:?} {:?}",
                    ids[route.superior as usize],
                    ids[route.subordinate as usize],
                    ids[k],
                    rs[k]
                );
            }
        }
    }
}

/// Lines routed around cards find them by the layout's rows, kept up to date by
/// `Live`, and by the list of cards drawn elsewhere: after moves that make long matrix
/// lines, and with cards put by hand where those lines ran, they still keep clear.
#[test]
fn matrix_lines_keep_clear_after_moves_and_of_cards_placed_by_hand() {
    for orientation in [Orientation::TopDown, Orientation::LeftRight] {
        lines_keep_clear_after_moves(orientation);
    }
    // Cards stacked in hanger blocks are displaced too: lines find them by that list.
    let mut compact = orgchart::generate::synthetic(400, 2);
    compact.arrangement.compact = true;
    let sizes = self::sizes(&compact);
    let l = layout::layout(&compact, &sizes, &LayoutParams::default());
    let members: usize = l.hangers.iter().map(|h| h.members.len()).sum();
    assert!(members > 0);
    assert_eq!(l.displaced(&rects(&l, &sizes)).len(), members);
}

fn lines_keep_clear_after_moves(orientation: Orientation) {
    let mut chart = orgchart::generate::synthetic(600, 3);
    chart.arrangement.orientation = orientation;
    // (across, down) of a point, and back.
    let along = |p: Pos2| match orientation {
        Orientation::TopDown => (p.x, p.y),
        Orientation::LeftRight => (p.y, p.x),
    };
    let point = |a: f32, d: f32| match orientation {
        Orientation::TopDown => pos2(a, d),
        Orientation::LeftRight => pos2(d, a),
    };
    let mut sizes = sizes(&chart);
    let mut live = live_for(&chart, &sizes);
    for k in 0..40usize {
        if let Some(change) = apply_move(&mut chart, (k * 7919 + 11, k * 104_729 + 5, 0)) {
            follow_change(&mut live, &chart, &mut sizes, change);
        }
    }
    let l = live.layout();
    let mut rs = rects(l, &sizes);
    assert!(
        l.displaced(&rs).is_empty(),
        "cards where the layout puts them"
    );
    assert_lines_clear(l, &rs, true);
    // The runs down the tree of lines that go round cards: a card put by hand in the
    // middle of each (at most 8) makes the line find another column.
    let routes = l.routes(&rs, &[]);
    let mut put = Vec::new();
    let mut blocked = Vec::new();
    for (j, route) in routes.lines.iter().enumerate() {
        if route.kind != LineKind::Secondary {
            continue;
        }
        let pts = routes.points(route);
        let Some((col, lo, hi)) = pts.windows(2).find_map(|w| {
            let ((a0, d0), (a1, d1)) = (along(w[0]), along(w[1]));
            ((a0 - a1).abs() < 0.01 && (d0 - d1).abs() > 2.5 * 64.0).then_some((
                a0,
                d0.min(d1),
                d0.max(d1),
            ))
        }) else {
            continue;
        };
        // A row the run crosses from its channel above to the one below.
        let ends = [route.superior as usize, route.subordinate as usize];
        let in_row = |t: f32, s: f32| {
            ends.iter()
                .any(|&e| (t..=t + s).contains(&along(rs[e].center()).1))
        };
        let Some(&(top, size)) = l
            .rows
            .iter()
            .find(|&&(t, s)| lo < t && t + s < hi && !in_row(t, s))
        else {
            continue;
        };
        let Some(k) =
            (0..l.len()).find(|&k| l.visible[k] && !ends.contains(&k) && !put.contains(&k))
        else {
            continue;
        };
        rs[k] = Rect::from_center_size(point(col, top + size / 2.0), sizes[k]);
        put.push(k);
        blocked.push((j, k));
        if put.len() == 8 {
            break;
        }
    }
    assert!(
        put.len() >= 3,
        "{orientation:?}: long matrix lines to block: {}",
        put.len()
    );
    let displaced = l.displaced(&rs);
    assert_eq!(displaced.len(), put.len());
    // Each blocked line goes round the card put in its way. (Other lines may now have
    // a card where they come down into their subordinate: no column helps that.)
    let again = l.routes(&rs, &displaced);
    for &(line, k) in &blocked {
        let old = &routes.lines[line];
        let new = again
            .lines
            .iter()
            .find(|r| {
                (r.superior, r.subordinate, r.kind) == (old.superior, old.subordinate, old.kind)
            })
            .expect("the line is still there");
        let pts = again.points(new);
        assert_ne!(pts, routes.points(old), "the line went elsewhere");
        for w in pts.windows(2) {
            assert!(
                !rs[k].shrink(1.0).intersects(Rect::from_two_pos(w[0], w[1])),
                "{pts:?} {:?}",
                rs[k]
            );
        }
    }
}

#[test]
fn example_chart_both_orientations_and_compact() {
    let mut chart = orgchart::example::chart();
    check(&chart, true);
    chart.arrangement.orientation = Orientation::LeftRight;
    check(&chart, true);
    chart.arrangement.compact = true;
    check(&chart, false);
    let mut big = orgchart::generate::synthetic(400, 2);
    assert!(check(&big, true).hangers.is_empty());
    big.arrangement.compact = true;
    let l = check(&big, false);
    assert!(
        !l.hangers.is_empty(),
        "compact charts stack leaves in hangers"
    );
    // Compact is narrower.
    let width = |l: &Layout| {
        let xs = l.centers.iter().map(|c| c.x);
        xs.clone().fold(f32::MIN, f32::max) - xs.fold(f32::MAX, f32::min)
    };
    big.arrangement.compact = false;
    let wide = layout::layout(&big, &sizes(&big), &LayoutParams::default());
    assert!(
        width(&l) < width(&wide),
        "{} vs {}",
        width(&l),
        width(&wide)
    );
}

#[test]
fn matrix_role_sits_between_its_sibling_superiors() {
    let chart = orgchart::example::chart();
    let sizes = sizes(&chart);
    let l = layout::layout(&chart, &sizes, &LayoutParams::default());
    let x = |t: &str| l.center(chart.find_by_title(t).unwrap().id).unwrap().x;
    assert!(x("运营主管") < x("文案策划") && x("文案策划") < x("淘宝店长"));
}

#[test]
fn csv_data_sets_and_generated_charts() {
    for name in ["d3-org-chart-org.csv", "oracle-hr-employees.csv"] {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data")
                .join(name),
        )
        .unwrap();
        let mut chart = import_csv(&text, &CsvColumns::default(), name)
            .unwrap()
            .chart;
        check(&chart, true);
        chart.arrangement.compact = true;
        check(&chart, false);
    }
    check(&orgchart::generate::synthetic(3_000, 5), true);
}

#[test]
fn collapsed_roles_hide_their_subtree_and_count_it() {
    let mut chart = orgchart::generate::synthetic(200, 3);
    let root = chart.roles().next().unwrap().id;
    let kid = chart.subordinates(root)[0];
    let below = {
        let mut n = 0;
        let mut stack = vec![kid];
        while let Some(v) = stack.pop() {
            let subs: Vec<RoleId> = chart
                .roles()
                .filter(|r| r.primary_superior() == Some(v))
                .map(|r| r.id)
                .collect();
            n += subs.len();
            stack.extend(subs);
        }
        n
    };
    chart.role_mut(kid).unwrap().collapsed = true;
    let l = check(&chart, true);
    let i = l.index.get(kid).unwrap();
    assert_eq!(l.hidden_below[i] as usize, below);
    assert_eq!(l.visible.iter().filter(|v| !**v).count(), below);
}

/// Random charts: each role's superiors are earlier roles (sometimes a later one, to
/// make loops), some collapsed or compact.
fn arb_chart() -> impl Strategy<Value = Chart> {
    (1usize..60).prop_flat_map(|n| {
        (
            proptest::collection::vec((0usize..100, 0usize..100, 0u8..10, any::<bool>()), n),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(move |(spec, lr, compact)| {
                let mut c = Chart::new("p");
                c.arrangement.orientation = if lr {
                    Orientation::LeftRight
                } else {
                    Orientation::TopDown
                };
                c.arrangement.compact = compact;
                for (i, &(a, b, flags, loopy)) in spec.iter().enumerate() {
                    let mut r = Role::new(RoleId(i as u32 + 1), "岗位".repeat(1 + a % 5));
                    if i > 0 && flags < 8 {
                        r.superiors.push(RoleId((a % i) as u32 + 1));
                        if flags == 0 && b % i != a % i {
                            r.superiors.push(RoleId((b % i) as u32 + 1));
                        }
                    } else if loopy && n > 1 {
                        r.superiors.push(RoleId((a % n) as u32 + 1));
                    }
                    r.collapsed = flags == 9 && b % 3 == 0;
                    r.compact = (flags == 7).then_some(b % 2 == 0);
                    c.insert(r);
                }
                c
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn random_charts_lay_out_tidily(chart in arb_chart()) {
        let routes = !chart.arrangement.compact && chart.roles().all(|r| r.compact != Some(true));
        check(&chart, routes);
    }
}

/// Card sizes an edit may give: narrower, wider, one line, two lines.
fn arb_resizes() -> impl Strategy<Value = Vec<(usize, u8)>> {
    proptest::collection::vec((0usize..1000, 0u8..6), 1..12)
}

fn resized(size: Vec2, how: u8) -> Vec2 {
    match how {
        0 => vec2(size.x + 30.0, size.y),
        1 => vec2((size.x - 40.0).max(20.0), size.y),
        2 => vec2(size.x, 57.0),
        3 => vec2(size.x, 91.0),
        4 => vec2(size.x + 7.5, size.y + 17.0),
        _ => size,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// After each card resized, the layout kept up to date is the layout made from
    /// scratch, to the bit; and the roles it says moved are the ones that did.
    #[test]
    fn live_layout_after_resizes_is_the_layout_from_scratch(
        mut chart in arb_chart(),
        edits in arb_resizes(),
        middle in any::<bool>(),
    ) {
        if middle {
            chart.arrangement.anchor = orgchart::model::Anchor::Middle;
        }
        let params = LayoutParams::default();
        let orientation = chart.arrangement.orientation;
        let mut sizes = sizes(&chart);
        let fresh = |sizes: &[Vec2]| {
            layout::arrange(layout::Plan::new(&chart), orientation, sizes, &params)
        };
        let mut live = live_for(&chart, &sizes);
        prop_assert_eq!(live.layout(), &fresh(&sizes));
        for (i, how) in edits {
            let i = i % sizes.len();
            sizes[i] = resized(sizes[i], how);
            let before = live.layout().centers.clone();
            match live.resize(i, sizes[i]) {
                Some(moved) => {
                    let expected = fresh(&sizes);
                    prop_assert_eq!(live.layout(), &expected);
                    for (v, (a, b)) in before.iter().zip(&expected.centers).enumerate() {
                        if expected.visible[v] && a != b {
                            prop_assert!(moved.contains(v as u32), "role {} moved unreported", v);
                        }
                    }
                }
                None => {
                    live = live_for(&chart, &sizes);
                }
            }
        }
    }
}

/// A generated chart of 2,000 roles in both orientations, plain and compact: cards
/// resized all over it, the layout kept up to date matches the layout from scratch.
#[test]
fn live_layout_of_a_generated_chart_follows_resizes() {
    let params = LayoutParams::default();
    for (orientation, compact) in [
        (Orientation::TopDown, false),
        (Orientation::LeftRight, false),
        (Orientation::TopDown, true),
        (Orientation::LeftRight, true),
    ] {
        let mut chart = orgchart::generate::synthetic(2_000, 3);
        chart.arrangement.orientation = orientation;
        chart.arrangement.compact = compact;
        let mut sizes = sizes(&chart);
        let mut live = live_for(&chart, &sizes);
        let (mut kept, mut fresh) = (0, 0);
        for k in 0..60 {
            let i = (k * 7919 + 11) % sizes.len();
            sizes[i] = resized(sizes[i], (k % 6) as u8);
            if live.resize(i, sizes[i]).is_some() {
                kept += 1;
            } else {
                fresh += 1;
                live = live_for(&chart, &sizes);
            }
            let expected = layout::arrange(layout::Plan::new(&chart), orientation, &sizes, &params);
            assert!(
                live.layout() == &expected,
                "edit {k} ({orientation:?}, compact {compact})"
            );
        }
        // Only a row changing depth in a chart with hanger blocks is laid out afresh.
        assert!(kept > 40, "{kept} kept, {fresh} fresh");
    }
}

/// Moves an edit may make: role `a` under role `b` (as its primary superior, or one
/// more secondary), `a` made a top role, a new role added under `b` (or at the top),
/// or the last role taken away (as undoing an addition does).
fn arb_moves() -> impl Strategy<Value = Vec<(usize, usize, u8)>> {
    proptest::collection::vec((0usize..1000, 0usize..1000, 0u8..8), 1..10)
}

/// What [`apply_move`] changed: role `i`'s superiors, or a role added or removed
/// (the last).
enum Change {
    Superiors(usize),
    Added,
    Removed,
    /// Folded or unfolded.
    Folded(usize),
}

/// Applies move `(a, b, how)` to `chart` if the editor would allow it.
fn apply_move(chart: &mut Chart, (a, b, how): (usize, usize, u8)) -> Option<Change> {
    let ids: Vec<RoleId> = chart.roles().map(|r| r.id).collect();
    let (role, onto) = (ids[a % ids.len()], ids[b % ids.len()]);
    let edit = match how {
        0 | 1 => ops::reparent(chart, role, onto, false).ok()?,
        2 => ops::reparent(chart, role, onto, true).ok()?,
        3 => ops::set_superiors(chart, role, Vec::new()).ok()?,
        7 => {
            // Every other time, a folded role (the first from `a` on) unfolds.
            let j = (0..ids.len())
                .map(|k| (a + k) % ids.len())
                .find(|&j| a % 2 == 0 && chart.role(ids[j]).is_some_and(|r| r.collapsed))
                .unwrap_or(a % ids.len());
            let mut r = chart.role(ids[j])?.clone();
            r.collapsed = !r.collapsed;
            orgchart::edit::Edit::Replace(r).apply(chart).ok()?;
            return Some(Change::Folded(j));
        }
        // (One role is left, for the moves after.)
        6 if ids.len() > 1 => {
            let last = chart.last()?.id;
            orgchart::edit::Edit::Remove(last).apply(chart).ok()?;
            return Some(Change::Removed);
        }
        _ => {
            let title = "新岗位".repeat(1 + a % 3);
            let (edit, _) = ops::add_subordinate(chart, (a % 5 != 0).then_some(onto), &title);
            edit.apply(chart).ok()?;
            return Some(Change::Added);
        }
    };
    edit.apply(chart).ok()?;
    Some(Change::Superiors(a % ids.len()))
}

/// After a change, the layout kept up to date must be the layout from scratch;
/// returns whether it was kept (false: it had to be made afresh).
fn follow_change(
    live: &mut layout::Live,
    chart: &Chart,
    sizes: &mut Vec<Vec2>,
    change: Change,
) -> bool {
    let params = LayoutParams::default();
    let mut before = live.layout().centers.clone();
    let result = match change {
        Change::Superiors(i) => live.superiors_changed(chart, i),
        Change::Added => {
            let size = self::sizes(chart).pop().expect("a role was added");
            sizes.push(size);
            // Nowhere it could be laid out: so it has to be reported as moved.
            before.push(emath::Pos2::new(f32::MAX, f32::MAX));
            live.role_added(chart, size)
        }
        Change::Removed => {
            sizes.pop();
            before.pop();
            live.role_removed(chart)
        }
        Change::Folded(i) => {
            let folded = chart.roles().nth(i).is_some_and(|r| r.collapsed);
            if folded {
                live.folded(chart, i)
            } else {
                let sizes = sizes.clone();
                live.unfolded(chart, i, |v, _| sizes[v])
            }
        }
    };
    let Some(moved) = result else {
        *live = live_for(chart, sizes);
        return false;
    };
    let expected = layout::layout(chart, sizes, &params);
    assert!(live.layout() == &expected, "layout kept differs");
    for (v, (a, b)) in before.iter().zip(&expected.centers).enumerate() {
        if expected.visible[v] && a != b {
            assert!(moved.contains(v as u32), "role {v} moved unreported");
        }
    }
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// After each move of a role to another superior (or to the top), and each role
    /// added, the layout kept up to date is the layout made from scratch, to the bit.
    #[test]
    fn live_layout_after_moves_is_the_layout_from_scratch(
        mut chart in arb_chart(),
        moves in arb_moves(),
        edits in arb_resizes(),
        middle in any::<bool>(),
    ) {
        if middle {
            chart.arrangement.anchor = orgchart::model::Anchor::Middle;
        }
        let params = LayoutParams::default();
        let mut sizes = sizes(&chart);
        let mut live = live_for(&chart, &sizes);
        // Moves, with card size changes between them (over a tree already moved).
        for (k, m) in moves.into_iter().enumerate() {
            if let Some(change) = apply_move(&mut chart, m) {
                follow_change(&mut live, &chart, &mut sizes, change);
            }
            if let Some(&(j, how)) = edits.get(k) {
                let j = j % sizes.len();
                sizes[j] = resized(sizes[j], how);
                if live.resize(j, sizes[j]).is_none() {
                    live = live_for(&chart, &sizes);
                }
                prop_assert!(live.layout() == &layout::layout(&chart, &sizes, &params));
            }
        }
    }
}

/// A generated chart of 2,000 roles (about 5 % with a second superior), both
/// orientations: roles moved and added all over it, the layout kept up to date
/// matches the layout from scratch, and is kept for nearly every change.
#[test]
fn live_layout_of_a_generated_chart_follows_moves() {
    use orgchart::model::Anchor;
    for (orientation, anchor) in [
        (Orientation::TopDown, Anchor::Edge),
        (Orientation::LeftRight, Anchor::Edge),
        (Orientation::TopDown, Anchor::Middle),
    ] {
        let mut chart = orgchart::generate::synthetic(2_000, 5);
        chart.arrangement.orientation = orientation;
        chart.arrangement.anchor = anchor;
        let mut sizes = sizes(&chart);
        let mut live = live_for(&chart, &sizes);
        let (mut kept, mut fresh) = (0, 0);
        for k in 0..60usize {
            let m = (k * 7919 + 11, k * 104_729 + 5, (k % 8) as u8);
            if let Some(change) = apply_move(&mut chart, m) {
                if follow_change(&mut live, &chart, &mut sizes, change) {
                    kept += 1;
                } else {
                    fresh += 1;
                }
            }
        }
        assert!(
            kept > 45,
            "{orientation:?} {anchor:?}: {kept} kept, {fresh} fresh"
        );
    }
}

/// Folds and unfolds, nested too (a team folded, then its department, then the
/// department unfolded with the team still folded, then the team), each followed by the
/// kept layout and equal to the layout from scratch.
#[test]
fn live_layout_follows_folds_and_unfolds() {
    for orientation in [Orientation::TopDown, Orientation::LeftRight] {
        let mut chart = orgchart::generate::synthetic(2_000, 6);
        chart.arrangement.orientation = orientation;
        let mut sizes = sizes(&chart);
        let mut live = live_for(&chart, &sizes);
        let ids: Vec<RoleId> = chart.roles().map(|r| r.id).collect();
        let mut toggle = |chart: &mut Chart, live: &mut layout::Live, id: RoleId| {
            let mut r = chart.role(id).unwrap().clone();
            r.collapsed = !r.collapsed;
            orgchart::edit::Edit::Replace(r).apply(chart).unwrap();
            let i = ids.iter().position(|&x| x == id).unwrap();
            assert!(
                follow_change(live, chart, &mut sizes, Change::Folded(i)),
                "{orientation:?}: the layout follows the fold of {id}"
            );
        };
        for k in 0..12 {
            let leaf = ids[(k * 7919 + 13) % ids.len()];
            let Some(team) = chart.role(leaf).and_then(|r| r.primary_superior()) else {
                continue;
            };
            let Some(department) = chart.role(team).and_then(|r| r.primary_superior()) else {
                continue;
            };
            for id in [team, department, department, team] {
                toggle(&mut chart, &mut live, id);
            }
        }
    }
}

/// Unfolding a role that stacks its own leaves (compact for it alone) brings back a
/// block the live layout does not build: it must say so, not follow it wrongly. A
/// compact flag on a leaf changes nothing, and a wide team comes back whole.
#[test]
fn live_layout_unfolds_stacked_teams_and_wide_ones_as_from_scratch() {
    let mut chart = Chart::new("p");
    chart.insert(Role::new(RoleId(1), "总经理"));
    let mut add = |id: u32, superior: u32, compact: Option<bool>| {
        let mut r = Role::new(RoleId(id), format!("岗位{id}"));
        r.superiors = vec![RoleId(superior)];
        r.compact = compact;
        chart.insert(r);
    };
    add(2, 1, Some(true)); // stacks its leaves
    add(3, 1, None); // a wide team
    for k in 0..4 {
        add(10 + k, 2, None);
    }
    for k in 0..3_000 {
        add(100 + k, 3, if k % 2 == 0 { Some(true) } else { None });
    }
    let mut sizes = sizes(&chart);
    let mut live = live_for(&chart, &sizes);
    let fixed = sizes.clone();
    let mut toggle = |chart: &mut Chart, live: &mut layout::Live, i: usize| {
        let mut r = chart.roles().nth(i).unwrap().clone();
        r.collapsed = !r.collapsed;
        orgchart::edit::Edit::Replace(r).apply(chart).unwrap();
        follow_change(live, chart, &mut sizes, Change::Folded(i))
    };
    // Folding the stacked team away, then unfolding it: the block is back.
    toggle(&mut chart, &mut live, 1);
    assert!(!toggle(&mut chart, &mut live, 1), "its block comes back");
    assert!(!live.layout().hangers.is_empty(), "in a block again");
    // So does one further down, below the role unfolded.
    toggle(&mut chart, &mut live, 0);
    assert!(live.layout().hangers.is_empty(), "folded away");
    assert!(
        !toggle(&mut chart, &mut live, 0),
        "the block below comes back"
    );
    assert!(!live.layout().hangers.is_empty(), "in a block again");
    // Without the block, the wide team folds and unfolds edit by edit.
    let mut r = chart.roles().nth(1).unwrap().clone();
    r.compact = None;
    orgchart::edit::Edit::Replace(r).apply(&mut chart).unwrap();
    live = live_for(&chart, &fixed);
    assert!(toggle(&mut chart, &mut live, 2), "the wide team folds");
    assert!(toggle(&mut chart, &mut live, 2), "and comes back");
    let l = live.layout();
    let back = (0..l.len()).filter(|&v| l.parent[v] == 2 && l.visible[v]);
    assert_eq!(back.count(), 3_000);
}

/// A role that names a superior id no role has yet: when a role is added with that
/// id, the first one moves under it too (as the layout from scratch has it).
#[test]
fn live_layout_follows_a_role_added_with_an_id_named_before() {
    let params = LayoutParams::default();
    let mut chart = Chart::new("p");
    chart.insert(Role::new(RoleId(1), "总经理"));
    let mut named = Role::new(RoleId(2), "运营总监");
    named.superiors = vec![RoleId(3)];
    chart.insert(named);
    let mut sizes = sizes(&chart);
    let mut live = live_for(&chart, &sizes);
    let (edit, id) = ops::add_subordinate(&chart, Some(RoleId(1)), "运营经理");
    assert_eq!(id, RoleId(3));
    edit.apply(&mut chart).unwrap();
    follow_change(&mut live, &chart, &mut sizes, Change::Added);
    assert!(live.layout() == &layout::layout(&chart, &sizes, &params));
    assert_eq!(live.layout().parent[1], 2, "运营总监 is under the new role");
}

#[test]
fn the_left_edge_stays_and_an_edit_on_the_right_leaves_the_left_where_it_was() {
    // The layout anchors the tree's left edge (first subordinates all the way down):
    // its last card is centred at 0. A role added at the right-hand side then moves
    // the cards right of it and above it, not every card by half the room it takes.
    let mut chart = orgchart::generate::synthetic(2_000, 5);
    let params = LayoutParams::default();
    let before = layout::layout(&chart, &sizes(&chart), &params);
    let first_down = |l: &Layout| {
        let first_child = |p: u32| l.order.iter().copied().find(|&v| l.parent[v as usize] == p);
        let mut at = first_child(u32::MAX).expect("a top role");
        while let Some(c) = first_child(at) {
            at = c;
        }
        l.centers[at as usize]
    };
    assert_eq!(first_down(&before).x, 0.0);
    let right = (0..chart.len())
        .max_by(|&a, &b| before.centers[a].x.total_cmp(&before.centers[b].x))
        .unwrap();
    let id = chart.roles().nth(right).unwrap().id;
    let (add, _) = ops::add_subordinate(&chart, Some(id), "新岗位");
    add.apply(&mut chart).unwrap();
    let after = layout::layout(&chart, &sizes(&chart), &params);
    assert_eq!(first_down(&after).x, 0.0);
    let stayed = (0..before.len())
        .filter(|&i| before.centers[i] == after.centers[i])
        .count();
    assert!(
        stayed * 2 > before.len(),
        "{stayed} of {} cards stayed",
        before.len()
    );
}
