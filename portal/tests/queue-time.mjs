// The work queue's speed as a case worker meets it, in real Chromium:
//
//   node portal/tests/queue-time.mjs <workbench url> <staff secret URI> <expected cases>
//
// Signs in with a key file made from the URI (as the agency hands it out), and measures the time
// to the first row of the queue: from pressing "import" (the account's roles and the queue read
// over the node's RPC), as the queue page itself counts it, after going away and coming back,
// after a search by case id, and to the next page. Prints the times as JSON on stdout; used by
// `scripts/load-queue.sh` (tests/src/bin/load_queue.rs).

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillImport, keyFile, launch, messages } from './lib.mjs';

const [workbench, uri, expected] = process.argv.slice(2);
if (!workbench || !uri || !expected) throw new Error('usage: queue-time.mjs <workbench url> <secret uri> <expected cases>');
const m = messages.en;
const log = (text) => process.stderr.write(`[queue] ${text}\n`);
const LONG = 600_000;

const { file } = await keyFile(uri, 'officer', await mkdtemp(join(tmpdir(), 'queue-time-')));
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })).newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  const importButton = await fillImport(page, workbench, file);
  const firstRow = page.locator('[data-testid=queue] tbody tr').first();
  let begun = Date.now();
  await importButton.click();
  await firstRow.waitFor({ timeout: LONG });
  const signInToFirstRowMs = Date.now() - begun;
  const count = await page.getByTestId('queue-count').textContent();
  if (!count.replace(/\D/g, ' ').split(' ').includes(String(expected))) throw new Error(`the queue says "${count}", not ${expected} cases`);
  const pageFirstRowMs = Number(await page.getByTestId('queue-count').getAttribute('data-first-row-ms'));
  log(`first row ${signInToFirstRowMs} ms after sign-in (${count})`);

  // Away (the registrations page) and back.
  await page.goto(`${workbench}/#/registrations`);
  await page.getByRole('heading', { level: 1, name: m['staff.reg.title'] }).waitFor({ timeout: LONG });
  begun = Date.now();
  await page.goto(`${workbench}/#/`);
  await firstRow.waitFor({ timeout: LONG });
  const backToFirstRowMs = Date.now() - begun;

  // A search by the id of the last case in the list (the list is oldest first, ids in a row).
  const lastId = Number(await firstRow.getAttribute('data-case')) + Number(expected) - 1;
  begun = Date.now();
  await page.getByLabel(m['staff.queue.search']).fill(String(lastId));
  await page.locator(`[data-testid=queue] tr[data-case="${lastId}"]`).waitFor({ timeout: LONG });
  const searchMs = Date.now() - begun;
  await page.getByLabel(m['staff.queue.search']).fill('');

  // The next page.
  const first = await firstRow.getAttribute('data-case');
  begun = Date.now();
  await page.getByRole('button', { name: m['staff.queue.next'] }).click();
  await page.locator(`[data-testid=queue] tbody tr:first-child:not([data-case="${first}"])`).waitFor({ timeout: LONG });
  const nextPageMs = Date.now() - begun;

  console.log(JSON.stringify({ signInToFirstRowMs, pageFirstRowMs, backToFirstRowMs, searchMs, nextPageMs }));
} finally {
  await browser.close();
}
