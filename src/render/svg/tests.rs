use super::*;

#[test]
fn text_width_counts_wide_characters_as_one_em() {
    assert_eq!(text_width("城关镇", 10.0), 30.0);
    assert!(text_width("12.5", 10.0) < 25.0);
    assert!(text_width("城关镇 12.5", 12.0) > text_width("城关镇", 12.0));
}

#[test]
fn fit_text_cuts_with_an_ellipsis() {
    assert_eq!(fit_text("城关镇", 10.0, 100.0), "城关镇");
    let cut = fit_text("高新技术产业开发区管理委员会", 10.0, 60.0);
    assert!(cut.ends_with('…'));
    assert!(text_width(&cut, 10.0) <= 60.0);
}

#[test]
fn numbers_have_one_decimal_and_no_negative_zero() {
    assert_eq!(num(1.0), "1");
    assert_eq!(num(1.25), "1.3");
    assert_eq!(num(-0.01), "0");
    assert_eq!(num(f64::NAN), "0");
    assert_eq!(num(12.04), "12");
}

#[test]
fn text_is_escaped() {
    let mut s = Svg::new(10.0, 10.0);
    s.text(0.0, 0.0, "<b>&\"'", Font::new(10.0, Anchor::Start));
    let out = s.finish("a<b", "d");
    assert!(out.contains("&lt;b&gt;&amp;&quot;&#39;"));
    assert!(out.contains("<title>a&lt;b</title>"));
    assert!(!out.contains("<b>"));
}

#[test]
fn tooltips_close_their_own_element() {
    let mut s = Svg::new(10.0, 10.0);
    s.rect(0.0, 0.0, 1.0, 1.0, "#000", Some("x"));
    s.circle(0.0, 0.0, 1.0, "#000", Some("y"));
    let out = s.finish("t", "");
    assert!(out.contains("<title>x</title></rect>"));
    assert!(out.contains("<title>y</title></circle>"));
}
