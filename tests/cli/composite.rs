//! The composite-indicator methods wired into the scheme, end to end: the normalisation methods
//! with scores worked out by hand, denominators from unit attributes, imputation by group,
//! outlier treatment (reported by `check` and in statements), geometric, harmonic and tree
//! aggregation, and every new key's configuration errors.

use super::schemes::{indicator, one_indicator, rows_for, s, town_config, x_scores, HALF_GRADES};
use crate::common::Workdir;

/// Scores of T1 … Tn under a one-indicator scheme of P = 10.
fn scores(params: &str, values: &[&str]) -> Vec<String> {
    let wd = Workdir::new();
    one_indicator(&wd, "10", params, values);
    x_scores(&wd.rank_csv(&[]))
}

const VALUES: [&str; 4] = ["10", "20", "30", "40"];

#[test]
fn minmax_maps_min_to_the_range_bottom_and_max_to_its_top() {
    // (x − 10)/30 over [0, 100]: 0, 33.3, 66.7, 100 percent of P = 10.
    let got = scores("method = \"minmax\"\ndirection = \"higher\"", &VALUES);
    assert_eq!(got, s(&["0.00", "3.33", "6.67", "10.00"]));
    // [60, 100] is efficacy with base 0.6: 6, 7.33, 8.67, 10.
    let got = scores(
        "method = \"minmax\"\nrange = [60, 100]\ndirection = \"higher\"",
        &VALUES,
    );
    assert_eq!(got, s(&["6.00", "7.33", "8.67", "10.00"]));
    // Lower is better: the smallest value scores the top.
    let got = scores("method = \"minmax\"\ndirection = \"lower\"", &VALUES);
    assert_eq!(got, s(&["10.00", "6.67", "3.33", "0.00"]));
}

#[test]
fn zscore_is_rescaled_to_mean_50_sd_10_by_default_and_clamped() {
    // x̄ = 25, σ = √(500/3) = 12.910; z = ∓1.162, ∓0.387; N = 50 + 10·z = 38.38, 46.13,
    // 53.87, 61.62 percent of 10.
    let got = scores("method = \"zscore\"\ndirection = \"higher\"", &VALUES);
    assert_eq!(got, s(&["3.84", "4.61", "5.39", "6.16"]));
    // [50, 60]: N = 50 + 60·z = −19.7 → 0, 26.8, 73.2, 119.7 → 100.
    let got = scores(
        "method = \"zscore\"\nzscore = [50, 60]\ndirection = \"higher\"",
        &VALUES,
    );
    assert_eq!(got, s(&["0.00", "2.68", "7.32", "10.00"]));
}

#[test]
fn goalposts_distance_and_percentile_by_hand() {
    // Goalposts [0, 50]: x/50 of P.
    let got = scores(
        "method = \"goalposts\"\ngoalposts = [0, 50]\ndirection = \"higher\"",
        &VALUES,
    );
    assert_eq!(got, s(&["2.00", "4.00", "6.00", "8.00"]));
    // Distance to the target 30: (x − 10)/(30 − 10), 1 from 30 on.
    let got = scores(
        "method = \"distance_to_target\"\ntarget = 30\ndirection = \"higher\"",
        &VALUES,
    );
    assert_eq!(got, s(&["0.00", "5.00", "10.00", "10.00"]));
    // Distance to the leader: x/40.
    let got = scores(
        "method = \"distance_to_leader\"\nmin = 0\ndirection = \"higher\"",
        &VALUES,
    );
    assert_eq!(got, s(&["2.50", "5.00", "7.50", "10.00"]));
    // Percentile rank: units strictly worse over n − 1 = 3; ties share the lower percentile.
    let got = scores(
        "method = \"percentile\"\ndirection = \"higher\"",
        &["10", "20", "20", "40"],
    );
    assert_eq!(got, s(&["0.00", "3.33", "3.33", "10.00"]));
}

/// A town track of one indicator `x` (P = 10) divided by `population` per 10,000.
fn per_capita(wd: &Workdir, units: &str, extra: &str) {
    let ind = indicator(
        "x",
        "econ",
        "10",
        &format!("method = \"proportional\"\ndirection = \"higher\"\ndenominator = \"population\"\nscale = 10000\n{extra}"),
    );
    wd.config(&town_config("10", HALF_GRADES, &ind))
        .units(units);
}

#[test]
fn a_denominator_from_the_registry_or_the_period_file_divides_before_scoring() {
    let wd = Workdir::new();
    per_capita(
        &wd,
        "id,name,category,parent,population\nT1,镇1,township,,20000\nT2,镇2,township,,50000\nT3,镇3,township,,10000\n",
        "",
    );
    wd.period("2024Q2", "township", &rows_for("x", &["100", "100", "100"]));
    // Per 10,000 people: 50, 20, 100 → P·x/max = 5, 2, 10.
    assert_eq!(x_scores(&wd.rank_csv(&[])), s(&["5.00", "2.00", "10.00"]));
    // The period's attributes file wins over the registry where it gives a value: T2 50000 →
    // 10000 makes it 100 too.
    wd.create(
        "data/2024Q2/attributes.csv",
        "unit_id,population\nT2,10000\n",
    );
    assert_eq!(x_scores(&wd.rank_csv(&[])), s(&["5.00", "10.00", "10.00"]));
    // The statement shows the division and the value scored.
    let st = wd.stdout(&["statement", "T1", "--format", "markdown"]);
    assert!(st.contains("计分值"), "{st}");
    assert!(st.contains("÷population(20000)×10000"), "{st}");
    assert!(st.contains("| 50 |"), "{st}");
    // `check` lists the step.
    let check = wd.stdout(&["check", "--format", "markdown"]);
    assert!(
        check.contains("town · x 指标x：÷population×10000（3 个值）"),
        "{check}"
    );
}

