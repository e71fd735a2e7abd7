//! PNG export: the scene rasterised with tiny-skia, text copied from epaint's glyph
//! atlas, so cards, lines and letters look as they do on the canvas.

use std::path::Path;

use epaint::text::{Fonts, TextOptions};
use epaint::{Color32, FontId};
use tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform,
};

mod deflate;
mod encode;
mod marks;
mod relay;

use super::ExportError;
use crate::model::Grouped;
use crate::scene::{Card, Scene, fonts::font_definitions};
use encode::Strip;
use marks::Marks;

/// What to fill behind the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Background {
    /// The theme's canvas colour, as in the window.
    #[default]
    Theme,
    White,
    Transparent,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PngOptions {
    /// Pixels per chart unit (1 = as on screen at 100 %).
    pub scale: f32,
    /// Space around the chart, in chart units.
    pub margin: f32,
    pub background: Background,
}

impl Default for PngOptions {
    fn default() -> Self {
        Self {
            scale: 1.0,
            margin: 24.0,
            background: Background::Theme,
        }
    }
}

/// Largest side and area we agree to write. Memory does not limit these (the image is
/// rendered in strips); the time to encode does, and PNG viewers past these sizes.
pub const MAX_SIDE: u64 = 1_000_000;
pub const MAX_PIXELS: u64 = 8_000_000_000;
/// Strips painted ahead of the encoder, per painter thread: with 1, 2 and 3 the 10k-role
/// tree took 1.6-2.0, 1.4-1.6 and 1.3-1.4 s, with 170-210 MB at most each.
const AHEAD: usize = 2;
/// Threads painting strips at most (each keeps a strip, a tile and its caches).
const MAX_PAINTERS: usize = 4;
/// About this many bytes of pixels are rendered at a time (see `strip_rows`).
const STRIP_BYTES: u64 = 16 << 20;
/// A strip of the widest pictures holds at most this many bytes.
const DENSE_STRIP_BYTES: u64 = 96 << 20;
/// Columns painted at a time. tiny-skia cuts a pixmap wider than 8,191 px into tiles
/// itself and replays every draw call on each of them (a card on a 791,149 px wide
/// picture ran ~97 times, most of a large export's time); our own tiles, each given
/// only what reaches into it, avoid that.
const TILE: u32 = 4096;
/// Pixels painted around each tile (rows above and below, columns either side) and
/// thrown away, so that antialiased edges crossing a strip or tile boundary are
/// computed from the whole shape on both sides. (Shapes are straight-edged polygons,
/// see `rounded_rect`, so a little is enough: this many at 1×, more at large scales,
/// where the nearly flat edges of a rounded corner span several pixels and
/// tiny-skia's clipping of them at an edge shows further in.)
const OVERLAP: u32 = 2;

fn overlap(scale: f32) -> u32 {
    OVERLAP.max((0.75 * scale).ceil() as u32)
}

/// The image size `scene` exports to with `opts`.
pub fn image_size(scene: &Scene, opts: &PngOptions) -> Result<(u32, u32), ExportError> {
    picture_size(scene.bounds, opts)
}

/// Refuses a scale or margin outside what exports accept (SVG too: it has no pixels
/// to limit, but the same options).
pub fn check_options(opts: &PngOptions) -> Result<(), ExportError> {
    if !(opts.scale.is_finite() && (0.1..=16.0).contains(&opts.scale)) {
        return Err(ExportError::BadScale(opts.scale));
    }
    if !(opts.margin.is_finite() && (0.0..=10_000.0).contains(&opts.margin)) {
        return Err(ExportError::BadMargin(opts.margin));
    }
    Ok(())
}

/// The image size a scene with these `bounds` exports to with `opts`.
pub fn picture_size(bounds: emath::Rect, opts: &PngOptions) -> Result<(u32, u32), ExportError> {
    check_options(opts)?;
    // Whole chart units first, so that 2× is exactly twice 1×.
    let w = ((bounds.width() + 2.0 * opts.margin).ceil() * opts.scale)
        .ceil()
        .max(1.0) as u64;
    let h = ((bounds.height() + 2.0 * opts.margin).ceil() * opts.scale)
        .ceil()
        .max(1.0) as u64;
    if w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_PIXELS {
        return Err(ExportError::TooLarge {
            width: w,
            height: h,
            max: MAX_SIDE,
            max_pixels: MAX_PIXELS,
        });
    }
    Ok((w as u32, h as u32))
}

/// Renders the whole scene into one RGBA image (for small charts and tests; files are
/// written strip by strip with [`write_png`]).
pub fn render(scene: &Scene, opts: &PngOptions) -> Result<image::RgbaImage, ExportError> {
    let (w, h) = image_size(scene, opts)?;
    let mut painter = StripPainter::new(scene, opts, w, None);
    // In strips, as files are: a pixmap taller than 8,191 px would bring back
    // tiny-skia's own tiling (see TILE).
    let mut data = Vec::new();
    let mut strip = Strip::default();
    for top in (0..h).step_by(strip_rows(w) as usize) {
        painter.paint_into(top, strip_rows(w).min(h - top), &mut strip);
        for r in 0..strip.rows() {
            strip.row_into(r, &painter.spans, &painter.blank, &mut data);
        }
    }
    let wrong = || ExportError::Encode("pixel buffer has the wrong size".into());
    if painter.opaque() {
        let rgb = image::RgbImage::from_raw(w, h, data).ok_or_else(wrong)?;
        return Ok(image::DynamicImage::ImageRgb8(rgb).into_rgba8());
    }
    image::RgbaImage::from_raw(w, h, data).ok_or_else(wrong)
}

