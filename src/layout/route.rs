//! Paths for reporting lines, from where the cards are actually drawn (a card placed by
//! hand drags its lines along). Primary lines share one trunk per superior: a stem,
//! a bus across the channel below it, and one drop per subordinate (or a hanger's
//! trunk and one short branch per card). Other lines (matrix, and a primary line that
//! would close a loop) are routed orthogonally: out of the superior into the channel
//! below it, along a column free of cards in every row in between, and into the
//! subordinate from the channel above it.

use emath::{Pos2, Rect};

use super::Layout;
use super::tidy::NONE;
use crate::model::LineKind;

/// One drawn path: its points are `Routes::points(route)`. `subordinate` is
/// `u32::MAX` for the shared parts of a trunk.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// Role indices (chart order).
    pub superior: u32,
    pub subordinate: u32,
    pub kind: LineKind,
    start: u32,
    len: u32,
}

/// Every path, with all points in one buffer (a large chart has hundreds of thousands).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Routes {
    pub lines: Vec<Route>,
    points: Vec<Pos2>,
}

impl Routes {
    pub fn points(&self, route: &Route) -> &[Pos2] {
        &self.points[route.start as usize..(route.start + route.len) as usize]
    }

    fn push(
        &mut self,
        superior: u32,
        subordinate: u32,
        kind: LineKind,
        pts: impl Iterator<Item = Pos2>,
    ) {
        let start = self.points.len();
        self.points.extend(pts);
        self.lines.push(Route {
            superior,
            subordinate,
            kind,
            start: start as u32,
            len: (self.points.len() - start) as u32,
        });
    }
}

/// Cards are kept this far from a routed line.
const CLEARANCE: f32 = 10.0;

impl Layout {
    /// The visible roles whose cards are not where the layout puts them in their rows
    /// (placed by hand, or stacked in a hanger block), in order. The routing of lines
    /// finds the other cards by its rows' lists ([`Layout::levels`]), these by this list:
    /// so it costs no pass over the chart, and a caller that keeps the list up to
    /// date edit by edit ([`Layout::is_displaced`]) routes lines again in little time.
    pub fn displaced(&self, rects: &[Rect]) -> Vec<u32> {
        (0..self.len())
            .filter(|&v| self.visible[v] && self.is_displaced(v, rects[v]))
            .map(|v| v as u32)
            .collect()
    }

    /// Whether role `v`'s card, drawn at `rect`, is displaced (see [`Layout::displaced`]).
    /// A rectangle's centre worked out again can be an ulp or so off the centre it was
    /// drawn around: that is not displaced.
    pub fn is_displaced(&self, v: usize, rect: Rect) -> bool {
        let c = self.centers[v];
        let off = (rect.center() - c).abs().max_elem();
        self.hanger_of[v] != NONE
            || off > 4.0 * f32::EPSILON * c.to_vec2().abs().max_elem().max(1.0)
    }

    /// Paths for every reporting line between visible roles. `rects` holds each role's
    /// card rectangle as drawn, in chart order; `displaced`, the roles
    /// [`Layout::displaced`] gives for them.
    pub fn routes(&self, rects: &[Rect], displaced: &[u32]) -> Routes {
        let mut out = Routes {
            lines: Vec::with_capacity(self.order.len() * 3 / 2),
            points: Vec::with_capacity(self.order.len() * 3),
        };
        self.trunks(rects, &mut out);
        self.route_others(rects, displaced, &mut out);
        out
    }

    /// Only the lines routed around the tree (secondary lines, and primary ones that a
    /// loop broke): the part of line drawing that is layout work.
    pub fn matrix_routes(&self, rects: &[Rect], displaced: &[u32]) -> Routes {
        // At most six points a line.
        let mut out = Routes {
            lines: Vec::with_capacity(self.others.len()),
            points: Vec::with_capacity(self.others.len() * 6),
        };
        self.route_others(rects, displaced, &mut out);
        out
    }