#[test]
fn equal_values_per_head_score_alike_whatever_the_binary_arithmetic_leaves() {
    // 0.3 in 3,000 people, 0.2 in 2,000, 1 in 10,000: each exactly 1 per 10,000 people, though
    // 0.3/3000·10000 is 0.9999999999999999 in binary; rounded to 12 significant digits all are 1.
    let wd = Workdir::new();
    let ind = indicator(
        "x",
        "econ",
        "10",
        "method = \"bands\"\nbands = [[0, 2], [1, 10]]\ndenominator = \"population\"\nscale = 10000",
    );
    wd.config(&town_config("10", HALF_GRADES, &ind)).units(
        "id,name,category,parent,population\nT1,镇1,township,,3000\nT2,镇2,township,,2000\nT3,镇3,township,,10000\n",
    );
    wd.period("2024Q2", "township", &rows_for("x", &["0.3", "0.2", "1"]));
    let rows = wd.rank_csv(&[]);
    // 1 per 10,000 reaches the band of 10 points: every unit 10, all ranked first.
    assert_eq!(x_scores(&rows), s(&["10.00", "10.00", "10.00"]));
    assert_eq!(rows.col("rank", &["T1", "T2", "T3"]), s(&["1", "1", "1"]));
    // A second engineer's case: 45,033.73 over 2,560 and 225,168.65 over 12,800 are both
    // exactly 17.59130078125 per head, a 13th digit of 5 that the binary quotients put on
    // either side (…7813 and …7812): efficacy then gave the second 6 points. On the decimals both are 17.5913007813 (half away from zero): P each.
    let wd = Workdir::new();
    let ind = indicator(
        "x",
        "econ",
        "10",
        "method = \"efficacy\"\ndirection = \"higher\"\ndenominator = \"population\"",
    );
    wd.config(&town_config("10", HALF_GRADES, &ind)).units(
        "id,name,category,parent,population\nT1,镇1,township,,2560\nT2,镇2,township,,12800\n",
    );
    wd.period(
        "2024Q2",
        "township",
        &rows_for("x", &["45033.73", "225168.65"]),
    );
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("x:score", &["T1", "T2"]), s(&["10.00", "10.00"]));
    assert_eq!(rows.col("rank", &["T1", "T2"]), s(&["1", "1"]));
}

#[test]
fn the_summary_shows_a_per_head_indicator_as_collected_and_ranks_it_per_head() {
    // Taxes of 300, 100, 500 (万元) over 30,000, 20,000, 100,000 people: per 10,000 people 100,
    // 50, 50. The row's count, sum, mean and median are of the amounts collected; its best and
    // worst unit are ranked per head — T1 best, T2 and T3 tied worst (the lowest id shown) —
    // and shown with their amounts, in the row's unit.
    let wd = Workdir::new();
    per_capita(
        &wd,
        "id,name,category,parent,population\nT1,镇1,township,,30000\nT2,镇2,township,,20000\nT3,镇3,township,,100000\n",
        "unit = \"万元\"",
    );
    wd.period("2024Q2", "township", &rows_for("x", &["300", "100", "500"]));
    let md = wd.stdout(&["summary", "--format", "markdown"]);
    assert!(
        md.contains(
            "| 指标x(万元) | 3 | 900 | 300.00 | 300.00 | 镇1 300 | 镇2 100 等2个 | 0 | 0 |"
        ),
        "{md}"
    );
}

#[test]
fn a_missing_or_zero_denominator_is_an_error_naming_the_cell() {
    let wd = Workdir::new();
    per_capita(
        &wd,
        "id,name,category,parent,population\nT1,镇1,township,,0\nT2,镇2,township,,\n",
        "",
    );
    wd.period("2024Q2", "township", &rows_for("x", &["1", "2"]));
    let out = wd.run(&[]);
    out.fails_with(&[
        "data/2024Q2/township.csv:2: column x (unit T1 镇1): `x` is divided by the unit's `population`, but its `population` is 0: a denominator must be > 0",
        "data/2024Q2/township.csv:3: column x (unit T2 镇2): `x` is divided by the unit's `population`, but it has no `population`",
    ]);
    // An attribute found nowhere names the indicators that need it.
    let wd = Workdir::new();
    per_capita(&wd, &super::schemes::townships(2), "");
    wd.period("2024Q2", "township", &rows_for("x", &["1", "2"]));
    wd.run(&[])
        .fails_with(&["the denominator `population` of x is a column of neither"]);
}

#[test]
fn an_imputed_mean_equal_to_a_typed_value_ties_with_it() {
    // T3's gap takes the mean of 2.51, 8.45 and 5.48: 5.48, which binary arithmetic (even
    // refined by a second pass) makes 5.4799999999999995 — below T4's 5.48 for a rank. To 12
    // significant digits it is 5.48: both rank second (step 1: 10 − 1 = 9 points), T1 fourth.
    let wd = Workdir::new();
    let ind = indicator(
        "x",
        "econ",
        "10",
        "method = \"rank\"\ndirection = \"higher\"\nstep = 1\nmissing = \"impute\"",
    );
    wd.config(&town_config("10", HALF_GRADES, &ind))
        .units(&super::schemes::townships(4));
    wd.period(
        "2024Q2",
        "township",
        &rows_for("x", &["2.51", "8.45", "", "5.48"]),
    );
    assert_eq!(
        x_scores(&wd.rank_csv(&[])),
        s(&["7.00", "10.00", "9.00", "9.00"])
    );
}

