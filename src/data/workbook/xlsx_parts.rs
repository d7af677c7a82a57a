//! The parts of an `.xlsx` archive that calamine reads but does not expose: where each sheet's
//! XML is (`xl/workbook.xml` and its relationships), the number format of every cell style
//! (`xl/styles.xml`), and whether the saved formula results are to be trusted (`calcPr`).
//!
//! Parts are found as calamine finds them (names compared case-insensitively, `\` as `/`, a
//! relationship target resolved under `xl/`), so that both read the same part.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::read::ZipFile;
use zip::ZipArchive;

use super::limits::{damaged, is_xml, xml_error, Limited};
use super::numfmt::NumFmt;

pub type Archive = ZipArchive<BufReader<File>>;
pub type Xml<'a> = Reader<BufReader<Limited<ZipFile<'a, BufReader<File>>>>>;

/// What the workbook-level parts say.
pub struct Parts {
    /// Sheet name → its part, in workbook order.
    pub sheets: Vec<(String, String)>,
    /// The number format of each cell style (`cellXfs`), when it may show a percentage or a
    /// date.
    pub styles: Vec<Option<NumFmt>>,
    /// `calcPr fullCalcOnLoad="1"`: the workbook asks to be recalculated when opened, as
    /// programs that write formulas without computing them do; Excel and WPS clear it on saving.
    pub full_calc_on_load: bool,
}

/// Lower-cased, `/`-separated part names → the names in the archive (calamine's lookup).
pub struct Names(HashMap<String, String>);

impl Names {
    pub fn of(zip: &Archive) -> Names {
        let map = zip
            .file_names()
            .map(|n| (n.replace('\\', "/").to_ascii_lowercase(), n.to_string()))
            .collect();
        Names(map)
    }

    fn resolve<'a>(&'a self, path: &'a str) -> &'a str {
        self.0
            .get(&path.to_ascii_lowercase())
            .map_or(path, String::as_str)
    }
}

/// Opens part `path` for XML reading through the caps; `None` when the archive has no such part.
pub fn open_xml<'a>(
    zip: &'a mut Archive,
    names: &Names,
    path: &str,
) -> Result<Option<Xml<'a>>, String> {
    let name = names.resolve(path).to_string();
    match zip.by_name(&name) {
        Ok(f) => {
            let mut r = Reader::from_reader(BufReader::new(Limited::new(f, &name)));
            let config = r.config_mut();
            config.check_end_names = false;
            config.trim_text(false);
            config.expand_empty_elements = true;
            Ok(Some(r))
        }
        Err(zip::result::ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(damaged(format!("cannot unpack `{name}` ({e})"))),
    }
}

/// The unpacked size of part `path`, when the archive has it and the caps have unpacked it
/// whole before calamine opened the archive (an XML part: see `limits::check_archive`); a part
/// under another name is first read by our own pass alone.
pub fn checked_size(zip: &mut Archive, names: &Names, path: &str) -> Option<u64> {
    let name = names.resolve(path);
    if !is_xml(name) {
        return None;
    }
    zip.by_name(name).ok().map(|f| f.size())
}

/// Reads the sheet list, the cell styles and the calculation flag.
pub fn read_parts(zip: &mut Archive, names: &Names) -> Result<Parts, String> {
    let rels = relationships(zip, names)?;
    let (sheets, full_calc_on_load) = workbook(zip, names, &rels)?;
    let styles = styles(zip, names)?;
    Ok(Parts {
        sheets,
        styles,
        full_calc_on_load,
    })
}

/// An attribute's unescaped value, by local name (`r:id` answers to `id`).
fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            let raw = std::str::from_utf8(&a.value).ok()?;
            quick_xml::escape::unescape(raw)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// `xl/_rels/workbook.xml.rels`: relationship id → target.
fn relationships(zip: &mut Archive, names: &Names) -> Result<HashMap<String, String>, String> {
    const PART: &str = "xl/_rels/workbook.xml.rels";
    let mut out = HashMap::new();
    let Some(mut xml) = open_xml(zip, names, PART)? else {
        return Err(damaged(format!("the workbook has no `{PART}`")));
    };
    let mut buf = Vec::new();
    loop {
        match xml
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(PART, e))?
        {
            Event::Start(e) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    out.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// `xl/workbook.xml`: the sheets with their parts, and `calcPr`.
fn workbook(
    zip: &mut Archive,
    names: &Names,
    rels: &HashMap<String, String>,
) -> Result<(Vec<(String, String)>, bool), String> {
    const PART: &str = "xl/workbook.xml";
    let mut sheets = Vec::new();
    let mut full_calc = false;
    let Some(mut xml) = open_xml(zip, names, PART)? else {
        return Ok((sheets, full_calc));
    };
    let mut buf = Vec::new();
    loop {
        match xml
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(PART, e))?
        {
            Event::Start(e) if e.local_name().as_ref() == b"sheet" => {
                let name = attr(&e, b"name").unwrap_or_default();
                let target = attr(&e, b"id").and_then(|id| rels.get(&id).cloned());
                if let Some(t) = target {
                    sheets.push((name, sheet_path(&t)));
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"calcPr" => {
                full_calc = matches!(attr(&e, b"fullCalcOnLoad").as_deref(), Some("1" | "true"));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok((sheets, full_calc))
}

/// A relationship target as a part name: `worksheets/sheet1.xml` and `/xl/worksheets/sheet1.xml`
/// are `xl/worksheets/sheet1.xml` (calamine's rule).
fn sheet_path(target: &str) -> String {
    if let Some(rest) = target.strip_prefix('/') {
        if rest.starts_with("xl/") {
            return rest.to_string();
        }
    }
    if target.starts_with("xl/") {
        target.to_string()
    } else {
        format!("xl/{target}")
    }
}

/// `xl/styles.xml`: the number format of each `cellXfs` entry (custom codes from `numFmts`
/// first, then the built-in ids), kept only where it may show a percentage, a date or other
/// digits than stored.
fn styles(zip: &mut Archive, names: &Names) -> Result<Vec<Option<NumFmt>>, String> {
    const PART: &str = "xl/styles.xml";
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    let Some(mut xml) = open_xml(zip, names, PART)? else {
        return Ok(out);
    };
    let mut buf = Vec::new();
    let mut in_cell_xfs = false;
    loop {
        match xml
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(PART, e))?
        {
            Event::Start(e) => match e.local_name().as_ref() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) = (attr(&e, b"numFmtId"), attr(&e, b"formatCode"))
                    {
                        custom.insert(id, code);
                    }
                }
                b"cellXfs" => in_cell_xfs = true,
                b"xf" if in_cell_xfs => {
                    let id = attr(&e, b"numFmtId").unwrap_or_default();
                    let fmt = match custom.get(&id) {
                        Some(code) => NumFmt::parse(code),
                        None => NumFmt::builtin(id.trim().parse().unwrap_or(0)),
                    };
                    let kept = fmt.any_percent() || fmt.any_date() || fmt.any_altered();
                    out.push(kept.then_some(fmt));
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// An attribute's unescaped value by its qualified name (`table:style-name`), as the .ods
/// readers ask for it ([`attr`] asks by local name).
pub(super) fn qualified_attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            let raw = std::str::from_utf8(&a.value).ok()?;
            quick_xml::escape::unescape(raw)
                .ok()
                .map(|v| v.into_owned())
        })
}
