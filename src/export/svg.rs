//! SVG export: the scene as vectors, text as text (Chinese intact, the font named), so a
//! chart can be scaled, searched and edited in a vector tool.

use std::fmt::Write as _;

use epaint::Color32;

use super::png::{Background, PngOptions};
use crate::scene::Scene;

/// The font family SVG viewers are asked for: the bundled font first, then common CJK ones.
pub const FONT_FAMILY: &str = "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', \
                               'Microsoft YaHei', sans-serif";

/// The scene as an SVG document, one chart unit to one SVG pixel, with the same margin
/// and background choices as the PNG export.
pub fn to_svg(scene: &Scene, opts: &PngOptions) -> String {
    let m = opts.margin;
    let b = scene.bounds;
    let (w, h) = (b.width() + 2.0 * m, b.height() + 2.0 * m);
    let (ox, oy) = (m - b.min.x, m - b.min.y);
    // Whole pixels, as the PNG has: the viewBox grows by the rounding, not the drawing.
    let (pw, ph) = (
        (w * opts.scale).ceil().max(1.0),
        (h * opts.scale).ceil().max(1.0),
    );
    // About what a card and a line take, so that the document is not copied as it grows.
    let mut out = String::with_capacity(scene.cards.len() * 640 + scene.connectors.len() * 160);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}">"#,
        n(pw),
        n(ph),
        n(pw / opts.scale),
        n(ph / opts.scale)
    );
    let bg = match opts.background {
        Background::Theme => Some(scene.background),
        Background::White => Some(Color32::WHITE),
        Background::Transparent => None,
    };
    if let Some(bg) = bg {
        let _ = writeln!(out, r#"<rect width="100%" height="100%"{}/>"#, fill(bg));
    }
    // The font is named once, for all text below.
    let _ = writeln!(
        out,
        r#"<g transform="translate({} {})" font-family="{FONT_FAMILY}">"#,
        n(ox),
        n(oy)
    );
    for c in &scene.connectors {
        out.push_str(r#"<polyline points=""#);
        for (i, p) in c.points.iter().enumerate() {
            let sep = if i == 0 { "" } else { " " };
            let _ = write!(out, "{sep}{},{}", n(p.x), n(p.y));
        }
        let _ = write!(
            out,
            r#"" fill="none"{} stroke-width="{}""#,
            stroke(c.color),
            n(c.width)
        );
        if let Some((d, g)) = c.dash {
            let _ = write!(out, r#" stroke-dasharray="{} {}""#, n(d), n(g));
        }
        out.push_str("/>\n");
    }
    for card in &scene.cards {
        let r = card.rect;
        let inset = card.stroke_width / 2.0;
        let dash = if card.dashed {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let _ = writeln!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}"{}/>"#,
            n(r.min.x),
            n(r.min.y),
            n(r.width()),
            n(r.height()),
            n(card.corner_radius),
            fill(card.fill)
        );
        let _ = writeln!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="none"{} stroke-width="{}"{dash}/>"#,
            n(r.min.x + inset),
            n(r.min.y + inset),
            n(r.width() - 2.0 * inset),
            n(r.height() - 2.0 * inset),
            n((card.corner_radius - inset).max(0.0)),
            stroke(card.stroke),
            n(card.stroke_width)
        );
        for line in &card.text {
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{}" font-size="{}"{}>{}</text>"#,
                n(line.pos.x),
                n(line.pos.y + line.baseline),
                n(line.size),
                fill(line.color),
                escape(&line.text)
            );
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// Short, stable number formatting (two decimals at most). Integer arithmetic: the
/// standard fixed-precision float formatting is the slowest part of a large export;
/// written straight into the document, not into a string of its own first.
fn n(v: f32) -> Num {
    Num(v)
}

struct Num(f32);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hundredths = (f64::from(self.0) * 100.0).round() as i64;
        let (sign, abs) = if hundredths < 0 {
            ("-", -hundredths)
        } else {
            ("", hundredths)
        };
        match (abs / 100, abs % 100) {
            (0, 0) => f.write_str("0"),
            (whole, 0) => write!(f, "{sign}{whole}"),
            (whole, frac) if frac % 10 == 0 => write!(f, "{sign}{whole}.{}", frac / 10),
            (whole, frac) => write!(f, "{sign}{whole}.{frac:02}"),
        }
    }
}

/// A colour as an SVG attribute (`fill` or `stroke`), with its opacity if not opaque.
struct Paint(&'static str, Color32);

impl std::fmt::Display for Paint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Paint(what, c) = *self;
        let [r, g, b, a] = c.to_srgba_unmultiplied();
        write!(f, r##" {what}="#{r:02x}{g:02x}{b:02x}""##)?;
        if a < 255 {
            write!(f, r#" {what}-opacity="{}""#, n(a as f32 / 255.0))?;
        }
        Ok(())
    }
}

fn fill(c: Color32) -> Paint {
    Paint("fill", c)
}

fn stroke(c: Color32) -> Paint {
    Paint("stroke", c)
}

/// XML text escaping; control characters, which XML 1.0 forbids, become spaces.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod number_tests {
    #[test]
    fn numbers_are_short_and_exact_to_two_decimals() {
        for (v, s) in [
            (0.0, "0"),
            (-0.001, "0"),
            (1.5, "1.5"),
            (-2.25, "-2.25"),
            (10.0, "10"),
            (0.05, "0.05"),
            (-0.5, "-0.5"),
            (123.456, "123.46"),
        ] {
            assert_eq!(super::n(v).to_string(), s, "{v}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos; ");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(n(1.0).to_string(), "1");
        assert_eq!(n(2.5).to_string(), "2.5");
        assert_eq!(n(-0.001).to_string(), "0");
        assert_eq!(n(1.234).to_string(), "1.23");
    }
}
