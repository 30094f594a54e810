#!/usr/bin/env bash
# Regenerates the screenshots in docs/portal/ (every page of the citizen portal, in English and
# Chinese, at phone size; every page of the staff workbench, in both languages, at desk size):
# runs the browser tests (portal, workbench) with PORTAL_SCREENSHOTS set, which saves a picture
# at each step as well as checking it. Commit the result.
source "$(dirname "$0")/lib/common.sh"

ensure_toolchain
build_workspace
ensure_portal --browser
rm -rf "$ROOT/docs/portal"
mkdir -p "$ROOT/docs/portal"
cd "$BUILD_TREE"
PORTAL_SCREENSHOTS="$ROOT/docs/portal" SAFETYNET_NODE_BIN="$NODE_BIN" SAFETYNET_ROOT="$ROOT" \
	cargo test --release --locked --workspace --test portal --test workbench -- --test-threads=1
log "screenshots in docs/portal/: $(ls "$ROOT/docs/portal" | wc -l) pages"
