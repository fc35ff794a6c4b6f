//! The server-rendered pages: front, story, article, search, actor and
//! actor pair, sources and rules. No script: links, forms and SVG, so the
//! pages are light on a slow phone, and the Content-Security-Policy
//! forbids scripts altogether.

mod actors;
mod admin;
mod article;
mod front;
mod search;
mod story;

use crate::api::Params;
use crate::i18n::{self, Ui};
use crate::{auth, ApiError, AppState};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup, PreEscaped, DOCTYPE};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(front::front))
        .route("/stories/{id}", get(story::story))
        .route("/articles/{id}", get(article::article))
        .route("/search", get(search::search))
        .route("/actors/{a}", get(actors::actor))
        .route("/actors/{a}/{b}", get(actors::pair))
        .route("/sources", get(admin::sources).post(admin::add_source))
        .route("/sources/{id}/{action}", post(admin::source_action))
        .route("/rules", get(admin::rules).post(admin::add_rule))
        .route("/rules/{id}/{action}", post(admin::rule_action))
        .route("/login", get(admin::login_form).post(admin::login))
        .route("/logout", post(admin::logout))
        .route("/ui", get(switch_ui))
        .route("/static/style.css", get(style))
}

/// What every page needs to know about its request.
pub struct Ctx {
    pub ui: Ui,
    pub admin: bool,
    /// The path and query, for the language switch to come back to.
    pub here: String,
}

impl Ctx {
    pub fn new(state: &AppState, headers: &HeaderMap, here: String) -> Ctx {
        Ctx {
            ui: Ui::choose(None, headers),
            admin: auth::is_admin(state, headers),
            here,
        }
    }

    pub fn t(&self, english: &'static str) -> &'static str {
        self.ui.t(english)
    }

    /// The alert stage's language for CAMEO names.
    pub fn names(&self) -> warta_alert::Ui {
        match self.ui {
            Ui::En => warta_alert::Ui::En,
            Ui::Id => warta_alert::Ui::Id,
        }
    }

    pub fn actor(&self, code: &str) -> String {
        warta_alert::cameo::actor_name(code, self.names())
    }

    pub fn verb(&self, code: &str) -> String {
        warta_alert::cameo::verb(code, self.names()).unwrap_or_else(|| code.to_string())
    }
}

/// The path and query of a request, for links back to it.
pub fn here(path: &str, raw: &Option<String>) -> String {
    match raw {
        Some(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_string(),
    }
}

/// A link taken from an article, kept only when it is http(s); anything
/// else (`javascript:`, `data:`) becomes no link at all.
pub fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(u)
}

/// Cuts text at a word, near `max` characters.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    let at = head.rfind(' ').unwrap_or(head.len());
    format!("{}…", head[..at].trim_end())
}

const STYLE: &str = include_str!("../../assets/style.css");

/// A whole page around `body`.
pub fn layout(ctx: &Ctx, title: &str, body: Markup) -> Markup {
    let other = ctx.ui.other();
    let switch = format!(
        "/ui?set={}&back={}",
        other.code(),
        url::form_urlencoded::byte_serialize(ctx.here.as_bytes()).collect::<String>()
    );
    html! {
        (DOCTYPE)
        html lang=(ctx.ui.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · warta" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header.top {
                    a.brand href="/" { "warta" }
                    nav {
                        a href="/" { (ctx.t("Stories")) }
                        a href="/search" { (ctx.t("Search")) }
                        a href="/sources" { (ctx.t("Sources")) }
                        a href="/rules" { (ctx.t("Rules")) }
                    }
                    a.ui-switch href=(switch) hreflang=(other.code()) title="Bahasa / Language" {
                        (other.code().to_uppercase())
                    }
                }
                main { (body) }
                footer {
                    "warta · " a href="/api/openapi.json" { "API" } " · " a href="/metrics" { "metrics" }
                    @if ctx.admin {
                        " · "
                        form.inline method="post" action="/logout" { button.link type="submit" { (ctx.t("Log out")) } }
                    } @else {
                        " · " a href="/login" { (ctx.t("Log in")) }
                    }
                }
            }
        }
    }
}

/// A rendered page with the headers every page gets.
pub fn respond(status: StatusCode, ctx: &Ctx, markup: Markup) -> Response {
    let mut response = (status, markup.into_string()).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // No script may run, whatever an article carries; images may come
    // from the outlets.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // `same-origin`, not `no-referrer`: under `no-referrer` browsers send
    // `Origin: null` with the page's own forms, which the origin check
    // must refuse. Outlets still learn nothing of the reader (images carry
    // their own `no-referrer`, and cross-origin links send no referrer).
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    if let Ok(v) = HeaderValue::from_str(ctx.ui.code()) {
        h.insert(header::CONTENT_LANGUAGE, v);
    }
    response
}

