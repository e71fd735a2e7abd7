//! Which parts of a tile were painted on. The rest is bare background: its blocks are
//! not looked at when the tile's rows go to the encoder, and not filled again for the
//! next tile. (A tile of a big chart is mostly background: filling it whole and
//! comparing every block with the background was a tenth of a large export's time.)

use std::ops::Range;

/// For each block column of a tile's pixmap (the output's blocks of `block` pixels, the
/// first and the last taking the overlap beside them as well), the rows painted on, a
/// bit a row: a tall strip of a compact chart has cards above each other with bare
/// rows between them.
pub struct Marks {
    /// The pixmap's size, and the columns of overlap on either side of the tile.
    width: usize,
    height: usize,
    overlap: usize,
    block: usize,
    columns: usize,
    /// Words of bits per block column.
    words: usize,
    bits: Vec<u64>,
}

impl Marks {
    pub fn new(width: u32, height: u32, overlap: u32, block: u32) -> Self {
        let (width, height) = (width as usize, height as usize);
        let (overlap, block) = (overlap as usize, block as usize);
        let columns = width.saturating_sub(2 * overlap).div_ceil(block).max(1);
        let words = height.div_ceil(64);
        Self {
            width,
            height,
            overlap,
            block,
            columns,
            words,
            bits: vec![0; columns * words],
        }
    }

    /// Marks the pixels that painting inside rectangle `[x0, y0, x1, y1]` (pixmap
    /// coordinates) may change, with a pixel more on every side for antialiasing.
    pub fn mark(&mut self, [x0, y0, x1, y1]: [f64; 4]) {
        let (w, h) = (self.width as f64, self.height as f64);
        let (x0, y0, x1, y1) = (x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0);
        // Outside the pixmap, or nothing (NaN compares false): nothing to mark.
        if !(x1 >= 0.0 && y1 >= 0.0 && x0 < w && y0 < h && x0 <= x1 && y0 <= y1) {
            return;
        }
        let last = self.columns - 1;
        let column = |x: f64| {
            let x = x.floor().clamp(0.0, w - 1.0) as usize;
            (x.saturating_sub(self.overlap) / self.block).min(last)
        };
        let rows = y0.floor().max(0.0) as usize..(y1.ceil().min(h) as usize);
        for j in column(x0)..=column(x1) {
            let bits = &mut self.bits[j * self.words..(j + 1) * self.words];
            for (k, word) in bits.iter_mut().enumerate() {
                // The rows of this word that are marked.
                let (lo, hi) = (rows.start.max(k * 64), rows.end.min(k * 64 + 64));
                if lo < hi {
                    let n = hi - lo;
                    let ones = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
                    *word |= ones << (lo - k * 64);
                }
            }
        }
    }

    /// Whether row `row` of block column `j` may have been painted on.
    pub fn marked(&self, j: usize, row: usize) -> bool {
        let at = j * self.words + row / 64;
        row < self.height && self.bits.get(at).is_some_and(|w| w >> (row % 64) & 1 == 1)
    }

    /// The painted parts, as (pixmap columns, rows), rows running on.
    pub fn painted(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        let last = self.columns - 1;
        (0..=last).flat_map(move |j| {
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
            let bits = &self.bits[j * self.words..(j + 1) * self.words];
            // From `row` on, the first row whose bit is `set` (a word at a time).
            let next = move |mut row: usize, set: bool| {
                while row < self.height {
                    let word = if set { bits[row / 64] } else { !bits[row / 64] };
                    let rest = word >> (row % 64);
                    if rest != 0 {
                        return (row + rest.trailing_zeros() as usize).min(self.height);
                    }
                    row = (row / 64 + 1) * 64;
                }
                self.height
            };
            let mut row = 0;
            std::iter::from_fn(move || {
                let start = next(row, true);
                row = next(start, false);
                (start < row).then_some((from..to, start..row))
            })
        })
    }

    pub fn clear(&mut self) {
        self.bits.fill(0);
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

    #[test]
    fn rows_between_marks_stay_unmarked() {
        // A tall tile: two cards in one block column, far apart, and a mark across a
        // word of bits.
        let mut marks = Marks::new(10, 200, 1, 8);
        marks.mark([2.0, 10.0, 5.0, 20.0]);
        marks.mark([2.0, 100.0, 5.0, 140.0]);
        let painted: Vec<_> = marks.painted().collect();
        assert_eq!(painted, vec![(0..10, 9..21), (0..10, 99..141)]);
        assert!(!marks.marked(0, 50) && marks.marked(0, 127) && marks.marked(0, 128));
        marks.mark([0.0, -5.0, 3.0, 500.0]);
        assert_eq!(marks.painted().collect::<Vec<_>>(), vec![(0..10, 0..200)]);
    }
}
