// The citizen's key, kept in the browser and nowhere else. A new account's mnemonic is shown once;
// the key is stored encrypted under the citizen's password as a Polkadot.js JSON backup, which is
// also what they export and import. A Polkadot.js-compatible extension may hold the key instead.
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair, KeyringPair$Json } from '@polkadot/keyring/types';
import type { Signer } from '@polkadot/api/types';
import { hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';
import { bech32 } from '@scure/base';

const STORAGE = 'safetynet.account';
const SS58 = 42;

/** The signed-in citizen: an address, a way to sign, and their document key (age). */
export interface Account {
  address: string;
  name: string;
  /** Signs a transaction (extension) — or undefined when `pair` signs directly. */
  signer?: Signer;
  pair?: KeyringPair;
  /** Signs raw bytes (the gateway's challenge and the key deposits). */
  signRaw(message: Uint8Array): Promise<Uint8Array>;
  /** The citizen's own age identity: every document they file is also encrypted to it. */
  documentIdentity: string;
}

let keyring: Keyring | undefined;
async function ring(): Promise<Keyring> {
  await cryptoWaitReady();
  keyring ??= new Keyring({ type: 'sr25519', ss58Format: SS58 });
  return keyring;
}

export function storedBackup(): KeyringPair$Json | undefined {
  const text = localStorage.getItem(STORAGE);
  return text ? (JSON.parse(text) as KeyringPair$Json) : undefined;
}

export function forget(): void {
  localStorage.removeItem(STORAGE);
}

/** A new mnemonic, to show once. */
export async function newMnemonic(): Promise<string> {
  await cryptoWaitReady();
  return mnemonicGenerate(12);
}

/**
 * The age identity of an account's documents, derived from its secret key: the same backup
 * imported on another device reads the same documents. (bech32 `AGE-SECRET-KEY-1…`, as age
 * writes X25519 identities.)
 */
function documentIdentityOf(pair: KeyringPair): string {
  const secret = blake2AsU8a(u8aConcat(stringToU8a('safetynet/document-key/v1'), pair.encodePkcs8()), 256);
  return bech32.encode('AGE-SECRET-KEY-', bech32.toWords(secret), 1023).toUpperCase();
}

function fromPair(pair: KeyringPair): Account {
  return {
    address: pair.address,
    name: String(pair.meta.name ?? ''),
    pair,
    signRaw: async (message) => pair.sign(message),
    documentIdentity: documentIdentityOf(pair),
  };
}

/** Creates the account of `mnemonic`, stores it encrypted under `password` and unlocks it. */
export async function create(mnemonic: string, name: string, password: string): Promise<Account> {
  const pair = (await ring()).addFromMnemonic(mnemonic, { name }, 'sr25519');
  localStorage.setItem(STORAGE, JSON.stringify(pair.toJson(password)));
  return fromPair(pair);
}

/** Unlocks the stored account; throws when the password is wrong. */
export async function unlock(password: string): Promise<Account> {
  const backup = storedBackup();
  if (!backup) throw new Error('no account');
  const pair = (await ring()).addFromJson(backup);
  pair.decodePkcs8(password);
  return fromPair(pair);
}

/** Takes a Polkadot.js JSON backup: checks the password opens it before keeping it. */
export async function importBackup(text: string, password: string): Promise<Account> {
  const backup = JSON.parse(text) as KeyringPair$Json;
  const pair = (await ring()).addFromJson(backup);
  pair.decodePkcs8(password);
  if (pair.type !== 'sr25519') throw new Error('sr25519 only');
  localStorage.setItem(STORAGE, JSON.stringify(backup));
  return fromPair(pair);
}

/** The stored backup as a file's text. */
export function exportBackup(): string {
  const backup = storedBackup();
  if (!backup) throw new Error('no account');
  return JSON.stringify(backup, null, 2);
}

/** Accounts of a Polkadot.js-compatible extension, if one is installed and allows us. */
export async function extensionAccounts(): Promise<Account[]> {
  const dapp = await import('@polkadot/extension-dapp');
  const extensions = await dapp.web3Enable('Safety Net');
  if (extensions.length === 0) return [];
  const accounts = await dapp.web3Accounts({ accountType: ['sr25519'] });
  const result: Account[] = [];
  for (const injected of accounts) {
    const { signer } = await dapp.web3FromAddress(injected.address);
    if (!signer.signRaw) continue;
    const signRaw = async (message: Uint8Array) => {
      const { signature } = await signer.signRaw!({
        address: injected.address,
        data: u8aToHex(message),
        type: 'bytes',
      });
      return hexToU8a(signature);
    };
    // An extension never gives out its secret: the document key is kept in this browser only.
    const key = `safetynet.document-key.${injected.address}`;
    let documentIdentity = localStorage.getItem(key);
    if (!documentIdentity) {
      const { generateIdentity } = await import('age-encryption');
      documentIdentity = await generateIdentity();
      localStorage.setItem(key, documentIdentity);
    }
    result.push({
      address: injected.address,
      name: injected.meta.name ?? injected.address,
      signer,
      signRaw,
      documentIdentity,
    });
  }
  return result;
}
