// One staff step as a form: its fields (documents written here and encrypted before they leave
// the browser, yes or no, amounts in yuan, a referral, the team's doctors, the team's
// conclusion), then the signed call, and the runtime's answer in words.
import { useEffect, useState } from 'preact/hooks';
import type { Account } from '../../account';
import { connect, Failed, submitChecked } from '../../chain';
import { cidFromChain, cidToChain, encrypt, identityToRecipient, randomSalt, upload } from '../../documents';
import { fen, has, t, type Key } from '../../i18n';
import { agencyRecipient, type Json } from '../../records';
import * as staffDocs from '../../staff/documents';
import type { Me } from '../../staff/session';
import type { FieldSpec, StepAction, Values } from '../../staff/steps';
import { ErrorText, Field } from '../ui';

/** The runtime's answer to a failed call, in words when the catalog has them. */
export function failure(e: unknown): string {
  if (e instanceof Failed) {
    const key = `chainError.${e.error}`;
    return has(key) ? t(key) : t('staff.failed', { error: e.error, docs: e.docs });
  }
  return t('error.submit', { reason: String((e as Error).message ?? e) });
}

export function ActionForm({ account, me, view, action, onDone }: { account: Account; me: Me; view: Json; action: StepAction; onDone: (message: string) => void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<Record<string, File | undefined>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [photo, setPhoto] = useState<string | undefined>();
  const id = view.id as number;
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));

  useEffect(() => {
    if (action.id !== 'verifyIdentity') return;
    (async () => {
      const { api } = await connect();
      const citizen = (await api.query.registration.citizens(view.case.applicant)) as Json;
      const cid = citizen.isSome ? citizen.unwrap().toJSON().photoCid : null;
      setPhoto(cid ?? '');
    })().catch(() => setPhoto(''));
  }, [id, action.id]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const v: Values = { service: view.case.service };
      let reference = '';
      for (const f of action.fields) {
        const raw = (values[f.name] ?? '').trim();
        if (f.kind === 'document') v[f.name] = await staffDocs.write(account, id, me.post!.agency, raw, files[f.name]);
        else if (f.kind === 'yesNo') v[f.name] = raw === 'yes';
        else if (f.kind === 'yuan') {
          const amount = fen(raw);
          if (Number.isNaN(amount)) throw new Error(t('staff.bad.yuan', { field: t(f.label) }));
          v[f.name] = amount;
        } else if (f.kind === 'count' || f.kind === 'grade') v[f.name] = Number(raw);
        else if (f.kind === 'agency') v[f.name] = raw === '' ? null : Number(raw);
        else if (f.kind === 'doctors') v[f.name] = raw.split(',').filter(Boolean);
        else if (f.kind === 'salt') {
          if (!/^0x[0-9a-fA-F]{64}$/.test(raw)) throw new Error(t('staff.bad.salt', { field: t(f.label) }));
          v[f.name] = raw;
        } else if (f.kind === 'conclusion') {
          const c = await conclusion(account, me, id, values, f);
          Object.assign(v, c.values);
          reference = c.reference;
        }
      }
      if (action.id === 'verifyIdentity') v.photo = photo ?? null;
      const { api } = await connect();
      await submitChecked(action.build(api, id, v), account);
      // The case moves on and this form with it: the page says it is done.
      onDone(reference ? t('staff.done.reference', { reference }) : t('staff.done'));
    } catch (err) {
      console.error(err);
      setError(failure(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card action" onSubmit={submit} data-action={action.id}>
      <h3>{t(action.label)}</h3>
      {action.id === 'verifyIdentity' && (
        <p>{photo ? t('staff.photo', { cid: cidFromChain(photo) }) : t('staff.noPhoto')}</p>
      )}
      {action.fields.map((f) => (
        <FieldInput key={f.name} form={action.id} spec={f} me={me} value={values[f.name] ?? ''} values={values} onChange={set} onFile={(file) => setFiles((x) => ({ ...x, [f.name]: file }))} />
      ))}
      {action.id === 'handle' && (
        <>
          <ReadFigures account={account} view={view} onFound={(found) => setValues((v) => ({ ...v, ...found }))} />
          <HandedOver onFound={(found) => setValues((v) => ({ ...v, ...found }))} />
        </>
      )}
      <button type="submit" disabled={busy}>{t(action.label)}</button>
      {busy && <p role="status">{t('common.loading')}</p>}
      <ErrorText text={error} />
    </form>
  );
}

/** The team's conclusion: recorded here (a new document with its salt) or concurred with by its
 * reference, which the recording doctor passes to the rest of the team. */
async function conclusion(account: Account, me: Me, id: number, values: Record<string, string>, f: FieldSpec): Promise<{ values: Values; reference: string }> {
  if ((values[`${f.name}.mode`] ?? 'record') === 'concur') {
    const [cid, grade, salt] = (values[`${f.name}.reference`] ?? '').trim().split(':');
    if (!cid || !/^\d+$/.test(grade ?? '') || !/^0x[0-9a-fA-F]{64}$/.test(salt ?? '')) throw new Error(t('staff.bad.reference'));
    return { values: { conclusionCid: cidToChain(cid), grade: Number(grade), salt }, reference: '' };
  }
  const grade = Number(values[`${f.name}.grade`]);
  if (!(grade >= 1 && grade <= 10)) throw new Error(t('staff.bad.grade'));
  const salt = randomSalt();
  const text = values[`${f.name}.text`] ?? '';
  const body = JSON.stringify({ type: 'safetynet/welfare-conclusion', version: 1, grade, salt, text });
  const recipients = [await identityToRecipient(account.documentIdentity)];
  const key = staffDocs.heldKey(id);
  if (key) recipients.push(await identityToRecipient(key));
  const ours = await agencyRecipient(me.post!.agency);
  if (ours) recipients.push(ours);
  const cid = await upload(await encrypt(new TextEncoder().encode(body), recipients));
  return { values: { conclusionCid: cidToChain(cid), grade, salt }, reference: `${cid}:${grade}:${salt}` };
}

/** The welfare institute's figures, read from the case's documents: the team's conclusion
 * (grade and salt) and the applicant's form (declared income and salt). Each opening leaves
 * an access receipt. */
function ReadFigures({ account, view, onFound }: { account: Account; view: Json; onFound: (v: Record<string, string>) => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const read = async () => {
    setBusy(true);
    setError('');
    const found: Record<string, string> = {};
    try {
      const exam = [...view.history].reverse().find((r: Json) => r.step === 'MedicalExamination' && r.document);
      const cids: string[] = [...(exam ? [exam.document] : []), ...view.case.documents];
      // One document this member cannot open (the conclusion is encrypted to the hospital, the
      // form to the case key) does not stop the others from being read.
      let failed = '';
      for (const d of cids) {
        try {
          figuresOf(JSON.parse(new TextDecoder().decode(await staffDocs.open(account, view.id, cidFromChain(d)))), found);
        } catch (e) {
          console.error(e);
          failed = String((e as Error).message ?? e);
        }
        if (found.grade && found.declarationSalt) break;
      }
      onFound(found);
      if (!found.grade || !found.declarationSalt) setError(failed ? t('staff.figures.cannot', { reason: failed }) : t('staff.figures.partial'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <p>
      <button type="button" class="link" disabled={busy} onClick={read}>{t('staff.figures.read')}</button>
      <ErrorText text={error} />
    </p>
  );
}

/** The welfare figures a document holds: the team's conclusion (grade and salt) or the
 * applicant's form (declared income and salt), added to `found`. */
function figuresOf(doc: Json, found: Record<string, string>) {
  if (doc?.type === 'safetynet/welfare-conclusion') Object.assign(found, { grade: String(doc.grade), conclusionSalt: doc.salt });
  if (doc?.type === 'safetynet/welfare-form') Object.assign(found, { monthlyIncome: String(doc.figures?.monthlyIncome ?? ''), declarationSalt: doc.salt });
}

/** The figures as they are handed over at the institute's counter, when the institute cannot
 * open the case's documents (its custodian holds no grant): the team's reference from the
 * recording doctor, and the form file the applicant downloaded from their case page. The chain
 * checks both against the commitments it holds, so a wrong figure is refused there. */
function HandedOver({ onFound }: { onFound: (v: Record<string, string>) => void }) {
  const [error, setError] = useState('');
  const reference = (text: string) => {
    setError('');
    const [cid, grade, salt] = text.trim().split(':');
    if (!cid || !/^\d+$/.test(grade ?? '') || !/^0x[0-9a-fA-F]{64}$/.test(salt ?? '')) return setError(t('staff.bad.reference'));
    onFound({ grade, conclusionSalt: salt });
  };
  const formFile = async (file?: File) => {
    setError('');
    if (!file) return;
    try {
      const found: Record<string, string> = {};
      figuresOf(JSON.parse(await file.text()), found);
      if (!found.declarationSalt) throw new Error(t('staff.handover.notForm'));
      onFound(found);
    } catch (e) {
      setError(t('staff.figures.cannot', { reason: String((e as Error).message ?? e) }));
    }
  };
  return (
    <fieldset>
      <legend>{t('staff.handover.title')}</legend>
      <Field id="handover-reference" label={t('staff.conclusion.reference')} help={t('staff.conclusion.referenceHelp')}>
        <input id="handover-reference" onChange={(e) => reference(e.currentTarget.value)} />
      </Field>
      <Field id="handover-form" label={t('staff.handover.form')} help={t('staff.handover.formHelp')}>
        <input id="handover-form" type="file" accept="application/json,.json" onChange={(e) => formFile(e.currentTarget.files?.[0])} />
      </Field>
      <ErrorText text={error} />
    </fieldset>
  );
}

function FieldInput({ form, spec, me, value, values, onChange, onFile }: { form: string; spec: FieldSpec; me: Me; value: string; values: Record<string, string>; onChange: (name: string, value: string) => void; onFile: (f: File | undefined) => void }) {
  // Several steps' forms can be on one page (suspend and end): ids name the form too.
  const fid = `f-${form}-${spec.name}`;
  const help = spec.help ? t(spec.help) : undefined;
  switch (spec.kind) {
    case 'document':
      return (
        <>
          <Field id={fid} label={t(spec.label)} help={t('staff.documentHelp')}>
            <textarea id={fid} required value={value} onInput={(e) => onChange(spec.name, e.currentTarget.value)} />
          </Field>
          <Field id={`${fid}-file`} label={t('staff.attach')}>
            <input id={`${fid}-file`} type="file" onChange={(e) => onFile(e.currentTarget.files?.[0])} />
          </Field>
        </>
      );
    case 'yesNo':
      return (
        <fieldset>
          <legend>{t(spec.label)}</legend>
          {help && <p class="help">{help}</p>}
          {['yes', 'no'].map((choice) => (
            <label class="check" key={choice}>
              <input type="radio" name={fid} value={choice} required checked={value === choice} onChange={() => onChange(spec.name, choice)} />
              {t(choice === 'yes' ? 'staff.yes' : 'staff.no')}
            </label>
          ))}
        </fieldset>
      );
    case 'agency':
      return (
        <Field id={fid} label={t(spec.label)} help={help}>
          <select id={fid} value={value} onChange={(e) => onChange(spec.name, e.currentTarget.value)}>
            <option value="">{t('staff.nearest')}</option>
            {me.agencies.filter((a) => a.kind === spec.agencyKind).map((a) => <option key={a.id} value={String(a.id)}>{a.name}</option>)}
          </select>
        </Field>
      );
    case 'doctors':
      return <Doctors fid={fid} label={t(spec.label)} help={help} value={value} onChange={(v) => onChange(spec.name, v)} />;
    case 'conclusion': {
      const mode = values[`${spec.name}.mode`] ?? 'record';
      return (
        <fieldset>
          <legend>{t(spec.label)}</legend>
          {help && <p class="help">{help}</p>}
          {(['record', 'concur'] as const).map((m) => (
            <label class="check" key={m}>
              <input type="radio" name={`${fid}-mode`} checked={mode === m} onChange={() => onChange(`${spec.name}.mode`, m)} />
              {t(m === 'record' ? 'staff.conclusion.record' : 'staff.conclusion.concur')}
            </label>
          ))}
          {mode === 'record' ? (
            <>
              <Field id={`${fid}-grade`} label={t('field.grade')} help={t('field.grade.help')}>
                <input id={`${fid}-grade`} type="number" min={1} max={10} required value={values[`${spec.name}.grade`] ?? ''} onInput={(e) => onChange(`${spec.name}.grade`, e.currentTarget.value)} />
              </Field>
              <Field id={`${fid}-text`} label={t('staff.conclusion.text')}>
                <textarea id={`${fid}-text`} required value={values[`${spec.name}.text`] ?? ''} onInput={(e) => onChange(`${spec.name}.text`, e.currentTarget.value)} />
              </Field>
            </>
          ) : (
            <Field id={`${fid}-reference`} label={t('staff.conclusion.reference')} help={t('staff.conclusion.referenceHelp')}>
              <input id={`${fid}-reference`} required value={values[`${spec.name}.reference`] ?? ''} onInput={(e) => onChange(`${spec.name}.reference`, e.currentTarget.value)} />
            </Field>
          )}
        </fieldset>
      );
    }
    default:
      return (
        <Field id={fid} label={t(spec.label)} help={help}>
          <input
            id={fid}
            required={!spec.optional}
            inputMode={spec.kind === 'salt' ? 'text' : 'decimal'}
            type={spec.kind === 'count' || spec.kind === 'grade' ? 'number' : 'text'}
            min={spec.kind === 'grade' ? 1 : spec.kind === 'count' ? 1 : undefined}
            max={spec.kind === 'grade' ? 10 : undefined}
            value={value}
            onInput={(e) => onChange(spec.name, e.currentTarget.value)}
          />
        </Field>
      );
  }
}

/** The consortium's consultation doctors, to pick a team from. */
function Doctors({ fid, label, help, value, onChange }: { fid: string; label: string; help?: string; value: string; onChange: (v: string) => void }) {
  const [doctors, setDoctors] = useState<{ address: string; code: number; agency: number }[]>([]);
  useEffect(() => {
    (async () => {
      const { api } = await connect();
      const entries = await api.query.registration.staff.entries();
      setDoctors(
        entries
          .map(([key, v]) => ({ address: key.args[0].toString(), ...(v as Json).unwrap().toJSON() }))
          .filter((s: Json) => (s.roles as string[]).includes('ConsultationDoctor'))
          .map((s: Json) => ({ address: s.address, code: Number(s.code), agency: s.agency }))
          .sort((a, b) => a.code - b.code),
      );
    })().catch(() => undefined);
  }, []);
  const chosen = new Set(value.split(',').filter(Boolean));
  const toggle = (address: string) => {
    chosen.has(address) ? chosen.delete(address) : chosen.add(address);
    onChange([...chosen].join(','));
  };
  return (
    <fieldset id={fid}>
      <legend>{label}</legend>
      {help && <p class="help">{help}</p>}
      {doctors.map((d) => (
        <label class="check" key={d.address}>
          <input type="checkbox" checked={chosen.has(d.address)} onChange={() => toggle(d.address)} />
          {t('staff.doctor', { code: d.code })} <code>{d.address}</code>
        </label>
      ))}
    </fieldset>
  );
}
