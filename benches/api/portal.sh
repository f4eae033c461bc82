# Sourced by the .ci/bench-api, .ci/bench-scale and .ci/bench-photos commands: starts and stops
# release portals (and the reference) on spare ports, each with its own folder.
PIDS=()
BIN=./target/server

spare_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# wait_up ADDR PATH: until the address answers the path (3 minutes at most: demo seeding).
wait_up() {
  for _ in $(seq 1 180); do
    curl -sf "http://$1$2" >/dev/null && return 0
    sleep 1
  done
  echo "no answer at $1$2" >&2
  return 1
}

# start_portal NAME DATABASE_URL: a demo portal with photos under $dir/NAME-photos; sets
# PORTAL_PID and PORTAL_ADDR.
start_portal() {
  local port
  port=$(spare_port)
  BIND=127.0.0.1:$port DATABASE_URL="$2" PHOTO_DIR="$dir/$1-photos" SPA_DIR="$dir/no-spa" DEMO=1 \
    RUST_LOG=warn "$BIN/seed-portal" >"$dir/$1.log" 2>&1 &
  PORTAL_PID=$!
  PORTAL_ADDR=127.0.0.1:$port
  PIDS+=("$PORTAL_PID")
  wait_up "$PORTAL_ADDR" /api/v1/health
}

# stop_pid PID: ends one process this command started and waits for it.
stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
