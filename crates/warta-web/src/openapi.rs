//! The OpenAPI document of the JSON API, written by hand next to the
//! routes; `tests/api.rs` checks that the two agree both ways.

/// The document served at `/api/openapi.json`.
pub const DOCUMENT: &str = include_str!("openapi.json");

/// Every route the server answers, as `(method, path)` with `{id}`
/// parameters as the document writes them.
pub fn documented_operations() -> Vec<(String, String)> {
    let doc: serde_json::Value =
        serde_json::from_str(DOCUMENT).expect("the OpenAPI document is JSON (a test checks it)");
    let mut out = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, ops) in paths {
            if let Some(ops) = ops.as_object() {
                for method in ops.keys() {
                    out.push((method.to_ascii_uppercase(), path.clone()));
                }
            }
        }
    }
    out
}
