use super::*;

fn day(text: &str) -> i32 {
    let mut parts = text.split('-').map(|p| p.parse::<u32>().unwrap());
    let (y, m, d) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
    day_number(y as i32, m, d)
}

fn event<'a>(url: &'a str, label: &'a str, kind: Option<&'a str>, from: &str, to: &str, precision: Precision) -> ChartEvent<'a> {
    ChartEvent { url, title: url, date_label: label, kind, start_day: day(from), end_day: day(to), precision, uncertain: false, approximate: false }
}

/// One event of each kind of date, 2014 to 2016 (a month axis).
fn fixture() -> Vec<ChartEvent<'static>> {
    vec![
        event("events/day/index.html", "13 May 2015", Some("shelling"), "2015-05-13", "2015-05-13", Precision::Day),
        event("events/month/index.html", "June 2015", Some("looting"), "2015-06-01", "2015-06-30", Precision::Month),
        event("events/year/index.html", "2014", Some("shelling"), "2014-01-01", "2014-12-31", Precision::Year),
        event("events/interval/index.html", "1 August – 30 September 2015", None, "2015-08-01", "2015-09-30", Precision::Interval),
        ChartEvent {
            uncertain: true,
            ..event("events/uncertain/index.html", "2 March 2016 (uncertain)", Some("shelling"), "2016-03-02", "2016-03-02", Precision::Day)
        },
        ChartEvent {
            approximate: true,
            ..event("events/approx/index.html", "c. October 2016", Some("looting"), "2016-10-01", "2016-10-31", Precision::Month)
        },
    ]
}

/// The attribute `name` of the element holding `needle`.
fn attribute<'s>(svg: &'s str, needle: &str, name: &str) -> &'s str {
    let at = svg.find(needle).unwrap_or_else(|| panic!("{needle} not in {svg}"));
    let element = &svg[at..svg[at..].find("/>").map(|end| at + end).unwrap()];
    let start = element.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    &element[start..start + element[start..].find('"').unwrap()]
}

fn mark_after(svg: &str, url: &str, name: &str) -> f64 {
    let at = svg.find(&format!("href=\"../../{url}\"")).unwrap();
    attribute(&svg[at..], "class=\"chart-mark", name).parse().unwrap()
}

