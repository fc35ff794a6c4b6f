//! Messages (pure): what an alert says about a story, as Telegram HTML and
//! as plain text, within Telegram's limits.

use crate::cameo;
use crate::html::{clean, escape, truncate_html, truncate_plain};
use crate::story::{ArticleView, EventView, StoryView};
use chrono::{DateTime, Utc};

/// Telegram's limit on a message's text, after entity parsing.
pub const TEXT_LIMIT: usize = 4096;
/// Telegram's limit on a photo's caption, after entity parsing.
pub const CAPTION_LIMIT: usize = 1024;

/// The language of a message's own words (labels, verbs, actor names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ui {
    /// Indonesian.
    #[default]
    Id,
    /// English.
    En,
    /// Both, Indonesian first: "bertemu / meet".
    Both,
}

impl Ui {
    /// `id`, `en`, or `both`/`id,en`.
    pub fn parse(s: &str) -> Option<Ui> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" => Some(Ui::Id),
            "en" => Some(Ui::En),
            "both" | "id,en" | "id+en" => Some(Ui::Both),
            _ => None,
        }
    }

    pub(crate) fn pick(self, id: &str, en: &str) -> String {
        match self {
            Ui::Id => id.to_string(),
            Ui::En => en.to_string(),
            Ui::Both if id == en => id.to_string(),
            Ui::Both => format!("{id} / {en}"),
        }
    }
}

/// A message for Telegram in both forms, so a send can fall back to plain
/// text when Telegram refuses the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TelegramMessage {
    /// For `sendMessage` with `parse_mode=HTML`; at most 4,096 visible.
    pub text_html: String,
    /// The same without markup, for the fallback.
    pub text_plain: String,
    /// The lead image (http or https URL): send with `sendPhoto`.
    pub photo: Option<String>,
    /// The photo's caption, at most 1,024 visible.
    pub caption_html: Option<String>,
    pub caption_plain: Option<String>,
    /// The article the link preview shows.
    pub link: Option<String>,
}

/// How long each part may be (visible characters) before the whole is cut
/// to the limit; a caption gets tighter budgets so its parts all show.
struct Budget {
    title: usize,
    lead: usize,
    outlets: usize,
    limit: usize,
}

const TEXT: Budget = Budget {
    title: 300,
    lead: 420,
    outlets: 12,
    limit: TEXT_LIMIT,
};
const CAPTION: Budget = Budget {
    title: 200,
    lead: 260,
    outlets: 5,
    limit: CAPTION_LIMIT,
};

/// One line of a message: text, how it is marked up.
enum Part {
    Bold(String),
    Italic(String),
    Text(String),
    Link { text: String, href: String },
}

fn render(parts: &[Part], limit: usize) -> (String, String) {
    let mut html = Vec::new();
    let mut plain = Vec::new();
    for p in parts {
        match p {
            Part::Bold(t) => {
                html.push(format!("<b>{}</b>", escape(t)));
                plain.push(clean(t));
            }
            Part::Italic(t) => {
                html.push(format!("<i>{}</i>", escape(t)));
                plain.push(clean(t));
            }
            Part::Text(t) => {
                html.push(escape(t));
                plain.push(clean(t));
            }
            Part::Link { text, href } => {
                html.push(format!("<a href=\"{}\">{}</a>", escape(href), escape(text)));
                plain.push(format!("{}: {}", clean(text), clean(href)));
            }
        }
    }
    (
        truncate_html(&html.join("\n"), limit),
        truncate_plain(&plain.join("\n"), limit),
    )
}

/// Collapses whitespace to single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cut(s: &str, max: usize) -> String {
    truncate_plain(&one_line(s), max)
}

/// The lead's first two sentences, as "two lines" of a message.
fn two_lines(lead: &str, max: usize) -> String {
    let text = one_line(lead);
    let mut end = text.len();
    let mut seen = 0;
    let b = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?') && (i + 1 == text.len() || b[i + 1] == b' ') {
            seen += 1;
            if seen == 2 {
                end = i + 1;
                break;
            }
        }
    }
    truncate_plain(&text[..end], max)
}

