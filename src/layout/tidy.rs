//! The tidy-tree core: van der Ploeg's linear-time algorithm ("Drawing non-layered tidy
//! trees in linear time", 2014), on flat arrays and without recursion, so that a
//! million roles or a 100,000-deep chain lay out without allocation per node or stack
//! overflow. It works on an abstract tree: each node has a breadth (its width across
//! the tree) and a bottom (how far down it and the gap below it reach); the caller
//! chooses those, which is how layered rows, left-right orientation and hanger blocks
//! all reuse this one algorithm.
//!
//! The state is kept, so that after an edit only the edited nodes and their ancestors
//! are placed again ([`Tidy::begin`], [`Tidy::finish`]): each node remembers what its
//! own placement left on its subtree, and which thread its parent's placement tied, so
//! that placement can be taken back and redone. The result is the same, to the bit, as
//! laying the edited tree out from scratch.

pub const NONE: u32 = u32::MAX;

/// What the algorithm reads of a tree: each node's breadth, bottom and children.
pub(super) trait Shape {
    fn breadth(&self, v: usize) -> f64;
    fn bottom(&self, v: usize) -> f64;
    fn kids(&self, v: u32) -> &[u32];
}

/// The nodes whose positions anchor the layout (see `model::Anchor`): with `edge`,
/// from the root along first children down to a leaf, the edge where the tree
/// starts; otherwise the root alone, whose centre stays at 0.
fn anchor_path(tree: &impl Shape, n: usize, edge: bool) -> Vec<u32> {
    let mut path = Vec::new();
    let mut v = (n > 0).then_some(0u32);
    while let Some(at) = v {
        path.push(at);
        v = tree.kids(at).first().copied().filter(|_| edge);
    }
    path
}

/// The offset sums (totals) along `path` (see [`anchor_path`]). At the edge, its
/// leaf's centre is at 0 and, from the leaf up, each total is its child's less the
/// child's offset: the cards before an edit then stay where they are, to the bit, and
/// an edit moves only the cards after it and above it, about half as many as when the
/// middle stays (as a parent centres anew over its subordinates, every card moves).
/// `s` holds the nodes as placed, `off` gives a node's offset from its parent.
fn anchor_totals(path: &[u32], edge: bool, s: &[Node], off: impl Fn(u32) -> f64) -> Vec<f64> {
    let mut totals = vec![0.0; path.len()];
    match path.last() {
        Some(&leaf) if edge => {
            let mut total = -s[leaf as usize].rel_x;
            for (d, &v) in path.iter().enumerate().rev() {
                totals[d] = total;
                total -= off(v);
            }
        }
        // The middle: the root's own offset, where its centre is 0.
        Some(&root) => totals[0] = 0.0 + (s[root as usize].shift_acc + s[root as usize].modst),
        None => {}
    }
    totals
}

/// A tree in compressed form, as laid out from scratch: node `v`'s children are
/// `kids[start[v]..start[v + 1]]`.
pub(super) struct Csr<'a> {
    pub breadth: &'a [f64],
    pub bottom: &'a [f64],
    pub start: &'a [u32],
    pub kids: &'a [u32],
}

impl Shape for Csr<'_> {
    fn breadth(&self, v: usize) -> f64 {
        self.breadth[v]
    }
    fn bottom(&self, v: usize) -> f64 {
        self.bottom[v]
    }
    fn kids(&self, v: u32) -> &[u32] {
        &self.kids[self.start[v as usize] as usize..self.start[v as usize + 1] as usize]
    }
}

