//! Caps on what a workbook can make pingyi unpack and hold.
//!
//! An `.xlsx` or `.ods` file is a zip archive of XML parts, and deflate compresses a run of
//! spaces about a thousandfold: a 1 MB file can unpack to a gigabyte. Without caps such a file
//! drives memory to its unpacked size and the process aborts on allocation failure. Every cap
//! here is far above what a real workbook holds; exceeding one is an error naming the file (exit
//! 1), reported before calamine or our own readers allocate for the part:
//!
//! - the sizes the archive's central directory declares are checked first;
//! - every XML part is then unpacked once through [`Limited`], which counts what really comes out
//!   (a declared size can lie) and the longest stretch of bytes between two angle brackets (an
//!   XML reader buffers a text node or a tag whole, so this bounds its buffer);
//! - cell text and the number of non-empty cells are capped where the cells are read.

use std::io::{self, Read, Seek};

use zip::ZipArchive;

/// Unpacked bytes of one part. A worksheet of 100,000 rows by 40 columns is about 200 MiB of
/// XML; 512 MiB leaves room for twice that and bounds the time spent unpacking a hostile part.
pub const MAX_PART_BYTES: u64 = 512 << 20;
/// Unpacked bytes of all parts together, for archives of many parts each below the part cap.
pub const MAX_ARCHIVE_BYTES: u64 = 2 << 30;
/// Bytes between two angle brackets in an XML part: one text node or one tag. A cell holds at
/// most 32,767 characters (Excel's limit), at most about 200 KiB once escaped as XML.
pub const MAX_XML_RUN: usize = 1 << 20;
/// Characters in one cell: Excel's and WPS's own limit per cell is 32,767, so a longer text was
/// not typed by a person into a spreadsheet.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Non-empty cells of one worksheet: 2,097,152, e.g. 50,000 units by 40 columns, about 150 MiB
/// while the table is built. A district's review has thousands of units; a larger table is
/// better sent as CSV, which has no such cap (a CSV file's size is what it holds).
pub const MAX_CELLS: usize = 1 << 21;

/// Human sizes for the messages.
const PART: &str = "512 MiB";
const ARCHIVE: &str = "2 GiB";
const RUN: &str = "1 MiB";

/// Why a workbook was refused: the text is the message for the user.
pub fn damaged(what: String) -> String {
    format!("{what}: the file is damaged or not a workbook saved by a spreadsheet program")
}

/// Checks the sizes the central directory declares, then unpacks every XML part through
/// [`Limited`]. Other parts (pictures, embedded objects, printer settings) are never unpacked by
/// pingyi or calamine; a sheet part with another name is read through [`Limited`] by our own
/// pass before calamine reads it.
pub fn check_archive<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<(), String> {
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| e.to_string())?;
        if part.size() > MAX_PART_BYTES {
            return Err(part_too_big(part.name()));
        }
        declared = declared.saturating_add(part.size());
        if declared > MAX_ARCHIVE_BYTES {
            return Err(archive_too_big());
        }
    }
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| e.to_string())?;
        if !is_xml(part.name()) {
            continue;
        }
        let name = part.name().to_string();
        let mut limited = Limited::new(part, &name);
        unpacked += io::copy(&mut limited, &mut io::sink()).map_err(|e| e.to_string())?;
        if unpacked > MAX_ARCHIVE_BYTES {
            return Err(archive_too_big());
        }
    }
    Ok(())
}

/// Parts an XML reader opens by name: `.xml`, `.rels`, `.vml`.
pub fn is_xml(name: &str) -> bool {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    ["xml", "rels", "vml"]
        .iter()
        .any(|x| ext.eq_ignore_ascii_case(x))
}

fn part_too_big(name: &str) -> String {
    damaged(format!(
        "the workbook's part `{name}` unpacks to more than {PART} (the limit per part)"
    ))
}

fn archive_too_big() -> String {
    damaged(format!(
        "the workbook unpacks to more than {ARCHIVE} in all (the limit per workbook)"
    ))
}

/// A part being unpacked: fails with a message for the user once more than [`MAX_PART_BYTES`]
/// came out, or more than [`MAX_XML_RUN`] bytes without an angle bracket.
pub struct Limited<R> {
    inner: R,
    name: String,
    read: u64,
    run: usize,
    max_bytes: u64,
    max_run: usize,
}

impl<R: Read> Limited<R> {
    pub fn new(inner: R, name: &str) -> Limited<R> {
        Limited::with_caps(inner, name, MAX_PART_BYTES, MAX_XML_RUN)
    }

    /// With other caps than the constants (tests, which cannot unpack half a gigabyte quickly).
    pub fn with_caps(inner: R, name: &str, max_bytes: u64, max_run: usize) -> Limited<R> {
        Limited {
            inner,
            name: name.to_string(),
            read: 0,
            run: 0,
            max_bytes,
            max_run,
        }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.max_bytes {
            return Err(io::Error::other(part_too_big(&self.name)));
        }
        for &b in &buf[..n] {
            if b == b'<' || b == b'>' {
                self.run = 0;
            } else {
                self.run += 1;
            }
            if self.run > self.max_run {
                return Err(io::Error::other(damaged(format!(
                    "the workbook's part `{}` holds more than {RUN} of text without markup",
                    self.name
                ))));
            }
        }
        Ok(n)
    }
}

/// The message of an XML reading error: our own caps speak for themselves, other errors are
/// prefixed by the part they occurred in.
pub fn xml_error(part: &str, e: quick_xml::Error) -> String {
    match e {
        quick_xml::Error::Io(io) => io.to_string(),
        e => damaged(format!(
            "the workbook's part `{part}` is not valid XML ({e})"
        )),
    }
}
