// Documents leave the browser only encrypted (age, X25519): to the case key and to the citizen's
// own document key, or for a registration to the registering agency. They are added to the
// document node behind this origin (/api/v0/add) and cited on chain by CID. The CID profile is
// the one every part of the system uses: CIDv1, raw leaves, 256 KiB chunks, sha2-256.
import { Decrypter, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { importBytes } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { CID } from 'multiformats/cid';
import { u8aToHex, hexToU8a } from '@polkadot/util';

/** Encrypts `plain` to every recipient in `recipients` (age1…). */
export async function encrypt(plain: Uint8Array, recipients: string[]): Promise<Uint8Array> {
  const e = new Encrypter();
  for (const r of recipients) e.addRecipient(r);
  return e.encrypt(plain);
}

/** Decrypts `cipher` with any of `identities` (AGE-SECRET-KEY-1…). */
export async function decrypt(cipher: Uint8Array, identities: string[]): Promise<Uint8Array> {
  const d = new Decrypter();
  for (const i of identities) d.addIdentity(i);
  return d.decrypt(cipher);
}

export { generateIdentity, identityToRecipient };

/** Adds `bytes` to the document node; returns the CID it answers, checked against our own. */
export async function upload(bytes: Uint8Array): Promise<string> {
  const body = new FormData();
  body.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'document');
  const answer = await fetch('/api/v0/add?cid-version=1&pin=true', { method: 'POST', body });
  if (!answer.ok) throw new Error(`${answer.status} ${await answer.text()}`);
  const { Hash } = (await answer.json()) as { Hash: string };
  const expected = await profileCid(bytes);
  if (Hash !== expected) throw new Error(`the document node answered ${Hash}, not ${expected}`);
  return Hash;
}

/** Reads a document by CID through this origin's IPFS gateway. */
export async function download(cid: string): Promise<Uint8Array> {
  const answer = await fetch(`/ipfs/${cid}`);
  if (!answer.ok) throw new Error(`${answer.status} ${await answer.text()}`);
  return new Uint8Array(await answer.arrayBuffer());
}

/** The profile CID of `bytes`, computed here as the document nodes and `ipfs add` compute it. */
export async function profileCid(bytes: Uint8Array): Promise<string> {
  const blocks = new Map<string, Uint8Array>();
  const blockstore = {
    put: async (cid: CID, block: Uint8Array) => {
      blocks.set(cid.toString(), block);
      return cid;
    },
  };
  const entry = await importBytes(bytes, blockstore as never, {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: 262144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
  });
  return entry.cid.toString();
}

/** A CID as the chain keeps it (its binary form, hex). */
export function cidToChain(cid: string): string {
  return u8aToHex(CID.parse(cid).bytes);
}

/** A CID the chain keeps, in its text form. */
export function cidFromChain(hex: string): string {
  return CID.decode(hexToU8a(hex)).toString();
}

/** 32 random bytes (a form's salt). */
export function randomSalt(): string {
  return u8aToHex(crypto.getRandomValues(new Uint8Array(32)));
}
