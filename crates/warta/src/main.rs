//! The `warta` binary: command-line interface over the pipeline stages.

mod alerts;
mod cli;
mod config;
mod follow;
mod index;
mod pipeline;
mod stories;

use std::process::ExitCode;

/// mimalloc: extraction and analysis allocate many small strings and tree
/// nodes; it takes about 5% fewer instructions than the system allocator on
/// the extraction benchmark.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
