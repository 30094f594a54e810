// The council: every agency's administrator holds a seat. A member proposes a motion on what
// governance decides (a service's parameters, a region's minimum living standard, agencies and
// their administrators, review seats, the nodes allowed to join), the members vote, and any
// member closes it once two thirds have voted aye (or it can no longer pass). The motion is the
// runtime call itself, shown in words from the metadata.
import { useEffect, useState } from 'preact/hooks';
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { base58 } from '@scure/base';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { Account } from '../../account';
import { bestNumber, blockMillis, connect, Failed, submitChecked, submitUnsigned } from '../../chain';
import { fen, has, t, type Key } from '../../i18n';
import type { Json } from '../../records';
import type { Me } from '../../staff/session';
import { blockTime, ErrorText, Field } from '../ui';
import { useSigned } from './useSigned';

/** Each service's parameters pallet, as the metadata names it. */
const PARAMETERS: { pallet: string; title: Key }[] = [
  { pallet: 'insuranceParameters', title: 'service.insurance' },
  { pallet: 'assistanceParameters', title: 'service.assistance' },
  { pallet: 'welfareParameters', title: 'service.welfare' },
  { pallet: 'minimumLivingParameters', title: 'service.minimumLiving' },
];
const KINDS = ['SocialInsuranceAgency', 'CivilAffairsDepartment', 'NeighborhoodCommittee', 'SubDistrictOffice', 'WelfareInstitute', 'CountyWelfareDepartment', 'Hospital', 'AuditOffice'];
type MotionKind = 'parameters' | 'standard' | 'addAgency' | 'removeAgency' | 'agencyAdmin' | 'reviewSeats' | 'addNode' | 'removeNode' | 'addValidator' | 'removeValidator' | 'sessionLength' | 'upgrade';
const MOTIONS: MotionKind[] = ['parameters', 'standard', 'addAgency', 'removeAgency', 'agencyAdmin', 'reviewSeats', 'addNode', 'removeNode', 'addValidator', 'removeValidator', 'sessionLength', 'upgrade'];

interface Motion {
  hash: string;
  index: number;
  call: Json;
  ayes: string[];
  nays: string[];
  threshold: number;
  end: number;
}

async function motions(api: ApiPromise): Promise<Motion[]> {
  const hashes = ((await api.query.council.proposals()) as Json).map((h: Json) => h.toHex()) as string[];
  const list: Motion[] = [];
  for (const hash of hashes) {
    const [call, voting] = (await Promise.all([api.query.council.proposalOf(hash), api.query.council.voting(hash)])) as Json[];
    if (!call.isSome || !voting.isSome) continue;
    const v = voting.unwrap();
    list.push({
      hash,
      index: v.index.toNumber(),
      call: call.unwrap(),
      ayes: v.ayes.map((a: Json) => a.toString()),
      nays: v.nays.map((a: Json) => a.toString()),
      threshold: v.threshold.toNumber(),
      end: v.end.toNumber(),
    });
  }
  return list;
}

/** A parameter's name in words, or its field name when the catalog lacks it. */
function paramLabel(field: string): string {
  const key = `param.${field}`;
  return has(key) ? t(key) : field;
}

/** A call in words: its pallet and name, then its arguments as the metadata reads them. */
export function describe(call: Json): string {
  const human = call.toHuman() as Json;
  const args = JSON.stringify(human.args);
  // A runtime upgrade carries the whole runtime: its arguments are shown only in part.
  return `${human.section}.${human.method} ${args.length > 400 ? `${args.slice(0, 400)}… (${call.encodedLength} bytes)` : args}`;
}

