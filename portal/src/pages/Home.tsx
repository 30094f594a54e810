// The citizen's overview: their registration, the services they may apply for, their cases, and
// their account backup.
import { useEffect, useState } from 'preact/hooks';
import type { Account } from '../account';
import { exportBackup } from '../account';
import { identityToRecipient } from '../documents';
import { t, type Key } from '../i18n';
import * as records from '../records';
import { SERVICES, serviceByChainName } from '../services';

export function Home({ account }: { account: Account }) {
  const [reg, setReg] = useState<records.Registration | undefined>();
  const [cases, setCases] = useState<records.Json[]>([]);
  useEffect(() => {
    const load = () => {
      records.registration(account.address).then(setReg).catch(() => undefined);
      records.cases(account.address).then(setCases).catch(() => undefined);
    };
    load();
    const timer = setInterval(load, 6000);
    return () => clearInterval(timer);
  }, [account.address]);

  const [recipient, setRecipient] = useState('');
  useEffect(() => {
    identityToRecipient(account.documentIdentity).then(setRecipient);
  }, [account.documentIdentity]);
  const roles: string[] = reg?.citizen?.roles ?? [];
  const download = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([exportBackup()], { type: 'application/json' }));
    link.download = `safetynet-${account.address}.json`;
    link.click();
  };

  return (
    <>
      <h1>{t('home.title')}</h1>
      <section aria-labelledby="reg-title">
        <h2 id="reg-title">{t('home.registration')}</h2>
        {!reg && <p>{t('common.loading')}</p>}
        {reg?.state === 'none' && (
          <p data-testid="registration-state">
            {t('home.notRegistered')} <a href="#/register">{t('home.registerNow')}</a>
          </p>
        )}
        {reg?.state === 'pending' && <p data-testid="registration-state">{t('home.pending', { agency: reg.request.agencyName })}</p>}
        {reg?.state === 'rejected' && (
          <p data-testid="registration-state">
            {t('home.rejected', { reason: t(`rejection.${reg.rejection.reason}` as Key) })} <a href="#/register">{t('home.registerNow')}</a>
          </p>
        )}
        {reg?.state === 'verified' && (
          <p data-testid="registration-state">
            {t('home.verified', {
              code: reg.citizen.code,
              roles: roles.map((r) => t(`role.${r}` as Key)).join(', '),
            })}
          </p>
        )}
      </section>
      <section aria-labelledby="services-title">
        <h2 id="services-title">{t('home.services')}</h2>
        <ul class="cards">
          {SERVICES.map((s) => {
            const allowed = s.roles.some((r) => roles.includes(r));
            return (
              <li key={s.id} class="card">
                <h3>{t(s.title)}</h3>
                <p>{t(s.summary)}</p>
                {allowed ? (
                  <a class="button" href={`#/apply/${s.id}`}>{t('home.apply')}</a>
                ) : (
                  <p class="help">{t('home.needsRole')}</p>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="cases-title">
        <h2 id="cases-title">{t('home.cases')}</h2>
        {cases.length === 0 && <p>{t('home.noCases')}</p>}
        {cases.length > 0 && (
          <table>
            <caption class="visually-hidden">{t('home.cases')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('case.number')}</th>
                <th scope="col">{t('case.service')}</th>
                <th scope="col">{t('case.status')}</th>
                <th scope="col">{t('case.step')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => {
                const spec = serviceByChainName(c.service);
                return (
                  <tr key={c.id}>
                    <td><a href={`#/case/${c.id}`}>{t('case.link', { id: c.id })}</a></td>
                    <td>{spec ? t(spec.title) : c.service}</td>
                    <td data-testid={`case-status-${c.id}`}>{t(`status.${c.status}` as Key)}</td>
                    <td>{t(`step.${c.step}` as Key)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="backup-title">
        <h2 id="backup-title">{t('home.backup')}</h2>
        <p>{t('home.backupExplain')}</p>
        <button type="button" onClick={download}>{t('home.export')}</button>
        <p>{t('home.documentKey')}</p>
        <p><code data-testid="document-recipient">{recipient}</code></p>
      </section>
    </>
  );
}
