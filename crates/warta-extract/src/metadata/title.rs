//! The headline, without the site's name around it.

use super::{clean_text, element_text, jsonld, loose, Page};
use scraper::ElementRef;

/// Separators sites put between the headline and their name or section.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " // ", " » ", " › ", " « ", " ‹ ", " ~ ",
    " ｜ ", "｜", " * ", "ㅣ", "--",
];

/// Where a candidate came from, in order of trust when sources disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    JsonLd,
    OgTitle,
    H1,
    Twitter,
    MetaTitle,
    TitleTag,
}

impl Source {
    /// The publisher's structured headline outranks everything else
    /// together; og:title outranks the visible h1 and the rest (sites often
    /// put a kicker or a longer SEO line in the h1).
    fn weight(self) -> f32 {
        match self {
            Source::JsonLd => 10.0,
            Source::OgTitle => 5.0,
            Source::H1 => 1.1,
            Source::Twitter => 0.8,
            Source::MetaTitle => 0.5,
            Source::TitleTag => 0.7,
        }
    }

    /// Which source's wording to keep when sources agree loosely: og:title
    /// is written as plain text for sharing, where the structured headline
    /// and the h1 carry the page's typography (curly quotes, quoted
    /// kickers).
    fn text_rank(self) -> u8 {
        match self {
            Source::OgTitle => 0,
            Source::JsonLd => 1,
            Source::H1 => 2,
            Source::Twitter => 3,
            Source::MetaTitle => 4,
            Source::TitleTag => 5,
        }
    }
}

pub(super) fn title(page: &Page) -> Option<String> {
    let sites = site_names(page);
    let h1s: Vec<String> = page
        .named("h1")
        .take(20)
        .map(element_text)
        .filter(|t| !t.is_empty() && t.chars().count() < 400)
        .collect();

    let mut raw: Vec<(Source, String)> = Vec::new();
    if let Some(a) = page.jsonld.article() {
        if let Some(h) = jsonld::str_field(a, "headline").or_else(|| jsonld::str_field(a, "name")) {
            raw.push((Source::JsonLd, h));
        }
    }
    if let Some(t) = page.meta(&["og:title"]) {
        raw.push((Source::OgTitle, t));
    }
    if let Some(t) = page.meta(&["twitter:title"]) {
        raw.push((Source::Twitter, t));
    }
    if let Some(t) = page.meta(&[
        "title",
        "dc.title",
        "sailthru.title",
        "parsely-title",
        "headline",
    ]) {
        raw.push((Source::MetaTitle, t));
    }
    let in_head = |t: &ElementRef| {
        t.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "head")
    };
    let title_tag = page
        .named("title")
        .find(in_head)
        .or_else(|| page.named("title").find(|t| !inside_svg(*t)))
        .map(element_text)
        .filter(|t| !t.is_empty());
    if let Some(t) = title_tag {
        raw.push((Source::TitleTag, t));
    }

    let mut cleaned: Vec<(Source, String)> = raw
        .iter()
        .map(|(s, t)| (*s, strip_site(t, &sites, &h1s)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    // A headline cut short with "..." loses to the full one.
    let all: Vec<String> = cleaned.iter().map(|(_, t)| loose(t)).collect();
    cleaned.retain(|(_, t)| {
        if !truncated(t) {
            return true;
        }
        let stem = loose(t.trim_end_matches(['.', '…']));
        !all.iter()
            .any(|o| o.len() > stem.len() && o.starts_with(&stem))
    });

    // "Headline-Section" where another source says just "Headline": the
    // tail is the site's, whatever the separator.
    let texts: Vec<String> = cleaned.iter().map(|(_, t)| t.clone()).collect();
    for (_, t) in cleaned.iter_mut() {
        if let Some(shorter) = texts.iter().find(|u| is_headline_plus_tail(t, u)) {
            *t = shorter.clone();
        }
    }

    // "Kicker: Headline" in one source and "Other kicker - Headline" in
    // another (or in the h1): the kickers vary, the headline is what they
    // share.
    for (_, t) in cleaned.iter_mut() {
        if let Some(shared) = texts
            .iter()
            .chain(&h1s)
            .find_map(|u| shared_after_kickers(t, u))
        {
            *t = shared.to_string();
        }
    }

    // The h1 that agrees with another source; else, when nothing else is
    // known, the first h1.
    let h1 = h1s
        .iter()
        .find(|h| {
            let lh = loose(h);
            !lh.is_empty() && cleaned.iter().any(|(_, c)| loose(c) == lh)
        })
        .or_else(|| {
            // An h1 that a source's title starts with ("Headline - Section").
            h1s.iter().find(|h| {
                let lh = loose(h);
                lh.chars().count() >= 10 && raw.iter().any(|(_, r)| loose(r).starts_with(&lh))
            })
        })
        .or_else(|| {
            if cleaned.is_empty() {
                h1s.first()
            } else {
                None
            }
        });

    let mut cands = cleaned;
    if let Some(h) = h1 {
        cands.push((Source::H1, h.clone()));
    }
    if cands.is_empty() {
        return None;
    }
    // Sources that agree (loosely) pool their weight; ties go to the group
    // with the best-trusted source; og:title, else the best-ranked source,
    // gives the exact wording.
    struct Group {
        key: String,
        weight: f32,
        trust: Source,
        wording: Source,
        text: String,
    }
    let mut groups: Vec<Group> = Vec::new();
    for (src, text) in cands {
        let key = loose(&text);
        match groups.iter_mut().find(|g| g.key == key) {
            Some(g) => {
                g.weight += src.weight();
                g.trust = g.trust.min(src);
                if src.text_rank() < g.wording.text_rank() {
                    g.wording = src;
                    g.text = text;
                }
            }
            None => groups.push(Group {
                key,
                weight: src.weight(),
                trust: src,
                wording: src,
                text,
            }),
        }
    }
    groups.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.trust.cmp(&b.trust)));
    groups.into_iter().next().map(|g| g.text)
}

