//! When to poll a source again: from its own rhythm, its `ttl` and the
//! HTTP cache headers.
//!
//! (Written by the lead alongside the feed parser; extend, don't replace.)

use chrono::{DateTime, FixedOffset};
use std::time::Duration;

/// The interval until the next poll.
///
/// - The feed's rhythm: half the median gap between its recent entries, so
///   that a feed publishing every 20 minutes is read about every 10.
/// - A poll that brought nothing new stretches the previous interval by a
///   half; one that brought several shrinks it.
/// - `ttl` (minutes) and the HTTP `max-age` are floors: the publisher asks
///   not to be read more often.
/// - The result stays within `bounds` (min, max).
pub fn next_poll_interval(
    item_times: &[DateTime<FixedOffset>],
    ttl_minutes: Option<u32>,
    http_max_age: Option<Duration>,
    new_items_last_poll: usize,
    previous: Duration,
    bounds: (Duration, Duration),
) -> Duration {
    let (min, max) = (bounds.0, bounds.1.max(bounds.0));
    let mut times: Vec<i64> = item_times.iter().map(|t| t.timestamp()).collect();
    times.sort_unstable();
    times.dedup();
    // The most recent entries say most about the rhythm now.
    let recent = &times[times.len().saturating_sub(20)..];
    let mut gaps: Vec<i64> = recent
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|g| *g > 0)
        .collect();
    gaps.sort_unstable();
    let rhythm =
        (gaps.len() >= 2).then(|| Duration::from_secs((gaps[gaps.len() / 2] / 2).max(1) as u64));
    let mut interval = match (rhythm, new_items_last_poll) {
        (Some(r), _) => r,
        (None, 0) => previous.mul_f64(1.5),
        (None, n) if n >= 5 => previous / 2,
        (None, _) => previous,
    };
    if let Some(ttl) = ttl_minutes {
        interval = interval.max(Duration::from_secs(u64::from(ttl) * 60));
    }
    if let Some(age) = http_max_age {
        interval = interval.max(age);
    }
    interval.clamp(min, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(minutes: &[i64]) -> Vec<DateTime<FixedOffset>> {
        minutes
            .iter()
            .map(|m| {
                DateTime::from_timestamp(1_700_000_000 + m * 60, 0)
                    .unwrap()
                    .fixed_offset()
            })
            .collect()
    }

    const BOUNDS: (Duration, Duration) = (Duration::from_secs(120), Duration::from_secs(86_400));

    #[test]
    fn follows_the_feeds_rhythm() {
        let every_20_minutes = times(&[0, 20, 40, 60, 80, 100]);
        let d = next_poll_interval(
            &every_20_minutes,
            None,
            None,
            1,
            Duration::from_secs(900),
            BOUNDS,
        );
        assert_eq!(d, Duration::from_secs(600));
    }

    #[test]
    fn ttl_and_max_age_are_floors_and_bounds_hold() {
        let busy = times(&[0, 1, 2, 3, 4]);
        let d = next_poll_interval(&busy, Some(60), None, 5, Duration::from_secs(900), BOUNDS);
        assert_eq!(d, Duration::from_secs(3600));
        let d = next_poll_interval(
            &busy,
            None,
            Some(Duration::from_secs(1800)),
            5,
            Duration::from_secs(900),
            BOUNDS,
        );
        assert_eq!(d, Duration::from_secs(1800));
        let d = next_poll_interval(&busy, None, None, 5, Duration::from_secs(900), BOUNDS);
        assert_eq!(
            d,
            Duration::from_secs(120),
            "a minute's rhythm is clamped to the minimum"
        );
        let d = next_poll_interval(&[], None, None, 0, Duration::from_secs(80_000), BOUNDS);
        assert_eq!(d, Duration::from_secs(86_400));
    }

    #[test]
    fn quiet_polls_stretch_and_busy_ones_shrink() {
        let prev = Duration::from_secs(1000);
        assert_eq!(
            next_poll_interval(&[], None, None, 0, prev, BOUNDS),
            Duration::from_secs(1500)
        );
        assert_eq!(
            next_poll_interval(&[], None, None, 9, prev, BOUNDS),
            Duration::from_secs(500)
        );
        assert_eq!(next_poll_interval(&[], None, None, 1, prev, BOUNDS), prev);
    }
}
