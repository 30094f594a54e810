// A guided application for one service: what is needed (the paper's algorithm, in plain words),
// the agency, the figures and the documents. Every document is encrypted under a new case key
// (and the citizen's own key) before it leaves the browser; the figures go into the generated
// form document and the call, never into storage. When the automatic checks fail, the same page
// says what to correct and resubmits the same case.
import { useEffect, useState } from 'preact/hooks';
import { blake2AsHex } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat, hexToU8a } from '@polkadot/util';
import type { Account } from '../account';
import * as casekeys from '../casekeys';
import { connect, submit } from '../chain';
import { cidToChain, encrypt, randomSalt, upload } from '../documents';
import { fen, has, t, yuan, type Key } from '../i18n';
import * as records from '../records';
import { service, type ServiceSpec } from '../services';
import { ErrorText, Field } from './ui';

const EMPLOYMENT = ['Employed', 'Unemployed', 'UnableToWork', 'Retired'];

/**
 * The bank account reference the insurance form carries: a salted blake2-256 commitment to the
 * card number, which stays in the encrypted form document.
 */
function bankReference(card: string, salt: string): string {
  return blake2AsHex(u8aConcat(stringToU8a('safetynet/portal-bank-ref/v1'), hexToU8a(salt), stringToU8a(card)), 256);
}

/** The failed checks of the case's latest automatic decision. */
function failedChecks(view: records.Json | undefined): string[] {
  const history: records.Json[] = view?.history ?? [];
  for (let i = history.length - 1; i >= 0; i--) {
    const d = history[i].decision;
    if (d && typeof d === 'object' && 'checksFailed' in d) return d.checksFailed as string[];
    if (d === 'ChecksPassed' || (d && typeof d === 'object' && 'checksPassed' in d)) return [];
  }
  return [];
}

export function Apply({ account, serviceId }: { account: Account; serviceId: string }) {
  const spec = service(serviceId);
  if (!spec) return <p role="alert">{t('error.unknownService')}</p>;
  return <ApplyForm account={account} spec={spec} />;
}

