//! The `warta` binary: command-line interface over the pipeline stages.

mod alerts;
mod cli;
mod config;
mod follow;
mod index;
mod pipeline;
mod stories;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
