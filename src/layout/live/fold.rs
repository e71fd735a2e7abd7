//! A role folded: its subtree leaves the layout; unfolded: it comes back, down to the
//! folds below it. Only the fold's own node, its ancestors and the nodes brought back
//! are placed again, and only the rows cards leave or enter are measured again, so on a
//! large chart a fold costs what an edit costs, and an unfold what its subtree does
//! plus one pass over the roles to find the hidden ones: not a layout from scratch.

use emath::Vec2;

use super::{Live, Moved};
use crate::layout::tidy::NONE;
use crate::model::Chart;

impl Live {
    /// Role `i` was folded in `chart` (the chart as it is now; nothing else changed
    /// since the last call). Takes the roles below it out of the layout, and moves the
    /// cards that this moves. Returns them, or None when the chart is best laid out
    /// afresh: it was unfolded (see [`Live::unfolded`]), it is hidden or hangs in a
    /// block, a compact superior's leaves change in number, or as for
    /// [`Live::superiors_changed`]. After None the kept layout may be half changed:
    /// lay out afresh.
    pub fn folded(&mut self, chart: &Chart, i: usize) -> Option<Moved> {
        let n = self.layout.len();
        if i >= n || chart.len() != n || self.loops || !self.geoms.is_empty() {
            return None;
        }
        let l = &self.layout;
        let role = chart.role(l.id(i))?;
        if !role.collapsed || !l.visible[i] || l.hanger_of[i] != NONE {
            return None;
        }
        let p = l.parent[i];
        let compact = p != NONE
            && chart
                .role(l.id(p as usize))
                .is_some_and(|r| r.compact.unwrap_or(chart.arrangement.compact));
        if compact {
            // It becomes a leaf, which a compact superior may stack in a block.
            return None;
        }
        let k = self.node[i];
        let mut subtree = Vec::new();
        let mut stack = vec![k];
        while let Some(at) = stack.pop() {
            subtree.push(at);
            stack.extend(self.tree.kids_of(at).iter().rev());
        }
        if subtree.len() == 1 {
            // Nothing below it to hide.
            return Some(Moved::default());
        }
        self.take_from_levels(&subtree, false)?;
        let at = self.layout.order.iter().position(|&v| v as usize == i)?;
        let size = self.size[k as usize];
        self.layout.order.drain(at + 1..at + size as usize);

        // Out of their rows, then hidden; a fold hides what folds below it hid.
        let old_rows = self.layout.rows.clone();
        let hidden = &subtree[1..];
        self.leave_rows(hidden);
        let mut count = 0;
        for &m in hidden {
            let l = &mut self.layout;
            let v = l.nodes[m as usize] as usize;
            count += 1 + l.hidden_below[v];
            l.visible[v] = false;
            l.hidden_below[v] = 0;
            // As a layout from scratch leaves a hidden role.
            l.centers[v] = emath::Pos2::ZERO;
            l.has_subordinates[v] = false;
            l.nodes[m as usize] = NONE;
            self.node[v] = NONE;
        }
        self.layout.hidden_below[i] = count;
        let changed = self.settle_rows(&old_rows);

        self.tidy.begin(&self.tree, [k]);
        self.tree.set_kids(k, &[]);
        self.tree.scatter(k);
        self.layout.children.set(k, &[]);
        self.add_to_sizes(k, (size - 1).wrapping_neg());
        let mut moved = Moved::default();
        if let Some(row) = changed {
            self.put_in_rows(row, &mut moved);
        }
        let runs = self.tidy.finish(&self.tree);
        self.move_cards(runs, &mut moved);
        self.layout.levels.truncate(self.layout.rows.len());
        self.renumber_if_due();
        Some(moved)
    }
}

