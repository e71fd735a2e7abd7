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

/// Largest side and area we agree to allocate.
pub const MAX_SIDE: u64 = 32_000;
pub const MAX_PIXELS: u64 = 400_000_000;

/// The image size `scene` exports to with `opts`.
pub fn image_size(scene: &Scene, opts: &PngOptions) -> Result<(u32, u32), ExportError> {
    if !(opts.scale.is_finite() && (0.1..=16.0).contains(&opts.scale)) {
        return Err(ExportError::BadScale(opts.scale));
    }
    let w = ((scene.bounds.width() + 2.0 * opts.margin) * opts.scale)
        .ceil()
        .max(1.0) as u64;
    let h = ((scene.bounds.height() + 2.0 * opts.margin) * opts.scale)
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

/// Renders the whole scene into an RGBA image.
pub fn render(scene: &Scene, opts: &PngOptions) -> Result<image::RgbaImage, ExportError> {
    let (w, h) = image_size(scene, opts)?;
    let mut pixmap = Pixmap::new(w, h).ok_or(ExportError::TooLarge {
        width: w.into(),
        height: h.into(),
        max: MAX_SIDE,
        max_pixels: MAX_PIXELS,
    })?;
    let bg = match opts.background {
        Background::Theme => scene.background,
        Background::White => Color32::WHITE,
        Background::Transparent => Color32::TRANSPARENT,
    };
    pixmap.fill(skia_color(bg));
    let s = opts.scale;
    let offset = emath::vec2(
        opts.margin - scene.bounds.min.x,
        opts.margin - scene.bounds.min.y,
    );
    let to_px = |p: emath::Pos2| emath::pos2((p.x + offset.x) * s, (p.y + offset.y) * s);

    for c in &scene.connectors {
        let mut pb = PathBuilder::new();
        for (i, &p) in c.points.iter().enumerate() {
            let p = to_px(p);
            if i == 0 {
                pb.move_to(p.x, p.y);
            } else {
                pb.line_to(p.x, p.y);
            }
        }
        let dash = c
            .dash
            .and_then(|(d, g)| StrokeDash::new(vec![d * s, g * s], 0.0));
        stroke_path(&mut pixmap, pb, c.color, c.width * s, dash);
    }

    let mut fonts = Fonts::new(TextOptions::default(), font_definitions());
    for card in &scene.cards {
        let r = card.rect;
        let min = to_px(r.min);
        let max = to_px(r.max);
        let rect = emath::Rect::from_min_max(min, max);
        if let Some(path) = rounded_rect(rect, card.corner_radius * s) {
            let mut paint = Paint::default();
            paint.set_color(skia_color(card.fill));
            paint.anti_alias = true;
            pixmap.fill_path(
                &path,
                &paint,
                FillRule::Winding,
                Transform::identity(),
                None,
            );
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
            stroke_path(&mut pixmap, pb, card.stroke, card.stroke_width * s, dash);
        }
        for line in &card.text {
            let pos = to_px(line.pos);
            draw_text(
                &mut pixmap,
                &mut fonts,
                &line.text,
                line.size * s,
                line.color,
                pos,
            );
        }
    }

    let data = pixmap.take();
    let mut img = image::RgbaImage::from_raw(w, h, data).ok_or(ExportError::Encode(
        "pixel buffer has the wrong size".into(),
    ))?;
    // tiny-skia stores premultiplied alpha; PNG wants straight alpha.
    for px in img.pixels_mut() {
        let a = px[3];
        if a != 0 && a != 255 {
            for c in 0..3 {
                px[c] = ((px[c] as u32 * 255 + a as u32 / 2) / a as u32).min(255) as u8;
            }
        }
    }
    Ok(img)
}

/// Renders and writes a PNG atomically (the old file survives any failure).
pub fn write(scene: &Scene, opts: &PngOptions, path: &Path) -> Result<(u32, u32), ExportError> {
    let img = render(scene, opts)?;
    let mut bytes = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .map_err(|e| ExportError::Encode(e.to_string()))?;
    crate::io::write_atomic(path, &bytes).map_err(|source| ExportError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(img.dimensions())
}

fn skia_color(c: Color32) -> tiny_skia::Color {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    tiny_skia::Color::from_rgba8(r, g, b, a)
}

fn stroke_path(
    pixmap: &mut Pixmap,
    pb: PathBuilder,
    color: Color32,
    width: f32,
    dash: Option<StrokeDash>,
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
    pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
}

fn rounded_rect(r: emath::Rect, radius: f32) -> Option<tiny_skia::Path> {
    let radius = radius.min(r.width() / 2.0).min(r.height() / 2.0).max(0.0);
    // Cubic Bézier approximation of a quarter circle.
    let k = radius * 0.552_284_8;
    let (l, t, rt, b) = (r.min.x, r.min.y, r.max.x, r.max.y);
    let mut pb = PathBuilder::new();
    pb.move_to(l + radius, t);
    pb.line_to(rt - radius, t);
    pb.cubic_to(rt - radius + k, t, rt, t + radius - k, rt, t + radius);
    pb.line_to(rt, b - radius);
    pb.cubic_to(rt, b - radius + k, rt - radius + k, b, rt - radius, b);
    pb.line_to(l + radius, b);
    pb.cubic_to(l + radius - k, b, l, b - radius + k, l, b - radius);
    pb.line_to(l, t + radius);
    pb.cubic_to(l, t + radius - k, l + radius - k, t, l + radius, t);
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
