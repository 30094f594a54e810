// No account unlocked yet: unlock the one kept in this browser, create one (the mnemonic shown
// once), import a Polkadot.js JSON backup, or use an extension's account.
import { useState } from 'preact/hooks';
import * as accounts from '../account';
import type { Account } from '../account';
import { signIn } from '../chain';
import { t } from '../i18n';
import { Field, ErrorText } from './ui';

export function Welcome({ onAccount }: { onAccount: (a: Account) => void }) {
  const stored = accounts.storedBackup();
  const [mode, setMode] = useState<'unlock' | 'create' | 'import' | 'extension'>(stored ? 'unlock' : 'create');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const enter = async (work: () => Promise<Account>, failure: Parameters<typeof t>[0]) => {
    setBusy(true);
    setError('');
    try {
      const account = await work();
      await signIn(account);
      onAccount(account);
    } catch (e) {
      console.error(e);
      setError(t(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t('welcome.title')}</h1>
      <p>{t('welcome.intro')}</p>
      <div class="tabs" role="group" aria-label={t('welcome.choose')}>
        {stored && <button type="button" aria-pressed={mode === 'unlock'} onClick={() => setMode('unlock')}>{t('welcome.unlock')}</button>}
        <button type="button" aria-pressed={mode === 'create'} onClick={() => setMode('create')}>{t('welcome.create')}</button>
        <button type="button" aria-pressed={mode === 'import'} onClick={() => setMode('import')}>{t('welcome.import')}</button>
        <button type="button" aria-pressed={mode === 'extension'} onClick={() => setMode('extension')}>{t('welcome.extension')}</button>
      </div>
      {mode === 'unlock' && stored && <Unlock name={String(stored.meta.name ?? stored.address)} busy={busy} onUnlock={(pw) => enter(() => accounts.unlock(pw), 'error.password')} />}
      {mode === 'create' && <Create busy={busy} onCreate={(m, n, pw) => enter(() => accounts.create(m, n, pw), 'error.create')} />}
      {mode === 'import' && <Import busy={busy} onImport={(text, pw) => enter(() => accounts.importBackup(text, pw), 'error.import')} />}
      {mode === 'extension' && <Extension onPick={(a) => enter(async () => a, 'error.signIn')} />}
      <ErrorText text={error} />
    </section>
  );
}

function Unlock({ name, busy, onUnlock }: { name: string; busy: boolean; onUnlock: (pw: string) => void }) {
  const [password, setPassword] = useState('');
  return (
    <form onSubmit={(e) => { e.preventDefault(); onUnlock(password); }}>
      <p>{t('welcome.storedAccount', { name })}</p>
      <Field id="unlock-password" label={t('field.password')}>
        <input id="unlock-password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={busy}>{t('welcome.unlockButton')}</button>
    </form>
  );
}

function Create({ busy, onCreate }: { busy: boolean; onCreate: (mnemonic: string, name: string, pw: string) => void }) {
  const [mnemonic, setMnemonic] = useState('');
  const [written, setWritten] = useState(false);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again !== '' && again !== password;
  if (!mnemonic)
    return (
      <div>
        <p>{t('create.explain')}</p>
        <button type="button" onClick={async () => setMnemonic(await accounts.newMnemonic())}>{t('create.start')}</button>
      </div>
    );
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (!mismatch && written) onCreate(mnemonic, name, password); }}>
      {!written && (
        <div class="mnemonic-box">
          <p>{t('create.writeDown')}</p>
          <p class="mnemonic" data-testid="mnemonic">{mnemonic}</p>
          <button type="button" onClick={() => setWritten(true)}>{t('create.written')}</button>
        </div>
      )}
      {written && (
        <>
          <p>{t('create.mnemonicHidden')}</p>
          <Field id="create-name" label={t('field.accountName')}>
            <input id="create-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </Field>
          <Field id="create-password" label={t('field.password')} help={t('create.passwordHelp')}>
            <input id="create-password" type="password" autocomplete="new-password" minLength={8} required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </Field>
          <Field id="create-again" label={t('field.passwordAgain')} error={mismatch ? t('error.passwordsDiffer') : ''}>
            <input id="create-again" type="password" autocomplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
          </Field>
          <button type="submit" disabled={busy || mismatch}>{t('create.button')}</button>
        </>
      )}
    </form>
  );
}

function Import({ busy, onImport }: { busy: boolean; onImport: (text: string, pw: string) => void }) {
  const [text, setText] = useState('');
  const [password, setPassword] = useState('');
  return (
    <form onSubmit={(e) => { e.preventDefault(); onImport(text, password); }}>
      <Field id="import-file" label={t('field.backupFile')}>
        <input id="import-file" type="file" accept="application/json,.json" required onChange={async (e) => setText(await e.currentTarget.files![0].text())} />
      </Field>
      <Field id="import-password" label={t('field.password')}>
        <input id="import-password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={busy || !text}>{t('import.button')}</button>
    </form>
  );
}

function Extension({ onPick }: { onPick: (a: Account) => void }) {
  const [found, setFound] = useState<Account[] | undefined>();
  return (
    <div>
      <p>{t('extension.explain')}</p>
      <button type="button" onClick={async () => setFound(await accounts.extensionAccounts().catch(() => []))}>{t('extension.look')}</button>
      {found && found.length === 0 && <p role="alert">{t('extension.none')}</p>}
      {found && found.length > 0 && (
        <ul>
          {found.map((a) => (
            <li key={a.address}>
              <button type="button" onClick={() => onPick(a)}>{t('extension.use', { name: a.name })}</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
