//! Rows of a large picture as the painter hands them to the encoder, and the encoder.
//!
//! A big chart's picture is mostly bare background (the 10k-role tree at 1×: 1.76
//! gigapixels, 6.5 % of them anything else). Filtering and compressing every byte of
//! it, as a general PNG encoder must, was most of a large export's time, and all of it
//! memory traffic. So rows travel as blocks of [`BLOCK`] pixels, of which only those
//! that are not bare background are kept; the encoder filters those (Paeth, as a
//! general encoder would) and knows without looking that background over background
//! filters to zeros after its first pixel, which the compressor takes as a count (see
//! `deflate`).

use std::io::{self, Write};

use super::deflate::Compressor;

/// Pixels per block of a row (the last block of a tile may be shorter).
pub(super) const BLOCK: u32 = 64;

/// Where a block is not kept: it is bare background.
const BLANK: usize = usize::MAX;

/// The blocks of a row: byte ranges, left to right, none crossing a tile boundary (a
/// tile is painted on its own, and its blocks are taken from it).
pub(super) fn blocks(width: u32, tile: u32, bpp: usize) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for x0 in (0..width).step_by(tile.max(1) as usize) {
        let end = (x0 + tile).min(width);
        for a in (x0..end).step_by(BLOCK as usize) {
            let b = (a + BLOCK).min(end);
            spans.push((a as usize * bpp, b as usize * bpp));
        }
    }
    spans
}

/// Some rows of the picture: of each row the blocks that are not bare background.
#[derive(Default)]
pub(super) struct Strip {
    rows: usize,
    blocks: usize,
    /// Row by row, block by block: where the block's bytes start in `data`, or `BLANK`.
    at: Vec<usize>,
    /// For each row, the blocks kept, left to right.
    kept: Vec<Vec<u32>>,
    /// The blocks' bytes: `used` of them (the rest is room from earlier strips, kept
    /// so that it is not zeroed again for every strip before being painted over).
    data: Vec<u8>,
    used: usize,
}

impl Strip {
    /// Empties the strip for `rows` rows of `blocks` blocks, keeping its memory.
    pub(super) fn clear(&mut self, rows: usize, blocks: usize) {
        self.rows = rows;
        self.blocks = blocks;
        self.at.clear();
        self.at.resize(rows * blocks, BLANK);
        self.kept.resize_with(rows.max(self.kept.len()), Vec::new);
        self.kept.iter_mut().for_each(Vec::clear);
        self.used = 0;
    }

    pub(super) fn rows(&self) -> usize {
        self.rows
    }

    /// Room for block `k` of row `r`, `len` bytes, which the caller fills. A row's
    /// blocks are kept left to right.
    pub(super) fn keep(&mut self, r: usize, k: usize, len: usize) -> &mut [u8] {
        let start = self.used;
        self.at[r * self.blocks + k] = start;
        debug_assert!(self.kept[r].last().is_none_or(|&last| (last as usize) < k));
        self.kept[r].push(k as u32);
        self.used += len;
        if self.data.len() < self.used {
            self.data.resize(self.used, 0);
        }
        &mut self.data[start..self.used]
    }

    /// Block `k` of row `r`, `None` if it is bare background.
    fn block(&self, r: usize, k: usize, len: usize) -> Option<&[u8]> {
        match self.at[r * self.blocks + k] {
            BLANK => None,
            at => Some(&self.data[at..at + len]),
        }
    }

    /// Row `r` whole, with `blank` (a row of background) where nothing is kept.
    pub(super) fn row_into(
        &self,
        r: usize,
        spans: &[(usize, usize)],
        blank: &[u8],
        out: &mut Vec<u8>,
    ) {
        for (k, &(a, b)) in spans.iter().enumerate() {
            out.extend_from_slice(self.block(r, k, b - a).unwrap_or(&blank[a..b]));
        }
    }
}

/// Writes IDAT chunks of about a megabyte as compressed data comes.
struct Idat<W: Write> {
    png: ::png::Writer<W>,
    buf: Vec<u8>,
}

impl<W: Write> Idat<W> {
    const CHUNK: usize = 1 << 20;

    fn flush_chunk(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.png
                .write_chunk(::png::chunk::IDAT, &self.buf)
                .map_err(io::Error::other)?;
            self.buf.clear();
        }
        Ok(())
    }
}

