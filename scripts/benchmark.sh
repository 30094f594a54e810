#!/usr/bin/env bash
# Regenerates every pallet's weights.rs from frame-benchmarking runs on this machine.
#
# Builds the node with `--features runtime-benchmarks` in a target directory of its own (so the
# everyday build is not disturbed), runs `benchmark pallet` for each of our pallets on the runtime
# it built, from the `development` genesis preset, and writes pallets/<name>/src/weights.rs from
# scripts/weight-template.hbs.
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
)

ensure_toolchain
bench_target="${BENCH_TARGET_DIR:-$HOME/.cache/safetynet-chain/target-bench}"
log "building the node with runtime benchmarks (target dir $bench_target)"
# frame-benchmarking-cli's storage benchmark carries a test runtime of its own that we never
# run; its wasm build cannot find itself in this workspace's metadata, so it is skipped.
(cd "$ROOT" && CARGO_TARGET_DIR="$bench_target" SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
	cargo build --release --locked -p safetynet-node --features runtime-benchmarks)
node="$bench_target/release/safetynet-node"
runtime="$bench_target/release/wbuild/safetynet-runtime/safetynet_runtime.compact.compressed.wasm"

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
