//! Scraped plain text: the same cleaning rules as for HTML, line by line.
//!
//! Scraped text keeps what the page wrapped around the article: calls to
//! action, bylines, photo captions with their credits, a dateline naming
//! the outlet, a "continued on the next page" prompt. Each line is first
//! classified on its own (boilerplate, byline, date, caption, content);
//! the content lines then give the title, headings, list items and
//! paragraphs by their position and shape.

use crate::credit::{find_credit, CreditKind};
use crate::lines;
use crate::textutil::normalize_space;
use crate::textutil::word_count;
use crate::ExtractOptions;
use regex::Regex;
use std::sync::LazyLock;
use warta_model::{Article, Block, BlockKind, Image};

/// Extracts an article from scraped plain text.
pub fn extract_text(text: &str, opts: &ExtractOptions) -> Article {
    let lines = classify_lines(text);
    let mut article = Article {
        url: opts.url.as_ref().map(|u| u.to_string()),
        site: opts.url.as_ref().and_then(site_from_url),
        ..Article::default()
    };

    let last_content = lines.iter().rposition(|l| matches!(l, Line::Content(_)));
    let mut content_lines = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        match line {
            Line::Boilerplate => {}
            // Only a prompt with no article text after it means the
            // article goes on elsewhere; one in the middle is page glue.
            Line::Continue => {
                if last_content.is_none_or(|last| i > last) {
                    article.continued = true;
                }
            }
            Line::Authors(names) => {
                for name in names {
                    if !article.authors.contains(&name) {
                        article.authors.push(name);
                    }
                }
            }
            Line::Published(date) => {
                if article.published.is_none() {
                    article.published = date;
                }
            }
            Line::Modified(date) => {
                if article.modified.is_none() {
                    article.modified = date;
                }
            }
            Line::Caption(image) => article.images.push(image),
            Line::Content(text) => content_lines.push(text),
        }
    }

    let mut dateline_site = None;
    article.blocks = shape_blocks(content_lines, &mut article.title, &mut dateline_site);
    if article.site.is_none() {
        article.site = dateline_site;
    }
    let sample: String = article
        .title
        .iter()
        .map(String::as_str)
        .chain(article.paragraphs())
        .collect::<Vec<_>>()
        .join(" ");
    article.lang = crate::textutil::guess_lang(&sample);
    if article.blocks.is_empty() {
        article.empty_reason = Some(if text.trim().is_empty() {
            "the text is empty".to_string()
        } else {
            "no body text: every line is a title, call to action, byline, date or caption"
                .to_string()
        });
    }
    article
}

/// What one line of scraped text is.
#[derive(Debug)]
enum Line {
    /// Calls to action, share prompts, ads, footers, navigation.
    Boilerplate,
    /// "Simak selengkapnya di halaman berikutnya" and kin.
    Continue,
    Authors(Vec<String>),
    Published(Option<String>),
    Modified(Option<String>),
    Caption(Image),
    Content(String),
}

fn classify_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut previous: Option<String> = None;
    for raw in text.lines() {
        let line = normalize_space(raw);
        if line.is_empty() {
            continue;
        }
        // Scrapers often repeat a line (title and og:title, caption twice).
        if previous.as_deref() == Some(line.as_str()) {
            continue;
        }
        previous = Some(line.clone());
        out.push(classify(line));
    }
    out
}

fn classify(line: String) -> Line {
    // Emoji, rules, bullets with nothing after them.
    if !line.chars().any(char::is_alphanumeric) {
        return Line::Boilerplate;
    }
    let words = word_count(&line);
    if lines::is_continuation_prompt(&line) {
        return Line::Continue;
    }
    if lines::is_call_to_action(&line) {
        return Line::Boilerplate;
    }
    if let Some(byline) = byline(&line) {
        return byline;
    }
    if let Some(date) = date_line(&line, words) {
        return date;
    }
    if let Some(caption) = caption_line(&line, words) {
        return caption;
    }
    if lines::is_editor_code(&line) {
        return Line::Boilerplate;
    }
    Line::Content(line)
}

// ---------------------------------------------------------------------------
// Boilerplate

// ---------------------------------------------------------------------------
// Bylines and dates

/// "Penulis: X | Editor: Y", "Reporter: X", "Editor: Y".
static RE_BYLINE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[\s|•·,;]+)(penulis|reporter|pewarta|kontributor|wartawan|writer|written\s+by|author|editor|penyunting|redaktur(?:\s+pelaksana)?|editing|fotografer|photographer|videografer|penerjemah|translator)\s*:\s*",
    )
    .expect("byline field regex")
});

