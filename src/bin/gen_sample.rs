//! `gen-sample`: writes the shipped sample district, 清河区 (Qinghe district), into a data folder.
//!
//! `cargo run --bin gen-sample -- data` rewrites `data/` byte for byte: every random draw comes
//! from a hand-written SplitMix64 generator keyed by a fixed seed and the draw's name (unit,
//! period, indicator), so the output never changes with crate versions, and adding a draw never
//! shifts another.
//!
//! The district:
//! - `units.csv`: 12 townships (乡镇), 6 sub-districts (街道), the high-tech zone (高新区), 40
//!   district departments (区直单位) in three classes (经济类 14, 社会类 13, 党群类 13), 272
//!   villages (村) and 48 communities (社区) under their townships and sub-districts.
//! - Five quarters, 2023Q4 … 2024Q4, one folder each with one wide CSV per category,
//!   `targets.csv` and `adjustments.csv`. 2023Q4 is the base quarter of the growth indicator
//!   `gyzjz` (规上工业增加值增速, whose cells hold the level in 亿元).
//! - One rule change: the top-level `scoring-config.toml` is the scheme in force from 2024Q3;
//!   2023Q4–2024Q2 get the old scheme, derived here from it (`dwzj` proportional instead of
//!   efficacy, `aqsg` −1 instead of −2 per incident). 2023Q4, having no predecessor, scores the
//!   level of `gyzjz` instead of its growth.
//! - One renamed unit: 柳河乡 (`Z07`, until 2024Q2) became 柳河镇 (`Z13`, from 2024Q3,
//!   `former_ids = Z07`); earlier files use the old id, later ones the new.
//! - Trends: a latent strength per unit and quarter drives every indicator. 青山镇, 北关街道,
//!   柳河乡→柳河镇, 商务局, 民政局, 团区委 and a few villages advance; 白马镇, 新华街道, 交通运输局,
//!   城市管理局 and a few villages slip; 石桥镇, 王楼乡 (last), 区委办公室 and 余湾村 (first) stall.
//!   The high-tech zone leads the town track on volume until 2024Q3, when the efficacy rule for
//!   `dwzj` narrows its lead and 城关镇 passes it.
//! - Monthly efficiency scores (月效能考评) for 2024-01 … 2024-12, with 区妇联 left out of
//!   2024-08; `2024/year_end.csv` and `2024/adjustments.csv` for the annual roll-up.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The seed of every draw.
const SEED: u64 = 0x5148_2024_0930_0001;

const QUARTERS: [&str; 5] = ["2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4"];

/// Index in [`QUARTERS`] of the first quarter scored under the new (top-level) scheme.
const NEW_SCHEME_FROM: usize = 3;

/// The scheme in force from 2024Q3; the old one is derived from it by [`old_scheme`].
const NEW_SCHEME: &str = include_str!("../../scoring-config.toml");

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data".to_string());
    let dir = PathBuf::from(dir);
    if let Err(e) = generate(&dir) {
        eprintln!("gen-sample: {}: {e}", dir.display());
        std::process::exit(1);
    }
}

/// Writes the whole district under `dir`.
fn generate(dir: &Path) -> io::Result<()> {
    let units = registry();
    fs::create_dir_all(dir)?;
    write(&dir.join("units.csv"), &units_csv(&units))?;
    for q in 0..QUARTERS.len() {
        write_quarter(dir, &units, q)?;
    }
    for month in 1..=12 {
        let folder = fresh_dir(&dir.join(format!("2024-{month:02}")))?;
        write(
            &folder.join("efficiency.csv"),
            &efficiency_csv(&units, month),
        )?;
    }
    let year = fresh_dir(&dir.join("2024"))?;
    write(&year.join("year_end.csv"), &year_end_csv(&units))?;
    write(&year.join("adjustments.csv"), &adjustments_csv("2024"))?;
    eprintln!(
        "gen-sample: wrote {} units, {} quarters and 12 months under {}",
        units.len(),
        QUARTERS.len(),
        dir.display()
    );
    Ok(())
}

/// Removes a generated folder left by an earlier run and creates it empty.
fn fresh_dir(path: &Path) -> io::Result<PathBuf> {
    if path.is_dir() {
        fs::remove_dir_all(path)?;
    }
    fs::create_dir_all(path)?;
    Ok(path.to_path_buf())
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    fs::write(path, text)
}

// ── Random numbers ──────────────────────────────────────────────────────────────────────────

/// SplitMix64 (Steele, Lea & Flood 2014), seeded per draw from a key.
struct Rng(u64);

impl Rng {
    /// The generator of one named draw: FNV-1a of the key mixed with [`SEED`].
    fn keyed(key: &str) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ SEED;
        for b in key.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Rng(h)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }
}

// ── The registry ────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    Township,
    Subdistrict,
    HightechZone,
    Department,
    Village,
    Community,
}