    fn route_others(&self, rects: &[Rect], displaced: &[u32], out: &mut Routes) {
        let level_gap = self.params.level_gap;
        let bands: Vec<(f32, f32)> = self.rows.iter().map(|&(t, s)| (t, t + s)).collect();
        // Each line leaves in the channel below its superior's row and arrives from the
        // one above its subordinate's, at its lane's heights (each line into a role gets
        // its own lane, so lines never run on top of each other). Only a line that
        // cannot drop straight down needs the cards of the rows it passes sorted out.
        // (Each card is read once: on a large chart most of this work is waiting for
        // them. So the ends' cards are read first, in a loop that does nothing else:
        // reads that do not wait on one another go out together, which halves the time
        // after an edit at 100,000 roles.)
        let ends: Vec<_> = self
            .others
            .iter()
            .map(|l| {
                let (s, i) = (l.superior as usize, l.subordinate as usize);
                let shown = self.visible[s] & self.visible[i];
                (shown, rects[s], rects[i], self.depth[s], self.depth[i])
            })
            .collect();
        let mut needed = vec![false; bands.len()];
        let lines: Vec<_> = self
            .others
            .iter()
            .zip(ends)
            .filter(|(_, end)| end.0)
            .map(|(line, (_, s_rect, rect, s_depth, depth))| {
                let lane = (line.nth as usize + 2) % 3;
                let (sr, r) = (self.span(s_rect), self.span(rect));
                let (s_row, row) = (self.row_index(s_depth, sr), self.row_index(depth, r));
                // A row is as deep as its deepest card: a card's own edge is not enough.
                let end = self.rows.get(s_row).map_or(sr[3], |&(t, size)| t + size);
                let start = self.rows.get(row).map_or(r[2], |&(t, _)| t);
                let y1 = end.max(sr[3]) + level_gap * (0.2 + 0.08 * lane as f32);
                let y2 = start.min(r[2]) - level_gap * (0.15 + 0.1 * lane as f32);
                // Found near the ends' own rows, where they nearly always are.
                let guess = if y1 < y2 {
                    (s_row.saturating_add(1), row)
                } else {
                    (row, s_row.saturating_add(1))
                };
                let rows = rows_between(&bands, y1.min(y2), y1.max(y2), guess);
                let straight = y2 > y1 && rows.is_empty();
                if !straight {
                    needed[rows].fill(true);
                }
                (line, sr, r, (y1, y2), straight)
            })
            .collect();
        if lines.is_empty() {
            return;
        }
        let obstacles = Obstacles::new(self, rects, displaced, &needed, bands);
        let mut sides = [0usize; 2];
        let mut last = NONE;
        for (line, sr, r, (y1, y2), straight) in lines {
            let (i, s, k) = (
                line.subordinate as usize,
                line.superior as usize,
                line.nth as usize,
            );
            if line.subordinate != last {
                sides = [0, 0];
                last = line.subordinate;
            }
            let s_mid = (sr[0] + sr[1]) / 2.0;
            let r_mid = (r[0] + r[1]) / 2.0;
            // Enter on the side facing the superior, away from the primary drop.
            let side = usize::from(s_mid >= r_mid);
            sides[side] += 1;
            let spread = 18.0f32.min((r[1] - r[0]) / (2.0 * line.of as f32));
            let sign = if side == 1 { 1.0 } else { -1.0 };
            let end_a = r_mid + sign * spread * sides[side] as f32;
            let start_a = s_mid + spread.min(12.0);
            let lane = (k + 2) % 3;
            let (lo, hi) = (y1.min(y2), y1.max(y2));
            let mut pts = [(0.0, 0.0); 6];
            let mut n = 0;
            let mut put = |p: (f32, f32)| {
                pts[n] = p;
                n += 1;
            };
            put((start_a, sr[3]));
            if straight {
                put((start_a, y2));
            } else {
                let col = obstacles.free_column(lo, hi, end_a, start_a, lane as f32 * 4.0);
                put((start_a, y1));
                put((col, y1));
                put((col, y2));
            }
            put((end_a, y2));
            put((end_a, r[2]));
            let kind = if k == 0 {
                LineKind::Primary
            } else {
                LineKind::Secondary
            };
            let mut simple = [Pos2::ZERO; 6];
            let len = simplify(pts[..n].iter().map(|&(a, d)| self.point(a, d)), &mut simple);
            out.push(s as u32, i as u32, kind, simple[..len].iter().copied());
        }
    }

