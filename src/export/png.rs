//! PNG export: the scene rasterised with tiny-skia, text copied from epaint's glyph
//! atlas, so cards, lines and letters look as they do on the canvas.

use std::path::Path;

use epaint::text::{Fonts, TextOptions};
use epaint::{Color32, FontId};
use tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform,
};

use super::ExportError;
use crate::scene::{Scene, fonts::font_definitions};

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
/// About this many bytes of pixels are rendered at a time.
const STRIP_BYTES: u64 = 16 << 20;
/// Rows rendered above and below each strip and thrown away, so that antialiased edges
/// crossing a strip boundary are computed from the whole shape on both sides. (Shapes
/// are straight-edged polygons, see `rounded_rect`, so a little is enough: this many
/// rows at 1×, more at large scales, where the nearly flat edges of a rounded corner
/// span several rows and tiny-skia's clipping of them at a strip edge shows further in.)
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
    let mut painter = StripPainter::new(scene, opts, w);
    let data = painter.paint(0, h).to_vec();
    image::RgbaImage::from_raw(w, h, data).ok_or(ExportError::Encode(
        "pixel buffer has the wrong size".into(),
    ))
}

/// Encodes the scene as PNG into `out`, rendering a strip of rows at a time so memory
/// stays bounded (a strip of about 16 MB of pixels being painted and two strips' rows
/// in flight) however large the image. `progress` is told
/// the fraction done after each strip; returning `false` cancels.
pub fn write_png(
    scene: &Scene,
    opts: &PngOptions,
    out: impl std::io::Write,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<(u32, u32), ExportError> {
    write_png_in_strips(scene, opts, out, None, progress)
}

/// [`write_png`] with a chosen strip height (rows), for tests of the strip seams.
pub fn write_png_in_strips(
    scene: &Scene,
    opts: &PngOptions,
    out: impl std::io::Write,
    strip_rows: Option<u32>,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<(u32, u32), ExportError> {
    let (w, h) = image_size(scene, opts)?;
    let encode = |e: ::png::EncodingError| ExportError::Encode(e.to_string());
    let mut painter = StripPainter::new(scene, opts, w);
    // Over an opaque background every pixel is opaque: the alpha channel would be a
    // quarter of the data to filter and compress for nothing.
    let opaque = painter.background.a() == 255;
    let mut encoder = ::png::Encoder::new(std::io::BufWriter::new(out), w, h);
    encoder.set_color(if opaque {
        ::png::ColorType::Rgb
    } else {
        ::png::ColorType::Rgba
    });
    encoder.set_depth(::png::BitDepth::Eight);
    encoder.set_compression(::png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(encode)?;
    let mut stream = writer.stream_writer().map_err(encode)?;
    let strip = strip_rows
        .unwrap_or((STRIP_BYTES / (w as u64 * 4)).clamp(16, 4096) as u32)
        .max(1);

    // Painting and encoding take turns strip by strip, so they run on two threads: one
    // paints the next strip while this one filters and compresses the last. A strip is
    // handed over only when this thread takes it (a rendezvous), and buffers go back to
    // the painter to be reused: two strips' rows at a time, one painted, one encoded.
    let (strips, painted) = std::sync::mpsc::sync_channel::<Vec<u8>>(0);
    let (recycle, spare) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut top = 0;
            while top < h {
                let n = strip.min(h - top);
                let mut buf = spare.try_recv().unwrap_or_default();
                painter.paint_into(top, n, opaque, &mut buf);
                // The encoder stopped (cancelled, or failed): so does the painting.
                if strips.send(buf).is_err() {
                    return;
                }
                top += n;
            }
        });
        let mut top = 0;
        let result = (|| {
            while top < h {
                let n = strip.min(h - top);
                let rows = painted
                    .recv()
                    .map_err(|_| ExportError::Encode("the painting thread stopped".into()))?;
                std::io::Write::write_all(&mut stream, &rows)
                    .map_err(|e| ExportError::Encode(e.to_string()))?;
                let _ = recycle.send(rows);
                top += n;
                if !progress(top as f32 / h as f32) {
                    return Err(ExportError::Cancelled);
                }
            }
            Ok(())
        })();
        // Lets a painter blocked on a full channel see that nobody is listening.
        drop(painted);
        result
    })?;
    stream.finish().map_err(encode)?;
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

/// Paints horizontal strips of the scene; keeps the pixmap and fonts between strips.
struct StripPainter<'a> {
    scene: &'a Scene,
    opts: PngOptions,
    width: u32,
    background: Color32,
    pixmap: Option<Pixmap>,
    fonts: Fonts,
    overlap: u32,
}

