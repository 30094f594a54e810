#!/usr/bin/env bash
# Measures the staff workbench's work queue with N open cases (default 10 000): a development
# node where N citizens, registered at the civil affairs department, have each applied for social
# assistance, so that all N wait for the department's officer. Writes the time of the queue's
# runtime API call and the officer's time to the first row in real Chromium (after sign-in, on
# coming back, after a search, to the next page) into docs/performance.md.
#
# Usage: scripts/load-queue.sh [N]
source "$(dirname "$0")/lib/common.sh"

count="${1:-10000}"
ensure_toolchain
ensure_portal --browser
build_workspace
log "measuring the work queue with $count open cases"
SAFETYNET_NODE_BIN="$NODE_BIN" SAFETYNET_ROOT="$ROOT" \
	"$CARGO_TARGET_DIR/release/load_queue" --count "$count" --report "$ROOT/docs/performance.md"
