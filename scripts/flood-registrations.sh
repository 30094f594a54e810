#!/usr/bin/env bash
# Measures a registration flood on the four-agency network: N requests from fresh accounts with
# the proof of work the queue asks for, plus U with none, while a genuine applicant files.
# Writes how long the genuine request waited, what the flood cost, and what a flood of 100 000
# would cost into docs/performance.md. The end-to-end test `trust` runs a smaller one.
#
# Usage: scripts/flood-registrations.sh [N [U [BITS]]]   (defaults 5000 and 1000)
# With BITS the council first fixes the request cost at BITS zero bits, so that a flood of
# 100 000 is prepared in seconds: `scripts/flood-registrations.sh 100000 0 8` measures the pool
# and the chain under that many requests (its own section of docs/performance.md).
source "$(dirname "$0")/lib/common.sh"

count="${1:-5000}"
unpaid="${2:-1000}"
price=()
[ $# -ge 3 ] && price=(--price "$3")
ensure_toolchain
build_workspace
log "flooding the four-agency network with $count paid and $unpaid unpaid requests"
SAFETYNET_NODE_BIN="$NODE_BIN" SAFETYNET_ROOT="$ROOT" \
	"$CARGO_TARGET_DIR/release/flood_registrations" --count "$count" --unpaid "$unpaid" \
	${price[@]+"${price[@]}"} --report "$ROOT/docs/performance.md"