/// "By John Doe", "Oleh: Jane Doe".
static RE_BY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:by|oleh)\s*:?\s+(\p{Lu}[\p{L}.'’-]*(?:(?:\s+|\s*,\s*|\s+(?:and|dan|&)\s+)(?:\p{Lu}[\p{L}.'’-]*|de|van|von|der|bin|binti|al|el))*)$",
    )
    .expect("by line regex")
});

/// "Laporan wartawan Tribunnews.com, Ilham Rian Pratama".
static RE_REPORT_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:laporan\s+(?:wartawan|reporter|koresponden))\s+[^,]{2,40},\s*(\p{Lu}[\p{L}.'’ -]{2,60})$")
        .expect("report by regex")
});

fn byline(line: &str) -> Option<Line> {
    if let Some(c) = RE_REPORT_BY.captures(line) {
        return Some(Line::Authors(split_names(c.get(1)?.as_str())));
    }
    if let Some(c) = RE_BY_LINE.captures(line) {
        let names = c.get(1)?.as_str();
        if names.split_whitespace().count() <= 12 {
            return Some(Line::Authors(split_names(names)));
        }
    }
    let fields: Vec<_> = RE_BYLINE_FIELD.captures_iter(line).collect();
    let first = fields.first()?;
    if first.get(0)?.start() != 0 || line.split_whitespace().count() > 24 {
        return None;
    }
    let mut authors = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        let (Some(label), Some(whole)) = (field.get(1), field.get(0)) else {
            continue;
        };
        let end = fields
            .get(i + 1)
            .and_then(|f| f.get(0))
            .map_or(line.len(), |m| m.start());
        let value = line.get(whole.end()..end).unwrap_or_default();
        // "Reporter: Why did you ...?" in a transcript is speech, not a byline.
        if value.split_whitespace().count() > 8 || value.trim_end().ends_with(['?', '!']) {
            return None;
        }
        let label = label.as_str().to_lowercase();
        let is_author = [
            "penulis",
            "reporter",
            "pewarta",
            "kontributor",
            "wartawan",
            "writer",
            "written",
            "author",
        ]
        .iter()
        .any(|l| label.starts_with(l));
        if is_author {
            authors.extend(split_names(value));
        }
    }
    Some(Line::Authors(authors))
}

/// Splits "A, B dan C" into names, dropping what cannot be a name.
fn split_names(s: &str) -> Vec<String> {
    static RE_SEP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s*(?:,|;|\||&|/|\s+dan\s+|\s+and\s+)\s*").expect("names regex")
    });
    static RE_PAREN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\([^)]*\)").expect("paren regex"));
    let s = RE_PAREN.replace_all(s, " ");
    RE_SEP
        .split(&s)
        .map(|n| {
            normalize_space(n.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == '-'))
        })
        .filter(|n| {
            let words = n.split_whitespace().count();
            (1..=6).contains(&words)
                && n.chars().next().is_some_and(char::is_uppercase)
                && !n.chars().any(|c| c.is_ascii_digit())
        })
        .collect()
}

static RE_DATE_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
            \b\d{1,2}\s+(?:jan|feb|mar|apr|mei|may|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec)[a-z]*\.?,?\s+\d{4}\b
          | \b(?:jan|feb|mar|apr|mei|may|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b
          | \b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b
          | \b\d{4}-\d{2}-\d{2}\b
        ",
    )
    .expect("date shape regex")
});

static RE_DATE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(diperbarui|diupdate|update[d]?|last\s+updated|modified|diubah)|(dipublikasikan|diterbitkan|dipublish|published|posted|terbit|tayang|pada))\s*(?:on|pada)?\s*:?\s*",
    )
    .expect("date prefix regex")
});

/// A line that is only a date ("Kamis, 14 Sep 2023 10:15 WIB"), perhaps
/// with a "Published"/"Diperbarui" prefix.
fn date_line(line: &str, words: usize) -> Option<Line> {
    if words > 10 || line.ends_with('.') {
        return None;
    }
    let date = RE_DATE_SHAPE.find(line)?;
    // What is not the date must be a weekday, time, zone or a short
    // prefix, not a sentence.
    let others = words.saturating_sub(date.as_str().split_whitespace().count());
    if others > 5 {
        return None;
    }
    let (modified, body) = match RE_DATE_PREFIX.captures(line) {
        Some(c) => (
            c.get(1).is_some(),
            line.get(c.get(0)?.end()..).unwrap_or_default(),
        ),
        None => (false, line),
    };
    let value = crate::dates::parse_date(body)
        .or_else(|| crate::dates::parse_date(line))
        .map(|d| d.to_output());
    Some(if modified {
        Line::Modified(value)
    } else {
        Line::Published(value)
    })
}

