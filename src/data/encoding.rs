//! Decoding text files whose encoding nobody wrote down.
//!
//! Excel on Chinese Windows saves "CSV" as GBK without a byte-order mark, "CSV UTF-8" with one,
//! and some tools write UTF-16 with a BOM. Only a BOM can be trusted, so the rule is: a BOM
//! decides; otherwise `--encoding` decides; otherwise strict UTF-8, and if that fails, strict
//! GB18030 (a superset of GBK, which `encoding_rs` decodes with the same decoder). Decoding is
//! always strict: a byte that does not decode is an error naming its offset and line, never a
//! silent U+FFFD in a unit id.

use std::fmt;
use std::str::FromStr;

use encoding_rs::{DecoderResult, Encoding, GB18030, GBK, UTF_8};

/// What the user asked for with `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingChoice {
    /// BOM, else UTF-8, else GB18030.
    #[default]
    Auto,
    Utf8,
    Gb18030,
    Gbk,
}

impl FromStr for EncodingChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(EncodingChoice::Auto),
            "utf-8" | "utf8" => Ok(EncodingChoice::Utf8),
            "gb18030" => Ok(EncodingChoice::Gb18030),
            "gbk" | "gb2312" | "cp936" => Ok(EncodingChoice::Gbk),
            _ => Err(format!(
                "unknown encoding `{s}`: expected auto, utf-8, gb18030 or gbk"
            )),
        }
    }
}

/// The encoding a file was actually read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Gb18030,
    Gbk,
}

impl TextEncoding {
    fn of(enc: &'static Encoding) -> TextEncoding {
        if enc == GBK {
            TextEncoding::Gbk
        } else if enc == GB18030 {
            TextEncoding::Gb18030
        } else if enc == encoding_rs::UTF_16LE {
            TextEncoding::Utf16Le
        } else if enc == encoding_rs::UTF_16BE {
            TextEncoding::Utf16Be
        } else {
            TextEncoding::Utf8
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GB18030",
            TextEncoding::Gbk => "GBK",
        })
    }
}

/// Why that encoding was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecidedBy {
    /// The file starts with a byte-order mark.
    Bom,
    /// `--encoding`.
    Option,
    /// No BOM: valid UTF-8, or not UTF-8 and valid GB18030.
    Detected,
}

/// A file's encoding and how it was decided, as `check` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    pub encoding: TextEncoding,
    pub by: DecidedBy,
}

impl fmt::Display for Decoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match (self.by, self.encoding) {
            (DecidedBy::Bom, _) => "byte-order mark",
            (DecidedBy::Option, _) => "--encoding",
            (DecidedBy::Detected, TextEncoding::Utf8) => "no BOM, valid UTF-8",
            (DecidedBy::Detected, _) => "no BOM, not UTF-8",
        };
        write!(f, "{} ({why})", self.encoding)
    }
}

/// A file that does not decode: the message, and the 1-based line of the first bad byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub line: Option<u64>,
    pub message: String,
}

/// Decodes a whole file by the rules in the module docs.
pub fn decode(bytes: &[u8], choice: EncodingChoice) -> Result<(String, Decoded), DecodeError> {
    if let Some(kind) = binary_kind(bytes) {
        return Err(DecodeError {
            line: None,
            message: kind.to_string(),
        });
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return finish(
            enc,
            &bytes[bom..],
            DecidedBy::Bom,
            "its byte-order mark says so",
        );
    }
    let forced = match choice {
        EncodingChoice::Auto => None,
        EncodingChoice::Utf8 => Some((UTF_8, "--encoding utf-8")),
        EncodingChoice::Gb18030 => Some((GB18030, "--encoding gb18030")),
        EncodingChoice::Gbk => Some((GBK, "--encoding gbk")),
    };
    if let Some((enc, why)) = forced {
        return finish(enc, bytes, DecidedBy::Option, why);
    }
    let utf8_err = match strict(UTF_8, bytes) {
        Ok(text) => return Ok((text, decided(UTF_8, DecidedBy::Detected))),
        Err(e) => e,
    };
    match strict(GB18030, bytes) {
        Ok(text) => Ok((text, decided(GB18030, DecidedBy::Detected))),
        // The line named first is that of the encoding read the further (a UTF-8 file with one
        // stray byte fails as GB18030 early, at its first Chinese character).
        Err(gb) => Err(DecodeError {
            line: Some(if utf8_err.offset >= gb.offset {
                utf8_err.line
            } else {
                gb.line
            }),
            message: format!(
                "neither UTF-8 (bad byte at offset {}, line {}) nor GB18030/GBK (bad byte at offset {}, line {}): save the file as \"CSV UTF-8\" or pass --encoding",
                utf8_err.offset, utf8_err.line, gb.offset, gb.line
            ),
        }),
    }
}

/// Whether a file starting with `head` (its first bytes) is read as UTF-8 by the rules above, if
/// it turns out valid UTF-8: how many bytes of byte-order mark to skip, and how the encoding was
/// decided. `None` for files that are decoded whole ([`decode`]): other byte-order marks, other
/// encodings asked for, and workbooks under a `.csv` name. A file that is not valid UTF-8 after
/// all is decoded whole too, which reports it exactly as [`decode`] does.
pub fn utf8_plan(head: &[u8], choice: EncodingChoice) -> Option<(usize, Decoded)> {
    if binary_kind(head).is_some() {
        return None;
    }
    if let Some((enc, bom)) = Encoding::for_bom(head) {
        return (enc == UTF_8).then(|| (bom, decided(UTF_8, DecidedBy::Bom)));
    }
    match choice {
        EncodingChoice::Auto => Some((0, decided(UTF_8, DecidedBy::Detected))),
        EncodingChoice::Utf8 => Some((0, decided(UTF_8, DecidedBy::Option))),
        EncodingChoice::Gb18030 | EncodingChoice::Gbk => None,
    }
}

