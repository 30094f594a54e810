// The agency's registration queue, for its verifiers (its administrator and the officers who may
// verify citizens): each pending request, its form decrypted here with the agency's registration
// key, the ID number hashed here with the consortium's identity key, then verified with the
// household's neighbourhood and members, or turned down with a reason, one by one or in bulk.
// Both keys are read from the agency's key files and kept in this page's memory only.
import { useEffect, useState } from 'preact/hooks';
import type { Account } from '../../account';
import { bestNumber, blockMillis, connect, submitChecked } from '../../chain';
import { cidFromChain, decrypt, download } from '../../documents';
import { t, type Key } from '../../i18n';
import type { Json } from '../../records';
import { identityHash, loadedKeys, normalize, parseKey } from '../../staff/identity';
import type { Me } from '../../staff/session';
import { blockTime, ErrorText, Field } from '../ui';
import { failure } from './ActionForm';

const REASONS = ['IncompleteDocuments', 'IdentityMismatch', 'InvalidIdCard', 'RolesNotJustified', 'Spam'];
const VERIFYING_ROLES = ['SocialInsuranceOfficer', 'CivilAffairsOfficer', 'WelfareInstituteOfficer', 'CountyWelfareOfficer'];
/** At most this many requests in one bulk rejection (the runtime's `MAX_BULK_REJECTIONS`). */
const BULK = 256;

const keys = loadedKeys;

/** The agency whose requests `me` may decide, if any (the runtime's `verifier_agency`). */
export function verifierAgency(me: Me): number | undefined {
  if (me.admin !== undefined) return me.admin;
  if (me.post && me.post.roles.some((r) => VERIFYING_ROLES.includes(r))) return me.post.agency;
  return undefined;
}

interface Request {
  who: string;
  form: Json;
  expiresAt: number;
  workBits: number;
}

