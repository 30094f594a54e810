// What the browser tests share: the browser itself (Debian's chromium, never a downloaded one),
// the accessibility audit, screenshots in both languages, and a staff member's sign-in with the
// key file their agency hands out.

import { chromium } from 'playwright-core';
import axe from 'axe-core';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SLOW = 180_000;
export const DESK = { width: 1280, height: 900 };

/** The message files, by language. */
export const messages = {
  en: JSON.parse(await readFile(new URL('../messages/en.json', import.meta.url))),
  zh: JSON.parse(await readFile(new URL('../messages/zh.json', import.meta.url))),
};

export function fail(message) {
  throw new Error(message);
}

/** Headless Chromium from Debian's package (CHROMIUM overrides the path). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** axe-core in the page: no serious or critical WCAG 2.1 AA violation. */
export async function audit(page, name, log) {
  await page.evaluate(axe.source);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } }),
  );
  const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  if (bad.length > 0) fail(`accessibility of ${name}: ${bad.map((v) => `${v.id} (${v.nodes.map((n) => n.target).join(' ')})`).join('; ')}`);
  log(`accessibility audit passed: ${name} (${result.passes.length} rules passed)`);
}

/** Saves the page as `<name>.png` in `dir` (nothing without a directory). */
export async function screenshot(page, dir, name) {
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Saves the page in English and, through the language switch, in Chinese; back to English. */
export async function bothLanguages(page, dir, name) {
  if (!dir) return;
  await screenshot(page, dir, `${name}-en`);
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('button', { name: 'English' }).waitFor();
  await page.waitForTimeout(300);
  await screenshot(page, dir, `${name}-zh`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: '中文' }).waitFor();
}

/** The key file an agency hands a member: a Polkadot.js JSON backup of `uri`, written to `dir`.
 * Returns its path and the member's address. */
export async function keyFile(uri, name, dir) {
  await cryptoWaitReady();
  const pair = new Keyring({ type: 'sr25519' }).addFromUri(uri, { name });
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(pair.toJson('staff password')));
  return { file, address: pair.address };
}

/** Fills the import form with `file` on the welcome page of `origin`; the caller presses import. */
export async function fillImport(page, origin, file) {
  const m = messages.en;
  await page.goto(origin);
  await page.getByRole('button', { name: m['welcome.import'] }).click();
  await page.getByLabel(m['field.backupFile']).setInputFiles(file);
  await page.getByLabel(m['field.password'], { exact: true }).fill('staff password');
  return page.getByRole('button', { name: m['import.button'], exact: true });
}

/** A member signs in to the workbench at `origin` in a browser context of their own, and waits
 * for their first page: the queue, or the element with test id `expect`. */
/** A console message, with the address of the resource when it is a failed load. */
export function consoleText(msg) {
  const where = msg.location()?.url;
  return where && msg.text().startsWith('Failed to load resource') ? `${msg.text()} (${where})` : msg.text();
}

export async function staffSignIn(browser, { origin, uri, name, dir, log, expect = 'queue' }) {
  const m = messages.en;
  const context = await browser.newContext({ viewport: DESK, locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`${name}: page error: ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') log(`${name}: console error: ${consoleText(msg)}`);
  });
  const { file, address } = await keyFile(uri, name, dir);
  await (await fillImport(page, origin, file)).click();
  if (expect === 'queue') await page.getByRole('heading', { level: 1, name: m['staff.queue.title'] }).waitFor({ timeout: SLOW });
  else await page.getByTestId(expect).waitFor({ timeout: SLOW });
  return { context, page, name, address, origin };
}
