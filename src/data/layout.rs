//! Finding the header row of a table and splitting off its data rows.
//!
//! Offices put a title, a date or a note above the header; Excel pads every row to the same width
//! and leaves blank rows; a file saved with semicolons arrives as one wide column. So the header
//! is the first row that holds the table's key column (`unit_id` …), blank rows are dropped, Excel
//! padding is not a width error, and a one-field header with `;` or a tab is named for what it is.

use std::path::PathBuf;

use csv::StringRecord;

use super::ahead::ReadAhead;
use super::head::TitleUnit;
use super::table::{Head, ReadAs, Row, RowSource, RowStream, Table};
use crate::fold::header_key;

/// How many non-empty rows may stand above the header row (titles, notes, dates).
const MAX_TITLE_ROWS: usize = 50;

/// What a table is made from: its rows in order, before the header row is known.
pub struct RawTable {
    pub path: PathBuf,
    pub sheet: Option<String>,
    pub read_as: ReadAs,
    pub first_col: u32,
    pub rows: Vec<Row>,
}

impl Table {
    /// Finds the header row — the first row holding one of `key` (so title rows above it are
    /// skipped), else the first non-empty row — and splits off the data rows. A table whose
    /// header is one field with `;` or a tab is rejected as having the wrong delimiter.
    pub fn build(raw: RawTable, key: &[&str]) -> Result<Table, String> {
        let RawTable {
            path,
            sheet,
            read_as,
            first_col,
            rows,
        } = raw;
        let mut rows = rows.into_iter();
        let (header, held, title) =
            find_header(&mut || Ok(rows.next()), key).map_err(|(_, m)| m)?;
        let mut held = held;
        held.extend(rows);
        Ok(Table::new(
            head(path, sheet, read_as, first_col, header, title),
            RowSource::new(held, None),
        ))
    }

    /// [`Table::build`] for a CSV file read record by record: only the rows up to the header are
    /// held (those after it when no row holds a key); the rest stream from `stream`.
    pub(super) fn build_streamed(
        path: PathBuf,
        read_as: ReadAs,
        mut stream: impl RowStream + Send + 'static,
        key: &[&str],
    ) -> Result<Table, (u64, String)> {
        let mut next = || {
            let mut row = Row::new(0, StringRecord::new(), Vec::new());
            Ok(stream.read(&mut row)?.then_some(row))
        };
        let (header, held, title) = find_header(&mut next, key)?;
        Ok(Table::new(
            head(path, None, read_as, 0, header, title),
            RowSource::new(held, Some(Box::new(ReadAhead::new(stream)))),
        ))
    }
}

/// Reads rows until the header: the header row, the data rows read past it (only when no row
/// holds a key within [`MAX_TITLE_ROWS`] non-blank rows, the first non-blank row is the header),
/// and the title rows above the header.
#[allow(clippy::type_complexity)]
fn find_header(
    next: &mut dyn FnMut() -> Result<Option<Row>, (u64, String)>,
    key: &[&str],
) -> Result<(Option<Row>, Vec<Row>, Vec<Row>), (u64, String)> {
    let keys: Vec<String> = key.iter().map(|k| header_key(k)).collect();
    let mut seen: Vec<Row> = Vec::new();
    while let Some(r) = next()? {
        if r.is_blank() {
            continue;
        }
        let hit = r.record.iter().any(|f| keys.contains(&header_key(f)));
        if hit {
            return Ok((Some(r), Vec::new(), seen));
        }
        seen.push(r);
        if seen.len() > MAX_TITLE_ROWS {
            break;
        }
    }
    // No row holds a unit column pingyi reads. Title rows (one cell each) above a row headed as
    // offices head units (`2024年三季度信访件次统计表` above `单位,信访件次`): that row is the
    // header, so that a submission under it is refused for its unit column, never passed over
    // with a title for a header.
    if !key.is_empty() {
        let lone = |r: &Row| r.record.iter().filter(|f| !f.trim().is_empty()).count() <= 1;
        let unit_like = |r: &Row| r.record.iter().any(looks_like_units);
        if let Some(i) = seen.iter().position(unit_like) {
            if i > 0 && seen[..i].iter().all(lone) {
                let mut rest = seen.split_off(i);
                let header = rest.remove(0);
                return Ok((Some(header), rest, seen));
            }
        }
    }
    let mut all = seen.into_iter();
    let first = all.next();
    if let Some(f) = &first {
        if !key.is_empty() {
            wrong_delimiter(f).map_err(|m| (1, m))?;
        }
    }
    Ok((first, all.collect(), Vec::new()))
}

