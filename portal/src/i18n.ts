// Every string the portal shows comes from messages/<lang>.json. The English file defines the
// keys; the type check makes the Chinese file carry exactly the same ones.
import en from '../messages/en.json';
import zh from '../messages/zh.json';

export type Key = keyof typeof en;
export type Lang = 'en' | 'zh';

const catalogs: Record<Lang, Record<Key, string>> = { en, zh };
const STORAGE = 'safetynet.lang';

function initial(): Lang {
  const saved = localStorage.getItem(STORAGE);
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

let current: Lang = initial();

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem(STORAGE, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

/** The message `key` in the current language, with `{name}` placeholders filled from `vars`. */
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text = catalogs[current][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? `{${name}}`));
}

/** Whether the catalog has `key` (for names that come from the chain, such as checks). */
export function has(key: string): key is Key {
  return key in catalogs.en;
}

/** Money in fen, shown in yuan. */
export function yuan(fen: bigint | number | string): string {
  const value = BigInt(fen);
  const whole = value / 100n;
  const cents = (value % 100n).toString().padStart(2, '0');
  return t('money.yuan', { amount: `${whole}.${cents}` });
}

setLang(current);

/** Yuan as typed (up to two decimals), in fen; NaN when it is not an amount. */
export function fen(text: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) return NaN;
  return Math.round(Number(text) * 100);
}
