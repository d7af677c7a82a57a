use super::*;

#[test]
fn cells_parse_by_the_rules() {
    assert_eq!(parse_cell(" 12.5 ", false), Ok(Cell::Value(12.5)));
    assert_eq!(parse_cell("-3", false), Ok(Cell::Value(-3.0)));
    assert_eq!(parse_cell(".5", false), Ok(Cell::Value(0.5)));
    assert_eq!(parse_cell("1e3", false), Ok(Cell::Value(1000.0)));
    assert_eq!(parse_cell("", false), Ok(Cell::Missing));
    assert_eq!(parse_cell("  ", false), Ok(Cell::Missing));
    for na in ["-", "N/A", "n/a", "不适用"] {
        assert_eq!(parse_cell(na, false), Ok(Cell::NotApplicable), "{na}");
    }
    assert_eq!(parse_cell("1,234", false), Ok(Cell::Value(1234.0)));
    assert_eq!(parse_cell("Ｎ／Ａ", false), Ok(Cell::NotApplicable));
    assert_eq!(parse_cell("－", false), Ok(Cell::NotApplicable));
    // Excel's accounting zero, as "save as CSV" writes it: neither 0 nor not applicable.
    for padded in [" -   ", " - ", "-  ", "  -"] {
        let err = parse_cell(padded, false).unwrap_err();
        assert!(err.contains("accounting"), "{padded}: {err}");
        assert!(parse_cell(padded, true).is_err(), "{padded}");
    }
    assert_eq!(
        read_cell("12.5%", ValueKind::Percent),
        Ok(Cell::Value(12.5))
    );
    assert!(read_cell("12.5%", ValueKind::Number).is_err());
    for bad in [
        "inf", "NaN", "-inf", "infinity", "1e400", "abc", "1.2.3", "1,23", "+", ".", "1e", "0x10",
    ] {
        assert!(parse_cell(bad, false).is_err(), "{bad}");
    }
}

#[test]
fn binary_cells_take_only_one_zero_yes_no() {
    assert_eq!(parse_cell("是", true), Ok(Cell::Value(1.0)));
    assert_eq!(parse_cell("否", true), Ok(Cell::Value(0.0)));
    assert_eq!(parse_cell("1", true), Ok(Cell::Value(1.0)));
    assert_eq!(parse_cell("0", true), Ok(Cell::Value(0.0)));
    assert_eq!(parse_cell("１", true), Ok(Cell::Value(1.0)));
    assert_eq!(parse_cell("-", true), Ok(Cell::NotApplicable));
    assert!(parse_cell("2", true).is_err());
    assert!(parse_cell("1.0", true).is_err());
}

#[test]
fn decimals_read_back_as_the_parsed_value() {
    for t in [
        "12.34",
        "-0.5",
        "7",
        "100.00",
        "0.000000001",
        "2147483.647",
        "-3.14159",
    ] {
        let (m, k) = parse_decimal(t).unwrap();
        let mut c = Column::missing(1);
        c.set_decimal(0, m, k);
        assert_eq!(c.get(0), Cell::Value(t.parse().unwrap()), "{t}");
    }
    for t in ["1e3", "+1", "1.2.3", "", ".", "1,000", "0.0000000001"] {
        assert_eq!(parse_decimal(t), None, "{t}");
    }
}

#[test]
fn a_column_widens_its_scale_and_falls_back_to_floats() {
    let mut c = Column::missing(4);
    c.set_decimal(0, 5, 0);
    c.set_decimal(1, 125, 2);
    c.set(2, Cell::NotApplicable);
    assert_eq!(
        c.iter().collect::<Vec<_>>(),
        vec![
            Cell::Value(5.0),
            Cell::Value(1.25),
            Cell::NotApplicable,
            Cell::Missing
        ]
    );
    // Too many digits for a 4-byte mantissa at scale 2: the column turns to f64.
    c.set_decimal(3, 123_456_789_012, 0);
    assert_eq!(c.get(3), Cell::Value(123_456_789_012.0));
    assert_eq!(c.get(1), Cell::Value(1.25));
    assert_eq!(c.get(2), Cell::NotApplicable);
    c.set(0, Cell::Value(f64::MAX));
    assert_eq!(c.get(0), Cell::Value(f64::MAX));
}

#[test]
fn decimal_columns_write_their_raw_values_as_floats_would() {
    for t in [
        "12.34",
        "-0.5",
        "0",
        "0.000001",
        "0.0000001",
        "123456789",
        "-0.000000123",
        "2.50",
    ] {
        let (m, k) = parse_decimal(t).unwrap();
        let mut c = Column::missing(1);
        c.set_decimal(0, m, k);
        let mut a = Vec::new();
        c.push_raw(0, &mut a);
        let mut b = Vec::new();
        crate::num::push_raw(&mut b, t.parse().unwrap());
        assert_eq!(
            String::from_utf8(a).unwrap(),
            String::from_utf8(b).unwrap(),
            "{t}"
        );
    }
}

#[test]
fn columns_round_trip_cells() {
    let cells = [
        Cell::Value(-1.5),
        Cell::Missing,
        Cell::NotApplicable,
        Cell::Value(0.0),
    ];
    let c = Column::from_cells(&cells);
    assert_eq!(c.iter().collect::<Vec<_>>(), cells);
    assert_eq!(c.values().collect::<Vec<_>>(), vec![(0, -1.5), (3, 0.0)]);
}

/// The width a column's mantissas are held at, in bytes a cell (8 for f64 values).
fn width(c: &Column) -> usize {
    match &c.repr {
        Repr::Decimal {
            m: Digits::Narrow(_),
            ..
        } => 2,
        Repr::Decimal {
            m: Digits::Wide(_), ..
        } => 4,
        Repr::Float { .. } => 8,
    }
}