    /// Stems, buses, drops and hanger trunks of the primary lines.
    fn trunks(&self, rects: &[Rect], out: &mut Routes) {
        let n = self.len();
        let half_gap = self.params.level_gap / 2.0;
        // In pre-order, not by node number: a `Live` edit leaves subtrees numbered as
        // they were, and the lines come out in the order a fresh layout's do.
        let mut stack: Vec<u32> = (!self.nodes.is_empty()).then_some(0).into_iter().collect();
        while let Some(pk) = stack.pop() {
            let ks = self.kids(pk as usize);
            stack.extend(ks.iter().rev());
            let p = self.nodes[pk as usize];
            if ks.is_empty() || p as usize >= n {
                continue;
            }
            let pr = self.span(rects[p as usize]);
            let p_mid = (pr[0] + pr[1]) / 2.0;
            let bottom = pr[3];
            let mut min_top = f32::INFINITY;
            for &k in ks {
                let k = self.nodes[k as usize] as usize;
                if k < n {
                    min_top = min_top.min(self.span(rects[k])[2]);
                } else if let Some(&first) = self.hanger_members(k - n).first() {
                    min_top = min_top.min(self.span(rects[first as usize])[2]);
                }
            }
            let bus = if min_top > bottom + 1.0 && min_top.is_finite() {
                (bottom + min_top) / 2.0
            } else {
                bottom + half_gap
            };
            let mut line = |sub: u32, a: (f32, f32), b: (f32, f32)| {
                out.push(
                    p,
                    sub,
                    LineKind::Primary,
                    [self.point(a.0, a.1), self.point(b.0, b.1)].into_iter(),
                );
            };
            line(NONE, (p_mid, bottom), (p_mid, bus));
            let (mut lo, mut hi) = (p_mid, p_mid);
            for &k in ks {
                let k = self.nodes[k as usize] as usize;
                if k < n {
                    let kr = self.span(rects[k]);
                    let mid = (kr[0] + kr[1]) / 2.0;
                    lo = lo.min(mid);
                    hi = hi.max(mid);
                    line(k as u32, (mid, bus), (mid, kr[2]));
                    continue;
                }
                let h = k - n;
                let trunk = self.hangers[h].trunk;
                lo = lo.min(trunk);
                hi = hi.max(trunk);
                let mut deepest = bus;
                for &m in self.hanger_members(h) {
                    let mr = self.span(rects[m as usize]);
                    let mid_d = (mr[2] + mr[3]) / 2.0;
                    deepest = deepest.max(mid_d);
                    let edge = if (mr[0] + mr[1]) / 2.0 >= trunk {
                        mr[0]
                    } else {
                        mr[1]
                    };
                    line(m, (trunk, mid_d), (edge, mid_d));
                }
                line(NONE, (trunk, bus), (trunk, deepest));
            }
            if hi - lo > 0.5 {
                line(NONE, (lo, bus), (hi, bus));
            }
        }
    }

    /// The row a card drawn over `span` has its centre in, or an index past the rows
    /// if none. Its role's own row (`depth`) is looked at first: unless the card was
    /// placed by hand, that is the one.
    fn row_index(&self, depth: u32, span: [f32; 4]) -> usize {
        let mid = (span[2] + span[3]) / 2.0;
        let rows = &self.rows;
        let k = partition_near(rows.len(), depth as usize, |k| rows[k].0 + rows[k].1 < mid);
        match rows.get(k) {
            Some(&(t, _)) if t <= mid => k,
            _ => usize::MAX,
        }
    }

    fn hanger_members(&self, h: usize) -> &[u32] {
        &self.hangers[h].members
    }
}

/// The cards in the way of a line, row by row, for finding free columns: the cards
/// the layout placed, by its rows' lists, and the displaced ones.
struct Obstacles<'a> {
    layout: &'a Layout,
    rects: &'a [Rect],
    displaced: &'a [u32],
    /// Each row's (start, end) down the tree.
    bands: Vec<(f32, f32)>,
    /// Per row: displaced cards' intervals across the tree (with clearance), sorted
    /// and merged; only in the rows some line needs.
    loose: Vec<Vec<(f32, f32)>>,
    /// Per row some line needs: the centre across of every `STRIDE`th card of its list,
    /// so that a search reads a few cards, not one a step through the whole row.
    keys: Vec<Vec<f32>>,
}

/// How far apart the cards are whose centres [`Obstacles::keys`] holds.
const STRIDE: usize = 16;

