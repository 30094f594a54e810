// Golden-vector generator for the IPFS "CIDv1 profile" used by
// `ipfs add --cid-version=1` (Kubo defaults): CIDv1, raw leaves, sha2-256,
// fixed-size chunker of 262144 bytes, balanced DAG layout with at most 174
// children per node, a single-chunk file's root is the raw leaf itself
// (codec raw 0x55), multi-chunk roots and inner nodes are dag-pb (0x70)
// UnixFS File nodes.
//
// Reference implementation: ipfs-unixfs-importer (Helia / js-ipfs importer,
// byte-for-byte compatible with Kubo's importer for these settings).
//
// Deterministic content generator (a Rust test regenerates the same bytes):
//
//     content(len, seed)[i] = ((i * 31 + seed * 7 + (i >> 8) + (i >> 18) * 13) & 0xff)   for 0 <= i < len
//
// Vectors with a "text" field instead of a "seed" use the UTF-8/ASCII bytes
// of that string as their content.
//
// Usage (run from tests/js after `npm ci`):
//   node cid-vectors.mjs --write <path>   compute vectors, write JSON (2-space)
//   node cid-vectors.mjs --check <path>   recompute, compare, exit 1 on mismatch
//   node cid-vectors.mjs --cid <file>     print the profile CID of a file (streamed)

import { createReadStream } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { importByteStream } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import * as dagPb from '@ipld/dag-pb' // dependency of ipfs-unixfs-importer

export const CHUNK_SIZE = 262144
export const MAX_CHILDREN = 174
const RAW_CODEC = 0x55
const DAG_PB_CODEC = 0x70

// Options equivalent to `ipfs add --cid-version=1` with Kubo defaults.
export function profileOptions () {
  return {
    cidVersion: 1,
    rawLeaves: true,
    chunker: fixedSize({ chunkSize: CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: MAX_CHILDREN }),
    reduceSingleLeafToSelf: true,
    wrapWithDirectory: false
  }
}

// byte i = ((i * 31 + seed * 7 + (i >> 8) + (i >> 18) * 13) & 0xff)
export function content (len, seed) {
  return contentRange(0, len, seed)
}

// Bytes [start, end) of content(end, seed) — used to stream large vectors.
function contentRange (start, end, seed) {
  const out = new Uint8Array(end - start)
  for (let i = start; i < end; i++) {
    out[i - start] = ((i * 31 + seed * 7 + (i >> 8) + (i >> 18) * 13) & 0xff)
  }
  return out
}

function * contentStream (len, seed, piece = 1 << 20) {
  for (let start = 0; start < len; start += piece) {
    yield contentRange(start, Math.min(len, start + piece), seed)
  }
}

// Blockstore that counts distinct blocks and keeps only dag-pb blocks
// (small) in memory, so the root's links can be inspected without holding
// the whole file.
class RecordingBlockstore {
  constructor () {
    this.seen = new Set()
    this.dagPb = new Map()
  }

  put (cid, block) {
    const key = cid.toString()
    this.seen.add(key)
    if (cid.code === DAG_PB_CODEC) this.dagPb.set(key, block)
    return cid
  }

  has (cid) {
    return this.seen.has(cid.toString())
  }

  * get (cid) {
    const block = this.dagPb.get(cid.toString())
    if (block == null) throw new Error(`block not retained: ${cid}`)
    yield block
  }
}

async function importStream (source) {
  const store = new RecordingBlockstore()
  const entry = await importByteStream(source, store, profileOptions())
  return { cid: entry.cid, store }
}

const VECTORS = [
  { name: 'empty', len: 0, seed: 1 },
  { name: 'one-byte', len: 1, seed: 2 },
  { name: 'hello-world-text', text: 'hello world\n' },
  { name: 'one-chunk-exact', len: CHUNK_SIZE, seed: 3 },
  { name: 'one-chunk-plus-one', len: CHUNK_SIZE + 1, seed: 4 },
  { name: 'three-mib-plus-17', len: 3 * 1024 * 1024 + 17, seed: 5 },
  { name: 'two-level-174-chunks-plus-one', len: MAX_CHILDREN * CHUNK_SIZE + 1, seed: 6 }
]

async function computeVector (v) {
  let source, len
  if (v.text !== undefined) {
    const bytes = new TextEncoder().encode(v.text)
    source = [bytes]
    len = bytes.length
  } else {
    source = contentStream(v.len, v.seed)
    len = v.len
  }
  const { cid, store } = await importStream(source)
  const out = { name: v.name, len }
  if (v.text !== undefined) out.text = v.text
  else out.seed = v.seed
  out.cid = cid.toString() // base32 (CIDv1 default)
  out.codec = cid.code === RAW_CODEC ? 'raw' : cid.code === DAG_PB_CODEC ? 'dag-pb' : `0x${cid.code.toString(16)}`
  out.chunks = Math.max(1, Math.ceil(len / CHUNK_SIZE))
  out.blocks = store.seen.size // distinct blocks in the DAG
  if (cid.code === DAG_PB_CODEC) {
    const root = dagPb.decode(store.dagPb.get(cid.toString()))
    out.root_links = root.Links.length
    if (len > MAX_CHILDREN * CHUNK_SIZE) {
      out.first_child = root.Links[0].Hash.toString()
      out.last_child = root.Links[root.Links.length - 1].Hash.toString()
    }
  }
  return out
}

async function computeAll () {
  const out = []
  for (const v of VECTORS) out.push(await computeVector(v))
  return out
}

async function main (argv) {
  const [mode, path] = argv
  if (path == null) {
    console.error('usage: node cid-vectors.mjs --write <path> | --check <path> | --cid <file>')
    return 2
  }
  if (mode === '--write') {
    const vectors = await computeAll()
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, JSON.stringify(vectors, null, 2) + '\n')
    for (const v of vectors) console.log(`${v.name.padEnd(32)} ${String(v.len).padStart(9)}  ${v.cid}`)
    console.log(`wrote ${vectors.length} vectors to ${path}`)
    return 0
  }
  if (mode === '--check') {
    const expected = JSON.parse(await readFile(path, 'utf8'))
    const actual = await computeAll()
    let bad = 0
    const byName = new Map(actual.map(v => [v.name, v]))
    for (const e of expected) {
      const a = byName.get(e.name)
      byName.delete(e.name)
      const ok = a != null && JSON.stringify(a) === JSON.stringify(e)
      if (!ok) bad++
      console.log(`${ok ? 'OK  ' : 'FAIL'} ${e.name.padEnd(32)} expected ${e.cid} got ${a?.cid ?? '(missing)'}`)
      if (!ok && a != null) console.log(`     expected ${JSON.stringify(e)}\n     actual   ${JSON.stringify(a)}`)
    }
    for (const a of byName.values()) {
      bad++
      console.log(`FAIL ${a.name.padEnd(32)} not present in ${path} (got ${a.cid})`)
    }
    console.log(bad === 0 ? 'all vectors match' : `${bad} mismatch(es)`)
    return bad === 0 ? 0 : 1
  }
  if (mode === '--cid') {
    const { cid } = await importStream(createReadStream(path, { highWaterMark: 1 << 20 }))
    console.log(cid.toString())
    return 0
  }
  console.error(`unknown mode ${mode}`)
  return 2
}

process.exitCode = await main(process.argv.slice(2))
