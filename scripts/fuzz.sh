#!/usr/bin/env bash
# Runs the runtime fuzzer (tests/src/bin/fuzz_runtime.rs) for a long time and writes its figures
# (calls executed, distinct errors hit, panics, try_state failures) into docs/reliability.md.
# `./scripts/test.sh` runs a bounded two-minute version of the same fuzzer.
#
# Usage: scripts/fuzz.sh [SECONDS [SEED]]   (defaults: 1800 seconds, a seed from the clock)
# A finding prints its seed, episode and block; replay it with
#   $CARGO_TARGET_DIR/release/fuzz_runtime --seed S --episode E --blocks B --trace
source "$(dirname "$0")/lib/common.sh"

seconds="${1:-1800}"
ensure_toolchain
build_workspace
seed_args=()
[ $# -ge 2 ] && seed_args=(--seed "$2")
commit=$(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo "unknown")
log "fuzzing the runtime for $seconds s"
"$CARGO_TARGET_DIR/release/fuzz_runtime" --seconds "$seconds" ${seed_args[@]+"${seed_args[@]}"} --keep-going \
	--report "$ROOT/docs/reliability.md" --note "commit \`$commit\`, scripts/fuzz.sh $seconds"
