// A staff member's work: the cases waiting for each of their roles in their agency and posting,
// overdue first with their deadlines, filtered by service, step, neighbourhood and age, searched
// by case id or participant code, a page at a time, and exported as CSV.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { bestNumber, blockMillis } from '../../chain';
import { t, type Key } from '../../i18n';
import { contains } from '../../region';
import { SERVICES } from '../../services';
import { matches, NO_FILTER, toCsv, waitingFor, type Filter, type Row } from '../../staff/queues';
import type { Me } from '../../staff/session';
import { blockTime, Field } from '../ui';

const PAGE = 25;
const STEPS = ['Acceptance', 'HouseholdInspection', 'IncomeAccounting', 'DemocraticReview', 'PublicNotice', 'ObjectionReview', 'ConsultationTeam', 'MedicalExamination', 'WelfareHandling', 'AnnualRecheck', 'JointDecision'];

export function Queues({ me }: { me: Me }) {
  const [rows, setRows] = useState<Row[] | undefined>();
  const [best, setBest] = useState(0);
  const [millis, setMillis] = useState(6000);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [page, setPage] = useState(0);
  const [firstRowMs, setFirstRowMs] = useState<number | undefined>();
  const [error, setError] = useState('');

  useEffect(() => {
    let stopped = false;
    const started = performance.now();
    const load = async () => {
      try {
        const b = await bestNumber();
        const list = await waitingFor(me, b);
        if (stopped) return;
        setBest(b);
        setMillis(await blockMillis());
        setRows(list);
        setFirstRowMs((ms) => ms ?? Math.round(performance.now() - started));
      } catch (e) {
        console.error(e);
        setError(t('staff.queue.error'));
      }
    };
    load();
    const timer = setInterval(load, 6000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [me.address]);

  const shown = useMemo(() => (rows ?? []).filter((r) => matches(r, filter, best, contains)), [rows, filter, best]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const current = Math.min(page, pages - 1);
  const slice = shown.slice(current * PAGE, current * PAGE + PAGE);
  const set = (patch: Partial<Filter>) => {
    setFilter({ ...filter, ...patch });
    setPage(0);
  };
  const agencyName = (id: number | null) => (id === null ? '' : me.agencies.find((a) => a.id === id)?.name ?? `#${id}`);
  const exportCsv = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([toCsv(shown)], { type: 'text/csv' }));
    link.download = 'queue.csv';
    link.click();
  };
  const blocksPerDay = Math.round(86_400_000 / millis);

  return (
    <>
      <h1>{t('staff.queue.title')}</h1>
      <p>{t('staff.queue.roles', { roles: (me.post?.roles ?? []).map((r) => t(`role.${r}` as Key)).join(', ') || '—', agency: agencyName(me.post?.agency ?? me.admin ?? null) })}</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('staff.queue.filters')}>
        <Field id="q-search" label={t('staff.queue.search')} help={t('staff.queue.searchHelp')}>
          <input id="q-search" inputMode="numeric" value={filter.search} onInput={(e) => set({ search: e.currentTarget.value })} />
        </Field>
        <Field id="q-service" label={t('staff.queue.service')}>
          <select id="q-service" value={filter.service} onChange={(e) => set({ service: e.currentTarget.value })}>
            <option value="">{t('staff.queue.any')}</option>
            {SERVICES.map((s) => <option key={s.id} value={s.chainName}>{t(s.title)}</option>)}
          </select>
        </Field>
        <Field id="q-step" label={t('staff.queue.step')}>
          <select id="q-step" value={filter.step} onChange={(e) => set({ step: e.currentTarget.value })}>
            <option value="">{t('staff.queue.any')}</option>
            {STEPS.map((s) => <option key={s} value={s}>{t(`step.${s}` as Key)}</option>)}
          </select>
        </Field>
        <Field id="q-region" label={t('staff.queue.region')} help={t('staff.queue.regionHelp')}>
          <input id="q-region" inputMode="numeric" pattern="[0-9]{12}" value={filter.region} onInput={(e) => set({ region: /^\d{12}$/.test(e.currentTarget.value) ? e.currentTarget.value : '' })} />
        </Field>
        <Field id="q-age" label={t('staff.queue.age')}>
          <select id="q-age" value={String(filter.olderThan)} onChange={(e) => set({ olderThan: Number(e.currentTarget.value) })}>
            <option value="0">{t('staff.queue.any')}</option>
            <option value={String(blocksPerDay * 7)}>{t('staff.queue.olderThanDays', { days: 7 })}</option>
            <option value={String(blocksPerDay * 30)}>{t('staff.queue.olderThanDays', { days: 30 })}</option>
          </select>
        </Field>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {rows === undefined ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <p role="status" data-testid="queue-count" data-first-row-ms={firstRowMs}>
            {t('staff.queue.count', { shown: shown.length, all: rows.length })}
          </p>
          {shown.length === 0 ? (
            <p>{t('staff.queue.empty')}</p>
          ) : (
            <table data-testid="queue">
              <caption class="visually-hidden">{t('staff.queue.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('staff.queue.case')}</th>
                  <th scope="col">{t('staff.queue.service')}</th>
                  <th scope="col">{t('staff.queue.step')}</th>
                  <th scope="col">{t('staff.queue.waitsFor')}</th>
                  <th scope="col">{t('staff.queue.code')}</th>
                  <th scope="col">{t('staff.queue.deadline')}</th>
                </tr>
              </thead>
              <tbody>
                {slice.map((r) => {
                  const late = r.due !== null && r.due < best;
                  const spec = SERVICES.find((s) => s.chainName === r.service);
                  return (
                    <tr key={r.id} data-case={r.id}>
                      <td><a href={`#/case/${r.id}`}>{t('staff.queue.caseNo', { id: r.id })}</a></td>
                      <td>{spec ? t(spec.title) : r.service}</td>
                      <td>{t(`step.${r.step}` as Key)}</td>
                      <td>{t(`role.${r.role}` as Key)}</td>
                      <td>{r.applicantCode}</td>
                      <td class={late ? 'overdue' : ''}>
                        {r.due === null ? '—' : `${blockTime(r.due, best, millis)}${late ? ` ${t('case.overdue')}` : ''}`}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <nav class="pager" aria-label={t('staff.queue.pages')}>
            <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>{t('staff.queue.previous')}</button>
            <span>{t('staff.queue.page', { page: current + 1, pages })}</span>
            <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>{t('staff.queue.next')}</button>
            <button type="button" class="link" onClick={exportCsv} disabled={shown.length === 0}>{t('staff.queue.csv')}</button>
          </nav>
        </>
      )}
    </>
  );
}