#[test]
fn an_earlier_quarter_without_an_imputed_column_holds_part_of_a_period() {
    // 2024Q1 lacks the column of `y` (imputed): a folder holding part of a period, as with any
    // other missing policy — the ranking goes on without trends and says so, rather than failing
    // on "no unit of its group has a value to impute it from" for every unit.
    let wd = Workdir::new();
    let inds = format!(
        "{}{}",
        indicator("x", "econ", "5", "method = \"direct\""),
        indicator(
            "y",
            "soc",
            "5",
            "method = \"proportional\"\ndirection = \"higher\"\nmissing = \"impute\""
        )
    );
    wd.config(&town_config("10", HALF_GRADES, &inds))
        .units(&super::schemes::townships(2))
        .period("2024Q1", "township", &rows_for("x", &["5", "4"]))
        .period("2024Q2", "township", &rows_for("x,y", &["5,10", "4,5"]));
    let out = wd.run(&["--format", "csv"]).exit(0);
    assert!(
        out.stderr
            .contains("warning: data/2024Q1: no trend columns: 2024Q1 holds only part of a period"),
        "{}",
        out.stderr
    );
    // T1 5 + 5·10/10 = 10, T2 4 + 5·5/10 = 6.5.
    let rows = wd.rank_csv(&["--against", "none"]);
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["10.00", "6.50"]));
}

#[test]
fn imputation_fills_a_gap_with_its_groups_mean_or_median_and_marks_it() {
    let wd = Workdir::new();
    let ind = indicator(
        "x",
        "econ",
        "10",
        "method = \"proportional\"\ndirection = \"higher\"\nmissing = \"impute\"\nimpute_by = \"category\"",
    );
    wd.config(&town_config("10", HALF_GRADES, &ind)).units(
        "id,name,category,parent\nT1,镇1,township,\nT2,镇2,township,\nT3,镇3,township,\nS1,街道1,subdistrict,\nS2,街道2,subdistrict,\n",
    );
    wd.period("2024Q2", "township", "unit_id,x\nT1,10\nT2,30\nT3,\n");
    wd.period("2024Q2", "subdistrict", "unit_id,x\nS1,40\nS2,\n");
    let rows = wd.rank_csv(&[]);
    // T3 gets the townships' mean 20, S2 the sub-districts' 40; max = 40: 2.5, 7.5, 5, 10, 10.
    let got = rows.col("x:score", &["T1", "T2", "T3", "S1", "S2"]);
    assert_eq!(got, s(&["2.50", "7.50", "5.00", "10.00", "10.00"]));
    assert_eq!(rows.get("T3", "marks"), "缺报插补(x)");
    let st = wd.stdout(&["statement", "T3", "--format", "markdown"]);
    assert!(st.contains("缺报插补；插补值 20"), "{st}");
    assert!(st.contains("「指标x」数据缺报，按同组插补的值计分"), "{st}");
    // By the track's median: (10, 30, 40) → 30; 30/40·10 = 7.5.
    wd.edit("scoring-config.toml", |t| {
        t.replace("impute_by = \"category\"", "impute = \"median\"")
    });
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("x:score", &["T3", "S2"]), s(&["7.50", "7.50"]));
}

#[test]
fn a_gap_no_group_member_can_fill_is_an_error() {
    let wd = Workdir::new();
    let ind = indicator(
        "x",
        "econ",
        "10",
        "method = \"direct\"\nmissing = \"impute\"\nimpute_by = \"category\"",
    );
    wd.config(&town_config("10", HALF_GRADES, &ind))
        .units("id,name,category,parent\nT1,镇1,township,\nS1,街道1,subdistrict,\n");
    wd.period("2024Q2", "township", "unit_id,x\nT1,5\n");
    wd.period("2024Q2", "subdistrict", "unit_id,x\nS1,\n");
    wd.run(&[]).fails_with(&[
        "data/2024Q2/subdistrict.csv:2: column x (unit S1 街道1): missing value for `x` (指标x), and no unit of its group (by category on track `town`) has a value to impute it from",
    ]);
}

#[test]
fn a_skewed_column_is_winsorised_and_check_and_statements_say_so() {
    // Twenty units 1 … 20 and one of 1000: skewness 4.58, kurtosis 20.97 > 3.5 → the top value is
    // pulled in to 20, after which the column passes.
    let mut values: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
    values.push("1000".into());
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let wd = Workdir::new();
    one_indicator(
        &wd,
        "10",
        "method = \"minmax\"\ndirection = \"higher\"\ntreat = true",
        &refs,
    );
    let rows = wd.rank_csv(&[]);
    // After treatment max = 20: T20 and T21 both score 10, T1 0, T10 (10 − 1)/19·10 = 4.74.
    let got = rows.col("x:score", &["T1", "T10", "T20", "T21"]);
    assert_eq!(got, s(&["0.00", "4.74", "10.00", "10.00"]));
    let check = wd.stdout(&["check", "--format", "markdown"]);
    assert!(
        check.contains("离群值：偏度 4.58、峰度 20.97 → winsorised 1 point (1 high, 0 low)"),
        "{check}"
    );
    let st = wd.stdout(&["statement", "T21", "--format", "markdown"]);
    assert!(
        st.contains("离群值处理（winsorised 1 point (1 high, 0 low)）"),
        "{st}"
    );
    let json = wd.json(&["check"]);
    assert_eq!(
        json["steps"][0]["treatment"],
        "winsorised 1 point (1 high, 0 low)"
    );
}

