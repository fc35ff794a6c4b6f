//! The admin pages: sources and rules with their status, errors and last
//! deliveries, and forms that add, pause and remove them. They need the
//! server token; the login form keeps it in an HttpOnly, SameSite=Strict
//! cookie, and every form post must come from this server's own pages.

use super::*;
use crate::api::{add_rule as store_rule, add_source as follow, SourceRequest};
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::Method;
use warta_alert::{Comparison, Rule, Sink};

fn form(bytes: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.trim())
}

/// Splits "RUS, PRK 03" into ["RUS", "PRK", "03"].
fn list(s: &str) -> Vec<String> {
    s.split([',', ' '])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// The context of an admin page, or the page that asks for the token.
fn admin_ctx(state: &AppState, headers: &HeaderMap, here: String) -> Result<Ctx, Box<Response>> {
    let ctx = Ctx::new(state, headers, here);
    if let Err(e) = auth::require_admin(state, headers) {
        return Err(Box::new(login_page(&ctx, e.status, Some(&e.message))));
    }
    Ok(ctx)
}

fn done_or_error(ctx: &Ctx, result: Result<(), ApiError>, back: &str) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("{back}?done=1")).into_response(),
        Err(e) => error_page(ctx, &e),
    }
}

fn flash(ctx: &Ctx, raw: &Option<String>) -> Markup {
    let done = raw
        .as_deref()
        .is_some_and(|q| q.split('&').any(|p| p == "done=1"));
    html! { @if done { p.flash role="status" { (ctx.t("Done.")) } } }
}

fn ago(ctx: &Ctx, secs: Option<i64>) -> String {
    secs.map_or_else(|| ctx.t("never").to_string(), |s| ctx.ui.when(s))
}

pub async fn sources(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = match admin_ctx(&state, &headers, "/sources".into()) {
        Ok(c) => c,
        Err(page) => return *page,
    };
    let list = match state.blocking(|s| Ok(s.sources()?)).await {
        Ok(l) => l,
        Err(e) => return error_page(&ctx, &e),
    };
    let body = html! {
        h1 { (ctx.t("Sources")) }
        (flash(&ctx, &raw))
        form.add method="post" action="/sources" {
            h2 { (ctx.t("Add a source")) }
            label { (ctx.t("Feed or site URL")) " " input type="url" name="url" required size="40" placeholder="https://example.com/rss"; }
            label { (ctx.t("Title (optional)")) " " input name="title" size="20"; }
            button type="submit" { (ctx.t("Add")) }
        }
        @if list.is_empty() { p.empty { (ctx.t("No sources yet.")) } }
        table.admin {
            thead { tr { th { "#" } th { (ctx.t("Sources")) } th { (ctx.t("State")) } th { (ctx.t("Last poll")) } th { (ctx.t("Last error")) } th {} } }
            tbody {
                @for s in &list {
                    tr.source {
                        td { (s.id) }
                        td {
                            strong { (s.title.as_deref().unwrap_or("")) } br;
                            small { (s.url) } " " small.muted { (s.kind.as_str()) }
                        }
                        td { (if s.state == "paused" { ctx.t("paused") } else { ctx.t("active") }) }
                        td.muted { (ago(&ctx, s.last_polled_at)) }
                        td.error { @if let Some(e) = &s.last_error { (cut(e, 160)) " (" (s.error_count) ")" } }
                        td.actions {
                            @if s.state == "paused" {
                                form.inline method="post" action={ "/sources/" (s.id) "/resume" } { button type="submit" { (ctx.t("Resume")) } }
                            } @else {
                                form.inline method="post" action={ "/sources/" (s.id) "/pause" } { button type="submit" { (ctx.t("Pause")) } }
                            }
                            form.inline method="post" action={ "/sources/" (s.id) "/remove" } { button.danger type="submit" { (ctx.t("Remove")) } }
                        }
                    }
                }
            }
        }
    };
    respond(StatusCode::OK, &ctx, layout(&ctx, ctx.t("Sources"), body))
}

pub async fn add_source(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let ctx = match admin_ctx(&state, &headers, "/sources".into()) {
        Ok(c) => c,
        Err(page) => return *page,
    };
    if let Err(e) = auth::same_origin(&method, &headers) {
        return error_page(&ctx, &e);
    }
    let f = form(&bytes);
    let request = SourceRequest {
        url: field(&f, "url").to_string(),
        title: Some(field(&f, "title").to_string()),
        category: None,
        kind: None,
        discover: Some(true),
        settings: None,
    };
    let result = follow(&state, request).await.map(|_| ());
    done_or_error(&ctx, result, "/sources")
}

