//! A small document model for the human-readable formats: headings, tables, bullet lines and
//! notes. An analysis renderer builds one [`Doc`]; [`Doc::text`] lays it out for the terminal
//! (comfy-table) and [`Doc::markdown`] for pasting into a published notice — so the two formats
//! always show the same content.

use crate::error::escape_controls;
use comfy_table::{
    presets, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width,
};

/// One block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; level 1 is the document title, 2 a section.
    Heading(u8, String),
    Table(DocTable),
    /// Bullet lines (requirement lines, notes).
    Lines(Vec<String>),
    /// A paragraph.
    Note(String),
}

/// A table: header, rows, and which columns are numeric (right-aligned).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub right: Vec<bool>,
    /// Columns a narrow terminal may leave out first (detail such as dimension subtotals), by
    /// index; the others go only after these, from the right.
    pub optional: Vec<usize>,
    /// The grade levels of the track the table lists, best first: a workbook colours a cell of
    /// a column headed `…等次` that holds one of them by its level (empty: no colours).
    pub grades: Vec<String>,
}

impl DocTable {
    /// A table whose columns are given as `(title, numeric)` pairs.
    pub fn new(columns: &[(&str, bool)]) -> DocTable {
        DocTable {
            header: columns.iter().map(|c| c.0.to_string()).collect(),
            rows: Vec::new(),
            right: columns.iter().map(|c| c.1).collect(),
            optional: Vec::new(),
            grades: Vec::new(),
        }
    }

    /// Marks the column just added as one a narrow terminal may leave out first.
    pub fn optional(&mut self) {
        self.optional.push(self.header.len() - 1);
    }

    /// The table without column `c`.
    fn without(&mut self, c: usize) -> String {
        let title = self.header.remove(c);
        self.right.remove(c);
        for r in &mut self.rows {
            if c < r.len() {
                r.remove(c);
            }
        }
        self.optional.retain(|&o| o != c);
        for o in &mut self.optional {
            if *o > c {
                *o -= 1;
            }
        }
        title
    }

