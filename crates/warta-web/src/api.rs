//! The JSON API under `/api`. Lists take `?limit=` (at most
//! [`MAX_LIMIT`]) and `?cursor=`, and answer `{"items": [...],
//! "next_cursor": "..."}`; `next_cursor` is absent on the last page. Times
//! are RFC 3339 in UTC.

use crate::{auth, openapi, ApiError, AppState, FoundSource};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use warta_alert::Rule;
use warta_group::{merge_events, DocEvent, StoryEvent};
use warta_search::{group_by_story, Hit, Query as SearchQuery};
use warta_store::{
    EventQuery, EventRecord, NewSource, Source, SourceKind, SourceSettings, StoredRule, StoryQuery,
    StorySummary, StoryView,
};

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 200;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi_document))
        .route("/api/stories", get(list_stories))
        .route("/api/stories/{id}", get(get_story))
        .route("/api/articles/{id}", get(get_article))
        .route("/api/events", get(list_events))
        .route("/api/search", get(search))
        .route("/api/sources", get(list_sources).post(create_source))
        .route(
            "/api/sources/{id}",
            get(get_source).patch(update_source).delete(delete_source),
        )
        .route("/api/rules", get(list_rules).post(create_rule))
        .route(
            "/api/rules/{id}",
            get(get_rule)
                .put(replace_rule)
                .patch(update_rule)
                .delete(delete_rule),
        )
}

/// The time now, in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Unix seconds as RFC 3339 (UTC).
pub fn rfc3339(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The query string's parameters, checked against what a route knows.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(raw: Option<&str>, known: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
        if let Some((k, _)) = pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            return Err(ApiError::bad_request(format!(
                "unknown parameter {k:?}; this route takes {}",
                known.join(", ")
            )));
        }
        Ok(Params(pairs))
    }

    /// The last non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// Every non-empty value of `name`; a value may also list several,
    /// comma-separated.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn limit(&self) -> Result<usize, ApiError> {
        match self.get("limit") {
            None => Ok(DEFAULT_LIMIT),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
                _ => Err(ApiError::bad_request(format!(
                    "limit {v:?}: expected a whole number from 1 to {MAX_LIMIT}"
                ))),
            },
        }
    }

    pub fn day(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        self.get(name)
            .map(|v| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                    ApiError::bad_request(format!("{name} {v:?}: expected a day, YYYY-MM-DD"))
                })
            })
            .transpose()
    }
}

fn bad_cursor(c: &str) -> ApiError {
    ApiError::bad_request(format!(
        "cursor {c:?} is not one this list gave out; start again without it"
    ))
}

/// An actor code prefix as given in a URL: letters, digits and dashes.
pub fn actor_code(s: &str) -> Result<String, ApiError> {
    let code = s.trim().to_ascii_uppercase();
    if code.is_empty()
        || code.len() > 32
        || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(ApiError::bad_request(format!(
            "actor {s:?}: expected a CAMEO actor code or prefix, like RUS or IDNGOV"
        )));
    }
    Ok(code)
}

fn event_code(s: &str) -> Result<String, ApiError> {
    let code = s.trim();
    if code.is_empty() || code.len() > 4 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(ApiError::bad_request(format!(
            "code {s:?}: expected a CAMEO code or root, like 03 or 0312"
        )));
    }
    Ok(code.to_string())
}

fn lang_code(s: &str) -> Result<String, ApiError> {
    let l = s.trim().to_ascii_lowercase();
    if !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(ApiError::bad_request(format!(
            "lang {s:?}: expected an ISO 639-1 code, like id or en"
        )));
    }
    Ok(l)
}

fn id_of(raw: &str, what: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::bad_request(format!("{what} id {raw:?}: expected a number")))
}

/// A list answer with its cursor.
fn page<T: Serialize>(items: Vec<T>, next: Option<String>) -> Json<Value> {
    let mut out = json!({ "items": items });
    if let Some(next) = next {
        out["next_cursor"] = Value::String(next);
    }
    Json(out)
}

