// Helpers the @polkadot/api checks share: failing with a reason, CIDs, sending, and the proof
// of work a registration request carries.

import { bnToU8a, stringToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';
import { createHash } from 'node:crypto';

export function fail(message) {
  console.error(`FAILED: ${message}`);
  process.exit(1);
}

// CIDv1, raw codec, sha2-256 of `text`: what `ipfs add --cid-version=1` gives a small file.
export function rawCid(text) {
  return '0x01551220' + createHash('sha256').update(text).digest('hex');
}

// Signs and sends `tx`, resolving with the events once it is in a block, rejecting with the
// module error's name if it failed.
export function send(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        const detail = dispatchError.isModule
          ? api.registry.findMetaError(dispatchError.asModule).name
          : dispatchError.toString();
        reject(new Error(detail));
      } else if (status.isInBlock) {
        resolve(events.map(({ event }) => `${event.section}.${event.method}`));
      }
    }).catch(reject);
  });
}

// The work a registration request carries: blake2-256 of (domain, account, block hash, form,
// nonce) with enough leading zero bits. Every piece is encoded by the API's own types.
export function leadingZeroBits(hash) {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) { bits += 8; continue; }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export async function registrationWork(api, who, form) {
  const bits = (await api.call.registrationApi.requestDifficulty()).toNumber();
  const header = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
  const formType = api.tx.registration.requestRegistration.meta.args[0].type.toString();
  const prefix = u8aConcat(
    stringToU8a('safetynet/registration-request'),
    decodeAddress(who),
    header.hash.toU8a(),
    api.createType(formType, form).toU8a(),
  );
  for (let nonce = 0; ; nonce++) {
    const hash = blake2AsU8a(u8aConcat(prefix, bnToU8a(nonce, { bitLength: 64, isLe: true })), 256);
    if (leadingZeroBits(hash) >= bits) return { block: header.number.toNumber(), nonce };
  }
}
