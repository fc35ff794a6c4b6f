//! The relation between actors over time: events on a timeline, one lane
//! per quad class, and the weekly sum of their Goldstein scores as a line.
//! Pure; drawn as server-side SVG so the page needs no script.

use chrono::{Datelike, Duration, NaiveDate};
use maud::{html, Markup};

/// One event to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub day: NaiveDate,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad: u8,
    pub goldstein: f32,
    /// Shown when the pointer rests on the dot.
    pub label: String,
    /// Where the dot leads.
    pub href: Option<String>,
}

/// One week's total.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// Its Monday.
    pub start: NaiveDate,
    pub goldstein: f32,
    pub events: usize,
}

pub fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// Weekly sums from the first event's week to the last, with the quiet
/// weeks in between at zero (a gap is news too).
pub fn weekly(points: &[Point]) -> Vec<Week> {
    let Some(first) = points.iter().map(|p| monday(p.day)).min() else {
        return Vec::new();
    };
    let last = points.iter().map(|p| monday(p.day)).max().unwrap_or(first);
    let count = ((last - first).num_days() / 7 + 1).min(5_000) as usize;
    let mut weeks: Vec<Week> = (0..count)
        .map(|i| Week {
            start: first + Duration::days(7 * i as i64),
            goldstein: 0.0,
            events: 0,
        })
        .collect();
    for p in points {
        let i = ((monday(p.day) - first).num_days() / 7) as usize;
        if let Some(w) = weeks.get_mut(i) {
            w.goldstein += p.goldstein;
            w.events += 1;
        }
    }
    weeks
}

/// Colours of the quad classes: cooperation green, conflict red; verbal
/// light, material dark.
pub fn quad_colour(quad: u8) -> &'static str {
    match quad {
        1 => "#6cc08b",
        2 => "#1b7a3e",
        3 => "#f08a5d",
        _ => "#b3261e",
    }
}

const W: f64 = 760.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const LANE_TOP: f64 = 12.0;
const LANE_H: f64 = 22.0;
const LINE_TOP: f64 = 120.0;
const LINE_H: f64 = 150.0;
const H: f64 = LINE_TOP + LINE_H + 28.0;

