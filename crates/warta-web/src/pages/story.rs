//! A story: every report, and its events merged across the reports.

use super::*;
use crate::api::story_detail;
use axum::extract::Path;

pub async fn story(state: State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let ctx = match reader_ctx(&state, &headers, format!("/stories/{id}")) {
        Ok(ctx) => ctx,
        Err(page) => return *page,
    };
    let Some(id) = id.parse::<i64>().ok().filter(|n| *n > 0) else {
        return error_page(&ctx, &ApiError::not_found(ctx.t("There is no such page.")));
    };
    let detail = match story_detail(&state, id).await {
        Ok(Some(d)) => d,
        Ok(None) => return error_page(&ctx, &ApiError::not_found(format!("no story {id}"))),
        Err(e) => return error_page(&ctx, &e),
    };
    if detail.id != id {
        // The story was merged into another: its address moves for good.
        return Redirect::permanent(&format!("/stories/{}", detail.id)).into_response();
    }
    let title_of = |article: &str| {
        detail
            .articles
            .iter()
            .find(|a| a.id.to_string() == article)
            .map(|a| a.outlet.clone().unwrap_or_else(|| a.title.clone()))
            .unwrap_or_default()
    };
    let body = html! {
        article.story-page {
            h1 { (detail.title) }
            p.meta {
                (ctx.t("First seen")) " " time datetime=(detail.first_seen) { (detail.first_seen.replace('T', " ").replace('Z', " UTC")) }
                " · " (ctx.t("Last seen")) " " time datetime=(detail.last_seen) { (detail.last_seen.replace('T', " ").replace('Z', " UTC")) }
            }
            h2 { (ctx.t("Reports")) " (" (detail.articles.len()) ")" }
            ol.reports {
                @for a in &detail.articles {
                    li {
                        a href={ "/articles/" (a.id) } { (if a.title.is_empty() { a.url.as_str() } else { a.title.as_str() }) }
                        p.meta {
                            @if let Some(o) = &a.outlet { span.outlet { (o) } " · " }
                            @if let Some(l) = &a.lang { span.lang { (l) } " · " }
                            @if let Some(p) = &a.published { time datetime=(p) { (p) } " · " }
                            @if let Some(u) = safe_url(&a.url) { a.original href=(u) rel="noopener noreferrer nofollow" { (ctx.t("Original")) " ↗" } }
                        }
                        @if !a.lead.is_empty() { p.lead { (cut(&a.lead, 260)) } }
                    }
                }
            }
            h2 { (ctx.t("Events")) " (" (detail.events.len()) ")" }
            @if detail.events.is_empty() {
                p.empty { (ctx.t("No events found in this story.")) }
            } @else {
                table.events {
                    tbody {
                        @for e in &detail.events {
                            @let quad = quad_of(e.codes.first().unwrap_or(&e.root));
                            tr {
                                td { span.q style={ "background:" (crate::timeline::quad_colour(quad)) } title=(ctx.ui.quad(quad)) {} }
                                td { (actor_link(&ctx, &e.source)) }
                                td.verb { (ctx.verb(&e.root)) " " small.muted { (e.codes.join(", ")) } }
                                td {
                                    (actor_link(&ctx, &e.target))
                                    @if !e.target.is_empty() && !e.source.is_empty() {
                                        " " a.pair href={ "/actors/" (e.source) "/" (e.target) } title=(ctx.t("Relation")) { "⇄" }
                                    }
                                }
                                td.muted { (e.date.as_deref().unwrap_or("")) @if let Some(l) = &e.location { " · " (l) } }
                                td.muted {
                                    @for (i, s) in e.sources.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        a href={ "/articles/" (s) } { (title_of(s)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    respond(StatusCode::OK, &ctx, layout(&ctx, &detail.title, body))
}

/// The quad class of a CAMEO code, from the project's codebook.
pub fn quad_of(code: &str) -> u8 {
    warta_events::Dictionary::builtin()
        .code_info(code)
        .quad_class
}
