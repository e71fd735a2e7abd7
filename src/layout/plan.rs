//! From a chart to the abstract tree the tidy core lays out: which roles are visible
//! (collapse), who sits under whom (primary superiors, loops broken), in which order
//! (matrix roles lean towards their other superior), and which leaves hang in blocks.

use super::tidy::NONE;
use crate::model::{Chart, Grouped, IdIndex, Superiors, UNKNOWN};

/// A hanger: a superior's leaf subordinates stacked in two columns either side of a
/// vertical trunk, laid out as one node of the tree.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Block {
    pub(super) parent: u32,
    /// Left column top to bottom, then the right column.
    pub members: Vec<u32>,
    pub left_count: usize,
}

/// The structure to lay out: everything about the chart except card sizes.
#[derive(Clone, Debug)]
pub struct Plan {
    pub(super) index: IdIndex,
    /// Layout-tree parent of each role (its primary superior, loops broken).
    pub(super) parent: Vec<u32>,
    /// Pre-order of the visible roles: left to right within every row.
    pub(super) order: Vec<u32>,
    pub(super) depth: Vec<u32>,
    pub(super) visible: Vec<bool>,
    /// For each visible collapsed role, how many roles its fold hides.
    pub(super) hidden_below: Vec<u32>,
    pub(super) blocks: Vec<Block>,
    /// Block a role hangs in, or NONE.
    pub(super) block_of: Vec<u32>,
    /// The laid-out tree in pre-order, starting with a root that holds the chart's top
    /// roles side by side: each entry is a role index, `n + block`, or `n + blocks` (the root).
    pub(super) nodes: Vec<u32>,
    /// Children of each node by pre-order position, compressed.
    pub(super) start: Vec<u32>,
    pub(super) kids: Vec<u32>,
    /// Lines that are not tree edges: secondary ones, and primary ones a loop broke.
    pub(super) others: Vec<OtherLine>,
    /// Whether a loop of primary lines had to be broken.
    pub(super) loops: bool,
    /// Whether some role lists a superior id that no role has.
    pub(super) unknown: bool,
    /// Whether the tree's edge stays where it is, not its middle (see `Anchor`).
    pub(super) edge: bool,
}

/// A reporting line routed around the tree rather than along it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct OtherLine {
    pub subordinate: u32,
    pub superior: u32,
    /// Its place in the subordinate's list of superiors (0 = primary), and that list's length.
    pub nth: u32,
    pub of: u32,
}

