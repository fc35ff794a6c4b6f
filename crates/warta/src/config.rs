//! `warta.toml`, the environment and flags: one [`Config`].
//!
//! Precedence, lowest first: built-in defaults, `warta.toml` in the data
//! folder, environment variables `WARTA_<SECTION>_<KEY>`, then flags
//! (`--set section.key=value` and the named flags of each command). An
//! unknown section or key is an error that names it and where it came from.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The whole configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub store: StoreConfig,
    /// `[fetch]`: how warta talks to web servers (see `warta_fetch::FetchConfig`).
    pub fetch: warta_fetch::FetchConfig,
    pub follow: FollowConfig,
    pub telegram: TelegramSection,
    /// `[server]`: the API and the web pages.
    pub server: ServerSection,
    /// Watch rules written in the file (`[[rule]]`); they join the stored
    /// rules by name.
    pub rule: Vec<warta_alert::Rule>,
}

/// `[telegram]`: the bot that delivers to `telegram:` sinks.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelegramSection {
    /// The bot token; best kept in `WARTA_TELEGRAM_TOKEN`.
    pub token: Option<String>,
    /// The Bot API's base URL (`WARTA_TELEGRAM_API_URL`).
    pub api_url: String,
    /// Multiplies Telegram's rate limits (30/s per bot, 20/min per group
    /// or channel, 1/s per chat): above 1 only for a local test server.
    pub rate_scale: f64,
}

impl Default for TelegramSection {
    fn default() -> Self {
        TelegramSection {
            token: None,
            api_url: warta_alert::telegram::DEFAULT_API_URL.to_string(),
            rate_scale: 1.0,
        }
    }
}

/// `[server]`: the API and the pages (`warta serve`, `warta run`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSection {
    /// The address to listen on (`--listen`).
    pub listen: String,
    /// The token that writes and the admin pages need; best kept in
    /// `WARTA_SERVER_TOKEN`. Without one, writes are refused.
    #[serde(deserialize_with = "any_scalar_as_text")]
    pub token: Option<String>,
    /// Reads (`GET /api/...`, the pages, `/metrics`) without the token.
    pub public_reads: bool,
    /// Read the search index's files into the page cache at start, in the
    /// background (up to half the memory available), so that the first
    /// searches after a restart do not wait on the disk.
    pub warm_index: bool,
}

impl Default for ServerSection {
    fn default() -> Self {
        ServerSection {
            listen: DEFAULT_LISTEN.into(),
            token: None,
            public_reads: true,
            warm_index: true,
        }
    }
}

/// A secret given in the environment may read as a number (`12345`);
/// it is still text.
fn any_scalar_as_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<toml::Value>::deserialize(d)? {
        None => None,
        Some(toml::Value::String(s)) => Some(s),
        Some(toml::Value::Integer(n)) => Some(n.to_string()),
        Some(toml::Value::Float(n)) => Some(n.to_string()),
        Some(toml::Value::Boolean(b)) => Some(b.to_string()),
        Some(other) => {
            return Err(serde::de::Error::custom(format!(
                "expected text, found {}",
                other.type_str()
            )))
        }
    })
}

/// Where `warta serve` and `warta run` listen unless told otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// `[store]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// `sqlite:PATH` (relative to the data folder) or `postgres://...`.
    pub url: String,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            url: "sqlite:warta.db".into(),
        }
    }
}

/// `[follow]`: polling and processing.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowConfig {
    /// The shortest time between two polls of one source.
    #[serde(with = "warta_fetch::duration")]
    pub min_interval: Duration,
    /// The longest time between two polls of one source.
    #[serde(with = "warta_fetch::duration")]
    pub max_interval: Duration,
    /// The first interval of a new source.
    #[serde(with = "warta_fetch::duration")]
    pub interval: Duration,
    /// Threads for the pure stages (extract, analyze, events); 0 = cores.
    pub workers: usize,
    /// Attempts at an item before it leaves the queue with its error.
    pub item_attempts: u32,
    /// Following pages fetched per article.
    pub max_pages: usize,
    /// Fetch article pages (off: keep the feed's own content only).
    pub fetch_pages: bool,
    /// How long a claim on shared work (a due source, a queued entry, a
    /// delivery) hides it from other workers on the same PostgreSQL store.
    /// A worker that dies leaves its claims to run out; then another takes
    /// the work over. Longer than any one poll, entry or delivery takes.
    #[serde(with = "warta_fetch::duration")]
    pub claim_lease: Duration,
}

impl Default for FollowConfig {
    fn default() -> Self {
        FollowConfig {
            min_interval: Duration::from_secs(5 * 60),
            max_interval: Duration::from_secs(24 * 3600),
            interval: Duration::from_secs(15 * 60),
            workers: 0,
            item_attempts: 3,
            max_pages: 10,
            fetch_pages: true,
            claim_lease: Duration::from_secs(300),
        }
    }
}

/// The sections `WARTA_<SECTION>_<KEY>` may name; a key unknown in one of
/// them is an error.
const SECTIONS: &[&str] = &["store", "fetch", "follow", "telegram", "server"];
/// `WARTA_*` variables that are not config keys.
const NOT_KEYS: &[&str] = &["WARTA_DATA_DIR", "WARTA_LOG", "WARTA_CONFIG"];

