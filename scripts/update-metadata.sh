#!/usr/bin/env bash
# Refreshes tests/metadata/safetynet.scale, the runtime metadata (v15) the end-to-end tests
# generate their types from, by asking a freshly built development node. Run it after any change
# to the runtime's calls, storage, events or errors; `committed_metadata_is_the_nodes_own` fails
# until you do.
source "$(dirname "$0")/lib/common.sh"

ensure_toolchain
# The whole workspace, as test.sh builds it: building the node alone would unify dependency
# features differently and rebuild it, here and again in the next test.sh. The end-to-end crate
# may not compile yet (it is generated from the metadata this script is about to refresh), so
# the build keeps going past it; what matters is that cargo reports the node's binary built (or
# fresh) in this run, which it does only if the node and everything under it compiled.
log "building the workspace (the end-to-end crate may fail until its metadata is refreshed)"
artifacts=$(mktemp)
trap 'rm -f "$artifacts"' EXIT
in_build_tree cargo build --release --locked --workspace --all-targets --keep-going \
	--message-format=json-render-diagnostics >"$artifacts" || true
python3 - "$artifacts" <<'PY' || die "the node did not build (see the errors above)"
import json, sys
for line in open(sys.argv[1]):
    try:
        msg = json.loads(line)
    except ValueError:
        continue
    target = msg.get("target") or {}
    if msg.get("reason") == "compiler-artifact" and target.get("name") == "safetynet-node" \
            and "bin" in target.get("kind", []):
        sys.exit(0)
sys.exit(1)
PY

port=$(free_port)
"$NODE_BIN" --dev --tmp --rpc-port "$port" --no-prometheus --no-telemetry >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$artifacts"' EXIT
wait_for_rpc "$port" 60 || die "the development node did not start"

curl -s -H 'Content-Type: application/json' \
	-d '{"id":1,"jsonrpc":"2.0","method":"state_call","params":["Metadata_metadata_at_version","0x0f000000"]}' \
	"http://127.0.0.1:$port" | python3 -c '
import json, sys
raw = bytes.fromhex(json.load(sys.stdin)["result"][2:])
# Option<OpaqueMetadata>: 0x01, a SCALE compact length, then the metadata itself.
assert raw[0] == 1, "the runtime serves no metadata v15"
mode = raw[1] & 3
offset = {0: 1, 1: 2, 2: 4}[mode] + 1
open(sys.argv[1], "wb").write(raw[offset:])
' "$ROOT/tests/metadata/safetynet.scale"
log "wrote tests/metadata/safetynet.scale"
