// Sharing a case's documents with an agency (docs/documents.md, "Privacy"): the case key,
// wrapped to the agency's custody recipient, is deposited at the agency's document node — the one
// behind this origin's /keys/ — signed by the applicant; then `grant_access` records the grant on
// chain (it carries no key). Staff of the agency then get the key only against an access receipt,
// which the case page lists.
import { bnToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { Account } from './account';
import { connect, submit } from './chain';
import { encrypt } from './documents';
import type { Json } from './records';

const DEPOSIT_CONTEXT = stringToU8a('safetynet/key-deposit/v1\0');

/** The custodian behind this origin: its agency and custody recipient, or undefined. */
export async function custodian(): Promise<{ agency: number; recipient: string } | undefined> {
  const answer = await fetch('/keys/custodian').catch(() => undefined);
  if (!answer?.ok) return undefined;
  const body = (await answer.json()) as Json;
  return { agency: Number(body.agency), recipient: String(body.recipient) };
}

/** Deposits version `version` of the case key with the custodian, then grants its agency. */
export async function share(account: Account, caseId: number, version: number, caseKey: string): Promise<void> {
  const custody = await custodian();
  if (!custody) throw new Error('no custodian behind this portal');
  const { api } = await connect();
  const wrapped = await encrypt(new TextEncoder().encode(caseKey.trim()), [custody.recipient]);
  const message = u8aConcat(
    DEPOSIT_CONTEXT,
    api.genesisHash.toU8a(),
    bnToU8a(caseId, { bitLength: 64, isLe: true }),
    bnToU8a(version, { bitLength: 32, isLe: true }),
    blake2AsU8a(wrapped, 256),
  );
  const signature = await account.signRaw(message);
  const answer = await fetch('/keys/deposit', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      case: caseId,
      version,
      wrapped: btoa(String.fromCharCode(...wrapped)),
      applicant: u8aToHex(account.pair?.publicKey ?? (await import('@polkadot/util-crypto')).decodeAddress(account.address)),
      signature: u8aToHex(signature),
    }),
  });
  // A key already deposited is not an error: the grant may be what is missing.
  if (!answer.ok) {
    const text = await answer.text();
    if (!/already deposited/.test(text)) throw new Error(text || String(answer.status));
  }
  await submit(api.tx.documents.grantAccess(caseId, custody.agency), account);
}

/** The agencies granted access to the case now. */
export async function grants(caseId: number): Promise<number[]> {
  const { api } = await connect();
  const entries = await api.query.documents.grants.entries(caseId);
  return entries.map(([key]) => Number(key.args[1].toString()));
}

/** The case's current key version. */
export async function keyVersion(caseId: number): Promise<number> {
  const { api } = await connect();
  return Number((await api.query.documents.caseKeyVersion(caseId)).toString());
}