    /// Adds a column after the existing ones.
    pub fn column(&mut self, title: impl Into<String>, numeric: bool) {
        self.header.push(title.into());
        self.right.push(numeric);
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

/// A document: blocks in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc(pub Vec<Block>);

impl Doc {
    pub fn push(&mut self, b: Block) {
        self.0.push(b);
    }

    /// Terminal layout. `width` is the terminal width, or `None` for a fixed layout (no
    /// wrapping) when not writing to a terminal, so that output is stable.
    pub fn text(&self, width: Option<u16>) -> String {
        self.escaped().layout(width)
    }

    /// The document with control characters of every text shown escaped (line breaks inside a
    /// cell stay: the table lays them out), before any width is measured.
    fn escaped(&self) -> Doc {
        let e = |s: &String| escape_controls(s, true).into_owned();
        let lines = |v: &Vec<String>| v.iter().map(e).collect();
        Doc(self
            .0
            .iter()
            .map(|b| match b {
                Block::Heading(l, t) => Block::Heading(*l, e(t)),
                Block::Note(t) => Block::Note(e(t)),
                Block::Lines(v) => Block::Lines(lines(v)),
                Block::Table(t) => Block::Table(DocTable {
                    header: lines(&t.header),
                    right: t.right.clone(),
                    optional: t.optional.clone(),
                    rows: t.rows.iter().map(lines).collect(),
                    grades: lines(&t.grades),
                }),
            })
            .collect())
    }

    /// [`Doc::text`] with the blank lines after its last block kept: a piece of a document laid
    /// out a part at a time (its parts' text joined as the whole's is).
    pub fn text_piece(&self, width: Option<u16>) -> String {
        self.escaped().layout_untrimmed(width)
    }

    fn layout(&self, width: Option<u16>) -> String {
        trim_end_newlines(self.layout_untrimmed(width))
    }

    fn layout_untrimmed(&self, width: Option<u16>) -> String {
        let mut out = String::new();
        for b in &self.0 {
            match b {
                Block::Heading(1, t) => out.push_str(&format!("{t}\n{}\n", "=".repeat(20))),
                Block::Heading(_, t) => out.push_str(&format!("【{t}】\n")),
                Block::Table(t) => {
                    out.push_str(&fitted(t, width));
                    out.push('\n');
                }
                Block::Lines(lines) => {
                    for l in lines {
                        out.push_str(&format!("  · {l}\n"));
                    }
                }
                Block::Note(t) => out.push_str(&format!("{t}\n")),
            }
            out.push('\n');
        }
        out
    }

    /// Markdown (GitHub-flavoured pipe tables), written into one string: statement sets
    /// render one of these per unit.
    pub fn markdown(&self) -> String {
        // Sized once for the text and the table markup around it (a statement is a few KB; a
        // string grown from empty would move it a dozen times).
        let mut out = MarkdownBuf::with_capacity(self.text_len() * 9 / 8 + 64);
        for b in &self.0 {
            out.push_block(b);
        }
        out.finish()
    }
}

/// Where a renderer puts a document's blocks: kept whole ([`Doc`], for every layout) or laid
/// out as Markdown as they come ([`MarkdownBuf`]: nothing of a statement is kept but its text).
/// A table comes as its head, then row by row, then its end.
pub trait Blocks {
    fn block(&mut self, b: Block);
    /// A table's head (its rows, if any, come by [`Blocks::row`]).
    fn table_head(&mut self, t: DocTable);
    fn row(&mut self, cells: &[String]);
    fn table_end(&mut self);
    /// A whole table.
    fn table(&mut self, t: DocTable);

    fn heading(&mut self, level: u8, text: impl Into<String>)
    where
        Self: Sized,
    {
        self.block(Block::Heading(level, text.into()));
    }

    fn note(&mut self, text: impl Into<String>)
    where
        Self: Sized,
    {
        self.block(Block::Note(text.into()));
    }

    /// Bullet lines; nothing when `lines` is empty.
    fn lines(&mut self, lines: Vec<String>)
    where
        Self: Sized,
    {
        if !lines.is_empty() {
            self.block(Block::Lines(lines));
        }
    }
}

impl Blocks for Doc {
    fn block(&mut self, b: Block) {
        self.push(b);
    }

    fn table_head(&mut self, t: DocTable) {
        self.push(Block::Table(t));
    }

    fn row(&mut self, cells: &[String]) {
        match self.0.last_mut() {
            Some(Block::Table(t)) => t.rows.push(cells.to_vec()),
            // A renderer gives a row only after a table's head.
            _ => debug_assert!(false, "a row given outside a table"),
        }
    }

    fn table_end(&mut self) {}

    fn table(&mut self, t: DocTable) {
        self.push(Block::Table(t));
    }
}

/// A document written a piece at a time, each piece the text of some of its blocks with the
/// blank lines after them (a Markdown or table document's pieces, [`Doc::text_piece`]), so that
/// the whole ends as [`Doc::text`] and [`MarkdownBuf::finish`] end it: in one line end. The line
/// ends after a piece are held until the next piece or [`Pieces::finish`]. With `trim` off the
/// pieces are written as they are.
pub struct Pieces<'w> {
    w: &'w mut dyn std::io::Write,
    trim: bool,
    held: usize,
}

impl<'w> Pieces<'w> {
    pub fn new(w: &'w mut dyn std::io::Write, trim: bool) -> Pieces<'w> {
        Pieces { w, trim, held: 0 }
    }

    pub fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if !self.trim {
            return self.w.write_all(bytes);
        }
        let body = bytes.len() - bytes.iter().rev().take_while(|&&b| b == b'\n').count();
        self.w.write_all(&b"\n".repeat(self.held))?;
        self.held = bytes.len() - body;
        self.w.write_all(&bytes[..body])
    }

    /// The document's last line end.
    pub fn finish(self) -> std::io::Result<()> {
        match self.held {
            0 => Ok(()),
            _ => self.w.write_all(b"\n"),
        }
    }
}

/// Markdown laid out block by block into one string: the text [`Doc::markdown`] gives for
/// the same blocks.
pub struct MarkdownBuf(String);

impl MarkdownBuf {
    pub fn with_capacity(n: usize) -> MarkdownBuf {
        MarkdownBuf(String::with_capacity(n))
    }

    fn push_block(&mut self, b: &Block) {
        push_block_md(&mut self.0, b);
        self.0.push('\n');
    }

