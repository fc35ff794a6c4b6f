//! Search: words and filters for language, outlet, actor and event type;
//! results grouped by story.

use super::*;
use crate::api::{search_page, search_query};
use warta_search::group_by_story;

const ROOTS: [&str; 20] = [
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20",
];

pub async fn search(
    state: State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = match reader_ctx(&state, &headers, here("/search", &raw)) {
        Ok(ctx) => ctx,
        Err(page) => return *page,
    };
    let params = match page_params(
        &ctx,
        &raw,
        &[
            "q", "lang", "outlet", "actor", "event", "since", "until", "cursor", "limit",
        ],
    ) {
        Ok(p) => p,
        Err(page) => return *page,
    };
    let q = params.get("q").unwrap_or("").to_string();
    let lang = params.get("lang").unwrap_or("").to_string();
    let outlet = params.get("outlet").unwrap_or("").to_string();
    let actor = params.get("actor").unwrap_or("").to_string();
    let event = params.get("event").unwrap_or("").to_string();
    let since = params.get("since").unwrap_or("").to_string();
    let until = params.get("until").unwrap_or("").to_string();
    let asked = !(q.is_empty() && actor.is_empty() && event.is_empty() && outlet.is_empty());
    let results = if asked {
        match search_query(&params) {
            Ok((query, offset)) => Some(search_page(&state, query, offset).await),
            Err(e) => Some(Err(e)),
        }
    } else {
        None
    };
    let form = html! {
        form.search method="get" action="/search" role="search" {
            input type="search" name="q" value=(q) placeholder="kerja sama militer" aria-label=(ctx.t("Search")) autofocus;
            div.row {
                label { (ctx.t("Language")) " "
                    select name="lang" {
                        option value="" { (ctx.t("any")) }
                        option value="id" selected[lang == "id"] { "Indonesia" }
                        option value="en" selected[lang == "en"] { "English" }
                    }
                }
                label { (ctx.t("Outlet")) " " input name="outlet" value=(outlet) size="12"; }
                label { (ctx.t("Actor")) " " input name="actor" value=(actor) size="7" placeholder="PRK"; }
                label { (ctx.t("Event type")) " "
                    select name="event" {
                        option value="" { (ctx.t("any")) }
                        @for r in ROOTS {
                            option value=(r) selected[event == r] { (r) " " (ctx.verb(r)) }
                        }
                    }
                }
                label { (ctx.t("From")) " " input type="date" name="since" value=(since); }
                label { (ctx.t("To")) " " input type="date" name="until" value=(until); }
                button type="submit" { (ctx.t("Search")) }
            }
        }
    };
    let (status, results_markup) = match results {
        None => (StatusCode::OK, html! {}),
        Some(Err(e)) if e.code == "search_unavailable" => (
            StatusCode::SERVICE_UNAVAILABLE,
            html! { p.error { (ctx.t("The search index is not built yet.")) " " (e.message) } },
        ),
        Some(Err(e)) => (e.status, html! { p.error { (e.message) } }),
        Some(Ok((hits, next))) => {
            let groups = group_by_story(&hits);
            let next_link = next.map(|c| {
                let mut pairs: Vec<(String, String)> =
                    url::form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes())
                        .filter(|(k, _)| k != "cursor")
                        .map(|(k, v)| (k.into_owned(), v.into_owned()))
                        .collect();
                pairs.push(("cursor".into(), c));
                let q: String = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                format!("/search?{q}")
            });
            (
                StatusCode::OK,
                html! {
                    @if hits.is_empty() { p.empty { (ctx.t("No articles found.")) } }
                    ol.results {
                        @for g in &groups {
                            li.group {
                                @for (i, h) in g.iter().enumerate() {
                                    div.hit.first[i == 0] {
                                        a href={ "/articles/" (h.article_id) } { (if h.title.is_empty() { h.url.as_str() } else { h.title.as_str() }) }
                                        p.meta {
                                            @if let Some(o) = &h.outlet { span.outlet { (o) } " · " }
                                            @if let Some(l) = &h.lang { span.lang { (l) } " · " }
                                            @if let Some(p) = &h.published { (p.get(..10).unwrap_or(p)) }
                                            @if i == 0 { @if let Some(s) = h.story { " · " a href={ "/stories/" (s) } { (ctx.t("Story")) } } }
                                        }
                                        @if i == 0 && !h.snippet.is_empty() { p.snippet { (snippet(&h.snippet)) } }
                                    }
                                }
                            }
                        }
                    }
                    @if let Some(link) = next_link { p.more { a rel="next" href=(link) { (ctx.t("More results")) " →" } } }
                },
            )
        }
    };
    let body = html! {
        h1 { (ctx.t("Search")) }
        (form)
        (results_markup)
    };
    respond(status, &ctx, layout(&ctx, ctx.t("Search"), body))
}
