//! Who may do what: the server token, as a bearer header (scripts) or as
//! the cookie the login form sets (the admin pages in a browser).

use crate::{ApiError, AppState};
use axum::http::{header, HeaderMap, Method};

/// The cookie that carries the token in a browser.
pub const COOKIE: &str = "warta_token";

/// Compares without an early exit, so response times do not tell how much
/// of a guess was right.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= (a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0)) as usize;
    }
    diff == 0
}

/// The token a request presents, from `Authorization: Bearer` or the
/// cookie.
pub fn presented(headers: &HeaderMap) -> Option<String> {
    if let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let (scheme, token) = value.trim().split_once(' ')?;
        return scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_string());
    }
    cookie(headers, COOKIE)
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// True when the request carries the server's token.
pub fn is_admin(state: &AppState, headers: &HeaderMap) -> bool {
    match (&state.config().token, presented(headers)) {
        (Some(token), Some(given)) => same(token, &given),
        _ => false,
    }
}

/// Writes and the admin pages.
pub fn require_admin(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if state.config().token.is_none() {
        return Err(ApiError::forbidden(
            "writes are off: this server has no token (set WARTA_SERVER_TOKEN or server.token)",
        ));
    }
    if is_admin(state, headers) {
        Ok(())
    } else if presented(headers).is_some() {
        Err(ApiError::unauthorized("the token is wrong"))
    } else {
        Err(ApiError::unauthorized(
            "this needs the server token: Authorization: Bearer TOKEN",
        ))
    }
}

/// Reads, which are public unless the config closes them.
pub fn require_reader(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if state.config().public_reads {
        return Ok(());
    }
    require_admin(state, headers)
}

/// A form posted from another site is refused: browsers send `Origin` with
/// every POST, and it must name this server.
pub fn same_origin(method: &Method, headers: &HeaderMap) -> Result<(), ApiError> {
    if method == Method::GET || method == Method::HEAD {
        return Ok(());
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin);
    if origin != "null" && origin_host.eq_ignore_ascii_case(host) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "a form from {origin} may not change this server"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn tokens_come_from_the_header_or_the_cookie() {
        let mut h = HeaderMap::new();
        assert_eq!(presented(&h), None);
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; warta_token=s3cret"),
        );
        assert_eq!(presented(&h).as_deref(), Some("s3cret"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc"),
        );
        assert_eq!(presented(&h).as_deref(), Some("abc"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(presented(&h), None);
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
        assert!(!same("", "a"));
    }

    #[test]
    fn cross_site_forms_are_refused() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(same_origin(&Method::POST, &h).is_ok());
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&Method::POST, &h).is_ok());
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(same_origin(&Method::POST, &h).is_err());
        assert!(same_origin(&Method::GET, &h).is_ok());
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(same_origin(&Method::POST, &h).is_err());
    }
}
