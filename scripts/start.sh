#!/usr/bin/env bash
# Sets up what is missing, builds, and starts the development chain: one node, one agency, with
# RPC on ws://127.0.0.1:9944. Ctrl-C stops it.
#
# Options are passed to the node, e.g. `./scripts/start.sh --tmp` for a throw-away chain.
source "$(dirname "$0")/lib/common.sh"

ensure_toolchain
build_workspace

data_dir="$RUN_DIR/dev"
mkdir -p "$data_dir"
cat >&2 <<MSG

Safety Net Chain development node
  RPC:            ws://127.0.0.1:9944  (HTTP on the same port)
  Polkadot.js:    https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer
                  (or any Polkadot.js apps build; choose "Development > Local Node")
  Data:           $data_dir  (remove it, or pass --tmp, for a fresh chain)
  Accounts:       Alice is the development agency's administrator and sudo key.
  Stop:           Ctrl-C

MSG
exec "$NODE_BIN" --dev --base-path "$data_dir" --rpc-port 9944 --rpc-cors all "$@"
