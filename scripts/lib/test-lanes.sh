# Runs the tests side by side, in lanes (sourced by scripts/test.sh): the unit tests, the bounded
# run of the runtime fuzzer, and every end-to-end test binary.
#
# Each end-to-end test spends most of its time waiting for blocks (three seconds each), so several
# at once on two cores take little longer than one, and the unit tests and the fuzzer fill the
# cores they leave idle. `cargo test` runs test binaries one after another, so the lanes run the
# binaries it built themselves: each lane takes the longest job left, runs it (an end-to-end test
# with its lane's own range of loopback ports, `SAFETYNET_PORTS`, read by tests/src/node.rs), and
# prints its whole output when it ends, so lanes never interleave.
#
# Environment: TEST_LANES (4), the number of jobs run at once.

# Seconds each job took in a measured run (docs/ci.md): the longest start first, so no lane is
# left with a long job at the end. Measured figures of this machine's last run, kept in
# $TEST_SECONDS, replace these; a job in neither list counts as long.
declare -A TEST_SEED_SECONDS=(
	[operations]=590 [services]=500 [portal]=440 [trust]=250 [key_custody]=160
	[fuzz_runtime]=120 [notifier]=115 [ledger_access]=115 [workbench]=115 [dev_registration]=75
	[load_applications]=55 [documents]=50 [consortium]=40 [gateway]=35 [polkadot_js]=20
	[document_node]=20 [unit_tests]=5 [golden_vectors]=1
)
TEST_SECONDS="$HOME/.cache/safetynet-chain/test-seconds"

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

# Expected seconds of job $1: measured, else seeded, else 600.
expected_seconds() {
	local measured=
	if [ -f "$TEST_SECONDS" ]; then
		measured=$(awk -v name="$1" '$1 == name { seconds = $2 } END { print seconds }' \
			"$TEST_SECONDS")
	fi
	echo "${measured:-${TEST_SEED_SECONDS[$1]:-600}}"
}

# Pops the next line of the queue in $1, under its lock; fails when it is empty.
next_job() {
	(
		flock 9
		local first
		first=$(head -n 1 "$1")
		[ -n "$first" ] || exit 1
		sed -i 1d "$1"
		echo "$first"
	) 9>"$1.lock"
}

# Runs one queued job, `name function` (a shell function of the sourcing script) or
# `name executable package-directory` (an end-to-end test binary), with the ports in $1. Extra
# arguments go to the function or the test binary.
run_job() {
	local ports=$1 name=$2 what=$3 dir=$4
	shift 4
	if [ -z "$dir" ]; then
		"$what" "$@"
		return
	fi
	# As `cargo test` runs it: in its package's directory, which it is told; the clone's one, not
	# the build tree's, since only the clone has the JavaScript packages.
	dir="$ROOT${dir#"$BUILD_TREE"}"
	(cd "$dir" && SAFETYNET_PORTS="$ports" CARGO_MANIFEST_DIR="$dir" \
		"$what" --test-threads=1 "$@")
}

# One lane: runs jobs from the queue $2 until it is empty, with ports of lane $1, recording
# `name status seconds` in $3. Extra arguments go to every job.
run_lane() {
	local lane=$1 queue=$2 results=$3 name what dir start status
	shift 3
	# The 12 000 ports tests/src/node.rs draws from, split between the lanes.
	local width=$((12000 / ${TEST_LANES:-4}))
	local ports="$((20000 + lane * width))-$((19999 + (lane + 1) * width))"
	while read -r name what dir < <(next_job "$queue"); do
		start=$SECONDS
		status=0
		run_job "$ports" "$name" "$what" "$dir" "$@" >"$queue.$name.log" 2>&1 || status=$?
		echo "$name $status $((SECONDS - start))" >>"$results"
		(
			flock 9
			{ log "$name: $([ $status = 0 ] && echo passed || echo FAILED)" \
				"in $((SECONDS - start)) s (lane $lane)"; } 2>&1
			cat "$queue.$name.log"
		) 9>"$queue.print.lock"
	done
}

# Runs, in TEST_LANES lanes, the shell functions named in $1 (space-separated, each also the job's
# name) and, when $2 is 1, every end-to-end test binary; fails, after all have run, if any failed.
# Further arguments go to every job.
run_in_lanes() {
	local functions=$1 with_e2e=$2
	shift 2
	local lanes=${TEST_LANES:-4} work queue results lane failed=() name status seconds
	work=$(mktemp -d)
	queue="$work/queue"
	results="$work/results"
	: >"$results"
	# Listed before any job starts: `cargo test` holds the build directory's lock while the unit
	# tests run.
	{
		for name in $functions; do echo "$name $name"; done
		if [ "$with_e2e" = 1 ]; then e2e_binaries; fi
	} | while read -r name what dir; do
		echo "$(expected_seconds "$name") $name $what $dir"
	done | sort -rn | cut -d' ' -f2- >"$queue"
	[ -s "$queue" ] || die "no test to run: no end-to-end test binary was built"
	log "tests in $lanes lanes: $(cut -d' ' -f1 "$queue" | tr '\n' ' ')"
	for lane in $(seq 0 $((lanes - 1))); do
		run_lane "$lane" "$queue" "$results" "$@" &
	done
	wait
	# Keep this run's figures for the next run's order, unless arguments chose some tests only.
	if [ $# = 0 ]; then
		mkdir -p "$(dirname "$TEST_SECONDS")"
		awk '$2 == 0 { print $1, $3 }' "$results" >>"$TEST_SECONDS"
		tail -n 200 "$TEST_SECONDS" >"$work/seconds" && mv "$work/seconds" "$TEST_SECONDS"
	fi
	while read -r name status seconds; do
		[ "$status" = 0 ] || failed+=("$name")
	done <"$results"
	rm -rf "$work"
	[ ${#failed[@]} = 0 ] || die "tests failed: ${failed[*]}"
}
