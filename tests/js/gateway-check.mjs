// Proves @polkadot/api (16.5.6) works through the citizen gateway with no custom configuration,
// and that the gateway keeps a citizen to their own records:
//
//   node tests/js/gateway-check.mjs ws://127.0.0.1:<gateway port>
//
// A brand-new citizen key connects, is refused its own records until it signs in, signs the
// gateway's challenge, files a registration request signed by itself (with the proof of work,
// computed from the metadata's types), and reads its pending request back. Another account's
// records, the block's events and someone else's transaction are refused with the gateway's
// named errors. Exits non-zero with the reason on the first failure.

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { fail, rawCid, registrationWork } from './lib.mjs';

const url = process.argv[2] ?? 'ws://127.0.0.1:9950';
const NOT_SIGNED_IN = -32040;
const NOT_YOURS = -32041;
const NOT_OFFERED = -32042;

// Resolves once `tx` is in a block. Through the gateway the block's events are not readable,
// so the outcome is read from the citizen's own storage afterwards.
function submit(tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status }) => {
      if (status.isInBlock) resolve(status.asInBlock.toHex());
      if (status.isInvalid || status.isDropped) reject(new Error(status.toString()));
    }).catch(reject);
  });
}

// Runs `promise`, which must fail with gateway error `code`.
async function refused(what, code, promise) {
  try {
    await promise;
  } catch (e) {
    const text = String(e.message ?? e);
    if (text.includes(String(code))) return text;
    fail(`${what} failed, but not with ${code}: ${text}`);
  }
  fail(`${what} was not refused`);
}

const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const stamp = Date.now();
const citizen = keyring.addFromUri(`//gateway//citizen//${stamp}`);
const alice = keyring.addFromUri('//Alice');
console.log(`connected through the gateway to ${(await api.rpc.system.chain()).toString()}`);

// Before signing in, a citizen's own records are closed; public parameters are open.
await refused(
  'reading before signing in',
  NOT_SIGNED_IN,
  api.rpc.state.getStorage(api.query.registration.pendingRequests.key(citizen.address)),
);
const cost = await api.query.registration.requestCostParams();
console.log(`public parameter readable: request cost ${cost.toString()}`);

// Sign in: the gateway's challenge, signed with the citizen's key.
const challenge = (await provider.send('gateway_challenge', [])).toString();
const signature = u8aToHex(citizen.sign(stringToU8a(challenge)));
const who = await provider.send('gateway_login', [citizen.address, signature]);
if (who !== citizen.address) fail(`signed in as ${who}, not ${citizen.address}`);
console.log(`signed in as ${who}`);

// The citizen files a registration request, signed by their own key, through the gateway.
const form = {
  roles: ['InsuredEmployee'],
  idValidUntil: stamp + 5 * 365 * 24 * 3600 * 1000,
  formCid: rawCid(`registration form ${stamp}`),
  photoCid: rawCid(`photo ${stamp}`),
  agency: 0,
};
const work = await registrationWork(api, citizen.address, form);
const block = await submit(api.tx.registration.requestRegistration(form, work), citizen);
const pending = await api.query.registration.pendingRequests(citizen.address);
if (pending.isNone) fail(`the request submitted in ${block} is not pending`);
console.log(`registration request pending, in block ${block}`);

// Someone else's records, everyone's events, and a transaction signed by another key: refused.
// (Refusals are checked on the raw RPC: a refused `api.query` retries as a subscription in the
// background, whose error would surface later as an unhandled rejection.)
const read = (key) => api.rpc.state.getStorage(key);
await refused('reading another account', NOT_YOURS, read(api.query.system.account.key(alice.address)));
// Why a request was turned down is the requester's to read, nobody else's.
await read(api.query.registration.rejections.key(citizen.address));
await refused('reading another account\'s rejection', NOT_YOURS, read(api.query.registration.rejections.key(alice.address)));
await refused('reading the events', NOT_OFFERED, read(api.query.system.events.key()));
await refused('reading a block body', NOT_OFFERED, api.rpc.chain.getBlock());
// Signed offline (given nonce, immortal): the gateway will not tell this connection Alice's
// nonce.
const foreign = await api.tx.registration.withdrawRequest().signAsync(alice, { nonce: 0, era: 0 });
await refused('submitting another key\'s transaction', NOT_YOURS, api.rpc.author.submitExtrinsic(foreign));

console.log('ok: @polkadot/api signs in, submits and reads its own records through the gateway');
await api.disconnect();
process.exit(0);
