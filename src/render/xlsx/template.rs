//! The collection workbook of one category (`pingyi template`): the table to fill in — every
//! cell text, ids included, so that 区划代码 keep their digits — and a `填报说明` sheet naming each
//! indicator's unit, direction, valid range and lead department.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::grid::{write_grid, Formats, Grid, XCell};
use crate::config::Config;
use crate::error::Error;
use crate::template::{instructions, Table};

/// The workbook's bytes.
pub fn workbook(cfg: &Config, t: &Table) -> Result<Vec<u8>, Error> {
    build(cfg, t).map_err(|e| {
        let name = format!("{}.xlsx", t.category.id());
        Error::io(
            std::path::Path::new(&name),
            std::io::Error::other(e.to_string()),
        )
    })
}

fn build(cfg: &Config, t: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let text = |row: &Vec<String>| row.iter().map(|c| XCell::text(c.clone())).collect();
    let ws = wb.add_worksheet();
    ws.set_name(t.category.chinese())?;
    let grid = Grid {
        header: t.header.clone(),
        rows: t.rows.iter().map(text).collect(),
        freeze_cols: 2,
    };
    write_grid(ws, &grid, &f)?;
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
