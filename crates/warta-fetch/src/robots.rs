//! robots.txt, as RFC 9309 says, read for one user-agent token.
//!
//! Hand-written rather than a crate: the maintained-looking one
//! (`texting_robots`) is unreleased since 2022 and pulls nom, bstr 0.2 and
//! regex with all features; the rules fit in a page and are checked here
//! against a regex oracle by property tests (`tests/robots_props.rs`).
//!
//! - Groups start at `User-agent` lines; consecutive ones share a group.
//!   The groups naming our token (by product token, case-insensitively) are
//!   merged; without any, the `*` groups are; without those, all is allowed.
//! - `Allow`/`Disallow` patterns match the path and query from their start;
//!   `*` matches any run of bytes and a final `$` anchors the end. The
//!   longest matching pattern wins and `Allow` wins a tie.
//! - `/robots.txt` itself is always allowed.
//! - `Crawl-delay` (not in the RFC, but widely used) is read from the
//!   chosen groups; the largest wins.
//! - Lines are split at CR, LF or CRLF; `#` starts a comment; a UTF-8 BOM
//!   is skipped; common misspellings (`Dissallow`, `useragent`) are read as
//!   Google's parser reads them.

use std::time::Duration;

/// The rules of one robots.txt for one user-agent token.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
    sitemaps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    allow: bool,
    /// Normalised: non-ASCII and control bytes percent-encoded, escapes in upper case.
    pattern: Vec<u8>,
}

