#!/usr/bin/env bash
# Where a development node's time goes while it takes insurance applications: runs the load
# generator (tests/src/bin/load_applications.rs) with N citizens (default 6 000) on a development
# node, samples the node with `perf` while the applications flow, and writes the shares of its
# CPU time (the runtime's own code, signature checks, storage reads, the state root, the kernel
# paging the runtime's memory, the pool, the RPC server, the database) into docs/performance.md.
#
# Usage: scripts/profile-applications.sh [N] [seconds sampled (default 30)]
source "$(dirname "$0")/lib/common.sh"

count="${1:-6000}"
seconds="${2:-30}"
ensure_toolchain
command -v perf >/dev/null || apt_install linux-perf
build_workspace

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log "loading a development node with $count citizens' applications"
# perfmap: the runtime's compiled code is named in the samples, as `[JIT]`.
WASMTIME_PROFILING_STRATEGY=perfmap SAFETYNET_NODE_BIN="$NODE_BIN" SAFETYNET_ROOT="$ROOT" \
	"$CARGO_TARGET_DIR/release/load_applications" --citizens "$count" --network dev \
	>"$work/load.out" 2>"$work/load.err" &
load=$!
until grep -q "insurance applications: sending" "$work/load.err"; do
	kill -0 "$load" 2>/dev/null || { cat "$work/load.err" >&2; die "the load generator stopped"; }
	sleep 1
done
# The load generator's own node: the newest safetynet-node child of it.
node=$(pgrep -n -P "$load" safetynet-node) || die "no node of the load generator found"
log "sampling node $node for $seconds s while the applications flow"
# DWARF call graphs: the node is built without frame pointers. Stacks end at the runtime's
# compiled code, so a host function is attributed to itself, not to the runtime call above it.
perf record -q -F 199 --call-graph dwarf,32768 -p "$node" -o "$work/perf.data" -- sleep "$seconds" \
	2>"$work/perf.log" || { cat "$work/perf.log" >&2; die "perf record failed"; }
wait "$load" || { cat "$work/load.err" >&2; die "the load generator failed"; }
grep "insurance applications: Landed" "$work/load.err" >&2 || true

perf report -i "$work/perf.data" --children --sort sym -g none -q --percent-limit 0.05 \
	2>/dev/null >"$work/children.txt"
perf report -i "$work/perf.data" --no-children --sort dso -g none -q -n 2>/dev/null \
	>"$work/dso.txt"
python3 "$ROOT/scripts/lib/profile-shares.py" "$work/children.txt" "$work/dso.txt" \
	--count "$count" --seconds "$seconds" --frequency 199 \
	--report "$ROOT/docs/performance.md"
