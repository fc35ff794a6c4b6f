//! `warta migrate-store`: moves an installation from SQLite to PostgreSQL.

use super::system::SystemArgs;
use anyhow::{bail, Context, Result};
use clap::Args;
use std::process::ExitCode;
use warta_store::StoreUrl;

#[derive(Debug, Args)]
pub struct MigrateStoreArgs {
    /// The store to copy: sqlite:PATH (a relative path is in the data folder).
    #[arg(long)]
    from: String,
    /// The empty PostgreSQL database to copy into: postgres://user@host/db.
    #[arg(long)]
    to: String,
    /// Print the report (rows and checksum per table) as JSON.
    #[arg(long)]
    json: bool,
}

/// Copies everything, then checks every table's rows and checksum on both
/// sides; any difference is an error.
pub fn run(args: MigrateStoreArgs, system: &SystemArgs) -> Result<ExitCode> {
    let system = system.load()?;
    let from = StoreUrl::parse(&args.from, &system.data_dir)?;
    let to = StoreUrl::parse(&args.to, &system.data_dir)?;
    let (StoreUrl::Sqlite(path), StoreUrl::Postgres(url)) = (&from, &to) else {
        bail!("migrate-store copies --from sqlite:PATH --to postgres://user@host/db");
    };
    if !path.is_file() {
        bail!("{}: no such SQLite store", path.display());
    }
    let target = warta_store::redact_url(url);
    let report = warta_store::copy_sqlite_to_postgres(path, url)
        .with_context(|| format!("copying {} to {target}", path.display()))?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        for table in &report.tables {
            eprintln!(
                "{:<12} {:>10} rows  checksum {}",
                table.table, table.rows, table.checksum
            );
        }
        eprintln!(
            "warta migrate-store: {} copied to {target}; every table's rows and checksum match. \
             Point warta at it with WARTA_STORE_URL or store.url.",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