/// Centre of each node along the breadth axis, for a tree numbered in pre-order from
/// its root, node 0. Siblings keep their order; neighbouring contours are at least `gap`
/// apart; a parent is centred over its first and last child. (What [`Tidy`] does,
/// without keeping what a later edit would need: a third faster on large charts.)
pub(super) fn tidy(tree: &Csr, gap: f64, edge: bool) -> Vec<f64> {
    let n = tree.breadth.len();
    let mut s = vec![FRESH; n];
    let mut ylist = Vec::new();
    for v in (0..n as u32).rev() {
        place(tree, &mut s, &mut [], v, &mut ylist, gap);
    }
    let path = anchor_path(tree, n, edge);
    let path_total = anchor_totals(&path, edge, &s, |c| {
        let c = &s[c as usize];
        // What the loop below makes of a first child's offset.
        let speed = 0.0 + c.shift_acc;
        let delta = 0.0 + (speed + c.shift_change);
        c.modst + delta
    });
    // Second walk: absolute positions, spreading the space given to middle children.
    // In pre-order every parent comes before its children, so one forward pass does.
    // A child's `shift_acc` is spent once its parent is done: it then carries the sum
    // of its ancestors' offsets, and `rel_x` becomes the absolute position (the same
    // sums, in the same order, as `Tidy`'s).
    for v in 0..n {
        let total = match path.get(v) {
            Some(&p) if p as usize == v => path_total[v],
            _ => s[v].shift_acc + s[v].modst,
        };
        s[v].rel_x += total;
        let (mut speed, mut delta) = (0.0, 0.0);
        for &c in tree.kids(v as u32) {
            let c = &mut s[c as usize];
            speed += c.shift_acc;
            delta += speed + c.shift_change;
            c.modst += delta;
            c.shift_acc = total;
        }
    }
    s.into_iter().map(|node| node.rel_x).collect()
}

/// Children lists that an edit can change: node `v`'s children are
/// `kids[start[v]..stop[v]]`. A list that grows moves to the end of `kids` (the
/// space it leaves is not reused: a `Live` layout is rebuilt long before that matters).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Children {
    start: Vec<u32>,
    stop: Vec<u32>,
    kids: Vec<u32>,
}

impl Children {
    /// From the compressed form, where `v`'s children are `kids[start[v]..start[v + 1]]`.
    pub fn new(mut start: Vec<u32>, kids: Vec<u32>) -> Self {
        let stop = start.get(1..).unwrap_or_default().to_vec();
        start.truncate(stop.len());
        Self { start, stop, kids }
    }

    pub fn of(&self, v: u32) -> &[u32] {
        &self.kids[self.start[v as usize] as usize..self.stop[v as usize] as usize]
    }

    /// How many entries the lists take, with the space that moved lists left.
    pub fn stored(&self) -> usize {
        self.kids.len()
    }

    /// Adds a node with no children.
    pub fn push_leaf(&mut self) {
        self.start.push(self.kids.len() as u32);
        self.stop.push(self.kids.len() as u32);
    }

    pub fn set(&mut self, v: u32, list: &[u32]) {
        let v = v as usize;
        let (start, stop) = (self.start[v] as usize, self.stop[v] as usize);
        if list.len() <= stop - start {
            self.kids[start..start + list.len()].copy_from_slice(list);
        } else {
            self.start[v] = self.kids.len() as u32;
            self.kids.extend_from_slice(list);
        }
        self.stop[v] = self.start[v] + list.len() as u32;
    }
}

/// A tree kept for later edits. It starts numbered in pre-order, so that a subtree is
/// a run of numbers and moves as one sweep of memory. An edit that moves a subtree
/// keeps the numbers: the nodes it moves a subtree out of or into are then marked
/// `scattered`, and their subtrees are walked node by node, not swept as a run.
#[derive(Clone, Debug)]
pub(super) struct Tree {
    pub breadth: Vec<f64>,
    pub bottom: Vec<f64>,
    children: Children,
    parent: Vec<u32>,
    /// One past the last node of each node's subtree, unless it is scattered.
    end: Vec<u32>,
    scattered: Vec<bool>,
    scattered_count: usize,
}