impl Cat {
    const ALL: [Cat; 6] = [
        Cat::Township,
        Cat::Subdistrict,
        Cat::HightechZone,
        Cat::Department,
        Cat::Village,
        Cat::Community,
    ];

    fn id(self) -> &'static str {
        match self {
            Cat::Township => "township",
            Cat::Subdistrict => "subdistrict",
            Cat::HightechZone => "hightech_zone",
            Cat::Department => "department",
            Cat::Village => "village",
            Cat::Community => "community",
        }
    }
}

/// The tracks of `scoring-config.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Track {
    Town,
    DeptEcon,
    DeptSocial,
    DeptParty,
    Village,
}

#[derive(Debug, Clone)]
struct Unit {
    id: String,
    name: String,
    cat: Cat,
    parent: String,
    class: &'static str,
    former_ids: String,
    /// First and last quarter assessed (indices into [`QUARTERS`]).
    from: Option<usize>,
    until: Option<usize>,
    /// The id that keys the unit's draws: the oldest id of a renamed unit, so its history goes on.
    lineage: String,
    /// Scale of the economic figures.
    size: f64,
    /// Latent performance per quarter, in [0, 1].
    strength: [f64; 5],
}

impl Unit {
    fn new(id: String, name: String, cat: Cat, parent: &str, class: &'static str) -> Unit {
        let mut r = Rng::keyed(&format!("size/{id}"));
        let size = match cat {
            Cat::HightechZone => 1.8,
            _ => r.range(0.7, 1.3),
        };
        let strength = random_walk(&id);
        Unit {
            lineage: id.clone(),
            id,
            name,
            cat,
            parent: parent.to_string(),
            class,
            former_ids: String::new(),
            from: None,
            until: None,
            size,
            strength,
        }
    }

    fn track(&self) -> Track {
        match (self.cat, self.class) {
            (Cat::Township | Cat::Subdistrict | Cat::HightechZone, _) => Track::Town,
            (Cat::Department, "经济类") => Track::DeptEcon,
            (Cat::Department, "社会类") => Track::DeptSocial,
            (Cat::Department, _) => Track::DeptParty,
            (Cat::Village | Cat::Community, _) => Track::Village,
        }
    }

    fn active(&self, q: usize) -> bool {
        self.from.is_none_or(|f| f <= q) && self.until.is_none_or(|u| q <= u)
    }
}

/// A strength that wanders a little from quarter to quarter.
fn random_walk(id: &str) -> [f64; 5] {
    let mut r = Rng::keyed(&format!("strength/{id}"));
    let mut s = r.range(0.15, 0.85);
    let mut out = [0.0; 5];
    for v in &mut out {
        *v = s;
        s = (s + r.range(-0.06, 0.06)).clamp(0.05, 0.95);
    }
    out
}

/// Units whose strength is set by hand so that trends show something.
const TRAJECTORIES: &[(&str, [f64; 5])] = &[
    ("Z01", [0.97, 0.97, 0.97, 0.97, 0.97]), // 城关镇: strong and steady
    ("Z03", [0.12, 0.32, 0.55, 0.75, 0.93]), // 青山镇: advances
    ("Z04", [0.90, 0.72, 0.50, 0.30, 0.12]), // 白马镇: slips
    ("Z05", [0.55, 0.55, 0.55, 0.55, 0.55]), // 石桥镇: stalls
    ("Z07", [0.28, 0.38, 0.50, 0.62, 0.72]), // 柳河乡 → 柳河镇: advances across the rename
    ("Z12", [0.03, 0.03, 0.03, 0.03, 0.03]), // 王楼乡: stays last
    ("J04", [0.18, 0.30, 0.45, 0.65, 0.82]), // 北关街道: advances
    ("J05", [0.82, 0.70, 0.55, 0.40, 0.22]), // 新华街道: slips
    ("D04", [0.10, 0.30, 0.50, 0.72, 0.92]), // 商务局: advances
    ("D08", [0.90, 0.70, 0.50, 0.30, 0.10]), // 交通运输局: slips
    ("D17", [0.12, 0.30, 0.52, 0.72, 0.90]), // 民政局: advances
    ("D22", [0.88, 0.68, 0.48, 0.28, 0.10]), // 城市管理局: slips
    ("D28", [0.97, 0.97, 0.97, 0.97, 0.97]), // 区委办公室: stays first
    ("D39", [0.10, 0.30, 0.50, 0.70, 0.92]), // 团区委: advances
    ("V010", [0.05, 0.30, 0.55, 0.80, 0.97]), // 余屯村: advances
    ("V150", [0.10, 0.35, 0.60, 0.80, 0.95]), // 沈寨村: advances
    ("S05", [0.10, 0.30, 0.55, 0.75, 0.95]), // 中山路社区: advances
    ("V200", [0.95, 0.75, 0.50, 0.25, 0.05]), // 赵营村: slips
    ("V033", [0.90, 0.70, 0.45, 0.25, 0.08]), // 丁寨村: slips
    ("V100", [0.99, 0.99, 0.99, 0.99, 0.99]), // 余湾村: stays first
    ("GX01", [0.74, 0.70, 0.76, 0.72, 0.75]), // 高新区: steady, big in volume
];

