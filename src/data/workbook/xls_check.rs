//! What an `.xls` file could make calamine allocate, checked before calamine opens it.
//!
//! calamine (0.35) reads an `.xls` file's compound-file structure (MS-CFB) as it is written,
//! without comparing it with the file:
//! - it follows the directory's chain of sectors until the chain ends: a chain that loops back
//!   (one FAT entry changed) grows without end, and the process aborts on allocation failure;
//! - it reads a stream (the `Workbook` stream, the root's mini stream) along its chain up to the
//!   length its directory entry gives, going round a chain that loops: a `Workbook` stream of
//!   2 GiB in a file of 5 KiB is read as 2 GiB of its sectors over and over;
//! - it reserves room from header counts: the FAT sectors, and DIFAT entries from bytes that a
//!   well-formed file fills with the mini FAT's start and length;
//! - its BIFF reader reserves a sheet's cells from the sheet's DIMENSIONS record, and holds each
//!   sheet as a dense range from its first to its last cell.
//!
//! This pass reads the file as calamine reads it — the same header fields, DIFAT, FAT, directory,
//! streams and records — and refuses, as damaged, a file whose structure would make calamine hold
//! more than the file's own size: a chain that loops or points past the end of the file, a stream
//! longer than the file, a header count beyond the sectors the file holds; and a sheet whose
//! DIMENSIONS or cells span more than the 65,536 × 256 cells of an `.xls` sheet's grid, or whose
//! sheets together span more than two grids. What it accepts calamine reads within the file's
//! size plus two grids of cells held densely (32 bytes a cell: 0.5 GiB a grid; a valid file with
//! one cell at IV65536 is read so, holding 1 GiB while its sheet is read, which calamine copies). Where calamine fails by itself (no compound-file
//! signature, an unknown sector size, a record cut short), the file is left to calamine, whose
//! error is reported as before.

use std::io::{self, Read, Seek, SeekFrom};

use super::limits::damaged;
use crate::echo::grouped;

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector ids (MS-CFB 2.1): below `RESERVED` an id names a sector.
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// calamine reserves room for this many DIFAT entries (4 bytes each) at most from the header's
/// bytes 62..66, which a well-formed file fills with the high half of the mini FAT's first sector
/// and the low half of its sector count: 16 M entries (64 MiB) allow 255 mini FAT sectors, 2 MiB
/// of streams under 4,096 bytes, which no workbook has.
const MAX_DIFAT_RESERVE: u32 = 1 << 24;
/// A stream shorter than this is held in the mini stream, in sectors of 64 bytes.
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: u64 = 64;
/// The cells of an `.xls` sheet's grid: 65,536 rows by 256 columns (IV65536).
const GRID_CELLS: u64 = 65_536 * 256;
/// The names calamine looks the workbook stream up by, in its order (exact names).
const STREAMS: [&str; 4] = ["Workbook", "Book", "WORKBOOK", "BOOK"];

/// Checks the `.xls` file at hand (see the module's documentation); `Ok` when calamine may open it.
pub fn check<R: Read + Seek>(file: R) -> Result<(), String> {
    let run = || {
        let Some(mut cf) = Compound::open(file)? else {
            return Ok(());
        };
        match cf.workbook()? {
            Some(stream) => check_sheets(&stream),
            None => Ok(()),
        }
    };
    run().map_err(Fault::message)
}

/// Why the file is refused.
enum Fault {
    Io(io::Error),
    Damaged(String),
    /// A valid workbook larger than pingyi reads from an `.xls`: what it holds.
    TooBig(String),
}

impl Fault {
    fn message(self) -> String {
        match self {
            Fault::Io(e) => super::cannot_read(&e.to_string()),
            Fault::Damaged(what) => damaged(what),
            Fault::TooBig(what) => format!("{what}: more than pingyi reads from an .xls workbook (each sheet is held whole, from its first to its last cell): save it as .xlsx, or delete the cells far from the table"),
        }
    }
}

impl From<io::Error> for Fault {
    fn from(e: io::Error) -> Fault {
        Fault::Io(e)
    }
}

fn past_end(what: &str) -> Fault {
    Fault::Damaged(format!(
        "the sector chain of the workbook's {what} points past the end of the file"
    ))
}

fn looped(what: &str) -> Fault {
    Fault::Damaged(format!(
        "the sector chain of the workbook's {what} loops back on itself"
    ))
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|w| u32_at(w, 0))
}

/// A directory entry, as calamine reads it.
struct Entry {
    name: String,
    start: u32,
    len: u64,
}

