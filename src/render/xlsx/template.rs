//! The collection workbook of one category (`pingyi template`): the table to fill in — every
//! cell text, ids included, so that 区划代码 keep their digits — and a `填报说明` sheet naming each
//! indicator's unit, direction, valid range and lead department.
//!
//! Each indicator column carries a data validation, so that Excel and WPS refuse what pingyi
//! would refuse: a completed / not-completed indicator takes 是, 否 or 不适用 from a list; any other
//! takes a number within the indicator's valid range (`min`/`max`, narrowed to what its method
//! scores: a `direct` score within [0, its points], a `proportional` value ≥ 0; a percentage as
//! its number, 12.5 for 12.5%) or 不适用. Blank cells are allowed (missing values are judged by the
//! indicator's `missing` policy when the workbook is read).

use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{DataValidation, Formula, Worksheet, XlsxError};

use super::grid::{write_grid, Formats, Grid, XCell};
use crate::config::{Config, Indicator, Method, ValidRange};
use crate::error::Error;
use crate::template::{instructions, Table};

/// The workbook's bytes.
pub fn workbook(cfg: &Config, t: &Table) -> Result<Vec<u8>, Error> {
    build(cfg, t).map_err(|e| {
        let name = format!("{}.xlsx", t.stem);
        Error::io(
            std::path::Path::new(&name),
            std::io::Error::other(e.to_string()),
        )
    })
}

fn build(cfg: &Config, t: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut wb = super::new_workbook();
    let f = Formats::new();
    let text = |row: &Vec<String>| row.iter().map(|c| XCell::text(c.clone())).collect();
    let ws = wb.add_worksheet();
    ws.set_name(super::SheetNames::default().take(&t.sheet))?;
    let cells = |k| t.cells(k).map(|c| XCell::text(c.to_string())).collect();
    let grid = Grid {
        header: t.header.clone(),
        rows: (0..t.rows.len()).map(cells).collect(),
        freeze_cols: 2,
    };
    write_grid(ws, &grid, &f)?;
    validate(ws, cfg, t)?;
    let ws = wb.add_worksheet();
    ws.set_name("填报说明")?;
    let notes = Grid {
        header: ["指标", "计量单位", "方向", "有效范围", "牵头部门"]
            .map(String::from)
            .to_vec(),
        rows: instructions(cfg, t).iter().map(text).collect(),
        freeze_cols: 0,
    };
    write_grid(ws, &notes, &f)?;
    wb.save_to_buffer()
}

/// The validation of every indicator column of the data sheet.
fn validate(ws: &mut Worksheet, cfg: &Config, t: &Table) -> Result<(), XlsxError> {
    let Some(last) = u32::try_from(t.rows.len()).ok().filter(|&n| n > 0) else {
        return Ok(());
    };
    let first_col = t.header.len() - t.indicators.len();
    for (k, &i) in t.indicators.iter().enumerate() {
        let col = u16::try_from(first_col + k).map_err(|_| XlsxError::RowColumnLimitError)?;
        let valid = crate::template::valid_range(cfg, i);
        let rule = rule(&cfg.indicators[i], valid, &row_col_to_cell(1, col))?;
        ws.add_data_validation(1, col, last, col, &rule)?;
    }
    Ok(())
}

/// The validation of one indicator's cells; `cell` is the first cell of the column (the
/// formula is relative to it).
fn rule(ind: &Indicator, valid: ValidRange, cell: &str) -> Result<DataValidation, XlsxError> {
    let title: String = ind.name.chars().take(32).collect();
    if ind.method == Method::Binary {
        return DataValidation::new()
            .allow_list_strings(&["是", "否", "不适用"])?
            .set_input_title(title.clone())?
            .set_input_message("选择：是 / 否 / 不适用")?
            .set_error_title(title)?
            .set_error_message("请选择 是、否 或 不适用");
    }
    let mut checks = vec![format!("ISNUMBER(--{cell})")];
    if let Some(a) = valid.min {
        checks.push(format!("--{cell}>={a}"));
    }
    if let Some(b) = valid.max {
        checks.push(format!("--{cell}<={b}"));
    }
    let range = match (valid.min, valid.max) {
        (Some(a), Some(b)) => format!("{a} ~ {b} 之间的数"),
        (Some(a), None) => format!("不小于 {a} 的数"),
        (None, Some(b)) => format!("不大于 {b} 的数"),
        (None, None) => "数字".to_string(),
    };
    let unit = match (ind.percent, ind.unit.as_str()) {
        (true, _) => "（百分数填数值，如 12.5）".to_string(),
        (false, "") => String::new(),
        (false, u) => format!("（单位：{u}）"),
    };
    let message = format!("填{range}{unit}，或 不适用");
    let formula = format!("=OR({cell}=\"不适用\",AND({}))", checks.join(","));
    DataValidation::new()
        .allow_custom(Formula::new(formula))
        .set_input_title(title.clone())?
        .set_input_message(message.clone())?
        .set_error_title(title)?
        .set_error_message(message)
}