/// Townships: name, villages, communities. `Z07` is renamed from 2024Q3 (see [`rename`]).
const TOWNSHIPS: [(&str, usize, usize); 12] = [
    ("城关镇", 24, 3),
    ("龙泉镇", 20, 2),
    ("青山镇", 23, 0),
    ("白马镇", 22, 0),
    ("石桥镇", 25, 0),
    ("桃源镇", 21, 0),
    ("柳河乡", 22, 0),
    ("黄岗镇", 23, 0),
    ("新店镇", 20, 0),
    ("马集镇", 24, 0),
    ("双河镇", 21, 1),
    ("王楼乡", 21, 0),
];

/// Sub-districts: name, villages, communities.
const SUBDISTRICTS: [(&str, usize, usize); 6] = [
    ("东城街道", 0, 7),
    ("西城街道", 2, 7),
    ("南湖街道", 0, 7),
    ("北关街道", 2, 7),
    ("新华街道", 0, 7),
    ("滨江街道", 2, 7),
];

const RENAMED_OLD: &str = "Z07";
const RENAMED_NEW: &str = "Z13";
const RENAMED_NAME: &str = "柳河镇";

/// District departments by class: 14 economic, 13 social, 13 Party and mass organisations.
const DEPARTMENTS: [(&str, &str); 3] = [
    (
        "经济类",
        "发展和改革局 财政局 工业和信息化局 商务局 投资促进局 自然资源和规划局 住房和城乡建设局 \
         交通运输局 农业农村局 水利局 文化和旅游局 统计局 科学技术局 市场监督管理局",
    ),
    (
        "社会类",
        "教育局 卫生健康委员会 民政局 人力资源和社会保障局 司法局 应急管理局 信访局 城市管理局 \
         退役军人事务局 医疗保障局 生态环境分局 行政审批服务局 公安分局",
    ),
    (
        "党群类",
        "区委办公室 区政府办公室 区纪委监委 区委组织部 区委宣传部 区委统战部 区委政法委 区委编办 \
         区人大常委会办公室 区政协办公室 区总工会 团区委 区妇联",
    ),
];

/// Every unit, in registry order: townships, sub-districts, the zone, departments, villages,
/// communities.
fn registry() -> Vec<Unit> {
    let mut units = Vec::new();
    for (i, (name, _, _)) in TOWNSHIPS.iter().enumerate() {
        units.push(Unit::new(
            format!("Z{:02}", i + 1),
            name.to_string(),
            Cat::Township,
            "",
            "",
        ));
    }
    for (i, (name, _, _)) in SUBDISTRICTS.iter().enumerate() {
        let id = format!("J{:02}", i + 1);
        units.push(Unit::new(id, name.to_string(), Cat::Subdistrict, "", ""));
    }
    let zone = "高新技术产业开发区".to_string();
    units.push(Unit::new("GX01".into(), zone, Cat::HightechZone, "", ""));
    let departments = DEPARTMENTS
        .iter()
        .flat_map(|&(class, names)| names.split_whitespace().map(move |n| (n, class)));
    for (i, (name, class)) in departments.enumerate() {
        let id = format!("D{:02}", i + 1);
        units.push(Unit::new(id, name.to_string(), Cat::Department, "", class));
    }
    units.extend(grassroots());
    rename(&mut units);
    for u in &mut units {
        if let Some((_, s)) = TRAJECTORIES.iter().find(|(id, _)| *id == u.lineage) {
            u.strength = *s;
        }
    }
    units
}

/// Villages and communities, numbered district-wide in the order of their parents.
fn grassroots() -> Vec<Unit> {
    let parents = TOWNSHIPS
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("Z{:02}", i + 1), t.1, t.2))
        .chain(
            SUBDISTRICTS
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("J{:02}", i + 1), s.1, s.2)),
        );
    let mut village_names = village_names().into_iter();
    let mut community_names = COMMUNITIES.split_whitespace();
    let (mut villages, mut communities) = (Vec::new(), Vec::new());
    for (parent, nv, nc) in parents {
        // Villages of the renamed township sit under its current id.
        let parent = if parent == RENAMED_OLD {
            RENAMED_NEW.to_string()
        } else {
            parent
        };
        for _ in 0..nv {
            let id = format!("V{:03}", villages.len() + 1);
            let name = village_names.next().expect("enough village names");
            villages.push(Unit::new(id, name, Cat::Village, &parent, ""));
        }
        for _ in 0..nc {
            let id = format!("S{:02}", communities.len() + 1);
            let name = format!(
                "{}社区",
                community_names.next().expect("enough community names")
            );
            communities.push(Unit::new(id, name, Cat::Community, &parent, ""));
        }
    }
    villages.extend(communities);
    villages
}

