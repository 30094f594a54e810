// Which cases a signed-in member of the consortium sees in the workbench: the one place for the
// rule. It mirrors who the runtime lets act (pallets/cases, `authorize_staff`): staff see the
// cases of their own agency (filed with it, waiting for it, or decided by it) in the part of its
// area they are posted to; a team role sees the cases waiting for that team; the review team
// sees the cases under review; auditors see every case in their office's area.
//
// The chain's state is readable by every consortium node, so this is what the workbench shows,
// not a secret kept from staff with RPC access (docs/privacy.md). What protects the documents
// is the case key, released only against an access receipt.
import type { Key } from '../i18n';
import type { Json } from '../records';
import { contains } from '../region';
import type { Me } from './session';

export type Visibility = { ok: true } | { ok: false; reason: Key };

/** The facts of a case the rule needs: from a queue's summary or from the whole case. */
export interface CaseFacts {
  agency: number;
  assignedTo?: number | null;
  decidedBy?: number | null;
  region: number;
  step: string;
  /** The assignee, when the whole case is at hand ({ team: { role } }, 'Collective', …). */
  assignee?: Json;
  /** Agencies whose staff acted on the case. */
  actedFor?: number[];
}

export function mayView(me: Me, c: CaseFacts): Visibility {
  const post = me.post;
  if (!post && me.admin === undefined) return { ok: false, reason: 'staff.refused.notStaff' };
  const agency = post?.agency ?? me.admin!;
  const area = me.agencies.find((a) => a.id === agency)?.region;
  const ours = [c.agency, c.assignedTo, c.decidedBy, ...(c.actedFor ?? [])].includes(agency);
  const where = post && !post.agencyWide ? post.region : area;
  if (ours && where !== undefined && contains(Number(where), c.region)) return { ok: true };
  if (post?.roles.includes('Auditor') && area !== undefined && contains(Number(area), c.region)) return { ok: true };
  const team = c.assignee && typeof c.assignee === 'object' && 'team' in c.assignee ? c.assignee.team.role : undefined;
  if (team && post?.roles.includes(team)) return { ok: true };
  if (c.step === 'DemocraticReview' && me.reviewer) return { ok: true };
  if (ours) return { ok: false, reason: 'staff.refused.outsidePost' };
  return { ok: false, reason: 'staff.refused.otherAgency' };
}

/** The facts of a whole case (`casesApi.case`'s answer, as JSON). */
export function factsOf(view: Json): CaseFacts {
  const c = view.case;
  const assignee = c.assignee;
  const assignedTo = assignee && typeof assignee === 'object' && 'staff' in assignee ? assignee.staff.agency : null;
  return {
    agency: c.agency,
    assignedTo,
    decidedBy: c.decidedBy,
    region: Number(c.region),
    step: c.step,
    assignee,
    actedFor: view.history.flatMap((r: Json) => (r.actor?.staff ? [r.actor.staff.agency] : [])),
  };
}