/// A page that says what went wrong.
pub fn error_page(ctx: &Ctx, error: &ApiError) -> Response {
    let title = if error.status == StatusCode::NOT_FOUND {
        ctx.t("Not found")
    } else {
        ctx.t("Something went wrong")
    };
    let body = html! {
        h1 { (title) }
        p.error { (error.message) }
        @if error.status == StatusCode::UNAUTHORIZED || error.status == StatusCode::FORBIDDEN {
            p { a href={ "/login?back=" (url::form_urlencoded::byte_serialize(ctx.here.as_bytes()).collect::<String>()) } { (ctx.t("Log in")) } }
        }
    };
    respond(error.status, ctx, layout(ctx, title, body))
}

pub fn not_found_page(headers: &HeaderMap) -> Response {
    let ctx = Ctx {
        ui: Ui::choose(None, headers),
        admin: false,
        here: "/".into(),
    };
    let e = ApiError::not_found(ctx.t("There is no such page."));
    error_page(&ctx, &e)
}

/// `/ui?set=id&back=/path`: remembers the interface language.
async fn switch_ui(RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref(), &["set", "back"]).ok();
    let set = params
        .as_ref()
        .and_then(|p| p.get("set").and_then(Ui::parse))
        .unwrap_or(Ui::En);
    let back = params
        .as_ref()
        .and_then(|p| p.get("back").map(str::to_string))
        .filter(|b| local_path(b))
        .unwrap_or_else(|| "/".into());
    let mut response = Redirect::to(&back).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        i18n::COOKIE,
        set.code()
    )) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// A path on this server (never `//host` or `scheme:`), safe to redirect to.
pub fn local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") && !p.contains(['\r', '\n'])
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLE,
    )
        .into_response()
}

/// Reads the parameters of a page, or the error page that says what is
/// wrong with them.
pub fn page_params(
    ctx: &Ctx,
    raw: &Option<String>,
    known: &[&str],
) -> Result<Params, Box<Response>> {
    Params::parse(raw.as_deref(), known).map_err(|e| Box::new(error_page(ctx, &e)))
}

/// The common start of a public page: the context, or the error page when
/// reads are closed to this request.
pub fn reader_ctx(
    state: &State<AppState>,
    headers: &HeaderMap,
    here: String,
) -> Result<Ctx, Box<Response>> {
    let ctx = Ctx::new(state, headers, here);
    auth::require_reader(state, headers).map_err(|e| Box::new(error_page(&ctx, &e)))?;
    Ok(ctx)
}

/// Actor codes as links to their pages.
pub fn actor_link(ctx: &Ctx, code: &str) -> Markup {
    if code.trim().is_empty() {
        return html! { span.muted { "—" } };
    }
    html! {
        a.actor href={ "/actors/" (code) } title=(code) { (ctx.actor(code)) }
    }
}

/// A search snippet with its matched words in bold: the text is escaped,
/// the marks become `<b>`.
pub fn snippet(text: &str) -> Markup {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(warta_search::HIGHLIGHT_START) {
        parts.push((false, &rest[..start]));
        rest = &rest[start + warta_search::HIGHLIGHT_START.len()..];
        let end = rest.find(warta_search::HIGHLIGHT_END).unwrap_or(rest.len());
        parts.push((true, &rest[..end]));
        rest = rest
            .get(end + warta_search::HIGHLIGHT_END.len()..)
            .unwrap_or("");
    }
    parts.push((false, rest));
    html! {
        @for (bold, part) in parts {
            @if bold { b { (part) } } @else { (part) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_survive() {
        assert_eq!(safe_url("https://x.example/a"), Some("https://x.example/a"));
        assert_eq!(safe_url(" HTTP://x.example"), Some("HTTP://x.example"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,<script>"), None);
        assert_eq!(safe_url("//evil.example"), None);
        assert!(local_path("/stories/1?x=2"));
        assert!(!local_path("//evil.example"));
        assert!(!local_path("https://evil.example"));
        assert!(!local_path("/\\evil.example"));
    }

    #[test]
    fn snippets_escape_and_mark() {
        let s = snippet("a «<b>kerja</b>» sama «militer»").into_string();
        assert_eq!(s, "a <b>&lt;b&gt;kerja&lt;/b&gt;</b> sama <b>militer</b>");
        assert_eq!(cut("satu dua tiga", 8), "satu…");
        assert_eq!(cut("satu", 8), "satu");
    }
}
