//! Command-line parsing and dispatch. Each subcommand lives in its own module.

mod analyze;
mod dictionary;
mod events;
mod extract;
mod group;
mod ingest;
mod migrate;
mod ner;
mod rule;
mod run;
mod search;
mod serve;
mod source;
mod store;
mod system;

use clap::{Parser, Subcommand};
pub(crate) use search::index_location;
use std::process::ExitCode;

/// warta: follow news outlets, extract clean articles, understand them.
#[derive(Debug, Parser)]
#[command(name = "warta", version, about, long_about = None)]
struct Cli {
    /// Log filter, as for RUST_LOG (e.g. "info", "warta=debug").
    #[arg(long, global = true, env = "WARTA_LOG", default_value = "warn")]
    log: String,
    #[command(flatten)]
    system: system::SystemArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract the clean article from pages, files, folders, URLs or stdin.
    Extract(extract::ExtractArgs),
    /// Extract and understand articles: language, sentences, entities, dates, quotes.
    Analyze(analyze::AnalyzeArgs),
    /// Code events (who did what to whom, CAMEO) in pages or a JSON Lines batch.
    Events(events::EventsArgs),
    /// Tag named entities in a CoNLL file (one token a line), for evaluation.
    Ner(ner::NerArgs),
    /// Group a JSON Lines batch into stories, marking near-duplicate copies.
    Group(group::GroupArgs),
    /// Manage the followed sources: add, list, pause, resume, remove, import, export.
    Source(source::SourceArgs),
    /// Follow every source and store what they publish (the daemon; --once for one pass).
    Run(run::RunArgs),
    /// Put HTML and text files, folders and WARC files into the store.
    Ingest(ingest::IngestArgs),
    /// Dump stored articles, events or stories as JSON Lines, CSV or GDELT rows.
    Export(store::ExportArgs),
    /// What the store holds.
    Status(store::StatusArgs),
    /// Drop old articles (keeping their events if asked).
    Prune(store::PruneArgs),
    /// Write a consistent copy of the store, even while warta runs.
    Backup(store::BackupArgs),
    /// Run the pure stages again over the stored raw pages (after an upgrade).
    Reprocess(store::ReprocessArgs),
    /// Copy a SQLite store into an empty PostgreSQL database, then check counts and checksums.
    MigrateStore(migrate::MigrateStoreArgs),
    /// Full-text search of the stored articles, grouped by story.
    Search(search::SearchArgs),
    /// Rebuild the search index from the store.
    Reindex(search::ReindexArgs),
    /// Watch rules: deliver matching stories to Telegram, webhooks and Atom feeds.
    Rule(rule::RuleArgs),
    /// Telegram: check the bot's token and its right to post.
    Telegram(rule::TelegramArgs),
    /// Serve the JSON API and the web pages (stories, articles, events, search).
    Serve(serve::ServeArgs),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.log);
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Ner(args) => ner::run(args),
        Command::Group(args) => group::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Events(args) => events::run(args),
        Command::Source(args) => source::run(args, &cli.system),
        Command::Run(args) => run::run(args, &cli.system),
        Command::Ingest(args) => ingest::run(args, &cli.system),
        Command::Export(args) => store::export(args, &cli.system),
        Command::Status(args) => store::status(args, &cli.system),
        Command::Prune(args) => store::prune(args, &cli.system),
        Command::Backup(args) => store::backup(args, &cli.system),
        Command::Reprocess(args) => store::reprocess(args, &cli.system),
        Command::MigrateStore(args) => migrate::run(args, &cli.system),
        Command::Search(args) => search::search(args, &cli.system),
        Command::Reindex(args) => search::reindex(args, &cli.system),
        Command::Rule(args) => rule::run(args, &cli.system),
        Command::Telegram(args) => rule::telegram(args, &cli.system),
        Command::Serve(args) => serve::serve(args, &cli.system),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("warta: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    // Colours only for a terminal: a log file or a pipe gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .init();
}

/// Reads a `--lang` value.
fn parse_lang(code: &str) -> anyhow::Result<warta_lang::Lang> {
    use warta_lang::Lang;
    Ok(match code {
        "id" => Lang::Id,
        "en" => Lang::En,
        "ms" => Lang::Ms,
        "jv" => Lang::Jv,
        "other" => Lang::Other,
        _ => anyhow::bail!("--lang {code:?}: expected one of id, en, ms, jv, other"),
    })
}