    /// The text, ending in one line end.
    pub fn finish(self) -> String {
        trim_end_newlines(self.0)
    }

    /// The text as written, its blocks' blank lines at the end kept (a piece of a streamed
    /// document; [`MarkdownBuf::finish`] ends the whole in one line end).
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl Blocks for MarkdownBuf {
    fn block(&mut self, b: Block) {
        self.push_block(&b);
    }

    fn table_head(&mut self, t: DocTable) {
        push_pipe_head(&mut self.0, &t);
    }

    fn row(&mut self, cells: &[String]) {
        push_pipe_row(&mut self.0, cells);
    }

    fn table_end(&mut self) {
        self.0.push('\n');
    }

    fn table(&mut self, t: DocTable) {
        self.push_block(&Block::Table(t));
    }
}

impl Doc {
    /// The length of the text the document holds, and four bytes a table cell for its markup.
    fn text_len(&self) -> usize {
        let lens = |v: &[String]| v.iter().map(|s| s.len() + 4).sum::<usize>();
        self.0
            .iter()
            .map(|b| match b {
                Block::Heading(_, t) | Block::Note(t) => t.len() + 8,
                Block::Lines(v) => lens(v),
                Block::Table(t) => {
                    lens(&t.header) * 2 + t.rows.iter().map(|r| lens(r) + 2).sum::<usize>()
                }
            })
            .sum()
    }
}

/// One block as Markdown, without the blank line that follows it.
fn push_block_md(out: &mut String, b: &Block) {
    match b {
        Block::Heading(level, t) => {
            out.extend(std::iter::repeat_n('#', usize::from(*level)));
            out.push(' ');
            push_md(out, t, false);
            out.push('\n');
        }
        Block::Table(t) => push_pipe_table(out, t),
        Block::Lines(lines) => {
            for l in lines {
                push_line_md(out, l);
            }
        }
        Block::Note(t) => {
            push_md(out, t, false);
            out.push('\n');
        }
    }
}

/// A bullet line as Markdown.
fn push_line_md(out: &mut String, line: &str) {
    out.push_str("- ");
    push_md(out, line, false);
    out.push('\n');
}

/// Markdown written as it is made — block by block, a long table row by row — giving the bytes
/// [`Doc::markdown`] gives for the same blocks: a ranked notice of a million units is never
/// held whole.
pub struct MarkdownStream<'w> {
    w: &'w mut dyn std::io::Write,
    /// Line ends not written yet: the document's last ones are cut to one, as
    /// [`Doc::markdown`] cuts them.
    newlines: usize,
    buf: String,
}

impl<'w> MarkdownStream<'w> {
    pub fn new(w: &'w mut dyn std::io::Write) -> MarkdownStream<'w> {
        MarkdownStream {
            w,
            newlines: 0,
            buf: String::new(),
        }
    }

    /// A whole block and the blank line after it.
    pub fn block(&mut self, b: &Block) -> std::io::Result<()> {
        self.buf.clear();
        push_block_md(&mut self.buf, b);
        self.buf.push('\n');
        self.emit()
    }

    /// A table's header and rule (its rows, if any, are left to [`MarkdownStream::row`]).
    pub fn table_head(&mut self, t: &DocTable) -> std::io::Result<()> {
        self.buf.clear();
        push_pipe_head(&mut self.buf, t);
        self.emit()
    }

    /// One row of the table begun by [`MarkdownStream::table_head`].
    pub fn row(&mut self, cells: &[String]) -> std::io::Result<()> {
        self.buf.clear();
        push_pipe_row(&mut self.buf, cells);
        self.emit()
    }

    /// The blank line after a table.
    pub fn table_end(&mut self) -> std::io::Result<()> {
        self.newlines += 1;
        Ok(())
    }

    /// One bullet line of a [`Block::Lines`] block, written as it comes (the block's lines end
    /// with [`MarkdownStream::lines_end`]).
    pub fn line(&mut self, line: &str) -> std::io::Result<()> {
        self.buf.clear();
        push_line_md(&mut self.buf, line);
        self.emit()
    }

    /// The blank line after a block of bullet lines.
    pub fn lines_end(&mut self) -> std::io::Result<()> {
        self.newlines += 1;
        Ok(())
    }

    /// Ends the document with one line end.
    pub fn finish(self) -> std::io::Result<()> {
        if self.newlines > 0 {
            self.w.write_all(b"\n")?;
        }
        Ok(())
    }

    fn emit(&mut self) -> std::io::Result<()> {
        let body = self.buf.trim_end_matches('\n');
        if !body.is_empty() {
            for _ in 0..self.newlines {
                self.w.write_all(b"\n")?;
            }
            self.w.write_all(body.as_bytes())?;
            self.newlines = 0;
        }
        self.newlines += self.buf.len() - body.len();
        Ok(())
    }
}

/// [`MarkdownStream`] as [`Blocks`], for a renderer that gives its blocks to either a [`Doc`]
/// or the stream: the first write error is kept (what follows it is not written) and returned
/// by [`MarkdownBlocks::finish`].
pub struct MarkdownBlocks<'w> {
    md: MarkdownStream<'w>,
    err: Option<std::io::Error>,
}

impl<'w> MarkdownBlocks<'w> {
    pub fn new(w: &'w mut dyn std::io::Write) -> MarkdownBlocks<'w> {
        MarkdownBlocks {
            md: MarkdownStream::new(w),
            err: None,
        }
    }

    fn keep(&mut self, write: impl FnOnce(&mut MarkdownStream<'w>) -> std::io::Result<()>) {
        if self.err.is_none() {
            self.err = write(&mut self.md).err();
        }
    }

    /// Ends the document with one line end; the first write error, if any.
    pub fn finish(self) -> std::io::Result<()> {
        match self.err {
            Some(e) => Err(e),
            None => self.md.finish(),
        }
    }
}

impl Blocks for MarkdownBlocks<'_> {
    fn block(&mut self, b: Block) {
        self.keep(|md| md.block(&b));
    }

    fn table_head(&mut self, t: DocTable) {
        self.keep(|md| md.table_head(&t));
    }

    fn row(&mut self, cells: &[String]) {
        self.keep(|md| md.row(cells));
    }

    fn table_end(&mut self) {
        self.keep(MarkdownStream::table_end);
    }

    fn table(&mut self, t: DocTable) {
        self.keep(|md| md.block(&Block::Table(t)));
    }
}

fn trim_end_newlines(mut s: String) -> String {
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

/// A table laid out for a terminal `width` columns wide: text columns wrap, numbers never do
/// (a score split into `100.` and `26` is misread); when even that does not fit, columns are
/// left out from the right, and a line under the table says which.
///
/// Which columns to leave out is tried on a probe of the table: its header and, for each
/// column, a row holding the column's widest cell — the widths a layout gives the columns, and
/// so whether it fits, are those of the whole table. The whole table is laid out once (a
/// province's 100,000 rows were laid out again for every column left out: 12 s and 1 GB).
fn fitted(t: &DocTable, width: Option<u16>) -> String {
    let Some(w) = width else {
        return comfy(t, None);
    };
    let fits = |out: &str| {
        out.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= w as usize)
    };
    let mut probe = DocTable {
        rows: widest_rows(t).map(|r| t.rows[r].clone()).collect(),
        ..DocTable::new(&[])
    };
    probe.header = t.header.clone();
    probe.right = t.right.clone();
    probe.optional = t.optional.clone();
    let mut left_out: Vec<usize> = Vec::new();
    while probe.header.len() > 2 && !fits(&comfy(&probe, Some(w))) {
        let c = probe
            .optional
            .iter()
            .max()
            .copied()
            .unwrap_or(probe.header.len() - 1);
        probe.without(c);
        left_out.push(c);
    }
    if left_out.is_empty() {
        return comfy(t, Some(w));
    }
    let mut t = t.clone();
    let dropped: Vec<String> = left_out.iter().map(|&c| t.without(c)).collect();
    format!(
        "{}\n（终端宽 {w} 列，未显示：{}；加宽终端或用 --format csv/xlsx 查看全部）",
        comfy(&t, Some(w)),
        dropped.join("、")
    )
}

/// The rows holding each column's widest cell (the first such row), ascending, once each.
fn widest_rows(t: &DocTable) -> impl Iterator<Item = usize> {
    // Per column: the widest cell's width and row (row 0 until a wider one).
    let mut best: Vec<(usize, usize)> = vec![(0, 0); t.header.len()];
    for (r, row) in t.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate().take(best.len()) {
            let width = unicode_width::UnicodeWidthStr::width(cell.as_str());
            if width > best[c].0 {
                best[c] = (width, r);
            }
        }
    }
    let mut rows: Vec<usize> = match t.rows.is_empty() {
        true => Vec::new(),
        false => best.into_iter().map(|(_, r)| r).collect(),
    };
    rows.sort_unstable();
    rows.dedup();
    rows.into_iter()
}

fn comfy(t: &DocTable, width: Option<u16>) -> String {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    // The caller decides width; comfy-table must not probe stdout or style cells by itself
    // (it ignores NO_COLOR). See output::colour_enabled.
    table.force_no_tty();
    match width {
        Some(w) => table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(w),
        None => table.set_content_arrangement(ContentArrangement::Disabled),
    };
    table.set_header(t.header.clone());
    for r in &t.rows {
        table.add_row(r.iter().map(Cell::new).collect::<Vec<_>>());
    }
    for (c, &right) in t.right.iter().enumerate() {
        if let Some(col) = table.column_mut(c) {
            col.set_cell_alignment(if right {
                CellAlignment::Right
            } else {
                CellAlignment::Left
            });
            // A number keeps its whole width; text wraps, but a name keeps up to six characters
            // on a line.
            let widest = std::iter::once(&t.header[c])
                .chain(t.rows.iter().filter_map(|r| r.get(c)))
                .map(|s| unicode_width::UnicodeWidthStr::width(s.as_str()))
                .max()
                .unwrap_or(0);
            match (right, width.is_some()) {
                (true, true) => {
                    col.set_constraint(ColumnConstraint::ContentWidth);
                }
                (false, true) => {
                    let min = widest.min(12) as u16;
                    col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(min)));
                }
                _ => {}
            }
        }
    }
    table.to_string()
}

