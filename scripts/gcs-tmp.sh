#!/usr/bin/env bash
# Generates chain-specs/local.json, the raw chain spec of the four-agency consortium that every
# agency starts from. Regenerating it from the same sources gives the same file:
#
# - the runtime inside it is built with paths remapped (`--remap-path-prefix`), so its bytes do
#   not depend on where the repository or cargo live, in a target directory of its own so the
#   remapping does not invalidate the everyday build;
# - the rest comes from the runtime's `local_testnet` genesis preset.
#
# Run it after any runtime change; the consortium end-to-end test fails if the committed spec
# carries a runtime other than the current one.
source "$(dirname "$0")/lib/common.sh"

ensure_toolchain
true

spec_target="${SPEC_TARGET_DIR:-$HOME/.cache/safetynet-chain/target-spec}"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
log "building the deterministic runtime (target dir $spec_target)"
(
	cd "$ROOT"
	# Plain rustc, not the linting wrapper: the runtime's bytes should depend on the sources only.
	unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
	CARGO_TARGET_DIR="$spec_target" \
	WASM_BUILD_RUSTFLAGS="--remap-path-prefix=$ROOT=/safetynet --remap-path-prefix=$cargo_home=/cargo --remap-path-prefix=$spec_target=/target" \
		cargo build --release --locked -p safetynet-runtime
)
wasm="$spec_target/release/wbuild/safetynet-runtime/safetynet_runtime.compact.compressed.wasm"
[ -f "$wasm" ] || die "the runtime wasm is missing at $wasm"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$NODE_BIN" export-chain-spec --chain local > "$tmp/plain.json" 2>/dev/null
python3 - "$tmp/plain.json" "$wasm" <<'PY'
import json, sys
path, wasm = sys.argv[1], sys.argv[2]
spec = json.load(open(path))
spec["genesis"]["runtimeGenesis"]["code"] = "0x" + open(wasm, "rb").read().hex()
json.dump(spec, open(path, "w"), indent=2)
PY
"$NODE_BIN" build-spec --chain "$tmp/plain.json" --raw --disable-default-bootnode \
	> "$ROOT/chain-specs/local.json" 2>/dev/null
log "wrote chain-specs/local.json ($(sha256sum "$ROOT/chain-specs/local.json" | cut -c1-16)…)"
