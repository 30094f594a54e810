// One case as staff see it: refused outright when it is not theirs to see; otherwise its facts,
// who it waits for, the steps the member may take now (or why not), the democratic review's
// motion, the documents (each opened against an access receipt), the history, the payments,
// the seal and every access receipt.
import { useEffect, useState } from 'preact/hooks';
import type { Account } from '../../account';
import { bestNumber, blockMillis, connect } from '../../chain';
import { cidFromChain, download } from '../../documents';
import { verify, type Verdict } from '../../seal';
import { t, yuan, type Key } from '../../i18n';
import * as records from '../../records';
import { serviceByChainName } from '../../services';
import * as staffDocs from '../../staff/documents';
import { offers, waitsFor } from '../../staff/offer';
import type { Me } from '../../staff/session';
import { factsOf, mayView } from '../../staff/visibility';
import { blockTime } from '../ui';
import { Documents, Receipts, Timeline } from '../caseParts';
import { ActionForm } from './ActionForm';
import { ReviewPanel } from './ReviewPanel';

export function StaffCase({ account, me, id }: { account: Account; me: Me; id: number }) {
  const [view, setView] = useState<records.Json | null | undefined>();
  const [best, setBest] = useState(0);
  const [millis, setMillis] = useState(6000);
  const [pay, setPay] = useState<{ schedule: records.Json; records: records.Json[] } | undefined>();
  const [seal, setSeal] = useState<records.Json | undefined>();
  const [receipts, setReceipts] = useState<records.Json[]>([]);
  const [joint, setJoint] = useState<records.Json[]>([]);
  const [notice, setNotice] = useState('');

  const load = async () => {
    const v = await records.caseView(id).catch(() => undefined);
    setView(v ?? null);
    if (!v || !mayView(me, factsOf(v)).ok) return;
    const { api } = await connect();
    setBest(await bestNumber());
    setMillis(await blockMillis());
    setPay(await records.payments(id));
    setSeal(await records.seal(id));
    setReceipts(await records.receipts(id));
    const decision = (await api.query.cases.jointDecisions(id)) as records.Json;
    setJoint(decision.isSome ? decision.unwrap().toJSON().parties : []);
  };
  useEffect(() => {
    setView(undefined);
    setNotice('');
    load();
    const timer = setInterval(load, 4000);
    return () => clearInterval(timer);
  }, [id, me.address]);

  const names = new Map<number, string>(me.agencies.map((a) => [a.id, a.name]));
  const agencyName = (a: number) => names.get(a) ?? `#${a}`;
  const open = (cid: string) => <OpenDocument account={account} id={id} cid={cid} />;
  if (view === undefined) return <p>{t('common.loading')}</p>;
  if (view === null) return <p role="alert" data-testid="case-refused">{t('staff.refused.unknown', { id })}</p>;
  const visibility = mayView(me, factsOf(view));
  if (!visibility.ok) {
    return (
      <>
        <h1>{t('staff.refused.title', { id })}</h1>
        <p role="alert" data-testid="case-refused">{t(visibility.reason)}</p>
        <p><a href="#/">{t('staff.backToQueue')}</a></p>
      </>
    );
  }
  const c = view.case;
  const spec = serviceByChainName(c.service);
  const overdue = c.due !== null && c.due !== undefined && best > c.due;
  const when = (block: number) => blockTime(block, best, millis);
  const list = offers(me, view, joint, agencyName);

  return (
    <>
      <h1>{t('case.title', { id, service: spec ? t(spec.title) : c.service })}</h1>
      <dl class="facts">
        <dt>{t('case.status')}</dt>
        <dd data-testid="case-status">{t(`status.${c.status}` as Key)}</dd>
        <dt>{t('case.step')}</dt>
        <dd data-testid="case-step">{t(`step.${c.step}` as Key)}</dd>
        <dt>{t('staff.case.waitsFor')}</dt>
        <dd data-testid="case-waits">{waitsFor(view, agencyName)}</dd>
        <dt>{t('case.agency')}</dt>
        <dd>{agencyName(c.agency)}</dd>
        <dt>{t('staff.case.applicant')}</dt>
        <dd>{t('staff.case.applicantCode', { code: c.applicantCode })}</dd>
        <dt>{t('staff.case.region')}</dt>
        <dd>{c.region}</dd>
        {c.due !== null && c.due !== undefined && (
          <>
            <dt>{t('case.deadline')}</dt>
            <dd class={overdue ? 'overdue' : ''}>{when(c.due)} {overdue ? t('case.overdue') : t('case.inTime')}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="steps-title">
        <h2 id="steps-title">{t('staff.case.yourSteps')}</h2>
        {notice && <p role="status" class="good" data-testid="action-done">{notice}</p>}
        {list.length === 0 && c.step !== 'DemocraticReview' && <p data-testid="no-steps">{t('staff.case.noSteps')}</p>}
        {list.map((o, i) =>
          o.ok ? (
            <ActionForm key={`${o.action.id}-${c.step}-${c.status}`} account={account} me={me} view={view} action={o.action} onDone={(message) => {
                setNotice(message);
                load();
              }} />
          ) : (
            <p key={i} class="status" data-testid="step-unavailable">
              <strong>{o.action ? t(o.action.label) : ''}</strong> — {o.why}
            </p>
          ),
        )}
        {c.step === 'DemocraticReview' && c.status === 'InReview' && <ReviewPanel account={account} me={me} id={id} best={best} millis={millis} onDone={load} />}
      </section>
      <Timeline history={view.history} names={names} when={when} open={open} applicant="actor.theApplicant" />
      <Documents documents={c.documents} open={open} help={t('staff.documents.receipted')} />
      {pay && (
        <section aria-labelledby="payments-title">
          <h2 id="payments-title">{pay.schedule.kind === 'Premium' ? t('case.premiums') : t('case.benefits')}</h2>
          <p data-testid="staff-payments">
            {t('staff.case.payments', { amount: yuan(pay.schedule.amount), count: pay.records.length, arrears: yuan(pay.schedule.arrears) })}
          </p>
        </section>
      )}
      <section aria-labelledby="seal-title">
        <h2 id="seal-title">{t('seal.title')}</h2>
        <p data-testid="staff-seal">{seal ? t('staff.case.sealed', { agency: agencyName(seal.agency), block: seal.sealedAt }) : t('staff.case.notSealed')}</p>
        {seal && <SealCheck id={id} record={cidFromChain(seal.record)} agencyName={agencyName} />}
      </section>
      <Receipts receipts={receipts} title="staff.case.receipts" agencyName={agencyName} when={when} />
    </>
  );
}

/** Opens a document against an access receipt and shows it (text) or saves it (a file). */
function OpenDocument({ account, id, cid }: { account: Account; id: number; cid: string }) {
  const [text, setText] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const open = async () => {
    if (!confirm(t('staff.documents.confirm'))) return;
    setBusy(true);
    setError('');
    try {
      const plain = await staffDocs.open(account, id, cid);
      const decoded = new TextDecoder('utf-8', { fatal: false }).decode(plain);
      if (/^[\s\S]*$/.test(decoded) && !decoded.includes('\uFFFD')) setText(decoded);
      else {
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([plain as Uint8Array<ArrayBuffer>]));
        link.download = `case-${id}-${cid}`;
        link.click();
      }
    } catch (e) {
      console.error(e);
      setError(t('staff.documents.cannotOpen', { reason: String((e as Error).message ?? e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="link" disabled={busy} onClick={open} aria-label={t('documents.openLabel', { cid })}>
        {t('documents.open')}
      </button>
      {text !== undefined && <pre class="document" data-testid="document-text">{text}</pre>}
      {error && <span class="error" role="alert"> {error}</span>}
    </>
  );
}

/** Checks the sealed record as anyone would: the record named by the seal, fetched and
 * verified against the agency's seal key and the case's standing. */
function SealCheck({ id, record, agencyName }: { id: number; record: string; agencyName: (a: number) => string }) {
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const check = async () => setVerdict(await verify(id, await download(record)));
  return (
    <>
      <button type="button" onClick={check}>{t('staff.case.checkSeal')}</button>
      {verdict && (
        <p role="status" data-testid="seal-verdict" class={verdict.ok ? 'good' : 'error'}>
          {verdict.ok ? t('seal.valid', { agency: agencyName(verdict.agency), block: verdict.block }) : t(`seal.invalid.${verdict.reason}` as Key, { status: verdict.status ?? '' })}
        </p>
      )}
    </>
  );
}