/// Where the data folder is: `--data-dir`, `WARTA_DATA_DIR`, else the
/// user's data folder (`$XDG_DATA_HOME/warta`, `~/.local/share/warta`).
pub fn data_dir(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir).join("warta"));
    }
    if let Some(home) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(home).join(".local/share/warta"));
    }
    bail!("no data folder: give --data-dir or set WARTA_DATA_DIR")
}

/// Loads the configuration: `warta.toml` in `data_dir` (when present), the
/// environment `vars`, then `overrides` (`section.key=value`, from flags).
pub fn load(
    data_dir: &Path,
    vars: impl IntoIterator<Item = (String, String)>,
    overrides: &[String],
) -> Result<Config> {
    let path = data_dir.join("warta.toml");
    let mut table = match std::fs::read_to_string(&path) {
        Ok(text) => text
            .parse::<toml::Table>()
            .with_context(|| format!("{}: not valid TOML", path.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => toml::Table::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    // The file alone first, so that its own mistakes name the file.
    Config::deserialize(table.clone()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;

    let mut env: Vec<(String, String)> = vars
        .into_iter()
        .filter(|(k, _)| k.starts_with("WARTA_") && !NOT_KEYS.contains(&k.as_str()))
        .collect();
    env.sort();
    for (name, value) in env {
        let rest = name["WARTA_".len()..].to_ascii_lowercase();
        // Only variables that name a config section are config: others
        // (a webhook's secret in WARTA_HOOK_SECRET, say) are the user's.
        let Some((section, key)) = SECTIONS
            .iter()
            .find_map(|s| Some((*s, rest.strip_prefix(s)?.strip_prefix('_')?)))
        else {
            continue;
        };
        set(&mut table, section, key, &value);
        Config::deserialize(table.clone())
            .map_err(|e| anyhow::anyhow!("environment variable {name}: {e}"))?;
    }
    for item in overrides {
        let Some((path, value)) = item.split_once('=') else {
            bail!("--set {item:?}: expected section.key=value");
        };
        let Some((section, key)) = path.split_once('.') else {
            bail!("--set {item:?}: expected section.key=value");
        };
        set(&mut table, section.trim(), key.trim(), value.trim());
        Config::deserialize(table.clone()).map_err(|e| anyhow::anyhow!("--set {item:?}: {e}"))?;
    }
    Config::deserialize(table).map_err(|e| anyhow::anyhow!("configuration: {e}"))
}

/// Sets `section.key` from text: a TOML value when it reads as one
/// (`true`, `30`, `"x"`), else a string.
fn set(table: &mut toml::Table, section: &str, key: &str, value: &str) {
    let parsed = format!("v = {value}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(value.to_string()));
    let entry = table
        .entry(section.to_string())
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if !entry.is_table() {
        *entry = toml::Value::Table(toml::Table::new());
    }
    if let toml::Value::Table(section) = entry {
        section.insert(key.to_string(), parsed);
    }
}

/// Reads "500ms", "30s", "15m", "2h", "7d", "2w" (or plain seconds).
pub fn parse_duration(text: &str) -> Option<Duration> {
    warta_fetch::duration::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(toml: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "warta-config-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("warta.toml"), toml).unwrap();
        dir
    }

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn file_then_environment_then_flags() {
        let dir = dir_with(
            "[fetch]\nhost_delay = \"2s\"\nallow_private = false\n[store]\nurl = \"sqlite:a.db\"\n",
        );
        let config = load(
            &dir,
            env(&[
                ("WARTA_FETCH_ALLOW_PRIVATE", "true"),
                ("WARTA_STORE_URL", "sqlite:/tmp/b.db"),
                ("WARTA_DATA_DIR", "/ignored"),
                ("PATH", "/bin"),
            ]),
            &[
                "fetch.host_delay=0".into(),
                "follow.min_interval=30s".into(),
            ],
        )
        .unwrap();
        assert!(config.fetch.allow_private);
        assert_eq!(config.store.url, "sqlite:/tmp/b.db");
        assert_eq!(config.fetch.host_delay, Duration::ZERO);
        assert_eq!(config.follow.min_interval, Duration::from_secs(30));
        assert_eq!(config.fetch.max_bytes, 64 << 20);
    }

    #[test]
    fn unknown_keys_are_named() {
        let dir = dir_with("[fetch]\nallow_privat = true\n");
        let err = load(&dir, env(&[]), &[]).unwrap_err().to_string();
        assert!(
            err.contains("allow_privat") && err.contains("warta.toml"),
            "{err}"
        );

        let dir = dir_with("");
        let err = load(&dir, env(&[("WARTA_FETCH_COLOUR", "red")]), &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("WARTA_FETCH_COLOUR") && err.contains("colour"),
            "{err}"
        );
        // Not a config section: the user's own variable.
        assert!(load(&dir, env(&[("WARTA_HOOK_SECRET", "x")]), &[]).is_ok());
        let err = load(&dir, env(&[]), &["fetch.timeout=soon".into()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("soon") && err.contains("duration"), "{err}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(
            parse_duration("365d"),
            Some(Duration::from_secs(365 * 86_400))
        );
        assert_eq!(parse_duration("1.5h"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("12"), Some(Duration::from_secs(12)));
        assert_eq!(parse_duration("x"), None);
    }
}