#[test]
fn a_column_holds_short_decimals_in_two_bytes_and_widens_for_longer_ones() {
    let mut c = Column::missing(5);
    c.set_decimal(0, 8750, 2); // 87.50
    c.set_decimal(1, -32_766, 2); // -327.66
    c.set(2, Cell::NotApplicable);
    c.set_decimal(4, 100, 0);
    assert_eq!(width(&c), 2);
    // 327.67 at two decimals is 32,767: one past the two-byte range (whose ends are the codes).
    c.set_decimal(3, 32_767, 2);
    assert_eq!(width(&c), 4);
    let cells = [
        Cell::Value(87.5),
        Cell::Value(-327.66),
        Cell::NotApplicable,
        Cell::Value(327.67),
        Cell::Value(100.0),
    ];
    assert_eq!(c.iter().collect::<Vec<_>>(), cells);

    // Raising the scale widens the column when the raised mantissas no longer fit: 300 at one
    // decimal is 3,000, at two 30,000 (fits), at three 300,000 (does not).
    let mut c = Column::missing(3);
    c.set_decimal(0, 300, 0);
    c.set_decimal(1, 5, 2);
    assert_eq!(
        (width(&c), c.get(0), c.get(1)),
        (2, Cell::Value(300.0), Cell::Value(0.05))
    );
    c.set_decimal(2, 1, 3);
    assert_eq!(width(&c), 4);
    assert_eq!(
        c.iter().collect::<Vec<_>>(),
        [Cell::Value(300.0), Cell::Value(0.05), Cell::Value(0.001)]
    );
    assert_eq!(c.get(2), Cell::Value("0.001".parse().unwrap()));

    // A gathered column keeps its source's width and its codes.
    let mut narrow = Column::missing(4);
    narrow.set_decimal(1, 25, 1);
    narrow.set(3, Cell::NotApplicable);
    let mut out = Column::missing(0);
    narrow.gather(&[3, 1, 0], &mut out);
    assert_eq!(width(&out), 2);
    assert_eq!(
        out.iter().collect::<Vec<_>>(),
        [Cell::NotApplicable, Cell::Value(2.5), Cell::Missing]
    );
    let mut wide = Column::missing(2);
    wide.set_decimal(0, 1_000_000, 0);
    wide.gather(&[1, 0], &mut out);
    assert_eq!(width(&out), 4);
    assert_eq!(
        out.iter().collect::<Vec<_>>(),
        [Cell::Missing, Cell::Value(1e6)]
    );
}

#[test]
fn the_mantissas_next_to_the_codes_are_values() {
    // -2^31 + 1 stands for not applicable in a four-byte column: the value beside it is held
    // as a float rather than read back as not applicable.
    for m in [
        -2_147_483_647i64,
        -2_147_483_646,
        2_147_483_647,
        -32_767,
        32_767,
    ] {
        let mut c = Column::missing(2);
        c.set_decimal(0, 1_000_000, 0);
        c.set_decimal(1, m, 0);
        assert_eq!(c.get(1), Cell::Value(m as f64), "{m}");
        let mut c = Column::missing(1);
        c.set_decimal(0, m, 0);
        assert_eq!(c.get(0), Cell::Value(m as f64), "{m} alone");
    }
}

/// [`parse_decimal`] as first written (every digit with checked arithmetic, 2^53 tested at the
/// end): the reference the faster loop is held to.
fn parse_decimal_reference(t: &str) -> Option<(i64, u32)> {
    let b = t.as_bytes();
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    let (mut m, mut k, mut seen_dot, mut any) = (0i64, 0u32, false, false);
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                m = m.checked_mul(10)?.checked_add(i64::from(c - b'0'))?;
                any = true;
                if seen_dot {
                    k += 1;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    if !any || k > 9 || m >= 1 << 53 {
        return None;
    }
    while k > 0 && m % 10 == 0 {
        m /= 10;
        k -= 1;
    }
    Some((if neg { -m } else { m }, k))
}

#[test]
fn decimals_are_read_as_the_reference_reads_them() {
    // At the edges, by hand: 2^53 − 1 is the largest mantissa, leading zeros do not count.
    assert_eq!(
        parse_decimal("9007199254740991"),
        Some((9_007_199_254_740_991, 0))
    );
    assert_eq!(
        parse_decimal("-900719925474099.1"),
        Some((-9_007_199_254_740_991, 1))
    );
    assert_eq!(parse_decimal("9007199254740992"), None);
    assert_eq!(parse_decimal("99999999999999999999999"), None);
    assert_eq!(parse_decimal("000000000000000000000001.50"), Some((15, 1)));
    assert_eq!(parse_decimal("0.000000000"), Some((0, 0)));
    assert_eq!(parse_decimal("1.0000000000"), None);
    // Then texts of every shape, from a fixed sequence: the same reading as the reference.
    let alphabet = b"0123456789.-+e 9090";
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..200_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = (x % 26) as usize;
        let text: String = (0..len)
            .map(|i| {
                let r = x.rotate_left(i as u32 * 5) ^ (i as u64).wrapping_mul(0x2545_F491);
                // Mostly digits, so that long mantissas near 2^53 come up.
                let c = if r.is_multiple_of(4) {
                    alphabet[(r >> 8) as usize % alphabet.len()]
                } else {
                    b'0' + (r >> 16) as u8 % 10
                };
                c as char
            })
            .collect();
        assert_eq!(
            parse_decimal(&text),
            parse_decimal_reference(&text),
            "{text:?}"
        );
    }
}
