// safetynet-notifier: e-mails citizens who opted in on every change of their case's status and
// every payment, following an agency node's finalized blocks.
//
//   notifier keygen      --key-file K
//   notifier subscribe   --key-file K --data-dir D --account <ss58> --email <addr> [--lang zh|en]
//   notifier unsubscribe --key-file K --data-dir D --account <ss58>
//   notifier run         --key-file K --data-dir D --node ws://127.0.0.1:9944
//                        --smtp smtp://user:pass@host:587 --from notices@agency.example
//                        [--portal https://portal.example]
//
// A citizen gives their e-mail address to their agency off chain; the agency's staff subscribe
// it here. Addresses never reach the chain, and every file is encrypted at rest to the key file.
// Delivery: the notices of each finalized block are put in the outbox, with the block, in one
// atomic write; each is removed once the SMTP server has accepted it. A restart resumes at the
// block after the last one handled and delivers what the outbox still holds: nothing missed, and
// nothing repeated unless the process dies between the server's acceptance and the write that
// follows it (then the repeat carries the same Message-ID, so mail clients merge it).
import { ApiPromise, WsProvider } from '@polkadot/api';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import nodemailer from 'nodemailer';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { noticesOf } from './notices';
import { newKey, Vault, type Notice, type State, type Subscriber } from './store';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'key-file': { type: 'string' },
    'data-dir': { type: 'string' },
    account: { type: 'string' },
    email: { type: 'string' },
    lang: { type: 'string', default: 'zh' },
    node: { type: 'string', default: 'ws://127.0.0.1:9944' },
    smtp: { type: 'string' },
    from: { type: 'string', default: 'notices@safetynet.invalid' },
    portal: { type: 'string', default: 'http://127.0.0.1:8000' },
  },
});

function need(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    console.error(`--${name} is required (see the header of notifier/main.ts)`);
    process.exit(2);
  }
  return value;
}

const log = (text: string) => console.error(`[notifier] ${text}`);
const canonical = (account: string) => encodeAddress(decodeAddress(account), 42);

async function subscribers(vault: Vault, dir: string): Promise<Record<string, Subscriber>> {
  return vault.read(join(dir, 'subscribers.age'), {});
}

async function run(): Promise<void> {
  const dir = need('data-dir');
  await mkdir(dir, { recursive: true });
  const vault = await Vault.open(need('key-file'));
  const statePath = join(dir, 'state.age');
  const state = await vault.read<State>(statePath, { cursor: null, outbox: [] });
  const transport = nodemailer.createTransport(need('smtp'));
  const api = await ApiPromise.create({ provider: new WsProvider(need('node')), noInitWarn: true });
  const genesis = api.genesisHash.toHex();
  let stopping = false;
  let working: Promise<void> = Promise.resolve();

  const deliver = async (notice: Notice, to: Subscriber) => {
    await transport.sendMail({
      from: values.from,
      to: to.email,
      subject: notice.subject[to.lang] ?? notice.subject.zh,
      text: `${notice.body[to.lang]}\n\n${to.lang === 'zh' ? notice.body.en : notice.body.zh}\n`,
      messageId: `<${genesis.slice(2, 18)}.${notice.id}.${notice.account}@safetynet>`,
      // `<block>-<event index>`: which event of which finalized block the notice is about.
      headers: { 'X-Safetynet-Notice': notice.id },
    });
  };

  /** Delivers the outbox, then handles every finalized block after the cursor up to `head`. */
  const catchUp = async (head: number) => {
    const subs = await subscribers(vault, dir);
    const flush = async () => {
      while (state.outbox.length > 0 && !stopping) {
        const notice = state.outbox[0];
        const to = subs[notice.account];
        // An address unsubscribed since is simply not written to.
        if (to) await deliver(notice, to);
        state.outbox.shift();
        await vault.write(statePath, state);
        if (to) log(`delivered ${notice.id} to ${notice.account}`);
      }
    };
    await flush();
    if (state.cursor === null) {
      // A first start begins at the current finalized block: no mail about the past.
      state.cursor = head;
      await vault.write(statePath, state);
      log(`starting at finalized block ${head}`);
    }
    while ((state.cursor ?? head) < head && !stopping) {
      const number: number = (state.cursor ?? head) + 1;
      const hash = (await api.rpc.chain.getBlockHash(number)).toHex();
      const notices = await noticesOf(api, hash, number, (a) => a in subs, values.portal!);
      state.outbox.push(...notices);
      state.cursor = number;
      await vault.write(statePath, state);
      await flush();
    }
  };

  const unsubscribe = await api.rpc.chain.subscribeFinalizedHeads((header) => {
    const head = header.number.toNumber();
    working = working.then(() => catchUp(head)).catch((e) => log(`will retry: ${(e as Error).message}`));
  });
  log(`following ${need('node')} (chain ${genesis}); state in ${dir}`);
  const stop = async () => {
    stopping = true;
    unsubscribe();
    await working;
    await api.disconnect();
    transport.close();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  const command = positionals[0];
  if (command === 'keygen') {
    console.log(await newKey(need('key-file')));
    return;
  }
  if (command === 'subscribe' || command === 'unsubscribe') {
    const dir = need('data-dir');
    await mkdir(dir, { recursive: true });
    const vault = await Vault.open(need('key-file'));
    const subs = await subscribers(vault, dir);
    const account = canonical(need('account'));
    if (command === 'subscribe') {
      const email = need('email');
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`not an e-mail address: ${email}`);
      if (values.lang !== 'zh' && values.lang !== 'en') throw new Error('--lang is zh or en');
      subs[account] = { email, lang: values.lang };
    } else delete subs[account];
    await vault.write(join(dir, 'subscribers.age'), subs);
    console.log(`${command}d ${account}`);
    return;
  }
  if (command === 'run') return run();
  console.error('usage: notifier keygen|subscribe|unsubscribe|run … (see the header of notifier/main.ts)');
  process.exit(2);
}

main().catch((e) => {
  console.error(`[notifier] ${(e as Error).message}`);
  process.exit(1);
});
