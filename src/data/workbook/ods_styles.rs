//! `.ods` number styles that show other digits than stored, as `numfmt` finds them in an .xlsx
//! format code: a `number:number` with a `number:display-factor` (LibreOffice's `#,##0.0,`
//! divides by 1,000) or with `number:embedded-text` among its digits (`0!.0000`, `0!.0,"万"`).
//! They are read from `content.xml`'s automatic styles, where a format given to cells is kept
//! (a cell style naming its data style), before the sheets; a named style of `styles.xml` is not
//! read.

use std::collections::HashMap;

use quick_xml::events::BytesStart;
use quick_xml::name::QName;

use super::xlsx_parts::qualified_attr as attr;

/// The cell styles whose number style alters the digits shown, while `content.xml` is read.
#[derive(Default)]
pub struct Altering {
    /// Data style name → what it does.
    data: HashMap<String, String>,
    /// Cell style name → its data style name.
    cells: HashMap<String, String>,
    /// The data style being read.
    current: Option<String>,
}

impl Altering {
    /// Takes in an element of the automatic styles.
    pub fn start(&mut self, e: &BytesStart) {
        match e.name().as_ref() {
            b"number:number-style" | b"number:currency-style" => {
                self.current = attr(e, b"style:name");
            }
            b"number:number" => {
                let factor = attr(e, b"number:display-factor");
                let factor = factor.as_deref().map(str::trim).unwrap_or("1");
                if !matches!(factor, "1" | "1.0" | "") {
                    let by = match factor.parse::<f64>() {
                        Ok(1e3) => "1,000".to_string(),
                        Ok(1e6) => "1,000,000".to_string(),
                        _ => factor.to_string(),
                    };
                    self.add(format!("divides the number by {by}"));
                }
            }
            b"number:embedded-text" => self.add("writes text among its digits".into()),
            b"style:style" => {
                let cell = attr(e, b"style:family").as_deref() == Some("table-cell");
                if let (true, Some(name), Some(data)) = (
                    cell,
                    attr(e, b"style:name"),
                    attr(e, b"style:data-style-name"),
                ) {
                    self.cells.insert(name, data);
                }
            }
            _ => {}
        }
    }

    /// Takes in the end of an element.
    pub fn end(&mut self, name: QName) {
        if matches!(
            name.as_ref(),
            b"number:number-style" | b"number:currency-style"
        ) {
            self.current = None;
        }
    }

    fn add(&mut self, how: String) {
        if let Some(name) = &self.current {
            let entry = self.data.entry(name.clone()).or_default();
            if !entry.contains(&how) {
                if !entry.is_empty() {
                    entry.push_str(" and ");
                }
                entry.push_str(&how);
            }
        }
    }

    /// The cell styles that alter digits, with their data style's name and what it does.
    pub fn finish(self) -> HashMap<String, (String, String)> {
        self.cells
            .into_iter()
            .filter_map(|(cell, data)| {
                let how = self.data.get(&data)?.clone();
                Some((cell, (data, how)))
            })
            .collect()
    }
}

/// A sheet's cell styles that alter digits, and its columns' default cell styles (a format given
/// to whole columns is kept there, not on each cell).
pub struct SheetStyles {
    altering: HashMap<String, (String, String)>,
    /// First column, number of columns, default cell style.
    columns: Vec<(u32, u32, String)>,
}

impl SheetStyles {
    pub fn new(altering: HashMap<String, (String, String)>) -> SheetStyles {
        SheetStyles {
            altering,
            columns: Vec::new(),
        }
    }

    /// Takes in a `table:table-column` of `n` columns from `at`.
    pub fn column(&mut self, e: &BytesStart, at: u32, n: u32) {
        if self.altering.is_empty() {
            return;
        }
        if let Some(s) = attr(e, b"table:default-cell-style-name") {
            self.columns.push((at, n, s));
        }
    }

    /// The data style's name and what it does, when the cell's style (its own, else its
    /// column's) shows other digits than stored.
    pub fn altered(&self, cell: &BytesStart, col: u32) -> Option<&(String, String)> {
        if self.altering.is_empty() {
            return None;
        }
        let style = attr(cell, b"table:style-name").or_else(|| {
            self.columns
                .iter()
                .find(|(at, n, _)| col >= *at && col - at < *n)
                .map(|(_, _, s)| s.clone())
        })?;
        self.altering.get(&style)
    }
}
