#!/usr/bin/env bash
# Measures what every weight is priced in, on this machine, and writes it into the runtime:
#
# - runtime/src/weights/paritydb_weights.rs: the cost of a storage read and of a write
#   (`benchmark storage`), measured on the database a development node is left with after the
#   load generator has registered citizens and taken their applications and transfers;
# - runtime/src/weights/{block,extrinsic}_weights.rs: the cost of an empty block and of the
#   smallest signed transaction, a remark (`benchmark overhead`), on the development chain.
#
# Builds the node with runtime benchmarks (lib/common.sh: build_bench_node) and the load generator.
# Usage: scripts/benchmark-machine.sh [citizens (2000)]
# Environment: BENCH_TARGET_DIR; MUL (1.1), the margin put on the measured database costs.
source "$(dirname "$0")/lib/common.sh"

citizens="${1:-2000}"
weights="$ROOT/runtime/src/weights"
ensure_toolchain
build_bench_node
build_workspace

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "filling a development node's database: $citizens citizens apply and pay (load generator)"
# The load generator runs the benchmark build of the node, so that the database it leaves is one
# the benchmark node opens (same runtime, same genesis); SAFETYNET_KEEP_TEMP keeps it.
SAFETYNET_NODE_BIN="$BENCH_NODE" SAFETYNET_ROOT="$ROOT" SAFETYNET_KEEP_TEMP=1 \
	"$CARGO_TARGET_DIR/release/load_applications" --citizens "$citizens" --network dev \
	2>&1 | tee "$work/load.log"
kept=$(sed -n 's/^SAFETYNET_KEEP_TEMP: kept //p' "$work/load.log" | grep -- '-dev-' | head -n 1)
[ -d "$kept/data/chains/safetynet_dev" ] || die "the load generator left no development database"
mv "$kept" "$work/dev"
sed -n 's/^SAFETYNET_KEEP_TEMP: kept //p' "$work/load.log" | xargs -r rm -rf

log "benchmark storage: reads and writes of that state (ParityDB)"
# The chain's state is version 1 (the runtime's `system_version`); the write benchmark commits
# into the database, which is this copy. Writes are timed a thousand keys to a commit, about
# what one loaded block changes, and must be fewer than the keys there are.
"$BENCH_NODE" benchmark storage --chain dev --base-path "$work/dev/data" --db paritydb \
	--state-version 1 --disable-pov-recorder --mul "${MUL:-1.1}" --batch-size 1000 \
	--weight-path "$weights"

log "benchmark overhead: an empty block and a remark, on the development chain"
# Alice's administrator quota (1 000 transactions an hour at genesis) bounds one block of remarks.
"$BENCH_NODE" benchmark overhead --chain dev \
	--max-ext-per-block 900 --weight-path "$weights"

log "written to $weights; rebuild, review the diff and commit it"
