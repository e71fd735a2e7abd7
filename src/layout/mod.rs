//! Automatic layout: a pure function from the chart and its card sizes to card centres,
//! and from card rectangles to the paths of the reporting lines.
//!
//! The tree is decided by primary superiors; [`tidy`] packs it as a tidy tree in rows
//! (one per level); [`route`] draws shared trunks for primary lines and routes
//! secondary (matrix) lines orthogonally between the cards.

mod live;
mod plan;
mod route;
pub mod tidy;

pub use crate::model::IdIndex;
pub use live::{Live, Moved};
pub use plan::Plan;
pub use route::{Route, Routes};

use emath::{Pos2, Rect, Vec2, pos2};

use crate::model::{Chart, Orientation, RoleId};
use tidy::NONE;

/// Spacing of the layout, in chart units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutParams {
    /// Between neighbouring cards of one row (and between subtrees).
    pub sibling_gap: f32,
    /// Between rows: the channel that lines run in.
    pub level_gap: f32,
    /// Between a hanger's trunk and its cards.
    pub hanger_indent: f32,
    /// Between cards stacked in a hanger.
    pub hanger_gap: f32,
}

impl Default for LayoutParams {
    fn default() -> Self {
        Self {
            sibling_gap: 24.0,
            level_gap: 64.0,
            hanger_indent: 22.0,
            hanger_gap: 12.0,
        }
    }
}

/// A superior's leaf subordinates stacked either side of a trunk.
#[derive(Clone, Debug, PartialEq)]
pub struct Hanger {
    /// Role index of the superior.
    pub parent: u32,
    /// The trunk's position across the tree (x top-down, y left-right).
    pub trunk: f32,
    /// Role indices: the left column top to bottom, then the right.
    pub members: Vec<u32>,
}

/// Where each role goes. Roles are addressed by index in chart (id) order.
#[derive(Clone, Debug)]
pub struct Layout {
    pub orientation: Orientation,
    pub params: LayoutParams,
    pub index: IdIndex,
    /// Card centres; meaningless for roles that are not visible.
    pub centers: Vec<Pos2>,
    pub visible: Vec<bool>,
    /// For a collapsed role, how many roles its fold hides (0 otherwise).
    pub hidden_below: Vec<u32>,
    /// Layout-tree parent (primary superior, loops broken), `u32::MAX` for top roles.
    pub parent: Vec<u32>,
    /// Hanger a role hangs in (index into `hangers`), `u32::MAX` if none.
    pub hanger_of: Vec<u32>,
    pub hangers: Vec<Hanger>,
    /// Visible roles, left to right within every row.
    pub order: Vec<u32>,
    /// Level of each role in the tree (0 for top roles).
    pub depth: Vec<u32>,
    /// Rows along the depth axis: (start, size).
    pub rows: Vec<(f32, f32)>,
    /// Each row's cards left to right: the visible roles not in hanger blocks, which
    /// the layout keeps apart in their rows (what routed lines step around, found by
    /// where the layout puts them without a pass over the chart).
    pub levels: Vec<Vec<u32>>,
    has_subordinates: Vec<bool>,
    /// The laid-out tree, numbered in pre-order (see `Plan::nodes`) until a [`Live`]
    /// edit moves a subtree, and its children lists.
    nodes: Vec<u32>,
    children: tidy::Children,
    others: Vec<plan::OtherLine>,
}

/// Layouts are equal when they place the same cards in the same places and draw the
/// same lines: the tree's numbering, which a [`Live`] edit leaves as it was, is not
/// compared, only who is whose child in which order.
impl PartialEq for Layout {
    fn eq(&self, other: &Self) -> bool {
        self.orientation == other.orientation
            && self.params == other.params
            && self.index == other.index
            && self.centers == other.centers
            && self.visible == other.visible
            && self.hidden_below == other.hidden_below
            && self.parent == other.parent
            && self.hanger_of == other.hanger_of
            && self.hangers == other.hangers
            && self.order == other.order
            && self.depth == other.depth
            && self.rows == other.rows
            && self.levels == other.levels
            && self.has_subordinates == other.has_subordinates
            && self.others == other.others
            && self.tree_by_key() == other.tree_by_key()
    }
}

/// Lays out `chart`; `sizes` are card sizes in chart order (as `Chart::roles` yields).
/// Stored positions (`Role::position`) are not applied here: the caller decides where a
/// card is drawn, and passes those rectangles to [`Layout::routes`].
pub fn layout(chart: &Chart, sizes: &[Vec2], params: &LayoutParams) -> Layout {
    arrange(
        Plan::new(chart),
        chart.arrangement.orientation,
        sizes,
        params,
    )
}

/// The geometric part of [`layout`], for a plan made earlier (the benchmark times it).
pub fn arrange(
    plan: Plan,
    orientation: Orientation,
    sizes: &[Vec2],
    params: &LayoutParams,
) -> Layout {
    arrange_keeping(plan, orientation, sizes, params, false).0
}

