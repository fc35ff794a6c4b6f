#!/usr/bin/env bash
# The server under load: p50 and p99 latency of the front page and of
# /api/search at a fixed rate, on a store of generated articles, and the
# front page's weight.
#
#   crates/warta-web/benches/serve_load.sh [COUNT] [DIR] [RATE] [SECONDS]
#
# COUNT articles (default 100000) are generated once into DIR (default
# target/bench-serve-COUNT) by the seed_store example and indexed; the
# server then takes RATE requests/s (default 200) for SECONDS (default 30)
# per route, from oha (`cargo install oha`) when it is on PATH, else from
# wrk (Debian's package; closed loop, so not at a fixed rate).
set -euo pipefail
cd "$(dirname "$0")/../../.."
COUNT=${1:-100000}
DIR=${2:-target/bench-serve-$COUNT}
RATE=${3:-200}
SECONDS_PER_ROUTE=${4:-30}
ADDR=127.0.0.1:18080
TARGET=${CARGO_TARGET_DIR:-target}

cargo build --release -p warta
cargo build --release -p warta-web --example seed_store
if [ ! -f "$DIR/warta.db" ]; then
    "$TARGET/release/examples/seed_store" "$DIR" "$COUNT"
fi
if [ ! -f "$DIR/index/meta.json" ]; then
    "$TARGET/release/warta" --data-dir "$DIR" reindex
fi

"$TARGET/release/warta" --data-dir "$DIR" serve --listen "$ADDR" 2>"$DIR/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fs "http://$ADDR/api/health" >/dev/null 2>&1 && break
    sleep 0.1
done

echo "== store: $COUNT articles in $DIR"
weight=$(curl -fs -o /dev/null -w '%{size_download}' "http://$ADDR/")
gz=$(curl -fs "http://$ADDR/" | gzip -9 | wc -c)
echo "front page: $weight bytes of HTML (CSS inline, no script), $gz gzipped; images lazy-loaded from the outlets"

routes=("/" "/api/search?q=kerja+sama+militer&limit=20" "/api/search?q=Rusia&lang=id&limit=20" "/api/stories?limit=20" "/actors/RUS/PRK")
for route in "${routes[@]}"; do
    url="http://$ADDR$route"
    # Warm the caches the way a running server has them.
    curl -fs -o /dev/null "$url"
    if command -v oha >/dev/null 2>&1; then
        out=$(oha -z "${SECONDS_PER_ROUTE}s" -q "$RATE" -c 16 --latency-correction --no-tui --output-format json "$url")
        python3 - "$route" "$RATE" "$out" <<'PY'
import json, sys
route, rate, out = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
p = out["latencyPercentiles"]
codes = out.get("statusCodeDistribution", {})
print(f"{route}: {rate} req/s, p50 {p['p50']*1000:.1f} ms, p99 {p['p99']*1000:.1f} ms, "
      f"max {out['summary']['slowest']*1000:.1f} ms, statuses {codes}")
PY
    else
        echo "$route (wrk, 4 connections, closed loop):"
        wrk -t2 -c4 -d"${SECONDS_PER_ROUTE}s" --latency "$url" | grep -E "50%|99%|Requests/sec|Non-2xx"
    fi
done