export function Council({ account, me }: { account: Account; me: Me }) {
  const [list, setList] = useState<Motion[] | undefined>();
  const [members, setMembers] = useState(0);
  const [best, setBest] = useState(0);
  const [millis, setMillis] = useState(6000);
  const [validators, setValidators] = useState<{ agencies: number[]; session: number } | undefined>();
  const { busy, error, done, setError, run: signed } = useSigned();

  const load = async () => {
    const { api } = await connect();
    setList(await motions(api));
    setMembers(((await api.query.council.members()) as Json).length);
    // What the validator motions change: the members see the set before they vote and after.
    const [set, session] = (await Promise.all([api.query.validators.validators(), api.query.validators.sessionLength()])) as Json[];
    setValidators({ agencies: set.map((a: Json) => a.toNumber()), session: session.toNumber() });
    setBest(await bestNumber());
    setMillis(await blockMillis());
  };
  useEffect(() => {
    load().catch(() => setError(t('staff.queue.error')));
    const timer = setInterval(() => load().catch(() => undefined), 6000);
    return () => clearInterval(timer);
  }, []);

  if (!me.council) return <p role="alert" data-testid="not-council">{t('council.notMember')}</p>;

  const run = (work: (api: ApiPromise) => Promise<void>, message: string) =>
    signed(async () => work((await connect()).api), message, load);
  const propose = (build: (api: ApiPromise) => SubmittableExtrinsic<'promise'>) =>
    run(async (api) => {
      const call = build(api);
      // Two thirds of the seats pass a motion (the runtime's governance origin).
      const threshold = Math.ceil((members * 2) / 3);
      await submitChecked(api.tx.council.propose(threshold, call, call.method.encodedLength), account);
    }, t('council.proposed'));
  const vote = (m: Motion, aye: boolean) => run(async (api) => void (await submitChecked(api.tx.council.vote(m.hash, m.index, aye), account)), t('review.voted'));
  const close = (m: Motion) =>
    run(async (api) => {
      // The chain charges no fees, so it has no fee API to weigh the call with: the bound is half
      // of what one transaction may weigh (the close itself is light, and the unused part of the
      // bound is refunded).
      const max = (api.consts.system.blockWeights as Json).perClass.normal.maxExtrinsic.unwrap();
      const bound = { refTime: max.refTime.toBn().divn(2), proofSize: max.proofSize.toBn().divn(2) };
      await submitChecked(api.tx.council.close(m.hash, m.index, bound, m.call.encodedLength), account);
    }, t('council.closed'));

  return (
    <>
      <h1>{t('council.title')}</h1>
      <p>{t('council.intro', { members, needed: Math.ceil((members * 2) / 3) })}</p>
      <ErrorText text={error} />
      {done && <p role="status" class="good" data-testid="council-done">{done}</p>}
      <section aria-labelledby="motions-title">
        <h2 id="motions-title">{t('council.open')}</h2>
        {list === undefined && <p>{t('common.loading')}</p>}
        {list?.length === 0 && <p>{t('council.none')}</p>}
        <ul class="cards" data-testid="motions">
          {list?.map((m) => {
            const voted = [...m.ayes, ...m.nays].includes(me.address);
            return (
              <li class="card" key={m.hash} data-motion={m.index}>
                <h3>{t('council.motion', { index: m.index })}</h3>
                <p><code>{describe(m.call)}</code></p>
                <p data-testid="council-tally">{t('council.tally', { ayes: m.ayes.length, nays: m.nays.length, threshold: m.threshold, end: blockTime(m.end, best, millis) })}</p>
                {!voted && (
                  <p>
                    <button type="button" disabled={busy} onClick={() => vote(m, true)}>{t('review.aye')}</button>{' '}
                    <button type="button" disabled={busy} onClick={() => vote(m, false)}>{t('review.nay')}</button>
                  </p>
                )}
                {voted && <p>{t('review.youVoted')}</p>}
                <button type="button" disabled={busy} onClick={() => close(m)}>{t('review.close')}</button>
              </li>
            );
          })}
        </ul>
      </section>
      {validators && <Validators agencies={validators.agencies} session={validators.session} me={me} />}
      <AuthorisedUpgrade onEnacted={() => load().catch(() => undefined)} />
      <NewMotion me={me} busy={busy} onPropose={propose} />
    </>
  );
}

/** The agencies whose nodes validate, as the chain has them now (a change takes effect at a session boundary). */
function Validators({ agencies, session, me }: { agencies: number[]; session: number; me: Me }) {
  const name = (id: number) => me.agencies.find((a) => Number(a.id) === id)?.name ?? t('council.unknownAgency', { id });
  return (
    <section aria-labelledby="validators-title">
      <h2 id="validators-title">{t('council.validators')}</h2>
      <p>{t('council.validatorsIntro', { blocks: session })}</p>
      <ul data-testid="validators">
        {agencies.map((id) => <li key={id} data-agency={id}>{name(id)}</li>)}
      </ul>
    </section>
  );
}

