//! Zip archives written byte by byte, so that a test can declare any size for a part and pack a
//! gigabyte of spaces into a few megabytes (fixed-Huffman deflate: one length-258, distance-1
//! match costs 13 bits).

use std::io::Read;
use std::path::Path;

pub struct Entry {
    name: String,
    method: u16,
    packed: Vec<u8>,
    crc: u32,
    size: u32,
}

impl Entry {
    /// A part stored as is.
    pub fn stored(name: &str, data: &[u8]) -> Entry {
        Entry {
            name: name.to_string(),
            method: 0,
            packed: data.to_vec(),
            crc: crc32(data),
            size: data.len() as u32,
        }
    }
}

/// A sheet part of `spaces` spaces between `<sheetData>` and its end tag, deflated; its declared
/// size is `declared`, or the true one.
pub fn bomb(name: &str, spaces: u64, declared: Option<u32>) -> Entry {
    let head = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
    let tail = b"</sheetData></worksheet>";
    let mut w = Bits::default();
    w.put(1, 1); // final block
    w.put(1, 2); // fixed Huffman codes
    for &b in head {
        w.literal(b);
    }
    w.literal(b' ');
    let mut left = spaces - 1;
    while left >= 258 {
        w.code(0xC5, 8); // length 258 (symbol 285)
        w.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        w.literal(b' ');
    }
    for &b in tail {
        w.literal(b);
    }
    w.code(0, 7); // end of block (symbol 256)
    let true_size = head.len() as u64 + spaces + tail.len() as u64;
    Entry {
        name: name.to_string(),
        method: 8,
        packed: w.finish(),
        crc: 0, // never checked: the reader stops long before the end
        size: declared.unwrap_or(true_size.min(u64::from(u32::MAX)) as u32),
    }
}

#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// `n` bits of `v`, least significant first (deflate's header and extra bits).
    fn put(&mut self, v: u32, n: u32) {
        self.acc |= u64::from(v) << self.n;
        self.n += n;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.put((code >> i) & 1, 1);
        }
    }

    fn literal(&mut self, b: u8) {
        match b {
            0..=143 => self.code(0x30 + u32::from(b), 8),
            _ => self.code(0x190 + u32::from(b) - 144, 9),
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// An archive being written.
pub struct Zip {
    entries: Vec<Entry>,
}

impl Zip {
    pub fn new() -> Zip {
        Zip {
            entries: Vec::new(),
        }
    }

    /// The parts of an existing archive, stored.
    pub fn read(path: &Path) -> Zip {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut z = Zip::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            z.add(Entry::stored(f.name(), &data));
        }
        z
    }

    /// Adds a part, replacing one of the same name.
    pub fn add(&mut self, e: Entry) {
        self.entries.retain(|x| x.name != e.name);
        self.entries.push(e);
    }

    pub fn finish(self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for e in &self.entries {
            let offset = out.len() as u32;
            let fields = |v: &mut Vec<u8>| {
                v.extend_from_slice(&20u16.to_le_bytes()); // version needed
                v.extend_from_slice(&0u16.to_le_bytes()); // flags
                v.extend_from_slice(&e.method.to_le_bytes());
                v.extend_from_slice(&0u16.to_le_bytes()); // time
                v.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
                v.extend_from_slice(&e.crc.to_le_bytes());
                v.extend_from_slice(&(e.packed.len() as u32).to_le_bytes());
                v.extend_from_slice(&e.size.to_le_bytes());
                v.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
                v.extend_from_slice(&0u16.to_le_bytes()); // extra field
            };
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            fields(&mut out);
            out.extend_from_slice(e.name.as_bytes());
            out.extend_from_slice(&e.packed);
            central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            central.extend_from_slice(&20u16.to_le_bytes()); // version made by
            fields(&mut central);
            central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
            central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(e.name.as_bytes());
        }
        let start = out.len() as u32;
        out.extend_from_slice(&central);
        let n = self.entries.len() as u16;
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]); // disk numbers
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // comment
        out
    }
}
