#!/usr/bin/env bash
# First load measurement: starts a throw-away development node, submits N registration requests
# from brand-new accounts as fast as the node accepts them, and writes accepted/s, included/s and
# time to finality into docs/performance.md.
#
# Usage: scripts/load-registrations.sh [N]   (default 2000)
#        URL=ws://host:port scripts/load-registrations.sh N   to load a node that is already running
source "$(dirname "$0")/lib/common.sh"

count="${1:-2000}"
ensure_toolchain
build_workspace

url="${URL:-}"
if [ -z "$url" ]; then
	mkdir -p "$RUN_DIR"
	port=$(free_port)
	"$NODE_BIN" --dev --tmp --rpc-port "$port" --rpc-max-connections 1000 \
		--pool-limit 20000 --pool-kbytes 102400 --no-prometheus --no-telemetry \
		>"$RUN_DIR/load-node.log" 2>&1 &
	pid=$!
	trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
	wait_for_rpc "$port" 60 || die "the development node did not start"
	url="ws://127.0.0.1:$port"
fi

log "submitting $count registration requests to $url"
"$CARGO_TARGET_DIR/release/load_registrations" --url "$url" --count "$count" \
	--report "$ROOT/docs/performance.md"
