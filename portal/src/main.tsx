// The portal's shell: language switch, the citizen's account, a hash router over the pages, and
// a live region where changes to the citizen's cases are announced while the page is open.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Account } from './account';
import { lang, setLang, t } from './i18n';
import { Welcome } from './pages/Welcome';
import { Home } from './pages/Home';
import { Register } from './pages/Register';
import { Apply } from './pages/Apply';
import { CasePage } from './pages/Case';
import { watchCases, type Notice } from './notify';
import type { Key } from './i18n';
import { viaGateway } from './chain';
import { isConsortium, whoAmI, type Me } from './staff/session';
import { Queues } from './pages/staff/Queues';
import { StaffCase } from './pages/staff/StaffCase';
import { Registrations, verifierAgency } from './pages/staff/Registrations';
import { Council } from './pages/staff/Council';
import { Agency } from './pages/staff/Agency';
import { Audit } from './pages/staff/Audit';

function useRoute(): string {
  const [route, setRoute] = useState(location.hash.slice(1) || '/');
  useEffect(() => {
    const onHash = () => setRoute(location.hash.slice(1) || '/');
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

function App() {
  const [, setLanguage] = useState(lang());
  const [account, setAccount] = useState<Account | undefined>();
  const [notices, setNotices] = useState<Notice[]>([]);
  const route = useRoute();
  // Who the account is on this origin: null behind the citizen gateway (the citizen portal),
  // the consortium member on an agency's own node (the staff workbench).
  const [me, setMe] = useState<Me | null | undefined>();

  useEffect(() => {
    setMe(undefined);
    if (!account) return;
    viaGateway()
      .then(async (gateway) => setMe(gateway ? null : await whoAmI(account.address)))
      .catch(() => setMe(null));
  }, [account]);

  useEffect(() => {
    if (!account || me !== null) return;
    let stop: (() => void) | undefined;
    watchCases(account, (notice) => setNotices((n) => [notice, ...n].slice(0, 3))).then((s) => (stop = s));
    return () => stop?.();
  }, [account, me]);

  const switchLanguage = () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    setLanguage(lang());
  };

  let page;
  const staff = !!me;
  if (!account) page = <Welcome onAccount={setAccount} />;
  else if (me === undefined) page = <p>{t('common.loading')}</p>;
  else if (me && !isConsortium(me)) page = <p role="alert" data-testid="no-post">{t('staff.noPost', { address: account.address })}</p>;
  else if (me && route === '/audit') page = <Audit me={me} />;
  else if (me && route === '/agency') page = <Agency account={account} me={me} />;
  else if (me && route === '/council') page = <Council account={account} me={me} />;
  else if (me && route === '/registrations') page = <Registrations account={account} me={me} />;
  else if (me && route.startsWith('/case/')) page = <StaffCase account={account} me={me} id={Number(route.slice(6))} />;
  else if (me) page = <Queues me={me} />;
  else if (route === '/register') page = <Register account={account} />;
  else if (route.startsWith('/apply/')) page = <Apply account={account} serviceId={route.slice(7).split('/')[0]} />;
  else if (route.startsWith('/case/')) page = <CasePage account={account} id={Number(route.slice(6))} />;
  else page = <Home account={account} />;

  return (
    <>
      <a class="skip" href="#main">{t('nav.skip')}</a>
      <header>
        <a class="brand" href="#/">{t(staff ? 'app.workbench' : 'app.title')}</a>
        <nav aria-label={t('nav.label')}>
          {account && staff && <a href="#/">{t('nav.queue')}</a>}
          {account && me && verifierAgency(me) !== undefined && <a href="#/registrations">{t('nav.registrations')}</a>}
          {account && me?.post?.roles.includes('Auditor') && <a href="#/audit">{t('nav.audit')}</a>}
          {account && me?.admin !== undefined && <a href="#/agency">{t('nav.agency')}</a>}
          {account && me?.council && <a href="#/council">{t('nav.council')}</a>}
          {account && me === null && <a href="#/">{t('nav.home')}</a>}
          {account && me === null && <a href="#/register">{t('nav.register')}</a>}
          <button type="button" class="link" onClick={switchLanguage} lang={lang() === 'zh' ? 'en' : 'zh-CN'}>
            {t('nav.otherLanguage')}
          </button>
          {account && (
            <button type="button" class="link" onClick={() => setAccount(undefined)}>
              {t('nav.lock')}
            </button>
          )}
        </nav>
      </header>
      <div class="notices" role="status" aria-live="polite">
        {notices.map((n, i) => (
          <p key={i} class="notice">
            {t(n.key, Object.fromEntries(Object.entries(n.vars).map(([k, v]) => [k, n.translate.includes(k) ? t(v as Key) : v])))}
          </p>
        ))}
        {notices.length > 0 && (
          <button type="button" class="link" onClick={() => setNotices([])}>
            {t('notice.dismiss')}
          </button>
        )}
      </div>
      <main id="main" tabIndex={-1} class={staff ? 'wide' : undefined}>{page}</main>
      <footer class={staff ? 'wide' : undefined}>
        {account && <p>{t('footer.signedIn', { name: account.name, address: account.address })}</p>}
      </footer>
    </>
  );
}

render(<App />, document.getElementById('app')!);
