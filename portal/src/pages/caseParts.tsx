// The parts of a case page the citizen's page (Case.tsx) and the staff's (staff/StaffCase.tsx)
// share: the history, the documents and the access receipts. How a document opens differs (the
// citizen decrypts with their own case key; staff leave an access receipt first), so each page
// passes its own opener.
import type { ComponentChildren } from 'preact';
import { actorText, decisionText } from '../caseText';
import { cidFromChain } from '../documents';
import { t, type Key } from '../i18n';
import type { Json } from '../records';

/** Renders the control that opens document `cid` (a CID as text). */
export type Opener = (cid: string) => ComponentChildren;

/** Every step of the case: what was decided, by whom, when, and its document. `applicant` names
 * the applicant as the page's reader knows them ("you" or "the applicant"). */
export function Timeline({ history, names, when, open, applicant }: { history: Json[]; names: Map<number, string>; when: (block: number) => string; open: Opener; applicant?: Key }) {
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('case.timeline')}</h2>
      <ol class="timeline" data-testid="timeline">
        {history.map((r, i) => (
          <li key={i} data-step={r.step}>
            <strong>{t(`step.${r.step}` as Key)}</strong> — {decisionText(r.decision)}
            <br />
            <span class="help">{actorText(r.actor, names, applicant, r.step)} · {when(r.at)} ({t('case.block', { n: r.at })})</span>
            {r.document && (
              <>
                {' · '}
                {open(cidFromChain(r.document))}
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The documents the application cites. */
export function Documents({ documents, open, help }: { documents: string[]; open: Opener; help?: string }) {
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t('documents.title')}</h2>
      {help && <p class="help">{help}</p>}
      <ul data-testid="documents">
        {documents.map((d) => (
          <li key={d}>
            <code>{cidFromChain(d)}</code> {open(cidFromChain(d))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Every access receipt of the case: who opened which document, for which agency, when. */
export function Receipts({ receipts, title, agencyName, when }: { receipts: Json[]; title: Key; agencyName: (a: number) => string; when: (block: number) => string }) {
  return (
    <section aria-labelledby="receipts-title">
      <h2 id="receipts-title">{t(title)}</h2>
      {receipts.length === 0 ? (
        <p>{t('case.noReceipts')}</p>
      ) : (
        <ul data-testid="receipts">
          {receipts.map((r) => (
            <li key={r.n}>{t('case.receipt', { staff: r.staff, agency: agencyName(r.agency), document: cidFromChain(r.document), when: when(r.at) })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