/// The compound file as calamine sees it, once its FAT is read.
struct Compound<R> {
    file: R,
    /// The file's size in bytes.
    len: u64,
    /// The sector size: 512 or 4,096 bytes; sector 0 follows a header of that size.
    size: u64,
    /// The sectors wholly or partly in the file.
    count: u32,
    fat: Vec<u32>,
    /// The header's mini FAT start and sector count.
    mini_fat: (u32, u32),
    dir_start: u32,
}

impl<R: Read + Seek> Compound<R> {
    /// Reads the header, the DIFAT and the FAT; `None` for a file calamine refuses by itself.
    fn open(mut file: R) -> Result<Option<Compound<R>>, Fault> {
        let len = file.seek(SeekFrom::End(0))?;
        if len < 512 {
            return Ok(None);
        }
        let mut h = [0u8; 512];
        file.seek(SeekFrom::Start(0))?;
        file.read_exact(&mut h)?;
        let size: u64 = match u16_at(&h, 30) {
            0x0009 => 512,
            0x000C => 4096,
            _ => return Ok(None),
        };
        if h[..8] != SIGNATURE || u16_at(&h, 32) != 0x0006 || len < size {
            return Ok(None);
        }
        let count = ((len - size).div_ceil(size)).min(u64::from(RESERVED)) as u32;
        let header = |what: String| {
            Fault::Damaged(format!(
                "the header of the workbook's compound file gives {what}, more than the file holds ({} sectors)",
                grouped(count as usize)
            ))
        };
        let fat_len = u32_at(&h, 44);
        if fat_len > count {
            return Err(header(format!("{} FAT sectors", grouped(fat_len as usize))));
        }
        let mini_fat = (u32_at(&h, 60), u32_at(&h, 64));
        if mini_fat.1 > count {
            return Err(header(format!(
                "{} mini FAT sectors",
                grouped(mini_fat.1 as usize)
            )));
        }
        if u32_at(&h, 62) > MAX_DIFAT_RESERVE {
            return Err(Fault::Damaged(
                "the header of the workbook's compound file is damaged (its mini FAT fields)"
                    .into(),
            ));
        }
        let mut cf = Compound {
            file,
            len,
            size,
            count,
            fat: Vec::new(),
            mini_fat,
            dir_start: u32_at(&h, 48),
        };
        // The DIFAT: 109 entries in the header, then a chain of sectors, each ending with the
        // next one's id.
        let mut difat: Vec<u32> = words(&h[76..512]).collect();
        let mut seen = vec![false; count as usize];
        let mut id = u32_at(&h, 68);
        while id < RESERVED {
            if id >= count {
                return Err(past_end("DIFAT"));
            }
            if std::mem::replace(&mut seen[id as usize], true) {
                return Err(looped("DIFAT"));
            }
            difat.extend(words(&cf.sector(id)?));
            id = difat.pop().unwrap_or(ENDOFCHAIN);
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFSECT).collect();
        if fat_sectors.len() > count as usize {
            return Err(header(format!(
                "{} FAT sectors in its DIFAT",
                grouped(fat_sectors.len())
            )));
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            if id >= count {
                return Err(past_end("FAT"));
            }
            fat.extend(words(&cf.sector(id)?));
        }
        cf.fat = fat;
        Ok(Some(cf))
    }

    /// The bytes of sector `id` (fewer for a last sector cut short).
    fn sector(&mut self, id: u32) -> Result<Vec<u8>, Fault> {
        let at = self.size + u64::from(id) * self.size;
        let mut buf = vec![0; self.size.min(self.len.saturating_sub(at)) as usize];
        self.file.seek(SeekFrom::Start(at))?;
        self.file.read_exact(&mut buf)?;
        Ok(buf)
    }

    /// The sectors of the chain from `start`, up to `limit` bytes (where calamine stops reading)
    /// or the chain's end.
    fn chain(&self, start: u32, limit: u64, what: &str) -> Result<Vec<u32>, Fault> {
        let mut seen = vec![false; self.fat.len()];
        let mut ids = Vec::new();
        let mut id = start;
        let mut bytes = 0u64;
        while id != ENDOFCHAIN && bytes < limit {
            if id >= self.count || id as usize >= self.fat.len() {
                return Err(past_end(what));
            }
            if std::mem::replace(&mut seen[id as usize], true) {
                return Err(looped(what));
            }
            ids.push(id);
            bytes += self.size;
            id = self.fat[id as usize];
        }
        Ok(ids)
    }

