#!/usr/bin/env bash
# Measures how many applications per second the chain takes: N citizens (default 6 000), each
# registered and funded first, apply for social insurance once (approved on the spot), then each
# transfers a yuan to the next, every transaction pre-signed and sent over RPC as fast as the
# nodes take it. Reports accepted and included per second, the ratio of applications to
# transfers, and how far finality trailed the best block, into docs/performance.md.
#
# Usage: scripts/load-applications.sh [N] [dev|local] [SHARE] [NODE_ARG...]
#   dev:      one development node (one validator, the everyday `--dev` chain);
#   local:    the four-agency network of scripts/start-consortium.sh, on free ports;
#   SHARE:    the percentage of each slot the authors may spend building a block
#             (`--block-proposal-share`), or `-` for the node's default for the chain;
#   NODE_ARG: given to every node as it is, e.g. `--pool-type=single-state`, to measure a
#             node setting against the defaults (the report names them).
source "$(dirname "$0")/lib/common.sh"

count="${1:-6000}"
network="${2:-dev}"
share=()
[ -n "${3:-}" ] && [ "$3" != "-" ] && share=(--proposal-share "$3")
node_args=()
for arg in "${@:4}"; do
	node_args+=(--node-arg "$arg")
done
ensure_toolchain
build_workspace
log "measuring applications per second with $count citizens on the $network network"
SAFETYNET_NODE_BIN="$NODE_BIN" SAFETYNET_ROOT="$ROOT" \
	"$CARGO_TARGET_DIR/release/load_applications" --citizens "$count" --network "$network" \
	"${share[@]}" "${node_args[@]}" --report "$ROOT/docs/performance.md"
