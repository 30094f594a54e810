#!/usr/bin/env python3
"""Turns `perf report` listings of a loaded node into the shares of its CPU time that matter for
throughput, and writes them as a table into a report's `profile-applications` section
(scripts/profile-applications.sh).

CHILDREN is `perf report --children --sort sym -g none -q`: each line is a symbol with the share of
samples in it or below it. DSO is `perf report --no-children --sort dso -g none -q -n`: each line is
a shared object with the share and the number of samples in its own code. A category's share is the largest share
among the symbols that stand for it when they nest (one calls the other), and their sum when they
run on different threads.
"""

import argparse
import datetime
import re
import sys

LINE = re.compile(r"^\s*([\d.]+)%\s+([\d.]+)%\s+\[[^\]]*\]\s+(.*)$")
DSO_LINE = re.compile(r"^\s*([\d.]+)%\s+(\d+)\s+(.*?)\s*$")

# (what, how the symbols combine, the symbols' fragments). Stacks end at the runtime's compiled
# code, so each host function is counted wherever it was called from (pool or block).
CATEGORIES = [
    ("signature checks (sr25519, host function)", max, ["sp_io::crypto::sr25519_verify_version_2"]),
    ("storage reads (host functions `get`, `read`, `exists`, `next_key`)", sum, [
        "sp_io::storage::ExtStorageGetVersion1::call",
        "sp_io::storage::ExtStorageReadVersion1::call",
        "sp_io::storage::ExtStorageExistsVersion1::call",
        "sp_io::storage::ExtStorageNextKeyVersion1::call",
    ]),
    ("storage writes into the overlay (host functions `set`, `clear`, `append`)", sum, [
        "sp_io::storage::ExtStorageSetVersion1::call",
        "sp_io::storage::ExtStorageClearVersion1::call",
        "sp_io::storage::ExtStorageAppendVersion1::call",
    ]),
    ("storage transactions (one per transaction and per `#[transactional]` layer)", sum, [
        "OverlayedChanges<H>::commit_transaction",
        "OverlayedChanges<H>::rollback_transaction",
        "OverlayedChanges<H>::start_transaction",
    ]),
    ("the state root at the end of each block", max, [
        "sp_io::storage::root_version_2", "sp_state_machine::backend::Backend::full_storage_root",
    ]),
    ("returning the runtime's memory after each call (wasmtime decommit)", max, [
        "decommit_queue::DecommitQueue::flush",
    ]),
    ("the pool validating transactions (whole, signature and storage included)", max, [
        "sc_transaction_pool::common::api::validate_transaction_blocking",
    ]),
    ("the RPC server (WebSocket, JSON)", max, ["jsonrpsee_server::transport::ws::background_task"]),
    ("committing blocks to ParityDB (client and ParityDB's own threads)", sum, [
        "sc_client_db::Backend<Block>::try_commit_operation", "parity_db::db::DbInner::process_commits",
    ]),
    ("GRANDPA", max, ["finality_grandpa::voter::Voter"]),
]


def children(path):
    shares = {}
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                symbol = m.group(3).strip()
                shares[symbol] = max(shares.get(symbol, 0.0), float(m.group(1)))
    return shares


def share(shares, combine, fragments):
    found = [max((v for s, v in shares.items() if fragment in s), default=0.0)
             for fragment in fragments]
    return combine(found)


def dsos(path):
    """Each shared object's share, and the number of samples in all."""
    out, samples = {}, 0
    with open(path) as f:
        for line in f:
            m = DSO_LINE.match(line)
            if m:
                out[m.group(3)] = out.get(m.group(3), 0.0) + float(m.group(1))
                samples += int(m.group(2))
    return out, samples


def table(args):
    shares = children(args.children)
    objects, samples = dsos(args.dso)
    cores = samples / (args.frequency * float(args.seconds))
    jit = sum(v for k, v in objects.items() if k.startswith("[JIT]"))
    kernel = objects.get("[kernel.kallsyms]", 0.0)
    rows = [("the runtime's own code (compiled WebAssembly)", jit),
            ("the kernel (page faults of fresh runtime memory, TLB shootdowns, scheduling, I/O)",
             kernel)]
    rows += [(what, share(shares, combine, fragments)) for what, combine, fragments in CATEGORIES]
    today = datetime.date.today().isoformat()
    lines = [
        f"Measured {today} on this machine (2 cores): a development node taking {args.count} "
        f"citizens' insurance applications, sampled for {args.seconds} s from the first "
        f"submission: {samples} samples at {args.frequency} Hz, {cores:.2f} of the 2 cores busy "
        f"on average.",
        "",
        "| where the node's CPU time went | share of samples |",
        "|---|---|",
    ]
    lines += [f"| {what} | {value:.1f} % |" for what, value in rows]
    lines += ["", "Shares overlap where one part runs inside another (the pool's validation "
              "includes its signature checks and storage reads)."]
    return "\n".join(lines) + "\n"


def write_report(path, body):
    begin, end = "<!-- profile-applications:begin -->", "<!-- profile-applications:end -->"
    with open(path) as f:
        text = f.read()
    section = f"{begin}\n{body}{end}"
    if begin in text and end in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("children")
    parser.add_argument("dso")
    parser.add_argument("--count", required=True)
    parser.add_argument("--seconds", required=True)
    parser.add_argument("--frequency", type=int, default=199)
    parser.add_argument("--report")
    args = parser.parse_args()
    body = table(args)
    sys.stdout.write(body)
    if args.report:
        write_report(args.report, body)


if __name__ == "__main__":
    main()
