#!/usr/bin/env bash
# Storage benchmark (issue 19, "what it must show" 2): how fast `merchantry import` fills the embedded store and
# how much disk each stored event takes; with --demo also how long `serve --demo` takes to come up and to train one
# model per strategy kind.
#
#   benchmarks/scripts/storage_bench.sh [--events N] [--seed S] [--demo [--demo-customers N] [--demo-days N]]
#                                       DIST_DIR SCRATCH_DIR
#
# DIST_DIR is a distribution (bin/merchantry, merchantry.jar, lib/, plugins/), e.g. platform/target/merchantry.
# SCRATCH_DIR receives the generated events file (reused when it exists for the same N and seed), fresh data
# directories and the node and import logs; the script never touches anything else. It needs bash, curl, python3
# and a JDK on PATH (or JAVA_HOME). Run it on a quiet machine: every figure is wall-clock time.
#
# Output: readable lines, then one `storage-bench:` line (and with --demo one `demo-bench:` line) of key=value pairs.
set -euo pipefail

EVENTS=300000
SEED=19
DEMO=false
DEMO_SCALE=()           # serve's own defaults unless --demo-customers / --demo-days (smaller: a quick smoke run)
ADMIN_TOKEN="storage-bench-admin-token-$(date +%s)-0123456789"
START_TIMEOUT=180      # seconds for a node to answer /health (the demo seeds two years of history first)
JOB_TIMEOUT=1800       # seconds for one training job

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --demo) DEMO=true; shift ;;
    --demo-customers|--demo-days) DEMO_SCALE+=("$1" "$2"); shift 2 ;;
    -h|--help) usage ;;
    --*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -eq 2 ] || usage
DIST="$(cd "$1" && pwd)"
mkdir -p "$2"
SCRATCH="$(cd "$2" && pwd)"
MERCHANTRY="$DIST/bin/merchantry"
[ -x "$MERCHANTRY" ] || { echo "error: $MERCHANTRY is missing or not executable (is $1 a distribution?)" >&2; exit 2; }
case "$EVENTS" in ''|*[!0-9]*) echo "error: --events must be a positive number" >&2; exit 2 ;; esac
[ "$EVENTS" -gt 0 ] || { echo "error: --events must be a positive number" >&2; exit 2; }

NODE_PID=""
stop_node() {
  if [ -n "$NODE_PID" ] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill -TERM "$NODE_PID" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$NODE_PID" 2>/dev/null || true
    wait "$NODE_PID" 2>/dev/null || true
  fi
  NODE_PID=""
}
trap stop_node EXIT

now() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
json_field() { python3 -c "import json, sys; v = json.load(sys.stdin)$1; print('' if v is None else v)"; }
pending_jobs() {
  curl_api GET "/api/v1/shops/demo/jobs?limit=200" "$ADMIN_TOKEN" | python3 -c \
    'import json, sys; print(sum(j["state"] in ("queued", "running") for j in json.load(sys.stdin)["jobs"]))'
}
dir_bytes() { du -sb "$1" | cut -f1; }
mib() { python3 -c "print(f'{$1 / 1048576:.1f}')"; }

# curl_api METHOD PATH [TOKEN] [BODY] -> body on stdout; fails on a status >= 400
curl_api() {
  local args=(-sS --fail-with-body -X "$1" "http://127.0.0.1:$PORT$2")
  [ -n "${3:-}" ] && args+=(-H "Authorization: Bearer $3")
  [ -n "${4:-}" ] && args+=(-H 'Content-Type: application/json' --data "$4")
  curl "${args[@]}"
}

# start_node DATA_DIR LOG [serve options...]: starts serve on a fresh port, waits for /health 200, sets NODE_PID/PORT
start_node() {
  local data="$1" log="$2"
  shift 2
  PORT="$(free_port)"
  MERCHANTRY_ADMIN_TOKEN="$ADMIN_TOKEN" "$MERCHANTRY" serve --host 127.0.0.1 --port "$PORT" --data-dir "$data" \
    "$@" >"$log" 2>&1 &
  NODE_PID=$!
  local deadline=$((SECONDS + START_TIMEOUT))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health" || true)" = 200 ]; do
    if ! kill -0 "$NODE_PID" 2>/dev/null; then
      echo "error: the node exited during start-up; last lines of $log:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "error: no /health 200 within ${START_TIMEOUT} s; last lines of $log:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.1
  done
}

