use super::*;

fn read(text: &str) -> (Registry, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("units.csv");
    std::fs::write(&path, text).expect("write");
    let mut problems = Problems::new();
    let reg = load(&path, &mut problems).expect("readable");
    let msgs = problems
        .iter()
        .map(|p| format!("{:?} {}", p.line, p.message))
        .collect();
    (reg, msgs)
}

#[test]
fn a_parent_is_found_by_id_or_by_a_name_only_one_township_carries() {
    let (reg, problems) = read(
        "id,name,category,parent\n\
         T1,城关镇,township,\n\
         T2,东湖镇,township,\n\
         T3,东湖镇,subdistrict,\n\
         D1,区应急管理局,department,\n\
         V1,甲村,village,T1\n\
         V2,乙村,village,城关镇\n\
         V3,丙村,village,T1\n\
         V4,丁村,village,东湖镇\n\
         V5,戊村,village,西湖镇\n\
         V6,己村,village,D1\n\
         V7,庚村,village, 城关镇 \n",
    );
    let parent = |id: &str| reg.units[reg.get(id).expect(id)].parent();
    assert_eq!(parent("V1"), Some(0));
    assert_eq!(parent("V2"), Some(0));
    assert_eq!(parent("V3"), Some(0));
    assert_eq!(parent("V7"), Some(0));
    assert_eq!(parent("V4"), None);
    assert_eq!(parent("V5"), None);
    assert_eq!(parent("V6"), None);
    assert_eq!(
        problems,
        [
            "Some(9) parent `东湖镇` is not in the registry",
            "Some(10) parent `西湖镇` is not in the registry",
            "Some(11) parent `D1` is not a township or sub-district",
        ]
    );
}

/// Helper's cases: a unit without a name was published under none, and a township's parent
/// beside it; both are errors now. A row with an error still gives its unit, so that its
/// villages are not also reported as having an unknown parent.
#[test]
fn a_nameless_unit_and_a_townships_parent_are_errors_reported_once() {
    let (reg, problems) = read(
        "id,name,category,parent,class,former_ids,from,until\n\
         T1,,township,,,,,\n\
         T2,东湖镇,township,T1,,,,\n\
         T3,西湖镇,township,,,,,2024年第三季度\n\
         T4,南湖镇,township,X9,,,,\n\
         V1,甲村,village,T1,,,,\n\
         V2,乙村,village,T2,,,,\n\
         V3,丙村,village,T3,,,,\n",
    );
    assert_eq!(
        problems,
        [
            "Some(2) empty unit name: every unit needs the name its results are published under",
            "Some(3) a township (乡镇) has no parent (only villages and communities do): leave the cell empty",
            "Some(4) `2024年第三季度` is not a period: expected 2024Q2, 2024-07, 2024H1 or 2024",
            // A township's parent is reported once: not also looked up.
            "Some(5) a township (乡镇) has no parent (only villages and communities do): leave the cell empty",
        ]
    );
    let parent = |id: &str| reg.units[reg.get(id).expect(id)].parent();
    assert_eq!(
        (parent("V1"), parent("V2"), parent("V3")),
        (Some(0), Some(1), Some(2))
    );
}

/// Parents' texts are kept once each, whether repeated on the next row (a township's villages
/// listed together) or further down, and each key gives back its own text.
#[test]
fn named_keys_each_text_once() {
    let mut n = Named::default();
    let keys: Vec<u32> = ["T1", "T1", "城关镇", "T1", "T10", "城关镇", "T10"]
        .iter()
        .map(|t| n.key(t))
        .collect();
    assert_eq!(keys, [0, 0, 1, 0, 2, 1, 2]);
    assert_eq!(n.texts().collect::<Vec<_>>(), ["T1", "城关镇", "T10"]);
    assert_eq!(n.text(2), "T10");
}
