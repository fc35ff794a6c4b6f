//! The options every store-using command shares: the data folder, the
//! store and config overrides.

use crate::config::{self, Config};
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;
use warta_store::{Store, StoreUrl};

#[derive(Debug, Clone, Args)]
pub struct SystemArgs {
    /// The data folder, holding warta.toml and the store (default:
    /// $XDG_DATA_HOME/warta or ~/.local/share/warta).
    #[arg(long, global = true, env = "WARTA_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The store: sqlite:PATH or postgres://user@host/db (also
    /// WARTA_STORE_URL or store.url; default sqlite:warta.db in the data folder).
    #[arg(long = "store", global = true, value_name = "URL")]
    pub store_url: Option<String>,
    /// Set any config key, overriding warta.toml and WARTA_<SECTION>_<KEY>
    /// (repeatable): --set fetch.allow_private=true
    #[arg(long = "set", global = true, value_name = "SECTION.KEY=VALUE")]
    pub set: Vec<String>,
}

/// The loaded configuration and where the data lives.
pub struct System {
    pub data_dir: PathBuf,
    pub config: Config,
}

impl SystemArgs {
    pub fn load(&self) -> Result<System> {
        let data_dir = config::data_dir(self.data_dir.as_deref())?;
        let mut config = config::load(&data_dir, std::env::vars(), &self.set)?;
        if let Some(url) = &self.store_url {
            config.store.url = url.clone();
        }
        Ok(System { data_dir, config })
    }
}

impl System {
    pub fn open_store(&self) -> Result<Arc<dyn Store>> {
        let url = StoreUrl::parse(&self.config.store.url, &self.data_dir)?;
        let store = warta_store::open(&url)
            .with_context(|| format!("opening the store {}", self.config.store.url))?;
        Ok(Arc::from(store))
    }

    /// Where the full-text index lives: beside a PostgreSQL store, in its
    /// database; otherwise tantivy's folder in the data folder.
    pub fn index_location(&self) -> Result<warta_search::IndexLocation> {
        super::index_location(&self.config, &self.data_dir)
    }

    pub fn fetcher(&self) -> Result<warta_fetch::Fetcher> {
        warta_fetch::Fetcher::new(self.config.fetch.clone()).context("setting up the HTTP client")
    }
}
