// Checking a sealed approval in the browser, as `safetynet-docs verify` does on the command line:
// the file must be exactly the record the chain's seal names (its profile CID), the record must
// name this chain and this case, and the seal's signature must verify over the seal message with
// the key the seal records.
import { stringToU8a, u8aConcat } from '@polkadot/util';
import { signatureVerify } from '@polkadot/util-crypto';
import { connect } from './chain';
import { cidFromChain, profileCid } from './documents';
import * as records from './records';

/** What precedes the record's bytes in what the agency's seal key signs. */
const SEAL_CONTEXT = stringToU8a('safetynet/approval-seal/v2\0');

export type Verdict =
  | { ok: true; agency: number; block: number; status: string }
  | { ok: false; reason: 'noSeal' | 'modified' | 'otherChain' | 'otherCase' | 'badSignature' | 'notInForce'; status?: string };

export async function verify(caseId: number, file: Uint8Array): Promise<Verdict> {
  const seal = await records.seal(caseId);
  if (!seal) return { ok: false, reason: 'noSeal' };
  if ((await profileCid(file)) !== cidFromChain(seal.record)) return { ok: false, reason: 'modified' };
  let record: { chain?: string; case?: number };
  try {
    record = JSON.parse(new TextDecoder().decode(file));
  } catch {
    return { ok: false, reason: 'modified' };
  }
  const { api } = await connect();
  if (record.chain !== api.genesisHash.toHex()) return { ok: false, reason: 'otherChain' };
  if (record.case !== caseId) return { ok: false, reason: 'otherCase' };
  const message = u8aConcat(SEAL_CONTEXT, file);
  if (!signatureVerify(message, seal.signature, seal.key).isValid) return { ok: false, reason: 'badSignature' };
  const view = await records.caseView(caseId);
  const status = String(view?.case.status ?? 'unknown');
  if (status !== 'Active') return { ok: false, reason: 'notInForce', status };
  return { ok: true, agency: seal.agency, block: seal.sealedAt, status };
}
