//! The JSON API against a real `warta serve` on 127.0.0.1, over a store
//! the binary filled from news sites on another local server: the OpenAPI
//! document and the routes agree both ways, errors are JSON with the
//! status HTTP gives them, lists page without repeats, sources and rules
//! change with the token and only with it, `/metrics` counts, closed
//! reads need the token, a merged story answers as the story it went
//! into, and a hostile article stays text in the pages.

mod common;

use common::server::Server;
use common::web::{self, filled_store, news_sites, Serve, FORM_FEED, TOKEN};
use common::DataDir;
use reqwest::blocking::Client;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::OnceLock;

/// The news sites and a store filled from them, made once for every test
/// here; each test serves its own copy.
struct Scene {
    sites: Server,
    template: DataDir,
}

fn scene() -> &'static Scene {
    static SCENE: OnceLock<Scene> = OnceLock::new();
    SCENE.get_or_init(|| {
        let sites = news_sites();
        let template = filled_store("api-cli-template", &sites);
        Scene { sites, template }
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the filled store, served with the token and `extra` flags.
fn serve(name: &str, extra: &[&str]) -> (DataDir, Serve) {
    let scene = scene();
    let dir = DataDir::new(name);
    copy_dir(&scene.template.0, &dir.0);
    let server = Serve::start(&dir.0, Some(TOKEN), extra);
    (dir, server)
}

/// An answer: status, content type, body.
struct Answer {
    status: u16,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }

    /// The answer is an API error with this status and code.
    fn error(&self, status: u16, code: &str, what: &str) {
        assert_eq!(self.status, status, "{what}: {}", self.body);
        assert!(
            self.content_type.starts_with("application/json"),
            "{what}: errors are JSON, not {}",
            self.content_type
        );
        let v = self.json();
        let e = &v["error"];
        assert_eq!(e["code"], code, "{what}: {v}");
        assert!(
            e["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}: an error says what is wrong: {v}"
        );
        assert_eq!(
            v.as_object().unwrap().len(),
            1,
            "{what}: nothing but the error: {v}"
        );
    }
}

struct Api {
    base: String,
    client: Client,
}

impl Api {
    fn new(server: &Serve) -> Api {
        Api {
            base: server.base.clone(),
            client: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .unwrap(),
        }
    }

    fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Answer {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        if let Some(b) = body {
            request = request.json(b);
        }
        let response = request
            .send()
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let content_type = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        Answer {
            status,
            content_type,
            headers,
            body: response.text().unwrap(),
        }
    }

    fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None, None)
    }

    /// A GET that must answer 200 with JSON.
    fn ok(&self, path: &str) -> Value {
        let a = self.get(path);
        assert_eq!(a.status, 200, "GET {path}: {}", a.body);
        a.json()
    }

    fn admin(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        self.call(method, path, Some(TOKEN), body)
    }
}

/// Ids that exist in the filled store: a story with reports, one of its
/// articles, a source.
fn sample_ids(api: &Api) -> (i64, i64, i64) {
    let stories = api.ok("/api/stories?limit=50");
    let story = stories["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["articles"].as_u64() > Some(1))
        .unwrap_or_else(|| panic!("a story with several reports: {stories}"))["id"]
        .as_i64()
        .unwrap();
    let detail = api.ok(&format!("/api/stories/{story}"));
    let article = detail["articles"][0]["id"].as_i64().unwrap();
    let source = api.ok("/api/sources")["items"][0]["id"].as_i64().unwrap();
    (story, article, source)
}

fn rule(name: &str) -> Value {
    json!({"name": name, "query": "Korea Utara", "actors": ["RUS"], "to": ["feed:warta-test"]})
}

// ------------------------------------------------------------ the routes

/// `(METHOD, path)` of each `.route("PATH", get(..).post(..))` in the body
/// of `fn NAME` in a Rust source file, as axum writes them (`{id}`, like
/// OpenAPI).
fn routes_in_source(source: &str, name: &str) -> Vec<(String, String)> {
    let start = source
        .find(&format!("fn {name}("))
        .unwrap_or_else(|| panic!("fn {name} in the source"));
    let body_start = start + source[start..].find('{').unwrap();
    // The function's body, to its matching brace.
    let mut depth = 0;
    let mut body_end = body_start;
    for (i, c) in source[body_start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    body_end = body_start + i;
                    break;
                }
            }
            _ => {}
        }
    }
    let body = &source[body_start..body_end];
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find(".route(") {
        rest = &rest[at + ".route(".len()..];
        let q1 = rest.find('"').unwrap();
        let q2 = q1 + 1 + rest[q1 + 1..].find('"').unwrap();
        let path = rest[q1 + 1..q2].to_string();
        // The method router: from after the path's comma to the `.route(`
        // call's closing parenthesis.
        let chain = &rest[q2 + 1..];
        let mut depth = 0;
        let mut ident = String::new();
        for c in chain.chars() {
            match c {
                '(' => {
                    if depth == 0 {
                        let method = ident.rsplit("::").next().unwrap_or("").to_string();
                        assert!(
                            ["get", "post", "put", "patch", "delete"].contains(&method.as_str()),
                            "{path}: a method router this check does not know: {ident}"
                        );
                        out.push((method.to_ascii_uppercase(), path.clone()));
                    }
                    depth += 1;
                    ident.clear();
                }
                ')' => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                c if depth == 0 && (c.is_alphanumeric() || c == '_' || c == ':') => ident.push(c),
                _ => {
                    if depth == 0 {
                        ident.clear();
                    }
                }
            }
        }
    }
    out
}

