use crate::config::Config;
use std::path::Path;

const BASE: &str = r#"
[[dimensions]]
id = "d"
name = "D"
[[tracks]]
id = "t"
name = "T"
categories = ["township"]
total = 10
grades = { by = "share", levels = [{ name = "A", share = 1.0 }] }
"#;

fn errors(indicators: &str) -> String {
    match Config::parse(&format!("{BASE}{indicators}"), Path::new("c.toml")) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

const IND: &str = "dimension = \"d\"\nmethod = \"direct\"\npoints = { t = 5 }\n";

#[test]
fn reading_keys_parse() {
    let text = format!("{BASE}[[indicators]]\nid = \"a\"\nname = \"A\"\n{IND}aliases = [\"甲（万元）\"]\npercent = true\nmin = 0\nmax = 100\n[[indicators]]\nid = \"b\"\nname = \"B\"\n{IND}min = -5\n");
    let cfg = Config::parse(&text, Path::new("c.toml")).unwrap();
    let a = &cfg.indicators[0];
    assert_eq!((a.aliases.len(), a.percent), (1, true));
    assert_eq!(a.valid.to_string(), "[0, 100]");
    assert_eq!(cfg.indicators[1].valid.to_string(), "≥ -5");
}

#[test]
fn clashing_headers_and_bad_ranges_are_config_errors() {
    let e = errors(&format!("[[indicators]]\nid = \"a\"\nname = \"A\"\n{IND}aliases = [\"Ｂ\"]\nmin = 5\nmax = 1\n[[indicators]]\nid = \"b\"\nname = \"B\"\n{IND}aliases = [\"单位名称\"]\n"));
    assert!(
        e.contains(
            "indicators[1] (b): id `b` and the alias `Ｂ` of indicator `a` are the same header"
        ),
        "{e}"
    );
    assert!(
        e.contains("indicators[1] (b): alias `单位名称` would match the unit column"),
        "{e}"
    );
    assert!(
        e.contains("indicators[0] (a): `min` 5 is greater than `max` 1"),
        "{e}"
    );
}
