//! Which parts of a tile were painted on. The rest is bare background: its blocks are
//! not looked at when the tile's rows go to the encoder, and not filled again for the
//! next tile. (A tile of a big chart is mostly background: filling it whole and
//! comparing every block with the background was a tenth of a large export's time.)

use std::ops::Range;

/// For each block column of a tile's pixmap (the output's blocks of `block` pixels, the
/// first and the last taking the overlap beside them as well), the rows painted on.
pub struct Marks {
    /// The pixmap's size, and the columns of overlap on either side of the tile.
    width: usize,
    height: usize,
    overlap: usize,
    block: usize,
    rows: Vec<Range<usize>>,
}

impl Marks {
    pub fn new(width: u32, height: u32, overlap: u32, block: u32) -> Self {
        let (width, overlap, block) = (width as usize, overlap as usize, block as usize);
        let columns = width.saturating_sub(2 * overlap).div_ceil(block).max(1);
        Self {
            width,
            height: height as usize,
            overlap,
            block,
            rows: vec![0..0; columns],
        }
    }

    /// Marks the pixels that painting inside rectangle `[x0, y0, x1, y1]` (pixmap
    /// coordinates) may change, with a pixel more on every side for antialiasing.
    pub fn mark(&mut self, [x0, y0, x1, y1]: [f64; 4]) {
        let (w, h) = (self.width as f64, self.height as f64);
        let (x0, y0, x1, y1) = (x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0);
        // Outside the pixmap, or nothing (NaN compares false): nothing to mark.
        if !(x1 >= 0.0 && y1 >= 0.0 && x0 < w && y0 < h) {
            return;
        }
        let last = self.rows.len() - 1;
        let column = |x: f64| {
            let x = x.floor().clamp(0.0, w - 1.0) as usize;
            (x.saturating_sub(self.overlap) / self.block).min(last)
        };
        let rows = y0.floor().max(0.0) as usize..(y1.ceil().min(h) as usize);
        for marked in &mut self.rows[column(x0)..=column(x1)] {
            *marked = if marked.start >= marked.end {
                rows.clone()
            } else {
                marked.start.min(rows.start)..marked.end.max(rows.end)
            };
        }
    }

    /// Whether row `row` of block column `j` may have been painted on.
    pub fn marked(&self, j: usize, row: usize) -> bool {
        self.rows.get(j).is_some_and(|r| r.contains(&row))
    }

    /// The painted parts, as (pixmap columns, rows).
    pub fn painted(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        let last = self.rows.len() - 1;
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, rows)| !rows.is_empty())
            .map(move |(j, rows)| {
                let from = if j == 0 {
                    0
                } else {
                    self.overlap + j * self.block
                };
                let to = if j == last {
                    self.width
                } else {
                    self.overlap + (j + 1) * self.block
                };
                (from..to, rows.clone())
            })
    }

    pub fn clear(&mut self) {
        self.rows.fill(0..0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_covers_its_pixels_and_one_more_around() {
        // A tile of 3 blocks of 4 columns, with 2 columns of overlap: 16 × 6 pixels.
        let mut marks = Marks::new(16, 6, 2, 4);
        marks.mark([6.5, 2.2, 7.0, 2.8]);
        // Columns 5..=8 and rows 1..4: blocks 0 (columns 0..6) and 1 (6..10).
        let painted: Vec<_> = marks.painted().collect();
        assert_eq!(painted, vec![(0..6, 1..4), (6..10, 1..4)]);
        assert!(marks.marked(1, 3) && !marks.marked(1, 4) && !marks.marked(2, 2));
        // Marks in the overlap go to the first and last block; out of the pixmap, none.
        marks.mark([15.5, 5.5, 30.0, 9.0]);
        marks.mark([-9.0, 0.0, -2.0, 1.0]);
        marks.mark([f64::NAN, 0.0, 1.0, 1.0]);
        let painted: Vec<_> = marks.painted().collect();
        assert_eq!(painted, vec![(0..6, 1..4), (6..10, 1..4), (10..16, 4..6)]);
        marks.clear();
        assert_eq!(marks.painted().count(), 0);
    }
}
