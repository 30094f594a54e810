#!/usr/bin/env bash
# Starts the four-agency `local` network on loopback, from the committed chain spec:
#
#   agency                     validator  RPC (ws/http)  p2p    documents: API  gateway  swarm
#   Social Insurance Agency    alice      9944           30333             5001  8080     4001
#   Civil Affairs Department   bob        9945           30334             5002  8081     4002
#   Welfare Institute          charlie    9946           30335             5003  8082     4003
#   Audit Office               dave       9947           30336             5004  8083     4004
#
# Every agency runs a chain node and a document node (`safetynet-docs`, peered with the other
# agencies' over bitswap); its chain node seals the agency's approvals with the agency's seal key
# (its development key, inserted into its keystore here) and stores them in its document node.
# Each keeps its data in its own directory under $SAFETYNET_RUN_DIR/consortium (default
# ~/.cache/safetynet-chain/run/consortium). Ctrl-C or SIGTERM stops all eight cleanly.
#
# The ledger is the consortium's only: each node peers only with the nodes the chain authorises
# (reserved-only, kept in step with the chain's node authorization by the offchain worker), and
# its RPC listens on loopback with safe methods only and no cross-origin access beyond local
# pages and Polkadot.js Apps (docs/deployment.md: putting it behind an agency's own proxy). The
# nodes use the libp2p network backend: with litep2p (stable2609's default) a node removed from
# the authorised set kept its open connection and went on syncing (docs/deployment.md).
#
# Environment: RPC_PORT_BASE (9944), P2P_PORT_BASE (30333), DOCS_API_BASE (5001),
# DOCS_GATEWAY_BASE (8080), DOCS_SWARM_BASE (4001), SAFETYNET_RUN_DIR, SKIP_BUILD=1 to use the
# binaries already built, FRESH=1 to start from genesis, CHAIN_SPEC for another chain spec of the
# same network (the tests start it on the previous release's), NODE_EXTRA_ARGS for more chain node
# flags (split on spaces; the load scripts raise the pool's limits with it).
source "$(dirname "$0")/lib/common.sh"

