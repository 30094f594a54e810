// An agency's administration, for its administrator: its staff (register with roles, posting
// and the hash of their ID number; change roles; remove), its seal and encryption keys, and its
// fund with the payments due from or to it.
import { useEffect, useState } from 'preact/hooks';
import { bnToU8a, stringToU8a, u8aConcat } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import type { Account } from '../../account';
import { bestNumber, blockMillis, connect, submitChecked } from '../../chain';
import { t, yuan, type Key } from '../../i18n';
import type { Json } from '../../records';
import { identityHash, loadedKeys, normalize, parseKey } from '../../staff/identity';
import { GRANTS, type Me } from '../../staff/session';
import { blockTime, ErrorText, Field } from '../ui';
import { failure } from './ActionForm';
import { useSigned } from './useSigned';

/** An agency's fund account: `modl` ++ `sn/funds` ++ the agency id, zero-padded (the runtime's
 * `PalletId::into_sub_account_truncating`). */
export function fundAccount(agency: number): string {
  const raw = new Uint8Array(32);
  raw.set(u8aConcat(stringToU8a('modl'), stringToU8a('sn/funds'), bnToU8a(agency, { bitLength: 32, isLe: true })));
  return encodeAddress(raw, 42);
}

interface Member {
  address: string;
  code: number;
  roles: string[];
  region: number;
}