pub(crate) fn is_web_url(u: &str) -> bool {
    url::Url::parse(u)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

fn host(u: &str) -> Option<String> {
    url::Url::parse(u)
        .ok()?
        .host_str()
        .map(|h| h.trim_start_matches("www.").to_string())
}

/// The outlet's name, else the article's host.
pub(crate) fn outlet_of(a: &ArticleView) -> String {
    a.outlet
        .as_deref()
        .map(one_line)
        .filter(|o| !o.is_empty())
        .or_else(|| host(&a.url))
        .unwrap_or_default()
}

/// "2025-03-01 14:05 UTC+07:00" from the article's date, else the story's
/// first sighting in UTC.
fn when(a: Option<&ArticleView>, story: &StoryView) -> String {
    if let Some(p) = a.and_then(|a| a.published.as_deref()) {
        if let Ok(t) = DateTime::parse_from_rfc3339(p.trim()) {
            let off = t.format("%:z").to_string();
            let zone = if off == "+00:00" {
                "UTC".to_string()
            } else {
                format!("UTC{off}")
            };
            return format!("{} {zone}", t.format("%Y-%m-%d %H:%M"));
        }
        let p = p.trim();
        if p.len() == 10 && p.as_bytes()[4] == b'-' {
            return p.to_string();
        }
    }
    DateTime::<Utc>::from_timestamp(story.first_seen, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// The event a message names: one with a target before one without, then
/// the strongest Goldstein weight, then the first.
pub fn key_event(story: &StoryView) -> Option<&EventView> {
    let mut best: Option<&EventView> = None;
    for e in &story.events {
        let score = |e: &EventView| (!e.target.trim().is_empty(), e.goldstein.abs());
        if best.is_none_or(|b| score(e) > score(b)) {
            best = Some(e);
        }
    }
    best
}

/// "Rusia — Korea Utara: bertemu", the event in words.
pub fn event_in_words(e: &EventView, ui: Ui) -> String {
    let who = cameo::actor_name(&e.source, ui);
    let verb = cameo::verb(e.root(), ui).unwrap_or_else(|| e.code.clone());
    if e.target.trim().is_empty() {
        format!("{who}: {verb}")
    } else {
        format!("{who} — {}: {verb}", cameo::actor_name(&e.target, ui))
    }
}

/// The other outlets of the story with their languages, first seen first,
/// no repeats: "Tempo (id), Reuters (en) +3".
fn other_outlets(story: &StoryView, max: usize) -> Option<String> {
    let first = story.articles.first().map(outlet_of);
    let mut seen: Vec<(String, Option<String>)> = Vec::new();
    for a in story.articles.iter().skip(1) {
        let o = outlet_of(a);
        if o.is_empty() || Some(&o) == first.as_ref() || seen.iter().any(|(s, _)| *s == o) {
            continue;
        }
        seen.push((o, a.lang.clone()));
    }
    if seen.is_empty() {
        return None;
    }
    let shown: Vec<String> = seen
        .iter()
        .take(max)
        .map(|(o, l)| match l {
            Some(l) if !l.trim().is_empty() => format!("{} ({})", cut(o, 60), l.trim()),
            _ => cut(o, 60),
        })
        .collect();
    let mut s = shown.join(", ");
    if seen.len() > max {
        s.push_str(&format!(" +{}", seen.len() - max));
    }
    Some(s)
}

fn languages(story: &StoryView) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in &story.articles {
        if let Some(l) = a.lang.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            if !out.iter().any(|x| x == l) {
                out.push(l.to_string());
            }
        }
    }
    out
}

fn parts(story: &StoryView, ui: Ui, b: &Budget) -> Vec<Part> {
    let lead_article = story.articles.first();
    let mut title = lead_article
        .map(|a| one_line(&a.title))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| one_line(&story.title));
    if title.is_empty() {
        title = ui.pick("(tanpa judul)", "(untitled)");
    }
    let mut out = vec![Part::Bold(cut(&title, b.title))];
    let outlet = lead_article.map(outlet_of).unwrap_or_default();
    let time = when(lead_article, story);
    let byline = match (outlet.is_empty(), time.is_empty()) {
        (false, false) => format!("{} · {time}", cut(&outlet, 100)),
        (false, true) => cut(&outlet, 100),
        (true, _) => time,
    };
    if !byline.is_empty() {
        out.push(Part::Text(byline));
    }
    if let Some(lead) = lead_article
        .map(|a| two_lines(&a.lead, b.lead))
        .filter(|l| !l.is_empty())
    {
        out.push(Part::Text(lead));
    }
    if let Some(e) = key_event(story) {
        out.push(Part::Italic(cut(&event_in_words(e, ui), 200)));
    }
    if let Some(others) = other_outlets(story, b.outlets) {
        out.push(Part::Text(format!(
            "{}: {others}",
            ui.pick("Juga diberitakan", "Also reported by")
        )));
        let langs = languages(story);
        if langs.len() > 1 {
            out.push(Part::Text(format!(
                "{}: {}",
                ui.pick("Bahasa", "Languages"),
                langs.join(", ")
            )));
        }
    }
    if let Some(a) = lead_article.filter(|a| is_web_url(&a.url)) {
        out.push(Part::Link {
            text: ui.pick("Baca selengkapnya", "Read more"),
            href: a.url.clone(),
        });
    }
    out
}