/// What [`arrange`] keeps for [`Live`] to lay out again after an edit.
struct Kept {
    tree: tidy::Tree,
    tidy: tidy::Tidy,
    geoms: Vec<BlockGeom>,
}

fn arrange_keeping(
    plan: Plan,
    orientation: Orientation,
    sizes: &[Vec2],
    params: &LayoutParams,
    keep: bool,
) -> (Layout, Option<Kept>) {
    let n = plan.index.len();
    let nb = plan.blocks.len();
    let across = |s: Vec2| match orientation {
        Orientation::TopDown => (s.x, s.y),
        Orientation::LeftRight => (s.y, s.x),
    };
    let size = |i: usize| across(sizes.get(i).copied().unwrap_or(Vec2::ZERO));
    let gap = params.level_gap;

    // Rows: as deep as the deepest card of the level that does not hang in a block.
    // One pass: rows appear as deep as the deepest visible role.
    let mut row_size: Vec<f32> = Vec::new();
    let mut levels: Vec<Vec<u32>> = Vec::new();
    for &v in &plan.order {
        let d = plan.depth[v as usize] as usize;
        if d >= row_size.len() {
            row_size.resize(d + 1, 0.0);
            levels.resize(d + 1, Vec::new());
        }
        if plan.block_of[v as usize] == NONE {
            row_size[d] = row_size[d].max(size(v as usize).1);
            levels[d].push(v);
        }
    }
    let mut row_top = vec![0.0f32; row_size.len()];
    for d in 1..row_size.len() {
        row_top[d] = row_top[d - 1] + row_size[d - 1] + gap;
    }

    let geoms: Vec<BlockGeom> = plan
        .blocks
        .iter()
        .map(|b| BlockGeom::new(&b.members, b.left_count, size, params))
        .collect();

    let m = plan.nodes.len();
    let mut breadth = vec![0.0f64; m];
    let mut bottom = vec![-(gap as f64); m];
    for (k, &v) in plan.nodes.iter().enumerate() {
        let v = v as usize;
        if v < n {
            let d = plan.depth[v] as usize;
            breadth[k] = size(v).0 as f64;
            bottom[k] = (row_top[d] + row_size[d] + gap) as f64;
        } else if let Some((block, g)) = plan.blocks.get(v - n).zip(geoms.get(v - n)) {
            let d = plan.depth[block.parent as usize] as usize + 1;
            breadth[k] = g.breadth as f64;
            bottom[k] = (row_top[d] + g.depth + gap) as f64;
        }
    }
    let gap = params.sibling_gap as f64;
    let (x, kept) = if keep {
        let children = tidy::Children::new(plan.start.clone(), plan.kids.clone());
        let tree = tidy::Tree::new(breadth, bottom, children);
        let tidy = tidy::Tidy::new(&tree, gap, plan.edge);
        (
            (0..tree.len() as u32).map(|v| tidy.x(v)).collect(),
            Some((tree, tidy)),
        )
    } else {
        let tree = tidy::Csr {
            breadth: &breadth,
            bottom: &bottom,
            start: &plan.start,
            kids: &plan.kids,
        };
        (tidy::tidy(&tree, gap, plan.edge), None)
    };

    let place = |b: f32, d: f32| match orientation {
        Orientation::TopDown => pos2(b, d),
        Orientation::LeftRight => pos2(d, b),
    };
    let mut centers = vec![Pos2::ZERO; n];
    let mut has_subordinates = plan.hidden_below.iter().map(|&h| h > 0).collect::<Vec<_>>();
    let mut trunks = vec![0.0f32; nb];
    for (k, &v) in plan.nodes.iter().enumerate() {
        let v = v as usize;
        if v < n {
            let d = plan.depth[v] as usize;
            if plan.block_of[v] == NONE {
                centers[v] = place(x[k] as f32, row_top[d] + row_size[d] / 2.0);
            }
            has_subordinates[v] |= plan.start[k + 1] > plan.start[k];
        } else if v - n < nb {
            trunks[v - n] = x[k] as f32;
        }
    }
    for ((block, g), &trunk) in plan.blocks.iter().zip(&geoms).zip(&trunks) {
        let top = row_top[plan.depth[block.parent as usize] as usize + 1];
        g.hang(&block.members, trunk, top, params, |m, b, d| {
            centers[m as usize] = place(b, d)
        });
    }
    let hangers = plan
        .blocks
        .into_iter()
        .zip(trunks)
        .map(|(block, trunk)| Hanger {
            parent: block.parent,
            trunk,
            members: block.members,
        })
        .collect();

    let layout = Layout {
        orientation,
        params: *params,
        centers,
        visible: plan.visible,
        hidden_below: plan.hidden_below,
        parent: plan.parent,
        hanger_of: plan.block_of,
        hangers,
        order: plan.order,
        rows: row_top.into_iter().zip(row_size).collect(),
        levels,
        has_subordinates,
        depth: plan.depth,
        nodes: plan.nodes,
        children: tidy::Children::new(plan.start, plan.kids),
        others: plan.others,
        index: plan.index,
    };
    let kept = kept.map(|(tree, tidy)| Kept { tree, tidy, geoms });
    (layout, kept)
}

