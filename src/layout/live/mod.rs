//! A layout kept up to date edit by edit. Laying out 100,000 roles from scratch takes
//! milliseconds; after one card changes size, only that card's ancestors are placed
//! again (see [`super::tidy::Tidy::begin`]) and only the cards that move are touched.
//! The result is the layout from scratch, to the bit: the tests compare the two.

use emath::{Vec2, pos2};

mod fold;
mod structure;

use super::tidy::{NONE, Tidy, Tree};
use super::{BlockGeom, Kept, Layout, LayoutParams, Plan, arrange_keeping};
use crate::model::Orientation;

/// The cards an edit moved: a list, or all of them when most moved (one edit often
/// moves almost every card a little, as parents centre over their subordinates; a
/// list of 100,000 roles would cost a fifth of the edit's time).
#[derive(Clone, Debug, Default)]
pub struct Moved {
    roles: Vec<u32>,
    all: bool,
}

impl Moved {
    /// Whether role `v`'s card may have moved.
    pub fn contains(&self, v: u32) -> bool {
        self.all || self.roles.contains(&v)
    }

    /// The roles whose cards moved (one may be listed twice), or None: all may have.
    pub fn roles(&self) -> Option<&[u32]> {
        (!self.all).then_some(&self.roles)
    }

    fn push(&mut self, v: u32) {
        if !self.all {
            self.roles.push(v);
        }
    }

    fn all(&mut self) {
        self.all = true;
        self.roles = Vec::new();
    }
}

/// A [`Layout`] with what it takes to redo part of it.
pub struct Live {
    layout: Layout,
    sizes: Vec<Vec2>,
    tree: Tree,
    tidy: Tidy,
    geoms: Vec<BlockGeom>,
    /// The tree node of each role (index) and hanger block (`n + block`), or NONE.
    node: Vec<u32>,
    /// For each row, how many of its cards are as deep as the row is, and how many
    /// cards it has (cards in hanger blocks are not counted).
    deepest: Vec<u32>,
    cards: Vec<u32>,
    /// How many roles each tree node's subtree holds: its run's length in `order`.
    size: Vec<u32>,
    /// For each role, how many of its lines are not tree edges (see `Plan::others`):
    /// only such a role can be sorted out of id order among its siblings.
    matrix: Vec<u32>,
    /// The plan broke a loop of primary lines.
    loops: bool,
    /// Some role lists a superior id that no role has.
    unknown: bool,
    /// Scratch, one per tree node, false and unset between edits.
    on_path: Vec<bool>,
    at: Vec<u32>,
    /// The `order` before the last edit that changed it, kept for its memory.
    spare: Vec<u32>,
}

/// A centre's place across the tree.
fn across(p: emath::Pos2, orientation: Orientation) -> f32 {
    match orientation {
        Orientation::TopDown => p.x,
        Orientation::LeftRight => p.y,
    }
}