pub async fn source_action(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let ctx = match admin_ctx(&state, &headers, "/sources".into()) {
        Ok(c) => c,
        Err(page) => return *page,
    };
    if let Err(e) = auth::same_origin(&method, &headers) {
        return error_page(&ctx, &e);
    }
    let Ok(id) = id.parse::<i64>() else {
        return error_page(&ctx, &ApiError::not_found(format!("no source {id:?}")));
    };
    let result = state
        .blocking(move |s| {
            let source = s.find_source(&id.to_string())?;
            match action.as_str() {
                "pause" => s.set_source_paused(source.id, true)?,
                "resume" => s.set_source_paused(source.id, false)?,
                "remove" => s.remove_source(source.id)?,
                other => return Err(ApiError::not_found(format!("no action {other:?}"))),
            }
            Ok(())
        })
        .await;
    done_or_error(&ctx, result, "/sources")
}

pub async fn rules(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = match admin_ctx(&state, &headers, "/rules".into()) {
        Ok(c) => c,
        Err(page) => return *page,
    };
    let loaded = state
        .blocking(|s| {
            let rules = s.rules()?;
            let mut out = Vec::new();
            for r in rules {
                let deliveries = s.deliveries(Some(r.id), 5)?;
                out.push((r, deliveries));
            }
            Ok(out)
        })
        .await;
    let list = match loaded {
        Ok(l) => l,
        Err(e) => return error_page(&ctx, &e),
    };
    let body = html! {
        h1 { (ctx.t("Rules")) }
        (flash(&ctx, &raw))
        form.add method="post" action="/rules" {
            h2 { (ctx.t("Add a rule")) }
            label { (ctx.t("Name")) " " input name="name" required size="12" pattern="[A-Za-z0-9_.-]+"; }
            label { (ctx.t("Words")) " " input name="query" size="24"; }
            label { (ctx.t("Actors")) " " input name="actors" size="10" placeholder="RUS PRK"; }
            label { (ctx.t("Event type")) " " input name="events" size="8" placeholder="03 04"; }
            label { (ctx.t("Goldstein at most")) " " input name="goldstein" size="4" placeholder="-5"; }
            label { (ctx.t("Language")) " " input name="langs" size="5" placeholder="id en"; }
            label { (ctx.t("Deliver to")) " " input name="to" required size="24" placeholder="telegram:@channel"; }
            button type="submit" { (ctx.t("Add")) }
        }
        @if list.is_empty() { p.empty { (ctx.t("No rules yet.")) } }
        table.admin {
            tbody {
                @for (r, deliveries) in &list {
                    @let def = crate::api::rule_json(r, true);
                    tr.rule {
                        td { strong { (r.name) } br; small.muted { (def.get("to").map(|t| t.to_string()).unwrap_or_default()) } }
                        td { small { code { (r.definition) } } }
                        td { (if r.paused { ctx.t("paused") } else { ctx.t("active") }) }
                        td {
                            small { (ctx.t("Last deliveries")) ": " }
                            @for d in deliveries {
                                br; small { a href={ "/stories/" (d.story_id) } { "#" (d.story_id) } " " (d.state) @if let Some(e) = &d.last_error { " · " span.error { (cut(e, 80)) } } }
                            }
                        }
                        td.actions {
                            @if r.paused {
                                form.inline method="post" action={ "/rules/" (r.id) "/resume" } { button type="submit" { (ctx.t("Resume")) } }
                            } @else {
                                form.inline method="post" action={ "/rules/" (r.id) "/pause" } { button type="submit" { (ctx.t("Pause")) } }
                            }
                            form.inline method="post" action={ "/rules/" (r.id) "/remove" } { button.danger type="submit" { (ctx.t("Remove")) } }
                        }
                    }
                }
            }
        }
    };
    respond(StatusCode::OK, &ctx, layout(&ctx, ctx.t("Rules"), body))
}