/// Every route the server has under `/api` and `/metrics`: read from
/// `warta-web`'s own source, so a route added there without a line in the
/// OpenAPI document fails this test.
fn server_routes() -> BTreeSet<(String, String)> {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../warta-web/src");
    let api = std::fs::read_to_string(web.join("api.rs")).unwrap();
    let lib = std::fs::read_to_string(web.join("lib.rs")).unwrap();
    let mut routes: BTreeSet<_> = routes_in_source(&api, "routes").into_iter().collect();
    routes.extend(routes_in_source(&lib, "router"));
    assert!(
        routes.len() >= 15,
        "the route scan found too few: {routes:?}"
    );
    assert!(routes.contains(&("GET".into(), "/metrics".into())));
    assert!(routes.contains(&("DELETE".into(), "/api/rules/{id}".into())));
    routes
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().expect("paths in the document") {
        for method in ops.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete", "head", "options"]
                .contains(&method.as_str())
            {
                out.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    out
}

#[test]
fn the_openapi_document_and_the_routes_agree() {
    let (_dir, server) = serve("api-openapi", &[]);
    let api = Api::new(&server);
    let doc = api.ok("/api/openapi.json");
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "{}",
        doc["openapi"]
    );
    assert!(doc["info"]["title"].is_string());
    let documented = documented(&doc);

    // The source's routes, both ways.
    let routes = server_routes();
    let undocumented: Vec<_> = routes.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "routes without a line in openapi.json: {undocumented:?}"
    );
    let phantom: Vec<_> = documented.difference(&routes).collect();
    assert!(
        phantom.is_empty(),
        "openapi.json documents routes the server does not have: {phantom:?}"
    );

    // The running server, both ways: every method it does not refuse with
    // 405 on a documented path is documented. No token, so no write lands.
    let paths: BTreeSet<&String> = documented.iter().map(|(_, p)| p).collect();
    for path in &paths {
        let concrete = path.replace("{id}", "1");
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            let a = api.call(
                Method::from_bytes(method.as_bytes()).unwrap(),
                &concrete,
                None,
                None,
            );
            let is_documented = documented.contains(&(method.to_string(), path.to_string()));
            if is_documented {
                assert_ne!(a.status, 405, "{method} {path} is documented: {}", a.body);
            } else {
                assert_eq!(
                    a.status, 405,
                    "{method} {concrete} answers {}, and openapi.json does not document it: {}",
                    a.status, a.body
                );
                a.error(405, "method_not_allowed", &format!("{method} {path}"));
            }
        }
    }

    // Every documented operation answers, with sample ids, something
    // other than 404 and 405; the writes with the token and a valid body.
    let (story, article, source) = sample_ids(&api);
    let created = api.admin(Method::POST, "/api/rules", Some(&rule("contoh")));
    assert_eq!(created.status, 201, "{}", created.body);
    let rule_id = created.json()["id"].as_i64().unwrap();
    let feed = scene().sites.url(FORM_FEED);
    let mut ops: Vec<&(String, String)> = documented.iter().collect();
    // DELETE last, so the other operations still find their ids.
    ops.sort_by_key(|(m, _)| m == "DELETE");
    let mut answered = 0;
    for (method, path) in ops {
        let id = match path.as_str() {
            p if p.starts_with("/api/stories/") => story,
            p if p.starts_with("/api/articles/") => article,
            p if p.starts_with("/api/sources/") => source,
            p if p.starts_with("/api/rules/") => rule_id,
            _ => 0,
        };
        let concrete = path.replace("{id}", &id.to_string());
        let concrete = match concrete.as_str() {
            "/api/search" => "/api/search?q=Korea".to_string(),
            "/api/events" => "/api/events?pair=RUS,PRK".to_string(),
            _ => concrete,
        };
        let body = match (method.as_str(), path.as_str()) {
            ("POST", "/api/sources") => Some(json!({"url": feed, "kind": "feed"})),
            ("PATCH", "/api/sources/{id}") => Some(json!({"paused": true})),
            ("POST", "/api/rules") => Some(rule("contoh-dua")),
            ("PUT", "/api/rules/{id}") => {
                Some(json!({"query": "Rusia", "to": ["feed:warta-test"]}))
            }
            ("PATCH", "/api/rules/{id}") => Some(json!({"paused": true})),
            _ => None,
        };
        let a = api.admin(
            Method::from_bytes(method.as_bytes()).unwrap(),
            &concrete,
            body.as_ref(),
        );
        assert!(
            ![404, 405].contains(&a.status),
            "{method} {concrete} answers {}: {}",
            a.status,
            a.body
        );
        assert!(
            a.status < 300,
            "{method} {concrete} with a valid request answers {}: {}",
            a.status,
            a.body
        );
        // The document says which statuses an operation answers.
        let responses = &doc["paths"][path][method.to_ascii_lowercase()]["responses"];
        assert!(
            responses.get(a.status.to_string()).is_some() || responses.get("default").is_some(),
            "{method} {path} answered {}, which the document does not list: {responses}",
            a.status
        );
        answered += 1;
    }
    assert_eq!(answered, documented.len());
}

