# Runs the end-to-end test binaries side by side, in lanes (sourced by scripts/test.sh).
#
# Each end-to-end test spends most of its time waiting for blocks (three seconds each), so two
# run at once on two cores take little longer than one. `cargo test` runs test binaries one
# after another, so the lanes run the binaries it built themselves: each lane takes the longest
# test left, runs it with its own range of loopback ports (`SAFETYNET_PORTS`, read by
# tests/src/node.rs), and prints its whole output when it ends, so lanes never interleave.
#
# Environment: E2E_LANES (2), the number of tests run at once.

# Seconds each test took in the last measured run (docs/ci.md): the longest start first, so no
# lane is left with a long test at the end. Measured figures of this machine's last run, kept in
# $E2E_SECONDS, replace these; a test in neither list counts as long.
declare -A E2E_SEED_SECONDS=(
	[operations]=570 [services]=485 [portal]=420 [trust]=250 [key_custody]=160 [notifier]=110
	[ledger_access]=105 [workbench]=80 [dev_registration]=75 [load_applications]=50
	[documents]=50 [consortium]=40 [gateway]=30 [document_node]=20 [polkadot_js]=20
	[golden_vectors]=1
)
E2E_SECONDS="$HOME/.cache/safetynet-chain/e2e-seconds"

# Prints `name executable package-directory` for every end-to-end test binary, as `cargo test`
# built them.
e2e_binaries() {
	(cd "$BUILD_TREE" && cargo test --release --locked --workspace --test '*' --no-run \
		--message-format=json 2>/dev/null) |
		python3 -c '
import json, os, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message.get("executable") \
            and "test" in message["target"]["kind"]:
        print(message["target"]["name"], message["executable"],
              os.path.dirname(message["manifest_path"]))'
}

# Expected seconds of test $1: measured, else seeded, else 600.
e2e_expected() {
	local measured=
	if [ -f "$E2E_SECONDS" ]; then
		measured=$(awk -v name="$1" '$1 == name { seconds = $2 } END { print seconds }' \
			"$E2E_SECONDS")
	fi
	echo "${measured:-${E2E_SEED_SECONDS[$1]:-600}}"
}

# Pops the next `name executable package-directory` of the queue in $1, under its lock; fails when it is empty.
e2e_next() {
	(
		flock 9
		local first
		first=$(head -n 1 "$1")
		[ -n "$first" ] || exit 1
		sed -i 1d "$1"
		echo "$first"
	) 9>"$1.lock"
}

# One lane: runs tests from the queue $2 until it is empty, with ports of lane $1, recording
# `name status seconds` in $3. Extra arguments go to every test binary.
e2e_lane() {
	local lane=$1 queue=$2 results=$3 name exe dir start status
	shift 3
	# The 12 000 ports tests/src/node.rs draws from, split between the lanes.
	local width=$((12000 / ${E2E_LANES:-2}))
	local ports="$((20000 + lane * width))-$((19999 + (lane + 1) * width))"
	while read -r name exe dir < <(e2e_next "$queue"); do
		start=$SECONDS
		# As `cargo test` runs it: in its package's directory, which it is told; the clone's
		# one, not the build tree's, since only the clone has the JavaScript packages.
		dir="$ROOT${dir#"$BUILD_TREE"}"
		status=0
		(cd "$dir" && SAFETYNET_PORTS="$ports" CARGO_MANIFEST_DIR="$dir" \
			"$exe" --test-threads=1 "$@") >"$queue.$name.log" 2>&1 || status=$?
		echo "$name $status $((SECONDS - start))" >>"$results"
		(
			flock 9
			{ log "end-to-end test $name: $([ $status = 0 ] && echo passed || echo FAILED)" \
				"in $((SECONDS - start)) s (lane $lane)"; } 2>&1
			cat "$queue.$name.log"
		) 9>"$queue.print.lock"
	done
}

# Runs every end-to-end test in E2E_LANES lanes; fails, after all have run, if any failed.
run_e2e_lanes() {
	local lanes=${E2E_LANES:-2} work queue results lane failed=() name status seconds
	work=$(mktemp -d)
	queue="$work/queue"
	results="$work/results"
	: >"$results"
	e2e_binaries | while read -r name exe dir; do
		echo "$(e2e_expected "$name") $name $exe $dir"
	done | sort -rn | cut -d' ' -f2- >"$queue"
	[ -s "$queue" ] || die "no end-to-end test binary was built"
	log "end-to-end tests in $lanes lanes: $(cut -d' ' -f1 "$queue" | tr '\n' ' ')"
	for lane in $(seq 0 $((lanes - 1))); do
		e2e_lane "$lane" "$queue" "$results" "$@" &
	done
	wait
	# Keep this run's figures for the next run's order, unless arguments chose some tests only.
	if [ $# = 0 ]; then
		mkdir -p "$(dirname "$E2E_SECONDS")"
		awk '$2 == 0 { print $1, $3 }' "$results" >>"$E2E_SECONDS"
		tail -n 200 "$E2E_SECONDS" >"$work/seconds" && mv "$work/seconds" "$E2E_SECONDS"
	fi
	while read -r name status seconds; do
		[ "$status" = 0 ] || failed+=("$name")
	done <"$results"
	rm -rf "$work"
	[ ${#failed[@]} = 0 ] || die "end-to-end tests failed: ${failed[*]}"
}
