// The workbench's governance and administration, driven in real Chromium on the four-agency
// network (tests/tests/workbench.rs starts it and serves agency 0's workbench):
//
//   node portal/tests/workbench.mjs <workbench url> <json: staff keys and files>
//
// The council (the four agencies' administrators, each in their own browser context with their
// own key file) changes the assistance parameters by a motion: one proposes, three vote aye, one
// closes; the new value is what the form then shows. The network starts on the previous release;
// the council authorises the new runtime by its hash and an administrator hands the file in,
// after a file that is not a runtime and another runtime are refused. The council retires a
// validator and admits it again, the page listing the validating agencies after each motion. The
// civil affairs administrator registers an officer and a reviewer, hashing their ID numbers in the
// browser with the identity key; the audit office's administrator registers an auditor. The
// officer signs in and sees their queue and the registration queue, and is refused the council's
// page; the auditor sees the audit desk. Every page type passes axe-core; with
// PORTAL_SCREENSHOTS=<dir> each page is saved in both languages.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { audit as auditPage, bothLanguages, fail, launch, messages, SLOW, staffSignIn } from './lib.mjs';

const [workbench, setupText] = process.argv.slice(2);
if (!workbench || !setupText) throw new Error('usage: workbench.mjs <workbench url> <setup json>');
const setup = JSON.parse(setupText);
const shots = process.env.PORTAL_SCREENSHOTS;
const work = await mkdtemp(join(tmpdir(), 'workbench-test-'));
const m = messages.en;
const zh = messages.zh;
const log = (text) => process.stderr.write(`[workbench] ${text}\n`);
const audit = (page, name) => auditPage(page, name, log);

/** Audits the page, and saves it in both languages when screenshots are asked for. */
async function checkpoint(page, name) {
  await audit(page, name);
  await bothLanguages(page, shots, name);
}

const browser = await launch();

/** A member signs in with the key file their agency gave them. */
const signIn = (uri, name, expect = 'queue') => staffSignIn(browser, { origin: workbench, uri, name, dir: work, log, expect });

/** The administrator registers a member with `role`, the ID number hashed in the browser. */
async function registerMember(admin, { uri, role, idNumber }) {
  await cryptoWaitReady();
  const address = new Keyring({ type: 'sr25519' }).addFromUri(uri).address;
  await admin.page.goto(`${workbench}/#/agency`);
  const form = admin.page.getByTestId('new-member');
  await form.getByLabel(m['agency.account']).fill(address);
  await form.getByLabel(m[`role.${role}`]).check();
  await form.getByLabel(m['field.idNumber']).fill(idNumber);
  await form.getByLabel(m['staff.reg.identityKey']).setInputFiles(setup.identityKeyFile);
  await form.getByRole('button', { name: m['agency.register'] }).click();
  await admin.page.getByTestId('agency-done').waitFor({ timeout: SLOW });
  await admin.page.locator(`[data-testid=staff] tr[data-member="${address}"]`).waitFor({ timeout: SLOW });
  log(`${admin.name} registered ${role} ${address}`);
  return address;
}

/** Each of `members` opens the council page and votes aye on the motion `card` finds there. */
async function voteAye(members, card) {
  for (const member of members) {
    await member.page.goto(`${workbench}/#/council`);
    await card(member.page).getByRole('button', { name: m['review.aye'] }).click({ timeout: SLOW });
    await card(member.page).getByText(m['review.youVoted']).waitFor({ timeout: SLOW });
    log(`${member.name} voted aye`);
  }
}

/** `member` closes the motion `card` finds on their council page, and the page says so. */
async function closeMotion(member, card) {
  await card(member.page).getByRole('button', { name: m['review.close'] }).click();
  await member.page.getByTestId('council-done').filter({ hasText: m['council.closed'] }).waitFor({ timeout: SLOW });
}

/**
 * A motion of `kind` passed by the council: the first member fills the form (`fill`) and
 * proposes it, the first three vote aye, the second closes it. `call` is the motion's call as
 * its card names it (`pallet.call`).
 */
async function passMotion([proposer, second, third], { kind, fill, call }) {
  await proposer.page.goto(`${workbench}/#/`);
  await proposer.page.goto(`${workbench}/#/council`);
  const form = proposer.page.getByTestId('new-motion');
  await form.getByLabel(m['council.kind']).selectOption({ label: m[`council.kind.${kind}`] });
  await fill(form);
  await form.getByRole('button', { name: m['council.propose'] }).click();
  await proposer.page.getByTestId('council-done').filter({ hasText: m['council.proposed'] }).waitFor({ timeout: SLOW });
  const card = (page) => page.locator('[data-testid=motions] li').filter({ hasText: call });
  await card(proposer.page).waitFor({ timeout: SLOW });
  await voteAye([proposer, second, third], card);
  await closeMotion(second, card);
  log(`${proposer.name} proposed ${call}; three voted aye and ${second.name} closed it`);
}

