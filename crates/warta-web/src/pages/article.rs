//! An article's reading view: the clean text with its entities
//! highlighted, quotes marked with their speakers, and beside each block
//! the events its sentences state.

use super::*;
use crate::api::article_json;
use crate::highlight::pieces;
use axum::extract::Path;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Analysis {
    url: Option<String>,
    site: Option<String>,
    title: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    images: Vec<Image>,
    text: String,
    segments: Vec<Segment>,
    entities: Vec<Entity>,
    quotes: Vec<Quote>,
    events: Vec<Event>,
    story: Option<i64>,
    lang: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Image {
    src: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Segment {
    kind: String,
    start: usize,
    end: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entity {
    kind: String,
    canonical: String,
    actor: Option<String>,
    start: usize,
    end: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Quote {
    text: String,
    speaker: Option<String>,
    start: usize,
    end: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Event {
    source: String,
    target: String,
    code: String,
    quad_class: u8,
    goldstein: f32,
    date: Option<String>,
    location: Option<String>,
    start: usize,
    end: usize,
}

pub async fn article(
    state: State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let ctx = match reader_ctx(&state, &headers, format!("/articles/{id}")) {
        Ok(ctx) => ctx,
        Err(page) => return *page,
    };
    let Some(id) = id.parse::<i64>().ok().filter(|n| *n > 0) else {
        return error_page(&ctx, &ApiError::not_found(ctx.t("There is no such page.")));
    };
    let json = match article_json(&state, id).await {
        Ok(Some(j)) => j,
        Ok(None) => return error_page(&ctx, &ApiError::not_found(format!("no article {id}"))),
        Err(e) => return error_page(&ctx, &e),
    };
    let a: Analysis = serde_json::from_value(serde_json::Value::Object(json)).unwrap_or_default();
    let title = a.title.clone().unwrap_or_default();
    let body = render(&ctx, &a);
    respond(StatusCode::OK, &ctx, layout(&ctx, &title, body))
}

fn render(ctx: &Ctx, a: &Analysis) -> Markup {
    let chars: Vec<char> = a.text.chars().collect();
    let entity_spans: Vec<(usize, usize)> = a.entities.iter().map(|e| (e.start, e.end)).collect();
    let quote_spans: Vec<(usize, usize)> = a.quotes.iter().map(|q| (q.start, q.end)).collect();
    let body: Vec<&Segment> = a
        .segments
        .iter()
        .filter(|s| s.kind != "title" && s.kind != "caption")
        .collect();
    html! {
        article.reading lang=[a.lang.as_deref()] {
            h1 { (a.title.as_deref().unwrap_or("")) }
            p.meta {
                @if let Some(s) = &a.site { span.outlet { (s) } " · " }
                @if let Some(p) = &a.published { time datetime=(p) { (p) } " · " }
                @if !a.authors.is_empty() { (a.authors.join(", ")) " · " }
                @if let Some(story) = a.story { a href={ "/stories/" (story) } { (ctx.t("Story")) } " · " }
                @if let Some(u) = a.url.as_deref().and_then(safe_url) {
                    a.original href=(u) rel="noopener noreferrer nofollow" { (ctx.t("Original")) " ↗" }
                }
            }
            @if let Some(img) = a.images.first() {
                (figure(img))
            }
            div.body {
                @for seg in &body {
                    @let events: Vec<&Event> = a.events.iter().filter(|e| e.start < seg.end && e.end > seg.start).collect();
                    @let parts = pieces(&chars, seg.start, seg.end, &entity_spans, &quote_spans);
                    @let text = html! { (marked(a, &parts)) };
                    div.blk {
                        @match seg.kind.as_str() {
                            "heading" => h2 { (text) },
                            "quote" => blockquote { (text) },
                            "list_item" => ul { li { (text) } },
                            _ => p { (text) },
                        }
                        @if !events.is_empty() {
                            aside.ev {
                                @for e in events { (event_note(ctx, e)) }
                            }
                        }
                    }
                }
            }
            @if a.images.len() > 1 {
                h2 { (ctx.t("Images")) }
                @for img in a.images.iter().skip(1) { (figure(img)) }
            }
            @if !a.quotes.is_empty() {
                h2 { (ctx.t("Quotes")) }
                ul.quotes {
                    @for q in &a.quotes {
                        li { q { (q.text) } @if let Some(s) = &q.speaker { " — " span.speaker { (s) } } }
                    }
                }
            }
            @if a.events.is_empty() {
                p.muted { (ctx.t("No events in this article.")) }
            }
        }
    }
}

fn figure(img: &Image) -> Markup {
    html! {
        figure {
            @if let Some(src) = img.src.as_deref().and_then(safe_url) {
                img src=(src) alt=(img.caption.as_deref().unwrap_or("")) loading="lazy" referrerpolicy="no-referrer";
            }
            @if img.caption.is_some() || img.credit.is_some() {
                figcaption {
                    (img.caption.as_deref().unwrap_or(""))
                    @if let Some(c) = &img.credit { " " small.credit { "(" (c) ")" } }
                }
            }
        }
    }
}

/// Text pieces with entities as `<mark>` and quotes as `<q>`, each quote
/// followed by its speaker.
fn marked(a: &Analysis, parts: &[crate::highlight::Piece]) -> Markup {
    html! {
        @for (i, p) in parts.iter().enumerate() {
            @let inner = match p.entity.and_then(|e| a.entities.get(e)) {
                Some(e) => html! {
                    mark class={ "ent " (e.kind.to_ascii_lowercase()) }
                        title={ (e.canonical) @if let Some(code) = &e.actor { " · " (code) } }
                        data-actor=[e.actor.as_deref()] { (p.text) }
                },
                None => html! { (p.text) },
            };
            @match p.quote.and_then(|q| a.quotes.get(q)) {
                Some(q) => {
                    span.quote title=[q.speaker.as_deref()] { (inner) }
                    @let ends = parts.get(i + 1).is_none_or(|n| n.quote != p.quote);
                    @if ends {
                        @if let Some(s) = &q.speaker { sup.speaker { "— " (s) } }
                    }
                },
                None => (inner),
            }
        }
    }
}

fn event_note(ctx: &Ctx, e: &Event) -> Markup {
    let quad = if (1..=4).contains(&e.quad_class) {
        e.quad_class
    } else {
        super::story::quad_of(&e.code)
    };
    html! {
        div.event style={ "border-color:" (crate::timeline::quad_colour(quad)) } {
            (actor_link(ctx, &e.source)) " "
            span.verb { (ctx.verb(&e.code)) } " "
            (actor_link(ctx, &e.target))
            br;
            small.muted {
                (e.code) " · " (format!("{:+.1}", e.goldstein))
                @if let Some(d) = &e.date { " · " (d) }
                @if let Some(l) = &e.location { " · " (l) }
            }
        }
    }
}
