// The cases waiting for a member of the consortium, read from the runtime's queues
// (`casesApi.queue`): for each of their roles, the cases waiting for that role at their agency,
// and those waiting for a team or the review collective that role sits on. Auditors get the
// overdue cases of their area. Filtered by `mayView`, overdue first, then by deadline.
import { connect } from '../chain';
import type { Json } from '../records';
import type { Me } from './session';
import { mayView } from './visibility';

export interface Row {
  id: number;
  service: string;
  status: string;
  step: string;
  agency: number;
  assignedTo: number | null;
  applicantCode: number;
  region: number;
  openedAt: number;
  due: number | null;
  /** The role of the member the case waits for. */
  role: string;
  /** Waiting for a team or the review collective that role sits on, not for an agency. */
  team: boolean;
}

/** Every case waiting for `me`, as rows; `best` decides what is overdue. */
export async function waitingFor(me: Me, best: number): Promise<Row[]> {
  const { api } = await connect();
  const post = me.post;
  if (!post) return [];
  const asks: [string, number | null][] = [];
  for (const role of post.roles) {
    if (role === 'Auditor') continue;
    asks.push([role, post.agency], [role, null]);
  }
  const rows = new Map<number, Row>();
  const lists = await Promise.all(asks.map(([role, agency]) => api.call.casesApi.queue(role, agency).then((l) => [role, l] as const)));
  lists.forEach(([role, list], i) => {
    const team = asks[i][1] === null;
    for (const s of (list as Json).toJSON() as Json[]) rows.set(s.id, { ...toRow(s), role, team });
  });
  if (post.roles.includes('Auditor')) {
    for (const s of ((await api.call.casesApi.overdue()) as Json).toJSON() as Json[]) {
      if (!rows.has(s.id)) rows.set(s.id, { ...toRow(s), role: 'Auditor', team: false });
    }
  }
  // A team's queue names no agency: the rule needs to know which team the case waits for.
  const visible = [...rows.values()].filter(
    (r) => mayView(me, { agency: r.agency, assignedTo: r.assignedTo, region: r.region, step: r.step, assignee: r.team ? { team: { role: r.role } } : undefined }).ok,
  );
  return sortByUrgency(visible, best);
}

function toRow(s: Json): Omit<Row, 'role' | 'team'> {
  return {
    id: Number(s.id),
    service: s.service,
    status: s.status,
    step: s.step,
    agency: s.agency,
    assignedTo: s.assignedTo ?? null,
    applicantCode: Number(s.applicantCode),
    region: Number(s.region),
    openedAt: s.openedAt,
    due: s.due ?? null,
  };
}

/** Overdue first, then the nearest deadline, then the oldest case. */
export function sortByUrgency(rows: Row[], best: number): Row[] {
  const key = (r: Row) => [r.due !== null && r.due < best ? 0 : 1, r.due ?? Number.MAX_SAFE_INTEGER, r.id];
  return rows.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

export interface Filter {
  service: string;
  step: string;
  /** A region code (a neighbourhood, or any level above): rows inside it. */
  region: string;
  /** Only cases opened at least this many blocks ago (0: any). */
  olderThan: number;
  /** A case id or a participant code. */
  search: string;
}

export const NO_FILTER: Filter = { service: '', step: '', region: '', olderThan: 0, search: '' };

export function matches(r: Row, f: Filter, best: number, inRegion: (outer: number, inner: number) => boolean): boolean {
  if (f.service && r.service !== f.service) return false;
  if (f.step && r.step !== f.step) return false;
  if (f.region && !inRegion(Number(f.region), r.region)) return false;
  if (f.olderThan && best - r.openedAt < f.olderThan) return false;
  const q = f.search.trim();
  if (q && String(r.id) !== q && String(r.applicantCode) !== q) return false;
  return true;
}

/** The rows as CSV, with a header line. */
export function toCsv(rows: Row[]): string {
  const head = ['case', 'service', 'status', 'step', 'agency', 'assigned_to', 'participant_code', 'region', 'opened_at', 'due', 'role'];
  const lines = rows.map((r) => [r.id, r.service, r.status, r.step, r.agency, r.assignedTo ?? '', r.applicantCode, r.region, r.openedAt, r.due ?? '', r.role].join(','));
  return [head.join(','), ...lines].join('\n') + '\n';
}
