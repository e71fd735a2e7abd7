//! Edits that change the tree's shape: a role moved under another superior, a role
//! added, the last role taken away. Subtrees keep their numbers (see the scattered
//! nodes of `tidy::Tree`); the nodes whose children changed, and their ancestors, are
//! placed again; siblings are sorted again where the matrix rule can sort them
//! differently now.

use emath::Vec2;

use super::{Live, Moved};
use crate::layout::plan::OtherLine;
use crate::layout::tidy::NONE;
use crate::model::{Chart, RoleId, UNKNOWN};

impl Live {
    /// Role `i`'s superiors changed in `chart` (the chart as it is now; nothing else
    /// changed since the last call). Moves the role and its subtree under its new
    /// primary superior, sorts again the siblings whose order the matrix rule may have
    /// changed (see `Plan::new`), and places again only the tree nodes whose children
    /// changed and their ancestors. Returns the cards that moved, or None when the
    /// chart is best laid out afresh: hanger blocks, loops of primary lines, or a role
    /// that is or becomes hidden by a fold (this `Live` then no longer matches its
    /// chart).
    pub fn superiors_changed(&mut self, chart: &Chart, i: usize) -> Option<Moved> {
        self.move_under(chart, i, true)
    }

    /// [`Live::superiors_changed`]; `in_levels`: the role's card is in its row's list
    /// of cards (not yet for a role just added).
    fn move_under(&mut self, chart: &Chart, i: usize, in_levels: bool) -> Option<Moved> {
        let n = self.layout.len();
        if i >= n || chart.len() != n || self.loops || !self.geoms.is_empty() {
            return None;
        }
        if !self.layout.visible[i] {
            return None;
        }
        let listed = self.listed(chart, i as u32)?;
        // A role added later may take an id listed here and unknown so far.
        self.unknown |= listed.contains(&UNKNOWN);
        let old = self.layout.parent[i];
        let prim = self.new_parent(chart, i, &listed, old)?;
        // The subtree changes rows if it changes level. (Roles a fold hides in it
        // would too, and they are not in the tree: afresh.)
        let sn = self.node[i];
        let level = if prim == NONE {
            0
        } else {
            self.layout.depth[prim as usize] + 1
        };
        let mut subtree = Vec::new();
        let mut stack = vec![sn];
        while let Some(k) = stack.pop() {
            subtree.push(k);
            stack.extend(self.tree.kids_of(k).iter().rev());
            let v = self.layout.nodes[k as usize] as usize;
            if level != self.layout.depth[i] && self.layout.hidden_below[v] > 0 {
                return None;
            }
        }
        // Its cards leave their rows' lists, to come back in the rows it goes to.
        let blocks = self.take_from_levels(&subtree, in_levels)?;

        // Its lines other than the tree edge, where `Plan` lists them.
        let lines: Vec<OtherLine> = listed
            .iter()
            .enumerate()
            .filter(|&(k, &q)| q != UNKNOWN && q as usize != i && !(k == 0 && q == prim))
            .map(|(k, &q)| OtherLine {
                subordinate: i as u32,
                superior: q,
                nth: k as u32,
                of: listed.len() as u32,
            })
            .collect();
        self.matrix[i] = lines.len() as u32;
        let others = &mut self.layout.others;
        let from = others.partition_point(|o| (o.subordinate as usize) < i);
        let to = others.partition_point(|o| (o.subordinate as usize) <= i);
        others.splice(from..to, lines);
        self.layout.parent[i] = prim;

        // Parents whose children may be in a new order: the old and new one; those of
        // roles that list `i` as a superior (it is no longer their sibling, or their
        // parent's); and those of roles whose own or parent's rank among siblings
        // changed (`i`'s, and the old and new parent's children).
        let node_of = |v: u32| if v == NONE { 0 } else { self.node[v as usize] };
        let (pn, qn) = (node_of(old), node_of(prim));
        let mut sort = vec![old, prim];
        sort.extend(
            self.layout
                .others
                .iter()
                .filter(|o| o.superior as usize == i)
                .map(|o| self.layout.parent[o.subordinate as usize]),
        );
        let has_matrix_kids = |k: u32| {
            self.tree
                .kids_of(k)
                .iter()
                .any(|&c| self.matrix[self.layout.nodes[c as usize] as usize] > 0)
        };
        for &k in [sn]
            .iter()
            .chain(self.tree.kids_of(pn))
            .chain(self.tree.kids_of(qn))
        {
            if has_matrix_kids(k) {
                sort.push(self.layout.nodes[k as usize]);
            }
        }
        sort.sort_unstable();
        sort.dedup();
        // Only shown, unfolded roles have children in the tree.
        let sort: Vec<(u32, u32)> = sort
            .into_iter()
            .map(|v| (v, node_of(v)))
            .filter(|&(_, k)| k != NONE)
            .collect();

        // Where the runs of `order` start that the new order is made of, before the
        // tree changes: every child of a node on the paths from those parents to the
        // root (nodes elsewhere keep their runs).
        let mut path = Vec::new();
        for &(_, k) in &sort {
            let mut at = k;
            while at != NONE && !self.on_path[at as usize] {
                self.on_path[at as usize] = true;
                path.push(at);
                at = self.tree.parent(at);
            }
        }
        let mut stack = vec![(0u32, 0u32)];
        while let Some((v, mut at)) = stack.pop() {
            for &c in self.tree.kids_of(v) {
                self.at[c as usize] = at;
                if self.on_path[c as usize] {
                    stack.push((c, at + 1));
                }
                at += self.size[c as usize];
            }
        }

        self.tidy.begin(&self.tree, sort.iter().map(|&(_, k)| k));
        if pn != qn {
            let moved = self.size[sn as usize];
            self.take_child(pn, sn, moved);
            let mut with = self.tree.kids_of(qn).to_vec();
            with.push(sn);
            self.tree.set_kids(qn, &with);
            self.tree.scatter(qn);
            self.add_to_sizes(qn, moved);
        }
        // Whether siblings other than the moved role come in another order: the cards
        // of their subtrees then do too, in every row below.
        let mut resorted = false;
        for &(v, k) in &sort {
            let kids = self.sibling_order(chart, v, k)?;
            let others = |list: &[u32]| {
                list.iter()
                    .copied()
                    .filter(|&c| c != sn)
                    .collect::<Vec<_>>()
            };
            resorted |= others(&kids) != others(self.tree.kids_of(k));
            self.tree.set_kids(k, &kids);
            self.layout.children.set(k, &kids);
        }

        // `order` again: the nodes on the paths, and whole runs of the old order.
        let old_order = std::mem::take(&mut self.layout.order);
        let mut order = std::mem::take(&mut self.spare);
        order.clear();
        order.reserve(old_order.len());
        let mut stack = vec![0u32];
        while let Some(k) = stack.pop() {
            let ki = k as usize;
            if self.on_path[ki] {
                if k != 0 {
                    order.push(self.layout.nodes[ki]);
                }
                stack.extend(self.tree.kids_of(k).iter().rev());
            } else {
                let at = self.at[ki] as usize;
                order.extend_from_slice(&old_order[at..at + self.size[ki] as usize]);
            }
        }
        self.layout.order = order;
        self.spare = old_order;
        for k in path {
            self.on_path[k as usize] = false;
        }

        let mut moved = Moved::default();
        if level != self.layout.depth[i] {
            let by = i64::from(level) - i64::from(self.layout.depth[i]);
            let changed = self.change_rows(&subtree, by);
            for &k in &subtree {
                let v = self.layout.nodes[k as usize];
                self.put_in_row(k as usize, v);
                moved.push(v);
            }
            if let Some(row) = changed {
                self.put_in_rows(row, &mut moved);
            }
        }
        if old != NONE {
            self.layout.has_subordinates[old as usize] =
                !self.tree.kids_of(pn).is_empty() || self.layout.hidden_below[old as usize] > 0;
        }
        if prim != NONE {
            self.layout.has_subordinates[prim as usize] = true;
        }
        let runs = self.tidy.finish(&self.tree);
        self.move_cards(runs, &mut moved);
        if resorted {
            self.layout.levels = self.layout.levels_from_order();
        } else {
            self.put_in_levels(level as usize, blocks);
        }
        self.renumber_if_due();
        Some(moved)
    }