impl<W: Write> Write for Idat<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= Self::CHUNK {
            self.flush_chunk()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Filters and compresses strips in order, as one PNG image.
pub(super) struct Encoder<W: Write> {
    deflate: Compressor<Idat<W>>,
    row: Row,
    /// The last row encoded, kept for filtering the next one (the strip it came from
    /// goes back to be painted into again); no rows before the first.
    last: Strip,
    out: Pending,
}

/// The row above the first: zeros, as PNG says.
static ZEROS: [u8; 4 * BLOCK as usize] = [0; 4 * BLOCK as usize];

impl<W: Write> Encoder<W> {
    /// `png` has its header written; `blank` is a row of background, `bpp` bytes a pixel.
    pub(super) fn new(
        png: ::png::Writer<W>,
        spans: Vec<(usize, usize)>,
        bpp: usize,
        blank: Vec<u8>,
    ) -> io::Result<Self> {
        let idat = Idat {
            png,
            buf: Vec::with_capacity(Idat::<W>::CHUNK + 64),
        };
        Ok(Self {
            deflate: Compressor::new(idat)?,
            row: Row { spans, bpp, blank },
            last: Strip::default(),
            out: Pending::default(),
        })
    }

    /// Encodes the strip's rows; gives back a strip to be painted into again.
    pub(super) fn write_strip(&mut self, strip: Strip) -> io::Result<Strip> {
        for r in 0..strip.rows {
            // The first row of the picture is filtered against zeros, as PNG says.
            let above = match r {
                0 => (self.last.rows > 0).then_some((&self.last, 0)),
                _ => Some((&strip, r - 1)),
            };
            self.row
                .filter((&strip, r), above, &mut self.out, &mut self.deflate)?;
            if self.out.bytes.len() >= 1 << 16 {
                self.out.flush(&mut self.deflate)?;
            }
        }
        // Only the last row is kept (a strip of the 10k-role tree holds tens of
        // megabytes; its last row, a few).
        let r = strip.rows - 1;
        self.last.clear(1, strip.blocks);
        for &k in &strip.kept[r] {
            let (a, b) = self.row.spans[k as usize];
            let at = strip.at[r * strip.blocks + k as usize];
            self.last
                .keep(0, k as usize, b - a)
                .copy_from_slice(&strip.data[at..at + b - a]);
        }
        Ok(strip)
    }

    pub(super) fn finish(mut self) -> io::Result<()> {
        self.out.flush(&mut self.deflate)?;
        let mut idat = self.deflate.finish()?;
        idat.flush_chunk()?;
        idat.png.finish().map_err(io::Error::other)
    }
}

/// What a row is made of: its blocks (byte ranges), bytes per pixel, and a row of
/// background in the output's format.
struct Row {
    spans: Vec<(usize, usize)>,
    bpp: usize,
    blank: Vec<u8>,
}

impl Row {
    /// Paeth-filters row `r` of `strip` against the row above (`None` for the first
    /// row of the picture) into `out`.
    fn filter<W: Write>(
        &self,
        (strip, r): (&Strip, usize),
        above: Option<(&Strip, usize)>,
        out: &mut Pending,
        deflate: &mut Compressor<W>,
    ) -> io::Result<()> {
        // The filter type byte goes before the row's bytes.
        out.room(1, deflate)?[0] = 4;
        let mut edge = Edge::default();
        let Some((up, ur)) = above else {
            // The first row is filtered against zeros: every block is worked out.
            for (k, &(a, b)) in self.spans.iter().enumerate() {
                let cur = strip.block(r, k, b - a).unwrap_or(&self.blank[a..b]);
                self.block(cur, &ZEROS[..b - a], &mut edge, out, deflate)?;
            }
            return Ok(());
        };
        // Only blocks kept in this row or the one above are worked out; between them
        // lies background over background.
        let (mut mine, mut theirs) = (
            strip.kept[r].iter().peekable(),
            up.kept[ur].iter().peekable(),
        );
        let mut next = 0; // the first block not yet filtered
        loop {
            let k = match (mine.peek(), theirs.peek()) {
                (None, None) => break,
                (Some(&&m), Some(&&t)) => m.min(t),
                (Some(&&m), None) => m,
                (None, Some(&&t)) => t,
            } as usize;
            if mine.peek() == Some(&&(k as u32)) {
                mine.next();
            }
            if theirs.peek() == Some(&&(k as u32)) {
                theirs.next();
            }
            self.background(next..k, &mut edge, out, deflate)?;
            let (a, b) = self.spans[k];
            let cur = strip.block(r, k, b - a).unwrap_or(&self.blank[a..b]);
            let prev = up.block(ur, k, b - a).unwrap_or(&self.blank[a..b]);
            self.block(cur, prev, &mut edge, out, deflate)?;
            next = k + 1;
        }
        self.background(next..self.spans.len(), &mut edge, out, deflate)
    }

