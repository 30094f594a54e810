# Shared by every script: paths, the one cargo target directory, and set-up of missing tools.
# Source it; do not run it.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The build lives outside the clone so that it survives between clones and CI runs.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/safetynet-chain/target}"
NODE_BIN="$CARGO_TARGET_DIR/release/safetynet-node"
DOCS_BIN="$CARGO_TARGET_DIR/release/safetynet-docs"
GATEWAY_BIN="$CARGO_TARGET_DIR/release/safetynet-gateway"
RUN_DIR="${SAFETYNET_RUN_DIR:-$HOME/.cache/safetynet-chain/run}"
# The nightly whose rustfmt formats the tree: rustfmt.toml uses polkadot-sdk's options, some of
# them unstable. Pinned, so a newer rustfmt cannot turn a clean tree into a failing check.
FMT_TOOLCHAIN=nightly-2026-05-20
# Clippy lints every workspace crate while it is built, not in a second pass: cargo runs the
# workspace's own crates through clippy-driver (dependencies through plain rustc), so the
# dependency tree is still compiled once, and any warning fails the build. Every build shares
# these settings, or cargo would rebuild the workspace's crates to switch.
export RUSTC_WORKSPACE_WRAPPER=clippy-driver
export CLIPPY_ARGS=-Dwarnings

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
# The web origins a node's RPC answers: pages served from this machine and Polkadot.js Apps.
# Never `all`: with it any web page the operator opens could call the node. The scripts also
# pass `--rpc-methods safe`, so even these origins cannot reach unsafe methods.
RPC_CORS="http://localhost:*,http://127.0.0.1:*,https://localhost:*,https://127.0.0.1:*,https://polkadot.js.org"

# A loopback TCP port nothing listens on now, for a process started next. Drawn below the
# kernel's ephemeral range (32768 and up), where outgoing connections cannot take it first.
free_port() {
	python3 -c '
import random, socket
for port in random.sample(range(20000, 32000), 12000):
    try:
        socket.socket().bind(("127.0.0.1", port))
        print(port)
        break
    except OSError:
        pass'
}

