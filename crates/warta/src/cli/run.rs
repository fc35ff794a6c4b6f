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
    /// Serve the API and the pages on this address (default: server.listen,
    /// 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR", conflicts_with = "no_serve")]
    listen: Option<String>,
    /// Follow without serving (a second worker on the same host).
    #[arg(long)]
    no_serve: bool,
}

pub fn run(args: RunArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    let runtime = super::source::runtime()?;
    super::rule::sync_config_rules(store.as_ref(), &system.config)?;
    let (summary, delivered) = runtime.block_on(async {
        let follower = Follower::new(
            store.clone(),
            system.fetcher()?,
            system.config.clone(),
            &system.data_dir,
        )?;
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        // SIGINT or SIGTERM: no new work; what is in flight finishes and is
        // stored. A second signal is not needed: the queue keeps the rest.
        tokio::spawn(async move {
            wait_for_signal().await;
            let _ = stop_tx.send(true);
        });
        tracing::info!(store = %store.describe(), once = args.once, "warta run: started");
        let server = if args.once || args.no_serve {
            None
        } else {
            let state = super::serve::app_state(&system, store.clone())?;
            let addr = args
                .listen
                .clone()
                .unwrap_or_else(|| system.config.server.listen.clone());
            match super::serve::bind(&addr).await {
                Ok(listener) => {
                    eprintln!("warta run: serving on http://{}", listener.local_addr()?);
                    let mut stop = stop_rx.clone();
                    Some(tokio::spawn(warta_web::serve(
                        listener,
                        state,
                        async move {
                            let _ = stop.wait_for(|s| *s).await;
                        },
                    )))
                }
                // An address asked for must be had; the default one may be
                // taken by another warta, and following matters more.
                Err(e) if args.listen.is_some() => return Err(e),
                Err(e) => {
                    tracing::warn!(
                        "not serving: {e:#}; following goes on (--listen picks another address)"
                    );
                    None
                }
            }
        };
        let delivery =
            (!args.once).then(|| tokio::spawn(deliver_loop(follower.clone(), stop_rx.clone())));
        let summary = follower.run(args.once, stop_rx).await?;
        if let Some(server) = server {
            if let Err(e) = server.await? {
                tracing::error!("serving: {e}");
            }
        }
        let delivered = match delivery {
            Some(task) => task.await??,
            // One pass: everything waiting in the outbox goes out before
            // the exit (retries that wait past the pass stay queued).
            None => follower.alerts.deliver_due().await?,
        };
        anyhow::Ok((summary, delivered))
    })?;
    let counts = store.counts()?;
    if args.json {
        println!(
            "{}",
            serde_json::json!({ "run": summary, "delivered": delivered, "store": counts })
        );
    } else {
        eprintln!(
            "warta run: {} polls ({} failed), {} entries queued, {} articles stored ({} kept from the feed after a page error), {} entries failed, {} alerts delivered; the store holds {} articles, {} events, {} entries waiting, {} alerts waiting",
            summary.polls,
            summary.poll_errors,
            summary.queued,
            summary.articles,
            summary.page_errors,
            summary.item_errors,
            delivered,
            counts.articles,
            counts.events,
            counts.pending,
            counts.outbox
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Sends what the outbox holds as it fills, until `stop`.
async fn deliver_loop(
    follower: std::sync::Arc<Follower>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<usize> {
    let mut delivered = 0;
    loop {
        match follower.alerts.deliver_due().await {
            Ok(n) => delivered += n,
            Err(err) => tracing::error!("delivering alerts: {err:#}"),
        }
        if *stop.borrow() {
            return Ok(delivered);
        }
        let now = crate::follow::now();
        let wait = match follower.alerts.next_due() {
            Ok(Some(at)) => (at - now).clamp(0, 5) as u64,
            _ => 5,
        };
        tokio::select! {
            _ = follower.outbox_grew.notified() => {}
            _ = tokio::time::sleep(std::time::Duration::from_secs(wait.max(1))) => {}
            _ = stop.changed() => {}
        }
    }
}

pub(crate) async fn wait_for_signal() {
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