// ---------------------------------------------------------------- health

async fn health(State(state): State<AppState>) -> Response {
    let probe = state
        .blocking(|store| Ok((store.describe(), store.next_poll_at()?)))
        .await;
    match probe {
        Ok((store, _)) => Json(json!({
            "status": "ok",
            "version": env!("CARGO_PKG_VERSION"),
            "store": store,
            "uptime_seconds": state.0.started.elapsed().as_secs(),
        }))
        .into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({
                "status": "unavailable",
                "error": {"code": "store_unavailable", "message": e.message},
            })),
        )
            .into_response(),
    }
}

async fn openapi_document() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi::DOCUMENT,
    )
        .into_response()
}

// ---------------------------------------------------------------- stories

/// A story in a list, as the API shows it.
#[derive(Debug, Serialize)]
pub struct StoryItem {
    pub id: i64,
    pub title: String,
    pub first_seen: String,
    pub last_seen: String,
    pub articles: u64,
    pub outlets: Vec<String>,
    pub langs: Vec<String>,
    pub image: Option<String>,
    pub lead: String,
    pub top_actors: Vec<ActorCount>,
    pub events: u64,
}

#[derive(Debug, Serialize)]
pub struct ActorCount {
    pub actor: String,
    pub count: u64,
}

impl From<StorySummary> for StoryItem {
    fn from(s: StorySummary) -> StoryItem {
        StoryItem {
            id: s.id,
            title: s.title,
            first_seen: rfc3339(s.first_seen),
            last_seen: rfc3339(s.last_seen),
            articles: s.articles,
            outlets: s.outlets,
            langs: s.langs,
            image: s.image,
            lead: s.lead,
            top_actors: s
                .top_actors
                .into_iter()
                .map(|(actor, count)| ActorCount { actor, count })
                .collect(),
            events: s.events,
        }
    }
}

/// Reads the stories list's parameters.
pub fn story_query(params: &Params) -> Result<StoryQuery, ApiError> {
    let after = params
        .get("cursor")
        .map(|c| {
            let (seen, id) = c.split_once('.').ok_or_else(|| bad_cursor(c))?;
            Ok::<_, ApiError>((
                seen.parse().map_err(|_| bad_cursor(c))?,
                id.parse().map_err(|_| bad_cursor(c))?,
            ))
        })
        .transpose()?;
    Ok(StoryQuery {
        after,
        limit: params.limit()?,
        lang: params.get("lang").map(lang_code).transpose()?,
        actor: params.get("actor").map(actor_code).transpose()?,
    })
}

/// One page of stories and the cursor of the next.
pub async fn stories_page(
    state: &AppState,
    query: StoryQuery,
) -> Result<(Vec<StorySummary>, Option<String>), ApiError> {
    let limit = query.limit;
    let mut ask = query;
    ask.limit = limit + 1;
    let mut list = state.blocking(move |s| Ok(s.stories(&ask)?)).await?;
    let next = if list.len() > limit {
        list.truncate(limit);
        list.last().map(|s| format!("{}.{}", s.last_seen, s.id))
    } else {
        None
    };
    Ok((list, next))
}

async fn list_stories(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    auth::require_reader(&state, &headers)?;
    let params = Params::parse(raw.as_deref(), &["limit", "cursor", "lang", "actor"])?;
    let (list, next) = stories_page(&state, story_query(&params)?).await?;
    Ok(page(list.into_iter().map(StoryItem::from).collect(), next))
}

/// A story with its reports and its merged events.
#[derive(Debug, Serialize)]
pub struct StoryDetail {
    pub id: i64,
    pub title: String,
    pub first_seen: String,
    pub last_seen: String,
    pub articles: Vec<warta_store::ArticleView>,
    /// The same event told by several reports is one event here, with
    /// every report in `sources` (article ids).
    pub events: Vec<StoryEvent>,
    pub actors: Vec<String>,
}