/// 柳河乡 (`Z07`) is assessed until 2024Q2; from 2024Q3 it is 柳河镇 (`Z13`), which continues it.
fn rename(units: &mut Vec<Unit>) {
    let pos = units.iter().position(|u| u.id == RENAMED_OLD).expect("Z07");
    units[pos].until = Some(NEW_SCHEME_FROM - 1);
    let mut new = units[pos].clone();
    new.id = RENAMED_NEW.to_string();
    new.name = RENAMED_NAME.to_string();
    new.former_ids = RENAMED_OLD.to_string();
    new.from = Some(NEW_SCHEME_FROM);
    new.until = None;
    let after_townships = units
        .iter()
        .rposition(|u| u.cat == Cat::Township)
        .expect("townships");
    units.insert(after_townships + 1, new);
}

const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚";
const PLACE_SUFFIXES: &str =
    "庄 家湾 家洼 家店 集 楼 寨 营 屯 家沟 家岗 圩 桥 家坝 湾 岭 坪 铺 河 塘";

/// 272 distinct village names: surname + place word, shuffled with a fixed key.
fn village_names() -> Vec<String> {
    let mut all: Vec<String> = SURNAMES
        .chars()
        .flat_map(|s| {
            PLACE_SUFFIXES
                .split_whitespace()
                .map(move |p| format!("{s}{p}村"))
        })
        .collect();
    let mut r = Rng::keyed("names/village");
    for i in (1..all.len()).rev() {
        let j = r.below(i + 1);
        all.swap(i, j);
    }
    all.truncate(272);
    all
}

/// Community names (48), in the order of their parents.
const COMMUNITIES: &str = "文化路 人民路 解放路 建设路 中山路 和平路 胜利路 新华路 光明路 朝阳路 \
    滨河 锦绣 翠园 阳光 康乐 幸福里 东苑 西苑 南苑 北苑 金桥 银湖 玉泉 青年路 工人新村 花园 桂花 \
    紫荆 海棠 丁香 枫林 柳岸 书香 明珠 龙湖 凤凰 鹿鸣 清风 明月 望江 观澜 学府 育才 春晖 秋实 长青 \
    府前 站前";

fn units_csv(units: &[Unit]) -> String {
    let mut out = String::from("id,name,category,parent,class,former_ids,from,until\n");
    for u in units {
        let period = |q: Option<usize>| q.map_or("", |q| QUARTERS[q]);
        let fields = [
            u.id.as_str(),
            &u.name,
            u.cat.id(),
            &u.parent,
            u.class,
            &u.former_ids,
            period(u.from),
            period(u.until),
        ];
        push_row(&mut out, &fields);
    }
    out
}

/// Appends one CSV row, quoting fields that need it.
fn push_row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n']) {
            let _ = write!(out, "\"{}\"", f.replace('"', "\"\""));
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}

// ── Quarters ────────────────────────────────────────────────────────────────────────────────

/// The indicator columns of each track, as in `scoring-config.toml`.
fn indicators(track: Track) -> &'static [&'static str] {
    match track {
        Track::Town => &[
            "gyzjz", "ybsr", "sczt", "gdtz", "zdxm", "xmrk", "qyxm", "dwzj", "xf", "myd", "aqsg",
            "pajs", "nh", "hzz", "djkh",
        ],
        Track::DeptEcon => &["qtzb", "xmrk", "qyxm", "dwzj", "djkh", "tsjs", "pymyd"],
        Track::DeptSocial => &["mszs", "xfbj", "aqsg", "djkh", "tsjs", "pymyd"],
        Track::DeptParty => &["dqrw", "xxxc", "djkh", "tsjs", "pymyd"],
        Track::Village => &[
            "jtsr", "gcxm", "xmxs", "xf", "aqsg", "pajs", "hzz", "rjhj", "djkh",
        ],
    }
}

fn write_quarter(dir: &Path, units: &[Unit], q: usize) -> io::Result<()> {
    let folder = fresh_dir(&dir.join(QUARTERS[q]))?;
    for cat in Cat::ALL {
        write(
            &folder.join(format!("{}.csv", cat.id())),
            &category_csv(units, cat, q),
        )?;
    }
    write(&folder.join("targets.csv"), &targets_csv(units, q))?;
    write(
        &folder.join("adjustments.csv"),
        &adjustments_csv(QUARTERS[q]),
    )?;
    if q < NEW_SCHEME_FROM {
        write(&folder.join("scoring-config.toml"), &old_scheme(q == 0))?;
    }
    Ok(())
}