// ------------------------------------------------------------ errors

#[test]
fn errors_are_json_with_the_status_http_gives_them() {
    let (_dir, server) = serve("api-errors", &[]);
    let api = Api::new(&server);
    let (story, _, _) = sample_ids(&api);

    // 404: an id that does not exist, a route that does not exist.
    for path in [
        "/api/stories/999999",
        "/api/articles/999999",
        "/api/sources/999999",
        "/api/rules/999999",
        "/api/nothing-here",
    ] {
        api.get(path).error(404, "not_found", path);
    }
    // 400: a parameter that is wrong.
    for path in [
        "/api/stories?limit=0",
        "/api/stories?limit=lots",
        "/api/stories?limit=100000",
        "/api/stories?cursor=garbage",
        "/api/stories?colour=red",
        "/api/stories/abc",
        "/api/events?since=13/09/2023",
        "/api/events?pair=RUS",
        "/api/events?actor=RUS%27;DROP",
        "/api/events?code=abc",
        "/api/search?q=Korea&lang=indonesian",
        "/api/search?q=Korea&cursor=-1",
    ] {
        api.get(path).error(400, "bad_request", path);
    }
    let bad_body = api.call(Method::POST, "/api/sources", Some(TOKEN), None);
    bad_body.error(400, "bad_request", "POST /api/sources without a body");

    // 401: a write without the token, or with a wrong one; the answer
    // says how to authenticate.
    let feed = scene().sites.url(FORM_FEED);
    let source = json!({"url": feed, "kind": "feed"});
    let a = api.call(Method::POST, "/api/sources", None, Some(&source));
    a.error(401, "unauthorized", "POST /api/sources without the token");
    assert!(a.headers.get("www-authenticate").is_some());
    api.call(
        Method::POST,
        "/api/sources",
        Some("not-the-token"),
        Some(&source),
    )
    .error(401, "unauthorized", "POST /api/sources with a wrong token");
    api.call(
        Method::DELETE,
        &format!("/api/rules/{story}"),
        Some("x"),
        None,
    )
    .error(401, "unauthorized", "DELETE with a wrong token");
    api.call(
        Method::PATCH,
        "/api/sources/1",
        None,
        Some(&json!({"paused": true})),
    )
    .error(401, "unauthorized", "PATCH without the token");
    // Nothing was written.
    assert!(!api.ok("/api/sources?limit=200").to_string().contains(&feed));

    // 409: the same source twice.
    let first = api.admin(Method::POST, "/api/sources", Some(&source));
    assert_eq!(first.status, 201, "{}", first.body);
    api.admin(Method::POST, "/api/sources", Some(&source))
        .error(409, "conflict", "the same source twice");
    // A rule of a name that is taken.
    assert_eq!(
        api.admin(Method::POST, "/api/rules", Some(&rule("r1")))
            .status,
        201
    );
    api.admin(Method::POST, "/api/rules", Some(&rule("r1")))
        .error(409, "conflict", "the same rule name twice");

    // 422: a rule that parses as JSON but is not a rule.
    for (what, body) in [
        (
            "a rule with nowhere to deliver",
            json!({"name": "r2", "query": "x", "to": []}),
        ),
        (
            "a rule with an unknown sink",
            json!({"name": "r3", "to": ["pigeon:coo"]}),
        ),
        (
            "a rule with a bad name",
            json!({"name": "", "to": ["feed:x"]}),
        ),
        (
            "a rule with an unknown field",
            json!({"name": "r4", "to": ["feed:x"], "colour": "red"}),
        ),
        (
            "a rule with a bad Goldstein bound",
            json!({"name": "r5", "to": ["feed:x"], "goldstein": "lots"}),
        ),
    ] {
        api.admin(Method::POST, "/api/rules", Some(&body))
            .error(422, "invalid", what);
    }
    api.admin(
        Method::POST,
        "/api/sources",
        Some(&json!({"url": "ftp://example.com/feed"})),
    )
    .error(422, "invalid", "an ftp source");

    // 405: a method the route does not take.
    for (method, path) in [
        (Method::DELETE, "/api/stories".to_string()),
        (Method::POST, format!("/api/stories/{story}")),
        (Method::PUT, "/api/sources".to_string()),
        (Method::PUT, "/api/sources/1".to_string()),
        (Method::POST, "/api/health".to_string()),
        (Method::POST, "/metrics".to_string()),
    ] {
        let a = api.call(method.clone(), &path, Some(TOKEN), None);
        a.error(405, "method_not_allowed", &format!("{method} {path}"));
        assert!(
            a.headers.get("allow").is_some(),
            "{method} {path}: a 405 says what is allowed (Allow header)"
        );
    }
}

