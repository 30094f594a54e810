#!/usr/bin/env bash
# Regenerates every pallet's weights.rs from frame-benchmarking runs on this machine.
#
# Builds the node with `--features runtime-benchmarks` (lib/common.sh: build_bench_node), runs
# `benchmark pallet` for each of our pallets on the runtime it built, from the `development`
# genesis preset, and writes pallets/<name>/src/weights.rs from scripts/weight-template.hbs.
# The database and block costs those weights are priced in come from
# scripts/benchmark-machine.sh.
#
# Usage: scripts/benchmark.sh [pallet_name ...]   (default: all of them)
# Environment: STEPS (50), REPEAT (20), BENCH_TARGET_DIR.
source "$(dirname "$0")/lib/common.sh"

# pallet name : crate directory
PALLETS=(
	"pallet_registration:pallets/registration"
	"pallet_consortium:pallets/consortium"
	"pallet_cases:pallets/cases"
	"pallet_payments:pallets/payments"
	"pallet_insurance:pallets/insurance"
	"pallet_assistance:pallets/assistance"
	"pallet_welfare:pallets/welfare"
	"pallet_minimum_living:pallets/minimum-living"
	"pallet_documents:pallets/documents"
	"pallet_service_parameters:pallets/service-parameters"
	"pallet_democratic_review:pallets/democratic-review"
	"pallet_validators:pallets/validators"
)

ensure_toolchain
build_bench_node
node="$BENCH_NODE"
runtime="$BENCH_RUNTIME"

wanted=("$@")
for entry in "${PALLETS[@]}"; do
	pallet=${entry%%:*}
	dir=${entry#*:}
	if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " =~ " $pallet " ]]; then
		continue
	fi
	log "benchmarking $pallet"
	"$node" benchmark pallet \
		--runtime "$runtime" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "${STEPS:-50}" \
		--repeat "${REPEAT:-20}" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template "$ROOT/scripts/weight-template.hbs" \
		--output "$ROOT/$dir/src/weights.rs"
done
log "weights written; review the diff and commit it"
