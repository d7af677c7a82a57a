//! Inputs for the fuzz harness: arbitrary bytes, rows of reader tokens, valid files with a few
//! byte-level edits, and configs with values replaced by wrong types, extremes and keywords.

use proptest::prelude::*;

/// Bytes shown as text with escapes, so that a failing input can be read and turned into a
/// regression test.
#[derive(Clone)]
pub struct Bytes(pub Vec<u8>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

/// Pieces that matter to the readers: delimiters, quotes, line ends, cell keywords, ids.
pub const TOKENS: &[&str] = &[
    ",",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "\r",
    "\t",
    ";",
    "-",
    "不适用",
    "N/A",
    "n/a",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "1e308",
    "-1e308",
    "1e-320",
    "-0",
    "0",
    "1",
    "2.5",
    "是",
    "否",
    "T1",
    "T2",
    "S1",
    "V1",
    "V2",
    "C1",
    "D1",
    "X9",
    "unit_id",
    "unit_name",
    "id",
    "name",
    "category",
    "parent",
    "class",
    "indicator",
    "target",
    "kind",
    "points",
    "reason",
    "reference",
    "gdp",
    "grow",
    "invest",
    "acc",
    "petitions",
    "party",
    "profit",
    "done",
    "review",
    "bonus",
    "deduction",
    "veto",
    "加分",
    "一票否决",
    "township",
    "subdistrict",
    "village",
    "community",
    "department",
    "经济类",
    "2024Q2",
    "2023Q1",
    "2025Q1",
    "former_ids",
    "from",
    "until",
    "\u{feff}",
    "=cmd|' /C calc'!A0",
    "１２３",
    "1,234",
    "12.5%",
    " ",
    "",
    "\0",
    "\u{fffd}",
];

#[derive(Debug, Clone)]
pub enum Edit {
    Insert(prop::sample::Index, &'static str),
    Byte(prop::sample::Index, u8),
    Delete(prop::sample::Index, usize),
    DuplicateLine(prop::sample::Index),
    DropLine(prop::sample::Index),
    SwapLines(prop::sample::Index, prop::sample::Index),
}

pub fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(TOKENS)
}

pub fn edit() -> impl Strategy<Value = Edit> {
    let i = any::<prop::sample::Index>;
    prop_oneof![
        4 => (i(), token()).prop_map(|(i, t)| Edit::Insert(i, t)),
        2 => (i(), any::<u8>()).prop_map(|(i, b)| Edit::Byte(i, b)),
        2 => (i(), 1usize..12).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => i().prop_map(Edit::DuplicateLine),
        1 => i().prop_map(Edit::DropLine),
        1 => (i(), i()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

pub fn apply(mut b: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = |i: &prop::sample::Index, len: usize| i.index(len + 1);
        match e {
            Edit::Insert(i, t) => {
                let k = at(i, b.len());
                b.splice(k..k, t.bytes());
            }
            Edit::Byte(i, x) if !b.is_empty() => {
                let k = i.index(b.len());
                b[k] = *x;
            }
            Edit::Byte(..) => b.push(0xff),
            Edit::Delete(i, n) => {
                let k = at(i, b.len());
                b.drain(k..(k + n).min(b.len()));
            }
            Edit::DuplicateLine(i) | Edit::DropLine(i) | Edit::SwapLines(i, _) => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                let k = i.index(lines.len());
                match e {
                    Edit::DuplicateLine(_) => lines.insert(k, lines[k].clone()),
                    Edit::DropLine(_) => drop(lines.remove(k)),
                    Edit::SwapLines(_, j) => {
                        let j = j.index(lines.len());
                        lines.swap(k, j);
                    }
                    _ => {}
                }
                b = lines.join(&b'\n');
            }
        }
    }
    b
}

/// Arbitrary bytes, rows of reader tokens, or the valid file with a few edits.
pub fn bytes_like(valid: Vec<u8>) -> impl Strategy<Value = Bytes> {
    let rows = prop::collection::vec(prop::collection::vec(token(), 0..8), 0..8).prop_map(|rows| {
        let lines: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
        lines.join("\n").into_bytes()
    });
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..300),
        1 => rows,
        4 => prop::collection::vec(edit(), 1..8).prop_map(move |e| apply(valid.clone(), &e)),
    ]
    .prop_map(Bytes)
}

/// Values that a config key might be given: wrong types, extremes, every keyword.
pub const TOML_VALUES: &[&str] = &[
    "0",
    "-1",
    "1",
    "0.5",
    "2",
    "6",
    "7",
    "100",
    "1e308",
    "-1e308",
    "1e-320",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "9223372036854775807",
    "-9223372036854775808",
    "true",
    "\"\"",
    "\"x\"",
    "\"higher\"",
    "\"lower\"",
    "\"growth\"",
    "\"previous\"",
    "\"year_ago\"",
    "\"not_applicable\"",
    "\"proportional\"",
    "\"efficacy\"",
    "\"rank\"",
    "\"target\"",
    "\"bands\"",
    "\"deduct\"",
    "\"direct\"",
    "\"binary\"",
    "\"zero\"",
    "\"average\"",
    "\"error\"",
    "\"score\"",
    "\"share\"",
    "\"core\"",
    "\"econ\"",
    "\"town\"",
    "\"township\"",
    "[]",
    "{}",
    "[\"core\"]",
    "[\"econ\", \"x\"]",
    "[[0, 1]]",
    "[[0, 30], [0, 10]]",
    "[[1e308, 1], [-1e308, 0]]",
    "[[nan, 1]]",
    "[[0]]",
    "{ town = 1e308 }",
    "{ town = -1 }",
    "{ town = 20, village = 30 }",
    "{ nowhere = 1 }",
    "[{ name = \"A\" }]",
    "[{ name = \"A\", share = 1.0 }]",
    "[{ name = \"A\", min = nan }]",
    "{ by = \"score\", levels = [] }",
    "{ by = \"share\", levels = [{ name = \"A\", share = 0.0 }] }",
];

#[derive(Debug, Clone)]
pub enum TomlEdit {
    /// Replace the value of the i-th `key = value` line.
    Value(prop::sample::Index, &'static str),
    Text(Edit),
}

pub fn toml_edit() -> impl Strategy<Value = TomlEdit> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), prop::sample::select(TOML_VALUES))
            .prop_map(|(i, v)| TomlEdit::Value(i, v)),
        1 => edit().prop_map(TomlEdit::Text),
    ]
}

pub fn apply_toml(text: &str, edits: &[TomlEdit]) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut bytes = None;
    for e in edits {
        match e {
            TomlEdit::Value(i, v) => {
                let keyed: Vec<usize> = (0..lines.len())
                    .filter(|&k| !lines[k].starts_with('[') && lines[k].contains(" = "))
                    .collect();
                if keyed.is_empty() {
                    continue;
                }
                let k = keyed[i.index(keyed.len())];
                let key = lines[k].split(" = ").next().unwrap_or("").to_string();
                lines[k] = format!("{key} = {v}");
            }
            TomlEdit::Text(edit) => {
                bytes = Some(apply(
                    lines.join("\n").into_bytes(),
                    std::slice::from_ref(edit),
                ))
            }
        }
        if let Some(b) = bytes.take() {
            lines = String::from_utf8_lossy(&b)
                .lines()
                .map(String::from)
                .collect();
        }
    }
    lines.join("\n").into_bytes()
}