impl<'a> Obstacles<'a> {
    fn new(
        layout: &'a Layout,
        rects: &'a [Rect],
        displaced: &'a [u32],
        needed: &[bool],
        bands: Vec<(f32, f32)>,
    ) -> Self {
        let mut loose: Vec<Vec<(f32, f32)>> = vec![Vec::new(); bands.len()];
        if needed.contains(&true) {
            for &v in displaced {
                // In every row it reaches into.
                let [a0, a1, d0, d1] = layout.span(rects[v as usize]);
                let first = bands.partition_point(|b| b.1 < d0);
                for (r, band) in bands.iter().enumerate().skip(first) {
                    if band.0 > d1 {
                        break;
                    }
                    if needed[r] {
                        loose[r].push((a0 - CLEARANCE, a1 + CLEARANCE));
                    }
                }
            }
        }
        for row in &mut loose {
            row.sort_by(|a, b| a.0.total_cmp(&b.0));
            // Merge overlapping intervals in place.
            let mut kept = 0;
            for k in 0..row.len() {
                let (a, b) = row[k];
                if kept > 0 && a <= row[kept - 1].1 {
                    row[kept - 1].1 = row[kept - 1].1.max(b);
                } else {
                    row[kept] = (a, b);
                    kept += 1;
                }
            }
            row.truncate(kept);
        }
        let keys = needed
            .iter()
            .zip(&layout.levels)
            .map(|(&needed, level)| {
                let key = |&v: &u32| layout.along(layout.centers[v as usize]).0;
                if needed {
                    level.iter().step_by(STRIDE).map(key).collect()
                } else {
                    Vec::new()
                }
            })
            .collect();
        Self {
            layout,
            rects,
            displaced,
            bands,
            loose,
            keys,
        }
    }

    /// A placed card's interval across the tree, with clearance. In a row's list these
    /// come in order, neither end ever going back (the layout keeps cards apart).
    fn interval(&self, v: u32) -> (f32, f32) {
        let l = self.layout;
        let [a0, a1, _, _] = l.span(self.rects[v as usize]);
        let half = (a1 - a0) / 2.0;
        let c = l.along(l.centers[v as usize]).0;
        (c - half - CLEARANCE, c + half + CLEARANCE)
    }

    /// Where `x` falls in row `r`'s list: the first card whose centre is not left of it.
    fn find(&self, r: usize, x: f32) -> usize {
        let l = self.layout;
        let level = l.levels.get(r).map_or(&[][..], Vec::as_slice);
        let centre = |v: &u32| l.along(l.centers[*v as usize]).0;
        let Some(keys) = self.keys.get(r).filter(|k| !k.is_empty()) else {
            return level.partition_point(|v| centre(v) < x);
        };
        // Past card (j - 1)·STRIDE, and not past card j·STRIDE.
        let j = keys.partition_point(|&c| c < x);
        let lo = if j == 0 { 0 } else { (j - 1) * STRIDE + 1 };
        let hi = (j * STRIDE).min(level.len());
        lo + level[lo..hi].partition_point(|v| centre(v) < x)
    }

    /// Where `x` gets to, going right (or left) past the cards that cover it in row
    /// `r`: `x` itself if none does. `at`: where in the row's list the last call of
    /// this sweep got to (None: none yet).
    fn pass(&self, r: usize, x: f32, rightwards: bool, at: &mut Option<usize>) -> f32 {
        let l = self.layout;
        let level = l.levels.get(r).map_or(&[][..], Vec::as_slice);
        let mut to = x;
        let mut cover = |v: u32, (a, b): (f32, f32)| {
            if a < x && x < b && self.displaced.binary_search(&v).is_err() {
                to = if rightwards { to.max(b) } else { to.min(a) };
            }
        };
        // Found by centres, one read a step; the cards that cover `x` are next to the
        // first centre past it, on either side (starts and ends rise with centres).
        // A sweep passes card after card: from where it got to, a few steps do.
        let before = |k: usize| l.along(l.centers[level[k] as usize]).0 < x;
        let mut k = at.unwrap_or_else(|| self.find(r, x));
        if rightwards {
            while k < level.len() && before(k) {
                k += 1;
            }
        } else {
            while k > 0 && !before(k - 1) {
                k -= 1;
            }
        }
        *at = Some(k);
        let at = k;
        for &v in level[..at].iter().rev() {
            let iv = self.interval(v);
            if iv.1 <= x {
                break;
            }
            cover(v, iv);
        }
        for &v in &level[at..] {
            let iv = self.interval(v);
            if iv.0 >= x {
                break;
            }
            cover(v, iv);
        }
        if let Some(row) = self.loose.get(r) {
            let i = row.partition_point(|iv| iv.1 <= x);
            if let Some(&(a, b)) = row.get(i)
                && a < x
            {
                to = if rightwards { to.max(b) } else { to.min(a) };
            }
        }
        to
    }

