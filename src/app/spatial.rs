//! Which cards and lines are where: a uniform grid over the scene, so a frame touches
//! only what is on screen, however large the chart.

use egui::{Pos2, Rect};

use crate::model::Grouped;
use crate::scene::Scene;

/// Grid cell size in chart units: a few cards across.
const CELL: f32 = 512.0;

/// At most this many cells (larger cells on a chart too large for that): the grid is an
/// array over the chart's extent, a few bytes a cell.
const MAX_CELLS: f32 = 4_000_000.0;

#[derive(Default)]
pub struct SpatialIndex {
    grid: Frame,
    cards: Grouped<u32>,
    wires: Grouped<u32>,
}

/// Where the grid lies: its first cell's corner, the cells' size, columns and rows.
/// Cells are numbered row by row. (It used to be a hash map from cell to items, which
/// was most of the time spent indexing a chart of 100,000 roles after an edit.)
#[derive(Default)]
struct Frame {
    origin: Pos2,
    cell: f32,
    columns: u32,
    rows: u32,
}

impl Frame {
    /// A grid over `bounds`.
    fn over(bounds: Rect) -> Self {
        if !(bounds.is_finite() && bounds.min.x <= bounds.max.x && bounds.min.y <= bounds.max.y) {
            return Self {
                origin: Pos2::ZERO,
                cell: CELL,
                columns: 1,
                rows: 1,
            };
        }
        let mut cell = CELL;
        let count = |cell: f32| {
            (
                (bounds.width() / cell).floor() + 1.0,
                (bounds.height() / cell).floor() + 1.0,
            )
        };
        while count(cell).0 * count(cell).1 > MAX_CELLS {
            cell *= 2.0;
        }
        let (columns, rows) = count(cell);
        Self {
            origin: bounds.min,
            cell,
            columns: columns as u32,
            rows: rows as u32,
        }
    }

    /// The column and row of the cell holding `p` (the nearest cell for a point outside
    /// the grid: lookups may return more than intersects, never less).
    fn cell_of(&self, p: Pos2) -> (u32, u32) {
        // (A float turned integer saturates: what lies before the grid, and NaN,
        // become 0; no `floor` needed for the rest, which is not negative.)
        let at =
            |v: f32, from: f32, n: u32| (((v - from) / self.cell) as u32).min(n.saturating_sub(1));
        (
            at(p.x, self.origin.x, self.columns),
            at(p.y, self.origin.y, self.rows),
        )
    }

    /// The cells `r` touches, by number.
    fn cells(&self, r: Rect) -> impl Iterator<Item = u32> + Clone + '_ {
        let ((x0, y0), (x1, y1)) = (self.cell_of(r.min), self.cell_of(r.max));
        let columns = self.columns;
        let none = self.columns == 0 || self.rows == 0;
        (y0..=y1)
            .filter(move |_| !none)
            .flat_map(move |y| (x0..=x1).map(move |x| y * columns + x))
    }

    fn len(&self) -> usize {
        self.columns as usize * self.rows as usize
    }
}

impl SpatialIndex {
    pub fn build(scene: &Scene) -> Self {
        // The extent of what is indexed (the scene's bounds may lag behind a patch).
        let mut bounds = Rect::NOTHING;
        for card in &scene.cards {
            bounds = bounds.union(card.rect);
        }
        for wire in &scene.connectors {
            for &p in &wire.points {
                bounds.extend_with(p);
            }
        }
        let grid = Frame::over(bounds);
        // (Cell, item) pairs, gathered once: grouping them goes over them twice.
        let mut pairs = Vec::with_capacity(scene.cards.len() * 2);
        for (i, card) in scene.cards.iter().enumerate() {
            pairs.extend(grid.cells(card.rect).map(|c| (c, i as u32)));
        }
        let cards = Grouped::new(grid.len(), pairs.iter().copied());
        pairs.clear();
        // Each straight piece in the cells it crosses (lines are orthogonal, so a
        // piece's bounding box is the piece); a wire listed twice in a cell is
        // dropped by `query`.
        for (i, wire) in scene.connectors.iter().enumerate() {
            for w in wire.points.windows(2) {
                let piece = Rect::from_two_pos(w[0], w[1]);
                pairs.extend(grid.cells(piece).map(|c| (c, i as u32)));
            }
        }
        let wires = Grouped::new(grid.len(), pairs.iter().copied());
        Self { grid, cards, wires }
    }

