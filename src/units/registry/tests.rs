use super::*;

fn unit(id: &str, former: &[&str]) -> Unit {
    Unit {
        former_ids: former.iter().map(|f| f.to_string()).collect(),
        ..Unit::new(id, id, Category::Township)
    }
}

fn problems(units: Vec<Unit>) -> Vec<String> {
    let mut reg = Registry::default();
    for u in units {
        assert!(reg.insert(u).is_ok());
    }
    let mut p = Problems::new();
    reg.link_former_ids(Path::new("units.csv"), &mut p);
    p.iter()
        .map(|p| format!("{} {}", p.unit.clone().unwrap_or_default(), p.message))
        .collect()
}

#[test]
fn former_ids_naming_the_unit_itself_or_going_round_are_errors() {
    assert!(problems(vec![unit("A", &[]), unit("C", &["A", "B"])]).is_empty());
    assert_eq!(
        problems(vec![unit("A", &["A"])]),
        ["A A the unit lists its own id `A` among its former ids"]
    );
    let ring = problems(vec![
        unit("A", &["C"]),
        unit("B", &["A"]),
        unit("C", &["B"]),
        unit("D", &["X"]),
    ]);
    assert_eq!(ring.len(), 1, "{ring:?}");
    assert!(
        ring[0].starts_with("A A former ids form a cycle: A A → C C → B B → A A"),
        "{ring:?}"
    );
}