impl Tree {
    /// A tree numbered in pre-order from its root, node 0.
    pub fn new(breadth: Vec<f64>, bottom: Vec<f64>, children: Children) -> Self {
        let n = breadth.len();
        let mut parent = vec![NONE; n];
        let mut end = vec![0; n];
        for v in (0..n).rev() {
            let ks = children.of(v as u32);
            for &c in ks {
                parent[c as usize] = v as u32;
            }
            end[v] = ks.last().map_or(v as u32 + 1, |&c| end[c as usize]);
        }
        Self {
            breadth,
            bottom,
            children,
            parent,
            end,
            scattered: vec![false; n],
            scattered_count: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.breadth.len()
    }

    pub fn parent(&self, v: u32) -> u32 {
        self.parent[v as usize]
    }

    pub fn kids_of(&self, v: u32) -> &[u32] {
        self.children.of(v)
    }

    /// Gives node `v` these children (in this order). Call [`Tidy::begin`] on `v`
    /// first. A child that comes from another node must leave it first (give that
    /// node its list without it).
    pub fn set_kids(&mut self, v: u32, list: &[u32]) {
        for &c in list {
            self.parent[c as usize] = v;
        }
        self.children.set(v, list);
    }

    /// Adds a leaf of this breadth as `parent`'s last child (its bottom is to be set).
    /// Follow with [`Tidy::push_leaf`]; `parent` must then be placed again (see
    /// [`Tidy::begin`]: it takes the new leaf's state back to what `push_leaf` made).
    pub fn push_leaf(&mut self, parent: u32, breadth: f64) -> u32 {
        let v = self.push_node(parent, breadth);
        let mut kids = self.children.of(parent).to_vec();
        kids.push(v);
        self.children.set(parent, &kids);
        v
    }

    /// As [`Tree::push_leaf`], but not yet in `parent`'s list: give `parent` its list
    /// with [`Tree::set_kids`] once all its new children are made.
    pub fn push_node(&mut self, parent: u32, breadth: f64) -> u32 {
        let v = self.len() as u32;
        self.breadth.push(breadth);
        self.bottom.push(0.0);
        self.parent.push(parent);
        self.end.push(v + 1);
        self.scattered.push(false);
        self.children.push_leaf();
        v
    }

    /// After a subtree moved into or out of `v`'s: `v` and its ancestors no longer
    /// hold a run of numbers.
    pub fn scatter(&mut self, mut v: u32) {
        while v != NONE && !self.scattered[v as usize] {
            self.scattered[v as usize] = true;
            self.scattered_count += 1;
            v = self.parent[v as usize];
        }
    }

    /// How many nodes are scattered: each costs every later edit a little.
    pub fn scattered_count(&self) -> usize {
        self.scattered_count
    }

    pub fn children(&self) -> &Children {
        &self.children
    }

    /// The same tree numbered in pre-order again, and for each node its old number
    /// (`old_of`, by new number) and its new one (`new_of`, by old number).
    pub fn renumbered(&self) -> (Tree, Vec<u32>, Vec<u32>) {
        let n = self.len();
        let mut old_of = Vec::with_capacity(n);
        let mut stack = vec![0u32];
        while let Some(v) = stack.pop() {
            old_of.push(v);
            stack.extend(self.children.of(v).iter().rev());
        }
        let mut new_of = vec![NONE; n];
        for (k, &v) in old_of.iter().enumerate() {
            new_of[v as usize] = k as u32;
        }
        let mut start = Vec::with_capacity(n + 1);
        let mut kids = Vec::with_capacity(n);
        for &v in &old_of {
            start.push(kids.len() as u32);
            kids.extend(self.children.of(v).iter().map(|&c| new_of[c as usize]));
        }
        start.push(kids.len() as u32);
        let gather = |a: &[f64]| old_of.iter().map(|&v| a[v as usize]).collect();
        let tree = Tree::new(
            gather(&self.breadth),
            gather(&self.bottom),
            Children::new(start, kids),
        );
        (tree, old_of, new_of)
    }
}

impl Shape for Tree {
    fn breadth(&self, v: usize) -> f64 {
        self.breadth[v]
    }
    fn bottom(&self, v: usize) -> f64 {
        self.bottom[v]
    }
    fn kids(&self, v: u32) -> &[u32] {
        self.children.of(v)
    }
}

/// Per-node working state, kept together so that a node costs one cache line or two.
/// Threads link a subtree's extreme leaf to the next node on its contour, so contours
/// are walked without copying.
#[derive(Clone, Copy)]
struct Node {
    rel_x: f64,
    modst: f64,
    shift_acc: f64,
    shift_change: f64,
    mod_el: f64,
    mod_er: f64,
    mod_tl: f64,
    mod_tr: f64,
    el: u32,
    er: u32,
    thread_l: u32,
    thread_r: u32,
}

const FRESH: Node = Node {
    rel_x: 0.0,
    modst: 0.0,
    shift_acc: 0.0,
    shift_change: 0.0,
    mod_el: 0.0,
    mod_er: 0.0,
    mod_tl: 0.0,
    mod_tr: 0.0,
    el: NONE,
    er: NONE,
    thread_l: NONE,
    thread_r: NONE,
};

/// What a later edit needs of a node's working state: a subtree's extremes as its own
/// placement left them (its parent's placement overwrites them in `Node`: they become
/// the extremes of the merged siblings), and the thread that its parent's placement
/// tied when placing it (a leaf, with `RIGHT` for a right thread), or NONE.
#[derive(Clone, Copy)]
struct Keep {
    el: u32,
    er: u32,
    tied: u32,
    mod_el: f64,
    mod_er: f64,
}

const KEEP: Keep = Keep {
    el: NONE,
    er: NONE,
    tied: NONE,
    mod_el: 0.0,
    mod_er: 0.0,
};

/// In `Keep::tied`: the thread is a right one.
const RIGHT: u32 = 1 << 31;

/// A laid-out tree, and what it takes to lay it out again after a node changes size.
pub(super) struct Tidy {
    gap: f64,
    s: Vec<Node>,
    keep: Vec<Keep>,
    /// Each node's position relative to its subtree, its subtree's offset from its
    /// parent's, and the sum of those offsets from the root (from the anchor's leaf up,
    /// on the anchor path: see [`anchor_totals`]): the node's centre along the breadth
    /// axis is `rel + total`. Apart from `Node` so that moving a subtree
    /// sweeps three arrays, not a struct ten times their size.
    rel: Vec<f64>,
    off: Vec<f64>,
    total: Vec<f64>,
    /// Nodes to place again, and a mark for each.
    redo: Vec<u32>,
    marked: Vec<bool>,
    /// Whether the edge stays where it is, not the middle (see [`anchor_path`]); the
    /// nodes on the anchor path as last laid out; scratch, one per node, false between
    /// edits: nodes that were on the path and are no longer.
    edge: bool,
    path: Vec<u32>,
    left: Vec<bool>,
}

impl Tidy {
    /// Lays out `tree`: what [`tidy`] does, keeping what a later edit needs.
    pub fn new(tree: &Tree, gap: f64, edge: bool) -> Self {
        let n = tree.len();
        let mut t = Self {
            gap,
            edge,
            path: Vec::new(),
            left: vec![false; n],
            s: vec![FRESH; n],
            keep: vec![KEEP; n],
            rel: vec![0.0; n],
            off: vec![0.0; n],
            total: vec![0.0; n],
            redo: Vec::new(),
            marked: vec![false; n],
        };
        let mut ylist = Vec::new();
        for v in (0..n as u32).rev() {
            place(tree, &mut t.s, &mut t.keep, v, &mut ylist, gap);
        }
        for v in 0..n {
            t.rel[v] = t.s[v].rel_x;
            t.spread(tree, v as u32);
        }
        // As `tidy` adds them up, the anchor first.
        let path = anchor_path(tree, n, edge);
        let path_total = anchor_totals(&path, edge, &t.s, |c| t.off[c as usize]);
        for (&p, &total) in path.iter().zip(&path_total) {
            t.total[p as usize] = total;
        }
        for v in 0..n {
            for &c in tree.kids(v as u32) {
                if path.get(c as usize) != Some(&c) {
                    t.total[c as usize] = t.total[v] + t.off[c as usize];
                }
            }
        }
        t.path = path;
        t
    }