impl Live {
    /// Role `i` was unfolded in `chart` (the chart as it is now; nothing else changed
    /// since the last call). Brings the roles below it back into the layout (down to
    /// the folds below it), with cards of `size(role, hidden)` (`hidden`: how many
    /// roles that role's own fold hides), and moves the cards that this moves. Returns
    /// them, or None when the chart is best laid out afresh: compact roles, or as for
    /// [`Live::folded`]. After None the kept layout may be half changed: lay out afresh.
    pub fn unfolded(
        &mut self,
        chart: &Chart,
        i: usize,
        mut size: impl FnMut(usize, u32) -> Vec2,
    ) -> Option<Moved> {
        let n = self.layout.len();
        if i >= n || chart.len() != n || self.loops || !self.geoms.is_empty() {
            return None;
        }
        let l = &self.layout;
        let role = chart.role(l.id(i))?;
        if role.collapsed || !l.visible[i] || l.hanger_of[i] != NONE {
            return None;
        }
        if l.hidden_below[i] == 0 {
            return Some(Moved::default());
        }
        let compact = |v: u32| {
            chart
                .role(l.id(v as usize))
                .is_some_and(|r| r.compact.unwrap_or(chart.arrangement.compact))
        };
        if chart.arrangement.compact || (l.parent[i] != NONE && compact(l.parent[i])) {
            return None;
        }
        // The hidden roles by superior (in the tree), to walk down from `i`.
        let mut below: Vec<(u32, u32)> = (0..n as u32)
            .filter(|&v| !l.visible[v as usize] && l.parent[v as usize] != NONE)
            .map(|v| (l.parent[v as usize], v))
            .collect();
        below.sort_unstable();
        let kids_of = |p: u32| {
            let from = below.partition_point(|&(q, _)| q < p);
            let to = below.partition_point(|&(q, _)| q <= p);
            below[from..to].iter().map(|&(_, v)| v)
        };
        // Shown again: down to the folds below it, whose own hidden roles are counted.
        let mut shown = vec![i as u32];
        let mut hidden = Vec::new();
        let mut at = 0;
        while let Some(&v) = shown.get(at) {
            at += 1;
            let folded = v as usize != i && chart.role(l.id(v as usize))?.collapsed;
            if folded {
                let mut count = 0u32;
                let mut stack: Vec<u32> = kids_of(v).collect();
                while let Some(w) = stack.pop() {
                    count += 1;
                    stack.extend(kids_of(w));
                }
                hidden.push((v, count));
            } else {
                let from = shown.len();
                shown.extend(kids_of(v));
                if shown.len() > from && compact(v) {
                    // Its leaves may hang in a block, which only a layout from
                    // scratch builds.
                    return None;
                }
            }
        }
        drop(below);

        // New tree nodes, parents first, each role's children in `Plan`'s order.
        let old_rows = self.layout.rows.clone();
        for &(v, count) in &hidden {
            self.layout.hidden_below[v as usize] = count;
        }
        self.layout.hidden_below[i] = 0;
        let mut internal = vec![self.node[i]];
        for &v in &shown[1..] {
            // Created apart, attached below once per parent: appending leaf by leaf
            // copies a parent's list every time, quadratic in a wide team.
            let vi = v as usize;
            let l = &mut self.layout;
            l.visible[vi] = true;
            l.has_subordinates[vi] = l.hidden_below[vi] > 0;
            let hidden_here = l.hidden_below[vi];
            self.sizes[vi] = size(vi, hidden_here);
            let pk = self.node[l.parent[vi] as usize];
            let m = self.tree.push_node(pk, self.along(vi).0 as f64);
            self.tidy.push_leaf(m);
            let l = &mut self.layout;
            l.nodes.push(v);
            l.children.push_leaf();
            l.has_subordinates[l.parent[vi] as usize] = true;
            self.node[vi] = m;
            self.size.push(1);
            self.on_path.push(false);
            self.at.push(0);
            let r = l.depth[vi] as usize;
            if r >= l.rows.len() {
                l.rows.resize(r + 1, (0.0, 0.0));
                self.cards.resize(r + 1, 0);
                self.deepest.resize(r + 1, 0);
            }
            self.cards[r] += 1;
            self.count_in_row(r, self.down(vi));
        }
        // `shown` is breadth first, so each role's children are one run of it; a
        // parent comes before its children, so `sibling_order` finds the lists it
        // reads already made.
        let mut from = 1;
        for &v in &shown {
            let k = self.node[v as usize];
            let to = from + shown[from..].partition_point(|&c| self.layout.parent[c as usize] == v);
            if to > from {
                let kids: Vec<u32> = shown[from..to]
                    .iter()
                    .map(|&c| self.node[c as usize])
                    .collect();
                self.tree.set_kids(k, &kids);
                let kids = self.sibling_order(chart, v, k)?;
                self.tree.set_kids(k, &kids);
                self.layout.children.set(k, &kids);
                self.tree.scatter(k);
                internal.push(k);
            }
            from = to;
        }
        // Subtree sizes, from the leaves up.
        for &v in shown[1..].iter().rev() {
            let k = self.node[v as usize];
            let p = self.tree.parent(k);
            self.size[p as usize] += self.size[k as usize];
        }
        let added = self.size[self.node[i] as usize] - 1;
        let pi = self.tree.parent(self.node[i]);
        self.add_to_sizes(pi, added);

        // In `order` after `i`, and in their rows' lists once they are placed.
        let mut run = Vec::with_capacity(added as usize);
        let mut stack: Vec<u32> = self
            .tree
            .kids_of(self.node[i])
            .iter()
            .rev()
            .copied()
            .collect();
        while let Some(k) = stack.pop() {
            run.push(self.layout.nodes[k as usize]);
            stack.extend(self.tree.kids_of(k).iter().rev());
        }
        let at = self.layout.order.iter().position(|&v| v as usize == i)?;
        self.layout
            .order
            .splice(at + 1..at + 1, run.iter().copied());

        let changed = self.settle_rows(&old_rows);
        let mut moved = Moved::default();
        if let Some(row) = changed {
            self.put_in_rows(row, &mut moved);
        }
        for &v in &shown[1..] {
            self.put_in_row(self.node[v as usize] as usize, v);
            moved.push(v);
        }
        self.tidy.begin(&self.tree, internal);
        let runs = self.tidy.finish(&self.tree);
        self.move_cards(runs, &mut moved);
        // Row by row, left to right (pre-order), into the rows' lists.
        let top = self.layout.depth[i] as usize + 1;
        let mut blocks: Vec<Vec<u32>> = Vec::new();
        for &v in &run {
            let r = self.layout.depth[v as usize] as usize - top;
            if r >= blocks.len() {
                blocks.resize(r + 1, Vec::new());
            }
            blocks[r].push(v);
        }
        self.put_in_levels(top, blocks);
        self.renumber_if_due();
        Some(moved)
    }
}