    /// The bytes of a chain of sectors, up to `limit`.
    fn read(&mut self, start: u32, limit: u64, what: &str) -> Result<Vec<u8>, Fault> {
        let mut out = Vec::new();
        for id in self.chain(start, limit, what)? {
            out.extend(self.sector(id)?);
        }
        out.truncate(limit.min(out.len() as u64) as usize);
        Ok(out)
    }

    /// A stream's length checked against the file's.
    fn fits(&self, e: &Entry, what: &str) -> Result<(), Fault> {
        if e.len > self.len {
            return Err(Fault::Damaged(format!(
                "the workbook's compound file gives its {what} {} bytes, more than the whole file ({} bytes)",
                grouped(e.len as usize),
                grouped(self.len as usize)
            )));
        }
        Ok(())
    }

    /// The directory, the mini stream and the workbook stream, read as calamine reads them: the
    /// stream's bytes, or `None` where calamine fails by itself (no directory, no such stream).
    fn workbook(&mut self) -> Result<Option<Vec<u8>>, Fault> {
        let dir = self.read(self.dir_start, u64::MAX, "directory")?;
        let entries: Vec<Entry> = dir
            .chunks_exact(128)
            .map(|e| Entry {
                name: {
                    let units: Vec<u16> = e[..64].chunks_exact(2).map(|u| u16_at(u, 0)).collect();
                    let name = String::from_utf16_lossy(&units);
                    match name.find('\0') {
                        Some(at) => name[..at].to_string(),
                        None => name,
                    }
                },
                start: u32_at(e, 116),
                len: if self.size == 512 {
                    u64::from(u32_at(e, 120))
                } else {
                    u64::from(u32_at(e, 120)) | u64::from(u32_at(e, 124)) << 32
                },
            })
            .collect();
        let Some(root) = entries.first() else {
            return Ok(None);
        };
        let (mini_start, mini_len) = self.mini_fat;
        let (ministream, minifat) = if mini_len > 0 {
            self.fits(root, "mini stream")?;
            let ministream = self.read(root.start, root.len, "mini stream")?;
            let limit = u64::from(mini_len) * self.size;
            let minifat: Vec<u32> = words(&self.read(mini_start, limit, "mini FAT")?).collect();
            (ministream, minifat)
        } else {
            (Vec::new(), Vec::new())
        };
        let Some(e) = STREAMS
            .iter()
            .find_map(|n| entries.iter().find(|e| e.name == *n))
        else {
            return Ok(None);
        };
        let what = format!("`{}` stream", e.name);
        if e.len >= MINI_CUTOFF {
            self.fits(e, &what)?;
            let (start, len) = (e.start, e.len);
            return self.read(start, len, &what).map(Some);
        }
        // A short stream: a chain of 64-byte sectors of the mini stream, along the mini FAT.
        let mut out = Vec::new();
        let mut seen = vec![false; minifat.len()];
        let mut id = e.start;
        while id != ENDOFCHAIN && (out.len() as u64) < e.len {
            let at = u64::from(id) * MINI_SECTOR;
            if id as usize >= minifat.len() || at + MINI_SECTOR > ministream.len() as u64 {
                return Err(past_end(&what));
            }
            if std::mem::replace(&mut seen[id as usize], true) {
                return Err(looped(&what));
            }
            out.extend_from_slice(&ministream[at as usize..(at + MINI_SECTOR) as usize]);
            id = minifat[id as usize];
        }
        out.truncate(e.len.min(out.len() as u64) as usize);
        Ok(Some(out))
    }
}

/// calamine's records (MS-XLS 2.1.4): type and data, CONTINUE records passed over (they hold
/// no cell position); `None` where calamine stops with an error (a record cut short).
fn records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        if s.len() < 4 {
            return None;
        }
        let (typ, len) = (u16_at(s, 0), usize::from(u16_at(s, 2)));
        let data = s.get(4..4 + len)?;
        s = &s[4 + len..];
        Some((typ, data))
    })
    .filter(|&(typ, _)| typ != 0x003C)
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MULRK: u16 = 0x00BD;
/// Records whose first four bytes are a cell's row and column: FORMULA, NUMBER, LABEL, BOOLERR,
/// RK, LABELSST (a STRING record's cell is its FORMULA's).
const CELLS: [u16; 6] = [0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD];