/// Whether a header not read as a unit column is one as offices head it: brackets, slashes and
/// a trailing 名称, 名, 全称, 简称 or 盖章 set aside, only words that name units (`单位`, `乡镇`,
/// `街道`, `村`, `社区`, `镇`, `乡`, `部门`, `科室`, `区县`: `乡镇（街道）`, `村/社区`, `社区名称`,
/// `部门（单位）`, `单位名称（盖章）`), or any header ending in 单位 (`填报单位`, `牵头单位`) but a unit
/// of measure (`计量单位`, `金额单位`), or `考核对象` (`参评对象`, `考评对象`).
pub fn looks_like_units(header: &str) -> bool {
    const WORDS: [&str; 11] = [
        "乡镇", "街道", "社区", "单位", "部门", "科室", "区县", "村", "镇", "乡", "居",
    ];
    const MEASURES: [&str; 4] = ["计量单位", "金额单位", "数量单位", "货币单位"];
    let k: String = crate::fold::header_key(header)
        .chars()
        .filter(|c| !"()（）[]【】/／、·-_ ".contains(*c))
        .collect();
    if k.is_empty() || MEASURES.iter().any(|m| k.contains(m)) {
        return false;
    }
    if k.ends_with("单位")
        || ["考核对象", "参评对象", "考评对象"]
            .iter()
            .any(|w| k.contains(w))
    {
        return true;
    }
    let mut rest = k.as_str();
    for tail in ["盖章", "名称", "全称", "简称", "名"] {
        rest = rest.strip_suffix(tail).unwrap_or(rest);
    }
    let mut left = rest.to_string();
    for w in WORDS {
        left = left.replace(w, "");
    }
    !rest.is_empty() && left.is_empty()
}

/// The unit of amounts the first title row stating one states (`单位：万元`).
fn title_unit(titles: &[Row]) -> Option<TitleUnit> {
    titles.iter().find_map(|t| {
        t.record.iter().find_map(|f| {
            stated_unit(f).map(|unit| TitleUnit {
                line: t.line,
                text: f.trim().to_string(),
                unit,
            })
        })
    })
}

/// The unit of amounts a title cell states: `单位：万元`, `金额单位: 亿元`, `（单位：万元、%）`,
/// `单位：万元（特别注明的除外）`, `单位：人民币万元`, `单位（万元）`, `金额单位为万元`. Only a unit of
/// money counts (`填报单位：城关镇` names who filled the table in), and not one of a rate
/// (`单位：元/人`).
pub fn stated_unit(text: &str) -> Option<String> {
    const MONEY: [&str; 5] = ["百万元", "千元", "万元", "亿元", "元"];
    let mut rest = text;
    while let Some(i) = rest.find("单位") {
        rest = &rest[i + "单位".len()..];
        let after = rest.trim_start();
        let Some(after) = ["：", ":", "为", "（", "("]
            .iter()
            .find_map(|p| after.strip_prefix(p))
        else {
            continue;
        };
        let after = after.trim_start();
        let after = after.strip_prefix("人民币").unwrap_or(after);
        if let Some(unit) = MONEY.iter().find(|u| after.starts_with(**u)) {
            if !after[unit.len()..].starts_with(['/', '／']) {
                return Some(unit.to_string());
            }
        }
    }
    None
}

fn head(
    path: PathBuf,
    sheet: Option<String>,
    read_as: ReadAs,
    first_col: u32,
    header: Option<Row>,
    titles: Vec<Row>,
) -> Head {
    let headers: Vec<String> = header
        .as_ref()
        .map(|h| h.record.iter().map(|s| s.trim().to_string()).collect())
        .unwrap_or_default();
    Head {
        keys: headers.iter().map(|h| header_key(h)).collect(),
        headers,
        header_line: header.map_or(1, |h| h.line),
        path,
        sheet,
        read_as,
        first_col,
        title_unit: title_unit(&titles),
        titles: titles
            .iter()
            .map(|t| {
                let cells: Vec<&str> = t
                    .record
                    .iter()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect();
                (t.line, cells.join(" "))
            })
            .collect(),
        merged: Vec::new(),
        hidden_cols: Vec::new(),
    }
}

