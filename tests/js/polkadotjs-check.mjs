// Proves @polkadot/api (16.5.6) works against safetynet-node with no custom configuration:
// no custom types, no signed-extension options. Run against a development node:
//
//   node tests/js/polkadotjs-check.mjs ws://127.0.0.1:9944
//
// It signs and submits calls from Alice and from brand-new accounts with no tokens (the
// registration request carrying the proof of work the RegistrationApi asks for, computed with
// the types the metadata gives), reads storage, calls the CasesApi runtime API from metadata,
// and checks an outsider is refused.
// Exits non-zero with the reason on the first failure.

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { createHash } from 'node:crypto';
import { fail, rawCid, registrationWork, send } from './lib.mjs';

const url = process.argv[2] ?? 'ws://127.0.0.1:9944';

const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const stamp = Date.now();
const alice = keyring.addFromUri('//Alice');
const officer = keyring.addFromUri(`//polkadotjs//officer//${stamp}`);
const citizen = keyring.addFromUri(`//polkadotjs//citizen//${stamp}`);
const outsider = keyring.addFromUri(`//polkadotjs//outsider//${stamp}`);

console.log(`connected to ${(await api.rpc.system.chain()).toString()}, spec ${api.runtimeVersion.specVersion}`);

// Alice administers the development agency (id 0): she registers an officer.
const beijing = 110000000000;
const identityOf = (label) => '0x' + createHash('sha256').update(label).digest('hex');
let events = await send(
  api,
  api.tx.registration.registerStaff(officer.address, ['SocialInsuranceOfficer'], identityOf(`officer${stamp}`), beijing),
  alice,
);
if (!events.includes('registration.StaffRegistered')) fail(`no StaffRegistered in ${events}`);

// A citizen with a brand-new account (no tokens) files a registration request...
const form = {
  roles: ['InsuredEmployee'],
  idValidUntil: stamp + 5 * 365 * 24 * 3600 * 1000,
  formCid: rawCid('registration form'),
  photoCid: rawCid('photo'),
  agency: 0,
};
const work = await registrationWork(api, citizen.address, form);
events = await send(api, api.tx.registration.requestRegistration(form, work), citizen);
if (!events.includes('registration.RegistrationRequested')) fail(`no RegistrationRequested in ${events}`);

// ...and the officer (also token-less) verifies it.
// The identity hash is what the agency computes from the ID card with the consortium's key; any
// 32 bytes do for this check.
const verification = { identity: identityOf(`citizen${stamp}`), residence: 110105001001, household: [] };
events = await send(api, api.tx.registration.verifyCitizen(citizen.address, verification), officer);
if (!events.includes('registration.CitizenVerified')) fail(`no CitizenVerified in ${events}`);

const record = await api.query.registration.citizens(citizen.address);
if (record.isNone) fail('the citizen is not in storage');
console.log(`citizen registered with code ${record.unwrap().code.toString()}`);

// The citizen applies for insurance; the runtime decides at once. Insufficient balance is a
// failed automatic check, recorded on the case rather than an error.
const application = {
  agency: 0,
  formCid: rawCid('insurance form'),
  photoCid: rawCid('photo'),
  bankAccountRef: '0x' + '07'.repeat(32),
  monthlyIncome: 800000,
  paymentRatio: 80000,
  documents: [],
  salt: '0x' + '09'.repeat(32),
};
events = await send(api, api.tx.insurance.apply(application), citizen);
if (!events.includes('cases.ChecksFailed')) fail(`expected ChecksFailed, got ${events}`);

// The CasesApi runtime API, straight from the metadata.
const cases = await api.call.casesApi.casesOf(citizen.address);
if (cases.length !== 1 || cases[0].status.toString() !== 'AwaitingCorrection') {
  fail(`unexpected cases ${cases.toString()}`);
}
const view = await api.call.casesApi.case(cases[0].id);
const failed = view.unwrap().history[0].decision.asChecksFailed.map((c) => c.toString());
if (!failed.includes('InsufficientBalanceForPremium')) fail(`unexpected failed checks ${failed}`);
console.log(`case ${cases[0].id.toString()} awaits correction: ${failed.join(', ')}`);

// An outsider's transaction is refused by the pool.
try {
  await send(api, api.tx.registration.withdrawRequest(), outsider);
  fail('an outsider was let in');
} catch (e) {
  if (!String(e.message).includes('Invalid signing address')) fail(`refused for the wrong reason: ${e.message}`);
}

console.log('ok: @polkadot/api signs, submits, reads and calls runtime APIs with no custom configuration');
await api.disconnect();
process.exit(0);