    /// Takes the cards of `subtree` (tree nodes in pre-order, from its root down) out
    /// of their rows' lists (but the root's when it is not `in_levels`), found where
    /// the layout has them. Returns them row by row from the root's, left to right.
    pub(super) fn take_from_levels(
        &mut self,
        subtree: &[u32],
        in_levels: bool,
    ) -> Option<Vec<Vec<u32>>> {
        let l = &mut self.layout;
        let top = l.depth[l.nodes[*subtree.first()? as usize] as usize];
        let mut blocks: Vec<Vec<u32>> = Vec::new();
        for &k in subtree {
            let v = l.nodes[k as usize];
            let r = (l.depth[v as usize] - top) as usize;
            if r >= blocks.len() {
                blocks.resize(r + 1, Vec::new());
            }
            blocks[r].push(v);
        }
        for (r, block) in blocks.iter().enumerate() {
            let block = &block[usize::from(r == 0 && !in_levels)..];
            let Some(&first) = block.first() else {
                continue;
            };
            let (centers, orientation) = (&l.centers, l.orientation);
            let across = |v: u32| super::across(centers[v as usize], orientation);
            let row = l.levels.get_mut(top as usize + r)?;
            let at = row.partition_point(|&v| across(v) < across(first));
            if row.get(at..at + block.len()) != Some(block) {
                return None;
            }
            row.drain(at..at + block.len());
        }
        Some(blocks)
    }