/// A header that is one field holding `;` or a tab: the file was split on the wrong character.
fn wrong_delimiter(header: &Row) -> Result<(), String> {
    let filled: Vec<&str> = header.record.iter().filter(|f| !f.is_empty()).collect();
    let [only] = filled.as_slice() else {
        return Ok(());
    };
    let kind = if only.contains(';') {
        "semicolon"
    } else if only.contains('\t') {
        "tab"
    } else {
        return Ok(());
    };
    Err(format!(
        "looks like a {kind}-separated file (the header row is one field: {}): save it as comma-separated CSV",
        crate::echo::quote(only)
    ))
}

#[cfg(test)]
mod tests {
    use crate::data::table::tests::{data_lines, table};
    use crate::data::table::UNIT_ID;
    use crate::error::Problems;

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let mut t = table(
            &[
                &["2024年第二季度考核数据", "", ""],
                &["", "", ""],
                &["单位代码", "单位名称", "gdp"],
                &["T1", "甲镇", "1"],
            ],
            UNIT_ID,
        )
        .unwrap();
        assert_eq!(t.header_line(), 3);
        assert_eq!(t.find("unit_id"), None);
        assert_eq!(t.find_all(UNIT_ID), vec![0]);
        let mut p = Problems::new();
        assert_eq!(data_lines(&mut t, &mut p), vec![4]);
    }

    #[test]
    fn a_unit_of_money_stated_in_a_title_row_is_kept() {
        let t = table(
            &[
                &["2024年第四季度主要指标", "", ""],
                &["填报单位：区统计局", "", "单位：万元"],
                &["单位代码", "单位名称", "gdp"],
                &["T1", "甲镇", "1"],
            ],
            UNIT_ID,
        )
        .unwrap();
        let unit = t.title_unit().unwrap();
        assert_eq!((unit.line, unit.text.as_str()), (2, "单位：万元"));
        assert_eq!(unit.unit, "万元");
        let t = table(&[&["报送单位：城关镇"], &["unit_id", "gdp"]], UNIT_ID).unwrap();
        assert_eq!(t.title_unit(), None);
    }

    #[test]
    fn stated_units_are_read_from_title_text() {
        use super::stated_unit;
        for (text, unit) in [
            ("单位：万元", Some("万元")),
            ("金额单位: 亿元", Some("亿元")),
            ("（单位：万元、%）", Some("万元")),
            ("2024年考核数据（单位:千元）", Some("千元")),
            ("填报单位：城关镇  单位：元", Some("元")),
            ("填报单位：城关镇", None),
            ("单位：%", None),
            ("单位 万元", None),
            // Second review's: the common wordings.
            ("单位：万元（特别注明的除外）", Some("万元")),
            ("单位：万元(除注明外)", Some("万元")),
            ("（单位：万元。）", Some("万元")),
            ("单位:万元.%", Some("万元")),
            ("单位：人民币万元", Some("万元")),
            ("单位（万元）", Some("万元")),
            ("金额单位为万元", Some("万元")),
            ("单位：元/人", None),
            ("单位：百万元", Some("百万元")),
            ("单位：个", None),
        ] {
            assert_eq!(stated_unit(text).as_deref(), unit, "{text}");
        }
    }

    #[test]
    fn a_semicolon_header_is_the_wrong_delimiter() {
        let e = table(&[&["unit_id;gdp"], &["T1;1"]], UNIT_ID).unwrap_err();
        assert_eq!(e, "looks like a semicolon-separated file (the header row is one field: `unit_id;gdp`): save it as comma-separated CSV");
        // Chinese headers shown as they are (they were `\u{5355}\u{4f4d}…`), the tab escaped.
        let e = table(&[&["单位编码\t地区生产总值"]], UNIT_ID).unwrap_err();
        assert_eq!(e, "looks like a tab-separated file (the header row is one field: `单位编码\\t地区生产总值`): save it as comma-separated CSV");
    }

    #[test]
    fn rows_of_another_width_are_reported_and_padding_is_not() {
        let mut t = table(
            &[
                &["unit_id", "gdp"],
                &["T1", "1", "", ""],
                &["T2"],
                &["T3", "1", "x"],
            ],
            UNIT_ID,
        )
        .unwrap();
        let mut p = Problems::new();
        assert_eq!(data_lines(&mut t, &mut p), vec![2]);
        assert_eq!(p.error_count(), 2);
    }
}
