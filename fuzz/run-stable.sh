#!/bin/sh
# Coverage-guided fuzzing of warta_extract::extract on the *stable* toolchain.
#
# cargo-fuzz passes these same flags (plus -Zsanitizer=address, which is
# what needs nightly). `-C passes` and `-C llvm-args` are stable, so without
# ASan the fuzzer works on stable; Rust code is memory-safe unless it uses
# `unsafe`, so what we look for (panics, overflows, hangs, blow-ups) does not
# need ASan.
#
# Usage: fuzz/run-stable.sh [seconds] [extra libFuzzer flags...]
set -eu
cd "$(dirname "$0")"
secs="${1:-300}"
[ $# -gt 0 ] && shift
triple="$(rustc -vV | sed -n 's/^host: //p')"
RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 --cfg fuzzing -Cdebug-assertions -Coverflow-checks" \
  cargo build --release --target "$triple" --bin extract
mkdir -p corpus/extract artifacts/extract
exec "${CARGO_TARGET_DIR:-target}/$triple/release/extract" corpus/extract \
  -artifact_prefix=artifacts/extract/ -max_len=16384 -timeout=20 \
  -rss_limit_mb=2048 -max_total_time="$secs" -print_final_stats=1 "$@"