store_kind() {
  if [ -e "$1/merchantry.db" ]; then echo sqlite; elif [ -e "$1/merchantry.mv.db" ]; then echo h2; else echo unknown; fi
}

# ---------------------------------------------------------------- the events file
# Views, cart adds and orders (1-3 lines each) of 2,000 customers over 300 products, ascending over the last 90
# days; an order's rows share its event_id, so the file holds exactly EVENTS events (docs/data.md, "Files").
EVENTS_FILE="$SCRATCH/events-$EVENTS-seed$SEED.csv"
if [ ! -s "$EVENTS_FILE" ]; then
  python3 - "$EVENTS_FILE" "$EVENTS" "$SEED" <<'PY'
import datetime, random, sys
path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(days=90)
step = 89 * 86400 / n
with open(path + ".tmp", "w") as f:
    f.write("event_id,type,timestamp,customer_id,product_id,price,quantity,order_id,revenue,currency\n")
    for i in range(n):
        ts = (start + datetime.timedelta(seconds=int(i * step))).strftime("%Y-%m-%dT%H:%M:%SZ")
        customer = f"cust-{rng.randrange(2000)}"
        r = rng.random()
        if r < 0.92:
            product = rng.randrange(300)
            kind = "Product Viewed" if r < 0.75 else "Product Added"
            f.write(f"e-{i},{kind},{ts},{customer},p-{product},{4.99 + product % 50:.2f},,,,\n")
        else:
            for _ in range(1 + rng.randrange(3)):
                product = rng.randrange(300)
                f.write(f"o-{i},Order Completed,{ts},{customer},p-{product},{4.99 + product % 50:.2f},"
                        f"{1 + rng.randrange(2)},o-{i},,EUR\n")
import os
os.replace(path + ".tmp", path)
PY
fi
echo "dist:   $DIST"
echo "events: $EVENTS_FILE ($EVENTS events, $(mib "$(stat -c %s "$EVENTS_FILE")") MiB)"

# ---------------------------------------------------------------- import throughput and size
DATA="$SCRATCH/import-data"
rm -rf "$DATA" "$EVENTS_FILE.import-checkpoint" "$EVENTS_FILE.rejects.csv"
start_node "$DATA" "$SCRATCH/import-serve.log"
KEY="$(curl_api POST /api/v1/shops "$ADMIN_TOKEN" '{"id":"bench","name":"Storage bench"}' | json_field '["api_key"]')"
T0="$(now)"
if ! MERCHANTRY_API_KEY="$KEY" "$MERCHANTRY" import --url "http://127.0.0.1:$PORT" --shop bench \
    --events "$EVENTS_FILE" >"$SCRATCH/import.log" 2>&1; then
  echo "error: merchantry import failed; last lines of $SCRATCH/import.log:" >&2
  tail -20 "$SCRATCH/import.log" >&2
  exit 1
fi
T1="$(now)"
SECONDS_IMPORT="$(elapsed "$T0" "$T1")"
STORED="$(curl_api GET /api/v1/shops/bench/events/summary "$KEY" | json_field '["total"]')"
BYTES_RUNNING="$(dir_bytes "$DATA")"
stop_node
BYTES_STOPPED="$(dir_bytes "$DATA")"
STORE="$(store_kind "$DATA")"
RATE="$(python3 -c "print(round($EVENTS / $SECONDS_IMPORT))")"
PER_EVENT="$(python3 -c "print(round($BYTES_STOPPED / max($STORED, 1)))")"
echo "store:  $STORE"
echo "import: $EVENTS events in $SECONDS_IMPORT s = $RATE events/s (merchantry import, default batch size and concurrency)"
echo "stored: $STORED events"
echo "size:   $(mib "$BYTES_RUNNING") MiB right after the import (node running), $(mib "$BYTES_STOPPED") MiB after a clean stop = $PER_EVENT bytes per stored event"
[ "$STORED" = "$EVENTS" ] || echo "warning: stored $STORED events, the file holds $EVENTS" >&2
echo "storage-bench: store=$STORE events=$EVENTS import_seconds=$SECONDS_IMPORT events_per_second=$RATE stored=$STORED data_bytes_running=$BYTES_RUNNING data_bytes=$BYTES_STOPPED bytes_per_event=$PER_EVENT"

