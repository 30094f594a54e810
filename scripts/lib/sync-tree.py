"""Mirrors a checkout into the build tree, touching only the files whose content changed.

Usage: sync-tree.py CHECKOUT BUILD_TREE

Cargo rebuilds a workspace crate when its path or the modification time of one of its files
changes. A fresh clone has both new, so every clone used to rebuild the whole workspace (about
15 minutes) although the target directory was warm. Building in one tree that outlives the
clones, where a file is rewritten only when its content differs, lets cargo rebuild just what
the commit changed. The files mirrored are git's (tracked, and untracked but not ignored), so
node_modules, build output and the like stay behind.
"""

import os
import subprocess
import sys


def checkout_files(checkout):
    listing = subprocess.run(
        ["git", "-C", checkout, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout
    names = {name.decode() for name in listing.split(b"\0") if name}
    # A file deleted from the working tree but not from the index is listed too.
    return {name for name in names if os.path.isfile(os.path.join(checkout, name))}


def same_content(a, b):
    if not os.path.isfile(b) or os.path.getsize(a) != os.path.getsize(b):
        return False
    with open(a, "rb") as left, open(b, "rb") as right:
        return left.read() == right.read()


def main(checkout, tree):
    wanted = checkout_files(checkout)
    copied = 0
    for name in sorted(wanted):
        source, target = os.path.join(checkout, name), os.path.join(tree, name)
        if same_content(source, target):
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(source, "rb") as src, open(target + ".sync", "wb") as dst:
            dst.write(src.read())
        os.chmod(target + ".sync", os.stat(source).st_mode & 0o777)
        os.replace(target + ".sync", target)
        copied += 1
    removed = 0
    for directory, subdirs, files in os.walk(tree, topdown=True):
        # The build's own output, if any, is not part of the mirror.
        subdirs[:] = [d for d in subdirs if d not in ("target", "node_modules", ".git")]
        for file in files:
            name = os.path.relpath(os.path.join(directory, file), tree)
            if name not in wanted:
                os.remove(os.path.join(directory, file))
                removed += 1
    print(f"build tree {tree}: {copied} files updated, {removed} removed, {len(wanted)} in all")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