/// The message for a story's first matching report: title, outlet and
/// time, two lines of lead, the key event in words, the other outlets and
/// languages so far, a link. With a lead image it also carries a photo and
/// a caption within 1,024 characters.
pub fn telegram_message(story: &StoryView, ui: Ui) -> TelegramMessage {
    let (text_html, text_plain) = render(&parts(story, ui, &TEXT), TEXT.limit);
    let first = story.articles.first();
    let photo = first
        .and_then(|a| a.image.as_deref())
        .map(str::trim)
        .filter(|u| is_web_url(u))
        .map(str::to_string);
    let (caption_html, caption_plain) = if photo.is_some() {
        let (h, p) = render(&parts(story, ui, &CAPTION), CAPTION.limit);
        (Some(h), Some(p))
    } else {
        (None, None)
    };
    TelegramMessage {
        text_html,
        text_plain,
        photo,
        caption_html,
        caption_plain,
        link: first.map(|a| a.url.clone()).filter(|u| is_web_url(u)),
    }
}

/// The answer to a first message when later reports come (`--updates` in
/// reply mode): the new outlets with their titles and links.
pub fn telegram_update(story: &StoryView, new: &[ArticleView], ui: Ui) -> TelegramMessage {
    let mut p = vec![Part::Bold(format!(
        "{}: {}",
        ui.pick("Pembaruan", "Update"),
        cut(&story.title, 200)
    ))];
    for a in new.iter().take(20) {
        let line = format!("{}: {}", cut(&outlet_of(a), 60), cut(&a.title, 200));
        if is_web_url(&a.url) {
            p.push(Part::Link {
                text: line,
                href: a.url.clone(),
            });
        } else {
            p.push(Part::Text(line));
        }
    }
    let (text_html, text_plain) = render(&p, TEXT_LIMIT);
    TelegramMessage {
        text_html,
        text_plain,
        photo: None,
        caption_html: None,
        caption_plain: None,
        link: new.first().map(|a| a.url.clone()).filter(|u| is_web_url(u)),
    }
}

/// The message as plain text (what the fallback sends).
pub fn plain_text(story: &StoryView, ui: Ui) -> String {
    telegram_message(story, ui).text_plain
}
