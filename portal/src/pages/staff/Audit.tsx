// The auditor's desk: the overdue steps of every case in the audit office's area (with who the
// case waits for), exported as CSV; any case of the area opened by number, where its full
// history, its access receipts and its seal check are.
import { useEffect, useState } from 'preact/hooks';
import { bestNumber, blockMillis, connect } from '../../chain';
import { t, type Key } from '../../i18n';
import type { Json } from '../../records';
import { SERVICES } from '../../services';
import { sortByUrgency, toCsv, type Row } from '../../staff/queues';
import type { Me } from '../../staff/session';
import { mayView } from '../../staff/visibility';
import { blockTime, Field } from '../ui';

export function Audit({ me }: { me: Me }) {
  const [rows, setRows] = useState<Row[] | undefined>();
  const [best, setBest] = useState(0);
  const [millis, setMillis] = useState(6000);
  const [lookup, setLookup] = useState('');
  const auditor = !!me.post?.roles.includes('Auditor');

  useEffect(() => {
    if (!auditor) return;
    (async () => {
      const { api } = await connect();
      const b = await bestNumber();
      const list = (((await api.call.casesApi.overdue()) as Json).toJSON() as Json[])
        .map((s) => ({ ...s, id: Number(s.id), region: Number(s.region), applicantCode: Number(s.applicantCode), assignedTo: s.assignedTo ?? null, due: s.due ?? null, role: 'Auditor', team: false }) as Row)
        .filter((r) => mayView(me, { agency: r.agency, assignedTo: r.assignedTo, region: r.region, step: r.step }).ok);
      setBest(b);
      setMillis(await blockMillis());
      setRows(sortByUrgency(list, b));
    })().catch(() => setRows([]));
  }, [me.address]);

  if (!auditor) return <p role="alert" data-testid="not-auditor">{t('audit.notAuditor')}</p>;
  const exportCsv = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([toCsv(rows ?? [])], { type: 'text/csv' }));
    link.download = 'overdue.csv';
    link.click();
  };
  const name = (id: number) => me.agencies.find((a) => a.id === id)?.name ?? `#${id}`;

  return (
    <>
      <h1>{t('audit.title')}</h1>
      <form onSubmit={(e) => { e.preventDefault(); if (/^\d+$/.test(lookup.trim())) location.hash = `#/case/${lookup.trim()}`; }}>
        <Field id="audit-case" label={t('audit.case')} help={t('audit.caseHelp')}>
          <input id="audit-case" inputMode="numeric" value={lookup} onInput={(e) => setLookup(e.currentTarget.value)} />
        </Field>
        <button type="submit">{t('audit.open')}</button>
      </form>
      <section aria-labelledby="overdue-title">
        <h2 id="overdue-title">{t('audit.overdue')}</h2>
        {rows === undefined ? (
          <p>{t('common.loading')}</p>
        ) : rows.length === 0 ? (
          <p data-testid="overdue-empty">{t('audit.noneOverdue')}</p>
        ) : (
          <table data-testid="overdue">
            <thead>
              <tr>
                <th scope="col">{t('staff.queue.case')}</th>
                <th scope="col">{t('staff.queue.service')}</th>
                <th scope="col">{t('staff.queue.step')}</th>
                <th scope="col">{t('case.agency')}</th>
                <th scope="col">{t('staff.queue.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const spec = SERVICES.find((s) => s.chainName === r.service);
                return (
                  <tr key={r.id}>
                    <td><a href={`#/case/${r.id}`}>{t('staff.queue.caseNo', { id: r.id })}</a></td>
                    <td>{spec ? t(spec.title) : r.service}</td>
                    <td>{t(`step.${r.step}` as Key)}</td>
                    <td>{name(r.assignedTo ?? r.agency)}</td>
                    <td class="overdue">{r.due === null ? '—' : blockTime(r.due, best, millis)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <button type="button" class="link" onClick={exportCsv} disabled={!rows?.length}>{t('staff.queue.csv')}</button>
      </section>
    </>
  );
}
