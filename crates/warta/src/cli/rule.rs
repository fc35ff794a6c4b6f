//! `warta rule`: watch rules that deliver stories to Telegram, webhooks
//! and Atom feeds; and `warta telegram check`.

use super::system::SystemArgs;
use crate::config::Config;
use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Subcommand};
use std::io::Write;
use std::process::ExitCode;
use warta_alert::{Rule, Sink};
use warta_store::Store;

#[derive(Debug, Args)]
pub struct RuleArgs {
    #[command(subcommand)]
    command: RuleCommand,
}

#[derive(Debug, Subcommand)]
enum RuleCommand {
    /// Add a rule: every filter given must hold; --to may repeat.
    Add(AddArgs),
    /// The rules, their sinks' state and their last deliveries.
    List {
        /// JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove a rule and its deliveries.
    Remove { rule: String },
    /// Stop delivering for a rule (its deliveries wait).
    Pause { rule: String },
    /// Deliver for a paused rule again.
    Resume { rule: String },
    /// What the rule would have sent over what is stored, without sending.
    Test { rule: String },
}

#[derive(Debug, Args)]
struct AddArgs {
    name: String,
    /// Words, "phrases", OR and -exclusions over the story's titles and leads.
    #[arg(long)]
    query: Option<String>,
    /// A CAMEO actor code prefix (IDN matches IDNGOV); repeat: all must be there.
    #[arg(long = "actor")]
    actors: Vec<String>,
    /// CAMEO event code prefixes, comma-separated (03,04 or 0312): any one.
    #[arg(long = "event", value_delimiter = ',')]
    events: Vec<String>,
    /// A Goldstein condition some event must meet: '<=-5', '>3'.
    #[arg(long, allow_hyphen_values = true)]
    goldstein: Option<String>,
    /// Languages (any of them), ISO 639-1.
    #[arg(long = "lang", value_delimiter = ',')]
    langs: Vec<String>,
    /// Outlets (any of them): a name or a domain.
    #[arg(long = "outlet")]
    outlets: Vec<String>,
    /// Where: telegram:@channel, telegram:CHAT_ID, webhook:URL or feed:NAME.
    #[arg(long = "to", required = true)]
    to: Vec<String>,
    /// For webhook sinks: the environment variable holding the signing secret.
    #[arg(long)]
    secret_env: Option<String>,
    /// Later reports of a story update the first message.
    #[arg(long)]
    updates: bool,
}

pub fn run(args: RuleArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let store = system.open_store()?;
    sync_config_rules(store.as_ref(), &system.config)?;
    let now = crate::follow::now();
    match args.command {
        RuleCommand::Add(add) => {
            let rule = Rule {
                name: add.name.clone(),
                query: add.query,
                actors: add.actors,
                events: add.events,
                goldstein: add
                    .goldstein
                    .as_deref()
                    .map(|g| g.parse().map_err(|e| anyhow!("--goldstein {g:?}: {e}")))
                    .transpose()?,
                langs: add.langs,
                outlets: add.outlets,
                to: add
                    .to
                    .iter()
                    .map(|t| {
                        t.parse::<Sink>()
                            .map(|s| s.with_secret_env(add.secret_env.clone()))
                    })
                    .collect::<Result<_, _>>()?,
                updates: add.updates,
                paused: false,
            };
            rule.validate()?;
            let stored = store.add_rule(&rule.name, &serde_json::to_string(&rule)?, now)?;
            println!("added rule {}: {}", stored.id, describe(&rule));
        }
        RuleCommand::List { json } => list(store.as_ref(), json)?,
        RuleCommand::Remove { rule } => {
            let r = store.find_rule(&rule)?;
            store.remove_rule(r.id)?;
            println!("removed rule {}: {}", r.id, r.name);
        }
        RuleCommand::Pause { rule } => {
            let r = store.find_rule(&rule)?;
            store.set_rule_paused(r.id, true)?;
            println!("paused rule {}: {}", r.id, r.name);
        }
        RuleCommand::Resume { rule } => {
            let r = store.find_rule(&rule)?;
            store.set_rule_paused(r.id, false)?;
            println!("resumed rule {}: {}", r.id, r.name);
        }
        RuleCommand::Test { rule } => {
            let r = store.find_rule(&rule)?;
            let parsed: Rule = serde_json::from_str(&r.definition)
                .with_context(|| format!("rule {:?} cannot be read", r.name))?;
            let mut out = std::io::stdout().lock();
            let mut matched = 0;
            let mut ids = Vec::new();
            store.for_each_story(&mut |s| {
                ids.push(s.id);
                Ok(())
            })?;
            for id in ids {
                let Some(view) = store.story_view(id)? else {
                    continue;
                };
                if parsed.matches(&view) {
                    matched += 1;
                    let sinks: Vec<String> = parsed.to.iter().map(|s| s.to_string()).collect();
                    writeln!(
                        out,
                        "story {}: {} -> {}",
                        view.id,
                        view.title,
                        sinks.join(", ")
                    )?;
                }
            }
            writeln!(
                out,
                "rule {:?} matches {matched} stored stories (nothing was sent)",
                r.name
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Rules written in `warta.toml` join the stored ones by name.
pub fn sync_config_rules(store: &dyn Store, config: &Config) -> Result<()> {
    for rule in &config.rule {
        rule.validate().context("warta.toml")?;
        store.put_rule(
            &rule.name,
            &serde_json::to_string(rule)?,
            crate::follow::now(),
        )?;
    }
    Ok(())
}

fn describe(rule: &Rule) -> String {
    let mut parts = Vec::new();
    if let Some(q) = &rule.query {
        parts.push(format!("query {q:?}"));
    }
    if !rule.actors.is_empty() {
        parts.push(format!("actors {}", rule.actors.join(" + ")));
    }
    if !rule.events.is_empty() {
        parts.push(format!("events {}", rule.events.join(",")));
    }
    if let Some(g) = &rule.goldstein {
        parts.push(format!("goldstein {g}"));
    }
    if !rule.langs.is_empty() {
        parts.push(format!("lang {}", rule.langs.join(",")));
    }
    if !rule.outlets.is_empty() {
        parts.push(format!("outlets {}", rule.outlets.join(",")));
    }
    let to: Vec<String> = rule.to.iter().map(|s| s.to_string()).collect();
    format!(
        "{} {}-> {}",
        rule.name,
        if parts.is_empty() {
            String::from("(every story) ")
        } else {
            format!("({}) ", parts.join("; "))
        },
        to.join(", ")
    )
}

fn list(store: &dyn Store, json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let sinks = store.sink_states()?;
    let rules = store.rules()?;
    if rules.is_empty() && !json {
        writeln!(out, "no rules yet: `warta rule add NAME --to ...` adds one")?;
    }
    for stored in rules {
        let rule: Option<Rule> = serde_json::from_str(&stored.definition).ok();
        let deliveries = store.deliveries(Some(stored.id), 5)?;
        let broken: Vec<_> = sinks
            .iter()
            .filter(|s| s.state == "broken")
            .filter(|s| {
                rule.as_ref()
                    .is_some_and(|r| r.to.iter().any(|t| t.to_string() == s.sink))
            })
            .collect();
        if json {
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({
                    "id": stored.id,
                    "name": stored.name,
                    "paused": stored.paused,
                    "rule": rule,
                    "broken_sinks": broken,
                    "last_deliveries": deliveries,
                }),
            )?;
            writeln!(out)?;
            continue;
        }
        let text = rule
            .as_ref()
            .map(describe)
            .unwrap_or_else(|| stored.definition.clone());
        writeln!(
            out,
            "{:>4}  {}  {}",
            stored.id,
            if stored.paused { "paused" } else { "active" },
            text
        )?;
        for b in broken {
            writeln!(
                out,
                "      BROKEN {}: {}",
                b.sink,
                b.detail.as_deref().unwrap_or("")
            )?;
        }
        for d in deliveries {
            writeln!(
                out,
                "      delivery {} story {} -> {}: {}{}",
                d.id,
                d.story_id,
                d.sink,
                d.state,
                d.last_error.map(|e| format!(" ({e})")).unwrap_or_default()
            )?;
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct TelegramArgs {
    #[command(subcommand)]
    command: TelegramCommand,
}

#[derive(Debug, Subcommand)]
enum TelegramCommand {
    /// Check the bot token and that the bot may post to CHAT.
    Check { chat: String },
}

pub fn telegram(args: TelegramArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let TelegramCommand::Check { chat } = args.command;
    let section = &system.config.telegram;
    let Some(token) = section.token.as_deref().filter(|t| !t.trim().is_empty()) else {
        bail!("no Telegram token: set WARTA_TELEGRAM_TOKEN (or telegram.token in warta.toml)");
    };
    let config = warta_alert::telegram::TelegramConfig::new(section.api_url.clone(), token.trim());
    let client = warta_alert::telegram::TelegramClient::new(config)?;
    let report = super::source::runtime()?.block_on(client.check(&chat))?;
    println!(
        "bot @{} ({}); chat {} {}{}: {}",
        report.bot_username,
        report.bot_id,
        chat,
        report.chat_type.as_deref().unwrap_or("?"),
        report
            .chat_title
            .as_deref()
            .map(|t| format!(" {t:?}"))
            .unwrap_or_default(),
        match (&report.problem, report.can_post) {
            (Some(problem), _) => format!("cannot post: {problem}"),
            (None, true) => format!(
                "can post (status {})",
                report.status.as_deref().unwrap_or("?")
            ),
            (None, false) => "cannot post".to_string(),
        }
    );
    Ok(if report.can_post {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
