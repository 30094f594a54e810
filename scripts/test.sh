#!/usr/bin/env bash
# Sets up what is missing, checks the formatting, builds once (linting with clippy as it goes), and
# runs every test: unit tests of every crate, a bounded run of the runtime fuzzer, and the
# end-to-end tests that start real safetynet-node processes on loopback ports, four jobs at a
# time (lib/test-lanes.sh; TEST_LANES sets how many).
#
# Options: --unit (unit tests only), --e2e (end-to-end tests only); anything after `--` goes to
# the test binaries (e.g. `-- consortium` to run matching tests).
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/test-lanes.sh"

run_unit=1
run_e2e=1
while [ $# -gt 0 ]; do
	case "$1" in
		--unit) run_e2e=0 ;;
		--e2e) run_unit=0 ;;
		--) shift; break ;;
		*) die "unknown option $1 (see the header of $0)" ;;
	esac
	shift
done

ensure_toolchain
if [ $run_e2e = 1 ]; then
	ensure_js_deps
	# The portal's browser tests need it built, its web server and Chromium.
	ensure_portal --browser
fi

log "formatting (rustfmt.toml, $FMT_TOOLCHAIN)"
(cd "$ROOT" && cargo "+$FMT_TOOLCHAIN" fmt --all --check) \
	|| die "the tree is not formatted: run cargo +$FMT_TOOLCHAIN fmt --all"
# Clippy lints every workspace crate during this build (see lib/common.sh): a warning fails it.
build_workspace

# The unit tests, in the same package selection as the build, so no crate is built again with
# other features.
unit_tests() {
	(cd "$BUILD_TREE" && cargo test --release --locked --workspace --lib --bins -- "$@")
}
# A bounded run of the runtime fuzzer (scripts/fuzz.sh runs it for half an hour): a new seed each
# run, printed with the command that replays a finding. Test-name filters do not apply to it.
fuzz_runtime() {
	"$CARGO_TARGET_DIR/release/fuzz_runtime" --seconds "${FUZZ_SECONDS:-120}"
}

cd "$ROOT"
export SAFETYNET_NODE_BIN="$NODE_BIN" SAFETYNET_ROOT="$ROOT"
if [ $run_e2e = 1 ]; then
	# Every end-to-end test binary runs its tests one at a time (each starts its own nodes); the
	# binaries, the unit tests and the fuzzer run side by side (lib/test-lanes.sh), since the
	# end-to-end tests mostly wait for blocks.
	unit_jobs=""
	[ $run_unit = 1 ] && unit_jobs="unit_tests fuzz_runtime"
	log "${unit_jobs:+unit tests, the runtime fuzzer and }end-to-end tests against real nodes"
	run_in_lanes "$unit_jobs" 1 "$@"
else
	log "unit tests"
	unit_tests "$@"
	log "fuzzing the runtime for ${FUZZ_SECONDS:-120} s"
	fuzz_runtime
fi
log "all tests passed"