/// The sheets' DIMENSIONS records and cells, as calamine reads them: each sheet from its
/// BoundSheet8 record's position up to its EOF record.
fn check_sheets(stream: &[u8]) -> Result<(), Fault> {
    let mut biff8 = None;
    let mut sheets = Vec::new();
    for (typ, d) in records(stream) {
        match typ {
            BOF if biff8.is_none() => biff8 = Some(d.len() >= 2 && u16_at(d, 0) == 0x0600),
            BOUNDSHEET if d.len() >= 4 => sheets.push((u32_at(d, 0) as usize, d)),
            EOF => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    for (i, &(at, bound)) in sheets.iter().enumerate() {
        let Some(body) = stream.get(at..) else {
            continue;
        };
        let name = || sheet_name(i, bound, biff8 == Some(true));
        let too_big = |what: &str, rows: u64, cols: u64| {
            Fault::Damaged(format!(
                "sheet {} {what} {} rows by {} columns, more than the {} cells of an .xls sheet (65,536 rows by 256 columns)",
                name(),
                grouped(rows as usize),
                grouped(cols as usize),
                grouped(GRID_CELLS as usize)
            ))
        };
        // The first and last row and column of the sheet's cells.
        let mut span: Option<(u32, u32, u32, u32)> = None;
        let mut see = |row: u32, first: u32, last: u32| {
            span = Some(match span {
                None => (row, row, first, last),
                Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(first), c1.max(last)),
            });
        };
        for (typ, d) in records(body) {
            match typ {
                EOF => break,
                DIMENSIONS => {
                    if let Some((rows, cols)) = dimensions(d) {
                        if rows * cols > GRID_CELLS {
                            return Err(too_big("declares", rows, cols));
                        }
                    }
                }
                MULRK if d.len() >= 6 => {
                    let (first, last) = (u16_at(d, 2), u16_at(d, d.len() - 2));
                    if first <= last {
                        see(u32::from(u16_at(d, 0)), first.into(), last.into());
                    }
                }
                t if CELLS.contains(&t) && d.len() >= 4 => {
                    let col = u32::from(u16_at(d, 2));
                    see(u32::from(u16_at(d, 0)), col, col);
                }
                _ => {}
            }
        }
        if let Some((r0, r1, c0, c1)) = span {
            let (rows, cols) = (u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1);
            if rows * cols > GRID_CELLS {
                return Err(too_big("spans", rows, cols));
            }
            // calamine holds every sheet's range from the start: two grids in all at most.
            total += rows * cols;
            if total > 2 * GRID_CELLS {
                return Err(Fault::TooBig(format!(
                    "the workbook's sheets span more than {} cells in all, the cells of two .xls sheets (65,536 rows by 256 columns each)",
                    grouped(2 * GRID_CELLS as usize)
                )));
            }
        }
    }
    Ok(())
}

/// The rows and columns calamine reserves room for from a DIMENSIONS record (its
/// `parse_dimensions`, and the count it reserves, in 32-bit arithmetic that wraps).
fn dimensions(d: &[u8]) -> Option<(u64, u64)> {
    let (first_row, rows_end, mut first_col, cols_end) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0)),
            u32::from(u16_at(d, 2)),
            u32::from(u16_at(d, 4)),
            u32::from(u16_at(d, 6)),
        ),
        14 => (
            u32_at(d, 0),
            u32_at(d, 4),
            u32::from(u16_at(d, 8)),
            u32::from(u16_at(d, 10)),
        ),
        _ => return None,
    };
    if first_col > 0xFF || cols_end < first_col {
        first_col = 0;
    }
    let (last_row, last_col) = if rows_end >= 1 && cols_end >= 1 {
        (rows_end - 1, cols_end - 1)
    } else {
        (first_row, first_col)
    };
    let rows = last_row.wrapping_sub(first_row).wrapping_add(1);
    let cols = last_col.wrapping_sub(first_col).wrapping_add(1);
    Some((u64::from(rows), u64::from(cols)))
}

/// A sheet's name from its BoundSheet8 record (BIFF8), else its place in the workbook.
fn sheet_name(i: usize, d: &[u8], biff8: bool) -> String {
    let text = (|| {
        if !biff8 {
            return None;
        }
        let cch = usize::from(*d.get(6)?);
        let wide = *d.get(7)? & 1 == 1;
        let chars = &d[8..];
        if wide {
            let units: Vec<u16> = chars
                .get(..2 * cch)?
                .chunks_exact(2)
                .map(|u| u16_at(u, 0))
                .collect();
            String::from_utf16(&units).ok()
        } else {
            Some(chars.get(..cch)?.iter().map(|&b| char::from(b)).collect())
        }
    })();
    match text {
        Some(t) if !t.is_empty() => t.replace('\0', ""),
        _ => format!("{} of the workbook", i + 1),
    }
}
