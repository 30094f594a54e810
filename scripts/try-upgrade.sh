#!/usr/bin/env bash
# Checks a runtime upgrade before the council votes on it. Builds today's runtime with the
# `try-runtime` feature, copies a live chain's state over RPC, and runs every pending migration
# on the copy with its pre- and post-upgrade checks, then every pallet's `try_state`
# (tests/src/bin/try_upgrade.rs). Nothing is written to the chain.
#
#   ./scripts/try-upgrade.sh [ws://node:9944 [block hash]]
#
# The node is the agency's own (it must answer `state_getKeysPaged` and `state_queryStorageAt`);
# by default the one `./scripts/start.sh` runs. The first run builds the runtime's dependencies
# once more, with the feature, in a target directory of its own (about 20 minutes on two
# cores); later runs take seconds. See docs/operations.md, "Upgrade the runtime".
source "$(dirname "$0")/lib/common.sh"

uri="${1:-ws://127.0.0.1:9944}"
at="${2:-}"

ensure_toolchain
build_workspace

try_target="${TRY_TARGET_DIR:-$HOME/.cache/safetynet-chain/target-try}"
log "building the runtime with try-runtime (target dir $try_target)"
(
	cd "$ROOT"
	# Plain rustc: this runtime is checked, never shipped.
	unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
	CARGO_TARGET_DIR="$try_target" \
		cargo build --release --locked -p safetynet-runtime --features try-runtime
)
wasm="$try_target/release/wbuild/safetynet-runtime/safetynet_runtime.compact.compressed.wasm"
[ -f "$wasm" ] || die "the try-runtime wasm is missing at $wasm"

log "running the upgrade's migrations and checks against $uri"
"$CARGO_TARGET_DIR/release/try_upgrade" --runtime "$wasm" --uri "$uri" ${at:+--at "$at"}