/// Loads a story and merges its events; `None` when there is none.
pub async fn story_detail(state: &AppState, id: i64) -> Result<Option<StoryDetail>, ApiError> {
    state
        .blocking(move |store| {
            let Some(view): Option<StoryView> = store.story_view(id)? else {
                return Ok(None);
            };
            // `view.id`, not `id`: a story merged into another shows the
            // one it went into, with that story's events.
            let events = store.events(&EventQuery {
                story: Some(view.id),
                chronological: true,
                limit: 10_000,
                ..EventQuery::default()
            })?;
            let mut by_article: Vec<(String, Vec<DocEvent>)> = Vec::new();
            for e in events {
                let key = e.article_id.map(|a| a.to_string()).unwrap_or_default();
                let doc = DocEvent {
                    source: e.event.source,
                    target: e.event.target,
                    code: e.event.code,
                    root: e.event.root,
                    date: e.event.date,
                    location: e.event.location,
                };
                match by_article.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, list)) => list.push(doc),
                    None => by_article.push((key, vec![doc])),
                }
            }
            let merged = merge_events(by_article.iter().map(|(k, v)| (k.as_str(), v.as_slice())));
            Ok(Some(StoryDetail {
                id: view.id,
                title: view.title,
                first_seen: rfc3339(view.first_seen),
                last_seen: rfc3339(view.last_seen),
                articles: view.articles,
                events: merged,
                actors: view.actors,
            }))
        })
        .await
}