// ------------------------------------------------------------ pages of lists

/// Follows `next_cursor` from `path` (which has `limit=`), returning the
/// `key` of every item; fails on a repeat.
fn walk(api: &Api, path: &str, key: &str) -> Vec<String> {
    let mut seen = Vec::new();
    let mut set = HashSet::new();
    let mut cursor: Option<String> = None;
    for _ in 0..1000 {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!(
                "{path}{sep}cursor={}",
                url::form_urlencoded::byte_serialize(c.as_bytes()).collect::<String>()
            ),
            None => path.to_string(),
        };
        let page = api.ok(&url);
        for item in page["items"].as_array().unwrap() {
            let k = item[key].to_string();
            assert!(set.insert(k.clone()), "{path}: {key} {k} twice");
            seen.push(k);
        }
        match page.get("next_cursor").and_then(Value::as_str) {
            Some(c) => {
                assert!(
                    !page["items"].as_array().unwrap().is_empty(),
                    "{path}: an empty page with a next cursor"
                );
                cursor = Some(c.to_string());
            }
            None => return seen,
        }
    }
    panic!("{path}: more than 1000 pages");
}

#[test]
fn pagination_walks_every_list_without_repeats() {
    let (_dir, server) = serve("api-pages", &[]);
    let api = Api::new(&server);
    for name in ["satu", "dua", "tiga", "empat", "lima"] {
        assert_eq!(
            api.admin(Method::POST, "/api/rules", Some(&rule(name)))
                .status,
            201
        );
    }
    for (list, key, small) in [
        ("/api/stories", "id", 1),
        ("/api/stories", "id", 2),
        ("/api/events", "id", 2),
        ("/api/events?pair=RUS,PRK", "id", 1),
        ("/api/events?lang=en", "id", 1),
        ("/api/sources", "id", 1),
        ("/api/rules", "id", 2),
        ("/api/search?q=Korea", "article_id", 1),
        ("/api/search?q=Rusia%20OR%20Russia", "article_id", 2),
    ] {
        let sep = if list.contains('?') { '&' } else { '?' };
        let all = api.ok(&format!("{list}{sep}limit=200"));
        assert!(
            all.get("next_cursor").is_none(),
            "{list}: everything fits one page of 200"
        );
        let mut whole: Vec<String> = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i[key].to_string())
            .collect();
        assert!(whole.len() >= 2, "{list}: too few items to page: {all}");
        let mut walked = walk(&api, &format!("{list}{sep}limit={small}"), key);
        assert_eq!(
            walked, whole,
            "{list}: pages of {small} give the list in the same order"
        );
        walked.sort();
        whole.sort();
        assert_eq!(walked, whole);
    }
    // A cursor that was never given out is refused.
    for path in [
        "/api/stories?cursor=1",
        "/api/events?cursor=x",
        "/api/sources?cursor=x",
        "/api/rules?cursor=x",
        "/api/search?q=Korea&cursor=x",
    ] {
        api.get(path).error(400, "bad_request", path);
    }
}