fn push_pipe_table(out: &mut String, t: &DocTable) {
    push_pipe_head(out, t);
    for r in &t.rows {
        push_pipe_row(out, r);
    }
}

/// A pipe table's header row and rule.
fn push_pipe_head(out: &mut String, t: &DocTable) {
    push_pipe_row(out, &t.header);
    let rule: Vec<&str> = t
        .right
        .iter()
        .map(|&r| if r { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
}

fn push_pipe_row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        out.push(' ');
        push_md(out, c, true);
        out.push_str(" |");
    }
    if cells.is_empty() {
        out.push_str("  |");
    }
    out.push('\n');
}

/// Appends `s` as Markdown text: control characters escaped as on every output, characters
/// that would start Markdown markup escaped; in a table `cell`, pipes escaped too and line
/// breaks written as `<br>`.
fn push_md(out: &mut String, s: &str, cell: bool) {
    // Most text (names, numbers, Chinese labels) needs no escape at all: copied whole.
    if md_plain(s) {
        out.push_str(s);
        return;
    }
    push_md_escaped(out, s, cell);
}

/// [`push_md`] character by character.
fn push_md_escaped(out: &mut String, s: &str, cell: bool) {
    for ch in escape_controls(s, true).chars() {
        match ch {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '|' if cell => out.push_str("\\|"),
            '\n' if cell => out.push_str("<br>"),
            _ => out.push(ch),
        }
    }
}

/// Whether `s` needs no escape in Markdown text: no ASCII control character (line breaks
/// included), no markup character or pipe, and none of the controls (U+0080–U+009F: 0xC2
/// 0x80–0x9F) and bidirectional overrides (U+202A–U+202E: 0xE2 0x80 0xAA–0xAE, U+2066–U+2069:
/// 0xE2 0x81 0xA6–0xA9) that [`escape_controls`] escapes. Such text is written as it is.
fn md_plain(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0..=0x1f
            | 0x7f
            | b'\\'
            | b'*'
            | b'_'
            | b'`'
            | b'['
            | b']'
            | b'<'
            | b'>'
            | b'#'
            | b'|' => return false,
            0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f)) => return false,
            0xe2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9)) => return false,
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests;