    /// Puts the rows of cards [`Live::take_from_levels`] took (a subtree's, no longer
    /// in any list) into the lists of rows `top` and below, where the layout has them
    /// now. (The other cards have kept their order in their rows.)
    pub(super) fn put_in_levels(&mut self, top: usize, blocks: Vec<Vec<u32>>) {
        let l = &mut self.layout;
        l.levels
            .resize(l.rows.len().max(top + blocks.len()), Vec::new());
        for (r, block) in blocks.into_iter().enumerate() {
            let Some(&first) = block.first() else {
                continue;
            };
            let (centers, orientation) = (&l.centers, l.orientation);
            let across = |v: u32| super::across(centers[v as usize], orientation);
            let row = &mut l.levels[top + r];
            let at = row.partition_point(|&v| across(v) < across(first));
            row.splice(at..at, block);
        }
        l.levels.truncate(l.rows.len());
    }

    /// Takes tree node `k`, whose subtree holds `size` roles, out of node `p`'s
    /// children (in the tree; the layout's copy is the caller's), and returns them.
    fn take_child(&mut self, p: u32, k: u32, size: u32) -> Vec<u32> {
        let without: Vec<u32> = self
            .tree
            .kids_of(p)
            .iter()
            .copied()
            .filter(|&c| c != k)
            .collect();
        self.tree.set_kids(p, &without);
        self.tree.scatter(p);
        self.add_to_sizes(p, size.wrapping_neg());
        without
    }

    /// Adds `by` (wrapping: a negative number too) to the subtree sizes of node `from`
    /// and its ancestors.
    pub(super) fn add_to_sizes(&mut self, from: u32, by: u32) {
        let mut at = from;
        while at != NONE {
            self.size[at as usize] = self.size[at as usize].wrapping_add(by);
            at = self.tree.parent(at);
        }
    }

    /// Renumbering costs about as much as sweeping the whole tree a dozen times;
    /// each scattered node, a little on every later edit: about 2√n of them balances
    /// the two (at 100,000 roles, 5-20 ms every 30 or so moves). (And lists that grew
    /// left their old space behind, and removed roles their nodes: at most as much
    /// again.)
    pub(super) fn renumber_if_due(&mut self) {
        let stored = self.tree.children().stored();
        if self.tree.scattered_count() > 2 * self.tree.len().isqrt() || stored > 2 * self.tree.len()
        {
            self.renumber();
        }
    }

