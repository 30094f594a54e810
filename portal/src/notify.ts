// Live notices while the page is open. On every new block the citizen's case list is read again
// through the gateway (their own records only); every change of a case's status or step, and
// every new payment on a schedule, is announced in words in the page's live region.
import type { Account } from './account';
import { connect } from './chain';
import { t, type Key } from './i18n';
import * as records from './records';

export async function watchCases(account: Account, announce: (text: string) => void): Promise<() => void> {
  const { api } = await connect();
  const states = new Map<number, string>();
  const paid = new Map<number, number>();
  let busy = false;

  const check = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const c of await records.cases(account.address)) {
        const state = `${c.status}/${c.step}`;
        const before = states.get(c.id);
        states.set(c.id, state);
        if (before !== undefined && before !== state)
          announce(
            t('notice.caseChanged', {
              id: c.id,
              status: t(`status.${c.status}` as Key),
              step: t(`step.${c.step}` as Key),
            }),
          );
        if (c.status === 'Active') {
          const p = await records.payments(c.id);
          const count = p?.records.length ?? 0;
          const earlier = paid.get(c.id);
          paid.set(c.id, count);
          if (earlier !== undefined && count > earlier) announce(t('notice.payment', { id: c.id }));
        }
      }
    } catch {
      // A missed round is made up at the next block.
    } finally {
      busy = false;
    }
  };

  await check();
  const unsub = await api.rpc.chain.subscribeNewHeads(() => void check());
  return () => unsub();
}
