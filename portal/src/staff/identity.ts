// Identity hashes, as document-node/src/identity.rs defines them: HMAC-SHA-256, under the
// consortium's 32-byte identity key, of the normalized resident identity card number (18
// characters, upper case, spaces and dashes removed, GB 11643 check character verified). The
// key comes from the agency's key file and stays in this page's memory.
import { hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import { hmacSha256AsU8a } from '@polkadot/util-crypto';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/** The normalized number, or undefined when it is not a valid resident identity card number. */
export function normalize(idNumber: string): string | undefined {
  const id = idNumber.replace(/[\s-]/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return undefined;
  const sum = [...id.slice(0, 17)].reduce((acc, c, i) => acc + Number(c) * WEIGHTS[i], 0);
  return CHECKS[sum % 11] === id[17] ? id : undefined;
}

/** Reads an identity key file: 64 hex digits, an optional 0x. */
export function parseKey(text: string): Uint8Array | undefined {
  const hex = text.trim().replace(/^0x/, '');
  return /^[0-9a-fA-F]{64}$/.test(hex) ? hexToU8a(`0x${hex}`) : undefined;
}

/** The identity hash of a normalized number under `key`, as the chain keeps it (hex). */
export function identityHash(key: Uint8Array, normalized: string): string {
  return u8aToHex(hmacSha256AsU8a(key, stringToU8a(normalized)));
}

/** The key files a verifier or administrator gave this page, for as long as it is open. */
export const loadedKeys: { agency?: string; identity?: Uint8Array } = {};
