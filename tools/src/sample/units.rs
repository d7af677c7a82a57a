//! The registry: categories, tracks, units, their names and latent strengths, `units.csv`.

use super::*;

// ── The registry ────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cat {
    Township,
    Subdistrict,
    HightechZone,
    Department,
    Village,
    Community,
}

impl Cat {
    pub(crate) const ALL: [Cat; 6] = [
        Cat::Township,
        Cat::Subdistrict,
        Cat::HightechZone,
        Cat::Department,
        Cat::Village,
        Cat::Community,
    ];

    pub(crate) fn id(self) -> &'static str {
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
pub(crate) enum Track {
    Town,
    DeptEcon,
    DeptSocial,
    DeptParty,
    Village,
}

#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) cat: Cat,
    pub(crate) parent: String,
    pub(crate) class: &'static str,
    pub(crate) former_ids: String,
    /// First and last quarter assessed (indices into [`QUARTERS`]).
    pub(crate) from: Option<usize>,
    pub(crate) until: Option<usize>,
    /// The id that keys the unit's draws: the oldest id of a renamed unit, so its history goes on.
    pub(crate) lineage: String,
    /// Scale of the economic figures.
    pub(crate) size: f64,
    /// Latent performance per quarter, in [0, 1].
    pub(crate) strength: [f64; 5],
}

impl Unit {
    pub(crate) fn new(
        id: String,
        name: String,
        cat: Cat,
        parent: &str,
        class: &'static str,
    ) -> Unit {
        let mut r = keyed(&format!("size/{id}"));
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

    pub(crate) fn track(&self) -> Track {
        match (self.cat, self.class) {
            (Cat::Township | Cat::Subdistrict | Cat::HightechZone, _) => Track::Town,
            (Cat::Department, "经济类") => Track::DeptEcon,
            (Cat::Department, "社会类") => Track::DeptSocial,
            (Cat::Department, _) => Track::DeptParty,
            (Cat::Village | Cat::Community, _) => Track::Village,
        }
    }

    pub(crate) fn active(&self, q: usize) -> bool {
        self.from.is_none_or(|f| f <= q) && self.until.is_none_or(|u| q <= u)
    }
}

/// A strength that wanders a little from quarter to quarter.
pub(crate) fn random_walk(id: &str) -> [f64; 5] {
    let mut r = keyed(&format!("strength/{id}"));
    let mut s = r.range(0.15, 0.85);
    let mut out = [0.0; 5];
    for v in &mut out {
        *v = s;
        s = (s + r.range(-0.06, 0.06)).clamp(0.05, 0.95);
    }
    out
}

/// Units whose strength is set by hand so that trends show something.
pub(crate) const TRAJECTORIES: &[(&str, [f64; 5])] = &[
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
pub(crate) const TOWNSHIPS: [(&str, usize, usize); 12] = [
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
pub(crate) const SUBDISTRICTS: [(&str, usize, usize); 6] = [
    ("东城街道", 0, 7),
    ("西城街道", 2, 7),
    ("南湖街道", 0, 7),
    ("北关街道", 2, 7),
    ("新华街道", 0, 7),
    ("滨江街道", 2, 7),
];

pub(crate) const RENAMED_OLD: &str = "Z07";
pub(crate) const RENAMED_NEW: &str = "Z13";
pub(crate) const RENAMED_NAME: &str = "柳河镇";

/// District departments by class: 14 economic, 13 social, 13 Party and mass organisations.
pub(crate) const DEPARTMENTS: [(&str, &str); 3] = [
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
pub(crate) fn registry() -> Vec<Unit> {
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
pub(crate) fn grassroots() -> Vec<Unit> {
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
pub(crate) fn rename(units: &mut Vec<Unit>) {
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

pub(crate) const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚";
pub(crate) const PLACE_SUFFIXES: &str =
    "庄 家湾 家洼 家店 集 楼 寨 营 屯 家沟 家岗 圩 桥 家坝 湾 岭 坪 铺 河 塘";

/// 272 distinct village names: surname + place word, shuffled with a fixed key.
pub(crate) fn village_names() -> Vec<String> {
    let mut all: Vec<String> = SURNAMES
        .chars()
        .flat_map(|s| {
            PLACE_SUFFIXES
                .split_whitespace()
                .map(move |p| format!("{s}{p}村"))
        })
        .collect();
    keyed("names/village").shuffle(&mut all);
    all.truncate(272);
    all
}

/// Community names (48), in the order of their parents.
pub(crate) const COMMUNITIES: &str =
    "文化路 人民路 解放路 建设路 中山路 和平路 胜利路 新华路 光明路 朝阳路 \
    滨河 锦绣 翠园 阳光 康乐 幸福里 东苑 西苑 南苑 北苑 金桥 银湖 玉泉 青年路 工人新村 花园 桂花 \
    紫荆 海棠 丁香 枫林 柳岸 书香 明珠 龙湖 凤凰 鹿鸣 清风 明月 望江 观澜 学府 育才 春晖 秋实 长青 \
    府前 站前";

pub(crate) fn units_csv(units: &[Unit]) -> String {
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
pub(crate) fn push_row(out: &mut String, fields: &[&str]) {
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