// ---------------------------------------------------------------------------
// Captions

fn caption_line(line: &str, words: usize) -> Option<Line> {
    let split = find_credit(line)?;
    let caption_words = split.caption.as_deref().map_or(0, word_count);
    if caption_words > 60 {
        return None;
    }
    match (split.kind, &split.caption) {
        (CreditKind::Photo, _) => {}
        // "Sumber: Kompas.com" alone credits the whole text, not a photo.
        (CreditKind::Source, None) => return Some(Line::Boilerplate),
        (CreditKind::Source, Some(_)) => {}
        // A bare "Getty Images" / "© dpa" line is a leftover photo credit;
        // a sentence ending in "(Reuters)" is not a caption.
        (CreditKind::Weak, None) if words <= 6 => {}
        (CreditKind::Weak, _) => return None,
    }
    Some(Line::Caption(Image {
        src: None,
        caption: split.caption,
        credit: Some(split.credit),
    }))
}

// ---------------------------------------------------------------------------
// Title, headings, paragraphs

const DOMAIN: &str = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?i:com|co\.id|id|net|org|co|news|tv|info|io|co\.uk|com\.my|my|sg|or\.id|go\.id|ac\.id|web\.id|de|fr|nl|au|in|ph)";

/// "ANDALPOST.COM — ", "JAKARTA, KOMPAS.com - ".
static RE_DATELINE_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[\p{{Lu}}][\p{{L}}.' -]{{1,40}}?,\s*)?({DOMAIN})(?:,\s*[\p{{Lu}}][\p{{L}}.' -]{{1,40}}?)?\s*[-–—|]+(?:\s+|$)"
    ))
    .expect("dateline domain regex")
});

/// "Jakarta (ANTARA) - ", "WASHINGTON (Reuters) - ", "NEW YORK, Sept 13 (Reuters) - ".
static RE_DATELINE_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\p{Lu}][\p{L}.' -]{1,40}?(?:,\s*[\p{L}\d ./-]{1,30}?)?\s*\(([\p{L}][\p{L}\d .&-]{1,40})\)\s*[-–—]+(?:\s+|$)",
    )
    .expect("dateline agency regex")
});

/// "JAKARTA - ", "BANDUNG, Senin – ": a place only, names no site.
static RE_DATELINE_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{Lu} .'-]{2,40}?(?:,\s*[\p{L}\d ()/.]{1,30}?)?\s*[-–—]+\s+")
        .expect("dateline place regex")
});

/// Removes a dateline from the start of a paragraph; returns the rest and
/// the site it names.
fn strip_dateline(line: &str) -> Option<(String, Option<String>)> {
    if let Some(c) = RE_DATELINE_DOMAIN.captures(line) {
        let domain = c.get(1)?.as_str().to_lowercase();
        let rest = line.get(c.get(0)?.end()..)?.trim().to_string();
        return Some((rest, Some(domain.trim_start_matches("www.").to_string())));
    }
    if let Some(c) = RE_DATELINE_AGENCY.captures(line) {
        let agency = c.get(1)?.as_str().trim();
        let rest = line.get(c.get(0)?.end()..)?.trim().to_string();
        let site = if RE_DOMAIN_ONLY.is_match(agency) {
            agency.to_lowercase()
        } else {
            agency.to_string()
        };
        return Some((rest, Some(site)));
    }
    let m = RE_DATELINE_PLACE.find(line)?;
    // The place must be a real all-caps word, not an acronym opening a sentence.
    let place: String = line[..m.end()]
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if place.chars().count() < 4 || !place.chars().any(char::is_uppercase) {
        return None;
    }
    Some((line[m.end()..].trim().to_string(), None))
}

static RE_DOMAIN_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{DOMAIN}$")).expect("domain regex"));

