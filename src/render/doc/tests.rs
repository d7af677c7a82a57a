use super::*;

/// Issue 12: at `COLUMNS=120` a ranking wider than the terminal split `100.26` into `100.`
/// and `26`. Numbers keep their width; text wraps; what still does not fit is left out and
/// named.
#[test]
fn a_120_column_terminal_never_splits_a_number() {
    let mut cols: Vec<(&str, bool)> = vec![("名次", true), ("单位", false), ("所属乡镇", false)];
    let dims = [
        "经济发展",
        "项目建设",
        "招商引资",
        "社会治理",
        "安全稳定",
        "生态环保",
        "党的建设",
    ];
    cols.extend(dims.iter().map(|d| (*d, true)));
    cols.extend([
        ("加分", true),
        ("扣分", true),
        ("总分", true),
        ("等次", false),
    ]);
    cols.extend([
        ("较2024Q3名次", false),
        ("得分变化", true),
        ("趋势", false),
        ("备注", false),
    ]);
    let mut t = DocTable::new(&cols);
    let mut row = vec![
        "1".to_string(),
        "高新技术产业开发区".into(),
        "城关镇".into(),
    ];
    row.extend(dims.iter().map(|_| "100.26".to_string()));
    row.extend(
        [
            "0.00",
            "-12.50",
            "100.26",
            "优秀",
            "↑11",
            "+3.42",
            "进位",
            "缺报补零(myd)",
        ]
        .map(String::from),
    );
    t.row(row);
    // As the ranking marks them: subtotals, adjustments and trend may go first.
    t.optional = (3..12).chain(15..18).collect();
    let mut doc = Doc::default();
    doc.table(t);
    let text = doc.text(Some(120));
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 120, "{line}");
    }
    // Every number shown is whole: a cell holds `100.26` or nothing numeric at all.
    let cells: Vec<&str> = text.split(['│', '┆']).map(str::trim).collect();
    assert!(
        cells
            .iter()
            .filter(|c| c.starts_with("100"))
            .all(|c| *c == "100.26"),
        "{text}"
    );
    assert!(cells.contains(&"总分") && cells.contains(&"等次"), "{text}");
    assert!(text.contains("（终端宽 120 列，未显示："), "{text}");
    // Wide enough: nothing is left out.
    assert!(!doc.text(Some(300)).contains("未显示"));
}

#[test]
fn markdown_escapes_pipes_and_markup_in_cells() {
    let mut t = DocTable::new(&[("单位", false), ("得分", true)]);
    t.row(vec!["甲|乙*".into(), "1.00".into()]);
    let mut d = Doc::default();
    d.heading(2, "乡镇");
    d.table(t);
    d.lines(vec!["a_b".into()]);
    assert_eq!(
        d.markdown(),
        "## 乡镇\n\n| 单位 | 得分 |\n| --- | ---: |\n| 甲\\|乙\\* | 1.00 |\n\n- a\\_b\n"
    );
}

/// Streamed Markdown gives the bytes of the whole document's: tables row by row, blank lines
/// between blocks, one line end at the end whatever the last block.
#[test]
fn markdown_streamed_is_the_documents_markdown() {
    let table = |rows: usize| {
        let mut t = DocTable::new(&[("名次", true), ("单位|名", false)]);
        for i in 0..rows {
            t.row(vec![i.to_string(), format!("u*{i}\n二行")]);
        }
        t
    };
    let mut docs = Vec::new();
    for rows in [0, 1, 3] {
        let mut d = Doc::default();
        d.heading(1, "标题 #1");
        d.table(table(rows));
        d.note("注 <b>");
        docs.push(d);
        let mut d = Doc::default();
        d.table(table(rows));
        docs.push(d);
        let mut d = Doc::default();
        d.heading(2, "a");
        d.lines(vec!["x".into(), "y_".into()]);
        d.table(table(rows));
        d.lines(Vec::new());
        docs.push(d);
    }
    docs.push(Doc::default());
    for d in &docs {
        let mut out = Vec::new();
        let mut md = MarkdownStream::new(&mut out);
        for b in &d.0 {
            match b {
                Block::Table(t) => {
                    md.table_head(t).unwrap();
                    for r in &t.rows {
                        md.row(r).unwrap();
                    }
                    md.table_end().unwrap();
                }
                other => md.block(other).unwrap(),
            }
        }
        md.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), d.markdown(), "{d:?}");
        // The same blocks given to a sink: Markdown made row by row (held, and streamed), and a
        // Doc built again.
        let mut buf = MarkdownBuf::with_capacity(0);
        let mut streamed = Vec::new();
        let mut stream = MarkdownBlocks::new(&mut streamed);
        let mut again = Doc::default();
        for b in &d.0 {
            match b {
                Block::Table(t) => {
                    let head = DocTable {
                        rows: Vec::new(),
                        ..t.clone()
                    };
                    buf.table_head(head.clone());
                    stream.table_head(head.clone());
                    again.table_head(head);
                    for r in &t.rows {
                        buf.row(r);
                        stream.row(r);
                        again.row(r);
                    }
                    buf.table_end();
                    stream.table_end();
                    again.table_end();
                }
                other => {
                    buf.block(other.clone());
                    stream.block(other.clone());
                    again.block(other.clone());
                }
            }
        }
        assert_eq!(buf.finish(), d.markdown(), "{d:?}");
        stream.finish().unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), d.markdown(), "{d:?}");
        assert_eq!(&again, d);
    }
    let mut d = Doc::default();
    d.heading(1, "t");
    d.table(table(1));
    assert_eq!(
        d.markdown(),
        "# t\n\n| 名次 | 单位\\|名 |\n| ---: | --- |\n| 0 | u\\*0<br>二行 |\n"
    );
}

