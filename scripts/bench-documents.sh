#!/usr/bin/env bash
# Measures the document node: `add` and `cat` throughput through the Kubo RPC API, fetching a
# document from another agency's node over bitswap, and CID computation — each beside plain
# `sha256sum` of the same file, the physical reference (one pass of the same hash). Writes the
# table into docs/performance.md.
#
# Usage: scripts/bench-documents.sh [sizes in MiB...]   (default: 1 16 64)
source "$(dirname "$0")/lib/common.sh"

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1 16 64)
REPEAT="${REPEAT:-3}"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
	ensure_toolchain
	build_workspace
fi
[ -x "$DOCS_BIN" ] || die "no document node binary at $DOCS_BIN"

work=$(mktemp -d)
pids=()
cleanup() {
	[ ${#pids[@]} -gt 0 ] && kill -TERM "${pids[@]}" 2>/dev/null && wait "${pids[@]}" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT


start_docs() { # name -> sets API_<name>, extra args after the name
	local name=$1; shift
	local api gw swarm
	api=$(free_port); gw=$(free_port); swarm=$(free_port)
	"$DOCS_BIN" --data-dir "$work/$name" --api "127.0.0.1:$api" --gateway "127.0.0.1:$gw" \
		--swarm "/ip4/127.0.0.1/tcp/$swarm" --max-file-mib 1024 --fetch-timeout-secs 60 "$@" \
		>"$work/$name.log" 2>&1 &
	pids+=($!)
	wait_for_docs "$api" 30 || die "document node $name did not start: $(tail "$work/$name.log")"
	eval "API_$name=$api SWARM_$name=$swarm"
}

# Bitswap serves only allowed peers: A allows B, whose identity exists before it first starts.
mkdir -p "$work/b"
peer_b=$("$DOCS_BIN" peer-id --data-dir "$work/b") || die "cannot derive node b's peer id"
start_docs a --allow-peer "$peer_b"
start_docs b --peer "/ip4/127.0.0.1/tcp/$SWARM_a"

calc() { python3 -c "print($1)"; }

# Seconds (fractional) a command takes, best of $REPEAT runs.
best_of() {
	local best="" i start end t
	for ((i = 0; i < REPEAT; i++)); do
		start=$(date +%s.%N)
		"$@" >/dev/null
		end=$(date +%s.%N)
		t=$(calc "$end - $start")
		if [ -z "$best" ] || [ "$(calc "int($t < $best)")" = 1 ]; then best=$t; fi
	done
	echo "$best"
}
mbps() { calc "round($1 / $2, 1)"; }

add_file() { curl -sf -X POST -F "file=@$1" "http://127.0.0.1:$API_a/api/v0/add?cid-version=1" ; }
cat_from() { curl -sf -X POST -o /dev/null "http://127.0.0.1:$1/api/v0/cat?arg=$2"; }

rows=()
for mib in "${SIZES[@]}"; do
	file="$work/doc-$mib.bin"
	head -c "$((mib * 1024 * 1024))" /dev/urandom >"$file"
	log "$mib MiB"
	t_sha=$(best_of sha256sum "$file")
	t_cid=$(best_of "$DOCS_BIN" cid "$file")
	t_add=$(best_of add_file "$file")
	cid=$(add_file "$file" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Hash"])')
	[ "$cid" = "$("$DOCS_BIN" cid "$file")" ] || die "the node's CID differs from the computed one"
	t_cat=$(best_of cat_from "$API_a" "$cid")
	# The first fetch at B goes over bitswap; later ones are local, so time exactly one.
	start=$(date +%s.%N); cat_from "$API_b" "$cid"; end=$(date +%s.%N)
	t_fetch=$(calc "$end - $start")
	rows+=("| $mib | $(mbps "$mib" "$t_sha") | $(mbps "$mib" "$t_cid") | $(mbps "$mib" "$t_add") | $(mbps "$mib" "$t_cat") | $(mbps "$mib" "$t_fetch") |")
done

report="$work/report.md"
{
	echo "Measured $(date -u +%Y-%m-%d) on this machine ($(nproc) cores), best of $REPEAT runs (bitswap: one fetch), MiB/s."
	echo
	echo "| file (MiB) | sha256sum | CID (\`safetynet-docs cid\`) | add (API) | cat (API, local) | cat at another node (bitswap) |"
	echo "|---|---|---|---|---|---|"
	printf '%s\n' "${rows[@]}"
} >"$report"
cat "$report"

perf="$ROOT/docs/performance.md"
python3 - "$perf" "$report" <<'PY'
import sys
path, report = sys.argv[1], open(sys.argv[2]).read()
text = open(path).read()
begin, end = "<!-- documents-bench:begin -->", "<!-- documents-bench:end -->"
start, stop = text.index(begin) + len(begin), text.index(end)
open(path, "w").write(text[:start] + "\n" + report + text[stop:])
PY
log "written to docs/performance.md"