/// Words left lower-case in title case.
const MINOR_WORDS: &[&str] = &[
    "di", "ke", "dari", "dan", "yang", "untuk", "dengan", "pada", "atau", "dalam", "oleh", "bagi",
    "para", "si", "sang", "the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or",
    "but", "with", "by", "from", "as", "is", "vs", "via", "der", "die", "das", "und", "von", "im",
    "mit", "zu", "auf", "de", "la", "le", "el", "y", "et",
];

fn ends_like_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '”', '’', '\'', ')', '»', '」', '』', '）'])
        .ends_with(['.', ',', ';', ':', '…', '!', '。', '．', '｡', '，', '！'])
}

fn is_title_case(line: &str) -> bool {
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    if !first
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    {
        return false;
    }
    let (mut content, mut capital) = (0usize, 0usize);
    for w in &words[1..] {
        if MINOR_WORDS.contains(&w.to_lowercase().as_str()) {
            continue;
        }
        content += 1;
        if w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        {
            capital += 1;
        }
    }
    content == 0 || capital * 10 >= content * 7
}

/// Title-shaped: a short line with no final stop.
fn is_title_like(line: &str) -> bool {
    let words = word_count(line);
    (3..=25).contains(&words) && line.chars().count() <= 220 && !ends_like_sentence(line)
}

/// Heading-shaped: short, title-cased, no final punctuation but a question mark.
fn is_heading_like(line: &str) -> bool {
    let words = word_count(line);
    let chars = line.chars().count();
    // Scripts without case (CJK, Arabic, Thai...) cannot be title-cased;
    // shortness and the missing stop have to do.
    let caseless = !line.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    (1..=14).contains(&words)
        && chars <= 120
        && !ends_like_sentence(line)
        && (is_title_case(line) || words == 1 && chars >= 4 || caseless && chars <= 30)
        && line.chars().filter(|c| c.is_alphabetic()).count() >= 3
}

static RE_BULLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[•▪●◦‣∙·*-]\s+(\S.*)|\d{1,2}[.)]\s+\S.*)$").expect("bullet regex")
});

fn shape_blocks(
    lines: Vec<String>,
    title: &mut Option<String>,
    site: &mut Option<String>,
) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut dateline_tries = 0usize;
    let n = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let started = !blocks.is_empty();
        if !started && title.is_none() {
            if is_title_like(&line) && RE_DATELINE_DOMAIN.find(&line).is_none() {
                *title = Some(line);
                continue;
            }
            // Section names and crumbs above the headline.
            if word_count(&line) < 3 && !ends_like_sentence(&line) {
                continue;
            }
        }
        if title.as_deref() == Some(line.as_str()) {
            continue;
        }
        // Bullets go, numbers stay: "1." carries meaning ("the first of five").
        if let Some(c) = RE_BULLET.captures(&line) {
            let item = c.get(1).map_or(line.as_str(), |m| m.as_str());
            blocks.push(Block::new(BlockKind::ListItem, item));
            continue;
        }
        let is_last = i + 1 == n;
        if started && !is_last && is_heading_like(&line) {
            blocks.push(Block::new(BlockKind::Heading, line));
            continue;
        }
        let mut text = line;
        if dateline_tries < 3 {
            dateline_tries += 1;
            if let Some((rest, named)) = strip_dateline(&text) {
                dateline_tries = usize::MAX;
                if site.is_none() {
                    *site = named;
                }
                text = rest;
            }
        }
        if text.is_empty() {
            continue;
        }
        blocks.push(Block::new(BlockKind::Paragraph, text));
    }
    blocks
}