/** Waits until the council page of `member` lists exactly the validating agencies `ids`. */
async function validatorsShown(member, ids) {
  await member.page.goto(`${workbench}/#/`);
  await member.page.goto(`${workbench}/#/council`);
  await member.page.waitForFunction(
    (want) => {
      const shown = [...document.querySelectorAll('[data-testid=validators] li')].map((li) => li.dataset.agency);
      return shown.length === want.length && want.every((id) => shown.includes(id));
    },
    ids.map(String),
    { timeout: SLOW },
  );
}

try {
  const [alice, bob, charlie, dave] = await Promise.all(
    [['//Alice', 'alice'], ['//Bob', 'bob'], ['//Charlie', 'charlie'], ['//Dave', 'dave']].map(([uri, name]) => signIn(uri, name)),
  );

  // 1. The council changes the assistance line.
  await alice.page.goto(`${workbench}/#/council`);
  await alice.page.getByRole('heading', { level: 1, name: m['council.title'] }).waitFor();
  const motion = alice.page.getByTestId('new-motion');
  await motion.getByLabel(m['council.service']).selectOption({ label: m['service.assistance'] });
  const line = motion.getByLabel(m['param.assistanceLine'], { exact: true });
  await line.waitFor({ timeout: SLOW });
  await alice.page.waitForFunction(() => document.querySelector('#m-p-assistanceLine')?.value !== '');
  const before = await line.inputValue();
  await line.fill(String(setup.newAssistanceLine));
  await checkpoint(alice.page, 'staff-council');
  await motion.getByRole('button', { name: m['council.propose'] }).click();
  await alice.page.getByTestId('council-done').waitFor({ timeout: SLOW });
  const card = (page) => page.locator('[data-testid=motions] li').filter({ hasText: 'assistanceParameters.set' });
  await card(alice.page).waitFor({ timeout: SLOW });
  log(`alice proposed the assistance line ${setup.newAssistanceLine} (was ${before})`);
  await voteAye([alice, bob, charlie], card);
  await dave.page.goto(`${workbench}/#/council`);
  await card(dave.page).getByTestId('council-tally').filter({ hasText: '3 aye' }).waitFor({ timeout: SLOW });
  await checkpoint(dave.page, 'staff-council-motion');
  await closeMotion(bob, card);
  // The form reads the parameters afresh when the page is opened again.
  await alice.page.goto(`${workbench}/#/`);
  await alice.page.goto(`${workbench}/#/council`);
  await alice.page.getByTestId('new-motion').getByLabel(m['council.service']).selectOption({ label: m['service.assistance'] });
  await alice.page.waitForFunction((v) => document.querySelector('#m-p-assistanceLine')?.value === v, String(setup.newAssistanceLine), { timeout: SLOW });
  log('the council changed the assistance line by a motion in the workbench');
  // A runtime upgrade: the network runs the previous release (spec version 1). The motion
  // authorises the new runtime's hash; once it passes, the file is handed in on the same page.
  const upgrade = alice.page.getByTestId('new-motion');
  await upgrade.getByLabel(m['council.kind']).selectOption({ label: m['council.kind.upgrade'] });
  await upgrade.getByLabel(m['council.code']).setInputFiles(setup.identityKeyFile);
  await upgrade.getByRole('button', { name: m['council.propose'] }).click();
  await upgrade.getByRole('alert').filter({ hasText: m['council.badCode'] }).waitFor();
  log('a file that is not a runtime is refused before any motion');
  await upgrade.getByLabel(m['council.code']).setInputFiles(setup.runtimeFile);
  await upgrade.getByRole('button', { name: m['council.propose'] }).click();
  const upgradeCard = (page) => page.locator('[data-testid=motions] li').filter({ hasText: 'authorizeUpgrade' });
  await upgradeCard(alice.page).waitFor({ timeout: SLOW });
  if ((await alice.page.getByTestId('authorised-upgrade').count()) !== 0) fail('an upgrade shows as authorised before the motion passed');
  await voteAye([alice, bob, charlie], upgradeCard);
  await closeMotion(bob, upgradeCard);
  log('the council authorised the new runtime by its hash');
  const handIn = dave.page.getByTestId('authorised-upgrade');
  await dave.page.goto(`${workbench}/#/council`);
  await handIn.getByTestId('authorised-hash').filter({ hasText: setup.runtimeHash }).waitFor({ timeout: SLOW });
  await checkpoint(dave.page, 'staff-council-upgrade');
  // Another runtime than the authorised one is refused in the page (and would be by the chain).
  await handIn.getByLabel(m['council.handInFile']).setInputFiles(setup.otherRuntimeFile);
  await handIn.getByRole('button', { name: m['council.handIn'] }).click();
  await handIn.getByRole('alert').filter({ hasText: m['council.wrongCode'].split('{')[0] }).waitFor({ timeout: SLOW });
  log('a runtime other than the authorised one is refused');
  await handIn.getByLabel(m['council.handInFile']).setInputFiles(setup.runtimeFile);
  await handIn.getByRole('button', { name: m['council.handIn'] }).click();
  await handIn.getByTestId('upgrade-done').filter({ hasText: m['council.upgraded'].replace('{version}', String(setup.newSpecVersion)) }).waitFor({ timeout: SLOW });
  log(`the authorised runtime was handed in: the chain runs spec version ${setup.newSpecVersion}`);

  // Validators: the council retires agency 2's validator, and the page lists the three left; then
  // it admits it again (its administrator's node keys are still registered), last in the order.
  const council = [alice, bob, charlie];
  await validatorsShown(dave, [0, 1, 2, 3]);
  await checkpoint(dave.page, 'staff-council-validators');
  await passMotion(council, { kind: 'removeValidator', call: 'validators.removeValidator', fill: (form) => form.getByLabel(m['council.agency']).selectOption('2') });
  await validatorsShown(dave, [0, 1, 3]);
  log('the council retired agency 2\'s validator, and the page lists the three left');
  await passMotion(council, { kind: 'addValidator', call: 'validators.addValidator', fill: (form) => form.getByLabel(m['council.agency']).selectOption('2') });
  await validatorsShown(dave, [0, 1, 2, 3]);
  log('the council admitted agency 2\'s validator again');

  // 2. Administrators register their staff.
  await bob.page.goto(`${workbench}/#/agency`);
  await bob.page.getByTestId('staff').waitFor({ timeout: SLOW });
  const officer = await registerMember(bob, { uri: setup.officer, role: 'CivilAffairsOfficer', idNumber: setup.officerId });
  await registerMember(bob, { uri: setup.reviewer, role: 'DemocraticReviewMember', idNumber: setup.reviewerId });
  await checkpoint(bob.page, 'staff-agency');
  await registerMember(dave, { uri: setup.auditor, role: 'Auditor', idNumber: setup.auditorId });
  // The same ID number a second time is refused by the chain, and said so.
  await bob.page.goto(`${workbench}/#/agency`);
  const again = bob.page.getByTestId('new-member');
  await again.getByLabel(m['agency.account']).fill(new Keyring({ type: 'sr25519' }).addFromUri('//workbench//twin').address);
  await again.getByLabel(m['role.CivilAffairsOfficer']).check();
  await again.getByLabel(m['field.idNumber']).fill(setup.officerId);
  await again.getByRole('button', { name: m['agency.register'] }).click();
  await bob.page.getByRole('alert').filter({ hasText: 'registration.' }).waitFor({ timeout: SLOW });
  log('a second staff account for the same person is refused');

  // 3. The officer's workbench; the council's page is not theirs.
  const member = await signIn(setup.officer, 'civil-officer');
  if (member.address !== officer) fail('the officer signed in as someone else');
  await member.page.getByRole('link', { name: m['nav.registrations'] }).waitFor();
  if ((await member.page.getByRole('link', { name: m['nav.council'] }).count()) !== 0) fail('an officer is offered the council');
  await member.page.getByTestId('queue-count').waitFor({ timeout: SLOW });
  await checkpoint(member.page, 'staff-queue-empty');
  await member.page.goto(`${workbench}/#/registrations`);
  await member.page.getByRole('heading', { level: 1, name: m['staff.reg.title'] }).waitFor();
  await checkpoint(member.page, 'staff-registrations-empty');
  await member.page.goto(`${workbench}/#/council`);
  await member.page.getByTestId('not-council').waitFor();
  await member.page.goto(`${workbench}/#/agency`);
  await member.page.getByTestId('not-admin').waitFor();
  log('the officer is refused the council and the agency administration');

  // 4. The auditor's desk.
  const auditor = await signIn(setup.auditor, 'auditor');
  await auditor.page.getByRole('link', { name: m['nav.audit'] }).click();
  await auditor.page.getByRole('heading', { level: 1, name: m['audit.title'] }).waitFor();
  await auditor.page.locator('[data-testid=overdue], [data-testid=overdue-empty]').first().waitFor({ timeout: SLOW });
  await checkpoint(auditor.page, 'staff-audit');

  // 5. An account with no post.
  const stranger = await signIn('//workbench//stranger', 'stranger', 'no-post');
  if ((await stranger.page.getByRole('heading', { name: m['staff.queue.title'] }).count()) !== 0) fail('an account with no post reached the work queue');
  log('an account with no post, administration or seat is told so');

  console.log(`ok: the council changed a parameter and the validators, administrators registered staff, and each member saw only their own pages (${zh['app.workbench']})`);
} finally {
  await browser.close();
}
process.exit(0);