# Installs the Debian packages named (nothing when none is), with sudo unless root.
apt_install() {
	[ $# -gt 0 ] || return 0
	log "installing Debian packages: $*"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Installs what a fresh Debian machine with only stable Rust lacks. Each step is skipped when
# its tool is already there, so this costs nothing on a warm machine.
ensure_toolchain() {
	command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup first"
	if ! rustup target list --installed 2>/dev/null | grep -qx wasm32v1-none; then
		log "adding the wasm32v1-none target (the runtime is built for it)"
		rustup target add wasm32v1-none
	fi
	if ! rustup component list --installed 2>/dev/null | grep -q '^clippy'; then
		log "adding clippy (it lints the workspace as it builds)"
		rustup component add clippy
	fi
	if ! rustup run "$FMT_TOOLCHAIN" rustfmt --version >/dev/null 2>&1; then
		log "installing $FMT_TOOLCHAIN's rustfmt (the formatting check needs its unstable options)"
		rustup toolchain install "$FMT_TOOLCHAIN" --profile minimal --component rustfmt
	fi
	local missing=()
	command -v clang >/dev/null || missing+=(clang)
	[ -e /usr/lib/llvm-14/lib/libclang.so ] || ls /usr/lib/llvm-*/lib/libclang.so >/dev/null 2>&1 \
		|| missing+=(libclang-dev)
	command -v protoc >/dev/null || missing+=(protobuf-compiler)
	apt_install "${missing[@]}"
}

# Installs the end-to-end tests' JavaScript client (@polkadot/api, pinned in
# tests/js/package-lock.json) if it is not there yet.
ensure_js_deps() {
	command -v node >/dev/null || die "Node.js is missing: install Node.js 20 (Debian: apt-get install nodejs npm)"
	if [ ! -d "$ROOT/tests/js/node_modules/@polkadot/api" ] \
		|| [ ! -d "$ROOT/tests/js/node_modules/ipfs-unixfs-importer" ]; then
		log "installing the end-to-end tests' JavaScript (@polkadot/api, ipfs-unixfs-importer)"
		(cd "$ROOT/tests/js" && npm ci --no-audit --no-fund --loglevel=error)
	fi
}

# Installs and builds the citizen portal (portal/): its web server (Debian's nginx) and, for
# the browser tests, Debian's Chromium; its JavaScript (pinned in portal/package-lock.json); then
# type-checks and bundles it into portal/dist. `--browser` also installs Chromium.
ensure_portal() {
	local missing=()
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
	if [ "${1:-}" = --browser ]; then
		command -v chromium >/dev/null || missing+=(chromium)
		# Chinese pages need a CJK font in the browser (and in its screenshots).
		fc-list 2>/dev/null | grep -qi wqy || missing+=(fonts-wqy-microhei)
	fi
	apt_install "${missing[@]}"
	if [ ! -d "$ROOT/portal/node_modules/@polkadot/api" ] \
		|| [ "$ROOT/portal/package-lock.json" -nt "$ROOT/portal/node_modules/.package-lock.json" ]; then
		log "installing the portal's JavaScript (portal/package-lock.json)"
		(cd "$ROOT/portal" && npm ci --no-audit --no-fund --loglevel=error)
	fi
	log "type-checking and building the portal (portal/dist)"
	(cd "$ROOT/portal" && npx tsc --noEmit && node build.mjs)
}

# Where cargo builds: a mirror of this checkout that outlives clones (lib/sync-tree.py says why),
# next to the target directory. Cargo commands that should reuse the build run there.
BUILD_TREE="${BUILD_TREE:-$HOME/.cache/safetynet-chain/src}"

# Runs "$@" (a cargo command) in the build tree, first brought up to date with this checkout,
# under a lock: a build from another clone waits for this one instead of changing its sources
# halfway.
in_build_tree() {
	mkdir -p "$BUILD_TREE"
	# The node's version names this checkout's commit (the build tree has no git history).
	SUBSTRATE_CLI_GIT_COMMIT_HASH="$(git -C "$ROOT" rev-parse --short=11 HEAD 2>/dev/null \
		|| echo 00000000000)"
	export SUBSTRATE_CLI_GIT_COMMIT_HASH
	(
		if ! flock -n 8; then
			log "waiting for another build in $BUILD_TREE"
			flock 8
		fi
		python3 "$ROOT/scripts/lib/sync-tree.py" "$ROOT" "$BUILD_TREE" >&2
		cd "$BUILD_TREE" && "$@"
	) 8>"$BUILD_TREE.lock"
}

# Builds every crate of the workspace, tests included, in one release build: the node the tests
# start and the unit tests share one dependency tree, compiled once.
build_workspace() {
	log "building the workspace (release; in $BUILD_TREE, target dir $CARGO_TARGET_DIR)"
	in_build_tree cargo build --release --locked --workspace --all-targets
}

# Builds the node with `--features runtime-benchmarks` in a target directory of its own (so the
# everyday build is not disturbed) and sets BENCH_NODE and BENCH_RUNTIME to what it built. Used by
# scripts/benchmark.sh and scripts/benchmark-machine.sh.
build_bench_node() {
	local target="${BENCH_TARGET_DIR:-$HOME/.cache/safetynet-chain/target-bench}"
	log "building the node with runtime benchmarks (target dir $target)"
	# frame-benchmarking-cli's storage benchmark carries a test runtime of its own that we never
	# run; its wasm build cannot find itself in this workspace's metadata, so it is skipped.
	(cd "$ROOT" && CARGO_TARGET_DIR="$target" SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		cargo build --release --locked -p safetynet-node --features runtime-benchmarks)
	BENCH_NODE="$target/release/safetynet-node"
	BENCH_RUNTIME="$target/release/wbuild/safetynet-runtime/safetynet_runtime.compact.compressed.wasm"
}

# Waits until the node at ws://127.0.0.1:$1 answers RPC, or fails after $2 seconds.
wait_for_rpc() {
	local port=$1 timeout=${2:-60} i
	for ((i = 0; i < timeout * 2; i++)); do
		if curl -s -H 'Content-Type: application/json' \
			-d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
			"http://127.0.0.1:$port" 2>/dev/null | grep -q '"result"'; then
			return 0
		fi
		sleep 0.5
	done
	return 1
}

# Waits until the document node's Kubo API at 127.0.0.1:$1 answers, or fails after $2 seconds.
wait_for_docs() {
	local port=$1 timeout=${2:-30} i
	for ((i = 0; i < timeout * 2; i++)); do
		if curl -s -X POST "http://127.0.0.1:$port/api/v0/id" 2>/dev/null | grep -q '"ID"'; then
			return 0
		fi
		sleep 0.5
	done
	return 1
}

# Puts an agency's seal key (a development secret URI) into a node's keystore, where the
# documents pallet's offchain worker finds it. Usage: insert_seal_key <chain> <base-path> <suri>.
insert_seal_key() {
	"$NODE_BIN" key insert --chain "$1" --base-path "$2" \
		--key-type seal --scheme sr25519 --suri "$3" >/dev/null
}