RPC_PORT_BASE="${RPC_PORT_BASE:-9944}"
P2P_PORT_BASE="${P2P_PORT_BASE:-30333}"
DOCS_API_BASE="${DOCS_API_BASE:-5001}"
DOCS_GATEWAY_BASE="${DOCS_GATEWAY_BASE:-8080}"
DOCS_SWARM_BASE="${DOCS_SWARM_BASE:-4001}"
SPEC="${CHAIN_SPEC:-$ROOT/chain-specs/local.json}"
NAMES=(alice bob charlie dave)
SEAL_KEYS=(//Alice//seal //Bob//seal //Charlie//seal //Dave//seal)
AGENCIES=("Social Insurance Agency" "Civil Affairs Department" "Welfare Institute" "Audit Office")
# Fixed network keys, so every node knows the others' addresses before it starts, and the
# `local` genesis authorises exactly these four nodes (node authorization: a node the chain does
# not name cannot sync). They are loopback-only test keys; a real deployment generates its own
# (`safetynet-node key generate-node-key`) and the council authorises their PeerIds.
NODE_KEYS=(
	0000000000000000000000000000000000000000000000000000000000000001
	0000000000000000000000000000000000000000000000000000000000000002
	0000000000000000000000000000000000000000000000000000000000000003
	0000000000000000000000000000000000000000000000000000000000000004
)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
	ensure_toolchain
	build_workspace
fi
[ -x "$NODE_BIN" ] || die "no node binary at $NODE_BIN"
[ -x "$DOCS_BIN" ] || die "no document node binary at $DOCS_BIN"
[ -f "$SPEC" ] || die "no chain spec at $SPEC: run scripts/gen-chain-spec.sh"

net_dir="$RUN_DIR/consortium"
[ "${FRESH:-0}" = 1 ] && rm -rf "$net_dir"
mkdir -p "$net_dir"

read -r -a extra_args <<<"${NODE_EXTRA_ARGS:-}"

# Each node's reserved peers: the other three.
peer_addrs=()
for i in 0 1 2 3; do
	peer=$(echo -n "${NODE_KEYS[$i]}" | "$NODE_BIN" key inspect-node-key 2>/dev/null) \
		|| die "could not derive node $i's peer id"
	peer_addrs+=("/ip4/127.0.0.1/tcp/$((P2P_PORT_BASE + i))/p2p/$peer")
done

pids=()
stop_all() {
	trap - INT TERM EXIT
	if [ ${#pids[@]} -gt 0 ]; then
		log "stopping the consortium"
		kill -TERM "${pids[@]}" 2>/dev/null || true
		wait "${pids[@]}" 2>/dev/null || true
	fi
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

# Each document node's peer id, known before any starts: bitswap serves only listed peers, and a
# `/p2p/<id>` in a `--peer` address lists it from the first connection.
docs_ids=()
for i in 0 1 2 3; do
	mkdir -p "$net_dir/${NAMES[$i]}-docs"
	docs_ids+=("$("$DOCS_BIN" peer-id --data-dir "$net_dir/${NAMES[$i]}-docs")") \
		|| die "could not derive ${NAMES[$i]}'s document node id"
done

for i in 0 1 2 3; do
	name=${NAMES[$i]}
	peers=()
	reserved=()
	for j in 0 1 2 3; do
		[ "$j" = "$i" ] || peers+=(--peer "/ip4/127.0.0.1/tcp/$((DOCS_SWARM_BASE + j))/p2p/${docs_ids[$j]}")
		[ "$j" = "$i" ] || reserved+=(--reserved-nodes "${peer_addrs[$j]}")
	done
	mkdir -p "$net_dir/$name-docs/custody"
	# Each document node is its agency's key custodian, with the development identity whose
	# recipient the local genesis registers for that agency (chain-specs/dev-keys).
	[[ -f "$net_dir/$name-docs/custody/age.key" ]] \
		|| install -m 600 "$ROOT/chain-specs/dev-keys/agency-$i.age" "$net_dir/$name-docs/custody/age.key"
	"$DOCS_BIN" \
		--data-dir "$net_dir/$name-docs" \
		--api "127.0.0.1:$((DOCS_API_BASE + i))" \
		--gateway "127.0.0.1:$((DOCS_GATEWAY_BASE + i))" \
		--swarm "/ip4/127.0.0.1/tcp/$((DOCS_SWARM_BASE + i))" \
		--chain "ws://127.0.0.1:$((RPC_PORT_BASE + i))" --agency "$i" \
		"${peers[@]}" \
		>"$net_dir/$name-docs.log" 2>&1 &
	pids+=($!)
	insert_seal_key "$SPEC" "$net_dir/$name" "${SEAL_KEYS[$i]}"
	"$NODE_BIN" \
		--chain "$SPEC" \
		--"$name" \
		--base-path "$net_dir/$name" \
		--listen-addr "/ip4/127.0.0.1/tcp/$((P2P_PORT_BASE + i))" \
		--rpc-port $((RPC_PORT_BASE + i)) \
		--rpc-methods safe \
		--rpc-cors "$RPC_CORS" \
		--node-key "${NODE_KEYS[$i]}" \
		--reserved-only \
		--network-backend libp2p \
		"${reserved[@]}" \
		--no-mdns \
		--no-prometheus \
		--no-telemetry \
		--ipfs-api "http://127.0.0.1:$((DOCS_API_BASE + i))" \
		"${extra_args[@]}" \
		>"$net_dir/$name.log" 2>&1 &
	pids+=($!)
done

for i in 0 1 2 3; do
	wait_for_rpc $((RPC_PORT_BASE + i)) 120 \
		|| die "${NAMES[$i]} did not start; see $net_dir/${NAMES[$i]}.log"
	wait_for_docs $((DOCS_API_BASE + i)) 60 \
		|| die "${NAMES[$i]}'s document node did not start; see $net_dir/${NAMES[$i]}-docs.log"
done

cat >&2 <<MSG

Safety Net Chain local consortium is running:
MSG
for i in 0 1 2 3; do
	printf '  %-26s %-8s ws://127.0.0.1:%s  documents http://127.0.0.1:%s  log: %s\n' \
		"${AGENCIES[$i]}" "${NAMES[$i]}" $((RPC_PORT_BASE + i)) $((DOCS_API_BASE + i)) \
		"$net_dir/${NAMES[$i]}.log" >&2
done
cat >&2 <<MSG
  Polkadot.js: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT_BASE#/explorer
  Stop:        Ctrl-C (or SIGTERM to this script, pid $$)

MSG

# Stay in the foreground until a node dies or we are told to stop.
wait -n "${pids[@]}" || true
log "a node exited; see the logs under $net_dir"
exit 1