/// Two indicators of 50 points each on the town track, `a` and `b`, scored directly.
fn two_direct(wd: &Workdir, track_keys: &str, dims: &str) {
    let inds = format!(
        "{}{}",
        indicator("a", "econ", "50", "method = \"direct\""),
        indicator("b", "soc", "50", "method = \"direct\"")
    );
    wd.config(&format!(
        "{dims}{}",
        town_config("100", HALF_GRADES, &format!("{track_keys}\n{inds}"))
    ))
    .units(&super::schemes::townships(2));
    wd.period(
        "2024Q2",
        "township",
        &rows_for("a,b", &["50,12.5", "25,25"]),
    );
}

#[test]
fn geometric_and_harmonic_aggregation_by_hand() {
    // T1 attains 1 and 0.25, T2 0.5 and 0.5 (weights 50, 50).
    let wd = Workdir::new();
    two_direct(&wd, "aggregation = \"geometric\"", "");
    let rows = wd.rank_csv(&[]);
    // Geometric: 100·√(1·0.25) = 50; 100·√(0.25) = 50.
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["50.00", "50.00"]));
    // Dimension subtotals share the total by weighted attainment: T1 50·(1/1.25), 50·(0.25/1.25).
    assert_eq!(rows.col("dim:econ", &["T1", "T2"]), s(&["40.00", "25.00"]));
    wd.edit("scoring-config.toml", |t| {
        t.replace("geometric", "harmonic")
    });
    let rows = wd.rank_csv(&[]);
    // Harmonic: 100·2/(1/1 + 1/0.25) = 40; 100·0.5 = 50.
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["40.00", "50.00"]));
    let st = wd.stdout(&["statement", "T1", "--format", "markdown"]);
    assert!(
        st.contains("指标得分合计 40.00 = T × 调和加权平均得分率"),
        "{st}"
    );
    // Points lost are what the total would gain at the indicator's maximum: b at 50 → 100.
    assert!(st.contains("| 50 | 12.50 | 60.00 |"), "{st}");
}

/// Totals of a geometric or harmonic track whose mean is known exactly — equal attainments,
/// whose mean is the attainment, or a zero one, whose mean is 0 — are taken with their
/// adjustments on the decimals, as summed totals are: equal totals are published equal.
#[test]
fn exact_means_with_adjustments_round_as_their_decimals() {
    let inds = format!(
        "{}{}",
        indicator("a", "econ", "5", "method = \"direct\""),
        indicator("b", "soc", "5", "method = \"direct\"")
    );
    for keys in [
        "aggregation = \"geometric\"",
        "aggregation = \"harmonic\"",
        "aggregation = \"geometric\"\ntree = true",
    ] {
        let wd = Workdir::new();
        let cfg = town_config("10", HALF_GRADES, &format!("{keys}\n{inds}"));
        wd.config(&format!("decimals = 1\n{cfg}"))
            .units(&super::schemes::townships(5));
        wd.period(
            "2024Q2",
            "township",
            &rows_for("a,b", &["0,0", "0,0", "2,2", "0.5,0.5", "0.5,0.5"]),
        );
        wd.period(
            "2024Q2",
            "adjustments",
            "unit_id,kind,points,reason,reference\nT1,bonus,1.1,r,f\nT1,deduction,0.25,r,f\n\
             T2,bonus,0.85,r,f\nT4,bonus,1.1,r,f\nT4,deduction,0.15,r,f\nT5,bonus,0.95,r,f\n",
        );
        let rows = wd.rank_csv(&[]);
        // T3 attains 0.4 twice: 10·0.4 = 4. T4 and T5 attain 0.1 twice: 10·0.1 = 1, and 1 + 1.1
        // − 0.15 = 1 + 0.95 = 1.95 exactly, whose f64 (1.9499…) rounds to 1.9 (in binary T4's was
        // 1.9500000000000002, published 2.0). T1 and T2 attain 0: 0 + 1.1 − 0.25 = 0.85 = 0 +
        // 0.85, whose f64 (0.8499…) rounds to 0.8 (T1's binary 0.8500000000000001 gave 0.9).
        let units = ["T1", "T2", "T3", "T4", "T5"];
        assert_eq!(
            rows.col("total", &units),
            s(&["0.8", "0.8", "4.0", "1.9", "1.9"]),
            "{keys}"
        );
        assert_eq!(
            rows.col("rank", &units),
            s(&["4", "4", "1", "2", "2"]),
            "{keys}"
        );
    }
}

/// Review's cases: a geometric or harmonic mean of unequal attainments can be a decimal too, and
/// its total on a half-step rounds as its decimal does.
#[test]
fn exact_means_of_unequal_attainments_round_as_their_decimals() {
    let inds = format!(
        "{}{}",
        indicator("a", "econ", "50", "method = \"direct\""),
        indicator("b", "soc", "50", "method = \"direct\"")
    );
    // Geometric: T1 attains 0.72 and 0.72; T2 0.576 and 0.9, √(0.5184) = 0.72. Harmonic: T1
    // 0.56 twice; T2 0.672 and 0.48, 2 / (1/0.672 + 1/0.48) = 2 / (25/7) = 0.56. Each total is
    // 100·m + 0.05 = 72.05 or 56.05 exactly, whose f64 (…0499…) rounds to 72.0 or 56.0.
    for (mean, rows, want) in [
        ("geometric", ["36,36", "28.8,45"], "72.0"),
        ("harmonic", ["28,28", "33.6,24"], "56.0"),
    ] {
        let wd = Workdir::new();
        let keys = format!("aggregation = \"{mean}\"\n{inds}");
        let cfg = town_config("100", HALF_GRADES, &keys);
        wd.config(&format!("decimals = 1\n{cfg}"))
            .units(&super::schemes::townships(2));
        wd.period("2024Q2", "township", &rows_for("a,b", &rows));
        wd.period(
            "2024Q2",
            "adjustments",
            "unit_id,kind,points,reason,reference\nT1,bonus,0.05,r,f\nT2,bonus,0.05,r,f\n",
        );
        let got = wd.rank_csv(&[]);
        assert_eq!(got.col("total", &["T1", "T2"]), s(&[want, want]), "{mean}");
        assert_eq!(got.col("rank", &["T1", "T2"]), s(&["1", "1"]), "{mean}");
    }
}