    /// The same state for the tree renumbered (see [`Tree::renumbered`]): node `k`
    /// was node `old_of[k]`, node `v` is now `new_of[v]`. Only between edits (nothing
    /// taken back).
    pub fn renumber(&mut self, old_of: &[u32], new_of: &[u32]) {
        let new = |v: u32| if v == NONE { NONE } else { new_of[v as usize] };
        self.s = old_of
            .iter()
            .map(|&v| {
                let node = self.s[v as usize];
                Node {
                    el: new(node.el),
                    er: new(node.er),
                    thread_l: new(node.thread_l),
                    thread_r: new(node.thread_r),
                    ..node
                }
            })
            .collect();
        self.keep = old_of
            .iter()
            .map(|&v| {
                let keep = self.keep[v as usize];
                Keep {
                    el: new(keep.el),
                    er: new(keep.er),
                    tied: if keep.tied == NONE {
                        NONE
                    } else {
                        new(keep.tied & !RIGHT) | (keep.tied & RIGHT)
                    },
                    ..keep
                }
            })
            .collect();
        for a in [&mut self.rel, &mut self.off, &mut self.total] {
            *a = old_of.iter().map(|&v| a[v as usize]).collect();
        }
        self.path = self.path.iter().map(|&v| new(v)).collect();
        self.left = vec![false; old_of.len()];
    }