    /// The role with the largest id was removed from `chart` (the chart as it is
    /// now), as undoing an addition does. Takes its card out and moves the cards this
    /// moves. Only for a card with no subordinates that no role lists as a superior,
    /// in a row that keeps other cards; None (lay out afresh) otherwise, and as for
    /// [`Live::superiors_changed`]. Its tree node is left behind, out of the tree,
    /// until the next renumbering.
    pub fn role_removed(&mut self, chart: &Chart) -> Option<Moved> {
        let n = self.layout.len();
        let i = n.checked_sub(1)?;
        let l = &self.layout;
        if chart.len() != i || chart.contains(l.id(i)) || self.loops || !self.geoms.is_empty() {
            return None;
        }
        let alone = l.visible[i]
            && l.hanger_of[i] == NONE
            && !l.has_subordinates[i]
            && !l.others.iter().any(|o| o.superior as usize == i);
        let row = l.depth[i] as usize;
        if !alone || self.cards[row] < 2 {
            return None;
        }
        let old = l.parent[i];
        let compact = |v: u32| {
            v != NONE
                && chart
                    .role(l.id(v as usize))
                    .is_some_and(|r| r.compact.unwrap_or(chart.arrangement.compact))
        };
        if compact(old) || (old != NONE && compact(l.parent[old as usize])) {
            // A compact superior's leaves change in number: a block may go.
            return None;
        }
        let in_order = l.order.iter().rposition(|&v| v as usize == i)?;
        let m = self.node[i];
        self.take_from_levels(&[m], true)?;

        // Out of the tree. It has the largest index of its siblings, so the others
        // keep their order (the matrix rule ranks siblings by index).
        let pn = if old == NONE {
            0
        } else {
            self.node[old as usize]
        };
        self.tidy.begin(&self.tree, [pn]);
        let without = self.take_child(pn, m, 1);
        self.layout.children.set(pn, &without);

        // Out of its row, and of every list.
        let down = self.down(i);
        self.cards[row] -= 1;
        let depth = self.layout.rows[row].1;
        let shallower = down == depth && self.deepest[row] == 1;
        if down == depth && !shallower {
            self.deepest[row] -= 1;
        }
        let l = &mut self.layout;
        l.order.remove(in_order);
        let from = l.others.partition_point(|o| (o.subordinate as usize) < i);
        l.others.truncate(from);
        l.index.pop();
        l.centers.pop();
        l.visible.pop();
        l.hidden_below.pop();
        l.parent.pop();
        l.hanger_of.pop();
        l.depth.pop();
        l.has_subordinates.pop();
        // The node stands for nothing now; the root for `n + blocks` (none).
        l.nodes[m as usize] = NONE;
        l.nodes[0] = i as u32;
        if old != NONE {
            l.has_subordinates[old as usize] =
                !without.is_empty() || l.hidden_below[old as usize] > 0;
        }
        self.sizes.pop();
        self.node.pop();
        self.matrix.pop();

        let mut moved = if shallower {
            self.deepen(row, None)?
        } else {
            Moved::default()
        };
        let runs = self.tidy.finish(&self.tree);
        self.move_cards(runs, &mut moved);
        self.renumber_if_due();
        Some(moved)
    }

