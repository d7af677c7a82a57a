//! Quoting input text in messages: a cell may hold megabytes (a damaged or hostile file), and a
//! message that echoes it whole is unreadable and can flood a terminal or a log. Quoted text is
//! cut to [`QUOTE_CHARS`] characters, and the full length is given, so that the person fixing the
//! file still recognises the cell and knows that it is longer than shown.

use std::borrow::Cow;

/// The most characters of an input text a message quotes.
pub const QUOTE_CHARS: usize = 60;

/// `text` in backticks; when longer than [`QUOTE_CHARS`] characters, its beginning with `…` and
/// its length: `` `abc…` (12,345 characters) ``.
pub fn quote(text: &str) -> String {
    match beginning(text) {
        None => format!("`{text}`"),
        Some((head, n)) => format!("`{head}…` ({} characters)", grouped(n)),
    }
}

/// `text` as it is, or when longer than [`QUOTE_CHARS`] characters its beginning with `…` and its
/// length, without backticks: for input text that stands in a message's place or unit (a header
/// in `column …`, a unit id as a row wrote it) rather than being quoted.
pub fn cut(text: &str) -> Cow<'_, str> {
    match beginning(text) {
        None => Cow::Borrowed(text),
        Some((head, n)) => Cow::Owned(format!("{head}… ({} characters)", grouped(n))),
    }
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
        if i > 0 && (digits.len() - i) % 3 == 0 {
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