async fn get_story(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<StoryDetail>, ApiError> {
    auth::require_reader(&state, &headers)?;
    let id = id_of(&id, "story")?;
    story_detail(&state, id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no story {id}")))
}

// ---------------------------------------------------------------- articles

/// An article as stored: the analysis as `warta analyze` prints it, and
/// the store's fields (`id`, `story`, `duplicate_of`, `source`, `fetched`).
pub async fn article_json(
    state: &AppState,
    id: i64,
) -> Result<Option<Map<String, Value>>, ApiError> {
    let Some(article) = state.blocking(move |s| Ok(s.article(id)?)).await? else {
        return Ok(None);
    };
    let mut out = article.analysis;
    out.insert("id".into(), json!(article.id));
    out.insert("story".into(), json!(article.story));
    out.insert("duplicate_of".into(), json!(article.duplicate_of));
    out.insert("source".into(), json!(article.source));
    out.insert("fetched".into(), json!(rfc3339(article.fetched)));
    out.insert("fetch_error".into(), json!(article.fetch_error));
    Ok(Some(out))
}

async fn get_article(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Map<String, Value>>, ApiError> {
    auth::require_reader(&state, &headers)?;
    let id = id_of(&id, "article")?;
    article_json(&state, id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no article {id}")))
}

// ---------------------------------------------------------------- events

/// Reads the events list's parameters: `actor`, `pair=A,B` (or `actor`
/// and `actor2`), `code` (repeatable, roots or full codes), `root`,
/// `since`, `until`, `lang`.
pub fn event_query(params: &Params) -> Result<EventQuery, ApiError> {
    let mut query = EventQuery {
        limit: params.limit()?,
        lang: params.get("lang").map(lang_code).transpose()?,
        since: params.day("since")?.map(|d| d.to_string()),
        until: params.day("until")?.map(|d| d.to_string()),
        ..EventQuery::default()
    };
    let pair = params.all("pair");
    match (pair.as_slice(), params.get("actor"), params.get("actor2")) {
        ([a, b], _, None) => query.pair = Some((actor_code(a)?, actor_code(b)?)),
        ([], Some(a), Some(b)) => query.pair = Some((actor_code(a)?, actor_code(b)?)),
        ([], Some(a), None) => query.actor = Some(actor_code(a)?),
        ([], None, None) => {}
        ([], None, Some(_)) => return Err(ApiError::bad_request("actor2 needs actor")),
        _ => {
            return Err(ApiError::bad_request(
                "pair: expected two actor codes, pair=RUS,PRK (and no actor2 beside it)",
            ))
        }
    }
    for c in params.all("code").iter().chain(params.all("root").iter()) {
        query.codes.push(event_code(c)?);
    }
    if let Some(c) = params.get("cursor") {
        query.before_id = Some(c.parse().map_err(|_| bad_cursor(c))?);
    }
    Ok(query)
}

#[derive(Debug, Serialize)]
pub struct EventItem {
    pub id: i64,
    pub source: String,
    pub target: String,
    pub code: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub negated: bool,
    pub date: Option<String>,
    pub location: Option<String>,
    pub sentence: String,
    pub article: Option<i64>,
    pub story: Option<i64>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub fetched: String,
}

impl From<EventRecord> for EventItem {
    fn from(e: EventRecord) -> EventItem {
        EventItem {
            id: e.id,
            source: e.event.source,
            target: e.event.target,
            code: e.event.code,
            root: e.event.root,
            quad_class: e.event.quad_class,
            goldstein: e.event.goldstein,
            negated: e.event.negated,
            date: e.event.date,
            location: e.event.location,
            sentence: e.event.sentence,
            article: e.article_id,
            story: e.story,
            url: e.url,
            outlet: e.outlet,
            lang: e.lang,
            fetched: rfc3339(e.fetched),
        }
    }
}

async fn list_events(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    auth::require_reader(&state, &headers)?;
    let params = Params::parse(
        raw.as_deref(),
        &[
            "limit", "cursor", "actor", "actor2", "pair", "code", "root", "since", "until", "lang",
        ],
    )?;
    let mut query = event_query(&params)?;
    let limit = query.limit;
    query.limit = limit + 1;
    let mut list = state.blocking(move |s| Ok(s.events(&query)?)).await?;
    let next = if list.len() > limit {
        list.truncate(limit);
        list.last().map(|e| e.id.to_string())
    } else {
        None
    };
    Ok(page(list.into_iter().map(EventItem::from).collect(), next))
}

// ---------------------------------------------------------------- search

/// Reads the search parameters (as `warta search` takes them).
pub fn search_query(params: &Params) -> Result<(SearchQuery, usize), ApiError> {
    let offset = params
        .get("cursor")
        .map(|c| c.parse::<usize>().map_err(|_| bad_cursor(c)))
        .transpose()?
        .unwrap_or(0);
    if offset > 10_000 {
        return Err(ApiError::bad_request(
            "search pages end after 10,000 results; narrow the query",
        ));
    }
    let query = SearchQuery {
        text: params.get("q").unwrap_or("").to_string(),
        actors: params
            .all("actor")
            .iter()
            .map(|a| actor_code(a))
            .collect::<Result<_, _>>()?,
        since: params.day("since")?,
        until: params.day("until")?,
        langs: params
            .all("lang")
            .iter()
            .map(|l| lang_code(l))
            .collect::<Result<_, _>>()?,
        outlets: params.all("outlet"),
        event_roots: params
            .all("event")
            .iter()
            .map(|c| event_code(c))
            .collect::<Result<_, _>>()?,
        limit: params.limit()?,
    };
    Ok((query, offset))
}

/// Hits of one page, grouped by story, and the next page's cursor.
pub async fn search_page(
    state: &AppState,
    mut query: SearchQuery,
    offset: usize,
) -> Result<(Vec<Hit>, Option<String>), ApiError> {
    let index = state.search_index()?;
    let limit = query.limit;
    query.limit = offset + limit + 1;
    let mut hits = tokio::task::spawn_blocking(move || index.search(&query))
        .await
        .map_err(|e| ApiError::internal(format!("search failed: {e}")))?
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let more = hits.len() > offset + limit;
    hits.truncate(offset + limit);
    let hits: Vec<Hit> = hits.into_iter().skip(offset).collect();
    Ok((hits, more.then(|| (offset + limit).to_string())))
}

async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    auth::require_reader(&state, &headers)?;
    let params = Params::parse(
        raw.as_deref(),
        &[
            "q", "actor", "since", "until", "lang", "outlet", "event", "limit", "cursor",
        ],
    )?;
    let (query, offset) = search_query(&params)?;
    let (hits, next) = search_page(&state, query, offset).await?;
    let groups: Vec<Value> = group_by_story(&hits)
        .into_iter()
        .map(|g| json!({"story": g[0].story, "hits": g}))
        .collect();
    let mut out = json!({"items": hits, "groups": groups});
    if let Some(next) = next {
        out["next_cursor"] = Value::String(next);
    }
    Ok(Json(out))
}

// ---------------------------------------------------------------- sources

/// A source as the API shows it. Secrets in its settings (cookie, header
/// values, proxy credentials) are shown only to the token holder.
pub fn source_json(source: &Source, admin: bool) -> Value {
    let mut v = serde_json::to_value(source).unwrap_or(Value::Null);
    for key in ["next_poll_at", "last_polled_at", "last_ok_at", "added_at"] {
        if let Some(secs) = v.get(key).and_then(Value::as_i64) {
            v[key] = Value::String(rfc3339(secs));
        }
    }
    if !admin {
        if let Some(settings) = v.get_mut("settings").and_then(Value::as_object_mut) {
            if settings.get("cookie").is_some_and(|c| !c.is_null()) {
                settings.insert("cookie".into(), json!("(hidden)"));
            }
            if settings.get("proxy").is_some_and(|c| !c.is_null()) {
                settings.insert("proxy".into(), json!("(hidden)"));
            }
            if let Some(headers) = settings.get_mut("headers").and_then(Value::as_array_mut) {
                for h in headers.iter_mut() {
                    if let Some(pair) = h.as_array_mut() {
                        if pair.len() == 2 {
                            pair[1] = json!("(hidden)");
                        }
                    }
                }
            }
        }
    }
    v
}

async fn list_sources(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    auth::require_reader(&state, &headers)?;
    let params = Params::parse(raw.as_deref(), &["limit", "cursor"])?;
    let limit = params.limit()?;
    let after = params
        .get("cursor")
        .map(|c| c.parse::<i64>().map_err(|_| bad_cursor(c)))
        .transpose()?
        .unwrap_or(0);
    let admin = auth::is_admin(&state, &headers);
    let mut sources = state.blocking(|s| Ok(s.sources()?)).await?;
    sources.sort_by_key(|s| s.id);
    let rest: Vec<&Source> = sources.iter().filter(|s| s.id > after).collect();
    let next = (rest.len() > limit).then(|| rest[limit - 1].id.to_string());
    Ok(page(
        rest.iter()
            .take(limit)
            .map(|s| source_json(s, admin))
            .collect(),
        next,
    ))
}

async fn get_source(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    auth::require_reader(&state, &headers)?;
    let id = id_of(&id, "source")?;
    let admin = auth::is_admin(&state, &headers);
    let (source, log) = state
        .blocking(move |s| {
            let source = s.find_source(&id.to_string())?;
            let log = s.fetch_log(id, 20)?;
            Ok((source, log))
        })
        .await?;
    let mut v = source_json(&source, admin);
    v["recent_polls"] = log
        .into_iter()
        .map(|p| {
            let mut e = serde_json::to_value(&p).unwrap_or(Value::Null);
            e["at"] = Value::String(rfc3339(p.at));
            e
        })
        .collect();
    Ok(Json(v))
}

/// What `POST /api/sources` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRequest {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    /// "feed" or "sitemap"; with it, the URL is taken as it is.
    #[serde(default)]
    pub kind: Option<String>,
    /// Look for the feed behind a site's URL (default true).
    #[serde(default)]
    pub discover: Option<bool>,
    #[serde(default)]
    pub settings: Option<SourceSettings>,
}

/// Adds a source, finding its feed first when asked; shared with the form.
pub async fn add_source(state: &AppState, request: SourceRequest) -> Result<Source, ApiError> {
    let url = url::Url::parse(request.url.trim())
        .map_err(|e| ApiError::invalid(format!("url {:?}: {e}", request.url)))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ApiError::invalid(format!(
            "url {:?}: only http and https sources can be followed",
            request.url
        )));
    }
    let settings = request.settings.unwrap_or_default();
    let kind = match request.kind.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("feed") => Some(SourceKind::Feed),
        Some("sitemap") => Some(SourceKind::Sitemap),
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "kind {other:?}: expected feed or sitemap"
            )))
        }
    };
    let found = match (kind, request.discover.unwrap_or(true), &state.0.finder) {
        (None, true, Some(finder)) => finder
            .find(url.to_string(), settings.clone())
            .await
            .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "no_feed", e))?,
        (kind, _, _) => FoundSource {
            kind: kind.unwrap_or(if url.as_str().contains("sitemap") {
                SourceKind::Sitemap
            } else {
                SourceKind::Feed
            }),
            url: url.to_string(),
            title: None,
            site_url: None,
        },
    };
    let new = NewSource {
        url: found.url,
        kind: found.kind,
        title: request
            .title
            .filter(|t| !t.trim().is_empty())
            .or(found.title),
        site_url: found.site_url,
        category: request.category.filter(|c| !c.trim().is_empty()),
        settings,
    };
    let now = now();
    state.blocking(move |s| Ok(s.add_source(&new, now)?)).await
}