impl<'a> StripPainter<'a> {
    fn new(scene: &'a Scene, opts: &PngOptions, width: u32) -> Self {
        let background = match opts.background {
            Background::Theme => scene.background,
            Background::White => Color32::WHITE,
            Background::Transparent => Color32::TRANSPARENT,
        };
        Self {
            scene,
            opts: *opts,
            width,
            background,
            pixmap: None,
            fonts: Fonts::new(TextOptions::default(), font_definitions()),
            overlap: overlap(opts.scale),
        }
    }

    /// Rows `top..top + n` of the image into `out`: RGB if `opaque` (the background is,
    /// so every pixel is), else straight-alpha RGBA.
    fn paint_into(&mut self, top: u32, n: u32, opaque: bool, out: &mut Vec<u8>) {
        let rows = self.paint(top, n);
        out.clear();
        if opaque {
            out.resize(rows.len() / 4 * 3, 0);
            for (to, px) in out.chunks_exact_mut(3).zip(rows.chunks_exact(4)) {
                to.copy_from_slice(&px[..3]);
            }
        } else {
            out.extend_from_slice(rows);
        }
    }

    /// Rows `top..top + n` of the image, as straight-alpha RGBA.
    fn paint(&mut self, top: u32, n: u32) -> &[u8] {
        let h = n + 2 * self.overlap;
        if self.pixmap.as_ref().is_none_or(|p| p.height() != h) {
            self.pixmap = Pixmap::new(self.width, h);
        }
        let Some(pixmap) = self.pixmap.as_mut() else {
            unreachable!("strip sizes are checked by image_size")
        };
        pixmap.fill(skia_color(self.background));
        let s = self.opts.scale;
        let margin = self.opts.margin;
        let bounds = self.scene.bounds;
        // Geometry is computed in image pixels, the same for every strip; the strip's
        // offset is a whole-pixel translation applied when rasterising, so dashes and
        // antialiased edges come out identical on both sides of a strip boundary.
        let shift = top as f32 - self.overlap as f32;
        let to_strip = Transform::from_translate(0.0, -shift);
        let to_px = |p: emath::Pos2| {
            emath::pos2(
                (p.x - bounds.min.x + margin) * s,
                (p.y - bounds.min.y + margin) * s,
            )
        };
        // Only what reaches into this strip (plus a little for strokes and glyphs).
        let (lo, hi) = (shift - 8.0, shift + h as f32 + 8.0);
        let visible = |r: emath::Rect| r.max.y >= lo && r.min.y <= hi;

        for c in &self.scene.connectors {
            let pts: Vec<emath::Pos2> = c.points.iter().map(|&p| to_px(p)).collect();
            // A wide stroke (at a large scale) reaches further from its centre line.
            let reach = c.width * s;
            let (lo, hi) = (lo - reach, hi + reach);
            let r = emath::Rect::from_points(&pts);
            if r.max.y < lo || r.min.y > hi {
                continue;
            }
            // Only what lies inside the strip is stroked: a long line (dashed, above
            // all) would otherwise be stroked whole in every strip it crosses.
            let mut pb = PathBuilder::new();
            let dash = c
                .dash
                .map(|(on, off)| (f64::from(on * s), f64::from(off * s)))
                .filter(|&(on, off)| on > 0.0 && off >= 0.0 && (on + off).is_finite());
            match dash {
                Some((on, off)) => dashes_in_rows(&pts, on, off, lo, hi, &mut pb),
                None => clip_to_rows(&pts, lo, hi, &mut pb),
            }
            stroke_path(pixmap, pb, c.color, c.width * s, None, to_strip);
        }

        for card in &self.scene.cards {
            let rect = emath::Rect::from_min_max(to_px(card.rect.min), to_px(card.rect.max));
            if !visible(rect) {
                continue;
            }
            if let Some(path) = rounded_rect(rect, card.corner_radius * s) {
                let mut paint = Paint::default();
                paint.set_color(skia_color(card.fill));
                paint.anti_alias = true;
                pixmap.fill_path(&path, &paint, FillRule::Winding, to_strip, None);
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
                    to_strip,
                );
            }
            for line in &card.text {
                // A line of text outside the strip costs a text layout for nothing.
                let (top_px, size_px) = (to_px(line.pos).y, line.size * s);
                if top_px - size_px > hi || top_px + 2.0 * size_px < lo {
                    continue;
                }
                // Text is placed on whole pixels of the image, not of the strip, so a
                // line split across two strips is drawn identically in both.
                let pos = to_px(line.pos).round() - emath::vec2(0.0, shift);
                draw_text(
                    pixmap,
                    &mut self.fonts,
                    &line.text,
                    line.size * s,
                    line.color,
                    pos,
                );
            }
        }