/// A hanger block's shape: two columns of the widest member, rows as deep as their
/// deeper card.
#[derive(Clone, Debug, PartialEq)]
struct BlockGeom {
    col: f32,
    rows: Vec<f32>,
    breadth: f32,
    depth: f32,
}

impl BlockGeom {
    /// `size` gives a role's (across, down) size.
    fn new(
        members: &[u32],
        left_count: usize,
        size: impl Fn(usize) -> (f32, f32),
        params: &LayoutParams,
    ) -> Self {
        let col = members
            .iter()
            .map(|&m| size(m as usize).0)
            .fold(0.0, f32::max);
        let (left, right) = members.split_at(left_count);
        let rows: Vec<f32> = (0..left_count)
            .map(|j| {
                let l = size(left[j] as usize).1;
                right.get(j).map_or(l, |&r| l.max(size(r as usize).1))
            })
            .collect();
        let depth = rows.iter().sum::<f32>() + params.hanger_gap * (rows.len() as f32 - 1.0);
        BlockGeom {
            col,
            breadth: 2.0 * (col + params.hanger_indent),
            depth,
            rows,
        }
    }

    /// Calls `put(member, across, down)` with each member's centre, for a block whose
    /// trunk is at `trunk` and whose first row starts at `top`.
    fn hang(
        &self,
        members: &[u32],
        trunk: f32,
        top: f32,
        params: &LayoutParams,
        mut put: impl FnMut(u32, f32, f32),
    ) {
        let offset = params.hanger_indent + self.col / 2.0;
        let left_count = self.rows.len();
        let mut d = top;
        for (j, &h) in self.rows.iter().enumerate() {
            let mid = d + h / 2.0;
            put(members[j], trunk - offset, mid);
            if let Some(&m) = members.get(left_count + j) {
                put(m, trunk + offset, mid);
            }
            d += h + params.hanger_gap;
        }
    }
}

impl Layout {
    pub fn len(&self) -> usize {
        self.centers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.centers.is_empty()
    }

    pub fn id(&self, i: usize) -> RoleId {
        self.index.ids()[i]
    }

    /// Where the layout puts a visible role's card centre.
    pub fn center(&self, id: RoleId) -> Option<Pos2> {
        self.index
            .get(id)
            .filter(|&i| self.visible[i])
            .map(|i| self.centers[i])
    }

    /// Whether role `i` has subordinates in the tree, shown or folded away.
    pub fn has_subordinates(&self, i: usize) -> bool {
        self.has_subordinates[i]
    }

    /// [`Layout::levels`] worked out again from `order` (in pre-order, a row's cards
    /// come left to right).
    fn levels_from_order(&self) -> Vec<Vec<u32>> {
        let mut levels = vec![Vec::new(); self.rows.len()];
        for &v in &self.order {
            if self.hanger_of[v as usize] == NONE {
                levels[self.depth[v as usize] as usize].push(v);
            }
        }
        levels
    }

    /// Children of the tree node numbered `k`, as numbers.
    fn kids(&self, k: usize) -> &[u32] {
        self.children.of(k as u32)
    }

    /// The tree by what its nodes stand for (role index, `n + block`, root): for each,
    /// its children's, in order.
    fn tree_by_key(&self) -> Vec<Vec<u32>> {
        let mut by_key = vec![Vec::new(); self.len() + self.hangers.len() + 1];
        for (k, &v) in self.nodes.iter().enumerate() {
            if let Some(slot) = by_key.get_mut(v as usize) {
                *slot = self
                    .kids(k)
                    .iter()
                    .map(|&c| self.nodes[c as usize])
                    .collect();
            }
        }
        by_key
    }

    /// A point or rectangle in (across, down) terms: x and y top-down, swapped left-right.
    fn along(&self, p: Pos2) -> (f32, f32) {
        match self.orientation {
            Orientation::TopDown => (p.x, p.y),
            Orientation::LeftRight => (p.y, p.x),
        }
    }

    fn point(&self, across: f32, down: f32) -> Pos2 {
        match self.orientation {
            Orientation::TopDown => pos2(across, down),
            Orientation::LeftRight => pos2(down, across),
        }
    }

    /// (across min, across max, down min, down max).
    fn span(&self, r: Rect) -> [f32; 4] {
        let (a0, d0) = self.along(r.min);
        let (a1, d1) = self.along(r.max);
        [a0, a1, d0, d1]
    }
}
