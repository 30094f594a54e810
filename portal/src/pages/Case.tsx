// One case, as its applicant follows it: every step (who, in which role, when, what was
// decided), the current step's deadline, payments and arrears, the sealed approval (download it,
// or drop a file to check it), and every access to its documents. The applicant can withdraw
// before approval, and object during a public notice.
import { useEffect, useState } from 'preact/hooks';
import type { Account } from '../account';
import { blockMillis, bestNumber, connect, submit } from '../chain';
import { cidFromChain, cidToChain, decrypt, download, encrypt, upload } from '../documents';
import * as casekeys from '../casekeys';
import * as custody_ from '../custody';
import { t, yuan, type Key } from '../i18n';
import * as records from '../records';
import { verify, type Verdict } from '../seal';
import { serviceByChainName } from '../services';
import { blockTime, ErrorText, Field } from './ui';
import { Documents, Receipts, Timeline } from './caseParts';

export function CasePage({ account, id }: { account: Account; id: number }) {
  const [view, setView] = useState<records.Json | null | undefined>();
  const [best, setBest] = useState(0);
  const [millis, setMillis] = useState(6000);
  const [pay, setPay] = useState<{ schedule: records.Json; records: records.Json[] } | undefined>();
  const [seal, setSeal] = useState<records.Json | undefined>();
  const [receipts, setReceipts] = useState<records.Json[]>([]);
  const [error, setError] = useState('');
  const [agencyNames, setAgencyNames] = useState(new Map<number, string>());

  const load = async () => {
    try {
      const v = await records.caseView(id);
      setView(v ?? null);
      if (!v) return;
      setBest(await bestNumber());
      setMillis(await blockMillis());
      setPay(await records.payments(id));
      setSeal(await records.seal(id));
      const list = await records.receipts(id);
      setReceipts(list);
      const ids = new Set<number>([v.case.agency, ...v.history.flatMap((r: records.Json) => (r.actor?.staff ? [r.actor.staff.agency] : [])), ...list.map((r) => r.agency)]);
      const named = new Map<number, string>();
      for (const a of ids) named.set(a, await records.agencyName(a));
      setAgencyNames(named);
    } catch (e) {
      setError(t('error.notYours'));
      setView(null);
    }
  };
  useEffect(() => {
    load();
    const timer = setInterval(load, 4000);
    return () => clearInterval(timer);
  }, [id]);

  if (view === undefined) return <p>{t('common.loading')}</p>;
  if (view === null) return <p role="alert" data-testid="case-error">{error || t('error.notYours')}</p>;
  const c = view.case;
  const spec = serviceByChainName(c.service);
  const overdue = c.due !== null && c.due !== undefined && best > c.due;
  const when = (block: number) => blockTime(block, best, millis);

  const open = (cid: string) => <OpenDocument account={account} id={id} cid={cid} />;
  return (
    <>
      <h1>{t('case.title', { id, service: spec ? t(spec.title) : c.service })}</h1>
      <dl class="facts">
        <dt>{t('case.status')}</dt>
        <dd data-testid="case-status">{t(`status.${c.status}` as Key)}</dd>
        <dt>{t('case.step')}</dt>
        <dd data-testid="case-step">{t(`step.${c.step}` as Key)}</dd>
        <dt>{t('case.agency')}</dt>
        <dd>{agencyNames.get(c.agency) ?? c.agency}</dd>
        {c.due !== null && c.due !== undefined && (
          <>
            <dt>{t('case.deadline')}</dt>
            <dd data-testid="case-deadline" class={overdue ? 'overdue' : ''}>
              {when(c.due)} {overdue ? t('case.overdue') : t('case.inTime')}
            </dd>
          </>
        )}
      </dl>
      <Actions account={account} id={id} view={view} onDone={load} />
      <Timeline history={view.history} names={agencyNames} when={when} open={open} />
      <Documents documents={c.documents} open={open} />
      {pay && <Payments pay={pay} when={when} />}
      {seal && <Seal id={id} seal={seal} />}
      <Sharing account={account} id={id} agency={c.agency} />
      <Receipts receipts={receipts} title="case.receipts" agencyName={(a) => agencyNames.get(a) ?? String(a)} when={when} />
    </>
  );
}

