//! The `warta` binary: command-line interface over the pipeline stages.

mod cli;
mod fetch;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