    /// For a leaf just added to the tree ([`Tree::push_leaf`]).
    pub fn push_leaf(&mut self, v: u32) {
        self.s.push(Node {
            el: v,
            er: v,
            ..FRESH
        });
        self.keep.push(Keep {
            el: v,
            er: v,
            ..KEEP
        });
        self.rel.push(0.0);
        self.off.push(0.0);
        // Not a position it had: the edit that places it finds it moved.
        self.total.push(f64::NAN);
        self.marked.push(false);
        self.left.resize(v as usize + 1, false);
    }

    /// The centre of node `v` along the breadth axis.
    pub fn x(&self, v: u32) -> f64 {
        self.rel[v as usize] + self.total[v as usize]
    }

    /// Before the breadth or bottom of some nodes changes: takes back the placement of
    /// their parents and of all their ancestors. Change the sizes, then call
    /// [`Tidy::finish`].
    pub fn begin(&mut self, tree: &Tree, parents: impl IntoIterator<Item = u32>) {
        for v in parents {
            let mut at = v;
            while at != NONE && !self.marked[at as usize] {
                self.marked[at as usize] = true;
                self.redo.push(at);
                self.undo(tree, at);
                at = tree.parent(at);
            }
        }
    }

    /// After the sizes changed: places again the nodes [`Tidy::begin`] took back, then
    /// works out the positions that moved. Returns the runs of nodes that may have
    /// moved (a whole subtree when it moves as one).
    pub fn finish(&mut self, tree: &Tree) -> Vec<std::ops::Range<u32>> {
        // Children before parents: the marked nodes breadth-first from the root,
        // placed last to first. (Numbers do not tell: a moved subtree may hang under a larger
        // number.) A marked node's parent is marked, also after a subtree moved, since
        // the node it moved under was marked; so the walk finds them all.
        let taken = std::mem::take(&mut self.redo);
        let mut redo = Vec::with_capacity(taken.len());
        if !taken.is_empty() {
            redo.push(0u32);
        }
        let mut at = 0;
        while let Some(&v) = redo.get(at) {
            at += 1;
            redo.extend(tree.kids(v).iter().filter(|&&c| self.marked[c as usize]));
        }
        redo.reverse();
        let mut ylist = Vec::new();
        for &v in &redo {
            place(tree, &mut self.s, &mut self.keep, v, &mut ylist, self.gap);
            self.rel[v as usize] = self.s[v as usize].rel_x;
        }
        for &v in &redo {
            self.spread(tree, v);
        }

        // Positions from the root down: along the nodes placed again, and then in one
        // sweep over each subtree that moved as a whole. The sums are the ones `new`
        // makes, so the result is the same to the bit.
        // The anchor path is walked node by node: at the edge its totals are worked
        // out from its leaf up (see `anchor_totals`), not from the root down.
        let mut moved = Vec::new();
        let mut stack = Vec::new();
        let path = anchor_path(tree, tree.len(), self.edge);
        let path_total = anchor_totals(&path, self.edge, &self.s, |c| self.off[c as usize]);
        // Nodes that were on the edge and are not now had their totals worked out
        // from the leaf up: from the root down they may come out an ulp apart, so
        // they are worked out again whether or not they look moved.
        let old_path = std::mem::take(&mut self.path);
        for (&v, on) in old_path
            .iter()
            .map(|v| (v, true))
            .chain(path.iter().map(|v| (v, false)))
        {
            if let Some(left) = self.left.get_mut(v as usize) {
                *left = on;
            }
        }
        if !redo.is_empty() {
            self.total[0] = path_total[0];
            stack.push((0u32, Some(0)));
        }
        while let Some((v, on_path)) = stack.pop() {
            moved.push(v..v + 1);
            let total = self.total[v as usize];
            for (j, &c) in tree.kids(v).iter().enumerate() {
                let ci = c as usize;
                if let Some(d) = on_path.filter(|&d| j == 0 && d + 1 < path.len()) {
                    self.total[ci] = path_total[d + 1];
                    stack.push((c, Some(d + 1)));
                    continue;
                }
                let t = total + self.off[ci];
                // (Nodes leave the path below a node still on it: only a path node's
                // children need the check.)
                let changed =
                    t.to_bits() != self.total[ci].to_bits() || (on_path.is_some() && self.left[ci]);
                if self.marked[ci] || (tree.scattered[ci] && changed) {
                    self.total[ci] = t;
                    stack.push((c, None));
                } else if changed {
                    self.total[ci] = t;
                    moved.push(c..tree.end[ci]);
                }
            }
        }
        // The subtrees that moved as a whole, swept in order of their numbers: after
        // edits that moved subtrees there can be thousands, and memory read in order
        // is several times faster than read where the walk happened to find them.
        for &v in &old_path {
            if let Some(left) = self.left.get_mut(v as usize) {
                *left = false;
            }
        }
        self.path = path;
        moved.sort_unstable_by_key(|r| r.start);
        for r in &moved {
            for j in r.start as usize + 1..r.end as usize {
                self.total[j] = self.total[tree.parent[j] as usize] + self.off[j];
            }
        }
        for &v in &taken {
            self.marked[v as usize] = false;
        }
        self.redo = taken;
        self.redo.clear();
        moved
    }