/// One wide file: `unit_id,unit_name,<indicators of the category's tracks>`. Departments of
/// the three classes share `department.csv`: a column of another class's track holds `-`.
fn category_csv(units: &[Unit], cat: Cat, q: usize) -> String {
    let members: Vec<&Unit> = units
        .iter()
        .filter(|u| u.cat == cat && u.active(q))
        .collect();
    let mut cols: Vec<&str> = Vec::new();
    for ind in members.iter().flat_map(|u| indicators(u.track())) {
        if !cols.contains(ind) {
            cols.push(ind);
        }
    }
    let mut out = String::new();
    let header: Vec<&str> = ["unit_id", "unit_name"]
        .into_iter()
        .chain(cols.iter().copied())
        .collect();
    push_row(&mut out, &header);
    for u in members {
        let own = indicators(u.track());
        let cells: Vec<String> = cols
            .iter()
            .map(|ind| match own.contains(ind) {
                true => cell(u, ind, q),
                false => "-".to_string(),
            })
            .collect();
        let fields: Vec<&str> = [u.id.as_str(), &u.name]
            .into_iter()
            .chain(cells.iter().map(String::as_str))
            .collect();
        push_row(&mut out, &fields);
    }
    out
}

/// The text of one cell: a number, `不适用` or empty.
fn cell(u: &Unit, ind: &str, q: usize) -> String {
    if not_applicable(u, ind) {
        return "不适用".to_string();
    }
    if blank(u, ind, q) {
        return String::new();
    }
    let mut r = Rng::keyed(&format!("value/{}/{}/{ind}", u.lineage, QUARTERS[q]));
    // Each indicator sees the unit's strength through its own noise.
    let x = (u.strength[q] + r.range(-0.08, 0.08)).clamp(0.0, 1.0);
    let v = match u.track() {
        Track::Town => town_value(u, ind, q, x, &mut r),
        Track::DeptEcon | Track::DeptSocial | Track::DeptParty => dept_value(u, ind, x, &mut r),
        Track::Village => village_value(ind, x, &mut r),
    };
    match ind {
        "pajs" => if v == 1.0 { "是" } else { "否" }.to_string(),
        _ => format!("{v:.*}", decimals(ind)),
    }
}

/// Cells marked 不适用: communities have no collective income, 新华街道 and three inner-city
/// communities no river, two villages are being relocated, 区委编办 takes no hotline calls.
fn not_applicable(u: &Unit, ind: &str) -> bool {
    match ind {
        "jtsr" => u.cat == Cat::Community,
        "hzz" => ["J05", "S01", "S02", "S03"].contains(&u.id.as_str()),
        "xmxs" => ["V050", "V051"].contains(&u.id.as_str()),
        "tsjs" => u.id == "D35",
        _ => false,
    }
}

/// Empty cells, only where the config's missing policy allows: satisfaction surveys that did not
/// sample the unit (`myd`, `pymyd`: average) and river-chief reports not filed (`hzz`: zero).
fn blank(u: &Unit, ind: &str, q: usize) -> bool {
    let rate = match ind {
        "myd" => 0.1,
        "pymyd" => 0.05,
        "hzz" => 0.01,
        _ => return false,
    };
    Rng::keyed(&format!("blank/{}/{}/{ind}", u.id, QUARTERS[q])).unit() < rate
}

fn decimals(ind: &str) -> usize {
    match ind {
        "gyzjz" | "ybsr" | "gdtz" | "dwzj" | "djkh" => 2,
        "nh" => 3,
        "zdxm" | "myd" | "qtzb" | "mszs" | "xfbj" | "dqrw" | "pymyd" | "jtsr" | "gcxm" | "rjhj" => {
            1
        }
        _ => 0,
    }
}

/// Townships, sub-districts and the zone. `x` is the noisy strength in [0, 1].
fn town_value(u: &Unit, ind: &str, q: usize, x: f64, r: &mut Rng) -> f64 {
    let k = u.size;
    match ind {
        "gyzjz" => industry_levels(u)[q],
        "ybsr" => k * (0.3 + 1.5 * x),
        "sczt" => (k * (80.0 + 500.0 * x)).round(),
        "gdtz" => investment_target(u, q).unwrap_or(DEFAULT_INVESTMENT_TARGET) * (0.72 + 0.5 * x),
        "zdxm" => (55.0 + 45.0 * x).min(100.0),
        "xmrk" => (k * (2.0 + 12.0 * x)).round(),
        "qyxm" => (k * (1.0 + 10.0 * x)).round(),
        "dwzj" => k * (0.5 + 5.0 * x),
        "xf" => (3.0 + 25.0 * (1.0 - x)).round(),
        "myd" => 82.0 + 16.0 * x,
        "aqsg" => incidents(x, 0.5, r),
        "pajs" | "hzz" => pass(x, r),
        "nh" => 0.35 + 0.6 * (1.0 - x),
        "djkh" => direct(5.0, x),
        _ => panic!("no generator for town indicator {ind}"),
    }
}

