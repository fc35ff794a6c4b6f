//! `warta run`: the daemon, or one full pass with `--once`.

use super::system::SystemArgs;
use crate::follow::Follower;
use anyhow::Result;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// One full pass: poll every due source, process every queued entry,
    /// then exit.
    #[arg(long)]
    once: bool,
    /// Print the pass's summary as JSON on stdout.
    #[arg(long)]
    json: bool,
}

pub fn run(args: RunArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    let runtime = super::source::runtime()?;
    let summary = runtime.block_on(async {
        let follower = Follower::new(store.clone(), system.fetcher()?, system.config.clone())?;
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        // SIGINT or SIGTERM: no new work; what is in flight finishes and is
        // stored. A second signal is not needed: the queue keeps the rest.
        tokio::spawn(async move {
            wait_for_signal().await;
            let _ = stop_tx.send(true);
        });
        tracing::info!(store = %store.describe(), once = args.once, "warta run: started");
        follower.run(args.once, stop_rx).await
    })?;
    let counts = store.counts()?;
    if args.json {
        println!("{}", serde_json::json!({ "run": summary, "store": counts }));
    } else {
        eprintln!(
            "warta run: {} polls ({} failed), {} entries queued, {} articles stored ({} kept from the feed after a page error), {} entries failed; the store holds {} articles, {} events, {} entries waiting",
            summary.polls,
            summary.poll_errors,
            summary.queued,
            summary.articles,
            summary.page_errors,
            summary.item_errors,
            counts.articles,
            counts.events,
            counts.pending
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