/// The chart. `quad_names` names the four lanes; `line_label` the line.
pub fn svg(points: &[Point], quad_names: [&str; 4], line_label: &str) -> Markup {
    let weeks = weekly(points);
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return html! {};
    };
    let start = first.start;
    let end = last.start + Duration::days(7);
    let span = (end - start).num_days().max(1) as f64;
    let x = |day: NaiveDate| LEFT + (W - LEFT - RIGHT) * ((day - start).num_days() as f64 / span);
    let max_abs = weeks
        .iter()
        .map(|w| w.goldstein.abs() as f64)
        .fold(1.0, f64::max);
    let zero_y = LINE_TOP + LINE_H / 2.0;
    let y = |g: f64| zero_y - (g / max_abs) * (LINE_H / 2.0 - 4.0);
    let mut path = String::new();
    for (i, w) in weeks.iter().enumerate() {
        let px = x(w.start + Duration::days(3));
        let py = y(w.goldstein as f64);
        path.push_str(&format!(
            "{}{px:.1},{py:.1}",
            if i == 0 { "M" } else { " L" }
        ));
    }
    // Month ticks, at most about ten of them.
    let months = (span / 30.0).ceil().max(1.0) as i64;
    let every = (months / 10).max(1);
    let mut ticks = Vec::new();
    let mut m = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    let mut n = 0;
    while m <= end && ticks.len() < 40 {
        if m >= start && n % every == 0 {
            ticks.push(m);
        }
        n += 1;
        m = if m.month() == 12 {
            NaiveDate::from_ymd_opt(m.year() + 1, 1, 1).unwrap_or(end)
        } else {
            NaiveDate::from_ymd_opt(m.year(), m.month() + 1, 1).unwrap_or(end)
        };
    }
    if ticks.is_empty() {
        ticks.push(start);
    }
    // One dot per day and lane, larger for more events: a busy pair has
    // thousands of events and the page must stay light.
    let mut dots: Vec<(NaiveDate, u8, usize, &Point)> = Vec::new();
    {
        let mut at: std::collections::HashMap<(NaiveDate, u8), usize> = Default::default();
        for p in points {
            let q = p.quad.clamp(1, 4);
            match at.get(&(p.day, q)) {
                Some(&i) => dots[i].2 += 1,
                None => {
                    at.insert((p.day, q), dots.len());
                    dots.push((p.day, q, 1, p));
                }
            }
        }
    }
    html! {
        svg class="chart" role="img" viewBox={ "0 0 " (W) " " (H) } width="100%"
            aria-label={ (line_label) } xmlns="http://www.w3.org/2000/svg" {
            @for (i, name) in quad_names.iter().enumerate() {
                @let ly = LANE_TOP + LANE_H * i as f64;
                line x1=(LEFT) x2=(W - RIGHT) y1=(ly + LANE_H / 2.0) y2=(ly + LANE_H / 2.0) class="lane" {}
                text x=(LEFT - 6.0) y=(ly + LANE_H / 2.0 + 4.0) text-anchor="end" class="lane-label" { "Q" (i + 1) }
                title { (name) }
            }
            @for (day, q, n, p) in &dots {
                @let cx = format!("{:.1}", x(*day));
                @let cy = format!("{:.1}", LANE_TOP + LANE_H * (*q - 1) as f64 + LANE_H / 2.0);
                @let r = format!("{:.1}", (3.0 + (*n as f64).log2()).min(LANE_H / 2.0 - 1.0));
                @let tip = html! { (day) " · " @if *n > 1 { (n) " × " } (p.label) };
                @if let (1, Some(href)) = (*n, &p.href) {
                    a href=(href) {
                        circle class={ "dot q" (q) } cx=(cx) cy=(cy) r=(r) fill=(quad_colour(*q)) { title { (tip) } }
                    }
                } @else {
                    circle class={ "dot q" (q) } cx=(cx) cy=(cy) r=(r) fill=(quad_colour(*q)) { title { (tip) } }
                }
            }
            line x1=(LEFT) x2=(W - RIGHT) y1=(zero_y) y2=(zero_y) class="zero" {}
            text x=(LEFT - 6.0) y=(LINE_TOP + 8.0) text-anchor="end" class="axis" { "+" (format!("{max_abs:.0}")) }
            text x=(LEFT - 6.0) y=(zero_y + 4.0) text-anchor="end" class="axis" { "0" }
            text x=(LEFT - 6.0) y=(LINE_TOP + LINE_H) text-anchor="end" class="axis" { "-" (format!("{max_abs:.0}")) }
            path class="goldstein" d=(path) fill="none" {}
            @for w in &weeks {
                circle class="week" cx=(format!("{:.1}", x(w.start + Duration::days(3)))) cy=(format!("{:.1}", y(w.goldstein as f64))) r="2.5" {
                    title { (w.start) ": " (format!("{:+.1}", w.goldstein)) " (" (w.events) ")" }
                }
            }
            @for t in &ticks {
                line x1=(format!("{:.1}", x(*t))) x2=(format!("{:.1}", x(*t))) y1=(LINE_TOP + LINE_H) y2=(LINE_TOP + LINE_H + 5.0) class="tick" {}
                text x=(format!("{:.1}", x(*t))) y=(LINE_TOP + LINE_H + 18.0) text-anchor="middle" class="axis" { (t.format("%b %Y")) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(day: &str, quad: u8, g: f32) -> Point {
        Point {
            day: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
            quad,
            goldstein: g,
            label: "<script>x</script>".into(),
            href: None,
        }
    }

    #[test]
    fn weeks_sum_and_quiet_weeks_are_zero() {
        let points = [
            p("2023-09-13", 1, 3.0),
            p("2023-09-14", 2, 7.4),
            p("2023-09-27", 4, -10.0),
        ];
        let weeks = weekly(&points);
        assert_eq!(weeks.len(), 3);
        assert_eq!(weeks[0].start.to_string(), "2023-09-11");
        assert!((weeks[0].goldstein - 10.4).abs() < 1e-4);
        assert_eq!(weeks[1].events, 0);
        assert_eq!(weeks[2].goldstein, -10.0);
        assert!(weekly(&[]).is_empty());
    }

    #[test]
    fn the_chart_escapes_its_labels() {
        let out = svg(
            &[p("2023-09-13", 3, -2.0)],
            ["a", "b", "c", "d"],
            "Relation",
        )
        .into_string();
        assert!(out.starts_with("<svg"));
        assert!(out.contains("class=\"goldstein\""));
        assert!(out.contains("class=\"dot q3\""));
        assert!(!out.contains("<script>"));
        assert!(svg(&[], ["a", "b", "c", "d"], "x").into_string().is_empty());
    }
}