/// District departments of every class.
fn dept_value(u: &Unit, ind: &str, x: f64, r: &mut Rng) -> f64 {
    match (ind, u.track()) {
        ("qtzb", _) => 88.0 + 22.0 * x,
        ("xmrk", _) => (1.0 + 6.0 * x).round(),
        ("qyxm", _) => (5.0 * x).round(),
        ("dwzj", _) => 0.1 + 2.4 * x,
        ("mszs", _) => 80.0 + 25.0 * x,
        ("xfbj", _) => (88.0 + 12.0 * x).min(100.0),
        ("aqsg", _) => incidents(x, 0.3, r),
        ("dqrw", _) => direct(40.0, x),
        ("xxxc", _) => (3.0 + 17.0 * x).round(),
        ("djkh", Track::DeptParty) => direct(20.0, x),
        ("djkh", _) => direct(10.0, x),
        ("tsjs", Track::DeptSocial) => (10.0 + 50.0 * (1.0 - x)).round(),
        ("tsjs", Track::DeptEcon) => (12.0 * (1.0 - x)).round(),
        ("tsjs", _) => (6.0 * (1.0 - x)).round(),
        ("pymyd", _) => 86.0 + 13.0 * x,
        _ => panic!("no generator for department indicator {ind}"),
    }
}

/// Villages and communities.
fn village_value(ind: &str, x: f64, r: &mut Rng) -> f64 {
    match ind {
        "jtsr" => 3.0 + 70.0 * x * x,
        "gcxm" => 65.0 + 45.0 * x,
        "xmxs" => (8.0 * x).round(),
        "xf" => (5.0 * (1.0 - x) + r.range(-0.5, 0.5)).round().max(0.0),
        "aqsg" => incidents(x, 0.12, r),
        "pajs" | "hzz" => pass(x, r),
        "rjhj" => 70.0 + 28.0 * x,
        "djkh" => direct(15.0, x),
        _ => panic!("no generator for village indicator {ind}"),
    }
}

/// Safety incidents: a weak unit has one with probability `rate·(1 − x)`, sometimes two.
fn incidents(x: f64, rate: f64, r: &mut Rng) -> f64 {
    if r.unit() >= rate * (1.0 - x) {
        0.0
    } else if r.unit() < 0.3 {
        2.0
    } else {
        1.0
    }
}

/// A completed (1) or failed (0) task; weak units fail now and then.
fn pass(x: f64, r: &mut Rng) -> f64 {
    if r.unit() < 0.2 * (1.0 - x) {
        0.0
    } else {
        1.0
    }
}

/// A score given by a lead department, out of `p`.
fn direct(p: f64, x: f64) -> f64 {
    p * (0.78 + 0.2 * x)
}

/// Quarterly industrial value added (亿元), chained by a growth that follows the strength.
fn industry_levels(u: &Unit) -> [f64; 5] {
    let mut r = Rng::keyed(&format!("industry/{}", u.lineage));
    let base = match u.cat {
        Cat::Township => 6.0,
        Cat::Subdistrict => 2.0,
        _ => 12.0,
    };
    let mut level = base * u.size;
    let mut out = [0.0; 5];
    for (q, v) in out.iter_mut().enumerate() {
        if q > 0 {
            let growth = -4.0 + 16.0 * u.strength[q] + r.range(-1.5, 1.5);
            level *= 1.0 + growth / 100.0;
        }
        *v = level;
    }
    out
}

// ── Targets ─────────────────────────────────────────────────────────────────────────────────

/// The config's `target` of `gdtz`, for the units without a row in `targets.csv`.
const DEFAULT_INVESTMENT_TARGET: f64 = 6.0;

/// Fixed-asset investment targets (亿元) of townships and the zone; sub-districts use the
/// config's default.
fn investment_target(u: &Unit, q: usize) -> Option<f64> {
    let t = u.size * 6.0 * (1.0 + 0.04 * q as f64);
    matches!(u.cat, Cat::Township | Cat::HightechZone).then_some((t * 10.0).round() / 10.0)
}

/// Departments whose economic figures have a target other than the config's 100 %.
const LEAD_TARGETS: [(&str, f64); 3] = [("D01", 102.0), ("D03", 105.0), ("D12", 98.0)];

fn targets_csv(units: &[Unit], q: usize) -> String {
    let mut out = String::from("unit_id,indicator,target\n");
    for u in units.iter().filter(|u| u.active(q)) {
        if let Some(t) = investment_target(u, q) {
            push_row(&mut out, &[&u.id, "gdtz", &format!("{t:.1}")]);
        }
    }
    for (id, t) in LEAD_TARGETS {
        push_row(&mut out, &[id, "qtzb", &format!("{t:.1}")]);
    }
    out
}

// ── Adjustments ─────────────────────────────────────────────────────────────────────────────

