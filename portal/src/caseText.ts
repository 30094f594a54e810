// How a case's history reads in words, for the citizen's case page and the staff's alike: who
// acted (a role at an agency, the automatic rules, the review with its vote) and what was decided.
import { t, type Key } from './i18n';
import type { Json } from './records';

/** The actor of a step. `applicant` is how the applicant is named: "you" to the citizen. A
 * collective at the medical examination is the consultation team, elsewhere the review. */
export function actorText(actor: Json, agencyNames: Map<number, string>, applicant: Key = 'actor.applicant', step?: string): string {
  // A unit variant reads back as 'Runtime' or, beside variants with data, as { runtime: null }.
  if (actor === 'Runtime' || (typeof actor === 'object' && 'runtime' in actor)) return t('actor.runtime');
  if (actor === 'Council' || (typeof actor === 'object' && 'council' in actor)) return t('actor.council');
  if ('applicant' in actor) return t(applicant);
  if ('participant' in actor) return t('actor.participant');
  if ('staff' in actor)
    return t('actor.staff', {
      role: t(`role.${actor.staff.role}` as Key),
      agency: agencyNames.get(actor.staff.agency) ?? actor.staff.agency,
    });
  if ('collective' in actor)
    return t(step === 'MedicalExamination' ? 'actor.team' : 'actor.collective', { ayes: actor.collective.ayes, of: actor.collective.of });
  return JSON.stringify(actor);
}

/** What was decided at a step. */
export function decisionText(decision: Json): string {
  if (typeof decision === 'string') return t(`decision.${decision}` as Key);
  const [name, value] = Object.entries(decision)[0] as [string, Json];
  const key = `decision.${name[0].toUpperCase()}${name.slice(1)}`;
  if (name === 'checksFailed') return t('decision.ChecksFailed', { checks: (value as string[]).map((c) => t(`check.${c}` as Key)).join(', ') });
  return t(key as Key);
}