    /// Filters one block whose pixels are `cur`, below `up`.
    fn block<W: Write>(
        &self,
        cur: &[u8],
        up: &[u8],
        edge: &mut Edge,
        out: &mut Pending,
        deflate: &mut Compressor<W>,
    ) -> io::Result<()> {
        let (bpp, len) = (self.bpp, cur.len());
        if cur == up {
            // The inside of a card, a line going down: as background over background.
            self.repeated(cur, len, edge, out, deflate)?;
        } else {
            let room = out.room(len, deflate)?;
            match bpp {
                3 => paeth_span::<3>(cur, up, &edge.left, &edge.upleft, room),
                _ => paeth_span::<4>(cur, up, &edge.left, &edge.upleft, room),
            }
        }
        edge.left[..bpp].copy_from_slice(&cur[len - bpp..]);
        edge.upleft[..bpp].copy_from_slice(&up[len - bpp..]);
        Ok(())
    }

    /// Filters blocks `ks`, background over background (see `repeated`), without
    /// looking at them.
    fn background<W: Write>(
        &self,
        ks: std::ops::Range<usize>,
        edge: &mut Edge,
        out: &mut Pending,
        deflate: &mut Compressor<W>,
    ) -> io::Result<()> {
        let Some((start, end)) = ks
            .clone()
            .next()
            .map(|k| (self.spans[k].0, self.spans[ks.end - 1].1))
        else {
            return Ok(());
        };
        let bg = &self.blank[..self.bpp];
        self.repeated(bg, end - start, edge, out, deflate)
    }

    /// Filters `len` bytes that repeat the row above, whose first pixel is `px`:
    /// every pixel after the first is predicted exactly (its left and upper-left
    /// neighbours are equal, so Paeth picks the one above), so it filters to zero. The
    /// first has its left neighbours in the block before, which may be anything.
    fn repeated<W: Write>(
        &self,
        px: &[u8],
        len: usize,
        edge: &mut Edge,
        out: &mut Pending,
        deflate: &mut Compressor<W>,
    ) -> io::Result<()> {
        let bpp = self.bpp;
        let mut first = [0u8; 4];
        for c in 0..bpp {
            first[c] = px[c].wrapping_sub(paeth(edge.left[c], px[c], edge.upleft[c]));
        }
        if u32::from_ne_bytes(first) == 0 {
            out.zeros += len as u64;
        } else {
            out.room(bpp, deflate)?.copy_from_slice(&first[..bpp]);
            out.zeros += (len - bpp) as u64;
        }
        // Right for a run of background (one colour); `block` sets its own.
        edge.left[..bpp].copy_from_slice(&px[..bpp]);
        edge.upleft[..bpp].copy_from_slice(&px[..bpp]);
        Ok(())
    }
}

/// The last pixel filtered, in this row and the one above: the left neighbours of the
/// next block's first pixel (zeros before the first pixel of a row, as PNG says).
#[derive(Default)]
struct Edge {
    left: [u8; 4],
    upleft: [u8; 4],
}

/// Filtered bytes not yet compressed: `bytes`, then `zeros` zeros.
#[derive(Default)]
struct Pending {
    bytes: Vec<u8>,
    zeros: u64,
}

impl Pending {
    /// Room for `n` bytes after what waits.
    fn room<W: Write>(&mut self, n: usize, deflate: &mut Compressor<W>) -> io::Result<&mut [u8]> {
        if self.zeros > 0 {
            self.flush(deflate)?;
        }
        let start = self.bytes.len();
        self.bytes.resize(start + n, 0);
        Ok(&mut self.bytes[start..])
    }

