//! Which cards and lines are where: a uniform grid over the scene, so a frame touches
//! only what is on screen, however large the chart.

use std::collections::HashMap;

use egui::{Pos2, Rect};

use crate::scene::Scene;

/// Grid cell size in chart units: a few cards across.
const CELL: f32 = 512.0;

#[derive(Default)]
pub struct SpatialIndex {
    cards: HashMap<(i32, i32), Vec<u32>>,
    wires: HashMap<(i32, i32), Vec<u32>>,
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
        let mut index = Self::default();
        for (i, card) in scene.cards.iter().enumerate() {
            for c in cells(card.rect) {
                index.cards.entry(c).or_default().push(i as u32);
            }
        }
        for (i, wire) in scene.connectors.iter().enumerate() {
            // Each straight piece in the cells it crosses (lines are orthogonal, so a
            // piece's bounding box is the piece).
            for w in wire.points.windows(2) {
                for c in cells(Rect::from_two_pos(w[0], w[1])) {
                    let list = index.wires.entry(c).or_default();
                    if list.last() != Some(&(i as u32)) {
                        list.push(i as u32);
                    }
                }
            }
        }
        index
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
            if let Some(list) = self.cards.get(&c) {
                cards.extend_from_slice(list);
            }
            if let Some(list) = self.wires.get(&c) {
                wires.extend_from_slice(list);
            }
        }
        cards.sort_unstable();
        cards.dedup();
        wires.sort_unstable();
        wires.dedup();
    }
}
