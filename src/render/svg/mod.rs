//! A small SVG writer for the report's charts.
//!
//! Two promises: the same input gives the same bytes on every machine (coordinates printed with
//! one decimal, no clock, no randomness, no font files read), and Chinese labels render with the
//! viewer's fonts (a CJK-friendly `font-family` stack). Since no font is measured, text widths are
//! estimated by character class ([`text_width`]): East-Asian wide characters count one em, ASCII
//! letters and digits a little over half. Layouts leave room for the estimate to be a little off.
//!
//! [`bars`] draws horizontal (stacked or diverging) bar charts, [`boxplot`] distributions per
//! group; both share [`Svg`], the title block and [`legend`], and the scales of [`scale`].

pub mod bars;
pub mod boxplot;
mod legend;
pub mod scale;

pub use legend::{legend, legend_height, title_block, LegendItem};

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

/// Fonts that carry Chinese glyphs on Linux, macOS and Windows, then the generic family.
pub const FONT_STACK: &str = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif";

/// Text colour, grid and axis greys.
pub const INK: &str = "#222";
pub const MUTED: &str = "#666";
pub const GRID: &str = "#e3e3e3";
pub const AXIS: &str = "#888";

/// A named colour of a legend and the marks drawn in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub color: String,
}

impl Series {
    pub fn new(name: impl Into<String>, color: impl Into<String>) -> Series {
        Series {
            name: name.into(),
            color: color.into(),
        }
    }
}

/// Categorical colours (colour-blind friendly, after Okabe–Ito and Tableau 10), cycled.
pub fn palette(i: usize) -> &'static str {
    const P: [&str; 10] = [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
        "#9c755f", "#bab0ac",
    ];
    P[i % P.len()]
}

/// Escapes text for SVG and HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The estimated advance of one character, in em.
fn char_em(c: char) -> f64 {
    match c.width() {
        Some(2) => 1.0,
        Some(0) | None => 0.0,
        _ if c.is_ascii_digit() => 0.58,
        _ if c.is_ascii_uppercase() => 0.68,
        _ if c.is_ascii_lowercase() => 0.55,
        _ if matches!(
            c,
            ' ' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' | 'i' | 'l'
        ) =>
        {
            0.32
        }
        _ => 0.62,
    }
}

/// The estimated width of `s` at font size `size` (px), erring on the wide side.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// `s`, cut with an ellipsis so that its estimated width stays within `max` px.
pub fn fit_text(s: &str, size: f64, max: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let budget = max - text_width("…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        w += char_em(c) * size;
        if w > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A coordinate with at most one decimal and no trailing `.0`: stable bytes, small files.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let r = (x * 10.0).round() / 10.0;
    let s = format!("{r:.1}");
    match s.strip_suffix(".0") {
        Some("-0") => "0".into(),
        Some(int) => int.to_string(),
        None => s,
    }
}

/// Horizontal alignment of a text's anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// How a piece of text is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size: f64,
    pub anchor: Anchor,
    pub bold: bool,
    pub color: &'static str,
}

impl Font {
    pub fn new(size: f64, anchor: Anchor) -> Font {
        Font {
            size,
            anchor,
            bold: false,
            color: INK,
        }
    }

    pub fn bold(self) -> Font {
        Font { bold: true, ..self }
    }

    pub fn color(self, color: &'static str) -> Font {
        Font { color, ..self }
    }
}

/// An SVG document being drawn: a fixed view box, elements appended in drawing order.
#[derive(Debug, Clone)]
pub struct Svg {
    width: f64,
    height: f64,
    body: String,
}

impl Svg {
    pub fn new(width: f64, height: f64) -> Svg {
        Svg {
            width,
            height,
            body: String::new(),
        }
    }

    pub fn set_height(&mut self, height: f64) {
        self.height = height;
    }

    /// A filled rectangle, with an optional tooltip.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, tip: Option<&str>) {
        let _ = write!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"",
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0)),
            escape(fill)
        );
        self.close("rect", tip);
    }

    /// An outlined rectangle (no fill).
    pub fn frame(&mut self, x: f64, y: f64, w: f64, h: f64, stroke: &str, fill: &str) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\"/>",
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0)),
            escape(fill),
            escape(stroke)
        );
    }

    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, width: f64) {
        let _ = writeln!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            escape(stroke),
            num(width)
        );
    }

    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: &str, tip: Option<&str>) {
        let _ = write!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" fill-opacity=\"0.85\"",
            num(cx),
            num(cy),
            num(r),
            escape(fill)
        );
        self.close("circle", tip);
    }

    /// Text with its baseline at `y`.
    pub fn text(&mut self, x: f64, y: f64, s: &str, f: Font) {
        let weight = if f.bold { " font-weight=\"bold\"" } else { "" };
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\" fill=\"{}\"{weight}>{}</text>",
            num(x),
            num(y),
            num(f.size),
            f.anchor.attr(),
            f.color,
            escape(s)
        );
    }

    /// Text turned 90° anticlockwise around its anchor (a vertical axis label).
    pub fn vertical_text(&mut self, x: f64, y: f64, s: &str, f: Font) {
        let _ = writeln!(
            self.body,
            "<text transform=\"translate({},{}) rotate(-90)\" font-size=\"{}\" text-anchor=\"{}\" fill=\"{}\">{}</text>",
            num(x),
            num(y),
            num(f.size),
            f.anchor.attr(),
            f.color,
            escape(s)
        );
    }

    /// Ends the open `tag`, with a tooltip as its `<title>` child.
    fn close(&mut self, tag: &str, tip: Option<&str>) {
        match tip {
            Some(t) => {
                let _ = writeln!(self.body, "><title>{}</title></{tag}>", escape(t));
            }
            None => self.body.push_str("/>\n"),
        }
    }

    /// The finished document: `<title>` (the accessible name) first, then `<desc>` and the body.
    /// Meant to be inlined in HTML, where `<svg>` needs no namespace attribute (so the report
    /// holds no URL at all).
    pub fn finish(self, title: &str, desc: &str) -> String {
        format!(
            "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" font-family=\"{font}\">\n<title>{title}</title>\n<desc>{desc}</desc>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>\n{body}</svg>\n",
            w = num(self.width),
            h = num(self.height),
            font = FONT_STACK,
            title = escape(title),
            desc = escape(desc),
            body = self.body
        )
    }
}

#[cfg(test)]
mod tests;
