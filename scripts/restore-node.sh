#!/usr/bin/env bash
# Restores a validator from an archive made by scripts/backup-node.sh into an empty (or
# missing) base path and, if the archive holds one and a directory is given, the document
# node's data directory. Start the node afterwards with its usual command: it syncs the blocks
# it missed from its peers and validates again with the keys it had.
#
# Usage: scripts/restore-node.sh <archive.tar.gz> <node base path> [<document node data dir>]
source "$(dirname "$0")/lib/common.sh"

[ $# -ge 2 ] || die "usage: $0 <archive.tar.gz> <node base path> [<document node data dir>]"
archive=$1
base=$2
docs=${3:-}
[ -f "$archive" ] || die "no archive at $archive"
for dir in "$base" ${docs:+"$docs"}; do
	if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
		die "$dir is not empty: restore into an empty directory (move the old one aside)"
	fi
done
tar -tzf "$archive" | grep '^node/chains/' >/dev/null || die "$archive holds no node base path"

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
tar -C "$staging" -xzf "$archive"
mkdir -p "$base"
cp -a "$staging/node/." "$base/"
if [ -n "$docs" ]; then
	[ -d "$staging/documents" ] || die "$archive holds no document node data"
	mkdir -p "$docs"
	cp -a "$staging/documents/." "$docs/"
fi
log "restored $base${docs:+ and $docs} from $archive"
