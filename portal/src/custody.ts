// Sharing a case's documents with an agency (docs/documents.md, "Privacy"): the case key,
// wrapped to the agency's custody recipient, is deposited at the agency's document node, signed
// by the applicant; then `grant_access` records the grant on chain (it carries no key). Staff of
// the agency then get the key only against an access receipt, which the case page lists.
//
// Each agency's custodian answers on this origin at /agencies/<agency>/keys/ (the web server's
// `--custodian`), so a portal in front of a four-agency network reaches every agency's. The
// custodian's recipient must be the one the agency registered on chain: a proxy that sent the
// citizen to another node would otherwise receive their case key.
import { bnToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { Account } from './account';
import { connect, submit } from './chain';
import { encrypt } from './documents';
import { agencyRecipient, type Json } from './records';

const DEPOSIT_CONTEXT = stringToU8a('safetynet/key-deposit/v1\0');

/** Where agency `agency`'s custodian answers on this origin. */
const keysPath = (agency: number) => `/agencies/${agency}/keys`;

/** A custodian that is not the one the agency registered on chain. */
export class WrongCustodian extends Error {}

/** Agency `agency`'s custodian and its custody recipient, or undefined when the agency registered
 * none or this portal does not reach it. Throws `WrongCustodian` when the one it reaches is not
 * the agency's registered one (custodian key and recipient). */
export async function custodian(agency: number): Promise<{ agency: number; recipient: string } | undefined> {
  const { api } = await connect();
  const registered = (await api.query.documents.custodians(agency)) as Json;
  if (!registered.isSome) return undefined;
  const answer = await fetch(`${keysPath(agency)}/custodian`).catch(() => undefined);
  if (!answer?.ok) return undefined;
  const body = (await answer.json().catch(() => ({}))) as Json;
  const recipient = String(body.recipient ?? '');
  const key = String(body.custodian ?? '').replace(/^0x/, '').toLowerCase();
  if (
    Number(body.agency) !== agency ||
    key !== registered.unwrap().toHex().replace(/^0x/, '') ||
    !recipient ||
    recipient !== (await agencyRecipient(agency))
  ) {
    throw new WrongCustodian(`the key custodian reached for agency ${agency} is not the one it registered`);
  }
  return { agency, recipient };
}

/** Deposits version `version` of the case key with agency `agency`'s custodian, then grants the
 * agency access. */
export async function share(account: Account, caseId: number, agency: number, version: number, caseKey: string): Promise<void> {
  const custody = await custodian(agency);
  if (!custody) throw new Error(`this portal reaches no key custodian of agency ${agency}`);
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
  const answer = await fetch(`${keysPath(agency)}/deposit`, {
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
  await submit(api.tx.documents.grantAccess(caseId, agency), account);
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