/// Encodes the scene as PNG into `out`, rendering strips of rows on every core so memory
/// stays bounded however large the image: a strip is about 16 MB of pixels (at least
/// 25 to 32 rows, see `strip_rows`) of which only what is not background is kept, and a few strips are in
/// flight (one being painted per painter, up to `AHEAD` per painter waiting, one being
/// encoded). `progress` is told the fraction done after each strip; returning `false`
/// cancels.
pub fn write_png(
    scene: &Scene,
    opts: &PngOptions,
    out: impl std::io::Write,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<(u32, u32), ExportError> {
    write_png_in_pieces(scene, opts, out, Pieces::default(), progress)
}

/// How the picture is cut up for painting: rows per strip, columns per tile (`None`:
/// the export's own choice). Tests choose small odd pieces to look for seams.
#[derive(Clone, Copy, Debug, Default)]
pub struct Pieces {
    pub rows: Option<u32>,
    pub columns: Option<u32>,
}

/// [`write_png`] cut into chosen pieces, for tests of the seams between them.
pub fn write_png_in_pieces(
    scene: &Scene,
    opts: &PngOptions,
    out: impl std::io::Write,
    pieces: Pieces,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<(u32, u32), ExportError> {
    let (w, h) = image_size(scene, opts)?;
    let encode = |e: ::png::EncodingError| ExportError::Encode(e.to_string());
    // A painter per core (at most MAX_PAINTERS, this thread's among them): this
    // thread's paints between encoding strips, the others only paint.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut painters: Vec<StripPainter> = (0..cores.clamp(1, MAX_PAINTERS))
        .map(|_| StripPainter::new(scene, opts, w, pieces.columns))
        .collect();
    let mut mine = painters.remove(0);
    // Over an opaque background every pixel is opaque: the alpha channel would be a
    // quarter of the data to filter and compress for nothing.
    let opaque = mine.opaque();
    let mut encoder = ::png::Encoder::new(std::io::BufWriter::new(out), w, h);
    encoder.set_color(if opaque {
        ::png::ColorType::Rgb
    } else {
        ::png::ColorType::Rgba
    });
    encoder.set_depth(::png::BitDepth::Eight);
    let header = encoder.write_header().map_err(encode)?;
    // Our own filtering, and fdeflate's compressor as the png crate uses it at its
    // fast setting, but both skipping the background (see `encode`).
    let io = |e: std::io::Error| ExportError::Encode(e.to_string());
    let mut encoder =
        encode::Encoder::new(header, mine.spans.clone(), mine.bpp(), mine.blank.clone())
            .map_err(io)?;
    let strip = pieces.rows.unwrap_or(strip_rows(w)).max(1);

    // Strips are painted on every core, in the order they are claimed; this thread
    // encodes them in picture order as they come, and when the next is not ready it
    // paints one itself rather than wait (see `relay`).
    let tops: Vec<u32> = (0..h).step_by(strip as usize).collect();
    let claimed = std::sync::atomic::AtomicUsize::new(0);
    let claim = || {
        let i = claimed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tops.get(i).map(|&top| (i, top, strip.min(h - top)))
    };
    let relay = relay::Relay::new(AHEAD * painters.len());
    std::thread::scope(|s| {
        for mut painter in painters {
            let relay = &relay;
            s.spawn(move || {
                let _guard = relay::StopOnPanic(relay);
                while let Some((i, top, rows)) = claim() {
                    let mut buf = relay.spare();
                    painter.paint_into(top, rows, &mut buf);
                    // The encoder stopped (cancelled, or failed): so does the painting.
                    if !relay.give(i, buf) {
                        return;
                    }
                }
            });
        }
        // Stops the relay however this ends, unwinding too: the scope then waits for
        // the painters, who must not be left waiting for room.
        let _stop = relay::StopOnDrop(&relay);
        let stopped = || ExportError::Encode("a painting thread stopped".into());
        (|| {
            for (i, &top) in tops.iter().enumerate() {
                let rows = loop {
                    if let Some(rows) = relay.take(i) {
                        break rows;
                    }
                    let claimed = if relay.crowded() { None } else { claim() };
                    let Some((k, top, rows)) = claimed else {
                        break relay.wait_for(i).ok_or_else(stopped)?;
                    };
                    let mut buf = relay.spare();
                    mine.paint_into(top, rows, &mut buf);
                    relay.put(k, buf);
                };
                relay.recycle(encoder.write_strip(rows).map_err(io)?);
                if !progress((top + strip).min(h) as f32 / h as f32) {
                    return Err(ExportError::Cancelled);
                }
            }
            Ok(())
        })()
    })?;
    encoder.finish().map_err(io)?;
    Ok((w, h))
}

/// Renders and writes a PNG atomically (the old file survives any failure or a cancel).
pub fn write(scene: &Scene, opts: &PngOptions, path: &Path) -> Result<(u32, u32), ExportError> {
    write_with_progress(scene, opts, path, &mut |_| true)
}

pub fn write_with_progress(
    scene: &Scene,
    opts: &PngOptions,
    path: &Path,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<(u32, u32), ExportError> {
    let mut result = Err(ExportError::Cancelled);
    let written = crate::io::write_atomic_with(path, |file| {
        result = write_png(scene, opts, &mut *file, progress);
        match &result {
            Ok(_) => Ok(()),
            Err(e) => Err(std::io::Error::other(e.to_string())),
        }
    });
    match (written, result) {
        (Ok(()), Ok(size)) => Ok(size),
        (_, Err(e)) => Err(e),
        (Err(source), Ok(_)) => Err(ExportError::Write {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// Paints horizontal strips of the scene, each as tiles side by side; keeps the tile's
/// pixmap, the fonts, and text laid out and lines stroked, between strips.
struct StripPainter<'a> {
    scene: &'a Scene,
    opts: PngOptions,
    width: u32,
    background: Color32,
    /// Columns painted at a time.
    tile: u32,
    pixmap: Option<Pixmap>,
    /// What of the pixmap was painted on for the last tile (the rest is background).
    marks: Marks,
    fonts: Fonts,
    overlap: u32,
    /// For each tile, the connectors and the cards that reach into it (with its overlap).
    connectors_in: Grouped<u32>,
    cards_in: Grouped<u32>,
    /// Each connector's bounding box and each card's rectangle, in image pixels.
    connector_px: Vec<emath::Rect>,
    card_px: Vec<emath::Rect>,
    /// One row of background in the output's format.
    blank: Vec<u8>,
    /// The blocks of a row (byte ranges of the output, see `encode`).
    spans: Vec<(usize, usize)>,
    /// A block's worth of background as painted (premultiplied RGBA).
    painted_blank: Vec<u8>,
    /// Lines of text laid out, while strips still reach them.
    inked: rustc_hash::FxHashMap<InkKey, Inked>,
    /// Solid lines stroked, by connector, with the last row they reach.
    stroked: rustc_hash::FxHashMap<u32, (Stroked, f32)>,
}

/// A solid line stroked: as rectangles (see [`line_pieces`]), or its outline for
/// tiny-skia to fill.
enum Stroked {
    Pieces(Vec<[f64; 4]>),
    Outline(Option<tiny_skia::Path>),
}

/// A line of text by what it shows: text, size in pixels (bits of the `f32`), colour.
/// Many cards show the same department or title.
type InkKey = (std::sync::Arc<str>, u32, Color32);

/// A line of text laid out, and the last row of pixels a strip draws it for.
struct Inked {
    glyphs: Vec<GlyphInk>,
    last_row: f32,
}

impl<'a> StripPainter<'a> {
    fn new(scene: &'a Scene, opts: &PngOptions, width: u32, tile: Option<u32>) -> Self {
        let background = match opts.background {
            Background::Theme => scene.background,
            Background::White => Color32::WHITE,
            Background::Transparent => Color32::TRANSPARENT,
        };
        let overlap = overlap(opts.scale);
        let tile = tile.unwrap_or(TILE).clamp(1, width.max(1));
        let tiles = width.div_ceil(tile) as usize;
        let to_px = px_transform(scene, opts);
        // The tiles a span of image columns reaches (with the tiles' overlap and a
        // pixel or two that antialiasing spreads).
        let reach = |x0: f32, x1: f32| {
            let pad = overlap as f32 + 2.0;
            let last_tile = tiles.saturating_sub(1) as f32;
            let tile_of = |x: f32| (x / tile as f32).floor().clamp(0.0, last_tile) as u32;
            let (first, last) = (tile_of(x0 - pad), tile_of(x1 + pad));
            // Nothing to draw (no points, or not finite ones): no tile.
            let drawable = x0.is_finite() && x1.is_finite() && x0 <= x1;
            if drawable { first..last + 1 } else { 0..0 }
        };
        // A wide stroke (at a large scale) reaches further from its centre line.
        let connector_px: Vec<emath::Rect> = scene
            .connectors
            .iter()
            .map(|c| {
                let mut r = emath::Rect::NOTHING;
                for &p in &c.points {
                    r.extend_with(to_px(p));
                }
                r.expand(c.width * opts.scale)
            })
            .collect();
        let card_px: Vec<emath::Rect> = scene
            .cards
            .iter()
            .map(|c| emath::Rect::from_min_max(to_px(c.rect.min), to_px(c.rect.max)))
            .collect();
        let connectors_in = Grouped::new(
            tiles,
            connector_px
                .iter()
                .enumerate()
                .flat_map(|(i, r)| reach(r.min.x, r.max.x).map(move |t| (t, i as u32))),
        );
        let cards_in = Grouped::new(
            tiles,
            scene.cards.iter().enumerate().flat_map(|(i, card)| {
                // Text is centred on the card; a line wider than the card reaches out
                // as far on either side.
                let mid = card.rect.center().x;
                let half = card.text.iter().fold(card.rect.width() / 2.0, |h, l| {
                    h.max(mid - l.pos.x + l.size)
                });
                let (x0, x1) = (to_px(emath::pos2(mid - half, 0.0)).x, {
                    to_px(emath::pos2(mid + half, 0.0)).x
                });
                reach(x0, x1).map(move |t| (t, i as u32))
            }),
        );
        // Backgrounds are opaque or wholly transparent (premultiplied or straight, all
        // zeros): either way a painted pixel of bare background comes out as this.
        let painted_blank = match Pixmap::new(1, 1) {
            Some(mut px) => {
                px.fill(skia_color(background));
                px.data().repeat(encode::BLOCK as usize)
            }
            None => unreachable!("a 1×1 pixmap"),
        };
        let bpp = bytes_per_pixel(background);
        let mut blank = vec![0; bpp];
        convert(bpp, &painted_blank[..4], &mut blank);
        let blank = blank.repeat(width as usize);
        Self {
            scene,
            opts: *opts,
            width,
            background,
            tile,
            pixmap: None,
            marks: Marks::new(0, 0, 0, encode::BLOCK),
            fonts: Fonts::new(TextOptions::default(), font_definitions()),
            overlap,
            connectors_in,
            cards_in,
            connector_px,
            card_px,
            blank,
            spans: encode::blocks(width, tile, bpp),
            painted_blank,
            inked: Default::default(),
            stroked: Default::default(),
        }
    }

    /// Bytes per pixel of the output.
    fn bpp(&self) -> usize {
        bytes_per_pixel(self.background)
    }

    /// Whether every pixel is opaque (the background is): rows then come as RGB.
    fn opaque(&self) -> bool {
        self.background.a() == 255
    }

    /// Rows `top..top + n` of the image into `out`: RGB if [`Self::opaque`], else
    /// straight-alpha RGBA; of each row only the blocks that are not bare background.
    fn paint_into(&mut self, top: u32, n: u32, out: &mut Strip) {
        let bpp = self.bpp();
        let ov = self.overlap as usize;
        out.clear(n as usize, self.spans.len());
        // Text and lines no strip from here on reaches (a painter's strips come top
        // to bottom).
        let above = top as f32 - self.overlap as f32 - 8.0;
        self.inked.retain(|_, line| line.last_row >= above);
        self.stroked.retain(|_, (_, last_row)| *last_row >= above);
        let per_tile = self.tile.div_ceil(encode::BLOCK) as usize;
        let block = encode::BLOCK as usize;
        for t in 0..self.width.div_ceil(self.tile) as usize {
            // Nothing reaches into this tile's part of the strip: all background.
            if !self.paint_tile(t, top, n) {
                continue;
            }
            let Some(tile) = self.pixmap.as_ref() else {
                unreachable!("a tile was painted")
            };
            let stride = tile.width() as usize * 4;
            let cols = self.tile.min(self.width - t as u32 * self.tile) as usize;
            for r in 0..n as usize {
                let row = &tile.data()[(ov + r) * stride + ov * 4..][..cols * 4];
                // The tile's blocks, as `encode::blocks` cuts them.
                for (j, src) in row.chunks(block * 4).enumerate() {
                    let blank = &self.painted_blank[..src.len()];
                    if !self.marks.marked(j, ov + r) {
                        debug_assert!(
                            src == blank,
                            "painted outside the marks: row {r}, block {j}"
                        );
                        continue;
                    }
                    if src != blank {
                        let k = t * per_tile + j;
                        convert(bpp, src, out.keep(r, k, src.len() / 4 * bpp));
                    }
                }
            }
        }
    }

    /// Paints tile `t` of rows `top..top + n`, with `overlap` pixels more on every side,
    /// into `self.pixmap`; `false` if nothing reaches into it.
    fn paint_tile(&mut self, t: usize, top: u32, n: u32) -> bool {
        let scene = self.scene;
        let s = self.opts.scale;
        let to_px = px_transform(scene, &self.opts);
        let ov = self.overlap;
        // Geometry is computed in image pixels, the same for every tile; the tile's
        // offset is a whole-pixel translation applied when rasterising, so dashes and
        // antialiased edges come out identical on both sides of a tile boundary.
        let (left, shift) = (
            (t as u32 * self.tile) as f32 - ov as f32,
            top as f32 - ov as f32,
        );
        let (w, h) = (self.tile + 2 * ov, n + 2 * ov);
        // Only what reaches into this tile (plus a little for strokes and glyphs).
        let clip = emath::Rect::from_min_max(
            emath::pos2(left - 8.0, shift - 8.0),
            emath::pos2(left + w as f32 + 8.0, shift + h as f32 + 8.0),
        );
        let cards: Vec<(&Card, emath::Rect)> = self
            .cards_in
            .get(t)
            .iter()
            .map(|&i| (&scene.cards[i as usize], self.card_px[i as usize]))
            .filter(|(_, rect)| rect.max.y >= clip.min.y && rect.min.y <= clip.max.y)
            .collect();
        let connectors: Vec<u32> = self
            .connectors_in
            .get(t)
            .iter()
            .copied()
            .filter(|&i| self.connector_px[i as usize].intersects(clip))
            .collect();
        if cards.is_empty() && connectors.is_empty() {
            return false;
        }

        if self
            .pixmap
            .as_ref()
            .is_none_or(|p| p.width() != w || p.height() != h)
        {
            self.pixmap = Pixmap::new(w, h);
            if let Some(pixmap) = self.pixmap.as_mut() {
                pixmap.fill(skia_color(self.background));
            }
            self.marks = Marks::new(w, h, ov, encode::BLOCK);
        }
        let Some(pixmap) = self.pixmap.as_mut() else {
            unreachable!("tile sizes are small and not zero")
        };
        // Background again where the last tile painted.
        let bg = &self.painted_blank[..4];
        let stride = w as usize * 4;
        for (cols, rows) in self.marks.painted() {
            for r in rows {
                let row = &mut pixmap.data_mut()[r * stride..][cols.start * 4..cols.end * 4];
                row.chunks_exact_mut(4)
                    .for_each(|px| px.copy_from_slice(bg));
            }
        }
        debug_assert!(
            pixmap
                .data()
                .chunks(self.painted_blank.len())
                .all(|b| b == &self.painted_blank[..b.len()]),
            "a tile starts as background"
        );
        self.marks.clear();
        let marks = &mut self.marks;
        let to_tile = Transform::from_translate(-left, -shift);

        for i in connectors {
            let c = &scene.connectors[i as usize];
            let pts = || -> Vec<emath::Pos2> { c.points.iter().map(|&p| to_px(p)).collect() };
            // Each piece of the line with what its stroke, and a mitred corner (as far
            // as half the width times the miter limit, 4), can reach.
            let reach = f64::from(2.0 * c.width * s);
            for w in c.points.windows(2) {
                let (a, b) = (to_px(w[0]), to_px(w[1]));
                let (x, y) = (f64::from(left), f64::from(shift));
                marks.mark([
                    f64::from(a.x.min(b.x)) - x - reach,
                    f64::from(a.y.min(b.y)) - y - reach,
                    f64::from(a.x.max(b.x)) - x + reach,
                    f64::from(a.y.max(b.y)) - y + reach,
                ]);
            }
            let dash = c
                .dash
                .map(|(on, off)| (f64::from(on * s), f64::from(off * s)))
                .filter(|&(on, off)| on > 0.0 && off >= 0.0 && (on + off).is_finite());
            if dash.is_none() && c.width * s > 1.0 {
                // A solid line is stroked whole once, for all the strips and tiles it
                // reaches into, and filled in each: as rectangles where it goes along
                // the axes (a long trunk, which tiny-skia blended a few pixels at a
                // time row by row, was most of a tall chart's line drawing), else its
                // outline by tiny-skia; what is outside a tile costs little to skip.
                let bottom = self.connector_px[i as usize].max.y;
                let (stroked, _) = self.stroked.entry(i).or_insert_with(|| {
                    let (pts, width) = (pts(), c.width * s);
                    let stroked = match line_pieces(&pts, width) {
                        Some(pieces) => Stroked::Pieces(pieces),
                        None => Stroked::Outline(stroke_outline(&pts, width)),
                    };
                    (stroked, bottom)
                });
                match stroked {
                    Stroked::Pieces(pieces) => {
                        let mut under = None;
                        for &piece in pieces.iter() {
                            fill_rect(pixmap, piece, (left, shift), c.color, under);
                            under = Some(piece);
                        }
                    }
                    Stroked::Outline(Some(outline)) => {
                        let paint = paint(c.color);
                        pixmap.fill_path(outline, &paint, FillRule::Winding, to_tile, None);
                    }
                    Stroked::Outline(None) => {}
                }
                continue;
            }
            let pts = pts();
            let around = clip.expand(c.width * s);
            // Only the rows of a line inside the tile are stroked (tiny-skia cuts off
            // what lies left and right of it cheaply), and only the dashes that reach
            // into it: a long dashed line would otherwise be dashed whole in every tile.
            let mut pb = PathBuilder::new();
            match dash {
                Some((on, off)) => dashes_within(&pts, on, off, around, &mut |dash| {
                    // Nearly every dash is a short piece along an axis: a rectangle,
                    // filled here for a few pixels (stroking each with tiny-skia was a
                    // third of a large export's time: its secondary lines cross whole
                    // departments, thousands of dashes each).
                    // (Not when dashes are less than a pixel apart: they share pixels,
                    // whose coverage adds up only when they are one path.)
                    let half = f64::from(c.width * s) / 2.0;
                    let rect = match *dash {
                        _ if off < 1.0 => None,
                        [a, b] if a.1 == b.1 => {
                            Some([a.0.min(b.0), a.1 - half, a.0.max(b.0), a.1 + half])
                        }
                        [a, b] if a.0 == b.0 => {
                            Some([a.0 - half, a.1.min(b.1), a.0 + half, a.1.max(b.1)])
                        }
                        _ => None,
                    };
                    match rect {
                        Some(rect) => fill_rect(pixmap, rect, (left, shift), c.color, None),
                        None => {
                            pb.move_to(dash[0].0 as f32, dash[0].1 as f32);
                            for p in &dash[1..] {
                                pb.line_to(p.0 as f32, p.1 as f32);
                            }
                        }
                    }
                }),
                None => clip_to_rows(&pts, around.min.y, around.max.y, &mut pb),
            }
            stroke_path(pixmap, pb, c.color, c.width * s, None, to_tile);
        }

        for (card, rect) in cards {
            let (x, y) = (f64::from(left), f64::from(shift));
            marks.mark([
                f64::from(rect.min.x) - x,
                f64::from(rect.min.y) - y,
                f64::from(rect.max.x) - x,
                f64::from(rect.max.y) - y,
            ]);
            if let Some(path) = rounded_rect(rect, card.corner_radius * s) {
                let paint = paint(card.fill);
                pixmap.fill_path(&path, &paint, FillRule::Winding, to_tile, None);
            }
            let inset = rect.shrink(card.stroke_width * s / 2.0);
            if let Some(path) = rounded_rect(
                inset,
                (card.corner_radius * s - card.stroke_width * s / 2.0).max(0.0),
            ) {
                let dash = card
                    .dashed
                    .then(|| StrokeDash::new(vec![5.0 * s, 3.0 * s], 0.0))
                    .flatten();
                let mut pb = PathBuilder::new();
                pb.push_path(&path);
                stroke_path(
                    pixmap,
                    pb,
                    card.stroke,
                    card.stroke_width * s,
                    dash,
                    to_tile,
                );
            }
            for line in &card.text {
                // A line of text outside the tile costs a text layout for nothing.
                let (top_px, size_px) = (to_px(line.pos).y, line.size * s);
                if top_px - size_px > clip.max.y || top_px + 2.0 * size_px < clip.min.y {
                    continue;
                }
                // Laid out once for all the strips and tiles it reaches into.
                let fonts = &mut self.fonts;
                let key = (line.text.clone(), size_px.to_bits(), line.color);
                let last_row = top_px + 2.0 * size_px;
                let inked = self.inked.entry(key).or_insert_with(|| Inked {
                    glyphs: ink_line(fonts, &line.text, size_px, line.color),
                    last_row,
                });
                inked.last_row = inked.last_row.max(last_row);
                // Text is placed on whole pixels of the image, not of the tile, so a
                // line split across two tiles is drawn identically in both.
                let pos = to_px(line.pos).round() - emath::vec2(left, shift);
                blend_line(pixmap, &inked.glyphs, pos, marks);
            }
        }
        true
    }
}

/// Painted pixels (premultiplied RGBA) as the output has them: RGB (`bpp` 3, over an
/// opaque background) or straight-alpha RGBA.
fn convert(bpp: usize, src: &[u8], dst: &mut [u8]) {
    if bpp == 3 {
        return rgba_to_rgb(src, dst);
    }
    // tiny-skia stores premultiplied alpha; PNG wants straight alpha.
    for (to, px) in dst.chunks_exact_mut(4).zip(src.chunks_exact(4)) {
        let a = px[3];
        if a == 0 || a == 255 {
            to.copy_from_slice(px);
        } else {
            for c in 0..3 {
                to[c] = ((px[c] as u32 * 255 + a as u32 / 2) / a as u32).min(255) as u8;
            }
            to[3] = a;
        }
    }
}

/// Drops the alpha byte of every pixel. Four pixels (16 bytes) become 12 at a time,
/// as three words made of shifted halves of four, so that this runs at memory speed
/// (it goes over every painted pixel of an export; a loop over bytes was an eighth
/// of a large export's time).
fn rgba_to_rgb(src: &[u8], dst: &mut [u8]) {
    let mut to = dst.chunks_exact_mut(12);
    let mut from = src.chunks_exact(16);
    for (t, f) in (&mut to).zip(&mut from) {
        // As arrays of known length, so that a pixel is one 32-bit load and a word one
        // store, not a byte at a time.
        let (t, f): (&mut [u8; 12], &[u8; 16]) = (t.try_into().unwrap(), f.try_into().unwrap());
        let px = |k: usize| u32::from_le_bytes(f[4 * k..4 * k + 4].try_into().unwrap());
        let (a, b, c, d) = (px(0), px(1), px(2), px(3));
        t[0..4].copy_from_slice(&((a & 0xff_ffff) | (b << 24)).to_le_bytes());
        t[4..8].copy_from_slice(&(((b >> 8) & 0xffff) | (c << 16)).to_le_bytes());
        t[8..12].copy_from_slice(&(((c >> 16) & 0xff) | (d << 8)).to_le_bytes());
    }
    for (t, f) in to
        .into_remainder()
        .chunks_exact_mut(3)
        .zip(from.remainder().chunks_exact(4))
    {
        t.copy_from_slice(&f[..3]);
    }
}

/// Rows painted at a time for a picture `width` pixels wide: about `STRIP_BYTES`, and at
/// least 32 as long as a strip holds no more than `DENSE_STRIP_BYTES` even where nothing
/// is background (25 at the widest, 1,000,000 px). Every card a strip crosses is drawn
/// again for it: cards are about 70 rows tall at 1×, and strips of 16 rows made the
/// 10k-role tree (791,149 px wide, now 31 rows) take a quarter longer. A strip keeps only
/// what is not background, so in charts it is far less.
fn strip_rows(width: u32) -> u32 {
    let row = width as u64 * 4;
    let least = (DENSE_STRIP_BYTES / row).clamp(16, 32);
    (STRIP_BYTES / row).clamp(least, 4096) as u32
}

/// From chart units to image pixels.
fn px_transform(scene: &Scene, opts: &PngOptions) -> impl Fn(emath::Pos2) -> emath::Pos2 {
    let (s, margin, min) = (opts.scale, opts.margin, scene.bounds.min);
    move |p| emath::pos2((p.x - min.x + margin) * s, (p.y - min.y + margin) * s)
}

/// Bytes per pixel of the output over `background`: RGB over an opaque one (every pixel
/// is opaque), else RGBA.
fn bytes_per_pixel(background: Color32) -> usize {
    if background.a() == 255 { 3 } else { 4 }
}

fn skia_color(c: Color32) -> tiny_skia::Color {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    tiny_skia::Color::from_rgba8(r, g, b, a)
}

/// Adds to `pb` the parts of polyline `pts` between heights `lo` and `hi`.
fn clip_to_rows(pts: &[emath::Pos2], lo: f32, hi: f32, pb: &mut PathBuilder) {
    // Whether the last part ends where the next piece starts (so it continues).
    let mut open = false;
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        // The piece's parameter range inside the rows.
        let (t0, t1) = if (b.y - a.y).abs() < 1e-6 {
            if a.y < lo || a.y > hi {
                (1.0, 0.0)
            } else {
                (0.0, 1.0)
            }
        } else {
            let (ta, tb) = ((lo - a.y) / (b.y - a.y), (hi - a.y) / (b.y - a.y));
            (ta.min(tb).max(0.0), ta.max(tb).min(1.0))
        };
        if t0 <= t1 {
            let (p, q) = (a + (b - a) * t0, a + (b - a) * t1);
            if !(open && t0 == 0.0) {
                pb.move_to(p.x, p.y);
            }
            pb.line_to(q.x, q.y);
            open = t1 == 1.0;
        } else {
            open = false;
        }
    }
}

/// Hands `out` the dashes (`on` long, `off` apart, starting with a dash at the first
/// point; `on` > 0) of polyline `pts` that reach into `clip`, each as its points; a dash
/// turning a corner keeps its corner. Dash `j` of a piece starts at `j · period - phase`
/// along it, a formula rather than a running sum, so every tile cuts the same dashes
/// (tiny-skia's dashing, given a piece of the line and a phase, rounds differently), and
/// a tile walks only the dashes that reach into it: a line 200,000 px long crosses fifty
/// tiles, and walking all its dashes in each was most of a large export's time.
fn dashes_within(
    pts: &[emath::Pos2],
    on: f64,
    off: f64,
    clip: emath::Rect,
    out: &mut impl FnMut(&[(f64, f64)]),
) {
    let period = on + off;
    let [x0, y0, x1, y1] = [clip.min.x, clip.min.y, clip.max.x, clip.max.y].map(f64::from);
    let mut dash: Vec<(f64, f64)> = Vec::new();
    let mut flush = |dash: &mut Vec<(f64, f64)>| {
        let bounds = dash
            .iter()
            .fold([f64::MAX, f64::MIN, f64::MAX, f64::MIN], |b, p| {
                [b[0].min(p.0), b[1].max(p.0), b[2].min(p.1), b[3].max(p.1)]
            });
        if dash.len() > 1
            && bounds[1] >= x0
            && bounds[0] <= x1
            && bounds[3] >= y0
            && bounds[2] <= y1
        {
            out(dash);
        }
        dash.clear();
    };
    // Where the current piece starts in the pattern: 0 ≤ phase < period.
    let mut phase = 0.0f64;
    for w in pts.windows(2) {
        let (a, b) = (
            (f64::from(w[0].x), f64::from(w[0].y)),
            (f64::from(w[1].x), f64::from(w[1].y)),
        );
        let len = (b.0 - a.0).hypot(b.1 - a.1);
        if len.is_nan() || len <= 0.0 {
            continue;
        }
        let at = |t: f64| (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
        // The stretch of the piece inside the clip, grown by a dash.
        let (mut lo, mut hi) = (-on, len + on);
        for (from, to, min, max) in [(a.0, b.0, x0, x1), (a.1, b.1, y0, y1)] {
            let speed = (to - from) / len;
            if speed.abs() < 1e-12 {
                if from < min - on || from > max + on {
                    (lo, hi) = (1.0, 0.0);
                }
                continue;
            }
            let (ta, tb) = ((min - on - from) / speed, (max + on - from) / speed);
            lo = lo.max(ta.min(tb));
            hi = hi.min(ta.max(tb));
        }
        if lo > hi {
            // Wholly outside: it only moves the pattern on.
            flush(&mut dash);
            phase = (phase + len) % period;
            continue;
        }
        let first = ((lo + phase - on) / period).floor().max(0.0);
        let last = ((hi + phase) / period).floor().max(first);
        if first > 0.0 {
            // The dash running on from the last piece ends outside the clip.
            flush(&mut dash);
        }
        let mut j = first;
        while j <= last {
            let start = j * period - phase;
            let (s, e) = (start.max(0.0), (start + on).min(len));
            j += 1.0;
            if s >= e {
                continue;
            }
            if s > 0.0 {
                flush(&mut dash);
            }
            if dash.is_empty() {
                dash.push(at(s));
            }
            dash.push(at(e));
            if start + on < len {
                flush(&mut dash);
            }
        }
        phase = (phase + len) % period;
        // A dash that runs on into the next piece keeps its corner; one that ended
        // here (exactly at the corner, say) must not be joined to the next one.
        if phase >= on {
            flush(&mut dash);
        }
    }
    flush(&mut dash);
}

/// Fills rectangle `[x0, y0, x1, y1]` (image pixels) with `color` over the pixmap
/// (premultiplied alpha) that holds the image from `origin` on, each pixel as much as
/// the rectangle covers of it: exact antialiasing. Coverage is worked out from image
/// coordinates, so a pixel comes out the same in every tile and strip that holds it.
///
/// `under` is a rectangle filled just before that shares an edge with this one (the
/// piece of a line before this piece): a pixel both cover part of is blended so that
/// it comes out covered by their sum, as if the two were filled as one shape (blending
/// twice would leave a light seam across the line where they meet).
fn fill_rect(
    pixmap: &mut Pixmap,
    [x0, y0, x1, y1]: [f64; 4],
    origin: (f32, f32),
    color: Color32,
    under: Option<[f64; 4]>,
) {
    // Nothing to fill (`max` and `min` below would take a NaN edge for no edge).
    if !(x0 < x1 && y0 < y1) {
        return;
    }
    let (left, top) = (f64::from(origin.0), f64::from(origin.1));
    let (w, h) = (f64::from(pixmap.width()), f64::from(pixmap.height()));
    // Image pixels of the rectangle that lie in the pixmap.
    let cols = x0.max(left).floor()..x1.min(left + w).ceil();
    let rows = y0.max(top).floor()..y1.min(top + h).ceil();
    if cols.is_empty() || rows.is_empty() || !(cols.end - cols.start).is_finite() {
        return;
    }
    let covered = |lo: f64, hi: f64, i: f64| (hi.min(i + 1.0) - lo.max(i)).clamp(0.0, 1.0);
    let opacity = f64::from(color.a()) / 255.0;
    let src = |cover: f64| {
        color
            .gamma_multiply_u8((cover * 255.0 + 0.5) as u8)
            .to_array()
    };
    // Pixels wholly inside need no coverage worked out: only the two at either end of a
    // row can be partly covered.
    let (first, last) = (cols.start, cols.end - 1.0);
    let (x_first, x_last) = (covered(x0, x1, first), covered(x0, x1, last));
    let stride = pixmap.width() as usize * 4;
    let data = pixmap.data_mut();
    let mut y = rows.start;
    while y < rows.end {
        let cy = covered(y0, y1, y);
        let row = (y - top) as usize * stride;
        let at = |x: f64| row + (x - left) as usize * 4;
        let pixels = &mut data[at(first)..at(last) + 4];
        let n = pixels.len() / 4;
        // The columns of this row the piece before reaches into (none if it does not
        // reach the row): a pixel it covered `a` of has that blended already; `t`
        // more, blended over it, makes the sum.
        let (shared, uy, ux) = match under {
            Some(u) if covered(u[1], u[3], y) > 0.0 => {
                // As indices into this row's pixels.
                let k = |x: f64| (x - first).clamp(0.0, n as f64) as usize;
                (
                    k(u[0].floor())..k(u[2].ceil()),
                    covered(u[1], u[3], y),
                    (u[0], u[2]),
                )
            }
            _ => (0..0, 0.0, (0.0, 0.0)),
        };
        let inner = src(cy);
        for (k, px) in pixels.chunks_exact_mut(4).enumerate() {
            let x = first + k as f64;
            let s = if shared.contains(&k) {
                let mine = covered(x0, x1, x) * cy;
                let a = covered(ux.0, ux.1, x) * uy * opacity;
                src(if a < 1.0 {
                    (mine / (1.0 - a)).min(1.0)
                } else {
                    0.0
                })
            } else {
                match k {
                    0 => src(x_first * cy),
                    _ if k + 1 == n => src(x_last * cy),
                    _ => inner,
                }
            };
            blend_pixel(px, s);
        }
        y += 1.0;
    }
}

/// Solid line `pts` stroked `width` wide (butt ends, mitred corners, as
/// [`stroke_outline`] strokes) as rectangles that do not overlap, each sharing an edge
/// with the one before (a corner's square goes with the piece that comes to it), for
/// [`fill_rect`]. Lines are nearly always like this: routes go along the axes. `None`
/// for a line with a slanting piece, one turning back on itself or coming near itself,
/// a piece shorter than a corner's square, or an inner piece so short that a pixel
/// could touch three pieces: tiny-skia strokes those.
fn line_pieces(pts: &[emath::Pos2], width: f32) -> Option<Vec<[f64; 4]>> {
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
    for p in pts {
        let p = (f64::from(p.x), f64::from(p.y));
        if points.last() != Some(&p) {
            points.push(p);
        }
    }
    let (half, n) = (f64::from(width) / 2.0, points.len().checked_sub(1)?);
    let mut pieces = Vec::with_capacity(n);
    let mut before = (0.0, 0.0);
    for (i, w) in points.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let along = (
            dx.signum() * f64::from(u8::from(dx != 0.0)),
            dy.signum() * f64::from(u8::from(dy != 0.0)),
        );
        let turns_back = along.0 * before.0 + along.1 * before.1 < 0.0;
        if (dx != 0.0 && dy != 0.0) || !(dx + dy).is_finite() || turns_back {
            return None;
        }
        // An inner piece leaves room between the corners at its ends; the first and
        // last are at least as long as their corner's square.
        let inner = i > 0 && i + 1 < n;
        let least = if inner { 2.0 } else { 0.0 } + f64::from(width);
        if n > 1 && dx.abs() + dy.abs() < least {
            return None;
        }
        before = along;
        // Past the corner's square at the start (the piece before has it), up to the
        // far side of the one at the end.
        let start = if i == 0 { 0.0 } else { half };
        let end = if i + 1 == n { 0.0 } else { half };
        let (s, e) = (
            (a.0 + along.0 * start, a.1 + along.1 * start),
            (b.0 + along.0 * end, b.1 + along.1 * end),
        );
        pieces.push(if dy == 0.0 {
            [s.0.min(e.0), a.1 - half, s.0.max(e.0), a.1 + half]
        } else {
            [a.0 - half, s.1.min(e.1), a.0 + half, s.1.max(e.1)]
        });
    }
    // Nor may pieces not one after the other share a pixel (a line crossing itself, or
    // coming back close to itself).
    let near = |p: &[f64; 4], q: &[f64; 4]| {
        p[0] - 2.0 < q[2] && q[0] - 2.0 < p[2] && p[1] - 2.0 < q[3] && q[1] - 2.0 < p[3]
    };
    for (i, p) in pieces.iter().enumerate() {
        if pieces.iter().skip(i + 2).any(|q| near(p, q)) {
            return None;
        }
    }
    Some(pieces)
}

/// `src` over the premultiplied pixel `dst`.
#[inline]
fn blend_pixel(dst: &mut [u8], src: [u8; 4]) {
    let inv = 255 - src[3] as u32;
    if inv == 0 {
        return dst.copy_from_slice(&src);
    }
    for (d, s) in dst.iter_mut().zip(src) {
        *d = (s as u32 + (*d as u32 * inv + 127) / 255).min(255) as u8;
    }
}

fn stroke_path(
    pixmap: &mut Pixmap,
    pb: PathBuilder,
    color: Color32,
    width: f32,
    dash: Option<StrokeDash>,
    transform: Transform,
) {
    let Some(path) = pb.finish() else { return };
    let paint = paint(color);
    pixmap.stroke_path(&path, &paint, &line_stroke(width, dash), transform, None);
}

/// Antialiased paint in `color`, as everything is drawn.
fn paint(color: Color32) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(skia_color(color));
    paint.anti_alias = true;
    paint
}

/// How lines and card borders are stroked.
fn line_stroke(width: f32, dash: Option<StrokeDash>) -> Stroke {
    Stroke {
        width,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Miter,
        dash,
        ..Default::default()
    }
}

/// The outline of polyline `pts` stroked `width` wide, as [`stroke_path`] strokes.
fn stroke_outline(pts: &[emath::Pos2], width: f32) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    let (first, rest) = pts.split_first()?;
    pb.move_to(first.x, first.y);
    for p in rest {
        pb.line_to(p.x, p.y);
    }
    pb.finish()?.stroke(&line_stroke(width, None), 1.0)
}

/// A rounded rectangle as a polygon: straight edges only, so a strip boundary cutting a
/// corner clips it exactly as the neighbouring strip does (curves would be flattened
/// differently once cut, leaving seams).
fn rounded_rect(r: emath::Rect, radius: f32) -> Option<tiny_skia::Path> {
    let radius = radius.min(r.width() / 2.0).min(r.height() / 2.0).max(0.0);
    let steps = ((radius * 0.75).ceil() as usize).clamp(1, 16);
    let (l, t, rt, b) = (r.min.x, r.min.y, r.max.x, r.max.y);
    let corners = [
        (rt - radius, t + radius, -90.0f32),
        (rt - radius, b - radius, 0.0),
        (l + radius, b - radius, 90.0),
        (l + radius, t + radius, 180.0),
    ];
    let mut pb = PathBuilder::new();
    for (k, &(cx, cy, start)) in corners.iter().enumerate() {
        for i in 0..=steps {
            let a = (start + 90.0 * i as f32 / steps as f32).to_radians();
            let (x, y) = (cx + radius * a.cos(), cy + radius * a.sin());
            if k == 0 && i == 0 {
                pb.move_to(x, y);
            } else {
                pb.line_to(x, y);
            }
        }
    }
    pb.close();
    pb.finish()
}

/// One glyph of a laid-out line: where it goes (the three offsets epaint gives, kept
/// apart so that they add up exactly as they did when they were drawn straight from
/// the atlas) and its pixels.
struct GlyphInk {
    offsets: [emath::Vec2; 3],
    width: usize,
    pixels: GlyphPixels,
}

/// A glyph's coverage, to be drawn in the line's colour (a byte a pixel: at the
/// widest level of a big chart thousands of lines are kept at once), or its own
/// colours (emoji).
enum GlyphPixels {
    Coverage(Vec<u8>, Color32),
    Colour(Vec<Color32>),
}

/// Lays the line out with epaint at the export's pixel size and copies each glyph's
/// coverage from the atlas, in `color`.
fn ink_line(fonts: &mut Fonts, text: &str, size: f32, color: Color32) -> Vec<GlyphInk> {
    // Lets epaint recycle a full glyph atlas between lines (at large scales a few
    // lines fill it); this line's glyphs are copied out before the next layout.
    fonts.begin_pass(TextOptions::default(), epaint::text::ViewportKey::default());
    let galley = fonts.with_pixels_per_point(1.0).layout_no_wrap(
        text.to_owned(),
        FontId::proportional(size),
        color,
    );
    let atlas = fonts.texture_atlas().image();
    let [aw, ah] = atlas.size;
    let mut glyphs = Vec::new();
    for row in &galley.rows {
        for glyph in &row.glyphs {
            let uv = glyph.uv_rect;
            if uv.is_nothing() {
                continue;
            }
            let (x0, x1) = (uv.min[0] as usize, (uv.max[0] as usize).min(aw));
            let (y0, y1) = (uv.min[1] as usize, (uv.max[1] as usize).min(ah));
            let rows = (y0..y1).map(|ty| &atlas.pixels[ty * aw + x0..ty * aw + x1.max(x0)]);
            let pixels = if glyph.is_color {
                GlyphPixels::Colour(rows.flatten().copied().collect())
            } else {
                GlyphPixels::Coverage(rows.flatten().map(|t| t.a()).collect(), color)
            };
            glyphs.push(GlyphInk {
                offsets: [row.pos.to_vec2(), glyph.pos.to_vec2(), uv.offset],
                width: x1.saturating_sub(x0),
                pixels,
            });
        }
    }
    glyphs
}

/// Blends a laid-out line over the pixmap (premultiplied alpha), its origin at `pos`,
/// and marks where.
fn blend_line(pixmap: &mut Pixmap, glyphs: &[GlyphInk], pos: emath::Pos2, marks: &mut Marks) {
    let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
    let data = pixmap.data_mut();
    let origin = pos.round();
    for glyph in glyphs {
        let [a, b, c] = glyph.offsets;
        let lt = origin + a + b + c;
        let (x0, y0) = (lt.x.round() as i64, lt.y.round() as i64);
        let width = glyph.width as i64;
        let count = match &glyph.pixels {
            GlyphPixels::Coverage(alpha, _) => alpha.len(),
            GlyphPixels::Colour(pixels) => pixels.len(),
        } as i64;
        if width == 0 {
            continue;
        }
        // The part of the glyph inside the pixmap, in the glyph's own pixels.
        let (tx0, tx1) = (x0.saturating_neg().max(0), width.min(pw.saturating_sub(x0)));
        let (ty0, ty1) = (
            y0.saturating_neg().max(0),
            (count / width).min(ph.saturating_sub(y0)),
        );
        if tx0 >= tx1 || ty0 >= ty1 {
            continue;
        }
        marks.mark([x0 + tx0, y0 + ty0, x0 + tx1, y0 + ty1].map(|v| v as f64));
        for ty in ty0..ty1 {
            let from = (ty * width + tx0) as usize..(ty * width + tx1) as usize;
            let at = (((y0 + ty) * pw + x0 + tx0) * 4) as usize;
            let row = data[at..at + from.len() * 4].chunks_exact_mut(4);
            match &glyph.pixels {
                GlyphPixels::Coverage(alpha, color) => {
                    for (px, &cover) in row.zip(&alpha[from]) {
                        let src = color.gamma_multiply_u8(cover);
                        if cover != 0 && src.a() != 0 {
                            blend_pixel(px, src.to_array());
                        }
                    }
                }
                GlyphPixels::Colour(pixels) => {
                    for (px, src) in row.zip(&pixels[from]) {
                        if src.a() != 0 {
                            blend_pixel(px, src.to_array());
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dashes `dashes_within` cuts, each as its list of points.
    fn dashes(pts: &[(f32, f32)], on: f64, off: f64, clip: emath::Rect) -> Vec<Vec<(f32, f32)>> {
        let pts: Vec<emath::Pos2> = pts.iter().map(|&(x, y)| emath::pos2(x, y)).collect();
        let mut out: Vec<Vec<(f32, f32)>> = Vec::new();
        dashes_within(&pts, on, off, clip, &mut |dash| {
            out.push(dash.iter().map(|&(x, y)| (x as f32, y as f32)).collect());
        });
        out
    }

    #[test]
    fn a_dash_ending_on_a_corner_is_not_joined_to_the_next() {
        let everywhere =
            emath::Rect::from_min_max(emath::pos2(-100.0, -100.0), emath::pos2(100.0, 100.0));
        // The second dash ends at the first corner; the gap after it ends exactly at
        // the second, where the third dash starts.
        let got = dashes(
            &[(0.0, 0.0), (16.0, 0.0), (16.0, 4.0), (40.0, 4.0)],
            6.0,
            4.0,
            everywhere,
        );
        assert_eq!(
            got,
            vec![
                vec![(0.0, 0.0), (6.0, 0.0)],
                vec![(10.0, 0.0), (16.0, 0.0)],
                vec![(16.0, 4.0), (22.0, 4.0)],
                vec![(26.0, 4.0), (32.0, 4.0)],
                vec![(36.0, 4.0), (40.0, 4.0)],
            ]
        );
        // A dash running over a corner keeps it.
        let got = dashes(&[(0.0, 0.0), (8.0, 0.0), (8.0, 8.0)], 6.0, 4.0, everywhere);
        assert_eq!(
            got,
            vec![vec![(0.0, 0.0), (6.0, 0.0)], vec![(8.0, 2.0), (8.0, 8.0)]]
        );
        let got = dashes(&[(0.0, 0.0), (4.0, 0.0), (4.0, 8.0)], 6.0, 4.0, everywhere);
        assert_eq!(
            got,
            vec![
                vec![(0.0, 0.0), (4.0, 0.0), (4.0, 2.0)],
                vec![(4.0, 6.0), (4.0, 8.0)]
            ]
        );
    }

    #[test]
    fn a_tile_gets_the_dashes_that_reach_into_it_and_no_others() {
        // A long dashed line; the tile sees x from 500 to 520 only.
        let line = [(0.0, 0.0), (1000.0, 0.0)];
        let tile = emath::Rect::from_min_max(emath::pos2(500.0, -5.0), emath::pos2(520.0, 5.0));
        let got = dashes(&line, 6.0, 4.0, tile);
        let all = dashes(&line, 6.0, 4.0, emath::Rect::EVERYTHING);
        let reaching: Vec<_> = all
            .into_iter()
            .filter(|d| d.last().unwrap().0 >= 500.0 && d[0].0 <= 520.0)
            .collect();
        assert_eq!(got, reaching);
        assert_eq!(got.len(), 3);
    }

    /// Dashes the plain way, walking the line from its start: dash k covers arc length
    /// k·period to k·period + on, corners inside it included.
    fn dashes_walked(pts: &[(f32, f32)], on: f64, off: f64) -> Vec<Vec<(f32, f32)>> {
        let period = on + off;
        let mut at = vec![0.0f64];
        for w in pts.windows(2) {
            let len = f64::from((w[1].0 - w[0].0).abs() + (w[1].1 - w[0].1).abs());
            at.push(at.last().unwrap() + len);
        }
        let total = *at.last().unwrap();
        let point = |s: f64| {
            let k = (1..pts.len())
                .find(|&k| at[k] >= s)
                .unwrap_or(pts.len() - 1);
            // Pieces are orthogonal: one step along is one unit on one axis.
            let (a, b) = (pts[k - 1], pts[k]);
            let along = (s - at[k - 1]) as f32;
            // (`f32::signum` is 1 for 0.)
            let sign = |d: f32| f32::from(i8::from(d > 0.0) - i8::from(d < 0.0));
            (a.0 + sign(b.0 - a.0) * along, a.1 + sign(b.1 - a.1) * along)
        };
        let mut out = Vec::new();
        let mut start = 0.0;
        while start < total {
            let end = (start + on).min(total);
            let mut dash = vec![point(start)];
            dash.extend(
                (1..pts.len() - 1)
                    .filter(|&k| at[k] > start && at[k] < end)
                    .map(|k| pts[k]),
            );
            dash.push(point(end));
            out.push(dash);
            start += period;
        }
        out
    }

    proptest::proptest! {
        // Cheap cases, and the rare ones (a dash turning into a tile round a corner just
        // outside it) need many.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        #[test]
        fn dashes_are_cut_as_walking_the_line_would(
            start in (-50i32..50, -50i32..50),
            steps in proptest::collection::vec((1i32..30, proptest::bool::ANY), 1..7),
            on in 1i32..9,
            off in 1i32..7,
            clip in (-80i32..80, -80i32..80, 1i32..40, 1i32..40),
        ) {
            // An orthogonal line with whole-number corners, as routes are: every length is
            // exact, so the two ways of cutting must agree exactly.
            let mut pts = vec![(start.0 as f32, start.1 as f32)];
            for (k, &(len, back)) in steps.iter().enumerate() {
                let (x, y) = *pts.last().unwrap();
                let d = if back { -len } else { len } as f32;
                pts.push(if k % 2 == 0 { (x + d, y) } else { (x, y + d) });
            }
            let everywhere = emath::Rect::EVERYTHING;
            let all = dashes(&pts, f64::from(on), f64::from(off), everywhere);
            proptest::prop_assert_eq!(&all, &dashes_walked(&pts, f64::from(on), f64::from(off)));
            // A tile gets every dash that passes through it, each whole, and nothing that
            // is not a dash of the line.
            let tile = emath::Rect::from_min_size(
                emath::pos2(clip.0 as f32, clip.1 as f32),
                emath::vec2(clip.2 as f32, clip.3 as f32),
            );
            let passes = |d: &Vec<(f32, f32)>| {
                d.windows(2).any(|w| {
                    let piece = emath::Rect::from_two_pos(w[0].into(), w[1].into());
                    piece.intersects(tile)
                })
            };
            let got = dashes(&pts, f64::from(on), f64::from(off), tile);
            for d in &got {
                proptest::prop_assert!(all.contains(d), "{d:?} is not a dash of the line");
            }
            for d in all.iter().filter(|d| passes(d)) {
                proptest::prop_assert!(got.contains(d), "{d:?} passes the tile but was left out");
            }
        }
    }

    #[test]
    fn a_rectangle_covers_each_pixel_by_the_area_it_covers() {
        let mut px = Pixmap::new(4, 3).unwrap();
        fill_rect(
            &mut px,
            [0.5, 0.25, 2.5, 1.75],
            (0.0, 0.0),
            Color32::WHITE,
            None,
        );
        let alpha: Vec<u8> = px.pixels().iter().map(|p| p.alpha()).collect();
        // Halves at the left and right ends, three quarters of the top and bottom rows.
        #[rustfmt::skip]
        assert_eq!(alpha, [
            96, 191, 96, 0,
            96, 191, 96, 0,
            0, 0, 0, 0,
        ]);
        // Over an opaque pixel it blends, premultiplied: white over black.
        let mut px = Pixmap::new(1, 1).unwrap();
        px.fill(tiny_skia::Color::BLACK);
        fill_rect(
            &mut px,
            [0.0, 0.0, 0.5, 1.0],
            (0.0, 0.0),
            Color32::WHITE,
            None,
        );
        assert_eq!(px.data(), [128, 128, 128, 255]);
        // No rectangle (a NaN edge is not an open one): nothing filled.
        fill_rect(
            &mut px,
            [0.0, f64::NAN, 1.0, f64::NAN],
            (0.0, 0.0),
            Color32::RED,
            None,
        );
        fill_rect(
            &mut px,
            [1.0, 0.0, 0.0, 1.0],
            (0.0, 0.0),
            Color32::RED,
            None,
        );
        assert_eq!(px.data(), [128, 128, 128, 255]);
    }

    #[test]
    fn a_rectangle_comes_out_the_same_in_every_tile_that_holds_it() {
        let rect = [3.3, 2.1, 11.7, 5.95];
        let color = Color32::from_rgba_unmultiplied(200, 120, 30, 230);
        let mut whole = Pixmap::new(20, 10).unwrap();
        fill_rect(&mut whole, rect, (0.0, 0.0), color, None);
        for (left, top) in [(7.0, 3.0), (0.0, 4.0), (10.0, 0.0), (-2.0, -1.0)] {
            let mut tile = Pixmap::new(5, 3).unwrap();
            fill_rect(&mut tile, rect, (left, top), color, None);
            for (y, x) in (0..3).flat_map(|y| (0..5).map(move |x| (y, x))) {
                let (ix, iy) = (x + left as i32, y + top as i32);
                let want = whole
                    .pixel(ix as u32, iy as u32)
                    .filter(|_| ix >= 0 && iy >= 0)
                    .unwrap_or_else(|| Pixmap::new(1, 1).unwrap().pixel(0, 0).unwrap());
                assert_eq!(tile.pixel(x as u32, y as u32), Some(want), "({ix}, {iy})");
            }
        }
    }

    #[test]
    fn a_line_along_the_axes_is_cut_into_pieces_that_meet_without_overlapping() {
        let pts = |p: &[(f32, f32)]| -> Vec<emath::Pos2> {
            p.iter().map(|&(x, y)| emath::pos2(x, y)).collect()
        };
        // The corner's square goes with the piece coming to it.
        assert_eq!(
            line_pieces(&pts(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]), 2.0),
            Some(vec![[0.0, -1.0, 11.0, 1.0], [9.0, 1.0, 11.0, 10.0]])
        );
        // Going left and up, a point repeated.
        assert_eq!(
            line_pieces(
                &pts(&[(10.0, 10.0), (0.0, 10.0), (0.0, 10.0), (0.0, 0.0)]),
                2.0
            ),
            Some(vec![[-1.0, 9.0, 10.0, 11.0], [-1.0, 0.0, 1.0, 9.0]])
        );
        // A slanting piece, a turn back, an inner piece too short: tiny-skia's.
        assert_eq!(line_pieces(&pts(&[(0.0, 0.0), (5.0, 5.0)]), 2.0), None);
        assert_eq!(
            line_pieces(&pts(&[(0.0, 0.0), (9.0, 0.0), (4.0, 0.0)]), 2.0),
            None
        );
        // A first or last piece shorter than its corner's square.
        let hook = [(0.0, 0.0), (10.0, 0.0), (10.0, 0.5)];
        assert_eq!(line_pieces(&pts(&hook), 2.0), None);
        let stub = [(9.5, 0.0), (10.0, 0.0), (10.0, 10.0)];
        assert_eq!(line_pieces(&pts(&stub), 2.0), None);
        let z = [(0.0, 0.0), (10.0, 0.0), (10.0, 3.0), (20.0, 3.0)];
        assert_eq!(line_pieces(&pts(&z), 2.0), None);
        assert!(line_pieces(&pts(&z), 1.0).is_some());
    }

    proptest::proptest! {
        #[test]
        fn a_line_in_pieces_covers_each_pixel_as_the_whole_shape_does(
            start in (0.0f64..4.0, 0.0f64..4.0),
            steps in proptest::collection::vec((3.0f64..12.0, proptest::bool::ANY), 1..5),
            width in 1.0f32..4.0,
        ) {
            // An orthogonal line, turning at every point, somewhere in a 60 × 60 pixmap.
            let mut pts = vec![emath::pos2(30.0 + start.0 as f32, 30.0 + start.1 as f32)];
            for (k, &(len, back)) in steps.iter().enumerate() {
                let p = *pts.last().unwrap();
                let d = if back { -len } else { len } as f32;
                pts.push(if k % 2 == 0 { p + emath::vec2(d, 0.0) } else { p + emath::vec2(0.0, d) });
            }
            let Some(pieces) = line_pieces(&pts, width) else {
                return Ok(());
            };
            let mut px = Pixmap::new(60, 60).unwrap();
            let mut under = None;
            for &piece in &pieces {
                fill_rect(&mut px, piece, (0.0, 0.0), Color32::WHITE, under);
                under = Some(piece);
            }
            // Pieces do not overlap: a pixel's share of the shape is the sum of its
            // shares of the pieces.
            let area = |r: [f64; 4], x: f64, y: f64| {
                let c = |lo: f64, hi: f64, i: f64| (hi.min(i + 1.0) - lo.max(i)).max(0.0);
                c(r[0], r[2], x) * c(r[1], r[3], y)
            };
            for (i, got) in px.pixels().iter().enumerate() {
                let (x, y) = ((i % 60) as f64, (i / 60) as f64);
                let want: f64 = pieces.iter().map(|&r| area(r, x, y)).sum();
                let want = (want.min(1.0) * 255.0).round();
                proptest::prop_assert!(
                    (f64::from(got.alpha()) - want).abs() <= 2.0,
                    "({x}, {y}): {} for {want}", got.alpha()
                );
            }
        }
    }

    #[test]
    fn a_connector_without_points_is_drawn_nowhere() {
        let mut scene = crate::scene::build_plain(&crate::example::chart());
        scene.connectors[0].points.clear();
        scene.connectors[1].points = vec![emath::pos2(f32::NAN, 0.0)];
        assert!(render(&scene, &PngOptions::default()).is_ok());
    }
}
