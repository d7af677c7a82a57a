//! `.xlsx`: calamine's cell values, with what it leaves out added by our own pass over the same
//! parts (`xlsx_parts`, `xlsx_sheet`). Before calamine opens the file, the archive is checked
//! against the caps in `limits`, so that nothing it inflates can exceed them.
//!
//! A large sheet (whose part the caps have unpacked whole already) is read on two cores: our
//! pass on a thread of its own, handing the marks it finds over in the order of the file, while
//! calamine's cells are read here and each takes its mark as it comes (see [`Feed`]). Both read
//! the same part from the start, so the cells read are those of reading one pass after the
//! other, and so are the errors: the pass's first.

use std::collections::VecDeque;
use std::fs::File;
use std::io::BufReader;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use calamine::{open_workbook, Data, Reader, SheetVisible, Xlsx};
use zip::ZipArchive;

use super::limits::check_archive;
use super::marks::{marked, misaligned, Mark};
use super::numfmt::NumFmt;
use super::xlsx_parts::{checked_size, open_xml, read_parts, Archive, Names, Parts};
use super::xlsx_sheet::{scan, Layout};
use super::{cell_text, quietly, Cells, SheetData};

/// Sheet parts up to this many bytes of XML (about 2,000 rows of 40 numbers) are read one pass
/// after the other: a district's sheet is read in well under the time a thread takes to start.
const SIDE_BY_SIDE_BYTES: u64 = 1 << 20;
/// Cells our pass hands over at a time, and the batches that may wait: the pass runs at most
/// this far ahead of calamine's reading.
const BATCH: usize = 1024;
const WAITING: usize = 4;

pub struct XlsxBook {
    book: Xlsx<BufReader<File>>,
    zip: Archive,
    names: Names,
    parts: Parts,
    /// Sheet parts larger than this are read side by side ([`SIDE_BY_SIDE_BYTES`]; tests lower
    /// it to read small sheets so).
    side_by_side_above: u64,
}

impl XlsxBook {
    /// Opens the archive, checks it against the caps, reads the workbook-level parts, then
    /// lets calamine open it.
    pub fn open(path: &Path, zip: Archive) -> Result<XlsxBook, String> {
        let mut zip = zip;
        check_archive(&mut zip)?;
        let names = Names::of(&zip);
        let parts = read_parts(&mut zip, &names)?;
        let book = match quietly(|| open_workbook::<Xlsx<_>, _>(path)) {
            Ok(Ok(book)) => book,
            Ok(Err(e)) => return Err(super::cannot_read(&e.to_string())),
            Err(_) => return Err(super::cannot_read("it is damaged")),
        };
        Ok(XlsxBook {
            book,
            zip,
            names,
            parts,
            side_by_side_above: SIDE_BY_SIDE_BYTES,
        })
    }