    /// Compresses what waits: the bytes, then the zeros.
    fn flush<W: Write>(&mut self, deflate: &mut Compressor<W>) -> io::Result<()> {
        deflate.write_data(&self.bytes)?;
        self.bytes.clear();
        deflate.write_zeros(std::mem::take(&mut self.zeros))
    }
}

/// The PNG Paeth predictor (the distances written so that the compiler can do many
/// bytes at a time).
#[inline(always)]
fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (a16, b16, c16) = (i16::from(a), i16::from(b), i16::from(c));
    let pa = (b16 - c16).abs();
    let pb = (a16 - c16).abs();
    let pc = (a16 + b16 - 2 * c16).abs();
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Paeth-filters a span of `BPP`-byte pixels whose left neighbours are `left` (in this
/// row) and `upleft` (in the row above).
fn paeth_span<const BPP: usize>(
    cur: &[u8],
    up: &[u8],
    left: &[u8; 4],
    upleft: &[u8; 4],
    out: &mut [u8],
) {
    let n = cur.len();
    for c in 0..BPP.min(n) {
        out[c] = cur[c].wrapping_sub(paeth(left[c], up[c], upleft[c]));
    }
    if n <= BPP {
        return;
    }
    // Every other byte's neighbours are in the span: no dependence between bytes, so
    // this runs as a vector loop.
    let (x, a) = (&cur[BPP..], &cur[..n - BPP]);
    let (b, c) = (&up[BPP..], &up[..n - BPP]);
    for ((((o, &x), &a), &b), &c) in out[BPP..].iter_mut().zip(x).zip(a).zip(b).zip(c) {
        *o = x.wrapping_sub(paeth(a, b, c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A picture, `bpp` bytes a pixel, its background pixel, and how it is cut.
    #[derive(Clone, Debug)]
    struct Case {
        width: u32,
        rows: Vec<Vec<u8>>,
        bpp: usize,
        background: Vec<u8>,
        tile: u32,
        strip: usize,
    }

    fn case() -> impl Strategy<Value = Case> {
        (
            1u32..200,
            1usize..14,
            prop::bool::ANY,
            1u32..90,
            1usize..6,
            any::<u64>(),
        )
            .prop_map(|(width, height, alpha, tile, strip, seed)| {
                use rand::{Rng, SeedableRng};
                let bpp = if alpha { 4 } else { 3 };
                let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
                let background: Vec<u8> = (0..bpp).map(|_| rng.random()).collect();
                // Blocks of background, of content, and of content that is mostly
                // background; a few values, so that neighbours are often equal.
                let mut rows: Vec<Vec<u8>> = Vec::new();
                for _ in 0..height {
                    // Often much as the row above: the inside of cards, lines going down.
                    if let Some(above) = rows.last().filter(|_| rng.random_bool(0.4)) {
                        let mut row = above.clone();
                        for _ in 0..rng.random_range(0..4) {
                            let i = rng.random_range(0..row.len());
                            row[i] = rng.random();
                        }
                        rows.push(row);
                        continue;
                    }
                    rows.push({
                        let mut row = background.repeat(width as usize);
                        for x in 0..width as usize {
                            if rng.random_bool(0.3) {
                                for c in 0..bpp {
                                    row[x * bpp + c] =
                                        [0, 1, 255, rng.random()][rng.random_range(0..4)];
                                }
                            }
                        }
                        // Whole runs of background, as between cards.
                        let a = rng.random_range(0..width as usize);
                        let b = rng.random_range(a..=width as usize);
                        row[a * bpp..b * bpp].copy_from_slice(&background.repeat(b - a));
                        row
                    });
                }
                Case {
                    width,
                    rows,
                    bpp,
                    background,
                    tile,
                    strip,
                }
            })
    }

    /// Encodes the picture as the painter hands it over (of each block only what is not
    /// background) and decodes the file again.
    fn round_trip(case: &Case) -> Vec<Vec<u8>> {
        let (w, h) = (case.width, case.rows.len() as u32);
        let spans = blocks(w, case.tile, case.bpp);
        let blank = case.background.repeat(w as usize);
        let mut file = Vec::new();
        let mut png = ::png::Encoder::new(&mut file, w, h);
        png.set_color(if case.bpp == 4 {
            ::png::ColorType::Rgba
        } else {
            ::png::ColorType::Rgb
        });
        png.set_depth(::png::BitDepth::Eight);
        let mut encoder = Encoder::new(
            png.write_header().unwrap(),
            spans.clone(),
            case.bpp,
            blank.clone(),
        )
        .unwrap();
        let mut strip = Strip::default();
        for rows in case.rows.chunks(case.strip) {
            strip.clear(rows.len(), spans.len());
            for (r, row) in rows.iter().enumerate() {
                for (k, &(a, b)) in spans.iter().enumerate() {
                    if row[a..b] != blank[a..b] {
                        strip.keep(r, k, b - a).copy_from_slice(&row[a..b]);
                    }
                }
            }
            strip = encoder.write_strip(strip).unwrap();
        }
        encoder.finish().unwrap();
        let mut reader = ::png::Decoder::new(std::io::Cursor::new(file))
            .read_info()
            .unwrap();
        let mut rows = Vec::new();
        while let Some(row) = reader.next_row().unwrap() {
            rows.push(row.data().to_vec());
        }
        rows
    }

    proptest! {
        #[test]
        fn decodes_to_the_picture_painted(case in case()) {
            prop_assert_eq!(round_trip(&case), case.rows.clone());
        }
    }

    #[test]
    fn blocks_follow_tiles() {
        // Tiles of 100 px: blocks of 64 and 36, then the last tile's 50.
        let spans = blocks(250, 100, 3);
        let widths: Vec<usize> = spans.iter().map(|(a, b)| (b - a) / 3).collect();
        assert_eq!(widths, [64, 36, 64, 36, 50]);
        assert_eq!(spans.first().map(|s| s.0), Some(0));
        assert_eq!(spans.last().map(|s| s.1), Some(750));
    }
}