#[test]
fn tree_aggregation_is_the_mean_of_dimension_scores_by_dimension_weight() {
    // econ (weight 3) holds a, soc (weight 1) holds b: T1 = 100·(3·1 + 1·0.25)/4 = 81.25;
    // T2 = 100·0.5 = 50. Subtotals: T1 econ 75, soc 6.25.
    let wd = Workdir::new();
    let dims = "";
    two_direct(&wd, "tree = true", dims);
    wd.edit("scoring-config.toml", |t| {
        t.replacen("core = true", "core = true\nweight = 3", 1)
    });
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["81.25", "50.00"]));
    assert_eq!(rows.col("dim:econ", &["T1"]), s(&["75.00"]));
    assert_eq!(rows.col("dim:soc", &["T1"]), s(&["6.25"]));
}

#[test]
fn a_tree_dimension_holding_indicators_and_a_child_is_refused_once() {
    // econ holds a and b, and soc is its child: one error, not one per indicator.
    let wd = Workdir::new();
    two_direct(&wd, "tree = true", "");
    wd.edit("scoring-config.toml", |t| {
        t.replacen("id = \"soc\"", "id = \"soc\"\nparent = \"econ\"", 1)
            .replace("dimension = \"soc\"", "dimension = \"econ\"")
    });
    let out = wd.run(&["check"]).exit(1);
    let msg = "track `town` aggregates through the dimension tree, but dimension `econ` holds both indicators and child dimensions";
    assert_eq!(out.stderr.matches(msg).count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("1 error(s)"), "{}", out.stderr);
}

#[test]
fn every_new_key_is_checked_with_file_key_and_what_was_expected() {
    let wd = Workdir::new();
    let inds = [
        indicator(
            "a",
            "econ",
            "1",
            "method = \"minmax\"\nrange = [50, 10]\ndirection = \"higher\"",
        ),
        indicator(
            "b",
            "econ",
            "1",
            "method = \"goalposts\"\ndirection = \"higher\"",
        ),
        indicator(
            "c",
            "econ",
            "1",
            "method = \"bands\"\nbands = [[0, 1]]\ntreat = true",
        ),
        indicator(
            "d",
            "econ",
            "1",
            "method = \"binary\"\ndenominator = \"population\"",
        ),
        indicator(
            "e",
            "econ",
            "1",
            "method = \"direct\"\nmissing = \"impute\"\nimpute_by = \"village\"",
        ),
        indicator("f", "econ", "1", "method = \"direct\"\nscale = 10"),
        indicator(
            "g",
            "econ",
            "1",
            "method = \"distance_to_leader\"\ndirection = \"higher\"",
        ),
        indicator(
            "h",
            "econ",
            "1",
            "method = \"zscore\"\nzscore = [50, 0]\ndirection = \"higher\"",
        ),
        indicator(
            "i",
            "econ",
            "1",
            "method = \"target\"\ndirection = \"higher\"\ntarget = 1\nmissing = \"impute\"",
        ),
        indicator("j", "econ", "1", "method = \"direct\"\nimpute = \"mode\""),
    ]
    .concat();
    let cfg = format!(
        "[treatment]\nlimit = \"always\"\nwinsorise = 0\n{}",
        town_config(
            "10",
            HALF_GRADES,
            &format!("aggregation = \"median\"\n{inds}")
        )
    )
    .replace(
        "name = \"社会治理\"",
        "name = \"社会治理\"\nparent = \"nowhere\"",
    );
    wd.config(&cfg).units(&super::schemes::townships(1));
    let out = wd.run(&["check"]);
    out.fails_with(&[
        "scoring-config.toml: treatment.limit: must be `points` (COINr ≥ 1.0) or `steps` (COINr < 1.0), found `always`",
        "treatment.winsorise: must be a whole number from 1 to 1000000",
        "dimensions[1] (soc).parent: `nowhere` is not a dimension id",
        "tracks[0] (town).aggregation: must be `arithmetic` (the sum of scores), `geometric` or `harmonic`, found `median`",
        "indicators[0] (a).range: must be [lower, upper] percent of the points with 0 ≤ lower < upper ≤ 100, found [50, 10]",
        "indicators[1] (b).goalposts: method `goalposts` needs `goalposts = [lower, upper]`",
        "indicators[2] (c).treat: method `bands` cannot take `treat = true`",
        "indicators[3] (d).denominator: method `binary` takes the cell as it is",
        "indicators[4] (e).impute_by: must be `track`, `category` or `parent`",
        "indicators[5] (f).scale: `scale` applies only with a `denominator`",
        "indicators[6] (g).min: method `distance_to_leader` scores x/max, defined for values ≥ 0: set `min = 0`",
        "indicators[7] (h).zscore: must be [mean, sd] percent of the points",
        "indicators[8] (i).missing: method `target` cannot take `missing = \"impute\"`",
        "indicators[9] (j): `impute` and `impute_by` apply only with `missing = \"impute\"`",
    ]);
    // Lines are named.
    assert!(
        out.stderr.contains("scoring-config.toml:"),
        "{}",
        out.stderr
    );
}