/// A write error of the streamed Markdown is kept and returned at its end; nothing after it is
/// written.
#[test]
fn a_streamed_markdown_write_error_is_returned_at_the_end() {
    struct Full(usize);
    impl std::io::Write for Full {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += 1;
            match self.0 {
                1 => Ok(b.len()),
                _ => Err(std::io::Error::other("disk full")),
            }
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = Full(0);
    let mut md = MarkdownBlocks::new(&mut w);
    md.heading(1, "t");
    md.note("a");
    md.note("b");
    assert_eq!(md.finish().unwrap_err().to_string(), "disk full");
    assert_eq!(w.0, 2, "no write after the first error");
}

/// Text that needs no escape is copied whole: the same bytes as escaping it character by
/// character, for every character up to U+3100 (ASCII, the C1 controls, Latin, the punctuation
/// block of the bidirectional overrides, CJK symbols) alone and between other text, in a table
/// cell and outside one — and every character that is escaped makes the text not plain.
#[test]
fn plain_markdown_text_is_copied_as_escaping_it_would_write_it() {
    let mut plain = 0;
    for code in (0u32..0x3100).chain([0xfeff, 0x1f600]) {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        for s in [c.to_string(), format!("对账单{c}·ab"), format!("{c}{c}")] {
            for cell in [false, true] {
                let mut slow = String::new();
                push_md_escaped(&mut slow, &s, cell);
                if md_plain(&s) {
                    plain += 1;
                    assert_eq!(slow, s, "U+{code:04X} in a cell: {cell}");
                }
                let mut fast = String::new();
                push_md(&mut fast, &s, cell);
                assert_eq!(fast, slow, "U+{code:04X} in a cell: {cell}");
            }
        }
    }
    // Not vacuous: most characters are plain, and each escaped one is not.
    assert!(plain > 6 * 12_000, "{plain}");
    for c in [
        '\n', '\t', '\x1b', '\x7f', '\u{85}', '\u{9b}', '\u{202e}', '\u{2066}', '|', '#', '\\',
    ] {
        assert!(!md_plain(&format!("名{c}")), "U+{:04X}", c as u32);
    }
    for c in ['·', '—', '−', '…', '\u{a0}', '\u{202f}', '\u{2065}'] {
        assert!(md_plain(&format!("名{c}")), "U+{:04X}", c as u32);
    }
}

/// The layout before the probe: the whole table laid out again after each column left out.
fn fitted_whole(t: &DocTable, w: u16) -> String {
    let mut t = t.clone();
    let mut dropped: Vec<String> = Vec::new();
    loop {
        let out = comfy(&t, Some(w));
        let fits = out
            .lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= w as usize);
        if fits || t.header.len() <= 2 {
            if dropped.is_empty() {
                return out;
            }
            return format!(
                "{out}\n（终端宽 {w} 列，未显示：{}；加宽终端或用 --format csv/xlsx 查看全部）",
                dropped.join("、")
            );
        }
        let c = t
            .optional
            .iter()
            .max()
            .copied()
            .unwrap_or(t.header.len() - 1);
        dropped.push(t.without(c));
    }
}

/// Deciding what to leave out on the probe (each column's widest row) lays the table out as
/// trying the whole table did: tables of 0–40 rows of mixed text and numbers, their widest
/// cells in different rows, at widths from 20 to 200.
#[test]
fn leaving_columns_out_on_a_probe_lays_out_as_the_whole_table_did() {
    let mut seed = 7u64;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let names = [
        "城关镇",
        "高新技术产业开发区",
        "东湖村",
        "区委统战部（区民宗局）",
        "A",
    ];
    for case in 0..60 {
        let ncols = 3 + next(12) as usize;
        let cols: Vec<(String, bool)> = (0..ncols)
            .map(|c| {
                (
                    format!("列{c}{}", "宽".repeat(next(4) as usize)),
                    c % 3 != 1,
                )
            })
            .collect();
        let refs: Vec<(&str, bool)> = cols.iter().map(|(h, n)| (h.as_str(), *n)).collect();
        let mut t = DocTable::new(&refs);
        for _ in 0..next(40) {
            let row = cols
                .iter()
                .map(|(_, numeric)| match numeric {
                    true => format!("{}.{:02}", next(100_000), next(100)),
                    false => names[next(names.len() as u64) as usize].repeat(1 + next(2) as usize),
                })
                .collect();
            t.row(row);
        }
        t.optional = (0..ncols).filter(|_| next(3) == 0).collect();
        for w in [20, 45, 80, 120, 200] {
            assert_eq!(
                fitted(&t, Some(w)),
                fitted_whole(&t, w),
                "case {case}, width {w}"
            );
        }
    }
}
