//! Property tests of the hand-written parsers: robots.txt rules against a
//! regex oracle, and the Retry-After and Cache-Control readers.

use proptest::prelude::*;
use std::time::{Duration, SystemTime};
use warta_fetch::headers::{freshness, parse_retry_after};
use warta_fetch::Robots;

/// RFC 9309 matching as a regex: anchored at the start, `*` any run, a
/// final `$` the end; everything else literal.
fn oracle(pattern: &str, path: &str) -> bool {
    let pattern = if pattern.starts_with('/') || pattern.starts_with('*') {
        pattern.to_string()
    } else {
        format!("/{pattern}")
    };
    let mut re = String::from("^");
    let chars: Vec<char> = pattern.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '*' => re.push_str("(?s:.*)"),
            '$' if i + 1 == chars.len() => re.push('$'),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    regex::Regex::new(&re).unwrap().is_match(path)
}

fn pattern() -> impl Strategy<Value = String> {
    "[/*]{1}[/ab*$?=.]{0,8}"
}

fn path() -> impl Strategy<Value = String> {
    "/[/ab$?=.]{0,12}".prop_filter("robots.txt is always allowed", |p| p != "/robots.txt")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn one_disallow_rule_matches_like_the_oracle(p in pattern(), path in path()) {
        let robots = Robots::parse(format!("User-agent: *\nDisallow: {p}\n").as_bytes(), "warta");
        prop_assert_eq!(robots.allows(&path), !oracle(&p, &path), "pattern {:?} path {:?}", p, path);
    }

    #[test]
    fn the_longest_match_wins_and_allow_wins_ties(allow in pattern(), disallow in pattern(), path in path()) {
        let text = format!("User-agent: warta\nAllow: {allow}\nDisallow: {disallow}\n");
        let robots = Robots::parse(text.as_bytes(), "warta");
        let expected = match (oracle(&allow, &path), oracle(&disallow, &path)) {
            (_, false) => true,
            (false, true) => false,
            (true, true) => allow.len() >= disallow.len(),
        };
        prop_assert_eq!(robots.allows(&path), expected, "allow {:?} disallow {:?} path {:?}", allow, disallow, path);
    }

    #[test]
    fn any_bytes_parse_and_robots_txt_stays_allowed(body in proptest::collection::vec(any::<u8>(), 0..400), path in "\\PC{0,20}") {
        let robots = Robots::parse(&body, "warta");
        prop_assert!(robots.allows("/robots.txt"));
        let _ = robots.allows(&format!("/{path}"));
    }

    #[test]
    fn line_noise_around_rules_changes_nothing(p in pattern(), path in path(), comment in "[ a-z]{0,10}") {
        let plain = Robots::parse(format!("User-agent: *\nDisallow: {p}\n").as_bytes(), "warta");
        let noisy = Robots::parse(
            format!("# {comment}\r\n\r\nUSER-AGENT :  *   # {comment}\r\ndisallow:\t{p}  # {comment}\r\n").as_bytes(),
            "warta",
        );
        prop_assert_eq!(plain.allows(&path), noisy.allows(&path));
    }

    #[test]
    fn retry_after_seconds_read_back(secs in any::<u32>()) {
        let now = SystemTime::now();
        prop_assert_eq!(parse_retry_after(&secs.to_string(), now), Some(Duration::from_secs(secs.into())));
    }

    #[test]
    fn retry_after_dates_read_back(ahead in 0u64..10_000_000, base in 0u64..4_000_000_000) {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(base);
        let date = httpdate::fmt_http_date(now + Duration::from_secs(ahead));
        prop_assert_eq!(parse_retry_after(&date, now), Some(Duration::from_secs(ahead)));
    }

    #[test]
    fn header_readers_never_panic(text in "\\PC{0,60}") {
        let now = SystemTime::now();
        let _ = parse_retry_after(&text, now);
        let _ = freshness(Some(&text), Some(&text), Some(&text), Some(&text), now);
    }

    #[test]
    fn max_age_reads_back(secs in any::<u32>(), age in any::<u16>(), extra in "(public|private|must-revalidate|immutable)") {
        let cc = format!("{extra}, max-age={secs}");
        let got = freshness(Some(&cc), None, None, Some(&age.to_string()), SystemTime::now());
        prop_assert_eq!(got, Some(Duration::from_secs(u64::from(secs).saturating_sub(age.into()))));
    }
}