// ------------------------------------------------------------ writes

#[test]
fn sources_and_rules_change_with_the_token() {
    let (_dir, server) = serve("api-crud", &[]);
    let api = Api::new(&server);
    let feed = scene().sites.url(FORM_FEED);

    // Sources: create (finding the feed behind the URL), read, pause,
    // delete.
    let before = api.ok("/api/sources?limit=200")["items"]
        .as_array()
        .unwrap()
        .len();
    let a = api.admin(
        Method::POST,
        "/api/sources",
        Some(&json!({"url": feed, "title": "Kabar Dunia", "category": "dunia"})),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let created = a.json();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        a.headers.get("location").unwrap().to_str().unwrap(),
        format!("/api/sources/{id}")
    );
    assert_eq!(created["url"], feed.as_str());
    assert_eq!(created["kind"], "feed");
    assert_eq!(created["title"], "Kabar Dunia");
    let got = api.ok(&format!("/api/sources/{id}"));
    assert_eq!(got["url"], feed.as_str());
    assert!(got["recent_polls"].is_array(), "{got}");
    assert_eq!(
        api.ok("/api/sources?limit=200")["items"]
            .as_array()
            .unwrap()
            .len(),
        before + 1
    );
    let paused = api.admin(
        Method::PATCH,
        &format!("/api/sources/{id}"),
        Some(&json!({"paused": true})),
    );
    assert_eq!(paused.status, 200, "{}", paused.body);
    assert_eq!(paused.json()["state"], "paused", "{}", paused.body);
    assert_eq!(api.ok(&format!("/api/sources/{id}"))["state"], "paused");
    let resumed = api.admin(
        Method::PATCH,
        &format!("/api/sources/{id}"),
        Some(&json!({"paused": false})),
    );
    assert_ne!(resumed.json()["state"], "paused", "{}", resumed.body);
    api.admin(
        Method::PATCH,
        &format!("/api/sources/{id}"),
        Some(&json!({"colour": "red"})),
    )
    .error(400, "bad_request", "a patch with an unknown field");
    // A site's URL: the feed is found behind it is refused when there is
    // none.
    api.admin(
        Method::POST,
        "/api/sources",
        Some(&json!({"url": scene().sites.url("/no-such-site/")})),
    )
    .error(422, "no_feed", "a URL with no feed behind it");
    let deleted = api.admin(Method::DELETE, &format!("/api/sources/{id}"), None);
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert!(deleted.body.is_empty());
    api.get(&format!("/api/sources/{id}"))
        .error(404, "not_found", "a deleted source");
    api.admin(Method::DELETE, &format!("/api/sources/{id}"), None)
        .error(404, "not_found", "a source deleted twice");

    // Rules: create, read, replace, pause, delete.
    let a = api.admin(
        Method::POST,
        "/api/rules",
        Some(&json!({
            "name": "rusia-korut",
            "query": "kerja sama militer",
            "actors": ["RUS", "PRK"],
            "to": ["feed:rusia-korut", "webhook:https://hooks.example/R4HASIA"],
        })),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let id = a.json()["id"].as_i64().unwrap();
    assert_eq!(
        a.headers.get("location").unwrap().to_str().unwrap(),
        format!("/api/rules/{id}")
    );
    let public = api.ok(&format!("/api/rules/{id}"));
    assert_eq!(public["name"], "rusia-korut");
    assert_eq!(public["paused"], false);
    assert!(public["recent_deliveries"].is_array());
    assert!(
        !public.to_string().contains("R4HASIA"),
        "a webhook's secret is hidden from readers: {public}"
    );
    let admin = api.admin(Method::GET, &format!("/api/rules/{id}"), None);
    assert!(admin.body.contains("R4HASIA"), "{}", admin.body);
    let replaced = api.admin(
        Method::PUT,
        &format!("/api/rules/{id}"),
        Some(&json!({"query": "Rusia", "actors": ["RUS"], "to": ["feed:rusia-korut"]})),
    );
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    let got = api.ok(&format!("/api/rules/{id}"));
    assert_eq!(got["query"], "Rusia", "{got}");
    assert_eq!(got["name"], "rusia-korut");
    api.admin(
        Method::PUT,
        &format!("/api/rules/{id}"),
        Some(&json!({"name": "lain", "to": ["feed:x"]})),
    )
    .error(422, "invalid", "a PUT that renames the rule");
    let paused = api.admin(
        Method::PATCH,
        &format!("/api/rules/{id}"),
        Some(&json!({"paused": true})),
    );
    assert_eq!(paused.status, 200, "{}", paused.body);
    assert_eq!(api.ok(&format!("/api/rules/{id}"))["paused"], true);
    // Without the token nothing changes.
    api.call(Method::DELETE, &format!("/api/rules/{id}"), None, None)
        .error(401, "unauthorized", "DELETE without the token");
    assert_eq!(api.ok(&format!("/api/rules/{id}"))["paused"], true);
    let deleted = api.admin(Method::DELETE, &format!("/api/rules/{id}"), None);
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    api.get(&format!("/api/rules/{id}"))
        .error(404, "not_found", "a deleted rule");

    // A form posted from another site may not write, token or not.
    let cross = api
        .client
        .post(format!("{}/api/rules", api.base))
        .bearer_auth(TOKEN)
        .header("Origin", "https://evil.example")
        .json(&rule("dari-luar"))
        .send()
        .unwrap();
    assert_eq!(cross.status().as_u16(), 403);
}

// ------------------------------------------------------------ health, metrics

/// The value of a Prometheus sample whose name and labels are `series`.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| {
            l.strip_prefix(series)?
                .strip_prefix(' ')?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0.0)
}