/// Whether `title` is `headline` followed by a separator and a short tail
/// ("Headline-Politics", "Headline | Section"): the tail names a section
/// or the site, since another source gives the headline alone.
fn is_headline_plus_tail(title: &str, headline: &str) -> bool {
    if headline.chars().count() < 10 || title.len() <= headline.len() {
        return false;
    }
    let Some(rest) = title.strip_prefix(headline) else {
        return false;
    };
    let rest = rest.trim_start();
    let Some(tail) = rest.strip_prefix(['-', '|', '–', '—', '·', ':', '/', '｜', '»'])
    else {
        return false;
    };
    let words = tail.split_whitespace().count();
    (1..=4).contains(&words)
}

/// Separators between a kicker and the headline.
const KICKER_SEPARATORS: &[&str] = &[": ", " - ", " – ", " — ", " | "];

/// The headline two titles share after different kickers ("Iranischer
/// Angriff auf Israel: «…»" and "Eskalation im Nahen Osten - «…»"): a
/// kicker is a few words, the shared headline at least four, and the two
/// kickers have no word in common.
fn shared_after_kickers<'a>(a: &'a str, b: &str) -> Option<&'a str> {
    let b_splits: Vec<(&str, &str)> = kicker_splits(b).collect();
    kicker_splits(a).find_map(|(ka, ta)| {
        (ta.split_whitespace().count() >= 4
            && b_splits
                .iter()
                .any(|&(kb, tb)| tb == ta && share_no_word(ka, kb)))
        .then_some(ta)
    })
}

/// Each way of reading a title as "kicker of one to six words, separator,
/// rest".
fn kicker_splits(t: &str) -> impl Iterator<Item = (&str, &str)> {
    KICKER_SEPARATORS.iter().filter_map(move |sep| {
        let i = t.find(sep)?;
        let kicker = &t[..i];
        (1..=6)
            .contains(&words(kicker).count())
            .then(|| (kicker, &t[i + sep.len()..]))
    })
}

fn words(t: &str) -> impl Iterator<Item = &str> {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether two kickers have no word in common: two different ways of
/// placing the story, not one kicker written twice.
fn share_no_word(a: &str, b: &str) -> bool {
    let wb: Vec<String> = words(b).map(str::to_lowercase).collect();
    !words(a).any(|w| wb.contains(&w.to_lowercase()))
}

fn inside_svg(el: scraper::ElementRef) -> bool {
    el.ancestors()
        .filter_map(scraper::ElementRef::wrap)
        .any(|a| a.value().name().eq_ignore_ascii_case("svg"))
}

fn truncated(t: &str) -> bool {
    t.ends_with("...") || t.ends_with('…')
}

/// Loose forms of the names the site goes by.
fn site_names(page: &Page) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let l = loose(s);
        if l.len() >= 2 && !names.contains(&l) {
            names.push(l);
        }
    };
    for key in [
        "og:site_name",
        "application-name",
        "apple-mobile-web-app-title",
        "twitter:site",
        "publisher",
        "dc.publisher",
        "copyright",
    ] {
        for v in page.meta_all(key) {
            push(v);
        }
    }
    if let Some(p) = page.jsonld.publisher_name() {
        push(&p);
    }
    for host in [page.url.as_ref(), page.canonical.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|u| u.host_str())
    {
        let host = host.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
        push(&host);
        if let Some(label) = super::domain_label(&host) {
            push(&label);
        }
    }
    names
}

