#!/usr/bin/env bash
# Sets up what is missing, builds, and starts the development chain: one node, one agency, with
# RPC on ws://127.0.0.1:9944, the citizen gateway on ws://127.0.0.1:9950, the agency's document
# node (IPFS: Kubo API on 127.0.0.1:5001, gateway on 127.0.0.1:8080), and the citizen portal on
# http://127.0.0.1:8000 (nginx: the application, with the gateway and the document node on the
# same origin), and the staff workbench on http://127.0.0.1:8001 (the same application, with the
# node's own RPC in place of the gateway). Ctrl-C stops them all.
#
# RPC listens on loopback only, with safe methods only and cross-origin access for local pages
# and Polkadot.js Apps (see docs/deployment.md). Options are passed to the node, e.g.
# `./scripts/start.sh -lruntime=debug`. The chain lives in
# $SAFETYNET_RUN_DIR (default ~/.cache/safetynet-chain/run): point it elsewhere, or remove it,
# for a fresh chain.
source "$(dirname "$0")/lib/common.sh"

ensure_toolchain
build_workspace
ensure_portal

data_dir="$RUN_DIR/dev"
docs_dir="$RUN_DIR/dev-docs"
mkdir -p "$data_dir" "$docs_dir"

# The development agency seals its approvals with its development seal key `//Alice//seal`
# (registered at genesis; never an account key), stored by its offchain worker in the document
# node.
insert_seal_key dev "$data_dir" //Alice//seal