    /// Opens `path` as a zip archive (for the format check).
    pub fn archive(file: File) -> Result<Archive, String> {
        ZipArchive::new(BufReader::new(file)).map_err(|e| super::cannot_read(&e.to_string()))
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// Whether each sheet is hidden (or "very hidden", which only a macro can show).
    pub fn hidden(&self) -> Vec<bool> {
        let meta = self.book.sheets_metadata();
        meta.iter()
            .map(|s| s.visible != SheetVisible::Visible)
            .collect()
    }

    /// Every sheet read side by side from here on, however small (tests).
    #[cfg(test)]
    pub fn always_side_by_side(&mut self) {
        self.side_by_side_above = 0;
    }

    /// The cells and merged regions of `sheet`.
    pub fn sheet(&mut self, sheet: &str) -> Result<SheetData, String> {
        let part = self.parts.sheets.iter().find(|(n, _)| n == sheet);
        let Some(part) = part.map(|(_, p)| p.clone()) else {
            // A sheet the workbook's parts do not list: calamine's reading alone.
            return self.calamine_alone(sheet);
        };
        let size = checked_size(&mut self.zip, &self.names, &part);
        if size.is_some_and(|n| n > self.side_by_side_above) {
            if let Some(read) = self.side_by_side(sheet, &part) {
                return read;
            }
        }
        let mut marks = VecDeque::new();
        let layout = {
            let Some(mut xml) = open_xml(&mut self.zip, &self.names, &part)? else {
                return self.calamine_alone(sheet);
            };
            let styles = &self.parts.styles;
            let full_calc = self.parts.full_calc_on_load;
            let found = |pos, m: Option<Mark>| marks.extend(m.map(|m| (pos, m)));
            scan(&mut xml, &part, styles, full_calc, found)?
        };
        let cells = cells(&mut self.book, sheet, &mut Feed::known(marks)).map_err(Stop::message)?;
        Ok(SheetData::of(cells, layout))
    }

    /// The cells and merged regions of `sheet` as calamine reads them, without marks.
    fn calamine_alone(&mut self, sheet: &str) -> Result<SheetData, String> {
        let cells = cells(&mut self.book, sheet, &mut Feed::known(VecDeque::new()))
            .map_err(Stop::message)?;
        let merged = match self.book.worksheet_merge_cells(sheet) {
            Some(Ok(m)) => m,
            Some(Err(e)) => return Err(e.to_string()),
            None => Vec::new(),
        };
        Ok(SheetData {
            cells,
            merged,
            hidden_rows: Vec::new(),
            hidden_cols: Vec::new(),
        })
    }

    /// [`XlsxBook::sheet`] of a large part: our pass on a thread of its own, calamine's cells
    /// here. `None` when no thread can be started or the part is not in the archive (read one
    /// pass after the other instead).
    fn side_by_side(&mut self, sheet: &str, part: &str) -> Option<Result<SheetData, String>> {
        let (tx, rx) = sync_channel::<Scanned>(WAITING);
        let styles = &self.parts.styles;
        let full_calc = self.parts.full_calc_on_load;
        let (zip, names, book) = (&mut self.zip, &self.names, &mut self.book);
        std::thread::scope(|s| {
            let pass = std::thread::Builder::new()
                .name("xlsx-marks".into())
                .spawn_scoped(s, move || {
                    quietly(AssertUnwindSafe(|| {
                        hand_over(zip, names, part, styles, full_calc, tx)
                    }))
                })
                .ok()?;
            let mut feed = Feed::handed(rx);
            let read = cells(book, sheet, &mut feed);
            // Nothing more is taken: the pass goes on to its end (its error comes first) without
            // waiting for room to hand marks over.
            drop(feed);
            let scanned = match pass.join() {
                Ok(Ok(scanned)) => scanned,
                Ok(Err(panic)) | Err(panic) => std::panic::resume_unwind(panic),
            };
            // The pass's error first, as when it runs first.
            Some(match (scanned?, read) {
                (Err(e), _) => Err(e),
                (Ok(_), Err(stop)) => Err(stop.message()),
                (Ok(layout), Ok(cells)) => Ok(SheetData::of(cells, layout)),
            })
        })
    }
}

/// Our pass over `part`, handing each batch of cells over to `tx` as it goes: `None` when the
/// archive has no such part, else the layout (merged regions, hidden rows) or the pass's error.
/// The batches stop
/// when the reader is gone; the pass does not.
fn hand_over(
    zip: &mut Archive,
    names: &Names,
    part: &str,
    styles: &[Option<NumFmt>],
    full_calc: bool,
    tx: SyncSender<Scanned>,
) -> Option<Result<Layout, String>> {
    let mut xml = match open_xml(zip, names, part) {
        Ok(Some(xml)) => xml,
        Ok(None) => return None,
        Err(e) => return Some(Err(e)),
    };
    let mut batch = Scanned::default();
    let mut taken = true;
    let found = |pos, m: Option<Mark>| {
        batch.marks.extend(m.map(|m| (pos, m)));
        batch.through = Some(pos);
        batch.cells += 1;
        if batch.cells == BATCH && taken {
            taken = tx.send(std::mem::take(&mut batch)).is_ok();
        }
    };
    let merged = scan(&mut xml, part, styles, full_calc, found);
    if merged.is_ok() {
        // The last batch, then the end: every mark is handed over.
        batch.end = true;
        let _ = tx.send(batch);
    }
    Some(merged)
}

/// Cells our pass has read, in the order of the file: the marks among them, the last one's
/// position, and whether the pass has ended well (every mark handed over).
#[derive(Default)]
struct Scanned {
    marks: Vec<((u32, u32), Mark)>,
    through: Option<(u32, u32)>,
    cells: usize,
    end: bool,
}

/// The marks of a sheet as calamine's cells meet them, in the order of the file: all known (one
/// pass after the other), or handed over by our pass as it goes.
struct Feed {
    marks: VecDeque<((u32, u32), Mark)>,
    /// Every cell up to here is read by our pass: its mark, if any, is in `marks`.
    through: Option<(u32, u32)>,
    /// Where more come from; `None` once every mark is known.
    from: Option<Receiver<Scanned>>,
    /// The first mark passed over without a cell of calamine's at its place.
    unmatched: Option<(u32, u32)>,
}

/// Why the cells were not all read: the error, or our pass failed (its error is the one).
enum Stop {
    Failed(String),
    Halted,
}

impl Stop {
    fn message(self) -> String {
        match self {
            Stop::Failed(e) => e,
            // Not met: a pass that fails has its own error, reported instead.
            Stop::Halted => super::limits::damaged("the sheet cannot be read".into()),
        }
    }
}

impl From<String> for Stop {
    fn from(e: String) -> Stop {
        Stop::Failed(e)
    }
}

impl Feed {
    fn known(marks: VecDeque<((u32, u32), Mark)>) -> Feed {
        Feed {
            marks,
            through: None,
            from: None,
            unmatched: None,
        }
    }

    fn handed(rx: Receiver<Scanned>) -> Feed {
        Feed {
            from: Some(rx),
            ..Feed::known(VecDeque::new())
        }
    }