#[test]
fn health_and_metrics() {
    let (_dir, server) = serve("api-metrics", &[]);
    let api = Api::new(&server);
    let health = api.ok("/api/health");
    assert_eq!(health["status"], "ok", "{health}");
    assert!(health["version"].is_string());
    assert!(
        health["store"]
            .as_str()
            .is_some_and(|s| s.ends_with("warta.db")),
        "{health}"
    );

    let before = api.get("/metrics");
    assert_eq!(before.status, 200);
    assert!(
        before.content_type.starts_with("text/plain"),
        "{}",
        before.content_type
    );
    assert!(
        before.content_type.contains("version=0.0.4"),
        "Prometheus text format: {}",
        before.content_type
    );
    // Every line is a comment or `name{labels} value`.
    for line in before.body.lines() {
        if line.starts_with('#') {
            assert!(
                line.starts_with("# HELP ") || line.starts_with("# TYPE "),
                "{line}"
            );
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("{line}"));
        assert!(value.parse::<f64>().is_ok(), "a number: {line}");
        let name = series.split('{').next().unwrap();
        assert!(
            name.starts_with("warta_")
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{line}"
        );
        assert!(
            !series.contains('{') || series.ends_with('}'),
            "labels are closed: {line}"
        );
    }
    assert!(before
        .body
        .contains("# TYPE warta_http_requests_total counter"));
    assert!(
        sample(&before.body, "warta_store_rows{kind=\"articles\"}") >= 9.0,
        "{}",
        before.body
    );
    assert_eq!(sample(&before.body, "warta_store_up"), 1.0);

    let series =
        "warta_http_requests_total{method=\"GET\",route=\"/api/stories/{id}\",status=\"404\"}";
    let n0 = sample(&before.body, series);
    for _ in 0..7 {
        api.get("/api/stories/987654")
            .error(404, "not_found", "no such story");
    }
    let series_ok =
        "warta_http_requests_total{method=\"GET\",route=\"/api/stories\",status=\"200\"}";
    let ok0 = sample(&before.body, series_ok);
    for _ in 0..3 {
        api.ok("/api/stories?limit=1");
    }
    let after = api.get("/metrics").body;
    assert_eq!(sample(&after, series), n0 + 7.0, "{after}");
    assert_eq!(sample(&after, series_ok), ok0 + 3.0, "{after}");
    let count = "warta_http_request_duration_seconds_count{route=\"/api/stories\"}";
    assert!(sample(&after, count) >= 3.0, "{after}");
    let inf = "warta_http_request_duration_seconds_bucket{route=\"/api/stories\",le=\"+Inf\"}";
    assert_eq!(sample(&after, inf), sample(&after, count));
    // The earlier scrape itself is counted.
    assert!(
        sample(
            &after,
            "warta_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"200\"}"
        ) >= 1.0
    );
}

