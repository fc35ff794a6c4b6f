//! The front page: stories like a news aggregator, newest activity first.

use super::*;
use crate::api::{stories_page, story_query};
use warta_store::StorySummary;

pub async fn front(
    state: State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = match reader_ctx(&state, &headers, here("/", &raw)) {
        Ok(ctx) => ctx,
        Err(page) => return *page,
    };
    let params = match page_params(&ctx, &raw, &["cursor", "lang", "actor", "limit"]) {
        Ok(p) => p,
        Err(page) => return *page,
    };
    let query = match story_query(&params) {
        Ok(mut q) => {
            if params.get("limit").is_none() {
                q.limit = 30;
            }
            q
        }
        Err(e) => return error_page(&ctx, &e),
    };
    let lang = query.lang.clone();
    let actor = query.actor.clone();
    let (stories, next) = match stories_page(&state, query).await {
        Ok(x) => x,
        Err(e) => return error_page(&ctx, &e),
    };
    let filter_link = |l: Option<&str>| {
        let mut q = Vec::new();
        if let Some(l) = l {
            q.push(format!("lang={l}"));
        }
        if let Some(a) = &actor {
            q.push(format!("actor={a}"));
        }
        if q.is_empty() {
            "/".to_string()
        } else {
            format!("/?{}", q.join("&"))
        }
    };
    let next_link = next.map(|c| {
        let mut q = vec![format!("cursor={c}")];
        if let Some(l) = &lang {
            q.push(format!("lang={l}"));
        }
        if let Some(a) = &actor {
            q.push(format!("actor={a}"));
        }
        format!("/?{}", q.join("&"))
    });
    let body = html! {
        div.filters {
            @for (label, value) in [("all", None), ("Indonesia", Some("id")), ("English", Some("en"))] {
                @let current = lang.as_deref() == value;
                a.chip.on[current] href=(filter_link(value)) { (if value.is_none() { ctx.t("any") } else { label }) }
            }
            @if let Some(a) = &actor {
                span.chip.on { (ctx.actor(a)) " " a href=(format!("/{}", lang.as_ref().map(|l| format!("?lang={l}")).unwrap_or_default())) aria-label="remove" { "×" } }
            }
        }
        @if stories.is_empty() {
            p.empty { (ctx.t("No stories yet.")) }
        }
        ol.stories {
            @for s in &stories {
                (story_card(&ctx, s))
            }
        }
        @if let Some(link) = next_link {
            p.more { a rel="next" href=(link) { (ctx.t("Older stories")) " →" } }
        }
    };
    respond(StatusCode::OK, &ctx, layout(&ctx, ctx.t("Stories"), body))
}

fn story_card(ctx: &Ctx, s: &StorySummary) -> Markup {
    let more = s.outlets.len().saturating_sub(3);
    html! {
        li.story {
            @if let Some(src) = s.image.as_deref().and_then(safe_url) {
                img.thumb src=(src) alt="" loading="lazy" referrerpolicy="no-referrer" width="96" height="72";
            }
            div {
                h2 { a href={ "/stories/" (s.id) } { (s.title) } }
                p.meta {
                    @for (i, o) in s.outlets.iter().take(3).enumerate() {
                        @if i > 0 { ", " }
                        span.outlet { (o) }
                    }
                    @if more > 0 { " +" (more) }
                    " · " (s.articles) " " (if s.articles == 1 { ctx.t("report") } else { ctx.t("reports") })
                    @for l in &s.langs { " " span.lang { (l) } }
                    " · " time datetime=(crate::api::rfc3339(s.last_seen)) { (ctx.ui.when(s.last_seen)) }
                }
                @if !s.lead.is_empty() {
                    p.lead { (cut(&s.lead, 220)) }
                }
                @if !s.top_actors.is_empty() {
                    p.actors {
                        @for (a, n) in &s.top_actors {
                            (actor_link(ctx, a)) small.muted { " " (n) } " "
                        }
                    }
                }
            }
        }
    }
}