pub async fn add_rule(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let ctx = match admin_ctx(&state, &headers, "/rules".into()) {
        Ok(c) => c,
        Err(page) => return *page,
    };
    if let Err(e) = auth::same_origin(&method, &headers) {
        return error_page(&ctx, &e);
    }
    let f = form(&bytes);
    let rule = (|| -> Result<Rule, ApiError> {
        let goldstein = match field(&f, "goldstein") {
            "" => None,
            g => {
                let text = if g.starts_with(['<', '>', '=']) {
                    g.to_string()
                } else {
                    format!("<={g}")
                };
                Some(
                    text.parse::<Comparison>()
                        .map_err(|e| ApiError::invalid(format!("goldstein {g:?}: {e}")))?,
                )
            }
        };
        let to = list(field(&f, "to"))
            .iter()
            .map(|t| {
                t.parse::<Sink>()
                    .map_err(|e| ApiError::invalid(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let rule = Rule {
            name: field(&f, "name").to_string(),
            query: Some(field(&f, "query").to_string()).filter(|q| !q.is_empty()),
            actors: list(field(&f, "actors")),
            events: list(field(&f, "events")),
            goldstein,
            langs: list(field(&f, "langs")),
            outlets: Vec::new(),
            to,
            updates: false,
            paused: false,
        };
        rule.validate()
            .map_err(|e| ApiError::invalid(e.to_string()))?;
        Ok(rule)
    })();
    let result = match rule {
        Ok(rule) => store_rule(&state, rule).await.map(|_| ()),
        Err(e) => Err(e),
    };
    done_or_error(&ctx, result, "/rules")
}

pub async fn rule_action(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let ctx = match admin_ctx(&state, &headers, "/rules".into()) {
        Ok(c) => c,
        Err(page) => return *page,
    };
    if let Err(e) = auth::same_origin(&method, &headers) {
        return error_page(&ctx, &e);
    }
    let Ok(id) = id.parse::<i64>() else {
        return error_page(&ctx, &ApiError::not_found(format!("no rule {id:?}")));
    };
    let result = state
        .blocking(move |s| {
            let rule = s.find_rule(&id.to_string())?;
            match action.as_str() {
                "pause" => s.set_rule_paused(rule.id, true)?,
                "resume" => s.set_rule_paused(rule.id, false)?,
                "remove" => s.remove_rule(rule.id)?,
                other => return Err(ApiError::not_found(format!("no action {other:?}"))),
            }
            Ok(())
        })
        .await;
    done_or_error(&ctx, result, "/rules")
}

fn login_page(ctx: &Ctx, status: StatusCode, message: Option<&str>) -> Response {
    let back = if local_path(&ctx.here) && !ctx.here.starts_with("/login") {
        ctx.here.clone()
    } else {
        "/".into()
    };
    let body = html! {
        h1 { (ctx.t("Log in")) }
        p { (ctx.t("This page needs the server token.")) }
        @if let Some(m) = message { p.error { (m) } }
        form.add method="post" action="/login" {
            input type="hidden" name="back" value=(back);
            label { (ctx.t("Token")) " " input type="password" name="token" required autocomplete="current-password"; }
            button type="submit" { (ctx.t("Log in")) }
        }
    };
    respond(status, ctx, layout(ctx, ctx.t("Log in"), body))
}

pub async fn login_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let back = url::form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "back")
        .map(|(_, v)| v.into_owned())
        .filter(|b| local_path(b))
        .unwrap_or_else(|| "/".into());
    let ctx = Ctx::new(&state, &headers, back);
    login_page(&ctx, StatusCode::OK, None)
}

pub async fn login(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let f = form(&bytes);
    let back = Some(field(&f, "back"))
        .filter(|b| local_path(b))
        .unwrap_or("/")
        .to_string();
    let ctx = Ctx::new(&state, &headers, back.clone());
    if let Err(e) = auth::same_origin(&method, &headers) {
        return error_page(&ctx, &e);
    }
    let token = field(&f, "token").to_string();
    let mut with_token = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&format!("Bearer {token}")) {
        with_token.insert(header::AUTHORIZATION, v);
    }
    if let Err(e) = auth::require_admin(&state, &with_token) {
        return login_page(&ctx, e.status, Some(&e.message));
    }
    let mut response = Redirect::to(&back).into_response();
    // The token is what the cookie holds: HttpOnly, so no script reads it,
    // SameSite=Strict, so no other site's form sends it.
    let Ok(cookie) = HeaderValue::from_str(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000",
        auth::COOKIE
    )) else {
        return login_page(
            &ctx,
            StatusCode::BAD_REQUEST,
            Some("the token cannot be kept in a cookie"),
        );
    };
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

pub async fn logout() -> Response {
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("warta_token=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    response
}
