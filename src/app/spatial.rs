//! Which cards and lines are where: a uniform grid over the scene, so a frame touches
//! only what is on screen, however large the chart.

use rustc_hash::FxHashMap;

use egui::{Pos2, Rect};

use crate::model::Grouped;
use crate::scene::Scene;

/// Grid cell size in chart units: a few cards across.
const CELL: f32 = 512.0;

#[derive(Default)]
pub struct SpatialIndex {
    cards: Grid,
    wires: Grid,
}

/// Items by grid cell, compressed: one list for all cells rather than a list per cell,
/// so building it for 100,000 cards makes a few allocations, not one per cell. (It is
/// rebuilt after every edit.)
#[derive(Default)]
struct Grid {
    /// Cell → slot in `items`.
    slots: FxHashMap<(i32, i32), u32>,
    items: Grouped<u32>,
}

impl Grid {
    /// From (cell, item) pairs; each cell keeps its items in the order given.
    fn new(pairs: impl Iterator<Item = ((i32, i32), u32)>) -> Self {
        let mut slots = FxHashMap::default();
        let mut tagged: Vec<(u32, u32)> = Vec::new();
        for (c, item) in pairs {
            let next = slots.len() as u32;
            tagged.push((*slots.entry(c).or_insert(next), item));
        }
        let items = Grouped::new(slots.len(), tagged.into_iter());
        Self { slots, items }
    }

    fn get(&self, c: (i32, i32)) -> &[u32] {
        self.slots
            .get(&c)
            .map_or(&[], |&s| self.items.get(s as usize))
    }
}

fn cell(p: Pos2) -> (i32, i32) {
    (
        (p.x / CELL).floor().clamp(-1e9, 1e9) as i32,
        (p.y / CELL).floor().clamp(-1e9, 1e9) as i32,
    )
}

fn cells(r: Rect) -> impl Iterator<Item = (i32, i32)> {
    let (a, b) = (cell(r.min), cell(r.max));
    (a.1..=b.1).flat_map(move |y| (a.0..=b.0).map(move |x| (x, y)))
}

impl SpatialIndex {
    pub fn build(scene: &Scene) -> Self {
        let cards = scene
            .cards
            .iter()
            .enumerate()
            .flat_map(|(i, card)| cells(card.rect).map(move |c| (c, i as u32)));
        // Each straight piece in the cells it crosses (lines are orthogonal, so a
        // piece's bounding box is the piece); a wire listed twice in a cell is
        // dropped by `query`.
        let wires = scene.connectors.iter().enumerate().flat_map(|(i, wire)| {
            wire.points.windows(2).flat_map(move |w| {
                cells(Rect::from_two_pos(w[0], w[1])).map(move |c| (c, i as u32))
            })
        });
        Self {
            cards: Grid::new(cards),
            wires: Grid::new(wires),
        }
    }

    /// Number of grid cells `r` covers: callers switch to an overview above some count.
    pub fn cells_in(r: Rect) -> u64 {
        let (a, b) = (cell(r.min), cell(r.max));
        (b.0 as i64 - a.0 as i64 + 1) as u64 * (b.1 as i64 - a.1 as i64 + 1) as u64
    }

    /// Cards and wires (indices into the scene) that may intersect `r`, each once, in
    /// scene order (so lines still draw below cards, and cards in a stable order).
    pub fn query(&self, r: Rect, cards: &mut Vec<u32>, wires: &mut Vec<u32>) {
        cards.clear();
        wires.clear();
        for c in cells(r) {
            cards.extend_from_slice(self.cards.get(c));
            wires.extend_from_slice(self.wires.get(c));
        }
        cards.sort_unstable();
        cards.dedup();
        wires.sort_unstable();
        wires.dedup();
    }
}