#[test]
fn a_fixture_of_every_kind_of_date() {
    let svg = timeline_strip(&fixture(), &StripOptions::new("chart", "Events at Palmyra over time", "../../"));
    insta::assert_snapshot!(svg);
    // January 2014 to the end of October 2016: 1035 days over 784 pixels from x = 8.
    let x = |date: &str| 8.0 + f64::from(day(date) - day("2014-01-01")) * 784.0 / 1035.0;
    let close = |a: f64, b: f64| (a - b).abs() <= 0.1;
    // A day: a dot at the middle of its day.
    assert!(close(mark_after(&svg, "events/day/index.html", "cx"), (x("2015-05-13") + x("2015-05-14")) / 2.0));
    // A month and a year: a box from their first day to the end of their last.
    assert!(close(mark_after(&svg, "events/month/index.html", "x"), x("2015-06-01")));
    assert!(close(mark_after(&svg, "events/month/index.html", "width"), x("2015-07-01") - x("2015-06-01")));
    assert!(close(mark_after(&svg, "events/year/index.html", "x"), x("2014-01-01")));
    assert!(close(mark_after(&svg, "events/year/index.html", "width"), x("2015-01-01") - x("2014-01-01")));
    // An interval: a bar over its days.
    assert!(close(mark_after(&svg, "events/interval/index.html", "x"), x("2015-08-01")));
    assert!(close(mark_after(&svg, "events/interval/index.html", "width"), x("2015-10-01") - x("2015-08-01")));
    // Uncertain and approximate dates look different, and the legend says how.
    assert!(svg.contains(r#"class="chart-mark chart-kind-1 chart-day chart-uncertain""#), "{svg}");
    assert!(svg.contains(r#"class="chart-mark chart-kind-2 chart-span chart-approximate""#), "{svg}");
    assert!(svg.contains(">uncertain (?)<") && svg.contains(">approximate (~)<"));
    // Kinds by frequency, then "other" for the event without one.
    assert!(svg.contains(">shelling<") && svg.contains(">looting<") && svg.contains(">other<"));
    // Accessible: named and described, and every mark titled.
    assert!(svg.contains(r#"role="group" aria-labelledby="chart-title" aria-describedby="chart-desc""#));
    assert!(svg.contains(r#"<desc id="chart-desc">6 events, January 2014 – October 2016</desc>"#), "{svg}");
    assert_eq!(svg.matches("<a href=").count(), 6);
    assert!(svg.contains("<title>13 May 2015: events/day/index.html</title>"));
}

#[test]
fn marks_that_would_overlap_are_stacked_into_rows() {
    let events = vec![
        event("a", "1 May 2015", None, "2015-05-01", "2015-05-01", Precision::Day),
        event("b", "1 May 2015", None, "2015-05-01", "2015-05-01", Precision::Day),
        event("c", "May 2015", None, "2015-05-01", "2015-05-31", Precision::Month),
        event("d", "30 May 2015", None, "2015-05-30", "2015-05-30", Precision::Day),
    ];
    let svg = timeline_strip(&events, &StripOptions::new("c", "t", ""));
    let cy = |url: &str| {
        let at = svg.find(&format!("href=\"{url}\"")).unwrap();
        let element = &svg[at..];
        let y = if element.find("<circle").unwrap_or(usize::MAX) < element.find("<rect").unwrap_or(usize::MAX) { "cy" } else { "y" };
        attribute(element, "class=\"chart-mark", y).parse::<f64>().unwrap()
    };
    // Earliest first: the month box (from its first day) takes the first row, the two dots
    // of its first day the next two, and the dot at its end the first row free there.
    assert_eq!(cy("c"), 8.0);
    assert_eq!(cy("a"), 27.0);
    assert_eq!(cy("b"), 41.0);
    assert_eq!(cy("d"), 27.0);
}

#[test]
fn too_many_events_are_counted_by_period() {
    let events: Vec<ChartEvent> = (0..1000)
        .map(|i| ChartEvent {
            start_day: day("2015-01-01") + i % 700,
            end_day: day("2015-01-01") + i % 700,
            ..event("e", "a day", Some("shelling"), "2015-01-01", "2015-01-01", Precision::Day)
        })
        .collect();
    let link = |year: i32| format!("timeline/index.html#y{year}");
    let options = StripOptions { year_link: Some(&link), ..StripOptions::new("c", "t", "../") };
    let svg = timeline_strip(&events, &options);
    assert_eq!(svg.matches("chart-mark").count(), 0);
    // January 2015 to November 2016 on a month axis: one bar per month, each a link to its year.
    assert_eq!(svg.matches(r#"class="chart-count""#).count(), 23, "{svg}");
    assert!(svg.contains(r#"<a href="../timeline/index.html#y2016"><rect class="chart-count""#));
    assert!(svg.contains("<title>January 2015: 62 events</title>"), "{svg}");
    assert!(svg.contains("Bar height: events per month (at most 62)"));
    assert!(svg.len() < 10_000, "{} bytes", svg.len());
    // Rows run out before the mark budget: 7 events on one day.
    let crowded: Vec<ChartEvent> = (0..7).map(|_| event("e", "a day", None, "2015-01-01", "2015-01-01", Precision::Day)).collect();
    let svg = timeline_strip(&crowded, &StripOptions::new("c", "t", ""));
    assert!(svg.contains("<title>1 January 2015: 7 events</title>"), "{svg}");
}

#[test]
fn ticks_follow_the_span() {
    let strip = |from: &str, to: &str| timeline_strip(&[event("e", "x", None, from, to, Precision::Interval)], &StripOptions::new("c", "t", ""));
    let labels = |svg: &str| {
        svg.split("class=\"chart-tick-label\"").skip(1).map(|s| s[s.find('>').unwrap() + 1..s.find('<').unwrap()].to_string()).collect::<Vec<_>>()
    };
    assert_eq!(
        labels(&strip("2015-05-01", "2015-05-10")),
        ["1 May 2015", "2 May", "3 May", "4 May", "5 May", "6 May", "7 May", "8 May", "9 May", "10 May"]
    );
    assert_eq!(labels(&strip("2015-05-01", "2015-10-20")), ["May 2015", "Jun", "Jul", "Aug", "Sep", "Oct"]);
    assert_eq!(labels(&strip("1990-03-01", "2016-10-20")), ["1990", "1995", "2000", "2005", "2010", "2015"]);
    let ancient = ChartEvent {
        start_day: day_number(-50, 3, 1),
        end_day: day_number(10, 10, 20),
        ..event("e", "x", None, "2015-05-01", "2015-05-01", Precision::Interval)
    };
    let svg = timeline_strip(&[ancient], &StripOptions::new("c", "t", ""));
    assert_eq!(labels(&svg)[..3], ["50 BCE", "40 BCE", "30 BCE"]);
}

#[test]
fn swimlanes_give_each_lane_a_row() {
    let busy: Vec<ChartEvent> =
        (0..200).map(|i| ChartEvent { start_day: day("2015-01-01") + i, end_day: day("2015-01-01") + i, ..fixture()[0] }).collect();
    let lanes = [
        Lane { label: "Islamic State", url: "actors/isis/index.html", events: fixture() },
        Lane { label: "A very long name of an armed group indeed", url: "actors/long/index.html", events: busy },
    ];
    let svg = swimlanes(&lanes, &StripOptions::new("lanes", "Who was active when", "../"));
    insta::assert_snapshot!(svg);
    assert_eq!(svg.matches(r#"<g class="chart-lane">"#).count(), 2);
    assert!(svg.contains(r#"<a href="../actors/isis/index.html"><title>Islamic State</title>"#));
    assert!(svg.contains(">A very long name of an…<"));
    // The first lane is drawn mark by mark; the second has too many marks and counts them.
    assert_eq!(svg.matches("class=\"chart-mark chart-kind").count(), 6);
    assert!(svg.contains("<title>A very long name of an armed group indeed, January 2015: 31 events</title>"), "{svg}");
    assert!(svg.contains(
        "<desc id=\"lanes-desc\">Islamic State, A very long name of an armed group indeed; 206 events, January 2014 – October 2016</desc>"
    ));
}

#[test]
fn month_counts_draw_a_bar_per_month() {
    let months = [
        MonthCount { year: 2015, month: 5, count: 3, url: Some("timeline/index.html#y2015") },
        MonthCount { year: 2015, month: 12, count: 6, url: None },
    ];
    let svg = month_counts(&months, &StripOptions::new("m", "Events per month", ""));
    assert_eq!(svg.matches(r#"class="chart-count""#).count(), 2);
    assert!(svg.contains("<title>May 2015: 3 events</title>"));
    assert!(svg.contains(r#"<a href="timeline/index.html#y2015">"#));
    assert!(svg.contains("9 events, May 2015 – December 2015"));
}

#[test]
fn nothing_to_draw_is_an_empty_string() {
    assert_eq!(timeline_strip(&[], &StripOptions::new("c", "t", "")), "");
    assert_eq!(swimlanes(&[Lane { label: "x", url: "x", events: Vec::new() }], &StripOptions::new("c", "t", "")), "");
    assert_eq!(month_counts(&[], &StripOptions::new("c", "t", "")), "");
}

#[test]
fn text_is_escaped() {
    let svg = timeline_strip(&[ChartEvent { title: "<b>\"A&B\"</b>", ..fixture()[0] }], &StripOptions::new("c", "Sites & <actors>", ""));
    assert!(svg.contains("&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"));
    assert!(svg.contains("Sites &amp; &lt;actors&gt;"));
}