    /// The mark of the cell at `pos`, calamine's next: marks before it were passed over.
    fn take(&mut self, pos: (u32, u32)) -> Result<Option<Mark>, Stop> {
        while self.from.is_some() && self.through.is_none_or(|t| t < pos) {
            self.receive()?;
        }
        while let Some(&(p, _)) = self.marks.front() {
            if p >= pos {
                break;
            }
            self.unmatched.get_or_insert(p);
            self.marks.pop_front();
        }
        Ok(match self.marks.front() {
            Some(&(p, _)) if p == pos => self.marks.pop_front().map(|(_, m)| m),
            _ => None,
        })
    }

    /// The first mark no cell of calamine's took, once calamine's cells are all read.
    fn unmatched(&mut self) -> Result<Option<(u32, u32)>, Stop> {
        while self.from.is_some() {
            self.receive()?;
        }
        Ok(self.unmatched.or(self.marks.front().map(|&(p, _)| p)))
    }

    /// The next batch of our pass; [`Stop::Halted`] when it failed.
    fn receive(&mut self) -> Result<(), Stop> {
        let batch = match self.from.as_ref().map(Receiver::recv) {
            Some(Ok(batch)) => batch,
            _ => return Err(Stop::Halted),
        };
        self.marks.extend(batch.marks);
        self.through = batch.through.or(self.through);
        if batch.end {
            self.from = None;
        }
        Ok(())
    }
}

/// calamine's cells with the marks applied; a mark calamine has no matching value for is an
/// error, never a guess.
fn cells(book: &mut Xlsx<BufReader<File>>, sheet: &str, feed: &mut Feed) -> Result<Cells, Stop> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| e.to_string())?;
    let mut out = Cells::new();
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        let pos = cell.get_position();
        let value = Data::from(cell.get_value().clone());
        let c = match feed.take(pos)? {
            None => cell_text(pos, &value)?,
            Some(m) => marked(pos, &value, m)?,
        };
        out.push(c)?;
    }
    if let Some(pos) = feed.unmatched()? {
        return Err(misaligned(pos).into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(marks: &[((u32, u32), f64)], through: (u32, u32), end: bool) -> Scanned {
        Scanned {
            marks: marks.iter().map(|&(p, v)| (p, Mark::Percent(v))).collect(),
            through: Some(through),
            cells: 1,
            end,
        }
    }

    fn took(f: &mut Feed, pos: (u32, u32)) -> Option<f64> {
        match f.take(pos) {
            Ok(Some(Mark::Percent(v))) => Some(v),
            Ok(_) => None,
            Err(_) => panic!("halted at {pos:?}"),
        }
    }

    /// Each cell takes its own mark; a mark passed over, or left at the end, is the first one no
    /// cell took — whether every mark is known or they come in batches from another thread.
    #[test]
    fn a_mark_no_cell_takes_is_found_known_or_handed_over() {
        let marks = [((1, 1), 0.1), ((2, 2), 0.2), ((5, 0), 0.5)];
        let all = marks.iter().map(|&(p, v)| (p, Mark::Percent(v))).collect();
        let mut f = Feed::known(all);
        assert_eq!(took(&mut f, (1, 1)), Some(0.1));
        assert_eq!(took(&mut f, (1, 2)), None);
        assert_eq!(took(&mut f, (3, 0)), None);
        assert_eq!(took(&mut f, (5, 0)), Some(0.5));
        assert_eq!(f.unmatched().ok(), Some(Some((2, 2))));

        let (tx, rx) = sync_channel(1);
        let pass = std::thread::spawn(move || {
            tx.send(batch(&marks[..1], (1, 5), false)).unwrap();
            tx.send(batch(&marks[1..], (6, 0), false)).unwrap();
            tx.send(batch(&[((9, 9), 0.9)], (9, 9), true)).unwrap();
        });
        let mut f = Feed::handed(rx);
        assert_eq!(took(&mut f, (1, 1)), Some(0.1));
        assert_eq!(took(&mut f, (2, 2)), Some(0.2));
        assert_eq!(took(&mut f, (5, 0)), Some(0.5));
        // Calamine's cells end here: the mark at I10 was taken by none.
        assert_eq!(f.unmatched().ok(), Some(Some((9, 9))));
        pass.join().unwrap();
    }

    /// A pass that stops without its end (it failed) halts the reading of calamine's cells once
    /// they need what it has not handed over.
    #[test]
    fn a_failed_pass_halts_the_reading() {
        let (tx, rx) = sync_channel(1);
        tx.send(batch(&[((1, 1), 0.1)], (1, 1), false)).unwrap();
        drop(tx);
        let mut f = Feed::handed(rx);
        assert_eq!(took(&mut f, (1, 1)), Some(0.1));
        assert!(matches!(f.take((1, 2)), Err(Stop::Halted)));
        assert!(matches!(f.unmatched(), Err(Stop::Halted)));
    }
}