/// A JSON body, with a JSON error when it does not parse.
fn body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("the request body: {e}")))
}

fn created(location: String, value: Value) -> Response {
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(value),
    )
        .into_response()
}

async fn create_source(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    bytes: axum::body::Bytes,
) -> Result<Response, ApiError> {
    auth::same_origin(&method, &headers)?;
    auth::require_admin(&state, &headers)?;
    let source = add_source(&state, body(&bytes)?).await?;
    Ok(created(
        format!("/api/sources/{}", source.id),
        source_json(&source, true),
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcePatch {
    #[serde(default)]
    paused: Option<bool>,
    #[serde(default)]
    settings: Option<SourceSettings>,
}

async fn update_source(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    auth::same_origin(&method, &headers)?;
    auth::require_admin(&state, &headers)?;
    let id = id_of(&id, "source")?;
    let patch: SourcePatch = body(&bytes)?;
    let source = state
        .blocking(move |s| {
            let source = s.find_source(&id.to_string())?;
            if let Some(paused) = patch.paused {
                s.set_source_paused(source.id, paused)?;
            }
            if let Some(settings) = &patch.settings {
                s.set_source_settings(source.id, settings)?;
            }
            Ok(s.find_source(&id.to_string())?)
        })
        .await?;
    Ok(Json(source_json(&source, true)))
}

async fn delete_source(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    auth::same_origin(&method, &headers)?;
    auth::require_admin(&state, &headers)?;
    let id = id_of(&id, "source")?;
    state
        .blocking(move |s| {
            let source = s.find_source(&id.to_string())?;
            Ok(s.remove_source(source.id)?)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------- rules

/// A rule as the API shows it: its definition, and whether it is paused.
/// A webhook's URL may carry a secret, so others see only its host.
pub fn rule_json(stored: &StoredRule, admin: bool) -> Value {
    let mut definition: Value =
        serde_json::from_str(&stored.definition).unwrap_or_else(|_| json!({}));
    if !admin {
        if let Some(to) = definition.get_mut("to").and_then(Value::as_array_mut) {
            for sink in to.iter_mut() {
                if let Some(s) = sink.as_str() {
                    if let Some(rest) = s.strip_prefix("webhook:") {
                        let host = url::Url::parse(rest)
                            .ok()
                            .and_then(|u| u.host_str().map(str::to_string))
                            .unwrap_or_default();
                        *sink = Value::String(format!("webhook:https://{host}/(hidden)"));
                    }
                }
            }
        }
    }
    if let Some(map) = definition.as_object_mut() {
        map.insert("id".into(), json!(stored.id));
        map.insert("name".into(), json!(stored.name));
        map.insert("paused".into(), json!(stored.paused));
        map.insert("created_at".into(), json!(rfc3339(stored.created_at)));
    }
    definition
}

async fn list_rules(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    auth::require_reader(&state, &headers)?;
    let params = Params::parse(raw.as_deref(), &["limit", "cursor"])?;
    let limit = params.limit()?;
    let after = params
        .get("cursor")
        .map(|c| c.parse::<i64>().map_err(|_| bad_cursor(c)))
        .transpose()?
        .unwrap_or(0);
    let admin = auth::is_admin(&state, &headers);
    let mut rules = state.blocking(|s| Ok(s.rules()?)).await?;
    rules.sort_by_key(|r| r.id);
    let rest: Vec<&StoredRule> = rules.iter().filter(|r| r.id > after).collect();
    let next = (rest.len() > limit).then(|| rest[limit - 1].id.to_string());
    Ok(page(
        rest.iter()
            .take(limit)
            .map(|r| rule_json(r, admin))
            .collect(),
        next,
    ))
}

async fn get_rule(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    auth::require_reader(&state, &headers)?;
    let id = id_of(&id, "rule")?;
    let admin = auth::is_admin(&state, &headers);
    let (rule, deliveries) = state
        .blocking(move |s| {
            let rule = s.find_rule(&id.to_string())?;
            let deliveries = s.deliveries(Some(rule.id), 20)?;
            Ok((rule, deliveries))
        })
        .await?;
    let mut v = rule_json(&rule, admin);
    v["recent_deliveries"] = deliveries
        .iter()
        .map(|d| {
            json!({
                "id": d.id, "story": d.story_id, "state": d.state, "attempts": d.attempts,
                "last_error": d.last_error, "created_at": rfc3339(d.created_at),
                "sent_at": d.sent_at.map(rfc3339),
                "sink": if admin || !d.sink.starts_with("webhook:") { d.sink.clone() } else { "webhook:(hidden)".into() },
            })
        })
        .collect();
    Ok(Json(v))
}

/// Parses and checks a rule definition.
pub fn parse_rule(bytes: &[u8], name: Option<&str>) -> Result<Rule, ApiError> {
    let mut value: Value = body(bytes)?;
    if let (Some(name), Some(map)) = (name, value.as_object_mut()) {
        match map.get("name").and_then(Value::as_str) {
            Some(given) if given != name => {
                return Err(ApiError::invalid(format!(
                    "the body names rule {given:?}, the URL {name:?}"
                )))
            }
            _ => {
                map.insert("name".into(), json!(name));
            }
        }
    }
    let rule: Rule =
        serde_json::from_value(value).map_err(|e| ApiError::invalid(format!("the rule: {e}")))?;
    rule.validate()
        .map_err(|e| ApiError::invalid(format!("the rule: {e}")))?;
    Ok(rule)
}

/// Stores a new rule; shared with the form.
pub async fn add_rule(state: &AppState, rule: Rule) -> Result<StoredRule, ApiError> {
    let now = now();
    let definition =
        serde_json::to_string(&rule).map_err(|e| ApiError::internal(format!("the rule: {e}")))?;
    state
        .blocking(move |s| Ok(s.add_rule(&rule.name, &definition, now)?))
        .await
}

async fn create_rule(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    bytes: axum::body::Bytes,
) -> Result<Response, ApiError> {
    auth::same_origin(&method, &headers)?;
    auth::require_admin(&state, &headers)?;
    let rule = parse_rule(&bytes, None)?;
    let stored = add_rule(&state, rule).await?;
    Ok(created(
        format!("/api/rules/{}", stored.id),
        rule_json(&stored, true),
    ))
}

async fn replace_rule(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    auth::same_origin(&method, &headers)?;
    auth::require_admin(&state, &headers)?;
    let id = id_of(&id, "rule")?;
    let current = state
        .blocking(move |s| Ok(s.find_rule(&id.to_string())?))
        .await?;
    let rule = parse_rule(&bytes, Some(&current.name))?;
    let definition =
        serde_json::to_string(&rule).map_err(|e| ApiError::internal(format!("the rule: {e}")))?;
    let now = now();
    let stored = state
        .blocking(move |s| {
            let stored = s.put_rule(&rule.name, &definition, now)?;
            s.set_rule_paused(stored.id, rule.paused)?;
            Ok(s.find_rule(&stored.id.to_string())?)
        })
        .await?;
    Ok(Json(rule_json(&stored, true)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulePatch {
    paused: bool,
}

async fn update_rule(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    auth::same_origin(&method, &headers)?;
    auth::require_admin(&state, &headers)?;
    let id = id_of(&id, "rule")?;
    let patch: RulePatch = body(&bytes)?;
    let stored = state
        .blocking(move |s| {
            let rule = s.find_rule(&id.to_string())?;
            s.set_rule_paused(rule.id, patch.paused)?;
            Ok(s.find_rule(&id.to_string())?)
        })
        .await?;
    Ok(Json(rule_json(&stored, true)))
}

async fn delete_rule(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    auth::same_origin(&method, &headers)?;
    auth::require_admin(&state, &headers)?;
    let id = id_of(&id, "rule")?;
    state
        .blocking(move |s| {
            let rule = s.find_rule(&id.to_string())?;
            Ok(s.remove_rule(rule.id)?)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_checked() {
        let p = Params::parse(
            Some("limit=5&actor=rus&code=03,04&code=19"),
            &["limit", "actor", "code"],
        )
        .unwrap();
        assert_eq!(p.limit().unwrap(), 5);
        assert_eq!(p.all("code"), vec!["03", "04", "19"]);
        assert!(Params::parse(Some("limt=5"), &["limit"]).is_err());
        let p = Params::parse(Some("limit=0"), &["limit"]).unwrap();
        assert_eq!(p.limit().unwrap_err().code, "bad_request");
        let p = Params::parse(Some("limit=abc"), &["limit"]).unwrap();
        assert!(p.limit().is_err());
        assert!(actor_code("RUS'; DROP").is_err());
        assert_eq!(actor_code(" prk ").unwrap(), "PRK");
        assert!(event_code("03a").is_err());
    }

    #[test]
    fn event_filters() {
        let p = Params::parse(
            Some("pair=RUS,PRK&root=04&since=2023-09-01"),
            &[
                "pair", "root", "since", "actor", "actor2", "code", "until", "lang", "limit",
                "cursor",
            ],
        )
        .unwrap();
        let q = event_query(&p).unwrap();
        assert_eq!(q.pair, Some(("RUS".into(), "PRK".into())));
        assert_eq!(q.codes, vec!["04"]);
        assert_eq!(q.since.as_deref(), Some("2023-09-01"));
        let p = Params::parse(
            Some("pair=RUS"),
            &[
                "pair", "root", "since", "actor", "actor2", "code", "until", "lang", "limit",
                "cursor",
            ],
        )
        .unwrap();
        assert!(event_query(&p).is_err());
        let p = Params::parse(
            Some("since=13/09/2023"),
            &[
                "pair", "root", "since", "actor", "actor2", "code", "until", "lang", "limit",
                "cursor",
            ],
        )
        .unwrap();
        assert!(event_query(&p).is_err());
    }

    #[test]
    fn secrets_are_hidden_from_readers() {
        let rule = StoredRule {
            id: 1,
            name: "r".into(),
            definition: r#"{"name":"r","to":["webhook:https://hooks.example/T0K3N","telegram:@warta_test"]}"#.into(),
            paused: false,
            created_at: 0,
        };
        let public = rule_json(&rule, false).to_string();
        assert!(!public.contains("T0K3N"), "{public}");
        assert!(public.contains("hooks.example"));
        assert!(public.contains("telegram:@warta_test"));
        assert!(rule_json(&rule, true).to_string().contains("T0K3N"));
    }
}