    fn rows_between(&self, lo: f32, hi: f32) -> std::ops::Range<usize> {
        // No guess: straight to the search.
        rows_between(&self.bands, lo, hi, (usize::MAX, usize::MAX))
    }

    /// The column nearest `target` that no card blocks between `lo` and `hi` (down the
    /// tree); between two equally near, the one nearer `tie`.
    /// `lane` moves the column that far further from the card it clears.
    fn free_column(&self, lo: f32, hi: f32, target: f32, tie: f32, lane: f32) -> f32 {
        let range = self.rows_between(lo, hi);
        if range.is_empty() {
            return target;
        }
        // Where `target` is in each row's list: both sweeps start there. (Each search
        // reads a card a step, most of them not in the cache: half of them saved. A
        // sweep already past `target` walks from there, card by card: measured, that
        // costs less than searching again.)
        let seeds: Vec<Option<usize>> = range.clone().map(|r| Some(self.find(r, target))).collect();
        let sweep = |rightwards: bool| {
            let mut x = target;
            // Where each row was got to: a sweep only goes one way.
            let mut at = seeds.clone();
            // Each step passes at least one card, so this ends; the cap guards
            // against float surprises.
            for _ in 0..100_000 {
                let mut moved = false;
                for (r, at) in range.clone().zip(&mut at) {
                    let to = self.pass(r, x, rightwards, at);
                    if to != x {
                        x = to;
                        moved = true;
                    }
                }
                if !moved {
                    break;
                }
            }
            x
        };
        let (right, left) = (sweep(true), sweep(false));
        let (dr, dl) = ((right - target).abs(), (target - left).abs());
        if dr < dl || (dr == dl && (right - tie).abs() <= (left - tie).abs()) {
            if right == target { right } else { right + lane }
        } else if left == target {
            left
        } else {
            left - lane
        }
    }
}

/// The rows (by their (start, end) bands down the tree) that reach between `lo` and
/// `hi`; `guess`, where the range most likely starts and ends.
fn rows_between(
    bands: &[(f32, f32)],
    lo: f32,
    hi: f32,
    guess: (usize, usize),
) -> std::ops::Range<usize> {
    let first = partition_near(bands.len(), guess.0, |k| bands[k].1 <= lo);
    let end = partition_near(bands.len(), guess.1, |k| bands[k].0 < hi);
    first..end.max(first)
}

/// What `partition_point` gives for `below` (true for a run of indices from 0, then
/// false) over `0..len`, trying `guess` first: two reads where it is right, a search
/// where not. (Row lookups were a third of the time of routing the matrix lines.)
fn partition_near(len: usize, guess: usize, below: impl Fn(usize) -> bool) -> usize {
    if guess <= len && (guess == 0 || below(guess - 1)) && (guess == len || !below(guess)) {
        return guess;
    }
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Drops repeated points and middle points of straight runs; returns how many of
/// `out` it filled (at most as many as it was given).
fn simplify(points: impl Iterator<Item = Pos2>, out: &mut [Pos2]) -> usize {
    let mut n = 0;
    for p in points {
        if n > 0 && (out[n - 1] - p).length_sq() < 1e-4 {
            continue;
        }
        if n >= 2 {
            let (a, b) = (out[n - 2], out[n - 1]);
            let straight = ((a.x - b.x).abs() < 0.01 && (b.x - p.x).abs() < 0.01)
                || ((a.y - b.y).abs() < 0.01 && (b.y - p.y).abs() < 0.01);
            if straight {
                n -= 1;
            }
        }
        out[n] = p;
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::partition_near;

    /// Whatever the guess, right, wrong or past the end, the answer is the search's.
    #[test]
    fn a_guessed_partition_is_the_searched_one() {
        for len in 0..40usize {
            // Sorted with repeats, as centres and row ends can be.
            let keys: Vec<u32> = (0..len as u32).map(|k| k / 3).collect();
            for x in 0..=(len as u32 / 3 + 1) {
                let expected = keys.partition_point(|&k| k < x);
                for guess in (0..=len + 2).chain([usize::MAX]) {
                    let got = partition_near(len, guess, |k| keys[k] < x);
                    assert_eq!(got, expected, "len {len} x {x} guess {guess}");
                }
            }
        }
    }
}