enum Line<'a> {
    UserAgent(&'a [u8]),
    Rule { allow: bool, pattern: &'a [u8] },
    CrawlDelay(&'a [u8]),
    Sitemap(&'a [u8]),
    Other,
}

impl Robots {
    /// Rules that allow everything (robots.txt missing, or not obeyed).
    pub fn allow_all() -> Self {
        Robots::default()
    }

    /// Rules that disallow everything but `/robots.txt` (robots.txt unreachable).
    pub fn disallow_all() -> Self {
        Robots {
            rules: vec![Rule {
                allow: false,
                pattern: b"/".to_vec(),
            }],
            ..Robots::default()
        }
    }

    /// Reads `body` for the user-agent product token `agent` (e.g. `warta`).
    pub fn parse(body: &[u8], agent: &str) -> Self {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let mut sitemaps = Vec::new();
        // The rules of the groups for our token and of the `*` groups.
        let mut ours: Vec<Rule> = Vec::new();
        let mut star: Vec<Rule> = Vec::new();
        let mut ours_delay: Option<Duration> = None;
        let mut star_delay: Option<Duration> = None;
        let mut ours_seen = false;
        let mut star_seen = false;
        // The current group: whether it names us / `*`, and whether it has
        // had a rule yet (a User-agent line after a rule starts a new group).
        let mut group_ours = false;
        let mut group_star = false;
        let mut group_has_rules = true;
        for raw in body.split(|&b| b == b'\n' || b == b'\r') {
            match parse_line(raw) {
                Line::UserAgent(value) => {
                    if group_has_rules {
                        group_ours = false;
                        group_star = false;
                        group_has_rules = false;
                    }
                    if value == b"*" {
                        group_star = true;
                        star_seen = true;
                    } else if product_token(value).eq_ignore_ascii_case(agent.as_bytes()) {
                        group_ours = true;
                        ours_seen = true;
                    }
                }
                Line::Rule { allow, pattern } => {
                    group_has_rules = true;
                    // An empty pattern matches nothing (an empty Disallow allows all).
                    if pattern.is_empty() {
                        continue;
                    }
                    let rule = Rule {
                        allow,
                        pattern: normalise_pattern(pattern),
                    };
                    if group_ours {
                        ours.push(rule.clone());
                    }
                    if group_star {
                        star.push(rule);
                    }
                }
                Line::CrawlDelay(value) => {
                    group_has_rules = true;
                    let Some(delay) = parse_delay(value) else {
                        continue;
                    };
                    if group_ours {
                        ours_delay = ours_delay.max(Some(delay));
                    }
                    if group_star {
                        star_delay = star_delay.max(Some(delay));
                    }
                }
                Line::Sitemap(value) => {
                    if !value.is_empty() {
                        sitemaps.push(String::from_utf8_lossy(value).into_owned());
                    }
                }
                Line::Other => {}
            }
        }
        let (rules, crawl_delay) = if ours_seen {
            (ours, ours_delay)
        } else if star_seen {
            (star, star_delay)
        } else {
            (Vec::new(), None)
        };
        Robots {
            rules,
            crawl_delay,
            sitemaps,
        }
    }

    /// Whether the path and query of `url` may be fetched.
    pub fn allows_url(&self, url: &url::Url) -> bool {
        let mut target = url.path().to_string();
        if let Some(q) = url.query() {
            target.push('?');
            target.push_str(q);
        }
        self.allows(&target)
    }

    /// Whether `path` (path and query, starting with `/`) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        let path = normalise_path(path.as_bytes());
        // The longest match wins; on equal length, allow wins.
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if matches(&rule.pattern, &path) {
                let key = (rule.pattern.len(), rule.allow);
                if best.is_none_or(|b| key > b) {
                    best = Some(key);
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }

    /// The `Crawl-delay` of the chosen group, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }

    /// The `Sitemap` URLs listed anywhere in the file.
    pub fn sitemaps(&self) -> &[String] {
        &self.sitemaps
    }
}

fn parse_line(raw: &[u8]) -> Line<'_> {
    let line = match raw.iter().position(|&b| b == b'#') {
        Some(i) => &raw[..i],
        None => raw,
    };
    let line = line.trim_ascii();
    let (key, value) = match line.iter().position(|&b| b == b':') {
        Some(i) => (line[..i].trim_ascii(), line[i + 1..].trim_ascii()),
        // Google also reads `key value` without a colon when there are
        // exactly two words.
        None => match line.iter().position(|b| b.is_ascii_whitespace()) {
            Some(i)
                if !line[i..]
                    .trim_ascii()
                    .iter()
                    .any(|b| b.is_ascii_whitespace()) =>
            {
                (&line[..i], line[i..].trim_ascii())
            }
            _ => return Line::Other,
        },
    };
    let key = key.to_ascii_lowercase();
    match key.as_slice() {
        b"user-agent" | b"useragent" | b"user agent" | b"user_agent" => Line::UserAgent(value),
        b"allow" => Line::Rule {
            allow: true,
            pattern: value,
        },
        b"disallow" | b"dissallow" | b"dissalow" | b"disalow" | b"diasllow" | b"disallaw" => {
            Line::Rule {
                allow: false,
                pattern: value,
            }
        }
        b"crawl-delay" | b"crawldelay" | b"crawl delay" | b"crawl_delay" => Line::CrawlDelay(value),
        b"sitemap" | b"site-map" => Line::Sitemap(value),
        _ => Line::Other,
    }
}

/// The product token at the start of a User-agent value: `warta/1.0` → `warta`.
fn product_token(value: &[u8]) -> &[u8] {
    let end = value
        .iter()
        .position(|&b| !(b.is_ascii_alphabetic() || b == b'_' || b == b'-'))
        .unwrap_or(value.len());
    &value[..end]
}

fn parse_delay(value: &[u8]) -> Option<Duration> {
    let secs: f64 = std::str::from_utf8(value).ok()?.trim().parse().ok()?;
    // A day is plenty; the fetcher caps it lower anyway.
    Duration::try_from_secs_f64(secs.min(86_400.0)).ok()
}

/// Patterns are compared as octets: non-ASCII and control bytes are
/// percent-encoded (as URLs carry them) and escapes are upper-cased. A
/// pattern that does not start with `/` or `*` gets a leading `/`.
fn normalise_pattern(pattern: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pattern.len() + 1);
    if !matches!(pattern.first(), Some(b'/' | b'*')) {
        out.push(b'/');
    }
    encode_into(pattern, &mut out);
    out
}

fn normalise_path(path: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(path.len());
    encode_into(path, &mut out);
    out
}

fn encode_into(bytes: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            out.extend_from_slice(&[
                b'%',
                bytes[i + 1].to_ascii_uppercase(),
                bytes[i + 2].to_ascii_uppercase(),
            ]);
            i += 3;
            continue;
        }
        if b >= 0x80 || b <= 0x20 || b == 0x7f {
            out.extend_from_slice(&[b'%', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
        } else {
            out.push(b);
        }
        i += 1;
    }
}

/// Whether `pattern` matches a prefix of `path`: `*` matches any run of
/// bytes, a final `$` anchors the end. The set of positions in `path`
/// reachable after each pattern byte is tracked (Google's algorithm), so the
/// cost is at most `pattern.len() × path.len()` with no backtracking blow-up.
pub(crate) fn matches(pattern: &[u8], path: &[u8]) -> bool {
    // Positions are kept sorted and unique.
    let mut pos: Vec<usize> = vec![0];
    for (i, &p) in pattern.iter().enumerate() {
        if p == b'$' && i + 1 == pattern.len() {
            return pos.last() == Some(&path.len());
        }
        if p == b'*' {
            let start = pos[0];
            pos.clear();
            pos.extend(start..=path.len());
        } else {
            pos.retain_mut(|at| {
                if *at < path.len() && path[*at] == p {
                    *at += 1;
                    true
                } else {
                    false
                }
            });
            if pos.is_empty() {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_precedence() {
        let text = b"\xEF\xBB\xBFUser-agent: googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /private\nAllow: /private/open\nCrawl-delay: 2\n\nUser-Agent: Warta/1.0\nUser-agent: other\nDisallow: /news/draft\nAllow: /news/draft$\nCrawl-delay: 1.5\nSitemap: https://example.com/sitemap.xml\n";
        let warta = Robots::parse(text, "warta");
        assert!(
            warta.allows("/private"),
            "the * group does not apply when ours exists"
        );
        assert!(!warta.allows("/news/draft/1"));
        assert!(warta.allows("/news/draft"), "longer allow with $ wins");
        assert_eq!(warta.crawl_delay(), Some(Duration::from_millis(1500)));
        assert_eq!(warta.sitemaps(), ["https://example.com/sitemap.xml"]);
        let anyone = Robots::parse(text, "someone");
        assert!(!anyone.allows("/private/x"));
        assert!(anyone.allows("/private/open/x"));
        assert!(anyone.allows("/news/draft/1"));
        assert_eq!(anyone.crawl_delay(), Some(Duration::from_secs(2)));
    }

    #[test]
    fn wildcards_and_ties() {
        let robots = Robots::parse(
            b"User-agent: *\nDisallow: /*.pdf$\nDisallow: /search?*q=\nAllow: /a\nDisallow: /a\n",
            "warta",
        );
        assert!(!robots.allows("/files/report.pdf"));
        assert!(robots.allows("/files/report.pdf?download=1"));
        assert!(!robots.allows("/search?lang=id&q=banjir"));
        assert!(robots.allows("/search"));
        assert!(robots.allows("/a/b"), "allow wins a tie");
    }

    #[test]
    fn empty_and_missing() {
        assert!(Robots::parse(b"", "warta").allows("/x"));
        assert!(Robots::parse(b"User-agent: *\nDisallow:\n", "warta").allows("/x"));
        assert!(
            Robots::parse(b"Disallow: /\n", "warta").allows("/x"),
            "rules before any group are ignored"
        );
        let all = Robots::parse(b"User-agent: *\r\nDisallow: / # everything\r\n", "warta");
        assert!(!all.allows("/"));
        assert!(all.allows("/robots.txt"));
        assert!(!Robots::disallow_all().allows("/a"));
        assert!(Robots::disallow_all().allows("/robots.txt"));
    }

    #[test]
    fn percent_encoding_is_normalised() {
        let robots = Robots::parse(
            "User-agent: *\nDisallow: /berita/ä\nDisallow: /x%2fy\n".as_bytes(),
            "warta",
        );
        let url: url::Url = "https://example.com/berita/%C3%A4/1".parse().unwrap();
        assert!(!robots.allows_url(&url));
        assert!(!robots.allows("/x%2Fy"));
    }

    #[test]
    fn user_agent_lines_accumulate_until_a_rule() {
        let robots = Robots::parse(
            b"User-agent: a\nUser-agent: warta\nDisallow: /x\nUser-agent: b\nDisallow: /y\n",
            "warta",
        );
        assert!(!robots.allows("/x"));
        assert!(robots.allows("/y"));
    }

    #[test]
    fn matcher() {
        assert!(matches(b"/", b"/anything"));
        assert!(matches(b"/a*c", b"/abbbc"));
        assert!(matches(b"/a*c$", b"/abc"));
        assert!(!matches(b"/a*c$", b"/abcd"));
        assert!(matches(b"*", b""));
        assert!(matches(b"/a$b", b"/a$b"), "$ inside is literal");
        assert!(!matches(b"/b", b"/a"));
        assert!(matches(b"/**a", b"/xa"));
    }
}