/// Adjustments, `period,unit_id,kind,points,reason,reference`: quarterly rows go to
/// `<quarter>/adjustments.csv`, the `2024` rows to `2024/adjustments.csv` (the year's own). 城关镇
/// claims 3.5 bonus points in 2024Q2 (capped at 3), 城市管理局 6 deduction points (capped at 5);
/// two vetoes (一票否决), in 2024Q2 and 2024Q4.
const ADJUSTMENTS: &str = "\
2023Q4,Z01,bonus,1,获评省级文明村镇,区委办〔2023〕41号
2023Q4,D04,deduction,1,重点工作推进滞后被区督查室通报,区督查室〔2023〕17号
2023Q4,V120,bonus,0.5,村党组织获评市级“五星支部”,区委组织部〔2023〕22号
2024Q1,Z03,bonus,1,招商引资工作获市政府通报表扬,市政府办〔2024〕9号
2024Q1,J02,deduction,2,环保督察反馈问题整改不力,区环委会〔2024〕3号
2024Q1,D17,bonus,0.5,养老服务工作获省民政厅表彰,省民政厅〔2024〕15号
2024Q2,Z01,bonus,1.5,争取中央预算内投资获市表彰,市发改委〔2024〕26号
2024Q2,Z01,bonus,2,获评省级安全发展示范乡镇,省安委会〔2024〕4号
2024Q2,Z04,deduction,1,重点项目推进滞后被区政府约谈,区政府办〔2024〕33号
2024Q2,D22,deduction,3,12345热线工单超期被通报,区政务服务中心〔2024〕28号
2024Q2,D22,deduction,3,市容整治问题被市级媒体曝光,区委宣传部〔2024〕19号
2024Q2,V077,veto,,发生较大生产安全事故（一票否决）,区安委会〔2024〕11号
2024Q3,Z13,bonus,1,乡改镇工作获省民政厅肯定,省民政厅〔2024〕47号
2024Q3,J04,bonus,1,营商环境创新做法获全市推广,市营商办〔2024〕12号
2024Q3,D08,deduction,2,重点交通项目进度滞后被市通报,市督查室〔2024〕40号
2024Q3,S12,bonus,0.5,获评市级文明社区,市文明委〔2024〕7号
2024Q4,Z09,veto,,发生较大生产安全事故（一票否决）,区安委会〔2024〕25号
2024Q4,Z03,bonus,2,获评全省经济发展先进乡镇,省政府〔2024〕60号
2024Q4,D39,bonus,1,青年志愿服务获团市委表彰,团市委〔2024〕18号
2024Q4,V200,deduction,1.5,人居环境暗访问题突出,区考核办〔2024〕12号
2024,Z01,bonus,2,获评全省乡村振兴示范镇,省委农办〔2024〕31号
2024,V010,bonus,1,获评全国文明村,中央文明委〔2024〕5号
2024,D22,deduction,1,年度审计发现违规问题,区审计局〔2024〕21号
";

/// The adjustments file of one period folder.
fn adjustments_csv(period: &str) -> String {
    let mut out = String::from("unit_id,kind,points,reason,reference\n");
    for line in ADJUSTMENTS.lines() {
        if let Some(row) = line.strip_prefix(period).and_then(|r| r.strip_prefix(',')) {
            out.push_str(row);
            out.push('\n');
        }
    }
    out
}

// ── The old scheme ──────────────────────────────────────────────────────────────────────────

const OLD_HEADER: &str = "\
# 清河区季度评议旧方案（2023Q4–2024Q2 适用），本期按此文件评分
# Old scheme of the Qinghe district review, in force 2023Q4–2024Q2: it scores this period.
# 由 gen-sample 从顶层 scoring-config.toml 生成 / generated by gen-sample from the top-level scheme.
#
# 与 2024Q3 起的新方案相比 / differences from the scheme in force from 2024Q3:
#   1. dwzj 实际到位资金：以最高值为满分按比例计分（proportional），新方案改为功效系数法（efficacy）；
#   2. aqsg 安全生产事故：每起扣 1 分，新方案每起扣 2 分 / −1 per incident here, −2 from 2024Q3.
";

const BASE_QUARTER_NOTE: &str = "\
#   3. 仅 2023Q4：基期无上季度数据，gyzjz 按本季度规上工业增加值总量计分，不计增速。
#      2023Q4 only: the base quarter has no predecessor, so gyzjz scores the level, not its growth.
";

