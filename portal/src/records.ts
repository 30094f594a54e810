// The citizen's own records, read through the gateway (which refuses anyone else's). Values come
// back as the metadata's types, turned to plain JSON for display.
import { connect } from './chain';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

export interface Registration {
  state: 'none' | 'pending' | 'verified' | 'rejected';
  citizen?: Json;
  request?: Json;
  /** The last request turned down: agency, reason, block (kept until it would have lapsed). */
  rejection?: Json;
}

/** The last rejection of `address`'s request, if the runtime keeps it and there is one. */
async function lastRejection(address: string): Promise<Json | undefined> {
  const { api } = await connect();
  if (!api.query.registration.rejections) return undefined;
  const value = (await api.query.registration.rejections(address)) as Json;
  if (!value.isSome) return undefined;
  const rejection = value.unwrap().toJSON();
  return { ...rejection, agencyName: await agencyName(rejection.agency) };
}

export async function registration(address: string): Promise<Registration> {
  const { api } = await connect();
  const citizen = (await api.query.registration.citizens(address)) as Json;
  if (citizen.isSome) {
    // A registered citizen's amendment may be pending or turned down as well.
    const amendment = (await api.query.registration.pendingRequests(address)) as Json;
    return {
      state: 'verified',
      citizen: citizen.unwrap().toJSON(),
      request: amendment.isSome ? amendment.unwrap().toJSON() : undefined,
      rejection: await lastRejection(address),
    };
  }
  const request = await api.query.registration.pendingRequests(address);
  if ((request as Json).isSome) {
    const pending = (request as Json).unwrap().toJSON();
    return { state: 'pending', request: { ...pending, agencyName: await agencyName(pending.form.agency) } };
  }
  const rejection = await lastRejection(address);
  if (rejection) return { state: 'rejected', rejection };
  return { state: 'none' };
}

/** Agencies, public: id, kind, name, region. */
export async function agencies(): Promise<Json[]> {
  const { api } = await connect();
  const entries = await api.query.registration.agencies.entries();
  return entries
    .map(([key, value]) => ({ id: Number(key.args[0].toString()), ...(value as Json).unwrap().toJSON() }))
    .map((a: Json) => ({ ...a, name: decodeName(a.name) }))
    .sort((a, b) => a.id - b.id);
}

let names: Promise<Map<number, string>> | undefined;

/** An agency's public name, for display ("agency 7" when it is unknown or gone). */
export async function agencyName(id: number): Promise<string> {
  names ??= agencies()
    .then((all) => new Map(all.map((a) => [a.id as number, a.name as string])))
    .catch(() => {
      names = undefined;
      return new Map();
    });
  return (await names).get(id) ?? `#${id}`;
}

function decodeName(hex: string): string {
  if (typeof hex !== 'string' || !hex.startsWith('0x')) return String(hex);
  const bytes = new Uint8Array(hex.slice(2).match(/../g)?.map((b) => parseInt(b, 16)) ?? []);
  return new TextDecoder().decode(bytes);
}

/** The recipient (age1…) an agency's documents are encrypted to, if it registered one. */
export async function agencyRecipient(agency: number): Promise<string | undefined> {
  const { api } = await connect();
  const keys = (await api.query.documents.keysOf(agency)) as Json;
  if (!keys.isSome) return undefined;
  return decodeName(keys.unwrap().recipient.toHex());
}

/** The citizen's cases, newest first. */
export async function cases(address: string): Promise<Json[]> {
  const { api } = await connect();
  const list = (await api.call.casesApi.casesOf(address)) as Json;
  return (list.toJSON() as Json[]).sort((a, b) => b.id - a.id);
}

/** One case with its whole history, or undefined when it is not the citizen's. */
export async function caseView(id: number): Promise<Json | undefined> {
  const { api } = await connect();
  const view = (await api.call.casesApi.case(id)) as Json;
  return view.isSome ? view.unwrap().toJSON() : undefined;
}

/** The case's payment schedule with its recorded payments, if it has one. */
export async function payments(caseId: number): Promise<{ schedule: Json; records: Json[] } | undefined> {
  const { api } = await connect();
  const id = (await api.query.payments.scheduleOf(caseId)) as Json;
  if (!id.isSome) return undefined;
  const scheduleId = id.unwrap();
  const schedule = ((await api.query.payments.schedules(scheduleId)) as Json).unwrap().toJSON();
  const entries = await api.query.payments.records.entries(scheduleId);
  const records = entries.map(([, v]) => (v as Json).unwrap?.().toJSON() ?? v.toJSON());
  records.sort((a: Json, b: Json) => a.seq - b.seq);
  return { schedule, records };
}

/** The seal on an approved case, if there is one. */
export async function seal(caseId: number): Promise<Json | undefined> {
  const { api } = await connect();
  const value = (await api.query.documents.seals(caseId)) as Json;
  return value.isSome ? value.unwrap().toJSON() : undefined;
}

/** Every access to the case's documents: who, for which agency, which document, when. */
export async function receipts(caseId: number): Promise<Json[]> {
  const { api } = await connect();
  const entries = await api.query.documents.accessReceipts.entries(caseId);
  return entries
    .map(([key, v]) => ({ n: Number(key.args[1].toString()), ...(v as Json).unwrap?.().toJSON() }))
    .sort((a, b) => a.n - b.n);
}
