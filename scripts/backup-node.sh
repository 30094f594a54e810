#!/usr/bin/env bash
# Backs up a stopped validator: its base path (chain database, keystore with its Aura, GRANDPA
# and seal keys, and its libp2p network key) and, if given, its document node's data directory
# (blocks, pins, and the agency's age identity under custody/).
#
# Usage: scripts/backup-node.sh <archive.tar.gz> <node base path> [<document node data dir>]
#
# The node must be stopped: a copy of a ParityDB database taken while the node writes to it
# may not open. The archive holds private keys: keep it where the agency keeps its other keys.
# See docs/operations.md, "Back up and restore a validator".
source "$(dirname "$0")/lib/common.sh"

[ $# -ge 2 ] || die "usage: $0 <archive.tar.gz> <node base path> [<document node data dir>]"
archive=$1
base=$2
docs=${3:-}
[ -d "$base/chains" ] || die "$base is not a node base path (no chains/ in it)"
if pgrep -f -- "--base-path $base( |$)" >/dev/null; then
	die "a node is running on $base: stop it first"
fi
if [ -n "$docs" ]; then
	[ -d "$docs" ] || die "no document node data directory at $docs"
	if pgrep -f -- "--data-dir $docs( |$)" >/dev/null; then
		die "a document node is running on $docs: stop it first"
	fi
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
ln -s "$(cd "$base" && pwd)" "$staging/node"
parts=(node)
if [ -n "$docs" ]; then
	ln -s "$(cd "$docs" && pwd)" "$staging/documents"
	parts+=(documents)
fi
# -h follows the two links, so the archive holds the directories' contents under fixed names.
tar -C "$staging" -czhf "$archive" "${parts[@]}"
chmod 600 "$archive"
log "backed up ${parts[*]} to $archive ($(du -h "$archive" | cut -f1))"
