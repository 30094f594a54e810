// A case's documents as staff reach them (docs/documents.md, "Privacy"). Opening one leaves an
// access receipt on chain first (`documents.record_access`); the agency's custodian (the
// document node behind this origin's /keys/) then releases the case key, wrapped to the staff
// member's own age recipient, against that receipt and their signature. The key is kept in this
// page's memory only. What staff write into a case (reports, findings, conclusions) is encrypted
// here before it leaves the browser: to the case key when they hold it (so the applicant reads
// it too), to their agency's recipient, and to themselves.
import { bnToU8a, compactAddLength, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import type { Account } from '../account';
import { connect, submitChecked } from '../chain';
import { cidToChain, decrypt, download, encrypt, identityToRecipient, upload } from '../documents';
import { agencyRecipient, type Json } from '../records';

const OPEN_CONTEXT = stringToU8a('safetynet/key-open/v1\0');

/** Case keys released to this page, by case. */
const released = new Map<number, string>();

export function heldKey(caseId: number): string | undefined {
  return released.get(caseId);
}

/** Records the access to `cid` on chain and returns the receipt's number. */
async function receipt(account: Account, caseId: number, cid: string): Promise<number> {
  const { api } = await connect();
  const block = await submitChecked(api.tx.documents.recordAccess(caseId, cidToChain(cid)), account);
  const events = (await (await api.at(block)).query.system.events()) as Json;
  for (const { event } of events) {
    if (!api.events.documents.DocumentAccessed.is(event)) continue;
    const data = event.data as Json;
    if (Number(data.case.toString()) === caseId && data.staff.eq(account.address)) return Number(data.receipt.toString());
  }
  throw new Error('no DocumentAccessed event for this access');
}

/** Asks the custodian for the case key against receipt `n`. */
async function release(account: Account, caseId: number, n: number): Promise<string> {
  const { api } = await connect();
  const recipient = await identityToRecipient(account.documentIdentity);
  const message = u8aConcat(
    OPEN_CONTEXT,
    api.genesisHash.toU8a(),
    bnToU8a(caseId, { bitLength: 64, isLe: true }),
    bnToU8a(n, { bitLength: 32, isLe: true }),
    compactAddLength(stringToU8a(recipient)),
  );
  const answer = await fetch('/keys/open', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      case: caseId,
      receipt: n,
      recipient,
      staff: u8aToHex(decodeAddress(account.address)),
      signature: u8aToHex(await account.signRaw(message)),
    }),
  });
  if (!answer.ok) throw new Error((await answer.text()) || String(answer.status));
  const { key } = (await answer.json()) as { key: string };
  const wrapped = Uint8Array.from(atob(key), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(await decrypt(wrapped, [account.documentIdentity])).trim();
}

/** Opens document `cid` of the case: a receipt, the key (once per case), then the plain bytes. */
export async function open(account: Account, caseId: number, cid: string): Promise<Uint8Array> {
  const n = await receipt(account, caseId, cid);
  if (!released.has(caseId)) released.set(caseId, await release(account, caseId, n));
  return decrypt(await download(cid), [released.get(caseId)!, account.documentIdentity]);
}

/** Encrypts what a staff member writes into the case and adds it; returns the chain's CID. */
export async function write(account: Account, caseId: number, agency: number, text: string, file?: File): Promise<string> {
  const recipients = [await identityToRecipient(account.documentIdentity)];
  const key = released.get(caseId);
  if (key) recipients.push(await identityToRecipient(key));
  const ours = await agencyRecipient(agency);
  if (ours) recipients.push(ours);
  const body = file ? JSON.stringify({ text, file: file.name, content: btoa(String.fromCharCode(...new Uint8Array(await file.arrayBuffer()))) }) : text;
  return cidToChain(await upload(await encrypt(new TextEncoder().encode(body), recipients)));
}