/// A tree whose core dimension `econ` holds no indicator itself, only the child `e1`.
const TREE_CORE_INNER: &str = r#"
[[dimensions]]
id = "econ"
name = "经济"
core = true
[[dimensions]]
id = "e1"
name = "e1"
parent = "econ"
[[dimensions]]
id = "soc"
name = "社会"
[[tracks]]
id = "town"
name = "镇"
categories = ["township"]
total = 100
tree = true
tie_breakers = ["core"]
grades = { by = "share", levels = [ { name = "优", share = 0.34 }, { name = "中", share = 1.0 } ] }
[[indicators]]
id = "a"
name = "a"
dimension = "e1"
method = "direct"
points = { town = 50 }
[[indicators]]
id = "b"
name = "b"
dimension = "soc"
method = "direct"
points = { town = 50 }
"#;

#[test]
fn a_tie_breaker_on_an_inner_tree_dimension_sums_the_parts_under_it() {
    // Tree total 100·(a/50 + b/50)/2: T1 100·(0.6 + 0.4)/2 = 50, T2 100·(0.4 + 0.6)/2 = 50,
    // T3 100·(0.2 + 0.2)/2 = 20. Parts: T1 e1 30, soc 20; T2 e1 20, soc 30. `core` is econ,
    // whose value is the part of e1 under it: T1 30 > T2 20, so T1 is first (优, a third of 3
    // units is one) and T2 second. Before, an inner dimension counted 0: T1 and T2 both first.
    let wd = Workdir::new();
    wd.config(TREE_CORE_INNER)
        .units(&super::schemes::townships(3))
        .period(
            "2024Q2",
            "township",
            &rows_for("a,b", &["30,20", "20,30", "10,10"]),
        );
    let ids = ["T1", "T2", "T3"];
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("total", &ids), s(&["50.00", "50.00", "20.00"]));
    assert_eq!(rows.col("dim:e1", &ids), s(&["30.00", "20.00", "10.00"]));
    assert_eq!(rows.col("rank", &ids), s(&["1", "2", "3"]));
    assert_eq!(rows.col("grade", &ids), s(&["优", "中", "中"]));
    // Naming the inner dimension does the same; naming soc reverses the two.
    wd.edit("scoring-config.toml", |t| {
        t.replace("[\"core\"]", "[\"econ\"]")
    });
    assert_eq!(wd.rank_csv(&[]).col("rank", &ids), s(&["1", "2", "3"]));
    wd.edit("scoring-config.toml", |t| {
        t.replace("[\"econ\"]", "[\"soc\"]")
    });
    assert_eq!(wd.rank_csv(&[]).col("rank", &ids), s(&["2", "1", "3"]));
}

#[test]
fn a_tie_breaker_that_reaches_no_indicator_of_its_track_is_a_warning() {
    // Totals 50, 50, 20 on a flat track: a tie-breaker over a dimension the track scores nothing
    // of counts 0 for both tied units, so T1 and T2 share rank 1 (listed by id) and T3 is 3rd.
    // The run goes on with the scheme's results and says the tie-breaker does nothing;
    // `--strict` refuses it.
    let wd = Workdir::new();
    let cfg = TREE_CORE_INNER.replace("tree = true\n", "").replace(
        "[[tracks]]",
        "[[dimensions]]\nid = \"x\"\nname = \"空\"\n[[tracks]]",
    );
    wd.config(&cfg.replace("[\"core\"]", "[\"x\"]"))
        .units(&super::schemes::townships(3))
        .period(
            "2024Q2",
            "township",
            &rows_for("a,b", &["30,20", "20,30", "10,10"]),
        );
    let warning = "warning: scoring-config.toml: tracks[0] (town).tie_breakers: `x` breaks no tie on track `town`: none of its indicators lies in that dimension or under it, so it counts 0 for every unit";
    wd.run(&["check"]).success().stderr_has(warning);
    wd.run(&["check", "--strict"]).fails_with(&[warning]);
    let ids = ["T1", "T2", "T3"];
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("total", &ids), s(&["50.00", "50.00", "20.00"]));
    assert_eq!(rows.col("rank", &ids), s(&["1", "1", "3"]));
    wd.run(&["rank"]).success().stderr_has(warning);
    wd.config(&cfg.replace("core = true\n", ""));
    wd.run(&["rank"]).success().stderr_has("warning: scoring-config.toml: tracks[0] (town).tie_breakers: `core` breaks no tie on track `town`: none of its indicators lies in a core dimension (or under one), so it counts 0 for every unit");
    assert_eq!(wd.rank_csv(&[]).col("rank", &ids), s(&["1", "1", "3"]));
}

/// A tree of three top dimensions (weights 0.5, 1, 0.5) on a track of 10 points, decimals 0,
/// ties broken by `d0`.
const TREE_HALVES: &str = r#"
decimals = 0
[[dimensions]]
id = "d0"
name = "甲"
weight = 0.5
[[dimensions]]
id = "d2"
name = "乙"
weight = 1
[[dimensions]]
id = "d3"
name = "丙"
weight = 0.5
[[tracks]]
id = "town"
name = "镇"
categories = ["township"]
total = 10
tree = true
tie_breakers = ["d0"]
grades = { by = "share", levels = [ { name = "优", share = 0.5 }, { name = "中", share = 1.0 } ] }
[[indicators]]
id = "a"
name = "a"
dimension = "d3"
method = "direct"
points = { town = 1 }
[[indicators]]
id = "b"
name = "b"
dimension = "d2"
method = "direct"
points = { town = 2 }
[[indicators]]
id = "c"
name = "c"
dimension = "d3"
method = "direct"
points = { town = 4 }
[[indicators]]
id = "d"
name = "d"
dimension = "d0"
method = "direct"
points = { town = 3 }
"#;