        let row_bytes = self.width as usize * 4;
        let start = self.overlap as usize * row_bytes;
        let rows = &mut pixmap.data_mut()[start..start + n as usize * row_bytes];
        // tiny-skia stores premultiplied alpha; PNG wants straight alpha. Over an
        // opaque background every pixel is opaque, and the two are the same.
        if self.background.a() != 255 {
            for px in rows.chunks_exact_mut(4) {
                let a = px[3];
                if a != 0 && a != 255 {
                    for c in &mut px[..3] {
                        *c = ((*c as u32 * 255 + a as u32 / 2) / a as u32).min(255) as u8;
                    }
                }
            }
        }
        rows
    }
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

/// Adds to `pb` the dashes (`on` long, `off` apart, starting with a dash at the first
/// point; `on` > 0) of polyline `pts` that reach between heights `lo` and `hi`; a dash
/// turning a corner keeps its corner. Where each piece of the line starts in the
/// pattern is worked out the same way whichever strip asks, and a piece's dashes
/// only from there, so every strip cuts the same dashes (tiny-skia's dashing, given
/// a piece of the line and a phase, rounds differently) and a strip walks the dashes
/// of its own pieces only, not the whole line's.
fn dashes_in_rows(pts: &[emath::Pos2], on: f64, off: f64, lo: f32, hi: f32, pb: &mut PathBuilder) {
    let period = on + off;
    let (lo, hi) = (f64::from(lo), f64::from(hi));
    let mut dash: Vec<(f64, f64)> = Vec::new();
    let mut flush = |dash: &mut Vec<(f64, f64)>| {
        let (top, bottom) = dash
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(t, b), p| {
                (t.min(p.1), b.max(p.1))
            });
        if dash.len() > 1 && bottom >= lo && top <= hi {
            pb.move_to(dash[0].0 as f32, dash[0].1 as f32);
            for p in &dash[1..] {
                pb.line_to(p.0 as f32, p.1 as f32);
            }
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
        // A piece wholly above or below the rows only moves the pattern on.
        if a.1.max(b.1) < lo - on || a.1.min(b.1) > hi + on {
            flush(&mut dash);
            phase = (phase + len) % period;
            continue;
        }
        let at = |t: f64| (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
        let (mut t, mut p) = (0.0, phase);
        while t < len {
            let drawing = p < on;
            let step = (if drawing { on - p } else { period - p }).min(len - t);
            if drawing {
                if dash.is_empty() {
                    dash.push(at(t));
                }
                dash.push(at(t + step));
            }
            t += step;
            p += step;
            if p >= period - 1e-9 {
                p = 0.0;
            }
            if drawing && p >= on - 1e-9 {
                flush(&mut dash);
            }
        }
        phase = (phase + len) % period;
        // A dash that runs on into the next piece keeps its corner; one that ended
        // here was flushed above.
        if phase >= on {
            flush(&mut dash);
        }
    }
    flush(&mut dash);
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
    let mut paint = Paint::default();
    paint.set_color(skia_color(color));
    paint.anti_alias = true;
    let stroke = Stroke {
        width,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Miter,
        dash,
        ..Default::default()
    };
    pixmap.stroke_path(&path, &paint, &stroke, transform, None);
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

/// Lays the line out with epaint at the export's pixel size and copies each glyph's
/// coverage from the atlas, blending `color` over the pixmap (premultiplied alpha).
fn draw_text(
    pixmap: &mut Pixmap,
    fonts: &mut Fonts,
    text: &str,
    size: f32,
    color: Color32,
    pos: emath::Pos2,
) {
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
    let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
    let data = pixmap.data_mut();
    let origin = pos.round();
    for row in &galley.rows {
        for glyph in &row.glyphs {
            let uv = glyph.uv_rect;
            if uv.is_nothing() {
                continue;
            }
            let lt = origin + row.pos.to_vec2() + glyph.pos.to_vec2() + uv.offset;
            let (x0, y0) = (lt.x.round() as i64, lt.y.round() as i64);
            for ty in uv.min[1] as usize..(uv.max[1] as usize).min(ah) {
                let y = y0 + (ty - uv.min[1] as usize) as i64;
                if y < 0 || y >= ph {
                    continue;
                }
                for tx in uv.min[0] as usize..(uv.max[0] as usize).min(aw) {
                    let x = x0 + (tx - uv.min[0] as usize) as i64;
                    if x < 0 || x >= pw {
                        continue;
                    }
                    let texel = atlas.pixels[ty * aw + tx];
                    let src = if glyph.is_color {
                        texel
                    } else {
                        color.gamma_multiply_u8(texel.a())
                    };
                    if src.a() == 0 {
                        continue;
                    }
                    let i = ((y * pw + x) * 4) as usize;
                    let inv = 255 - src.a() as u32;
                    let s = src.to_array();
                    for c in 0..4 {
                        data[i + c] =
                            (s[c] as u32 + (data[i + c] as u32 * inv + 127) / 255).min(255) as u8;
                    }
                }
            }
        }
    }
}