impl Live {
    /// Lays out `plan` (see [`super::arrange`]), keeping what later edits need.
    pub fn new(
        plan: Plan,
        orientation: Orientation,
        sizes: Vec<Vec2>,
        params: &LayoutParams,
    ) -> Self {
        let (loops, unknown) = (plan.loops, plan.unknown);
        let (layout, kept) = arrange_keeping(plan, orientation, &sizes, params, true);
        let Some(Kept { tree, tidy, geoms }) = kept else {
            unreachable!("arrange keeps its state when asked to")
        };
        let mut node = vec![NONE; layout.len() + geoms.len()];
        for (k, &v) in layout.nodes.iter().enumerate() {
            if let Some(slot) = node.get_mut(v as usize) {
                *slot = k as u32;
            }
        }
        let n = layout.len();
        let m = tree.len();
        let mut size = vec![0u32; m];
        for k in (0..m).rev() {
            let v = layout.nodes[k] as usize;
            let own = if v < n {
                1
            } else {
                layout
                    .hangers
                    .get(v - n)
                    .map_or(0, |h| h.members.len() as u32)
            };
            size[k] = own
                + layout
                    .kids(k)
                    .iter()
                    .map(|&c| size[c as usize])
                    .sum::<u32>();
        }
        let mut matrix = vec![0u32; n];
        for o in &layout.others {
            matrix[o.subordinate as usize] += 1;
        }
        let mut live = Self {
            deepest: vec![0; layout.rows.len()],
            cards: vec![0; layout.rows.len()],
            layout,
            sizes,
            tree,
            tidy,
            geoms,
            node,
            size,
            matrix,
            loops,
            unknown,
            on_path: vec![false; m],
            at: vec![0; m],
            spare: Vec::new(),
        };
        for i in 0..live.layout.order.len() {
            let v = live.layout.order[i] as usize;
            if live.layout.hanger_of[v] == NONE {
                let row = live.layout.depth[v] as usize;
                live.cards[row] += 1;
                if live.down(v) == live.layout.rows[row].1 {
                    live.deepest[row] += 1;
                }
            }
        }
        live
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Each role's card size, in chart order. (A role a fold hides keeps the size it
    /// had when it was last shown: it is measured again when it shows again.)
    pub fn sizes(&self) -> &[Vec2] {
        &self.sizes
    }

    /// A role's card size (across the tree, down it).
    fn along(&self, i: usize) -> (f32, f32) {
        let s = self.sizes.get(i).copied().unwrap_or(Vec2::ZERO);
        match self.layout.orientation {
            Orientation::TopDown => (s.x, s.y),
            Orientation::LeftRight => (s.y, s.x),
        }
    }

    fn down(&self, i: usize) -> f32 {
        self.along(i).1
    }

    /// Gives role `i`'s card a new size, and moves the cards that this moves. Returns
    /// the cards that moved, or None when the chart is best laid out afresh: the edit
    /// changes how deep a row is in a chart with hanger blocks (this `Live` then no
    /// longer matches its chart).
    pub fn resize(&mut self, i: usize, size: Vec2) -> Option<Moved> {
        let n = self.layout.len();
        if i >= n {
            return None;
        }
        let old = self.along(i);
        self.sizes[i] = size;
        let new = self.along(i);
        if !self.layout.visible[i] || old == new {
            return Some(Moved::default());
        }
        let block = self.layout.hanger_of[i];
        let mut moved = Moved::default();
        let k = if block == NONE {
            let row = self.layout.depth[i] as usize;
            let depth = self.layout.rows[row].1;
            if new.1 != old.1 {
                if new.1 > depth {
                    moved = self.deepen(row, Some(new.1))?;
                } else if old.1 == depth && self.deepest[row] == 1 {
                    moved = self.deepen(row, None)?;
                } else {
                    self.deepest[row] -= u32::from(old.1 == depth);
                    self.deepest[row] += u32::from(new.1 == depth);
                }
            }
            if new.0 == old.0 {
                // As wide as before: it stays where it was across the tree.
                return Some(moved);
            }
            let k = self.node[i];
            self.tidy.begin(&self.tree, [self.tree.parent(k)]);
            self.tree.breadth[k as usize] = new.0 as f64;
            k
        } else {
            let h = block as usize;
            let hanger = &self.layout.hangers[h];
            let params = &self.layout.params;
            let geom = BlockGeom::new(
                &hanger.members,
                hanger.members.len().div_ceil(2),
                |m| self.along(m),
                params,
            );
            let top = self.layout.rows[self.layout.depth[hanger.parent as usize] as usize + 1].0;
            let bottom = (top + geom.depth + params.level_gap) as f64;
            let k = self.node[n + h];
            if geom.breadth != self.geoms[h].breadth || bottom != self.tree.bottom[k as usize] {
                self.tidy.begin(&self.tree, [self.tree.parent(k)]);
                self.tree.breadth[k as usize] = geom.breadth as f64;
                self.tree.bottom[k as usize] = bottom;
            }
            self.geoms[h] = geom;
            k
        };
        let mut runs = self.tidy.finish(&self.tree);
        if block != NONE && !runs.iter().any(|r| r.contains(&k)) {
            // The block stays where it was, but its cards are laid out anew.
            runs.push(k..k + 1);
        }
        self.move_cards(runs, &mut moved);
        Some(moved)
    }

    /// Puts the cards of these runs of tree nodes where the tidy layout now has them;
    /// adds the roles it moved to `moved`.
    fn move_cards(&mut self, runs: Vec<std::ops::Range<u32>>, moved: &mut Moved) {
        let n = self.layout.len();
        let l = &mut self.layout;
        let count: usize = runs.iter().map(|r| r.len()).sum();
        if count > self.tree.len() / 4 {
            moved.all();
        } else {
            moved.roles.reserve(count);
        }
        for k in runs.into_iter().flatten() {
            let x = self.tidy.x(k) as f32;
            let v = l.nodes[k as usize] as usize;
            if v < n {
                // Only across the tree: the rows have not moved.
                match l.orientation {
                    Orientation::TopDown => l.centers[v].x = x,
                    Orientation::LeftRight => l.centers[v].y = x,
                }
                moved.push(v as u32);
            } else if let Some(geom) = self.geoms.get(v - n) {
                let hanger = &mut l.hangers[v - n];
                hanger.trunk = x;
                let top = l.rows[l.depth[hanger.parent as usize] as usize + 1].0;
                let (centers, orientation) = (&mut l.centers, l.orientation);
                geom.hang(&hanger.members, x, top, &l.params, |m, a, d| {
                    centers[m as usize] = match orientation {
                        Orientation::TopDown => pos2(a, d),
                        Orientation::LeftRight => pos2(d, a),
                    };
                    moved.push(m);
                });
            }
        }
    }
    /// Row `row` has a new deepest card (`deepest`, or None: the one it had is no
    /// longer): it and every row below move down or up, and the cards in them. The
    /// tidy layout across the tree stays, because it only compares bottoms, and rows
    /// keep their order. Hanger blocks reach down across rows, so with them the order
    /// can change: None (lay out afresh).
    fn deepen(&mut self, row: usize, deepest: Option<f32>) -> Option<Moved> {
        if !self.geoms.is_empty() {
            return None;
        }
        // As the layout from scratch measures rows, and adds them up.
        let (depth, count) = match deepest {
            Some(depth) => (depth, 1),
            None => {
                let l = &self.layout;
                let in_row = || {
                    l.order
                        .iter()
                        .map(|&v| v as usize)
                        .filter(|&v| l.depth[v] as usize == row)
                };
                let depth = in_row().map(|v| self.down(v)).fold(0.0, f32::max);
                let count = in_row().filter(|&v| self.down(v) == depth).count();
                (depth, count as u32)
            }
        };
        self.deepest[row] = count;
        self.layout.rows[row].1 = depth;
        self.stack_rows(row);
        let mut moved = Moved::default();
        self.put_in_rows(row, &mut moved);
        Some(moved)
    }

    /// Each row from `from + 1` down starts where the one above it ends, plus the gap
    /// (as the layout from scratch adds them up).
    fn stack_rows(&mut self, from: usize) {
        let gap = self.layout.params.level_gap;
        let rows = &mut self.layout.rows;
        for d in from + 1..rows.len() {
            rows[d].0 = rows[d - 1].0 + rows[d - 1].1 + gap;
        }
    }

    /// Counts a card `down` deep in row `r`: the row gets as deep as it (then true),
    /// or it is one more card as deep as the row.
    pub(super) fn count_in_row(&mut self, r: usize, down: f32) -> bool {
        let row = &mut self.layout.rows[r];
        if down > row.1 {
            row.1 = down;
            self.deepest[r] = 1;
            true
        } else {
            self.deepest[r] += u32::from(down == row.1);
            false
        }
    }

    /// Puts the cards of rows `from` and below where their rows are now (down the
    /// tree), and their tree nodes' bottoms with them.
    fn put_in_rows(&mut self, from: usize, moved: &mut Moved) {
        let l = &mut self.layout;
        let gap = l.params.level_gap;
        // Without blocks, the tree's nodes are the root and the visible roles.
        for (k, &v) in l.nodes.iter().enumerate() {
            let Some(&d) = l.depth.get(v as usize) else {
                continue;
            };
            if (d as usize) < from {
                continue;
            }
            let (top, size) = l.rows[d as usize];
            self.tree.bottom[k] = (top + size + gap) as f64;
            let c = &mut l.centers[v as usize];
            match l.orientation {
                Orientation::TopDown => c.y = top + size / 2.0,
                Orientation::LeftRight => c.x = top + size / 2.0,
            }
            moved.push(v);
        }
    }

    /// Puts role `v` (tree node `k`) where its row is.
    fn put_in_row(&mut self, k: usize, v: u32) {
        let l = &mut self.layout;
        let (top, size) = l.rows[l.depth[v as usize] as usize];
        self.tree.bottom[k] = (top + size + l.params.level_gap) as f64;
        let c = &mut l.centers[v as usize];
        match l.orientation {
            Orientation::TopDown => c.y = top + size / 2.0,
            Orientation::LeftRight => c.x = top + size / 2.0,
        }
    }

    /// Numbers the tree in pre-order again, so that subtrees are runs of numbers
    /// again (see [`Tree::renumbered`]).
    fn renumber(&mut self) {
        let (tree, old_of, new_of) = self.tree.renumbered();
        self.tidy.renumber(&old_of, &new_of);
        let l = &mut self.layout;
        l.nodes = old_of.iter().map(|&v| l.nodes[v as usize]).collect();
        l.children = tree.children().clone();
        self.size = old_of.iter().map(|&v| self.size[v as usize]).collect();
        for k in &mut self.node {
            if *k != NONE {
                *k = new_of[*k as usize];
            }
        }
        self.tree = tree;
    }
}
