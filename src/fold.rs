//! Width folding: the full-width forms that Chinese input methods type (`１２３．５`, `（亿元）`,
//! `Ｎ／Ａ`, the ideographic space) compared and parsed as their ASCII twins.
//!
//! This is the part of Unicode NFKC that matters for spreadsheet headers and numbers, without
//! pulling in the full normalisation tables: U+FF01–U+FF5E map to U+0021–U+007E, U+3000 to a
//! space, and U+2212 (minus sign) to `-`.

use std::borrow::Cow;

/// The ASCII twin of a full-width character, or the character itself.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2212}' => '-',
        _ => c,
    }
}

/// `s` with every full-width character folded and surrounding white space removed; borrowed
/// when nothing needs folding (plain ASCII cells, the common case, allocate nothing).
pub fn fold(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    if t.is_ascii() || t.chars().all(|c| fold_char(c) == c) {
        Cow::Borrowed(t)
    } else {
        let folded: String = t.chars().map(fold_char).collect();
        Cow::Owned(folded.trim().to_string())
    }
}

/// The key a header is matched by: folded, without any white space, ASCII letters lower-cased —
/// so ` 固定资产投资（亿元） `, `固定资产投资 (亿元)` and `固定资产投资(亿元)` are one header, and
/// `GDP` finds the indicator `gdp`.
pub fn header_key(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_folds_to_ascii() {
        assert_eq!(fold("　１２３．５％　"), "123.5%");
        assert_eq!(fold("－３"), "-3");
        assert_eq!(fold("−3"), "-3");
        assert_eq!(fold("Ｎ／Ａ"), "N/A");
        assert_eq!(fold("不适用"), "不适用");
    }

    #[test]
    fn header_keys_ignore_width_space_and_ascii_case() {
        let k = header_key("固定资产投资(亿元)");
        assert_eq!(header_key(" 固定资产投资（亿元） "), k);
        assert_eq!(header_key("固定资产投资 (亿元)"), k);
        assert_eq!(header_key("ＧＤＰ"), "gdp");
        assert_eq!(header_key("Unit_ID"), "unit_id");
    }
}
