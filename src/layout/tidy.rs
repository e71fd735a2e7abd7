//! The tidy-tree core: van der Ploeg's linear-time algorithm ("Drawing non-layered tidy
//! trees in linear time", 2014), on flat arrays and without recursion, so that a
//! million roles or a 100,000-deep chain lay out without allocation per node or stack
//! overflow. It works on an abstract tree: each node has a breadth (its width across
//! the tree) and a bottom (how far down it and the gap below it reach); the caller
//! chooses those, which is how layered rows, left-right orientation and hanger blocks
//! all reuse this one algorithm.

pub const NONE: u32 = u32::MAX;

/// A tree in compressed form: node `v`'s children are `kids[start[v]..start[v + 1]]`.
pub(super) struct Tree<'a> {
    pub breadth: &'a [f64],
    pub bottom: &'a [f64],
    pub start: &'a [u32],
    pub kids: &'a [u32],
}

impl Tree<'_> {
    fn kids(&self, v: u32) -> &[u32] {
        &self.kids[self.start[v as usize] as usize..self.start[v as usize + 1] as usize]
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

/// Centre of each node along the breadth axis, for a tree numbered in pre-order from
/// its root, node 0. Siblings keep their order; neighbouring contours are at least `gap`
/// apart; a parent is centred over its first and last child.
pub(super) fn tidy(tree: &Tree, gap: f64) -> Vec<f64> {
    let n = tree.breadth.len();
    let mut s = vec![FRESH; n];

    // First walk: children before parents (reverse pre-order).
    let mut ylist: Vec<(usize, f64)> = Vec::new();
    for v in (0..n).rev() {
        let ks = tree.kids(v as u32);
        if ks.is_empty() {
            s[v].el = v as u32;
            s[v].er = v as u32;
            continue;
        }
        ylist.clear();
        ylist.push((0, tree.bottom[s[ks[0] as usize].er as usize]));
        for i in 1..ks.len() {
            let max_y = tree.bottom[s[ks[i] as usize].el as usize];
            separate(tree, &mut s, ks, i, &mut ylist, gap);
            while ylist.last().is_some_and(|&(_, y)| y <= max_y) {
                ylist.pop();
            }
            ylist.push((i, max_y));
        }
        let (f, l) = (s[ks[0] as usize], s[ks[ks.len() - 1] as usize]);
        let node = &mut s[v];
        node.rel_x = (f.rel_x + f.modst + l.rel_x + l.modst) / 2.0;
        node.modst = -node.rel_x;
        node.el = f.el;
        node.mod_el = f.modst + f.mod_el;
        node.er = l.er;
        node.mod_er = l.modst + l.mod_er;
    }

    // Second walk: absolute positions, spreading the space given to middle children.
    // In pre-order every parent comes before its children, so one forward pass does.
    // A child's `shift_acc` is spent once its parent is done: it then carries the sum
    // of its ancestors' modifiers, and `rel_x` becomes the absolute position.
    s[0].shift_acc = 0.0;
    for v in 0..n {
        let total = s[v].shift_acc + s[v].modst;
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

/// A walk down one side of a subtree, with the sum of modifiers along the way.
struct Contour {
    left: bool,
    at: u32,
    sum: f64,
}

impl Contour {
    fn next(&mut self, tree: &Tree, s: &[Node]) {
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
/// children before it, then threads the shorter contour onto the longer one.
fn separate(
    tree: &Tree,
    s: &mut [Node],
    ks: &[u32],
    i: usize,
    ylist: &mut Vec<(usize, f64)>,
    gap: f64,
) {
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
        let l_bottom = tree.bottom[lv];
        if ylist.len() > 1 && ylist.last().is_some_and(|&(_, y)| l_bottom > y) {
            ylist.pop();
        }
        let dist = (l.sum + s[lv].rel_x + tree.breadth[lv] / 2.0)
            - (r.sum + s[rv].rel_x - tree.breadth[rv] / 2.0)
            + gap;
        if dist > 0.0 {
            r.sum += dist;
            move_subtree(s, ks, i, ylist.last().map_or(i - 1, |&(j, _)| j), dist);
        }
        let r_bottom = tree.bottom[rv];
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
        let e = s[first].el as usize;
        s[e].thread_l = r.at;
        s[e].mod_tl = diff;
        s[first].el = s[cur].el;
        s[first].mod_el = s[cur].mod_el + s[cur].modst - s[first].modst;
    } else if l.at != NONE && r.at == NONE {
        // The left siblings are deeper: the new subtree's right contour continues there.
        let diff = l.sum - s[cur].mod_er - s[cur].modst;
        let e = s[cur].er as usize;
        s[e].thread_r = l.at;
        s[e].mod_tr = diff;
        s[cur].er = s[prev].er;
        s[cur].mod_er = s[prev].mod_er + s[prev].modst - s[cur].modst;
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