export function Agency({ account, me }: { account: Account; me: Me }) {
  const agency = me.admin;
  const record = me.agencies.find((a) => a.id === agency);
  const [staff, setStaff] = useState<Member[] | undefined>();
  const [keysOf, setKeysOf] = useState<Json | null | undefined>();
  const [fund, setFund] = useState<string | undefined>();
  const [due, setDue] = useState<Json[]>([]);
  const [best, setBest] = useState(0);
  const [millis, setMillis] = useState(6000);
  // Our own checks throw plain errors with their message; the chain's answers are put in words.
  const { busy, error, done, setError, run: signed } = useSigned((e) => (e instanceof Error && e.constructor === Error ? e.message : failure(e)));

  const load = async () => {
    if (agency === undefined) return;
    const { api } = await connect();
    const entries = await api.query.registration.staff.entries();
    setStaff(
      entries
        .map(([key, v]) => ({ address: key.args[0].toString(), ...(v as Json).unwrap().toJSON() }))
        .filter((m: Json) => m.agency === agency)
        .map((m: Json) => ({ address: m.address, code: Number(m.code), roles: m.roles, region: Number(m.region) }))
        .sort((a, b) => a.code - b.code),
    );
    const k = (await api.query.documents.keysOf(agency)) as Json;
    setKeysOf(k.isSome ? k.unwrap() : null);
    setFund(((await api.query.system.account(fundAccount(agency))) as Json).data.free.toString());
    const schedules = await api.query.payments.schedules.entries();
    setDue(
      schedules
        .map(([key, v]) => ({ id: Number(key.args[0].toString()), ...(v as Json).unwrap().toJSON() }))
        .filter((s: Json) => s.agency === agency && s.nextDue !== null)
        .sort((a: Json, b: Json) => a.nextDue - b.nextDue),
    );
    setBest(await bestNumber());
    setMillis(await blockMillis());
  };
  useEffect(() => {
    load().catch(() => setError(t('staff.queue.error')));
  }, [agency]);

  if (agency === undefined || !record) return <p role="alert" data-testid="not-admin">{t('agency.notAdmin')}</p>;

  /** Runs a signed call; whether it succeeded (the page says what happened either way). */
  const run = (work: () => Promise<void>, message: string) => signed(work, message, load);
  const grantable = GRANTS[record.kind] ?? [];

  return (
    <>
      <h1>{t('agency.title', { agency: record.name })}</h1>
      <p>{t('agency.intro', { kind: t(`kind.${record.kind}` as Key), region: record.region })}</p>
      <ErrorText text={error} />
      {done && <p role="status" class="good" data-testid="agency-done">{done}</p>}
      <section aria-labelledby="staff-title">
        <h2 id="staff-title">{t('agency.staff')}</h2>
        {staff === undefined ? (
          <p>{t('common.loading')}</p>
        ) : (
          <table data-testid="staff">
            <thead>
              <tr>
                <th scope="col">{t('agency.code')}</th>
                <th scope="col">{t('agency.account')}</th>
                <th scope="col">{t('agency.roles')}</th>
                <th scope="col">{t('agency.posting')}</th>
                <th scope="col">{t('agency.change')}</th>
              </tr>
            </thead>
            <tbody>
              {staff.map((m) => (
                <MemberRow key={m.address} member={m} grantable={grantable} busy={busy} onRoles={(roles) => run(async () => void (await submitChecked((await connect()).api.tx.registration.setStaffRoles(m.address, roles), account)), t('agency.rolesChanged'))} onRemove={() => run(async () => void (await submitChecked((await connect()).api.tx.registration.removeStaff(m.address), account)), t('agency.removed'))} />
              ))}
            </tbody>
          </table>
        )}
        <NewMember region={String(record.region)} grantable={grantable} busy={busy} onRegister={(who, roles, identity, region) => run(async () => void (await submitChecked((await connect()).api.tx.registration.registerStaff(who, roles, identity, region), account)), t('agency.registered'))} />
      </section>
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">{t('agency.keys')}</h2>
        {keysOf === null && <p>{t('agency.noKeys')}</p>}
        {keysOf && (
          <dl class="facts" data-testid="agency-keys">
            <dt>{t('agency.seal')}</dt>
            <dd><code>{keysOf.seal.toHex()}</code></dd>
            <dt>{t('agency.recipient')}</dt>
            <dd><code>{new TextDecoder().decode(keysOf.recipient.toU8a(true))}</code></dd>
          </dl>
        )}
        <SetKeys busy={busy} onSet={(seal, recipient) => run(async () => void (await submitChecked((await connect()).api.tx.documents.setAgencyKeys(agency, seal, recipient), account)), t('agency.keysSet'))} />
      </section>
      <section aria-labelledby="fund-title">
        <h2 id="fund-title">{t('agency.fund')}</h2>
        <p data-testid="fund">{t('agency.fundBalance', { amount: fund === undefined ? '…' : yuan(fund), account: fundAccount(agency) })}</p>
        <h3>{t('agency.due')}</h3>
        {due.length === 0 ? (
          <p>{t('agency.noneDue')}</p>
        ) : (
          <table data-testid="due">
            <thead>
              <tr>
                <th scope="col">{t('staff.queue.case')}</th>
                <th scope="col">{t('agency.kind')}</th>
                <th scope="col">{t('case.amount')}</th>
                <th scope="col">{t('agency.next')}</th>
                <th scope="col">{t('agency.arrears')}</th>
              </tr>
            </thead>
            <tbody>
              {due.map((s) => (
                <tr key={s.id}>
                  <td><a href={`#/case/${s.case}`}>{t('staff.queue.caseNo', { id: s.case })}</a></td>
                  <td>{t(s.kind === 'Premium' ? 'case.premiums' : 'case.benefits')}</td>
                  <td>{yuan(s.amount)}</td>
                  <td>{blockTime(s.nextDue, best, millis)}</td>
                  <td class={BigInt(s.arrears) > 0n ? 'overdue' : ''}>{yuan(s.arrears)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function MemberRow({ member, grantable, busy, onRoles, onRemove }: { member: Member; grantable: string[]; busy: boolean; onRoles: (roles: string[]) => void; onRemove: () => void }) {
  const [roles, setRoles] = useState<string[]>(member.roles);
  const toggle = (r: string) => setRoles(roles.includes(r) ? roles.filter((x) => x !== r) : [...roles, r]);
  return (
    <tr data-member={member.address}>
      <td>{member.code}</td>
      <td><code>{member.address}</code></td>
      <td>
        {grantable.map((r) => (
          <label class="check" key={r}>
            <input type="checkbox" checked={roles.includes(r)} onChange={() => toggle(r)} />
            {t(`role.${r}` as Key)}
          </label>
        ))}
      </td>
      <td>{member.region}</td>
      <td>
        <button type="button" disabled={busy || roles.length === 0} onClick={() => onRoles(roles)}>{t('agency.saveRoles')}</button>{' '}
        <button type="button" class="link" disabled={busy} onClick={() => confirm(t('agency.removeConfirm')) && onRemove()}>{t('agency.remove')}</button>
      </td>
    </tr>
  );
}

function NewMember({ region, grantable, busy, onRegister }: { region: string; grantable: string[]; busy: boolean; onRegister: (who: string, roles: string[], identity: string, region: number) => Promise<boolean> }) {
  const [who, setWho] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [idNumber, setIdNumber] = useState('');
  const [posting, setPosting] = useState(region);
  const [error, setError] = useState('');
  const [, setLoaded] = useState(0);
  const readKey = async (file: File | undefined) => {
    if (!file) return;
    const key = parseKey(await file.text());
    if (!key) return setError(t('staff.reg.badIdentityKey'));
    loadedKeys.identity = key;
    setError('');
    setLoaded((n) => n + 1);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (!loadedKeys.identity) return setError(t('staff.reg.needIdentityKey'));
    const id = normalize(idNumber);
    if (!id) return setError(t('staff.reg.badMember', { number: idNumber }));
    if (!/^\d{12}$/.test(posting)) return setError(t('staff.reg.badResidence'));
    if (roles.length === 0) return setError(t('agency.chooseRoles'));
    // A registered member's details are cleared, so the next member starts from a blank form.
    if (await onRegister(who.trim(), roles, identityHash(loadedKeys.identity, id), Number(posting))) {
      setWho('');
      setRoles([]);
      setIdNumber('');
      setPosting(region);
    }
  };
  return (
    <form onSubmit={submit} data-testid="new-member">
      <h3>{t('agency.newMember')}</h3>
      <Field id="nm-account" label={t('agency.account')} help={t('council.adminHelp')}>
        <input id="nm-account" required value={who} onInput={(e) => setWho(e.currentTarget.value)} />
      </Field>
      <fieldset>
        <legend>{t('agency.roles')}</legend>
        {grantable.map((r) => (
          <label class="check" key={r}>
            <input type="checkbox" checked={roles.includes(r)} onChange={() => setRoles(roles.includes(r) ? roles.filter((x) => x !== r) : [...roles, r])} />
            {t(`role.${r}` as Key)}
          </label>
        ))}
      </fieldset>
      <Field id="nm-id" label={t('field.idNumber')} help={t('agency.idHelp')}>
        <input id="nm-id" required value={idNumber} onInput={(e) => setIdNumber(e.currentTarget.value)} />
      </Field>
      <Field id="nm-key" label={t('staff.reg.identityKey')} help={loadedKeys.identity ? t('staff.reg.loaded') : undefined}>
        <input id="nm-key" type="file" onChange={(e) => readKey(e.currentTarget.files?.[0])} />
      </Field>
      <Field id="nm-posting" label={t('agency.posting')} help={t('agency.postingHelp')}>
        <input id="nm-posting" required inputMode="numeric" value={posting} onInput={(e) => setPosting(e.currentTarget.value.trim())} />
      </Field>
      <button type="submit" disabled={busy}>{t('agency.register')}</button>
      <ErrorText text={error} />
    </form>
  );
}

function SetKeys({ busy, onSet }: { busy: boolean; onSet: (seal: string, recipient: string) => void }) {
  const [seal, setSeal] = useState('');
  const [recipient, setRecipient] = useState('');
  const [error, setError] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    if (!/^0x[0-9a-fA-F]{64}$/.test(seal.trim())) return setError(t('agency.badSeal'));
    if (!/^age1[0-9a-z]{58}$/.test(recipient.trim())) return setError(t('agency.badRecipient'));
    setError('');
    onSet(seal.trim(), recipient.trim());
  };
  return (
    <form onSubmit={submit}>
      <h3>{t('agency.setKeys')}</h3>
      <Field id="k-seal" label={t('agency.seal')} help={t('agency.sealHelp')}>
        <input id="k-seal" required value={seal} onInput={(e) => setSeal(e.currentTarget.value)} />
      </Field>
      <Field id="k-recipient" label={t('agency.recipient')} help={t('agency.recipientHelp')}>
        <input id="k-recipient" required value={recipient} onInput={(e) => setRecipient(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={busy}>{t('agency.setKeys')}</button>
      <ErrorText text={error} />
    </form>
  );
}
