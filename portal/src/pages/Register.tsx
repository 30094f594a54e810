// The registration request: name, ID number, address and photo, encrypted in the browser to the
// registering agency (and to the citizen's own document key), added to the document node, and
// filed on chain with its proof of work. The page then follows the request until the agency
// verifies it or it is no longer pending.
import { useEffect, useState } from 'preact/hooks';
import { bnToU8a, stringToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';
import type { Account } from '../account';
import { connect, submit } from '../chain';
import { cidToChain, encrypt, identityToRecipient, upload } from '../documents';
import { t, type Key } from '../i18n';
import * as records from '../records';
import { CITIZEN_ROLES } from '../services';
import { ErrorText, Field } from './ui';

/**
 * Bits of work beyond what the queue asks now. The work a request needs rises with the pending
 * queue and is checked again until the request is in a block, so a request with exactly today's
 * bits is dropped if a flood doubles the queue while it waits; each margin bit survives one more
 * doubling and ranks the request ahead of requests with less spare work
 * (docs/registration.md). Three bits cost this browser about a second.
 */
const MARGIN_BITS = 3;

/** The proof of work a request carries (docs/registration.md), from the metadata's types. */
async function registrationWork(address: string, form: unknown) {
  const { api } = await connect();
  const bits = Number((await api.call.registrationApi.requestDifficulty()).toString()) + MARGIN_BITS;
  const header = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
  const formType = api.tx.registration.requestRegistration.meta.args[0].type.toString();
  const prefix = u8aConcat(
    stringToU8a('safetynet/registration-request'),
    decodeAddress(address),
    header.hash.toU8a(),
    api.createType(formType, form).toU8a(),
  );
  for (let nonce = 0; ; nonce++) {
    const hash = blake2AsU8a(u8aConcat(prefix, bnToU8a(nonce, { bitLength: 64, isLe: true })), 256);
    let zeros = 0;
    for (const byte of hash) {
      if (byte === 0) { zeros += 8; continue; }
      zeros += Math.clz32(byte) - 24;
      break;
    }
    if (zeros >= bits) return { block: header.number.toNumber(), nonce };
    if (nonce % 2000 === 1999) await new Promise((r) => setTimeout(r));
  }
}

export function Register({ account }: { account: Account }) {
  const [agencies, setAgencies] = useState<records.Json[]>([]);
  const [agency, setAgency] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [address, setAddress] = useState('');
  const [photo, setPhoto] = useState<File | undefined>();
  // A message key, not its text, so that it follows a change of language.
  const [progress, setProgress] = useState<Key | ''>('');
  const [error, setError] = useState('');
  const [reg, setReg] = useState<records.Registration | undefined>();

  useEffect(() => {
    records.agencies().then(setAgencies).catch(() => setError(t('error.chain')));
    const load = () =>
      records
        .registration(account.address)
        .then((now) => {
          setReg(now);
          // "Sent" stops being news once the request is decided.
          if (now.state !== 'pending' && !now.request) setProgress((p) => (p === 'register.sent' ? '' : p));
        })
        .catch(() => undefined);
    load();
    const timer = setInterval(load, 3000);
    return () => clearInterval(timer);
  }, [account.address]);

  const chosen = agencies.find((a) => String(a.id) === agency);
  const offered = CITIZEN_ROLES.filter((r) => chosen && r.verifiedBy.includes(chosen.kind));
  const idValid = /^\d{17}[\dX]$/.test(idNumber.toUpperCase());

  const send = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (!chosen || roles.length === 0 || !photo || !idValid) return setError(t('error.formIncomplete'));
    try {
      const recipient = await records.agencyRecipient(chosen.id);
      if (!recipient) return setError(t('error.agencyNoKey'));
      const to = [recipient, await identityToRecipient(account.documentIdentity)];
      setProgress('progress.encrypting');
      const formDoc = new TextEncoder().encode(
        JSON.stringify({ type: 'safetynet/registration-form', version: 1, name, idNumber: idNumber.toUpperCase(), address, idValidUntil: validUntil }),
      );
      const formCid = await upload(await encrypt(formDoc, to));
      const photoCid = await upload(await encrypt(new Uint8Array(await photo.arrayBuffer()), to));
      const form = {
        roles,
        idValidUntil: Date.parse(validUntil),
        formCid: cidToChain(formCid),
        photoCid: cidToChain(photoCid),
        agency: chosen.id,
      };
      setProgress('progress.work');
      const work = await registrationWork(account.address, form);
      setProgress('progress.submitting');
      const { api } = await connect();
      await submit(api.tx.registration.requestRegistration(form, work), account);
      const now = await records.registration(account.address);
      setReg(now);
      setProgress(now.state === 'pending' || now.request ? 'register.sent' : '');
      if (now.state === 'none' || now.state === 'rejected') setError(t('error.refused'));
    } catch (err) {
      console.error(err);
      setProgress('');
      setError(t('error.submit', { reason: String((err as Error).message ?? err) }));
    }
  };

  return (
    <section aria-labelledby="register-title">
      <h1 id="register-title">{t('register.title')}</h1>
      <p>{t('register.intro')}</p>
      {reg?.state === 'pending' && <p class="status" data-testid="register-status">{t('register.pending')}</p>}
      {reg?.state === 'verified' && <p class="status" data-testid="register-status">{t('register.verified', { code: reg.citizen.code })}</p>}
      {reg?.rejection && (
        <div class="problems" role="alert" data-testid="register-rejected">
          <p>{t('register.rejected', { agency: reg.rejection.agencyName })}</p>
          <p><strong>{t(`rejection.${reg.rejection.reason}` as Key)}</strong></p>
          <p>{t('register.rejectedHint')}</p>
        </div>
      )}
      <form onSubmit={send}>
        <Field id="reg-agency" label={t('field.agency')} help={t('register.agencyHelp')}>
          <select id="reg-agency" required value={agency} onChange={(e) => { setAgency(e.currentTarget.value); setRoles([]); }}>
            <option value="">{t('common.choose')}</option>
            {agencies.filter((a) => CITIZEN_ROLES.some((r) => r.verifiedBy.includes(a.kind))).map((a) => (
              <option key={a.id} value={String(a.id)}>{`${a.name} (${t(`kind.${a.kind}` as never)})`}</option>
            ))}
          </select>
        </Field>
        {offered.length > 0 && (
          <fieldset>
            <legend>{t('field.roles')}</legend>
            {offered.map((r) => (
              <label key={r.role} class="check">
                <input type="checkbox" checked={roles.includes(r.role)} onChange={(e) => setRoles(e.currentTarget.checked ? [...roles, r.role] : roles.filter((x) => x !== r.role))} />
                {t(r.label)}
              </label>
            ))}
          </fieldset>
        )}
        <Field id="reg-name" label={t('field.name')}>
          <input id="reg-name" required autocomplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="reg-id" label={t('field.idNumber')} help={t('field.idNumber.help')} error={idNumber && !idValid ? t('error.idNumber') : ''}>
          <input id="reg-id" required inputMode="text" maxLength={18} value={idNumber} onInput={(e) => setIdNumber(e.currentTarget.value)} />
        </Field>
        <Field id="reg-valid" label={t('field.idValidUntil')}>
          <input id="reg-valid" type="date" required value={validUntil} onInput={(e) => setValidUntil(e.currentTarget.value)} />
        </Field>
        <Field id="reg-address" label={t('field.address')}>
          <textarea id="reg-address" required autocomplete="street-address" value={address} onInput={(e) => setAddress(e.currentTarget.value)} />
        </Field>
        <Field id="reg-photo" label={t('field.photo')} help={t('field.photo.help')}>
          <input id="reg-photo" type="file" accept="image/*" required onChange={(e) => setPhoto(e.currentTarget.files?.[0])} />
        </Field>
        <button type="submit" disabled={progress !== '' && progress !== 'register.sent'}>{t('register.button')}</button>
      </form>
      <p role="status" data-testid="register-progress">{progress && t(progress)}</p>
      <ErrorText text={error} />
    </section>
  );
}
