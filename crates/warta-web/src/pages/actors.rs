//! An actor, or a pair of actors, over time: events on a timeline coloured
//! by quad class and the weekly Goldstein sum as a line.

use super::*;
use crate::api::actor_code;
use crate::timeline::{self, Point};
use axum::extract::Path;
use chrono::NaiveDate;
use warta_store::{EventQuery, EventRecord};

/// How many events a chart draws at most (the newest).
const MAX_EVENTS: usize = 5_000;
/// How many of the newest events the table lists; the API has them all.
const TABLE_ROWS: usize = 60;

pub async fn actor(
    state: State<AppState>,
    headers: HeaderMap,
    Path(a): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    show(state, headers, a, None, raw).await
}

pub async fn pair(
    state: State<AppState>,
    headers: HeaderMap,
    Path((a, b)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Response {
    show(state, headers, a, Some(b), raw).await
}

async fn show(
    state: State<AppState>,
    headers: HeaderMap,
    a: String,
    b: Option<String>,
    raw: Option<String>,
) -> Response {
    let path = match &b {
        Some(b) => format!("/actors/{a}/{b}"),
        None => format!("/actors/{a}"),
    };
    let ctx = match reader_ctx(&state, &headers, here(&path, &raw)) {
        Ok(ctx) => ctx,
        Err(page) => return *page,
    };
    let params = match page_params(&ctx, &raw, &["since", "until", "with"]) {
        Ok(p) => p,
        Err(page) => return *page,
    };
    // The "compare with" form asks for a pair by query.
    if let (None, Some(with)) = (&b, params.get("with")) {
        if let (Ok(a), Ok(w)) = (actor_code(&a), actor_code(with)) {
            return Redirect::to(&format!("/actors/{a}/{w}")).into_response();
        }
    }
    let a = match actor_code(&a) {
        Ok(a) => a,
        Err(e) => return error_page(&ctx, &e),
    };
    let b = match b.as_deref().map(actor_code).transpose() {
        Ok(b) => b,
        Err(e) => return error_page(&ctx, &e),
    };
    let mut query = EventQuery {
        limit: MAX_EVENTS,
        ..EventQuery::default()
    };
    match params
        .day("since")
        .and_then(|s| Ok((s, params.day("until")?)))
    {
        Ok((since, until)) => {
            query.since = since.map(|d| d.to_string());
            query.until = until.map(|d| d.to_string());
        }
        Err(e) => return error_page(&ctx, &e),
    }
    match &b {
        Some(b) => query.pair = Some((a.clone(), b.clone())),
        None => query.actor = Some(a.clone()),
    }
    let mut events = match state.blocking(move |s| Ok(s.events(&query)?)).await {
        Ok(e) => e,
        Err(e) => return error_page(&ctx, &e),
    };
    events.sort_by(|x, y| x.event.date.cmp(&y.event.date).then(x.id.cmp(&y.id)));
    let title = match &b {
        Some(b) => format!("{} — {}", ctx.actor(&a), ctx.actor(b)),
        None => ctx.actor(&a),
    };
    let points: Vec<Point> = events.iter().filter_map(|e| point(&ctx, e)).collect();
    let chart = timeline::svg(
        &points,
        [
            ctx.ui.quad(1),
            ctx.ui.quad(2),
            ctx.ui.quad(3),
            ctx.ui.quad(4),
        ],
        &format!("{}: {}", title, ctx.t("Weekly Goldstein sum")),
    );
    let counterparts = if b.is_none() {
        counterparts(&a, &events)
    } else {
        Vec::new()
    };
    let body = html! {
        h1 { (title) }
        p.meta {
            (a) @if let Some(b) = &b { " ⇄ " (b) } " · " (events.len()) " " (ctx.t("events"))
            @if events.len() >= MAX_EVENTS { " (" (MAX_EVENTS) "+)" }
        }
        @if points.is_empty() {
            p.empty { (if b.is_some() { ctx.t("No events between these actors yet.") } else { ctx.t("No events of this actor yet.") }) }
        } @else {
            figure.chart-box {
                (chart)
                figcaption.legend {
                    @for q in 1..=4u8 {
                        span { i style={ "background:" (timeline::quad_colour(q)) } {} (ctx.ui.quad(q)) }
                    }
                    span { i.line {} (ctx.t("Weekly Goldstein sum")) }
                }
            }
        }
        @if b.is_none() {
            form.inline method="get" action={ "/actors/" (a) } {
                label { (ctx.t("Compare with")) " " input name="with" size="7" placeholder="PRK" required; }
                " " button type="submit" { (ctx.t("Show")) }
            }
            @if !counterparts.is_empty() {
                h2 { (ctx.t("Counterparts")) }
                ul.counterparts {
                    @for (other, n, g) in &counterparts {
                        li { a href={ "/actors/" (a) "/" (other) } { (ctx.actor(other)) } " " small.muted { (n) " · " (format!("{g:+.1}")) } }
                    }
                }
            }
        }
        h2 { (ctx.t("Events")) }
        @let api = match &b { Some(b) => format!("/api/events?pair={a},{b}"), None => format!("/api/events?actor={a}") };
        p.muted { a href=(api) { "JSON" } }
        table.events {
            tbody {
                @for e in events.iter().rev().take(TABLE_ROWS) {
                    tr {
                        td { span.q style={ "background:" (timeline::quad_colour(e.event.quad_class)) } title=(ctx.ui.quad(e.event.quad_class)) {} }
                        td.muted { (e.event.date.as_deref().unwrap_or("")) }
                        td { (actor_link(&ctx, &e.event.source)) }
                        td.verb { (ctx.verb(&e.event.code)) " " small.muted { (e.event.code) } }
                        td { (actor_link(&ctx, &e.event.target)) }
                        td { @if let Some(id) = e.article_id { a href={ "/articles/" (id) } { (e.article_title.as_deref().or(e.outlet.as_deref()).unwrap_or("…")) } } }
                    }
                }
            }
        }
    };
    respond(StatusCode::OK, &ctx, layout(&ctx, &title, body))
}

fn point(ctx: &Ctx, e: &EventRecord) -> Option<Point> {
    let day = e
        .event
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())?;
    Some(Point {
        day,
        quad: e.event.quad_class,
        goldstein: e.event.goldstein,
        label: format!(
            "{} {} {} ({})",
            ctx.actor(&e.event.source),
            ctx.verb(&e.event.code),
            ctx.actor(&e.event.target),
            e.event.code
        ),
        href: e.article_id.map(|id| format!("/articles/{id}")),
    })
}

/// The actors that `a` acts with, most events first, with their
/// Goldstein sum.
fn counterparts(a: &str, events: &[EventRecord]) -> Vec<(String, usize, f32)> {
    let mut out: Vec<(String, usize, f32)> = Vec::new();
    for e in events {
        let other = if e.event.source.starts_with(a) {
            &e.event.target
        } else {
            &e.event.source
        };
        // The other side's country (or IGO) code.
        let other: String = other.chars().take(3).collect();
        if other.is_empty() || a.starts_with(&other) {
            continue;
        }
        match out.iter_mut().find(|(o, _, _)| *o == other) {
            Some(x) => {
                x.1 += 1;
                x.2 += e.event.goldstein;
            }
            None => out.push((other, 1, e.event.goldstein)),
        }
    }
    out.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    out.truncate(12);
    out
}
