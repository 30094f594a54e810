// The notifier's files, every one encrypted at rest with age to the notifier's own identity (a
// key file kept apart from the data directory, e.g. in the agency's secrets store): the opt-ins
// (account → e-mail address and language) and the state (the last finalized block handled and
// the notices not yet delivered). Writes go to a temporary file that is then renamed, so a
// crash leaves either the old or the new file, never half of one.
import { Decrypter, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';

export interface Subscriber {
  email: string;
  lang: 'en' | 'zh';
}

export interface Notice {
  /** `<block>-<event index>`: what makes a notice the same notice across restarts. */
  id: string;
  account: string;
  subject: { en: string; zh: string };
  body: { en: string; zh: string };
}

export interface State {
  /** The last finalized block whose notices are in the outbox (or delivered). */
  cursor: number | null;
  outbox: Notice[];
}

export async function newKey(path: string): Promise<string> {
  if (existsSync(path)) throw new Error(`${path} exists: refusing to replace a key`);
  const identity = await generateIdentity();
  await writeFile(path, `${identity}\n`, { mode: 0o600 });
  return identityToRecipient(identity);
}

export class Vault {
  private constructor(private identity: string) {}

  static async open(keyFile: string): Promise<Vault> {
    const identity = (await readFile(keyFile, 'utf8')).split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'));
    if (!identity) throw new Error(`${keyFile} holds no age identity (make one with \`keygen\`)`);
    return new Vault(identity.trim());
  }

  async read<T>(path: string, empty: T): Promise<T> {
    if (!existsSync(path)) return empty;
    const d = new Decrypter();
    d.addIdentity(this.identity);
    return JSON.parse(await d.decrypt(await readFile(path), 'text')) as T;
  }

  async write(path: string, value: unknown): Promise<void> {
    const e = new Encrypter();
    e.addRecipient(await identityToRecipient(this.identity));
    const sealed = await e.encrypt(JSON.stringify(value));
    await writeFile(`${path}.tmp`, sealed, { mode: 0o600 });
    await rename(`${path}.tmp`, path);
  }
}