pids=()
stop_all() {
	trap - INT TERM EXIT
	kill -TERM "${pids[@]}" 2>/dev/null || true
	wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

# The document node is agency 0's key custodian. Its custody identity is the development
# identity of agency 0, whose recipient the development genesis registers (chain-specs/dev-keys).
mkdir -p "$docs_dir/custody"
[[ -f "$docs_dir/custody/age.key" ]] || install -m 600 "$ROOT/chain-specs/dev-keys/agency-0.age" "$docs_dir/custody/age.key"
"$DOCS_BIN" --data-dir "$docs_dir" --api 127.0.0.1:5001 --gateway 127.0.0.1:8080 \
	--swarm /ip4/127.0.0.1/tcp/4001 --chain ws://127.0.0.1:9944 --agency 0 >"$docs_dir/docs.log" 2>&1 &
pids+=($!)
wait_for_docs 5001 30 || die "the document node did not start; see $docs_dir/docs.log"

"$NODE_BIN" --dev --base-path "$data_dir" --rpc-port 9944 --rpc-methods safe --rpc-cors "$RPC_CORS" \
	--ipfs-api http://127.0.0.1:5001 "$@" 2>"$data_dir/node.log" &
node_pid=$!
pids+=($node_pid)
wait_for_rpc 9944 120 || die "the node did not start; see $data_dir/node.log"

# A chain kept from an earlier run goes on with the runtime it was created with (or last upgraded
# to), not the one just built. Say so, rather than let someone try today's features on it.
built_wasm="$CARGO_TARGET_DIR/release/wbuild/safetynet-runtime/safetynet_runtime.compact.compressed.wasm"
if ! python3 - "$built_wasm" <<'PY'
import hashlib, json, sys, urllib.request
def rpc(method, params):
    body = json.dumps({"id": 1, "jsonrpc": "2.0", "method": method, "params": params}).encode()
    request = urllib.request.Request("http://127.0.0.1:9944", body, {"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=10))["result"]
built = "0x" + hashlib.blake2b(open(sys.argv[1], "rb").read(), digest_size=32).hexdigest()
sys.exit(0 if rpc("state_getStorageHash", ["0x3a636f6465"]) == built else 1)
PY
then
	spec=$(curl -s -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"state_getRuntimeVersion","params":[]}' \
		http://127.0.0.1:9944 | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["specVersion"])')
	log "WARNING: the chain kept in $data_dir runs an older runtime (spec version $spec), not the one"
	log "just built. Stop, remove $data_dir and $docs_dir for a fresh chain, or upgrade it by motion."
fi

# Citizens reach the chain only through the gateway (docs/gateway.md). The portal's proxy brings
# every browser from 127.0.0.1, so the per-address limits are raised (per account still holds).
"$GATEWAY_BIN" --listen 127.0.0.1:9950 --node ws://127.0.0.1:9944 --per-address-rate 200 \
	--per-address-burst 1000 --max-connections-per-address 256 2>"$data_dir/gateway.log" &
pids+=($!)

# The citizen portal, on one origin with the gateway and the document node, which is also the
# key custodian of agency 0, where citizens share their cases (docs/portal.md).
"$ROOT/scripts/portal-server.sh" --run-dir "$RUN_DIR/portal" --listen 127.0.0.1:8000 \
	--gateway 127.0.0.1:9950 --docs-api 127.0.0.1:5001 --docs-gateway 127.0.0.1:8080 \
	--custodian 0=127.0.0.1:8080 2>"$RUN_DIR/portal.log" &
pids+=($!)
# The staff workbench: the same application on an origin whose /rpc is the agency's own node.
# In production that origin is the agency's proxy, which admits only its staff (docs/workbench.md).
"$ROOT/scripts/portal-server.sh" --run-dir "$RUN_DIR/workbench" --listen 127.0.0.1:8001 \
	--gateway 127.0.0.1:9944 --docs-api 127.0.0.1:5001 --docs-gateway 127.0.0.1:8080 \
	2>"$RUN_DIR/workbench.log" &
pids+=($!)

# E-mail notices, when an SMTP server is named (SAFETYNET_SMTP=smtp://user:pass@host:587): the
# notifier follows this node's finalized blocks; subscribe citizens with its `subscribe` command.
notifier="node $ROOT/portal/dist-notifier/notifier.mjs"
notifier_args=(--key-file "$RUN_DIR/notifier.key" --data-dir "$RUN_DIR/notifier")
if [ -n "${SAFETYNET_SMTP:-}" ]; then
	[ -f "$RUN_DIR/notifier.key" ] || $notifier keygen --key-file "$RUN_DIR/notifier.key" >/dev/null
	$notifier run "${notifier_args[@]}" --node ws://127.0.0.1:9944 --smtp "$SAFETYNET_SMTP" \
		--portal http://127.0.0.1:8000 2>"$RUN_DIR/notifier.log" &
	pids+=($!)
	notices="on, through $SAFETYNET_SMTP (log: $RUN_DIR/notifier.log); opt a citizen in with
                  $notifier subscribe ${notifier_args[*]} --account <address> --email <address> --lang zh"
else
	notices="off (set SAFETYNET_SMTP=smtp://host:port to e-mail citizens; docs/portal.md)"
fi

cat >&2 <<MSG

Safety Net Chain development node
  Citizen portal: http://127.0.0.1:8000  (open it in a browser: create an account, register, apply)
  Staff workbench: http://127.0.0.1:8001  (staff sign in with their key file; the agency's own
                  node, so loopback only: docs/workbench.md)
  E-mail notices: $notices
  Citizen gateway: ws://127.0.0.1:9950  (sign in with your key; your own records only)
  Agency RPC:     ws://127.0.0.1:9944  (HTTP on the same port; staff only, safe methods)
  Polkadot.js:    https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer
                  (or any Polkadot.js apps build; choose "Development > Local Node")
  Documents:      Kubo RPC API http://127.0.0.1:5001, gateway http://127.0.0.1:8080/ipfs/<cid>,
                  agency 0's key custody http://127.0.0.1:8080/keys/custodian
                  (log: $docs_dir/docs.log; tools: $DOCS_BIN --help)
  Logs:           $data_dir/node.log, $data_dir/gateway.log, $RUN_DIR/portal/error.log
  Data:           $data_dir, $docs_dir  (remove them for a fresh chain)
  Accounts:       Alice is the development agency's administrator and its council's one seat.
  Stop:           Ctrl-C

MSG
wait "$node_pid"