    /// A role was added to `chart` (the chart as it is now): the role with the
    /// largest id, as the editor adds them, with a card of `size`. Lays it out where
    /// the layout from scratch would, and moves the cards that this moves. None (lay
    /// out afresh) as for [`Live::superiors_changed`], and when the new role is not
    /// the last by id.
    pub fn role_added(&mut self, chart: &Chart, size: Vec2) -> Option<Moved> {
        let n = self.layout.len();
        // A role that listed the new role's id before it existed moves too: afresh.
        if chart.len() != n + 1 || self.loops || self.unknown || !self.geoms.is_empty() {
            return None;
        }
        // What `superiors_changed` would refuse, refused before anything changes.
        let role = chart.last()?;
        let listed = self.indices(&role.superiors);
        if listed.contains(&UNKNOWN) || self.new_parent(chart, n, &listed, NONE).is_none() {
            return None;
        }
        if !self.layout.index.push(role.id) {
            return None;
        }
        // First a card of its own at the top, after the others: the last of the
        // root's children by id, and so the last in `order`. Then it moves under its
        // superiors as any role whose superiors changed.
        let m = self.tree.len() as u32;
        self.sizes.push(size);
        let l = &mut self.layout;
        l.centers.push(emath::Pos2::ZERO);
        l.visible.push(true);
        l.hidden_below.push(0);
        l.parent.push(NONE);
        l.hanger_of.push(NONE);
        l.depth.push(0);
        l.has_subordinates.push(false);
        l.order.push(n as u32);
        l.nodes.push(n as u32);
        // The root stands for `n + blocks` (there are none): one more now.
        l.nodes[0] = n as u32 + 1;
        self.node.push(m);
        self.matrix.push(0);
        self.size.push(1);
        self.size[0] += 1;
        self.on_path.push(false);
        self.at.push(0);
        let breadth = self.along(n).0;
        self.tree.push_leaf(0, breadth as f64);
        self.tidy.push_leaf(m);
        let mut top = self.layout.children.of(0).to_vec();
        top.push(m);
        self.layout.children.set(0, &top);
        self.layout.children.push_leaf();
        let l = &mut self.layout;
        if l.rows.is_empty() {
            l.rows.push((0.0, 0.0));
            self.cards.push(0);
            self.deepest.push(0);
        }
        self.cards[0] += 1;
        let grew = self.count_in_row(0, self.down(n));
        if grew {
            // Taller than the top row: every row below moves (rarely for long: the
            // role goes on down to its own row).
            self.stack_rows(0);
            self.put_in_rows(0, &mut Moved::default());
        }
        self.put_in_row(m as usize, n as u32);
        let mut moved = self.move_under(chart, n, false)?;
        if grew {
            moved.all();
        }
        Some(moved)
    }

    /// The parent that role `i` (its superiors `listed`, its parent `old`) goes
    /// under, or None when the chart is best laid out afresh: it would go under a
    /// hidden or folded role, or under itself (a loop), or a compact superior's
    /// leaves change in number (a hanger block may form).
    fn new_parent(&self, chart: &Chart, i: usize, listed: &[u32], old: u32) -> Option<u32> {
        let prim = match listed.first() {
            Some(&p) if p != UNKNOWN && p as usize != i => p,
            _ => NONE,
        };
        if prim != NONE {
            let folded = chart.role(self.layout.id(prim as usize))?.collapsed;
            if folded || !self.layout.visible[prim as usize] {
                return None;
            }
            let mut at = prim;
            while at != NONE {
                if at as usize == i {
                    return None;
                }
                at = self.layout.parent[at as usize];
            }
        }
        let compact = |v: u32| {
            v != NONE
                && chart
                    .role(self.layout.id(v as usize))
                    .is_some_and(|r| r.compact.unwrap_or(chart.arrangement.compact))
        };
        let grand = |v: u32| {
            if v == NONE {
                NONE
            } else {
                self.layout.parent[v as usize]
            }
        };
        if compact(prim) || compact(grand(prim)) || compact(grand(old)) {
            return None;
        }
        Some(prim)
    }

    /// Role `v`'s superiors as indices (`UNKNOWN` for ids not in the chart).
    fn listed(&self, chart: &Chart, v: u32) -> Option<Vec<u32>> {
        let role = chart.role(self.layout.id(v as usize))?;
        Some(self.indices(&role.superiors))
    }

    /// Role ids as indices, `UNKNOWN` for ids no role has (as `Superiors` maps them).
    fn indices(&self, ids: &[RoleId]) -> Vec<u32> {
        let index = &self.layout.index;
        ids.iter()
            .map(|&s| index.get(s).map_or(UNKNOWN, |j| j as u32))
            .collect()
    }