    /// Takes back `v`'s placement of its children: the threads it tied, and what it
    /// changed of their state. (The children's own placements stay.)
    fn undo(&mut self, tree: &Tree, v: u32) {
        for &c in tree.kids(v) {
            let c = c as usize;
            let tie = std::mem::replace(&mut self.keep[c].tied, NONE);
            if tie != NONE {
                let leaf = &mut self.s[(tie & !RIGHT) as usize];
                if tie & RIGHT != 0 {
                    leaf.thread_r = NONE;
                    leaf.mod_tr = 0.0;
                } else {
                    leaf.thread_l = NONE;
                    leaf.mod_tl = 0.0;
                }
            }
            let own = self.keep[c];
            let node = &mut self.s[c];
            node.modst = if tree.kids(c as u32).is_empty() {
                0.0
            } else {
                -node.rel_x
            };
            node.shift_acc = 0.0;
            node.shift_change = 0.0;
            node.el = own.el;
            node.er = own.er;
            node.mod_el = own.mod_el;
            node.mod_er = own.mod_er;
        }
    }

    /// Each child's offset from `v`: its own, plus its share of the space given to
    /// middle children (van der Ploeg's shifts, spread from left to right).
    fn spread(&mut self, tree: &Tree, v: u32) {
        let (mut speed, mut delta) = (0.0, 0.0);
        for &c in tree.kids(v) {
            let node = &self.s[c as usize];
            speed += node.shift_acc;
            delta += speed + node.shift_change;
            self.off[c as usize] = node.modst + delta;
        }
    }
}

/// First walk for `v`, whose children are placed: puts them side by side, and `v`
/// over them. Records in `keep` (if it is not empty) what a later edit needs.
fn place(
    tree: &impl Shape,
    s: &mut [Node],
    keep: &mut [Keep],
    v: u32,
    ylist: &mut Vec<(usize, f64)>,
    gap: f64,
) {
    let vi = v as usize;
    let ks = tree.kids(v);
    if ks.is_empty() {
        // Threads on a leaf are its ancestors' business, and they are all placed
        // after it (so its threads are untied by then).
        s[vi] = Node {
            el: v,
            er: v,
            ..FRESH
        };
        if let Some(k) = keep.get_mut(vi) {
            (k.el, k.er, k.mod_el, k.mod_er) = (v, v, 0.0, 0.0);
        }
        return;
    }
    ylist.clear();
    ylist.push((0, tree.bottom(s[ks[0] as usize].er as usize)));
    for i in 1..ks.len() {
        let max_y = tree.bottom(s[ks[i] as usize].el as usize);
        let tied = separate(tree, s, ks, i, ylist, gap);
        if let Some(k) = keep.get_mut(ks[i] as usize) {
            k.tied = tied;
        }
        while ylist.last().is_some_and(|&(_, y)| y <= max_y) {
            ylist.pop();
        }
        ylist.push((i, max_y));
    }
    let (f, l) = (s[ks[0] as usize], s[ks[ks.len() - 1] as usize]);
    let node = &mut s[vi];
    node.rel_x = (f.rel_x + f.modst + l.rel_x + l.modst) / 2.0;
    node.modst = -node.rel_x;
    node.el = f.el;
    node.mod_el = f.modst + f.mod_el;
    node.er = l.er;
    node.mod_er = l.modst + l.mod_er;
    if let Some(k) = keep.get_mut(vi) {
        (k.el, k.er, k.mod_el, k.mod_er) = (node.el, node.er, node.mod_el, node.mod_er);
    }
}

/// A walk down one side of a subtree, with the sum of modifiers along the way.
struct Contour {
    left: bool,
    at: u32,
    sum: f64,
}

impl Contour {
    fn next(&mut self, tree: &impl Shape, s: &[Node]) {
        let v = &s[self.at as usize];
        let ks = tree.kids(self.at);
        if let (false, Some(&c)) = (
            ks.is_empty(),
            if self.left { ks.first() } else { ks.last() },
        ) {
            self.at = c;
            self.sum += s[c as usize].modst;
        } else if self.left {
            self.sum += v.mod_tl;
            self.at = v.thread_l;
        } else {
            self.sum += v.mod_tr;
            self.at = v.thread_r;
        }
    }
}

/// Pushes child `i` right until its left contour clears the right contour of the
/// children before it, then threads the shorter contour onto the longer one. Returns
/// the leaf it tied a thread to (with `RIGHT` for a right thread), or NONE.
fn separate(
    tree: &impl Shape,
    s: &mut [Node],
    ks: &[u32],
    i: usize,
    ylist: &mut Vec<(usize, f64)>,
    gap: f64,
) -> u32 {
    let (prev, cur) = (ks[i - 1] as usize, ks[i] as usize);
    let mut l = Contour {
        left: false,
        at: prev as u32,
        sum: s[prev].modst,
    };
    let mut r = Contour {
        left: true,
        at: cur as u32,
        sum: s[cur].modst,
    };
    while l.at != NONE && r.at != NONE {
        let (lv, rv) = (l.at as usize, r.at as usize);
        let l_bottom = tree.bottom(lv);
        if ylist.len() > 1 && ylist.last().is_some_and(|&(_, y)| l_bottom > y) {
            ylist.pop();
        }
        let dist = (l.sum + s[lv].rel_x + tree.breadth(lv) / 2.0)
            - (r.sum + s[rv].rel_x - tree.breadth(rv) / 2.0)
            + gap;
        if dist > 0.0 {
            r.sum += dist;
            move_subtree(s, ks, i, ylist.last().map_or(i - 1, |&(j, _)| j), dist);
        }
        let r_bottom = tree.bottom(rv);
        if l_bottom <= r_bottom {
            l.next(tree, s);
        }
        if l_bottom >= r_bottom {
            r.next(tree, s);
        }
    }
    let first = ks[0] as usize;
    if l.at == NONE && r.at != NONE {
        // The new subtree is deeper: the left siblings' left contour continues into it.
        let diff = r.sum - s[first].mod_el - s[first].modst;
        let e = s[first].el;
        s[e as usize].thread_l = r.at;
        s[e as usize].mod_tl = diff;
        s[first].el = s[cur].el;
        s[first].mod_el = s[cur].mod_el + s[cur].modst - s[first].modst;
        e
    } else if l.at != NONE && r.at == NONE {
        // The left siblings are deeper: the new subtree's right contour continues there.
        let diff = l.sum - s[cur].mod_er - s[cur].modst;
        let e = s[cur].er;
        s[e as usize].thread_r = l.at;
        s[e as usize].mod_tr = diff;
        s[cur].er = s[prev].er;
        s[cur].mod_er = s[prev].mod_er + s[prev].modst - s[cur].modst;
        e | RIGHT
    } else {
        NONE
    }
}

/// Moves child `i` by `dist`, and spreads the same move evenly over the children
/// between `from` and `i`, so small subtrees between two big ones are not bunched up.
fn move_subtree(s: &mut [Node], ks: &[u32], i: usize, from: usize, dist: f64) {
    s[ks[i] as usize].modst += dist;
    if from + 1 < i {
        let n = (i - from) as f64;
        s[ks[from + 1] as usize].shift_acc += dist / n;
        s[ks[i] as usize].shift_acc -= dist / n;
        s[ks[i] as usize].shift_change -= dist - dist / n;
    }
}
