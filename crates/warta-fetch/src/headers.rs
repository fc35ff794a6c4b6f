//! Reading the response headers that steer re-fetching: `Retry-After`,
//! `Cache-Control`, `Expires`, `Age`.

use std::time::{Duration, SystemTime};

/// `Retry-After` as a wait from `now`: delay-seconds or an HTTP date
/// (RFC 9110 §10.2.3). A date in the past is a zero wait; anything
/// unreadable is `None`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long digit runs saturate instead of failing.
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// How long a response stays fresh, from its headers: `Cache-Control:
/// no-store`/`no-cache` mean zero, else `max-age` less `Age`, else
/// `Expires` less `Date` (or less `now` without a `Date`). An unreadable
/// `Expires` (often `0`) means already expired, as RFC 9111 §5.3 says.
pub fn freshness(
    cache_control: Option<&str>,
    expires: Option<&str>,
    date: Option<&str>,
    age: Option<&str>,
    now: SystemTime,
) -> Option<Duration> {
    let age = age
        .and_then(|a| a.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::ZERO);
    if let Some(cc) = cache_control {
        let mut max_age = None;
        for directive in cc.split(',') {
            let (name, arg) = match directive.split_once('=') {
                Some((n, a)) => (n.trim(), Some(a.trim().trim_matches('"'))),
                None => (directive.trim(), None),
            };
            if name.eq_ignore_ascii_case("no-store") || name.eq_ignore_ascii_case("no-cache") {
                return Some(Duration::ZERO);
            }
            if name.eq_ignore_ascii_case("max-age") {
                // A malformed max-age is treated as stale (RFC 9111 §4.2.1).
                let secs = arg
                    .filter(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()))
                    .map(|a| a.parse::<u64>().unwrap_or(u64::MAX))
                    .unwrap_or(0);
                max_age.get_or_insert(Duration::from_secs(secs));
            }
        }
        if let Some(max_age) = max_age {
            return Some(max_age.saturating_sub(age));
        }
    }
    let expires = expires?;
    let Ok(expires) = httpdate::parse_http_date(expires.trim()) else {
        return Some(Duration::ZERO);
    };
    let base = date
        .and_then(|d| httpdate::parse_http_date(d.trim()).ok())
        .unwrap_or(now);
    Some(
        expires
            .duration_since(base)
            .unwrap_or(Duration::ZERO)
            .saturating_sub(age),
    )
}

/// The wait before retry `attempt` (0 for the first retry): `base · 2^attempt`,
/// with "equal jitter" (a random point in its upper half) so that many
/// fetchers failing together do not come back together.
pub(crate) fn backoff(base: Duration, attempt: u32) -> Duration {
    let full = base.saturating_mul(1u32.checked_shl(attempt.min(16)).unwrap_or(u32::MAX));
    let half = full / 2;
    half + half.mul_f64(random_unit())
}

/// A random number in [0, 1), from the process's randomly keyed hasher: no
/// random-number crate needed for jitter.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn retry_after_forms() {
        let now = at(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:51:37 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:49:47 1994", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn freshness_forms() {
        let now = at(784_111_777);
        let f = |cc, exp, date, age| freshness(cc, exp, date, age, now);
        assert_eq!(
            f(Some("public, max-age=300"), None, None, None),
            Some(Duration::from_secs(300))
        );
        assert_eq!(
            f(Some("max-age=300"), None, None, Some("100")),
            Some(Duration::from_secs(200))
        );
        assert_eq!(
            f(Some("max-age=\"60\""), None, None, None),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            f(Some("no-cache, max-age=300"), None, None, None),
            Some(Duration::ZERO)
        );
        assert_eq!(
            f(Some("max-age=abc"), None, None, None),
            Some(Duration::ZERO)
        );
        assert_eq!(f(Some("public"), None, None, None), None);
        assert_eq!(
            f(
                Some("public"),
                Some("Sun, 06 Nov 1994 09:49:37 GMT"),
                None,
                None
            ),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            f(
                None,
                Some("Sun, 06 Nov 1994 09:49:37 GMT"),
                Some("Sun, 06 Nov 1994 09:00:00 GMT"),
                None
            ),
            Some(Duration::from_secs(2977))
        );
        assert_eq!(f(None, Some("0"), None, None), Some(Duration::ZERO));
        assert_eq!(f(None, None, None, None), None);
    }

    #[test]
    fn backoff_doubles_with_jitter() {
        let base = Duration::from_millis(100);
        for attempt in 0..5 {
            let full = base * 2u32.pow(attempt);
            for _ in 0..50 {
                let d = backoff(base, attempt);
                assert!(d >= full / 2 && d <= full, "{d:?} for attempt {attempt}");
            }
        }
        assert!(backoff(Duration::from_secs(1), 1000) > Duration::ZERO);
        let samples: std::collections::HashSet<_> = (0..20).map(|_| backoff(base, 3)).collect();
        assert!(samples.len() > 1, "jitter varies");
    }
}