#[test]
fn closed_reads_need_the_token() {
    let (_dir, server) = serve("api-closed", &["--set", "server.public_reads=false"]);
    let api = Api::new(&server);
    for path in [
        "/api/stories",
        "/api/stories/1",
        "/api/articles/1",
        "/api/events",
        "/api/search?q=Korea",
        "/api/sources",
        "/api/rules",
        "/metrics",
    ] {
        api.get(path).error(401, "unauthorized", path);
        api.call(Method::GET, path, Some("wrong"), None)
            .error(401, "unauthorized", path);
        let a = api.call(Method::GET, path, Some(TOKEN), None);
        assert!(
            [200, 404].contains(&a.status),
            "{path} with the token: {} {}",
            a.status,
            a.body
        );
    }
    assert!(
        !api.admin(Method::GET, "/api/stories", None).json()["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The pages too: they answer 401 with a page that links to the login.
    for path in ["/", "/search?q=Korea", "/actors/RUS/PRK", "/stories/1"] {
        let a = api.get(path);
        assert_eq!(a.status, 401, "{path}");
        assert!(a.content_type.starts_with("text/html"), "{path}");
        assert!(a.body.contains("/login"), "{path}: {}", a.body);
        let a = api.admin(Method::GET, path, None);
        assert!(
            [200, 404].contains(&a.status),
            "{path} with the token: {}",
            a.status
        );
    }
    // The browser's way in: the login form sets the cookie.
    let login = api
        .client
        .post(format!("{}/login", api.base))
        .form(&[("token", TOKEN), ("back", "/")])
        .send()
        .unwrap();
    assert_eq!(login.status().as_u16(), 303);
    let cookie = login
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let page = api
        .client
        .get(format!("{}/", api.base))
        .header("Cookie", cookie.split(';').next().unwrap())
        .send()
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
}

// ------------------------------------------------------------ merged stories

/// A story merged into another (the grouper found later that they are one)
/// answers as the story it went into: the API gives the kept story with
/// every report and its events, the page moves for good (308), and lists
/// leave the absorbed story out.
#[test]
fn a_merged_story_answers_as_the_story_it_went_into() {
    use warta_store::Store;
    let (dir, server) = serve("api-merged", &[]);
    let api = Api::new(&server);
    let stories = api.ok("/api/stories?limit=50");
    let ids = item_ids(&stories);
    assert!(ids.len() >= 2, "two stories to merge: {stories}");
    let (keep, gone) = (ids[0], ids[1]);
    let reports = |v: &Value| v["articles"].as_array().unwrap().len();
    let events = |v: &Value| v["events"].as_array().unwrap().len();
    let (kept_before, gone_before) = (
        api.ok(&format!("/api/stories/{keep}")),
        api.ok(&format!("/api/stories/{gone}")),
    );

    let store = warta_store::SqliteStore::open(&dir.0.join("warta.db")).unwrap();
    store.merge_stories(keep, &[gone]).unwrap();
    drop(store);

    let merged = api.ok(&format!("/api/stories/{gone}"));
    assert_eq!(merged["id"].as_i64(), Some(keep), "{merged}");
    assert_eq!(
        reports(&merged),
        reports(&kept_before) + reports(&gone_before),
        "every report of both: {merged}"
    );
    assert!(
        events(&merged) >= events(&kept_before).max(events(&gone_before)) && events(&merged) > 0,
        "the events of both: before {} and {}, after {merged}",
        events(&kept_before),
        events(&gone_before)
    );
    assert_eq!(merged, api.ok(&format!("/api/stories/{keep}")));

    let page = api.get(&format!("/stories/{gone}"));
    assert_eq!(page.status, 308, "{}", page.body);
    assert_eq!(
        page.headers.get("location").and_then(|v| v.to_str().ok()),
        Some(format!("/stories/{keep}").as_str())
    );
    let page = api.get(&format!("/stories/{keep}"));
    assert_eq!(page.status, 200);
    for a in merged["articles"].as_array().unwrap() {
        assert!(
            page.body.contains(&format!("/articles/{}", a["id"])),
            "the page lists report {}",
            a["id"]
        );
    }

    let listed = item_ids(&api.ok("/api/stories?limit=50"));
    assert!(
        listed.contains(&keep) && !listed.contains(&gone),
        "{listed:?}"
    );
}

/// The ids of a list's items.
fn item_ids(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

// ------------------------------------------------------------ escaping

#[test]
fn a_hostile_article_stays_text_in_the_pages() {
    let (_dir, server) = serve("api-hostile", &[]);
    let api = Api::new(&server);
    let found = api.ok("/api/search?q=peretas");
    let id = found["items"][0]["article_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{found}"));
    let article = api.ok(&format!("/api/articles/{id}"));
    let text = article["text"].as_str().unwrap();
    // The text was kept as the page wrote it: markup as text.
    assert!(text.contains(web::HOSTILE_TEXT_SCRIPT), "{text}");
    assert!(text.contains(web::HOSTILE_TEXT_ATTR), "{text}");
    assert!(text.contains(web::HOSTILE_TEXT_IMG), "{text}");
    let story = article["story"].as_i64().unwrap();

    for path in [
        format!("/articles/{id}"),
        format!("/stories/{story}"),
        "/search?q=peretas".to_string(),
        "/".to_string(),
    ] {
        let a = api.get(&path);
        assert_eq!(a.status, 200, "{path}");
        let csp = a
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.contains("script-src 'none'"), "{path}: {csp}");
        assert!(
            !a.body.to_ascii_lowercase().contains("<script"),
            "{path}: a raw <script>:\n{}",
            a.body
        );
        let doc = scraper::Html::parse_document(&a.body);
        let all = scraper::Selector::parse("*").unwrap();
        for el in doc.select(&all) {
            let name = el.value().name();
            assert!(
                !["script", "iframe", "object", "embed", "frame", "base"].contains(&name),
                "{path}: a <{name}> element:\n{}",
                el.html()
            );
            for (attr, value) in el.value().attrs() {
                assert!(
                    !attr.to_ascii_lowercase().starts_with("on"),
                    "{path}: an event handler: <{name} {attr}=\"{value}\">"
                );
                if ["href", "src", "action", "formaction", "xlink:href"].contains(&attr) {
                    let v = value.trim().to_ascii_lowercase();
                    assert!(
                        v.starts_with('/')
                            || v.starts_with("http:")
                            || v.starts_with("https:")
                            || v.starts_with('#')
                            || v.starts_with('?'),
                        "{path}: <{name} {attr}=\"{value}\">"
                    );
                }
            }
        }
    }
    let page = api.get(&format!("/articles/{id}")).body;
    assert!(
        page.contains("&lt;script&gt;window.__pwned=1;alert('teks')&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("&lt;img src=x onerror="), "{page}");
    assert!(
        page.contains("&quot; onmouseover=&quot;window.__pwned=2&quot; x=&quot;"),
        "{page}"
    );
}

/// `warta serve` reads the search index into the page cache at start, on a
/// thread of its own (`server.warm_index`), and answers searches meanwhile.
#[test]
fn serve_warms_the_search_index_at_start() {
    let (_dir, server) = serve("api-cli-warm", &["--log", "warta=info"]);
    let api = Api::new(&server);
    let started = std::time::Instant::now();
    let line = loop {
        let log = server.stderr.lock().unwrap().clone();
        if let Some(line) = log.lines().find(|l| l.contains("search index warmed")) {
            break line.to_string();
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "no warming reported:\n{log}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let files: usize = line
        .split("files=")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("how many files: {line}"));
    assert!(files >= 6, "the index's parts were read: {line}");
    let found = api.call(Method::GET, "/api/search?q=a", None, None);
    assert_eq!(found.status, 200, "{}", found.body);
}
