//! A role folded: its subtree leaves the layout. Only the fold's own node and its
//! ancestors are placed again, and only the rows the hidden cards leave are measured
//! again, so on a large chart a fold costs what an edit costs, not a layout from
//! scratch. (Unfolding brings back a whole subtree, which the layout makes afresh.)

use super::{Live, Moved};
use crate::layout::tidy::NONE;
use crate::model::Chart;

impl Live {
    /// Role `i` was folded in `chart` (the chart as it is now; nothing else changed
    /// since the last call). Takes the roles below it out of the layout, and moves the
    /// cards that this moves. Returns them, or None when the chart is best laid out
    /// afresh: it was unfolded, it is hidden or hangs in a block, a compact superior's
    /// leaves change in number, or as for [`Live::superiors_changed`].
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