/// Edits that turn the new scheme into the old one: `(text in the new, text in the old)`.
const OLD_SCHEME_EDITS: [(&str, &str); 5] = [
    (
        "# 年度综合考评：季度总分平均占 70%，月效能考评平均占 20%，年终考评占 10%；\n\
         # 缺少的季度、月份或单位得分跳过不计（输出中注明）。只有顶层方案的 [rollup] 生效。\n\
         # Annual roll-up: 70 % the mean of the quarterly totals, 20 % the mean of the monthly efficiency\n\
         # scores, 10 % the year-end review; a missing quarter, month or score is skipped (and listed).\n\
         # Only the top-level scheme's [rollup] applies.\n\
         [rollup]\nquarterly = 0.7\nmonthly = 0.2\nyear_end = 0.1\nmissing = \"skip\"\n",
        "# 年度综合考评的权重只取自顶层方案，此处不设 [rollup]。\n\
         # The roll-up weights come from the top-level scheme only: no [rollup] here.\n",
    ),
    (
        "# 实际到位资金：功效系数法（2024Q3 起，此前以最高值为满分按比例计分）。\n\
         # Investment funds received: efficacy method (from 2024Q3; proportional before).",
        "# 实际到位资金：以最高值为满分按比例计分（2024Q3 起改为功效系数法）。\n\
         # Investment funds received: proportional (efficacy from 2024Q3).",
    ),
    (
        "method = \"efficacy\"   # 2024Q3 起由 proportional 改为功效系数法 / proportional before 2024Q3\n\
         base = 0.6\n",
        "method = \"proportional\"   # 2024Q3 起改为功效系数法 / efficacy from 2024Q3\n",
    ),
    (
        "每起扣 2 分，扣完为止（2024Q3 起，此前每起扣 1 分）。\n\
         # Work-safety incidents (deduct): −2 points each down to 0 (from 2024Q3; −1 before).",
        "每起扣 1 分，扣完为止（2024Q3 起改为每起扣 2 分）。\n\
         # Work-safety incidents (deduct): −1 point each down to 0 (−2 from 2024Q3).",
    ),
    (
        "per = 2   # 2024Q3 起每起扣 2 分 / −1 per incident before 2024Q3",
        "per = 1   # 2024Q3 起改为每起扣 2 分 / −2 per incident from 2024Q3",
    ),
];

/// Further edits for the base quarter 2023Q4, which has no predecessor to grow from.
const BASE_QUARTER_EDITS: [(&str, &str); 2] = [
    (
        "name = \"规上工业增加值增速\"",
        "name = \"规上工业增加值\"   # 基期按总量 / base quarter: the level",
    ),
    ("transform = \"growth\"\n", ""),
];

/// The old scheme: the new one with the two rule changes undone (and, for the base quarter, the
/// growth transform dropped), under its own header.
fn old_scheme(base_quarter: bool) -> String {
    let body = &NEW_SCHEME[NEW_SCHEME.find("\n# 总分保留").expect("header marker") + 1..];
    let note = if base_quarter { BASE_QUARTER_NOTE } else { "" };
    let mut text = format!("{OLD_HEADER}{note}\n{body}");
    let base: &[(&str, &str)] = if base_quarter {
        &BASE_QUARTER_EDITS
    } else {
        &[]
    };
    for (new, old) in OLD_SCHEME_EDITS.iter().chain(base) {
        replace_once(&mut text, new, old);
    }
    text
}

/// Replaces the one occurrence of `from`; the scheme and this generator must agree.
fn replace_once(text: &mut String, from: &str, to: &str) {
    assert_eq!(
        text.matches(from).count(),
        1,
        "scoring-config.toml must contain once: {from}"
    );
    *text = text.replacen(from, to, 1);
}

// ── Monthly efficiency and the year-end review ──────────────────────────────────────────────

/// The one score left out, to show the roll-up's missing handling: 区妇联 in 2024-08.
const MISSING_MONTH: (&str, u32) = ("D40", 8);

/// 月效能考评 of one month of 2024: every unit assessed that month, scores 60–100.
fn efficiency_csv(units: &[Unit], month: u32) -> String {
    let q = 1 + (month as usize - 1) / 3;
    let mut out = String::from("unit_id,score\n");
    for u in units.iter().filter(|u| u.active(q)) {
        if (u.id.as_str(), month) == MISSING_MONTH {
            continue;
        }
        let mut r = Rng::keyed(&format!("efficiency/{}/{month}", u.lineage));
        let score = (68.0 + 28.0 * u.strength[q] + r.range(-4.0, 4.0)).clamp(60.0, 100.0);
        push_row(&mut out, &[&u.id, &format!("{score:.1}")]);
    }
    out
}

/// The year-end review (年终考评) of every unit assessed in 2024Q4.
fn year_end_csv(units: &[Unit]) -> String {
    let last = QUARTERS.len() - 1;
    let mut out = String::from("unit_id,score\n");
    for u in units.iter().filter(|u| u.active(last)) {
        let mut r = Rng::keyed(&format!("year_end/{}", u.lineage));
        let score = (78.0 + 20.0 * u.strength[last] + r.range(-2.0, 2.0)).min(100.0);
        push_row(&mut out, &[&u.id, &format!("{score:.1}")]);
    }
    out
}
