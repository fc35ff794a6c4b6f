//! Rate limits for a Telegram bot: about 30 messages a second in all, about
//! one a second per chat, 20 a minute per group or channel. Every limit is
//! a sliding window that is never exceeded: a send reserves the earliest
//! instant at which every window it belongs to has room, then sleeps until
//! then. Reservations for one chat are handed out in call order, so
//! messages to a chat keep their order; other chats fill the gaps.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// At most `count` in any window of `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub per: Duration,
}

impl Rate {
    /// `count` per `per`.
    pub const fn new(count: u32, per: Duration) -> Rate {
        Rate { count, per }
    }
}

/// The limits one bot keeps. The defaults are Telegram's published ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// All messages of the bot.
    pub per_bot: Rate,
    /// Messages to one chat.
    pub per_chat: Rate,
    /// Messages to one group or channel (chat ids starting with `-` or `@`).
    pub per_group: Rate,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_bot: Rate::new(30, Duration::from_secs(1)),
            per_chat: Rate::new(1, Duration::from_secs(1)),
            per_group: Rate::new(20, Duration::from_secs(60)),
        }
    }
}

/// True for a group or channel: a negative chat id or an `@username`
/// (usernames a bot can post to by name are public channels and groups).
pub fn is_group_or_channel(chat: &str) -> bool {
    let c = chat.trim();
    c.starts_with('-') || c.starts_with('@')
}

/// Reserved instants of one window, sorted.
#[derive(Debug, Default)]
struct Log(Vec<Instant>);

impl Log {
    fn prune(&mut self, now: Instant, per: Duration) {
        self.0.retain(|&t| t + per > now);
    }

    /// True when adding `t` leaves no window of `per` with more than
    /// `count` entries: every `count + 1` entries in a row around it span
    /// at least `per`.
    fn allows(&self, t: Instant, rate: Rate) -> bool {
        let n = rate.count as usize;
        if n == 0 {
            return false;
        }
        let p = self.0.partition_point(|&x| x <= t);
        let mut all = Vec::with_capacity(self.0.len() + 1);
        all.extend_from_slice(&self.0[..p]);
        all.push(t);
        all.extend_from_slice(&self.0[p..]);
        let lo = p.saturating_sub(n);
        (lo..=p)
            .filter(|&i| i + n < all.len())
            .all(|i| all[i + n].duration_since(all[i]) >= rate.per)
    }

    fn insert(&mut self, t: Instant) {
        let p = self.0.partition_point(|&x| x <= t);
        self.0.insert(p, t);
    }

    fn last(&self) -> Option<Instant> {
        self.0.last().copied()
    }
}

#[derive(Debug, Default)]
struct State {
    bot: Log,
    chats: HashMap<String, Log>,
    groups: HashMap<String, Log>,
}

/// The limiter of one bot; share it (it is `Sync`) between every task that
/// sends with that bot.
#[derive(Debug)]
pub struct RateLimiter {
    limits: Limits,
    state: Mutex<State>,
}

impl RateLimiter {
    /// A limiter keeping `limits`.
    pub fn new(limits: Limits) -> RateLimiter {
        RateLimiter {
            limits,
            state: Mutex::new(State::default()),
        }
    }

    /// The limits it keeps.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Waits until a message to `chat` may go, and counts it.
    pub async fn acquire(&self, chat: &str) {
        let at = self.reserve(chat, Instant::now());
        tokio::time::sleep_until(at).await;
    }

    /// Reserves the earliest instant at or after `now` at which a message
    /// to `chat` keeps every limit.
    fn reserve(&self, chat: &str, now: Instant) -> Instant {
        let l = self.limits;
        let group = is_group_or_channel(chat);
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let st = &mut *st;
        // Forget idle chats now and then, so the maps don't grow forever.
        if st.chats.len() > 10_000 {
            st.chats
                .retain(|_, log| log.last().is_some_and(|t| t + l.per_chat.per > now));
            st.groups
                .retain(|_, log| log.last().is_some_and(|t| t + l.per_group.per > now));
        }
        st.bot.prune(now, l.per_bot.per);
        let chat_log = st.chats.entry(chat.to_string()).or_default();
        chat_log.prune(now, l.per_chat.per);
        let mut keys: Vec<(&mut Log, Rate)> =
            vec![(&mut st.bot, l.per_bot), (chat_log, l.per_chat)];
        if group {
            let g = st.groups.entry(chat.to_string()).or_default();
            g.prune(now, l.per_group.per);
            keys.push((g, l.per_group));
        }
        // In call order per chat: never before this chat's last reservation.
        let floor = keys[1..]
            .iter()
            .filter_map(|(log, _)| log.last())
            .fold(now, Instant::max);
        // The earliest valid instant is the floor or the moment some
        // reserved send leaves its window.
        let mut candidates = vec![floor];
        for (log, rate) in &keys {
            candidates.extend(log.0.iter().map(|&t| t + rate.per).filter(|&t| t > floor));
        }
        candidates.sort();
        let at = candidates
            .into_iter()
            .find(|&t| keys.iter().all(|(log, rate)| log.allows(t, *rate)))
            .expect("the latest candidate is past every window");
        for (log, _) in keys.iter_mut() {
            log.insert(at);
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn windows_are_kept() {
        let lim = RateLimiter::new(Limits {
            per_bot: Rate::new(3, ms(100)),
            per_chat: Rate::new(1, ms(50)),
            per_group: Rate::new(2, ms(1000)),
        });
        let t0 = Instant::now();
        // One private chat: spaced by 50 ms.
        let a: Vec<_> = (0..3).map(|_| lim.reserve("1", t0) - t0).collect();
        assert_eq!(a, [ms(0), ms(50), ms(100)]);
        // Another chat fits in the bot's window beside them.
        assert_eq!(lim.reserve("2", t0) - t0, ms(0));
        // The bot holds 0, 0, 50, 100: chat 3 waits till 100 (at 50 the
        // window [0, 100) would hold four).
        assert_eq!(lim.reserve("3", t0) - t0, ms(100));
        // A group: two a second.
        let g: Vec<_> = (0..3).map(|_| lim.reserve("@chan", t0) - t0).collect();
        assert!(g[2] - g[0] >= ms(1000));
        assert!(g[0] < g[1] && g[1] < g[2]);
    }
}