function NewMotion({ me, busy, onPropose }: { me: Me; busy: boolean; onPropose: (build: (api: ApiPromise) => SubmittableExtrinsic<'promise'>) => void }) {
  const [kind, setKind] = useState<MotionKind>('parameters');
  const [v, setV] = useState<Record<string, string>>({});
  const [current, setCurrent] = useState<Json | undefined>();
  const [code, setCode] = useState<Uint8Array | undefined>();
  const [error, setError] = useState('');
  const set = (name: string, value: string) => setV((x) => ({ ...x, [name]: value }));
  const pallet = v.pallet ?? PARAMETERS[0].pallet;

  // The service's parameters as they stand: the form starts from them.
  useEffect(() => {
    if (kind !== 'parameters') return;
    (async () => {
      const { api } = await connect();
      const value = (await (api.query as Json)[pallet].parameters()) as Json;
      const json = value.isSome ? value.unwrap().toPrimitive() : {};
      setCurrent(json);
      setV((x) => ({ ...x, ...Object.fromEntries(Object.entries(json).map(([k, val]) => [`p.${k}`, Array.isArray(val) ? val.join(', ') : String(val)])) }));
    })().catch(() => setCurrent({}));
  }, [kind, pallet]);

  const submit = (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const build = builder(kind, v, current, code);
      onPropose(build);
    } catch (err) {
      setError(String((err as Error).message));
    }
  };
  const agencies = me.agencies;
  const text = (name: string, label: Key, help?: Key, required = true) => (
    <Field id={`m-${name}`} label={t(label)} help={help ? t(help) : undefined}>
      <input id={`m-${name}`} required={required} value={v[name] ?? ''} onInput={(e) => set(name, e.currentTarget.value)} />
    </Field>
  );
  const agencySelect = (name: string) => (
    <Field id={`m-${name}`} label={t('council.agency')}>
      <select id={`m-${name}`} required value={v[name] ?? ''} onChange={(e) => set(name, e.currentTarget.value)}>
        <option value="">{t('common.choose')}</option>
        {agencies.map((a) => <option key={a.id} value={String(a.id)}>{a.name}</option>)}
      </select>
    </Field>
  );

  return (
    <section aria-labelledby="new-motion-title">
      <h2 id="new-motion-title">{t('council.new')}</h2>
      <form onSubmit={submit} data-testid="new-motion">
        <Field id="m-kind" label={t('council.kind')}>
          <select id="m-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as MotionKind)}>
            {MOTIONS.map((k) => <option key={k} value={k}>{t(`council.kind.${k}` as Key)}</option>)}
          </select>
        </Field>
        {kind === 'parameters' && (
          <>
            <Field id="m-pallet" label={t('council.service')}>
              <select id="m-pallet" value={pallet} onChange={(e) => set('pallet', e.currentTarget.value)}>
                {PARAMETERS.map((p) => <option key={p.pallet} value={p.pallet}>{t(p.title)}</option>)}
              </select>
            </Field>
            <p class="help">{t('council.parametersHelp')}</p>
            {current && Object.keys(current).map((k) => (
              <Field key={k} id={`m-p-${k}`} label={paramLabel(k)} help={Array.isArray(current[k]) ? t('council.listHelp') : undefined}>
                <input id={`m-p-${k}`} required value={v[`p.${k}`] ?? ''} onInput={(e) => set(`p.${k}`, e.currentTarget.value)} />
              </Field>
            ))}
          </>
        )}
        {kind === 'standard' && (
          <>
            {text('region', 'council.region', 'staff.queue.regionHelp')}
            {text('standard', 'council.standard', 'council.standardHelp', false)}
          </>
        )}
        {kind === 'addAgency' && (
          <>
            <Field id="m-agency-kind" label={t('council.agencyKind')}>
              <select id="m-agency-kind" required value={v.agencyKind ?? ''} onChange={(e) => set('agencyKind', e.currentTarget.value)}>
                <option value="">{t('common.choose')}</option>
                {KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}` as Key)}</option>)}
              </select>
            </Field>
            {text('name', 'council.agencyName')}
            {text('admin', 'council.admin', 'council.adminHelp')}
            {text('region', 'council.region', 'staff.queue.regionHelp')}
          </>
        )}
        {kind === 'removeAgency' && agencySelect('agency')}
        {kind === 'agencyAdmin' && (
          <>
            {agencySelect('agency')}
            {text('admin', 'council.admin', 'council.adminHelp')}
          </>
        )}
        {kind === 'reviewSeats' && (
          <>
            {agencySelect('agency')}
            {text('seats', 'council.seats')}
          </>
        )}
        {(kind === 'addNode' || kind === 'removeNode') && text('peer', 'council.peer', 'council.peerHelp')}
        {kind === 'addNode' && text('owner', 'council.owner', 'council.adminHelp')}
        {kind === 'addValidator' && (
          <>
            {agencySelect('agency')}
            <p class="help">{t('council.validatorHelp')}</p>
          </>
        )}
        {kind === 'removeValidator' && agencySelect('agency')}
        {kind === 'sessionLength' && text('blocks', 'council.sessionBlocks', 'council.sessionHelp')}
        {kind === 'upgrade' && (
          <Field id="m-code" label={t('council.code')} help={t('council.codeHelp')}>
            <RuntimeFile id="m-code" onRead={setCode} />
          </Field>
        )}
        <button type="submit" disabled={busy}>{t('council.propose')}</button>
        <ErrorText text={error} />
      </form>
    </section>
  );
}

/** A file input for a runtime; hands the chosen file's bytes to `onRead`. */
function RuntimeFile({ id, onRead }: { id: string; onRead: (code: Uint8Array) => void }) {
  return <input id={id} type="file" accept=".wasm" required onChange={async (e) => onRead(new Uint8Array(await (e.currentTarget.files?.[0]?.arrayBuffer() ?? new ArrayBuffer(0))))} />;
}

/**
 * Whether `code` looks like a runtime: a WebAssembly module (\0asm), usually zstd-compressed by
 * the build (the 8-byte prefix the node recognises).
 */
function isRuntime(code: Uint8Array): boolean {
  const starts = (bytes: number[]) => code.length > 8 && bytes.every((b, i) => code[i] === b);
  return starts([0, 0x61, 0x73, 0x6d]) || starts([0x52, 0xbc, 0x53, 0x76]);
}

/**
 * The runtime upgrade the council authorised, if any, and the form to hand its file in: any
 * node takes it without a signature once its hash is the authorised one (`system.
 * applyAuthorizedUpgrade`), and the chain runs it from the next block if its version is newer.
 */
function AuthorisedUpgrade({ onEnacted }: { onEnacted: () => void }) {
  const [hash, setHash] = useState<string | undefined>();
  const [code, setCode] = useState<Uint8Array | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const load = async () => {
    const { api } = await connect();
    const authorised = (await api.query.system.authorizedUpgrade()) as Json;
    setHash(authorised.isSome ? authorised.unwrap().codeHash.toHex() : undefined);
  };
  useEffect(() => {
    load().catch(() => undefined);
    const timer = setInterval(() => load().catch(() => undefined), 6000);
    return () => clearInterval(timer);
  }, []);
  if (!hash && !done) return null;

  const handIn = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (!code || !isRuntime(code)) return setError(t('council.badCode'));
    const actual = blake2AsHex(code);
    if (actual !== hash) return setError(t('council.wrongCode', { hash: actual }));
    setBusy(true);
    try {
      const { api } = await connect();
      await submitUnsigned(api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)));
      const version = await api.rpc.state.getRuntimeVersion();
      setDone(t('council.upgraded', { version: version.specVersion.toNumber() }));
      await load();
      onEnacted();
    } catch (err) {
      setError(t('council.handInRefused', { reason: err instanceof Failed ? err.error : String((err as Error).message) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="upgrade-title" data-testid="authorised-upgrade">
      <h2 id="upgrade-title">{t('council.upgradeTitle')}</h2>
      {done && <p role="status" class="good" data-testid="upgrade-done">{done}</p>}
      {hash && (
        <form onSubmit={handIn}>
          <p>{t('council.upgradeIntro')}</p>
          <p><code data-testid="authorised-hash">{hash}</code></p>
          <Field id="u-code" label={t('council.handInFile')}>
            <RuntimeFile id="u-code" onRead={setCode} />
          </Field>
          <button type="submit" disabled={busy}>{t('council.handIn')}</button>
          <ErrorText text={error} />
        </form>
      )}
    </section>
  );
}

/** The call a motion of `kind` proposes, from the form's values; throws on bad input. */
function builder(kind: MotionKind, v: Record<string, string>, current: Json, code?: Uint8Array): (api: ApiPromise) => SubmittableExtrinsic<'promise'> {
  const region = () => {
    if (!/^\d{12}$/.test(v.region ?? '')) throw new Error(t('staff.reg.badResidence'));
    return Number(v.region);
  };
  const agency = () => {
    if (!v.agency) throw new Error(t('council.chooseAgency'));
    return Number(v.agency);
  };
  const peer = () => {
    try {
      return u8aToHex(base58.decode((v.peer ?? '').trim()));
    } catch {
      throw new Error(t('council.badPeer'));
    }
  };
  switch (kind) {
    case 'parameters': {
      const pallet = v.pallet ?? PARAMETERS[0].pallet;
      const params = Object.fromEntries(
        Object.keys(current ?? {}).map((k) => {
          const raw = (v[`p.${k}`] ?? '').trim();
          const list = Array.isArray(current[k]);
          const value = list ? raw.split(',').map((x) => x.trim()).filter(Boolean) : raw;
          if ((list ? (value as string[]) : [raw]).some((x) => !/^\d+$/.test(x))) throw new Error(t('council.badNumber', { field: k }));
          return [k, value];
        }),
      );
      return (api) => (api.tx as Json)[pallet].set(params);
    }
    case 'standard': {
      const r = region();
      const amount = (v.standard ?? '').trim() === '' ? null : fen(v.standard);
      if (amount !== null && Number.isNaN(amount)) throw new Error(t('staff.bad.yuan', { field: t('council.standard') }));
      return (api) => api.tx.minimumLiving.setRegionStandard(r, amount);
    }
    case 'addAgency': {
      if (!v.agencyKind) throw new Error(t('council.chooseKind'));
      const r = region();
      return (api) => api.tx.registration.addAgency(v.agencyKind, (v.name ?? '').trim(), (v.admin ?? '').trim(), r);
    }
    case 'removeAgency': {
      const a = agency();
      return (api) => api.tx.registration.removeAgency(a);
    }
    case 'agencyAdmin': {
      const a = agency();
      return (api) => api.tx.registration.setAgencyAdmin(a, (v.admin ?? '').trim());
    }
    case 'reviewSeats': {
      const a = agency();
      if (!/^\d+$/.test(v.seats ?? '')) throw new Error(t('council.badNumber', { field: t('council.seats') }));
      return (api) => api.tx.registration.setReviewSeats(a, Number(v.seats));
    }
    case 'addNode': {
      const p = peer();
      return (api) => api.tx.nodeAuthorization.addWellKnownNode(p, (v.owner ?? '').trim());
    }
    case 'removeNode': {
      const p = peer();
      return (api) => api.tx.nodeAuthorization.removeWellKnownNode(p);
    }
    case 'addValidator': {
      const a = agency();
      return (api) => api.tx.validators.addValidator(a);
    }
    case 'removeValidator': {
      const a = agency();
      return (api) => api.tx.validators.removeValidator(a);
    }
    case 'sessionLength': {
      if (!/^\d+$/.test(v.blocks ?? '')) throw new Error(t('council.badNumber', { field: t('council.sessionBlocks') }));
      return (api) => api.tx.validators.setSessionLength(Number(v.blocks));
    }
    case 'upgrade': {
      if (!code || !isRuntime(code)) throw new Error(t('council.badCode'));
      // The motion carries the runtime's hash, not the runtime (a megabyte in every vote's
      // reading of the proposal): passed, it authorises that code as root (pallet consortium),
      // and anyone then hands the file in (`AuthorisedUpgrade` below).
      const hash = blake2AsHex(code);
      return (api) => api.tx.consortium.dispatchAsRoot(api.tx.system.authorizeUpgrade(hash));
    }
  }
}