#[test]
fn a_tree_subtotal_that_is_a_decimal_half_rounds_as_one() {
    // T1: a 1/1, b 0/2, c 3.8/4, d 3/3. Dimension values d3 = (1 + 3.8)/5 = 0.96, d2 = 0,
    // d0 = 1; total 10·(0.5·0.96 + 1·0 + 0.5·1)/2 = 4.9, shown 5. T2 (c 4/4): d3 = 1, total
    // 10·(0.5 + 0.5)/2 = 5. Both are 5: the tie-breaker d0 decides. Its subtotal is
    // T·e·r = 10·(0.5/2)·1 = 2.5 for both, which rounds to even: 2 and 2, so they stay tied
    // (rank 1 each, and both 优: tied units may exceed the quota). Taken as the total's share,
    // 4.9·(0.25/0.49), T1's came out a float's last digit above 2.5, shown 3: T1 first, T2
    // second and 中.
    let wd = Workdir::new();
    wd.config(TREE_HALVES)
        .units(&super::schemes::townships(2))
        .period(
            "2024Q2",
            "township",
            &rows_for("a,b,c,d", &["1,0,3.8,3", "1,0,4,3"]),
        );
    let ids = ["T1", "T2"];
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("total", &ids), s(&["5", "5"]));
    assert_eq!(rows.col("dim:d0", &ids), s(&["2", "2"]));
    assert_eq!(rows.col("dim:d3", &ids), s(&["2", "2"]));
    assert_eq!(rows.col("rank", &ids), s(&["1", "1"]));
    assert_eq!(rows.col("grade", &ids), s(&["优", "优"]));
}

#[test]
fn a_tree_dimension_holding_every_indicator_has_the_total_itself() {
    // One dimension, direct scores 16.67 + 0 + 16.67 + 4.165 of 50 points: the total is
    // 50·(37.505/50), the double just above 37.505, shown 37.51. The parts of the four
    // indicators added up landed a float's last digit below it: the subtotal showed 37.50
    // beside the total's 37.51. The subtotal is now the dimension's share taken at once.
    let wd = Workdir::new();
    let ind = |id: &str, p: &str| {
        format!("[[indicators]]\nid = \"{id}\"\nname = \"{id}\"\ndimension = \"d0\"\nmethod = \"direct\"\npoints = {{ town = {p} }}\n")
    };
    wd.config(&format!(
        "[[dimensions]]\nid = \"d0\"\nname = \"维\"\n[[tracks]]\nid = \"town\"\nname = \"镇\"\ncategories = [\"township\"]\ntotal = 50\ntree = true\ngrades = {HALF_GRADES}\n{}{}{}{}",
        ind("a", "16.67"),
        ind("b", "8.33"),
        ind("c", "16.67"),
        ind("d", "8.33")
    ))
    .units(&super::schemes::townships(2))
    .period(
        "2024Q2",
        "township",
        &rows_for("a,b,c,d", &["16.67,0,16.67,4.165", "10,5,10,5"]),
    );
    let rows = wd.rank_csv(&[]);
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["37.51", "30.00"]));
    assert_eq!(rows.col("dim:d0", &["T1", "T2"]), s(&["37.51", "30.00"]));
}

/// A tree track of T = 10 at 1 decimal: x and z of 2.5 points each in d1 (weight 1), y of 5 in
/// d2 (weight 3), so the total is (x + z)/2 + 1.5·y; `extra` more track keys, and one township
/// T1, T2 … per row of x, z, y.
fn x_z_y_tree(extra: &str, rows: &[&str]) -> Workdir {
    let wd = Workdir::new();
    let ind = |id: &str, dim: &str, p: &str| {
        format!("[[indicators]]\nid = \"{id}\"\nname = \"{id}\"\ndimension = \"{dim}\"\nmethod = \"direct\"\npoints = {{ town = {p} }}\n")
    };
    wd.config(&format!(
        "decimals = 1\n[[dimensions]]\nid = \"d1\"\nname = \"D1\"\nweight = 1\n[[dimensions]]\nid = \"d2\"\nname = \"D2\"\nweight = 3\n[[tracks]]\nid = \"town\"\nname = \"Town\"\ncategories = [\"township\"]\ntotal = 10\ntree = true\n{extra}grades = {{ by = \"share\", levels = [{{ name = \"A\", share = 1.0 }}] }}\n{}{}{}",
        ind("x", "d1", "2.5"),
        ind("z", "d1", "2.5"),
        ind("y", "d2", "5")
    ))
    .units(&super::schemes::townships(rows.len()))
    .period("2024Q2", "township", &rows_for("x,z,y", rows));
    wd
}