impl Plan {
    pub fn new(chart: &Chart) -> Self {
        // What the plan needs of each role, gathered in one pass (see `Superiors`).
        let (table, flags) = Superiors::gather(chart, |role| {
            (
                role.collapsed,
                role.compact.unwrap_or(chart.arrangement.compact),
            )
        });
        let (collapsed, compact_of): (Vec<bool>, Vec<bool>) = flags.into_iter().unzip();
        let n = table.len();
        let superiors = |i: usize| table.of(i);

        // Primary superior of each role, by index.
        let prim: Vec<u32> = (0..n)
            .map(|i| match superiors(i).first() {
                Some(&p) if p != UNKNOWN && p as usize != i => p,
                _ => NONE,
            })
            .collect();
        let (start, kids) = group_by_parent(&prim, n);

        // Depth-first from the top roles; roles on a loop of primary lines are reached
        // from no top role, so the loop is entered at one of its members.
        let mut parent = vec![NONE; n];
        let mut depth = vec![0u32; n];
        let mut seen = vec![false; n];
        let mut order = Vec::with_capacity(n);
        let mut stack: Vec<u32> = Vec::new();
        let mut walk = |root: u32, order: &mut Vec<u32>, seen: &mut Vec<bool>| {
            stack.push(root);
            while let Some(v) = stack.pop() {
                let vi = v as usize;
                if seen[vi] {
                    continue;
                }
                seen[vi] = true;
                order.push(v);
                for &c in kids[start[vi] as usize..start[vi + 1] as usize]
                    .iter()
                    .rev()
                {
                    if !seen[c as usize] {
                        parent[c as usize] = v;
                        depth[c as usize] = depth[vi] + 1;
                        stack.push(c);
                    }
                }
            }
        };
        let mut roots: Vec<u32> = (0..n as u32)
            .filter(|&i| prim[i as usize] == NONE)
            .collect();
        for &r in &roots {
            walk(r, &mut order, &mut seen);
        }
        let tops = roots.len();
        let mut mark = vec![0u32; n];
        for i in 0..n {
            if seen[i] {
                continue;
            }
            // Climb until a role repeats: that role is on the loop.
            let stamp = i as u32 + 1;
            let mut at = i;
            while mark[at] != stamp && prim[at] != NONE && !seen[prim[at] as usize] {
                mark[at] = stamp;
                at = prim[at] as usize;
            }
            // Never reached, so its parent and depth are still unset: it is a top role.
            roots.push(at as u32);
            walk(at as u32, &mut order, &mut seen);
        }

        // Tree children in id order; a role whose other superior is a sibling of its
        // primary one moves to the end of its siblings that faces that superior.
        let tree_parent = |c: u32| parent[c as usize];
        let (tstart, mut tkids) = group_by_parent(&parent, n);
        let mut rank = vec![0usize; n];
        for v in 0..n {
            for (k, &c) in tkids[tstart[v] as usize..tstart[v + 1] as usize]
                .iter()
                .enumerate()
            {
                rank[c as usize] = k;
            }
        }
        for (k, &r) in roots.iter().enumerate() {
            rank[r as usize] = k;
        }
        // Sort keys: a child's own rank, unless a matrix line pulls it towards a sibling.
        let mut key: Vec<f32> = Vec::new();
        let mut reorder = Vec::new();
        let mut others = Vec::new();
        let mut unknown = false;
        for i in 0..n {
            let p = parent[i];
            let listed = superiors(i);
            unknown |= listed.contains(&UNKNOWN);
            for (k, &q) in listed.iter().enumerate() {
                if q != UNKNOWN && q as usize != i && !(k == 0 && p == q) {
                    others.push(OtherLine {
                        subordinate: i as u32,
                        superior: q,
                        nth: k as u32,
                        of: listed.len() as u32,
                    });
                }
            }
            if listed.len() < 2 || p == NONE {
                continue;
            }
            if key.is_empty() {
                key = rank.iter().map(|&r| r as f32).collect();
            }
            let sups: Vec<usize> = listed
                .iter()
                .filter(|&&q| q != UNKNOWN)
                .map(|&q| q as usize)
                .collect();
            // Superiors that are the role's own siblings: it sits between them.
            let (sum, count) = sups
                .iter()
                .filter(|&&q| q != i && tree_parent(q as u32) == p)
                .fold((0.0, 0), |(s, c), &q| (s + rank[q] as f32, c + 1));
            if count > 0 {
                key[i] = sum / count as f32 + 0.25;
                reorder.push(p);
                continue;
            }
            // A superior that is a sibling of its primary one: lean towards it.
            if let Some(&q) = sups
                .iter()
                .find(|&&q| q != p as usize && q != i && tree_parent(q as u32) == tree_parent(p))
            {
                key[i] = if rank[q] > rank[p as usize] {
                    f32::MAX
                } else {
                    -1.0
                };
                reorder.push(p);
            }
        }
        for p in reorder {
            let p = p as usize;
            tkids[tstart[p] as usize..tstart[p + 1] as usize]
                .sort_by(|&a, &b| key[a as usize].total_cmp(&key[b as usize]));
        }

        // Collapse: everything below a collapsed role is hidden. `order` is a pre-order
        // of the whole forest, so parents are decided before their children.
        let mut visible = vec![true; n];
        for &v in &order {
            let p = parent[v as usize];
            if p != NONE && (!visible[p as usize] || collapsed[p as usize]) {
                visible[v as usize] = false;
            }
        }
        let mut size = vec![1u32; n];
        for &v in order.iter().rev() {
            let p = parent[v as usize];
            if p != NONE {
                size[p as usize] += size[v as usize];
            }
        }
        let hidden_below: Vec<u32> = (0..n)
            .map(|i| {
                if visible[i] && collapsed[i] {
                    size[i] - 1
                } else {
                    0
                }
            })
            .collect();
        let shown = |v: u32| -> &[u32] {
            if collapsed[v as usize] {
                &[]
            } else {
                &tkids[tstart[v as usize] as usize..tstart[v as usize + 1] as usize]
            }
        };

        // The laid-out tree: visible roles, hanger blocks, one root over the top roles.
        let mut blocks = Vec::new();
        let mut block_of = vec![NONE; n];
        let mut start = Vec::with_capacity(n + 2);
        let mut flat = Vec::with_capacity(n);
        for v in 0..n as u32 {
            start.push(flat.len() as u32);
            if !visible[v as usize] {
                continue;
            }
            let ks = shown(v);
            let leaves = if compact_of[v as usize] {
                ks.iter().filter(|&&c| shown(c).is_empty()).count()
            } else {
                0
            };
            if leaves < 3 {
                flat.extend_from_slice(ks);
                continue;
            }
            let block = blocks.len() as u32;
            let members: Vec<u32> = ks
                .iter()
                .copied()
                .filter(|&c| shown(c).is_empty())
                .collect();
            for &m in &members {
                block_of[m as usize] = block;
            }
            let first = flat.len();
            flat.extend(ks.iter().copied().filter(|&c| !shown(c).is_empty()));
            let middle = first + (flat.len() - first) / 2;
            flat.insert(middle, n as u32 + block);
            blocks.push(Block {
                parent: v,
                left_count: members.len().div_ceil(2),
                members,
            });
        }
        for _ in &blocks {
            start.push(flat.len() as u32);
        }
        start.push(flat.len() as u32);
        flat.extend_from_slice(&roots);
        start.push(flat.len() as u32);

        // Number the laid-out tree in pre-order: the layout then sweeps memory in
        // order instead of jumping around it (several times faster on large charts),
        // and every row lists its cards left to right.
        let root = (n + blocks.len()) as u32;
        let mut nodes = Vec::with_capacity(root as usize + 1);
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            nodes.push(v);
            let vi = v as usize;
            stack.extend(
                flat[start[vi] as usize..start[vi + 1] as usize]
                    .iter()
                    .rev(),
            );
        }
        let mut pos = vec![NONE; root as usize + 1];
        for (k, &v) in nodes.iter().enumerate() {
            pos[v as usize] = k as u32;
        }
        let mut pstart = Vec::with_capacity(nodes.len() + 1);
        let mut pkids = Vec::with_capacity(nodes.len());
        let mut order = Vec::with_capacity(n);
        for &v in &nodes {
            let vi = v as usize;
            pstart.push(pkids.len() as u32);
            pkids.extend(
                flat[start[vi] as usize..start[vi + 1] as usize]
                    .iter()
                    .map(|&c| pos[c as usize]),
            );
            if vi < n {
                order.push(v);
            } else if let Some(b) = blocks.get(vi - n) {
                order.extend_from_slice(&b.members);
            }
        }
        pstart.push(pkids.len() as u32);
        let (start, flat) = (pstart, pkids);
        Plan {
            index: table.into_index(),
            parent,
            order,
            depth,
            visible,
            hidden_below,
            blocks,
            block_of,
            start,
            nodes,
            kids: flat,
            others,
            loops: roots.len() > tops,
            unknown,
            edge: chart.arrangement.anchor == crate::model::Anchor::Edge,
        }
    }

    /// How many roles a collapsed role's fold hides (0 for others), by chart index.
    pub fn hidden_below(&self, i: usize) -> u32 {
        self.hidden_below.get(i).copied().unwrap_or(0)
    }
}

/// Children lists by parent, each in index order.
fn group_by_parent(parent: &[u32], n: usize) -> (Vec<u32>, Vec<u32>) {
    let pairs = parent
        .iter()
        .enumerate()
        .filter(|&(_, &p)| p != NONE)
        .map(|(c, &p)| (p, c as u32));
    Grouped::new(n, pairs).into_parts()
}