/** Fetches `cid`, decrypts it in the browser with the case key or the citizen's own key, and
 * saves the plain file. */
function OpenDocument({ account, id, cid }: { account: Account; id: number; cid: string }) {
  const [failed, setFailed] = useState(false);
  const open = async () => {
    setFailed(false);
    try {
      const key = await casekeys.caseKey(account, id);
      const identities = key ? [key, account.documentIdentity] : [account.documentIdentity];
      const plain = await decrypt(await download(cid), identities);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([plain as Uint8Array<ArrayBuffer>]));
      link.download = `case-${id}-${cid}`;
      link.click();
    } catch (e) {
      console.error(e);
      setFailed(true);
    }
  };
  return (
    <>
      <button type="button" class="link" onClick={open} aria-label={t('documents.openLabel', { cid })}>
        {t('documents.open')}
      </button>
      {failed && <span class="error" role="alert"> {t('documents.cannotOpen')}</span>}
    </>
  );
}

/** Which agencies may open the case's documents, and granting the agency the case was filed with,
 * through that agency's key custodian (which this portal must reach, and which must be the one the
 * agency registered on chain). */
function Sharing({ account, id, agency }: { account: Account; id: number; agency: number }) {
  const [granted, setGranted] = useState<number[]>([]);
  const name = useAgencyNames([...granted, agency]);
  const [reachable, setReachable] = useState(false);
  const [wrongCustodian, setWrongCustodian] = useState(false);
  const [hasKey, setHasKey] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const load = async () => {
    setGranted(await custody_.grants(id));
    try {
      setReachable(!!(await custody_.custodian(agency)));
    } catch (e) {
      if (!(e instanceof custody_.WrongCustodian)) throw e;
      setReachable(false);
      setWrongCustodian(true);
    }
    setHasKey(!!(await casekeys.caseKey(account, id)));
  };
  useEffect(() => {
    load().catch(() => undefined);
  }, [id]);
  const share = async () => {
    setBusy(true);
    setError('');
    try {
      const key = await casekeys.caseKey(account, id);
      await custody_.share(account, id, agency, await custody_.keyVersion(id), key!);
      await load();
    } catch (e) {
      setError(t('error.submit', { reason: String((e as Error).message) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="sharing-title">
      <h2 id="sharing-title">{t('sharing.title')}</h2>
      <p data-testid="grants">
        {granted.length === 0 ? t('sharing.none') : t('sharing.granted', { agencies: granted.map(name).join(', ') })}
      </p>
      {reachable && hasKey && !granted.includes(agency) && (
        <button type="button" disabled={busy} onClick={share}>
          {t('sharing.share', { agency: name(agency) })}
        </button>
      )}
      <p class="help">{t('sharing.explain')}</p>
      {wrongCustodian && <ErrorText text={t('sharing.wrongCustodian', { agency: name(agency) })} />}
      <ErrorText text={error} />
    </section>
  );
}

function Payments({ pay, when }: { pay: { schedule: records.Json; records: records.Json[] }; when: (b: number) => string }) {
  const s = pay.schedule;
  const premium = s.kind === 'Premium';
  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title">{premium ? t('case.premiums') : t('case.benefits')}</h2>
      <p>{t(premium ? 'case.premiumAmount' : 'case.benefitAmount', { amount: yuan(s.amount) })}</p>
      {BigInt(s.arrears) > 0n && <p class="overdue" data-testid="arrears">{t('case.arrears', { amount: yuan(s.arrears) })}</p>}
      <table data-testid="payments">
        <caption class="visually-hidden">{premium ? t('case.premiums') : t('case.benefits')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('case.paymentNo')}</th>
            <th scope="col">{t('case.when')}</th>
            <th scope="col">{t('case.amount')}</th>
            <th scope="col">{t('case.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {pay.records.map((r) => (
            <tr key={r.seq}>
              <td>{r.seq}</td>
              <td>{when(r.at)}</td>
              <td>{yuan(r.amount)}</td>
              <td>{t(premium ? `outcome.premium.${r.outcome}` as Key : `outcome.${r.outcome}` as Key)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The public names of agencies `ids`, for display (an agency's number until its name is read). */
function useAgencyNames(ids: number[]): (id: number) => string {
  const [names, setNames] = useState(new Map<number, string>());
  const wanted = [...new Set(ids)].sort((a, b) => a - b).join(',');
  useEffect(() => {
    const list = wanted ? wanted.split(',').map(Number) : [];
    Promise.all(list.map(async (a) => [a, await records.agencyName(a)] as const))
      .then((pairs) => setNames(new Map(pairs)))
      .catch(() => undefined);
  }, [wanted]);
  return (id) => names.get(id) ?? String(id);
}

function Seal({ id, seal }: { id: number; seal: records.Json }) {
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const name = useAgencyNames([seal.agency]);
  const [checking, setChecking] = useState(false);
  const cid = cidFromChain(seal.record);
  const check = async (file: File | undefined) => {
    if (!file) return;
    setChecking(true);
    setVerdict(await verify(id, new Uint8Array(await file.arrayBuffer())));
    setChecking(false);
  };
  const save = async () => {
    const bytes = await download(cid);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/json' }));
    link.download = `approval-case-${id}.json`;
    link.click();
  };
  return (
    <section aria-labelledby="seal-title">
      <h2 id="seal-title">{t('seal.title')}</h2>
      <p>{t('seal.explain', { agency: name(seal.agency), block: seal.sealedAt })}</p>
      <button type="button" onClick={save}>{t('seal.download')}</button>
      <div
        class="drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => { e.preventDefault(); check(e.dataTransfer?.files[0]); }}
      >
        <Field id="seal-file" label={t('seal.check')} help={t('seal.dropHelp')}>
          <input id="seal-file" type="file" onChange={(e) => check(e.currentTarget.files?.[0])} />
        </Field>
      </div>
      {checking && <p role="status">{t('common.loading')}</p>}
      {verdict && (
        <p role="alert" data-testid="seal-verdict" class={verdict.ok ? 'good' : 'error'}>
          {verdict.ok ? t('seal.valid', { agency: name(verdict.agency), block: verdict.block }) : t(`seal.invalid.${verdict.reason}` as Key, { status: verdict.status ?? '' })}
        </p>
      )}
    </section>
  );
}

function Actions({ account, id, view, onDone }: { account: Account; id: number; view: records.Json; onDone: () => void }) {
  const [objection, setObjection] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const c = view.case;
  const canWithdraw = ['AwaitingCorrection', 'InReview'].includes(c.status);
  const inNotice = c.step === 'PublicNotice';
  const withdraw = async () => {
    if (!confirm(t('case.withdrawConfirm'))) return;
    const { api } = await connect();
    try {
      await submit(api.tx.cases.withdraw(id), account);
      setMessage(t('case.withdrawn'));
      onDone();
    } catch (e) {
      setError(t('error.submit', { reason: String((e as Error).message) }));
    }
  };
  const object = async (e: Event) => {
    e.preventDefault();
    const key = await casekeys.caseKey(account, id);
    const to = key ? await casekeys.recipients(account, key) : [];
    if (to.length === 0) return setError(t('error.noCaseKey'));
    const { api } = await connect();
    try {
      const cid = await upload(await encrypt(new TextEncoder().encode(objection), to));
      await submit(api.tx.minimumLiving.object(id, cidToChain(cid)), account);
      setMessage(t('case.objected'));
      onDone();
    } catch (err) {
      setError(t('error.submit', { reason: String((err as Error).message) }));
    }
  };
  if (!canWithdraw && !inNotice && c.status !== 'AwaitingCorrection') return null;
  const spec = serviceByChainName(c.service);
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{t('case.actions')}</h2>
      {c.status === 'AwaitingCorrection' && spec && <p><a href={`#/apply/${spec.id}`}>{t('case.correct')}</a></p>}
      {canWithdraw && <button type="button" onClick={withdraw}>{t('case.withdraw')}</button>}
      {inNotice && (
        <form onSubmit={object}>
          <Field id="objection" label={t('case.objection')} help={t('case.objectionHelp')}>
            <textarea id="objection" required value={objection} onInput={(e) => setObjection(e.currentTarget.value)} />
          </Field>
          <button type="submit">{t('case.object')}</button>
        </form>
      )}
      {message && <p role="status">{message}</p>}
      <ErrorText text={error} />
    </section>
  );
}