fn decided(enc: &'static Encoding, by: DecidedBy) -> Decoded {
    Decoded {
        encoding: TextEncoding::of(enc),
        by,
    }
}

fn finish(
    enc: &'static Encoding,
    bytes: &[u8],
    by: DecidedBy,
    why: &str,
) -> Result<(String, Decoded), DecodeError> {
    match strict(enc, bytes) {
        Ok(text) => Ok((text, decided(enc, by))),
        Err(e) => Err(DecodeError {
            line: Some(e.line),
            message: format!(
                "not valid {} at byte offset {} (read as {} because {why})",
                TextEncoding::of(enc),
                e.offset,
                TextEncoding::of(enc)
            ),
        }),
    }
}

/// Where strict decoding stopped.
struct Bad {
    offset: usize,
    line: u64,
}

/// Decodes without replacement characters; on failure, the offset of the first bad byte.
fn strict(enc: &'static Encoding, bytes: &[u8]) -> Result<String, Bad> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, extra) => Err(Bad {
            offset: read.saturating_sub(bad as usize + extra as usize),
            line: out.matches('\n').count() as u64 + 1,
        }),
        // The buffer was sized for the whole input; treat the impossible as malformed.
        DecoderResult::OutputFull => Err(Bad {
            offset: read,
            line: out.matches('\n').count() as u64 + 1,
        }),
    }
}

/// Workbooks saved under a `.csv` name are a common mix-up; say so instead of "bad byte 2".
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("this is a zip archive (an .xlsx workbook?) with a .csv name: save it as CSV, or name it .xlsx")
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        Some("this is an old Excel .xls workbook with a .csv name: save it as .xlsx or as CSV")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(bytes: &[u8], choice: EncodingChoice) -> (String, String) {
        let (text, d) = decode(bytes, choice).unwrap();
        (text, d.to_string())
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = "unit_id,名称\n".as_bytes();
        assert_eq!(
            enc(plain, EncodingChoice::Auto),
            (
                "unit_id,名称\n".into(),
                "UTF-8 (no BOM, valid UTF-8)".into()
            )
        );
        let bom = [b"\xEF\xBB\xBF".as_slice(), plain].concat();
        assert_eq!(
            enc(&bom, EncodingChoice::Gbk),
            ("unit_id,名称\n".into(), "UTF-8 (byte-order mark)".into())
        );
    }

    #[test]
    fn gbk_without_bom_falls_back_to_gb18030() {
        let (gbk, _, _) = GBK.encode("unit_id,一村\n");
        assert_eq!(
            enc(&gbk, EncodingChoice::Auto),
            (
                "unit_id,一村\n".into(),
                "GB18030 (no BOM, not UTF-8)".into()
            )
        );
        assert_eq!(enc(&gbk, EncodingChoice::Gbk).1, "GBK (--encoding)");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "id,村\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(enc(&bytes, EncodingChoice::Auto).0, "id,村\n");
    }

    #[test]
    fn forced_utf8_names_the_bad_byte_and_line() {
        // (Not `一`: its GBK bytes D2 BB happen to be valid UTF-8, as short GBK text can be.)
        let (gbk, _, _) = GBK.encode("a\nb,村\n");
        let e = decode(&gbk, EncodingChoice::Utf8).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(
            e.message,
            "not valid UTF-8 at byte offset 4 (read as UTF-8 because --encoding utf-8)"
        );
    }

    #[test]
    fn undecodable_bytes_are_an_error_not_replacement_characters() {
        let e = decode(b"id\n\x80\xFF", EncodingChoice::Auto).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.starts_with("neither UTF-8"), "{}", e.message);
        // UTF-8 with one stray byte on line 3, at offset 29 (8 + 4 + 9 + 1 + 4 + 3): read as
        // GB18030, 城关镇's bytes pair up as E5 9F, 8E E5, 85 B3, E9 95 until 87 meets the line
        // feed at offset 20, on line 2. The line named is UTF-8's, read the further.
        let mut bytes = "id,name\nZ01,城关镇\nZ02,龙".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xFF");
        bytes.extend_from_slice("泉镇\n".as_bytes());
        let e = decode(&bytes, EncodingChoice::Auto).unwrap_err();
        assert_eq!(e.line, Some(3), "{}", e.message);
        assert!(
            e.message.contains("UTF-8 (bad byte at offset 29, line 3)"),
            "{}",
            e.message
        );
        assert!(
            e.message
                .contains("GB18030/GBK (bad byte at offset 20, line 2)"),
            "{}",
            e.message
        );
        let e = decode(b"PK\x03\x04junk", EncodingChoice::Auto).unwrap_err();
        assert!(e.message.contains("xlsx"), "{}", e.message);
    }

    #[test]
    fn choices_parse() {
        assert_eq!("UTF-8".parse(), Ok(EncodingChoice::Utf8));
        assert_eq!("gbk".parse(), Ok(EncodingChoice::Gbk));
        assert!("latin1".parse::<EncodingChoice>().is_err());
    }
}