    /// Number of grid cells of the usual size `r` covers: callers switch to an overview
    /// above some count.
    pub fn cells_in(r: Rect) -> u64 {
        let cell = |p: Pos2| {
            (
                (p.x / CELL).floor().clamp(-1e9, 1e9) as i64,
                (p.y / CELL).floor().clamp(-1e9, 1e9) as i64,
            )
        };
        let (a, b) = (cell(r.min), cell(r.max));
        (b.0 - a.0 + 1).max(0) as u64 * (b.1 - a.1 + 1).max(0) as u64
    }

    /// Cards and wires (indices into the scene) that may intersect `r`, each once, in
    /// scene order (so lines still draw below cards, and cards in a stable order).
    pub fn query(&self, r: Rect, cards: &mut Vec<u32>, wires: &mut Vec<u32>) {
        cards.clear();
        wires.clear();
        for c in self.grid.cells(r) {
            cards.extend_from_slice(self.cards.get(c as usize));
            wires.extend_from_slice(self.wires.get(c as usize));
        }
        cards.sort_unstable();
        cards.dedup();
        wires.sort_unstable();
        wires.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{pos2, vec2};

    /// A scene of cards and orthogonal lines strewn over a wide area.
    fn strewn(n: usize, spread: f32) -> Scene {
        let mut scene = crate::scene::build_plain(&crate::example::chart());
        let template = (scene.cards[0].clone(), scene.connectors[0].clone());
        scene.cards.clear();
        scene.connectors.clear();
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as f32 / (1u64 << 31) as f32
        };
        for _ in 0..n {
            let mut card = template.0.clone();
            card.rect = Rect::from_min_size(
                pos2(next() * spread - spread / 2.0, next() * 3000.0),
                vec2(176.0, 48.0),
            );
            scene.cards.push(card);
            let mut wire = template.1.clone();
            let (a, b) = (next() * spread, next() * 3000.0);
            wire.points = vec![
                pos2(a, b),
                pos2(a, b + 300.0),
                pos2(a + next() * 9000.0, b + 300.0),
            ];
            scene.connectors.push(wire);
        }
        scene
    }

    #[test]
    fn a_query_finds_everything_that_intersects_once_in_scene_order() {
        // Small, and so wide that cells grow past the usual size.
        for (n, spread) in [(300, 20_000.0), (300, 9e9)] {
            let scene = strewn(n, spread);
            let index = SpatialIndex::build(&scene);
            if spread > 1e9 {
                assert!(index.grid.cell > CELL && index.grid.len() as f32 <= MAX_CELLS);
            }
            let (mut cards, mut wires) = (Vec::new(), Vec::new());
            for k in 0..50 {
                let at = scene.cards[k].rect.center() + vec2(-300.0, -200.0);
                let view = Rect::from_min_size(at, vec2(900.0, 700.0));
                index.query(view, &mut cards, &mut wires);
                assert!(cards.windows(2).all(|w| w[0] < w[1]));
                assert!(wires.windows(2).all(|w| w[0] < w[1]));
                for (i, card) in scene.cards.iter().enumerate() {
                    if card.rect.intersects(view) {
                        assert!(cards.contains(&(i as u32)), "card {i} missed");
                    }
                }
                for (i, wire) in scene.connectors.iter().enumerate() {
                    let hit = wire
                        .points
                        .windows(2)
                        .any(|w| Rect::from_two_pos(w[0], w[1]).intersects(view));
                    if hit {
                        assert!(wires.contains(&(i as u32)), "wire {i} missed");
                    }
                }
            }
            // Far outside the chart: at most the border's cells, no panic.
            index.query(
                Rect::from_min_size(pos2(-1e30, f32::NAN), vec2(5.0, 5.0)),
                &mut cards,
                &mut wires,
            );
        }
        // Nothing indexed, or never built.
        let (mut cards, mut wires) = (Vec::new(), Vec::new());
        SpatialIndex::default().query(Rect::EVERYTHING, &mut cards, &mut wires);
        assert!(cards.is_empty() && wires.is_empty());
        let empty = strewn(0, 1.0);
        SpatialIndex::build(&empty).query(Rect::EVERYTHING, &mut cards, &mut wires);
        assert!(cards.is_empty() && wires.is_empty());
    }
}