function ApplyForm({ account, spec }: { account: Account; spec: ServiceSpec }) {
  const [agencies, setAgencies] = useState<records.Json[]>([]);
  const [reg, setReg] = useState<records.Registration | undefined>();
  const [params, setParams] = useState<records.Json | undefined>();
  const [agency, setAgency] = useState('');
  const [figures, setFigures] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<Record<number, File | undefined>>({});
  const [statement, setStatement] = useState('');
  // A message key and its values, not its text, so that it follows a change of language.
  const [progress, setProgress] = useState<[Key, Record<string, string | number>?] | undefined>();
  const [error, setError] = useState('');
  const [caseId, setCaseId] = useState<number | undefined>();
  const [view, setView] = useState<records.Json | undefined>();

  useEffect(() => {
    records.agencies().then((all) => setAgencies(all.filter((a) => a.kind === spec.agencyKind)));
    records.registration(account.address).then(setReg);
    connect().then(async ({ api }) => {
      const value = (await (api.query as records.Json)[`${spec.pallet}Parameters`].parameters()) as records.Json;
      setParams(value.isSome ? value.unwrap().toJSON() : undefined);
    });
    // A case of this service awaiting correction is resubmitted here.
    records.cases(account.address).then((list) => {
      const open = list.find((c) => c.service === spec.chainName && c.status === 'AwaitingCorrection');
      if (open) {
        setCaseId(open.id);
        records.caseView(open.id).then(setView);
      }
    });
  }, [spec.id, account.address]);

  const failed = view?.case.status === 'AwaitingCorrection' ? failedChecks(view) : [];
  const setFigure = (name: string, value: string) => setFigures({ ...figures, [name]: value });

  const send = async (e: Event) => {
    e.preventDefault();
    setError('');
    const chosen = agencies.find((a) => String(a.id) === agency);
    if (!chosen) return setError(t('error.formIncomplete'));
    for (const f of spec.figures)
      if (f.kind === 'yuan' && Number.isNaN(fen(figures[f.name] ?? ''))) return setError(t('error.amount', { field: t(f.label) }));
    try {
      setProgress(['progress.encrypting']);
      const label = caseId === undefined ? `pending-${spec.id}-${Date.now()}` : undefined;
      const key = caseId === undefined ? await casekeys.newCaseKey(account, label!) : await casekeys.caseKey(account, caseId);
      if (!key) return setError(t('error.noCaseKey'));
      const to = await casekeys.recipients(account, key);
      const salt = randomSalt();
      const form: records.Json = { agency: chosen.id, documents: [], salt };
      const uploaded: string[] = [];
      for (const [i, d] of spec.documents.entries()) {
        const file = files[i];
        if (!file) {
          if (d.required) return setError(t('error.documentMissing', { document: t(d.label) }));
          if (d.field) form[d.field] = null;
          continue;
        }
        const cid = await upload(await encrypt(new Uint8Array(await file.arrayBuffer()), to));
        uploaded.push(cid);
        if (d.field) form[d.field] = cidToChain(cid);
        else form.documents.push(cidToChain(cid));
      }
      for (const f of spec.figures) {
        const value = figures[f.name] ?? '';
        if (f.kind === 'yuan') form[f.name] = fen(value);
        if (f.kind === 'ratio') form[f.name] = Number(value);
        if (f.kind === 'employment') form[f.name] = value || 'Unemployed';
        if (f.kind === 'card') form.bankAccountRef = bankReference(value.replace(/\s/g, ''), salt);
      }
      if (spec.household) form.household = reg?.citizen?.household ?? [];
      // The form document: what the citizen declared, with the salt that lets a later replay
      // check the chain's digest. Encrypted like every other document.
      const formDocument = { type: `safetynet/${spec.id}-form`, version: 1, figures, statement, salt, documents: uploaded };
      form[spec.formField] = cidToChain(
        await upload(await encrypt(new TextEncoder().encode(JSON.stringify(formDocument)), to)),
      );
      setProgress(['progress.submitting']);
      const { api } = await connect();
      const tx = (api.tx as records.Json)[spec.pallet];
      const before = new Set((await records.cases(account.address)).map((c) => c.id));
      await submit(caseId === undefined ? tx.apply(form) : tx.resubmit(caseId, form), account);
      const after = await records.cases(account.address);
      const id = caseId ?? after.find((c) => !before.has(c.id) && c.service === spec.chainName)?.id;
      if (id === undefined) {
        setProgress(undefined);
        return setError(t('error.refused'));
      }
      if (label) await casekeys.assign(account, label, id);
      setCaseId(id);
      const fresh = await records.caseView(id);
      setView(fresh);
      setProgress(fresh?.case.status === 'AwaitingCorrection' ? undefined : ['apply.filed', { id }]);
    } catch (err) {
      console.error(err);
      setProgress(undefined);
      setError(t('error.submit', { reason: String((err as Error).message ?? err) }));
    }
  };

  const ratios: number[] = params?.allowedRatios ?? [];
  return (
    <section aria-labelledby="apply-title">
      <h1 id="apply-title">{t(spec.title)}</h1>
      <p>{t(spec.summary)}</p>
      <h2>{t('apply.needs')}</h2>
      <ul>
        {spec.needs.map((n) => (
          <li key={n}>{t(n)}</li>
        ))}
        {spec.id === 'insurance' && params && (
          <li>{t('needs.insurance.range', { min: yuan(params.minContributionBase), max: yuan(params.maxContributionBase) })}</li>
        )}
      </ul>
      {failed.length > 0 && (
        <div class="problems" role="alert" data-testid="failed-checks">
          <h2>{t('apply.failedTitle', { id: caseId! })}</h2>
          <ul>
            {failed.map((c) => (
              <li key={c}>
                <strong>{has(`check.${c}`) ? t(`check.${c}` as Key) : c}</strong>{' '}
                {has(`fix.${c}`) ? t(`fix.${c}` as Key) : ''}
              </li>
            ))}
          </ul>
          <p>{t('apply.resubmitHint')}</p>
        </div>
      )}
      {progress && <p class="status" role="status" data-testid="apply-progress">{t(...progress)}</p>}
      {caseId !== undefined && view?.case.status !== 'AwaitingCorrection' && progress && (
        <p><a href={`#/case/${caseId}`}>{t('apply.follow', { id: caseId })}</a></p>
      )}
      <form onSubmit={send}>
        <Field id="apply-agency" label={t('field.agency')}>
          <select id="apply-agency" required value={agency} onChange={(e) => setAgency(e.currentTarget.value)}>
            <option value="">{t('common.choose')}</option>
            {agencies.map((a) => (
              <option key={a.id} value={String(a.id)}>{a.name}</option>
            ))}
          </select>
        </Field>
        {spec.household && (
          <p class="help">{t('apply.household', { count: (reg?.citizen?.household?.length ?? 0) + 1 })}</p>
        )}
        {spec.figures.map((f) => (
          <Field key={f.name} id={`fig-${f.name}`} label={t(f.label)} help={t(f.help)}>
            {f.kind === 'ratio' ? (
              <select id={`fig-${f.name}`} required value={figures[f.name] ?? ''} onChange={(e) => setFigure(f.name, e.currentTarget.value)}>
                <option value="">{t('common.choose')}</option>
                {ratios.map((r) => (
                  <option key={r} value={String(r)}>{`${r / 10000} %`}</option>
                ))}
              </select>
            ) : f.kind === 'employment' ? (
              <select id={`fig-${f.name}`} required value={figures[f.name] ?? ''} onChange={(e) => setFigure(f.name, e.currentTarget.value)}>
                <option value="">{t('common.choose')}</option>
                {EMPLOYMENT.map((s) => (
                  <option key={s} value={s}>{t(`employment.${s}` as Key)}</option>
                ))}
              </select>
            ) : (
              <input id={`fig-${f.name}`} required inputMode={f.kind === 'card' ? 'numeric' : 'decimal'} value={figures[f.name] ?? ''} onInput={(e) => setFigure(f.name, e.currentTarget.value)} />
            )}
          </Field>
        ))}
        {spec.documents.map((d, i) => (
          <Field key={i} id={`doc-${i}`} label={`${t(d.label)}${d.required ? '' : ` (${t('common.optional')})`}`}>
            <input id={`doc-${i}`} type="file" required={d.required && caseId === undefined} onChange={(e) => setFiles({ ...files, [i]: e.currentTarget.files?.[0] })} />
          </Field>
        ))}
        <Field id="apply-statement" label={t('field.statement')} help={t('field.statement.help')}>
          <textarea id="apply-statement" value={statement} onInput={(e) => setStatement(e.currentTarget.value)} />
        </Field>
        <button type="submit">{caseId !== undefined && failed.length > 0 ? t('apply.resubmit') : t('apply.submit')}</button>
      </form>
      <ErrorText text={error} />
    </section>
  );
}