    /// The children of role `p` (NONE: the top roles), tree node `k`, in the order
    /// `Plan::new` gives them: by id, unless the matrix rule moves one.
    pub(super) fn sibling_order(&self, chart: &Chart, p: u32, k: u32) -> Option<Vec<u32>> {
        let nodes = &self.layout.nodes;
        let parent = &self.layout.parent;
        let mut kids = self.tree.kids_of(k).to_vec();
        kids.sort_unstable_by_key(|&c| nodes[c as usize]);
        if p == NONE {
            // Top roles have no parent, so the rule does not apply.
            return Some(kids);
        }
        // A role's rank: its place among its parent's children by id.
        let rank = |q: u32| -> f32 {
            let pq = parent[q as usize];
            let siblings = self.tree.kids_of(if pq == NONE {
                0
            } else {
                self.node[pq as usize]
            });
            siblings.iter().filter(|&&c| nodes[c as usize] < q).count() as f32
        };
        let mut key: Vec<f32> = (0..kids.len()).map(|r| r as f32).collect();
        for (j, &c) in kids.iter().enumerate() {
            let x = nodes[c as usize];
            if self.matrix[x as usize] == 0 {
                continue;
            }
            let listed = self.listed(chart, x)?;
            if listed.len() < 2 {
                continue;
            }
            let sups = || listed.iter().copied().filter(|&q| q != UNKNOWN);
            let (sum, count) = sups()
                .filter(|&q| q != x && parent[q as usize] == p)
                .fold((0.0, 0), |(s, c), q| (s + rank(q), c + 1));
            if count > 0 {
                key[j] = sum / count as f32 + 0.25;
            } else if let Some(q) =
                sups().find(|&q| q != p && q != x && parent[q as usize] == parent[p as usize])
            {
                key[j] = if rank(q) > rank(p) { f32::MAX } else { -1.0 };
            }
        }
        let mut by_key: Vec<(f32, u32)> = key.into_iter().zip(kids).collect();
        by_key.sort_by(|a, b| a.0.total_cmp(&b.0));
        Some(by_key.into_iter().map(|(_, c)| c).collect())
    }

    /// These tree nodes' roles move `by` rows. Keeps the rows' counts and sizes, adds
    /// and drops rows at the bottom, and measures again a row whose deepest card left;
    /// returns the first row that starts or ends elsewhere now, if any.
    fn change_rows(&mut self, subtree: &[u32], by: i64) -> Option<usize> {
        let old_rows = self.layout.rows.clone();
        self.leave_rows(subtree);
        for &k in subtree {
            let v = self.layout.nodes[k as usize] as usize;
            let r = (i64::from(self.layout.depth[v]) + by) as usize;
            self.layout.depth[v] = r as u32;
            if r >= self.layout.rows.len() {
                self.layout.rows.resize(r + 1, (0.0, 0.0));
                self.cards.resize(r + 1, 0);
                self.deepest.resize(r + 1, 0);
            }
            self.cards[r] += 1;
            self.count_in_row(r, self.down(v));
        }
        self.settle_rows(&old_rows)
    }

    /// These tree nodes' roles no longer count in their rows.
    pub(super) fn leave_rows(&mut self, nodes: &[u32]) {
        for &k in nodes {
            let v = self.layout.nodes[k as usize] as usize;
            let r = self.layout.depth[v] as usize;
            self.cards[r] -= 1;
            self.deepest[r] -= u32::from(self.down(v) == self.layout.rows[r].1);
        }
    }

    /// After cards left rows or came into them: drops the rows left empty at the
    /// bottom, measures again the rows whose deepest card left (as deep as the deepest
    /// visible card left in them), and stacks the rows again. Returns the first row
    /// that starts or ends elsewhere than in `old_rows`, if any.
    pub(super) fn settle_rows(&mut self, old_rows: &[(f32, f32)]) -> Option<usize> {
        while self.cards.last() == Some(&0) {
            self.cards.pop();
            self.deepest.pop();
            self.layout.rows.pop();
        }
        let lost: Vec<bool> = self.deepest.iter().map(|&d| d == 0).collect();
        if lost.contains(&true) {
            for (r, row) in self.layout.rows.iter_mut().enumerate() {
                if lost[r] {
                    row.1 = 0.0;
                }
            }
            for v in 0..self.layout.len() {
                let l = &self.layout;
                let r = l.depth[v] as usize;
                if l.visible[v] && l.hanger_of[v] == NONE && lost.get(r) == Some(&true) {
                    self.count_in_row(r, self.down(v));
                }
            }
        }
        self.stack_rows(0);
        let rows = &self.layout.rows;
        (0..rows.len()).find(|&r| old_rows.get(r) != Some(&rows[r]))
    }
}