fn site_from_url(url: &url::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let d = |s: &str| strip_dateline(s);
        assert_eq!(
            d("ANDALPOST.COM — Pemimpin Korea Utara tiba."),
            Some((
                "Pemimpin Korea Utara tiba.".into(),
                Some("andalpost.com".into())
            ))
        );
        assert_eq!(
            d("JAKARTA, KOMPAS.com - Presiden meninjau banjir."),
            Some((
                "Presiden meninjau banjir.".into(),
                Some("kompas.com".into())
            ))
        );
        assert_eq!(
            d("Liputan6.com, Jakarta - Harga beras naik."),
            Some(("Harga beras naik.".into(), Some("liputan6.com".into())))
        );
        assert_eq!(
            d("Jakarta (ANTARA) - Harga beras naik."),
            Some(("Harga beras naik.".into(), Some("ANTARA".into())))
        );
        assert_eq!(
            d("WASHINGTON (Reuters) - The Senate voted."),
            Some(("The Senate voted.".into(), Some("Reuters".into())))
        );
        assert_eq!(
            d("NEW YORK, Sept 13 (Reuters) - Stocks fell."),
            Some(("Stocks fell.".into(), Some("Reuters".into())))
        );
        assert_eq!(
            d("BANDUNG - Hujan deras."),
            Some(("Hujan deras.".into(), None))
        );
        assert_eq!(d("Pemimpin Korea Utara tiba - kata dia."), None);
        assert_eq!(d("Jakarta (13/9) - Hujan."), None);
        assert_eq!(d("PBB - resolusi baru."), None);
    }

    #[test]
    fn title_case() {
        assert!(is_title_case("Sejarah Hubungan Kedua Negara Kuat"));
        assert!(is_title_case("Putin dan Kim di Vostochny"));
        assert!(!is_title_case("Putin juga mengatakan hal itu"));
    }

    #[test]
    fn sentences_that_share_words_with_calls_to_action_stay() {
        for line in [
            "Iklan rokok dilarang tayang di televisi sebelum pukul sepuluh malam.",
            "Google News meluncurkan fitur baru untuk pembaca di Indonesia.",
            "About two million households subscribe to the service, the company said.",
            "UU Hak Cipta mengatur perlindungan karya cipta lagu.",
            "More news outlets are expected to join the coalition next year.",
            "Warga bisa mendapatkan informasi di posko terdekat.",
        ] {
            assert!(
                matches!(classify(line.to_string()), Line::Content(_)),
                "{line}"
            );
        }
        for line in [
            "ADVERTISEMENT",
            "Iklan",
            "Share",
            "Subscribe",
            "Simak berita dan artikel lainnya di Google News",
            "Baca juga: Harga Beras Naik",
            "Follow us on Instagram",
            "Scroll to continue with content",
            "Copyright © 2023 Kompas.com. All rights reserved.",
            "Home » Berita » Internasional",
            "Home / News / World",
            "Beranda | Nasional | Politik",
        ] {
            assert!(
                matches!(classify(line.to_string()), Line::Boilerplate),
                "{line}"
            );
        }
    }

    #[test]
    fn continuation_prompts() {
        for line in [
            "Simak selengkapnya di halaman berikutnya.",
            "Baca selengkapnya di halaman berikutnya",
            "Baca selengkapnya di halaman 2",
            "Lanjut ke halaman berikutnya",
            "Halaman selanjutnya",
            "Continued on the next page",
            "Bersambung",
        ] {
            assert!(
                matches!(classify(line.to_string()), Line::Continue),
                "{line}"
            );
        }
        for line in [
            "Informasi selengkapnya dapat dilihat di halaman resmi Kemenkes.",
            "Daftar lengkapnya ada di halaman berikut ini, kata juru bicara.",
        ] {
            assert!(
                matches!(classify(line.to_string()), Line::Content(_)),
                "{line}"
            );
        }
    }

    #[test]
    fn transcript_speaker_is_not_a_byline() {
        assert!(matches!(
            classify("Reporter: Why did you decide to resign now?".to_string()),
            Line::Content(_)
        ));
    }

    #[test]
    fn cjk_lines_are_not_one_word_crumbs() {
        let text = "中国航天合作论坛在福州开幕\n４月24日，习近平主席向首届论坛致贺信，在会场内外引发热烈反响。\n大家表示，贺信阐明了合作的重要意义。\n";
        let a = extract_text(text, &ExtractOptions::default());
        assert_eq!(a.title.as_deref(), Some("中国航天合作论坛在福州开幕"));
        assert_eq!(a.paragraphs().count(), 2);
    }

    #[test]
    fn dialogue_dash_is_not_a_list() {
        let a = extract_text(
            "Statsministeren Talte i Nuuk\nFørste afsnit af artiklen.\n– Jeg anerkender fuldt ud de ønsker, der er, lyder det fra hende.\n",
            &ExtractOptions::default(),
        );
        assert!(a.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
    }

    #[test]
    fn editor_codes() {
        assert!(lines::is_editor_code("(das/das)"));
        assert!(lines::is_editor_code("(rds/dnu)"));
        assert!(!lines::is_editor_code("(Reuters)"));
    }

    #[test]
    fn names() {
        assert_eq!(
            split_names("Ahmad Sahroni, Budi dan Citra"),
            vec!["Ahmad Sahroni", "Budi", "Citra"]
        );
        assert_eq!(split_names("John Doe (Jakarta)"), vec!["John Doe"]);
    }
}
