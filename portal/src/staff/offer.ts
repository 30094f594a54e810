// Which of the staff steps (steps.ts) the signed-in member may take on a case now, and for the
// others why not: the step waits for another role, another agency, or the applicant. The
// runtime checks again; this only decides what the page offers and what it explains.
import { t, type Key } from '../i18n';
import type { Json } from '../records';
import type { Me } from './session';
import { ACTIONS, MANAGING_ROLE, type StepAction } from './steps';

export type Offer = { action: StepAction; ok: true } | { action?: StepAction; ok: false; why: string };

/** Who the case waits for, in words. */
export function waitsFor(view: Json, agencyName: (id: number) => string): string {
  const a = view.case.assignee;
  if (a === 'Applicant' || (typeof a === 'object' && 'applicant' in a)) return t('staff.waits.applicant');
  if (a === 'Runtime' || (typeof a === 'object' && 'runtime' in a)) return t('staff.waits.nobody');
  if (a === 'Collective' || (typeof a === 'object' && 'collective' in a)) return t('staff.waits.review');
  if (a === 'Joint' || (typeof a === 'object' && 'joint' in a)) return t('staff.waits.joint');
  if ('team' in a) return t('staff.waits.team', { role: t(`role.${a.team.role}` as Key) });
  if ('staff' in a) return t('staff.waits.staff', { role: t(`role.${a.staff.role}` as Key), agency: agencyName(a.staff.agency) });
  return JSON.stringify(a);
}

/** The steps offered to `me` on the case, each available or with the reason it is not. */
export function offers(me: Me, view: Json, jointParties: Json[], agencyName: (id: number) => string): Offer[] {
  const c = view.case;
  const post = me.post;
  const mine = (role: string) => !!post?.roles.includes(role);
  const forService = ACTIONS.filter((a) => a.services.includes('*') || a.services.includes(c.service));
  if (c.status === 'Active' || c.status === 'Suspended') {
    const role = MANAGING_ROLE[c.service];
    const agency = c.decidedBy ?? c.agency;
    return forService
      .filter((a) => a.steps === 'managed' || (Array.isArray(a.steps) && a.steps.includes(c.step) && a.role === role))
      .filter((a) => !a.status || a.status === c.status)
      .map((action) =>
        mine(role) && post!.agency === agency
          ? { action, ok: true }
          : { action, ok: false, why: t('staff.why.manages', { role: t(`role.${role}` as Key), agency: agencyName(agency) }) },
      );
  }
  if (c.status !== 'InReview') return [];
  const a = c.assignee;
  const atStep = forService.filter((x) => Array.isArray(x.steps) && x.steps.includes(c.step));
  if (typeof a === 'object' && 'staff' in a) {
    const { role, agency } = a.staff;
    return atStep
      .filter((x) => x.role === role || x.role === 'assignee')
      .map((action) =>
        mine(role) && post!.agency === agency
          ? { action, ok: true }
          : { action, ok: false, why: t('staff.why.staff', { role: t(`role.${role}` as Key), agency: agencyName(agency) }) },
      );
  }
  if (typeof a === 'object' && 'team' in a) {
    return atStep
      .filter((x) => x.role === a.team.role)
      .map((action) => (mine(a.team.role) ? { action, ok: true } : { action, ok: false, why: t('staff.why.team', { role: t(`role.${a.team.role}` as Key) }) }));
  }
  if (a === 'Runtime' || (typeof a === 'object' && 'runtime' in a)) {
    // A running period (the public notice): the rules wait for it to pass, and then the step's
    // role at the case's agency concludes it (the runtime says whether it is over).
    return atStep
      .filter((x) => x.role !== 'assignee')
      .map((action) =>
        mine(action.role) && post!.agency === c.agency
          ? { action, ok: true }
          : { action, ok: false, why: t('staff.why.staff', { role: t(`role.${action.role}` as Key), agency: agencyName(c.agency) }) },
      );
  }
  if (a === 'Joint' || (typeof a === 'object' && 'joint' in a)) {
    const party = jointParties.find((p) => post && p.agency === post.agency && mine(p.role) && !p.agreed);
    return atStep.map((action) => (party ? { action, ok: true } : { action, ok: false, why: t('staff.why.joint') }));
  }
  return [];
}