/// A tree like the next test's, with x and z of 2.5 points each in d1 (weight 1) and y of 5 in
/// d2 (weight 3), T = 10: d1's subtotal is 10·(⅛·x/2.5 + ⅛·z/2.5) = (x + z)/2, and the track
/// breaks ties on d1. T1 (0.4, 0.7) and T2 (0, 1.1) both have exactly 0.55 in d1 and, with
/// y = 1.01 (1.515 in d2), total 2.065, shown 2.1. In binary T1's subtotal was
/// 0.5499999999999999 (0.5), T2's the double of 0.55 (0.6): the tie-breaker placed T2 first and
/// T1 second. Taken on the decimals both are 0.55, shown 0.6, and the two share the first
/// place. T3 (0.1, 0.1) has 0.1 and 1.615, shown 1.6.
#[test]
fn tree_subtotals_and_tie_breakers_on_a_half_step_are_taken_on_the_decimals() {
    let wd = x_z_y_tree(
        "tie_breakers = [\"d1\"]\n",
        &["0.4,0.7,1.01", "0,1.1,1.01", "0.1,0.1,1.01"],
    );
    let rows = wd.rank_csv(&[]);
    let all = ["T1", "T2", "T3"];
    assert_eq!(rows.col("total", &all), s(&["2.1", "2.1", "1.6"]));
    assert_eq!(rows.col("dim:d1", &all), s(&["0.6", "0.6", "0.1"]));
    assert_eq!(rows.col("rank", &all), s(&["1", "1", "3"]));
}

/// On the tree of the test above (total (x + z)/2 + 1.5·y), T1 (0, 0.1, 0.7) totals 1.1 and T2
/// (0.9, 0, 1.3) 2.4, the next place. With x at its full 2.5, T1 would total exactly
/// 1.25 + 0.05 + 1.05 = 2.35, whose double is 2.35000000000000008…, shown 2.4: x closes the
/// gap. In binary T1's total plus x's gain was 2.3499999999999996, shown 2.3, and x was not
/// listed. y (full: 7.55) closes it too; z (full: 1.25 + 1.05 = 2.3) does not.
#[test]
fn tree_gap_closers_on_a_half_step_are_taken_on_the_decimals() {
    let wd = x_z_y_tree("", &["0,0.1,0.7", "0.9,0,1.3"]);
    let rows = wd.csv(&["gaps"]);
    assert_eq!(rows.col("total", &["T1", "T2"]), s(&["1.1", "2.4"]));
    assert_eq!(rows.get("T1", "next_total"), "2.4");
    // Most points lost first: y 7.55 − 1.1 = 6.45, x 2.35 − 1.1 = 1.25.
    assert_eq!(rows.get("T1", "closers"), "y;x");
}

/// Review's case: on a tree track (d1 weight 1 holds x, d2 weight 3 holds y, both 5 points of
/// T = 10) the total is 10·(¼·x/5 + ¾·y/5) = 0.5x + 1.5y. T1 (1, 1.5) and T2 (2.5, 1) both total
/// exactly 2.75, and T5 (1, 0.7) and T6 (0.1, 1) both 1.55; in binary T1 was 2.7499999999999996
/// (published 2.7, fourth) and T5 1.5499999999999998 (1.5, sixth). Taken on the decimals: 2.75
/// is a double, printed 2.8 (ties to even at the binary value, as every total); 1.55's double
/// is 1.55000000000000004…, 1.6. T3 and T4 are exactly 3.25, printed 3.2.
#[test]
fn tree_totals_on_a_half_step_are_taken_on_the_decimals() {
    let wd = Workdir::new();
    let ind = |id: &str, dim: &str| {
        format!("[[indicators]]\nid = \"{id}\"\nname = \"{id}\"\ndimension = \"{dim}\"\nmethod = \"direct\"\npoints = {{ town = 5 }}\n")
    };
    wd.config(&format!(
        "decimals = 1\n[[dimensions]]\nid = \"d1\"\nname = \"D1\"\nweight = 1\n[[dimensions]]\nid = \"d2\"\nname = \"D2\"\nweight = 3\n[[tracks]]\nid = \"town\"\nname = \"Town\"\ncategories = [\"township\"]\ntotal = 10\ntree = true\ngrades = {{ by = \"share\", levels = [{{ name = \"A\", share = 1.0 }}] }}\n{}{}",
        ind("x", "d1"),
        ind("y", "d2")
    ))
    .units(&super::schemes::townships(6))
    .period(
        "2024Q2",
        "township",
        &rows_for(
            "x,y",
            &["1,1.5", "2.5,1", "2,1.5", "3.5,1", "1,0.7", "0.1,1"],
        ),
    );
    let rows = wd.rank_csv(&[]);
    let all = ["T1", "T2", "T3", "T4", "T5", "T6"];
    assert_eq!(
        rows.col("total", &all),
        s(&["2.8", "2.8", "3.2", "3.2", "1.6", "1.6"])
    );
    assert_eq!(rows.col("rank", &all), s(&["3", "3", "1", "1", "5", "5"]));
    // A second review's case: one dimension holding both indicators (30 and 25 points of T =
    // 55) has the total itself. T1's 0.1 + 14.4 is exactly 14.5, printed 14 at 0 decimals (ties
    // to even) — and so is its dimension, which was left at the binary 14.500000000000002 (15).
    let wd = Workdir::new();
    wd.config(
        "decimals = 0\n[[dimensions]]\nid = \"d1\"\nname = \"D1\"\n[[tracks]]\nid = \"town\"\nname = \"Town\"\ncategories = [\"township\"]\ntotal = 55\ntree = true\ngrades = { by = \"share\", levels = [{ name = \"A\", share = 1.0 }] }\n[[indicators]]\nid = \"x\"\nname = \"x\"\ndimension = \"d1\"\nmethod = \"direct\"\npoints = { town = 30 }\n[[indicators]]\nid = \"y\"\nname = \"y\"\ndimension = \"d1\"\nmethod = \"direct\"\npoints = { town = 25 }\n",
    )
    .units(&super::schemes::townships(1))
    .period("2024Q2", "township", &rows_for("x,y", &["0.1,14.4"]));
    let rows = wd.rank_csv(&[]);
    assert_eq!(
        (rows.get("T1", "total"), rows.get("T1", "dim:d1")),
        ("14", "14")
    );
}
