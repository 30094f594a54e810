// Case keys: one age identity per case (version 0 at filing), made in the browser. They are kept
// in this browser encrypted to the citizen's own document key, so only the citizen's unlocked
// account reads them; the documents are also encrypted to the document key itself, so a citizen
// on another device (the same backup imported) still reads everything they filed.
import { decrypt, encrypt, generateIdentity, identityToRecipient } from './documents';
import type { Account } from './account';

const storageKey = (address: string) => `safetynet.case-keys.${address}`;

type Store = Record<string, string>;

async function load(account: Account): Promise<Store> {
  const text = localStorage.getItem(storageKey(account.address));
  if (!text) return {};
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(await decrypt(bytes, [account.documentIdentity])));
}

async function save(account: Account, store: Store): Promise<void> {
  const own = await identityToRecipient(account.documentIdentity);
  const sealed = await encrypt(new TextEncoder().encode(JSON.stringify(store)), [own]);
  localStorage.setItem(storageKey(account.address), btoa(String.fromCharCode(...sealed)));
}

/** A new case key, kept under `label` until the case has its id. */
export async function newCaseKey(account: Account, label: string): Promise<string> {
  const identity = await generateIdentity();
  const store = await load(account);
  store[label] = identity;
  await save(account, store);
  return identity;
}

/** Files the key kept under `label` under the case's id. */
export async function assign(account: Account, label: string, caseId: number): Promise<void> {
  const store = await load(account);
  if (store[label]) {
    store[`case-${caseId}`] = store[label];
    delete store[label];
    await save(account, store);
  }
}

export async function caseKey(account: Account, caseId: number): Promise<string | undefined> {
  return (await load(account))[`case-${caseId}`];
}

/** The recipients a case's documents are encrypted to: the case key and the citizen. */
export async function recipients(account: Account, caseKeyIdentity: string): Promise<string[]> {
  return [await identityToRecipient(caseKeyIdentity), await identityToRecipient(account.documentIdentity)];
}
