//! The document model ([`Doc`]) as HTML: the report shows the very tables and lines that
//! `rank`, `gaps` and `summary` print, with every text escaped. Grade cells get a class by
//! level (coloured by the stylesheet), trend labels one by direction.

use crate::render::doc::{Block, Doc, DocTable};
use crate::render::svg::escape;

/// How a document is placed in the page.
pub struct DocHtml<'a> {
    /// Added to every heading level (a document's level 2 under a page's `<h2>` becomes `<h3>`).
    pub heading_offset: u8,
    /// The grade level names of the track shown, best first (cells of the `等次` column).
    pub levels: &'a [&'a str],
}

impl DocHtml<'_> {
    /// The blocks as HTML, in order.
    pub fn render(&self, doc: &Doc) -> String {
        let mut out = String::new();
        for b in &doc.0 {
            match b {
                Block::Heading(level, t) => {
                    let h = (level + self.heading_offset).clamp(1, 6);
                    out.push_str(&format!("<h{h}>{}</h{h}>\n", escape(t)));
                }
                Block::Table(t) => out.push_str(&self.table(t)),
                Block::Lines(lines) => {
                    out.push_str("<ul class=\"lines\">\n");
                    for l in lines {
                        out.push_str(&format!("<li>{}</li>\n", escape(l)));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Note(t) => out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(t))),
            }
        }
        out
    }

    fn table(&self, t: &DocTable) -> String {
        let mut out = String::from("<table>\n<thead><tr>");
        for (c, h) in t.header.iter().enumerate() {
            out.push_str(&format!("<th{}>{}</th>", num_class(t, c), escape(h)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &t.rows {
            out.push_str("<tr>");
            for (c, cell) in row.iter().enumerate() {
                let class = match t.header.get(c).map(String::as_str) {
                    Some("等次") => self.grade_class(cell),
                    Some("趋势") => trend_class(cell),
                    Some("单位") => " class=\"name\"".into(),
                    _ => num_class(t, c),
                };
                out.push_str(&format!("<td{class}>{}</td>", escape(cell)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        out
    }

    fn grade_class(&self, cell: &str) -> String {
        match self.levels.iter().position(|l| *l == cell) {
            Some(i) => format!(" class=\"grade g{}\"", i.min(5)),
            None => String::new(),
        }
    }
}

fn num_class(t: &DocTable, c: usize) -> String {
    if t.right.get(c) == Some(&true) {
        " class=\"num\"".into()
    } else {
        String::new()
    }
}

fn trend_class(cell: &str) -> String {
    let class = match cell {
        "进位" => "trend up",
        "退位" => "trend down",
        "慢进" => "trend slow",
        // A bare label (持平, 新增) stays on one line; a sentence (the gaps table) may wrap.
        _ if cell.chars().count() <= 2 => "trend",
        _ => return String::new(),
    };
    format!(" class=\"{class}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::doc::Blocks;

    #[test]
    fn documents_become_escaped_html_with_grade_classes() {
        let mut d = Doc::default();
        d.heading(2, "乡镇 <town>");
        let mut t = DocTable::new(&[
            ("单位", false),
            ("总分", true),
            ("等次", false),
            ("趋势", false),
        ]);
        t.row(vec![
            "=HYPERLINK(\"x\")".into(),
            "91.50".into(),
            "良好".into(),
            "退位".into(),
        ]);
        d.table(t);
        d.lines(vec!["a & b".into()]);
        let html = DocHtml {
            heading_offset: 1,
            levels: &["优秀", "良好"],
        }
        .render(&d);
        assert!(html.contains("<h3>乡镇 &lt;town&gt;</h3>"));
        assert!(html.contains("<td class=\"name\">=HYPERLINK(&quot;x&quot;)</td>"));
        assert!(html.contains("<td class=\"num\">91.50</td>"));
        assert!(html.contains("<td class=\"grade g1\">良好</td>"));
        assert!(html.contains("<td class=\"trend down\">退位</td>"));
        assert!(html.contains("<li>a &amp; b</li>"));
    }
}