# ---------------------------------------------------------------- serve --demo: first start and one job per kind
if [ "$DEMO" = true ]; then
  DEMO_DATA="$SCRATCH/demo-data"
  rm -rf "$DEMO_DATA"
  T0="$(now)"
  start_node "$DEMO_DATA" "$SCRATCH/demo-serve.log" --demo ${DEMO_SCALE[@]+"${DEMO_SCALE[@]}"}
  T1="$(now)"
  STARTUP="$(elapsed "$T0" "$T1")"
  echo "demo:   first start of serve --demo until /health 200: $STARTUP s"
  # The demo queues its own first trainings; wait for them so the timed jobs below run alone.
  T0="$(now)"
  deadline=$((SECONDS + JOB_TIMEOUT))
  while [ "$(pending_jobs)" != 0 ]; do
    [ $SECONDS -lt $deadline ] || { echo "error: the demo's own training jobs did not finish" >&2; exit 1; }
    sleep 0.5
  done
  INITIAL="$(elapsed "$T0" "$(now)")"
  echo "demo:   the demo's own first trainings finished $INITIAL s after /health 200"
  SUMMARY="demo-bench: store=$(store_kind "$DEMO_DATA") scale=${DEMO_SCALE[*]:-default} startup_seconds=$STARTUP"
  SUMMARY="$SUMMARY initial_training_seconds=$INITIAL"
  for KIND in profiler recommender forecaster pricing; do
    T0="$(now)"
    REPLY="$(curl -sS -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -w '\n%{http_code}' \
      "http://127.0.0.1:$PORT/api/v1/shops/demo/strategies/$KIND/train")"
    CODE="${REPLY##*$'\n'}"
    REPLY="${REPLY%$'\n'*}"
    if [ "$CODE" != 202 ]; then
      # e.g. 409 for pricing: its agents learn online, there is no batch training to time.
      echo "demo:   $KIND: no training job ($CODE: $(echo "$REPLY" | json_field '.get("detail")' 2>/dev/null || echo "$REPLY"))"
      SUMMARY="$SUMMARY ${KIND}_seconds=n/a"
      continue
    fi
    JOB="$(echo "$REPLY" | json_field '["job_id"]')"
    STRATEGY="$(echo "$REPLY" | json_field '["strategy"]')"
    deadline=$((SECONDS + JOB_TIMEOUT))
    while :; do
      JOB_JSON="$(curl_api GET "/api/v1/jobs/$JOB" "$ADMIN_TOKEN")"
      STATE="$(echo "$JOB_JSON" | json_field '["state"]')"
      case "$STATE" in succeeded|failed) break ;; esac
      [ $SECONDS -lt $deadline ] || { echo "error: job $JOB ($KIND) still $STATE after ${JOB_TIMEOUT} s" >&2; exit 1; }
      sleep 0.2
    done
    TOOK="$(elapsed "$T0" "$(now)")"
    echo "demo:   $KIND ($STRATEGY): job $STATE in $TOOK s"
    [ "$STATE" = succeeded ] || echo "demo:   $KIND: $(echo "$JOB_JSON" | json_field '["error"]')"
    SUMMARY="$SUMMARY ${KIND}_seconds=$TOOK ${KIND}_state=$STATE"
  done
  stop_node
  echo "$SUMMARY"
fi