/// Whether a title segment names the site ("Kompas.com", "REUTERS",
/// "derStandard.at › Panorama").
fn is_site(seg: &str, sites: &[String]) -> bool {
    let l = loose(seg);
    if l.is_empty() {
        return false;
    }
    let words = seg.split_whitespace().count();
    sites.iter().any(|s| {
        l == *s
            || (s.len() >= 4 && l.contains(s.as_str()) && words <= 6)
            || (l.len() >= 4 && s.contains(&l))
    })
}

/// A segment that is only a date ("13.06.2023") or a page label.
fn is_noise(seg: &str) -> bool {
    let t = seg.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | '-' | ' ' | ':'))
        && t.chars().any(|c| c.is_ascii_digit())
}

/// Drops site names (and what only a site would add) from the ends of a
/// title, and keeps just the h1 when the title is the h1 plus extras.
pub(super) fn strip_site(title: &str, sites: &[String], h1s: &[String]) -> String {
    let mut t = clean_text(title);
    for _ in 0..6 {
        let before = t.clone();
        // The h1 followed by a separator and more: the h1 is the headline.
        if let Some(h) = h1s.iter().find(|h| {
            h.chars().count() >= 10
                && t.len() > h.len()
                && t.starts_with(h.as_str())
                && SEPARATORS
                    .iter()
                    .any(|s| t[h.len()..].starts_with(s.trim_end()) || t[h.len()..].starts_with(s))
        }) {
            t = h.clone();
            break;
        }
        // Suffix: " | Site".
        if let Some((head, tail)) = split_last(&t) {
            if !head.is_empty() && (is_site(tail, sites) || is_noise(tail)) {
                t = head.trim().to_string();
                continue;
            }
        }
        // Prefix: "Site | Headline" or "Site: Headline".
        if let Some((head, tail)) = split_first(&t) {
            if !tail.is_empty() && is_site(head, sites) {
                t = tail.trim().to_string();
                continue;
            }
        }
        if let Some((head, tail)) = t.split_once(": ") {
            if head.split_whitespace().count() <= 3 && !tail.is_empty() && is_site(head, sites) {
                t = tail.trim().to_string();
                continue;
            }
        }
        if t == before {
            break;
        }
    }
    t
}

fn split_last(t: &str) -> Option<(&str, &str)> {
    SEPARATORS
        .iter()
        .filter_map(|s| t.rfind(s).map(|i| (i, s.len())))
        .max_by_key(|&(i, _)| i)
        .map(|(i, n)| (&t[..i], &t[i + n..]))
}

fn split_first(t: &str) -> Option<(&str, &str)> {
    SEPARATORS
        .iter()
        .filter_map(|s| t.find(s).map(|i| (i, s.len())))
        .min_by_key(|&(i, _)| i)
        .map(|(i, n)| (&t[..i], &t[i + n..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_suffix_and_prefix() {
        let sites = vec![
            "kompascom".to_string(),
            "kompas".to_string(),
            "reuters".to_string(),
        ];
        assert_eq!(
            strip_site("Judul Berita - Kompas.com", &sites, &[]),
            "Judul Berita"
        );
        assert_eq!(
            strip_site("Headline here | Reuters", &sites, &[]),
            "Headline here"
        );
        assert_eq!(
            strip_site("Reuters: Headline here", &sites, &[]),
            "Headline here"
        );
        assert_eq!(strip_site("A - B", &sites, &[]), "A - B");
        let h1 = vec!["Headline about things".to_string()];
        assert_eq!(
            strip_site("Headline about things - Politics - News", &sites, &h1),
            "Headline about things"
        );
    }

    #[test]
    fn headline_shared_after_different_kickers() {
        assert_eq!(
            shared_after_kickers(
                "Banjir di Jakarta: Ribuan warga mengungsi ke masjid",
                "Cuaca ekstrem - Ribuan warga mengungsi ke masjid"
            ),
            Some("Ribuan warga mengungsi ke masjid")
        );
        // One kicker written twice, a word longer: the kicker stays.
        assert_eq!(
            shared_after_kickers(
                "MSV-Pelatih Budi: \"Tidak ada lagi yang hilang\" kata dia",
                "Pelatih Budi: \"Tidak ada lagi yang hilang\" kata dia"
            ),
            None
        );
        // A shared tail too short to be a headline.
        assert_eq!(
            shared_after_kickers(
                "Banjir di Jakarta: Warga mengungsi",
                "Cuaca - Warga mengungsi"
            ),
            None
        );
        // Punctuation is no kicker.
        assert_eq!(
            shared_after_kickers(
                ".:: Toko Kue ::. Resep dan kue hari ini",
                "Rumah: Toko Kue ::. Resep dan kue hari ini"
            ),
            None
        );
    }
}
