//! Quoting input text in messages: a cell may hold megabytes (a damaged or hostile file), and a
//! message that echoes it whole is unreadable and can flood a terminal or a log. Quoted text is
//! cut to [`QUOTE_CHARS`] characters, and the full length is given, so that the person fixing the
//! file still recognises the cell and knows that it is longer than shown.
//!
//! Characters that print as nothing or as a plain space — control characters, zero-width
//! characters, the BOM, the no-break, thin and ideographic spaces — are shown escaped
//! (`509\u{200b}`, `1\u{a0}000`): a message saying that the cell held `509` — no number because
//! of a zero-width space after it — sent people hunting for a difference they could not see.

use std::borrow::Cow;

/// The most characters of an input text a message quotes.
pub const QUOTE_CHARS: usize = 60;

/// The first `shown` of `items`, joined with `sep`, and `and N more` for the rest: a message's
/// list of units or lines that may run to thousands.
pub fn few(items: impl ExactSizeIterator<Item = String>, shown: usize, sep: &str) -> String {
    let n = items.len();
    let mut out: Vec<String> = items.take(shown).collect();
    if n > shown {
        out.push(format!("and {} more", n - shown));
    }
    out.join(sep)
}

/// `text` in backticks; when longer than [`QUOTE_CHARS`] characters, its beginning with `…` and
/// its length: `` `abc…` (12,345 characters) ``.
pub fn quote(text: &str) -> String {
    match beginning(text) {
        None => format!("`{}`", visible(text)),
        Some((head, n)) => format!("`{}…` ({} characters)", visible(head), grouped(n)),
    }
}

/// `text` as it is, or when longer than [`QUOTE_CHARS`] characters its beginning with `…` and its
/// length, without backticks: for input text that stands in a message's place or unit (a header
/// in `column …`, a unit id as a row wrote it) rather than being quoted.
pub fn cut(text: &str) -> Cow<'_, str> {
    match beginning(text) {
        None => visible(text),
        Some((head, n)) => Cow::Owned(format!("{}… ({} characters)", visible(head), grouped(n))),
    }
}

/// Whether `c` prints as nothing or as a plain space: a control character, a space other than
/// U+0020 (no-break, en, thin, ideographic …), a zero-width or bidirectional format character,
/// a soft hyphen, the BOM.
fn invisible(c: char) -> bool {
    (c.is_control() || c.is_whitespace() && c != ' ')
        || matches!(
            c,
            '\u{ad}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// `text` with its invisible characters escaped: `\t`, `\n`, `\r`, `\x1b` for ASCII controls,
/// `\u{200b}` for the others.
fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(invisible) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !invisible(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// The first [`QUOTE_CHARS`] characters of `text` and its length in characters, when it is longer.
fn beginning(text: &str) -> Option<(&str, usize)> {
    let (cut, _) = text.char_indices().nth(QUOTE_CHARS)?;
    Some((&text[..cut], text.chars().count()))
}

/// `1234567` → `1,234,567`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_quoted_whole() {
        assert_eq!(quote("abc"), "`abc`");
        assert_eq!(quote(""), "``");
        let sixty = "字".repeat(60);
        assert_eq!(quote(&sixty), format!("`{sixty}`"));
    }

    #[test]
    fn invisible_characters_are_shown_escaped() {
        // A zero-width space after a number, no-break and thin spaces as thousands separators,
        // a BOM, an ideographic space, controls: each looked like nothing or a plain space.
        for (text, shown) in [
            ("509\u{200b}", "`509\\u{200b}`"),
            ("1\u{a0}000", "`1\\u{a0}000`"),
            ("1\u{2009}000", "`1\\u{2009}000`"),
            ("1\u{202f}000", "`1\\u{202f}000`"),
            ("\u{feff}T1", "`\\u{feff}T1`"),
            ("城关镇\u{3000}", "`城关镇\\u{3000}`"),
            ("a\tb\r\n\u{1b}", "`a\\tb\\r\\n\\x1b`"),
            ("\u{200d}\u{2060}\u{ad}", "`\\u{200d}\\u{2060}\\u{ad}`"),
            ("1 000", "`1 000`"),
            ("城关镇", "`城关镇`"),
        ] {
            assert_eq!(quote(text), shown, "{text:?}");
        }
        assert_eq!(cut("Z01\u{200b}"), "Z01\\u{200b}");
        // Cut first, then escaped: the length counts the characters of the cell.
        let long = format!("{}\u{a0}", "x".repeat(59)) + &"y".repeat(10);
        assert_eq!(
            quote(&long),
            format!("`{}\\u{{a0}}…` (70 characters)", "x".repeat(59))
        );
    }

    #[test]
    fn text_in_a_place_is_cut_without_backticks() {
        assert_eq!(cut("备注"), "备注");
        let long = "列".repeat(100);
        assert_eq!(cut(&long), format!("{}… (100 characters)", "列".repeat(60)));
    }

    #[test]
    fn long_text_is_cut_with_its_length() {
        let long = "x".repeat(1_234_567);
        assert_eq!(
            quote(&long),
            format!("`{}…` (1,234,567 characters)", "x".repeat(60))
        );
        let wide = "字".repeat(61);
        assert_eq!(
            quote(&wide),
            format!("`{}…` (61 characters)", "字".repeat(60))
        );
    }
}