export function Registrations({ account, me }: { account: Account; me: Me }) {
  const agency = verifierAgency(me);
  const [requests, setRequests] = useState<Request[] | undefined>();
  const [best, setBest] = useState(0);
  const [millis, setMillis] = useState(6000);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('Spam');
  const [, setKeysShown] = useState(0);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    if (agency === undefined) return;
    const { api } = await connect();
    const entries = await api.query.registration.pendingByAgency.entries(agency);
    const who = entries.map(([key]) => key.args[1].toString());
    const values = who.length ? ((await api.query.registration.pendingRequests.multi(who)) as Json[]) : [];
    const list: Request[] = [];
    values.forEach((v, i) => {
      if (!v.isSome) return;
      const r = v.unwrap().toJSON();
      list.push({ who: who[i], form: r.form, expiresAt: r.expiresAt, workBits: r.workBits });
    });
    list.sort((a, b) => a.expiresAt - b.expiresAt);
    setRequests(list);
    setBest(await bestNumber());
    setMillis(await blockMillis());
  };
  useEffect(() => {
    load().catch(() => setError(t('staff.queue.error')));
    const timer = setInterval(() => load().catch(() => undefined), 6000);
    return () => clearInterval(timer);
  }, [agency]);

  if (agency === undefined) return <p role="alert" data-testid="not-verifier">{t('staff.reg.notVerifier')}</p>;

  const readKey = async (file: File | undefined, which: 'agency' | 'identity') => {
    if (!file) return;
    const text = (await file.text()).trim();
    setError('');
    if (which === 'identity') {
      const key = parseKey(text);
      if (!key) return setError(t('staff.reg.badIdentityKey'));
      keys.identity = key;
    } else {
      const line = text.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'));
      if (!line) return setError(t('staff.reg.badAgencyKey'));
      keys.agency = line.trim();
    }
    setKeysShown((n) => n + 1);
  };

  const rejectSelected = async () => {
    const who = [...selected].slice(0, BULK);
    if (who.length === 0) return;
    setBusy(true);
    setError('');
    setDone('');
    try {
      const { api } = await connect();
      const tx = who.length === 1 ? api.tx.registration.rejectRequest(who[0], reason) : api.tx.registration.rejectRequests(who, reason);
      await submitChecked(tx, account);
      setDone(t('staff.reg.rejected', { count: who.length }));
      setSelected(new Set());
      await load();
    } catch (e) {
      setError(failure(e));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (who: string) => {
    const next = new Set(selected);
    next.has(who) ? next.delete(who) : next.add(who);
    setSelected(next);
  };
  const name = me.agencies.find((a) => a.id === agency)?.name ?? `#${agency}`;

  return (
    <>
      <h1>{t('staff.reg.title')}</h1>
      <p>{t('staff.reg.intro', { agency: name })}</p>
      <fieldset>
        <legend>{t('staff.reg.keys')}</legend>
        <p class="help">{t('staff.reg.keysHelp')}</p>
        <Field id="reg-agency-key" label={t('staff.reg.agencyKey')} help={keys.agency ? t('staff.reg.loaded') : undefined}>
          <input id="reg-agency-key" type="file" onChange={(e) => readKey(e.currentTarget.files?.[0], 'agency')} />
        </Field>
        <Field id="reg-identity-key" label={t('staff.reg.identityKey')} help={keys.identity ? t('staff.reg.loaded') : undefined}>
          <input id="reg-identity-key" type="file" onChange={(e) => readKey(e.currentTarget.files?.[0], 'identity')} />
        </Field>
      </fieldset>
      <ErrorText text={error} />
      {done && <p role="status" class="good" data-testid="reg-done">{done}</p>}
      {requests === undefined ? (
        <p>{t('common.loading')}</p>
      ) : requests.length === 0 ? (
        <p data-testid="reg-empty">{t('staff.reg.empty')}</p>
      ) : (
        <>
          <p role="status" data-testid="reg-count">{t('staff.reg.count', { count: requests.length })}</p>
          <div class="pager">
            <Field id="reg-reason" label={t('staff.reg.reason')}>
              <select id="reg-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
                {REASONS.map((r) => <option key={r} value={r}>{t(`staff.reason.${r}` as Key)}</option>)}
              </select>
            </Field>
            <button type="button" disabled={busy || selected.size === 0} onClick={rejectSelected}>
              {t('staff.reg.rejectSelected', { count: selected.size })}
            </button>
          </div>
          <ul class="cards" data-testid="reg-requests">
            {requests.map((r) => (
              <li class="card" key={r.who} data-who={r.who}>
                <label class="check">
                  <input type="checkbox" checked={selected.has(r.who)} onChange={() => toggle(r.who)} />
                  <code>{r.who}</code>
                </label>
                <p>
                  {t('staff.reg.roles', { roles: (r.form.roles as string[]).map((x) => t(`role.${x}` as Key)).join(', ') })}
                  <br />
                  {t('staff.reg.expires', { when: blockTime(r.expiresAt, best, millis), bits: r.workBits })}
                </p>
                <Request
                  account={account}
                  request={r}
                  onDone={(message) => {
                    setDone(message);
                    load();
                  }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** One request: its form opened with the agency's key, then verified or turned down. */
function Request({ account, request, onDone }: { account: Account; request: Request; onDone: (message: string) => void }) {
  const [form, setForm] = useState<Json | undefined>();
  const [photo, setPhoto] = useState<string | undefined>();
  const [residence, setResidence] = useState('');
  const [members, setMembers] = useState('');
  const [reason, setReason] = useState('IncompleteDocuments');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const open = async () => {
    setError('');
    if (!keys.agency) return setError(t('staff.reg.needAgencyKey'));
    try {
      const plain = await decrypt(await download(cidFromChain(request.form.formCid)), [keys.agency]);
      setForm(JSON.parse(new TextDecoder().decode(plain)));
      if (request.form.photoCid) {
        const image = await decrypt(await download(cidFromChain(request.form.photoCid)), [keys.agency]);
        setPhoto(URL.createObjectURL(new Blob([image as Uint8Array<ArrayBuffer>])));
      }
    } catch (e) {
      setError(t('staff.reg.cannotOpen', { reason: String((e as Error).message ?? e) }));
    }
  };
  const run = async (work: () => Promise<void>, message: string) => {
    setBusy(true);
    setError('');
    try {
      await work();
      // The request leaves the queue: the page, not this card, says it is done.
      onDone(message);
    } catch (e) {
      setError(String((e as Error).message ?? e));
    } finally {
      setBusy(false);
    }
  };
  const verify = (e: Event) => {
    e.preventDefault();
    run(async () => {
      if (!keys.identity) throw new Error(t('staff.reg.needIdentityKey'));
      const own = normalize(String(form?.idNumber ?? ''));
      if (!own) throw new Error(t('staff.reg.badIdNumber'));
      if (!/^\d{12}$/.test(residence)) throw new Error(t('staff.reg.badResidence'));
      const household: string[] = [];
      for (const line of members.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const member = normalize(line);
        if (!member) throw new Error(t('staff.reg.badMember', { number: line }));
        household.push(identityHash(keys.identity, member));
      }
      const { api } = await connect();
      const verification = { identity: identityHash(keys.identity, own), residence: Number(residence), household };
      try {
        await submitChecked(api.tx.registration.verifyCitizen(request.who, verification), account);
      } catch (err) {
        throw new Error(failure(err));
      }
    }, t('staff.reg.verified'));
  };
  const reject = () =>
    run(async () => {
      const { api } = await connect();
      try {
        await submitChecked(api.tx.registration.rejectRequest(request.who, reason), account);
      } catch (err) {
        throw new Error(failure(err));
      }
    }, t('staff.reg.rejected', { count: 1 }));

  return (
    <>
      {!form && <button type="button" class="link" onClick={open}>{t('staff.reg.open')}</button>}
      {form && (
        <form onSubmit={verify}>
          <dl class="facts" data-testid="reg-form">
            <dt>{t('field.name')}</dt>
            <dd>{String(form.name)}</dd>
            <dt>{t('field.idNumber')}</dt>
            <dd>{String(form.idNumber)} {normalize(String(form.idNumber)) ? '' : t('staff.reg.badIdNumber')}</dd>
            <dt>{t('field.address')}</dt>
            <dd>{String(form.address)}</dd>
          </dl>
          {photo && <img src={photo} alt={t('staff.reg.photo')} class="photo" />}
          <Field id={`res-${request.who}`} label={t('staff.reg.residence')} help={t('staff.reg.residenceHelp')}>
            <input id={`res-${request.who}`} required inputMode="numeric" value={residence} onInput={(e) => setResidence(e.currentTarget.value.trim())} />
          </Field>
          <Field id={`mem-${request.who}`} label={t('staff.reg.members')} help={t('staff.reg.membersHelp')}>
            <textarea id={`mem-${request.who}`} value={members} onInput={(e) => setMembers(e.currentTarget.value)} />
          </Field>
          <button type="submit" disabled={busy}>{t('staff.reg.verify')}</button>
        </form>
      )}
      <p>
        <label for={`why-${request.who}`}>{t('staff.reg.reason')}</label>{' '}
        <select id={`why-${request.who}`} value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
          {REASONS.map((r) => <option key={r} value={r}>{t(`staff.reason.${r}` as Key)}</option>)}
        </select>{' '}
        <button type="button" disabled={busy} onClick={reject}>{t('staff.reg.reject')}</button>
      </p>
      <ErrorText text={error} />
    </>
  );
}
