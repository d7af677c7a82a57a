//! `pingyi weights` on the shipped sample district: advice only — the weights of each track add
//! up to 1, TOPSIS ranks every unit in the matrix, and the scheme's own output is untouched.

use crate::common::{records, Workdir};

#[test]
fn every_track_gets_weights_that_add_up_and_a_topsis_rank_per_unit() {
    let wd = Workdir::sample();
    let v = wd.json(&["weights", "--period", "2024Q3"]);
    let tracks = v["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 5);
    for t in tracks {
        assert!(t["error"].is_null(), "{t}");
        for key in ["configured", "entropy", "critic"] {
            let sum: f64 = t["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i[key].as_f64().unwrap())
                .sum();
            assert!((sum - 1.0).abs() < 1e-9, "{key}: {sum} in {}", t["track"]);
        }
        let units = t["units"].as_array().unwrap();
        let n = units.len() as u64;
        assert!(units
            .iter()
            .all(|u| (1..=n).contains(&u["topsis_rank"].as_u64().unwrap())));
    }
    // On the town track (100 points) an indicator's configured share is its points / 100; every
    // unit is either in the matrix or counted as left out.
    let csv = records(&wd.stdout(&[
        "weights", "--period", "2024Q3", "--track", "town", "--format", "csv",
    ]));
    let rank = records(&wd.stdout(&[
        "rank", "--period", "2024Q3", "--track", "town", "--format", "csv",
    ]));
    let dwzj = csv.iter().find(|r| r["indicator_id"] == "dwzj").unwrap();
    let points: f64 = dwzj["points"].parse().unwrap();
    assert_eq!(dwzj["configured"], format!("{:.4}", points / 100.0));
    assert_eq!(
        dwzj["units"].parse::<usize>().unwrap() + dwzj["left_out"].parse::<usize>().unwrap(),
        rank.len()
    );
}
