// Live notices while the page is open. On every new block the citizen's case list is read again
// through the gateway (their own records only); every change of a case's status or step, and
// every new payment on a schedule, is announced in words in the page's live region.
import type { Account } from './account';
import { connect } from './chain';
import type { Key } from './i18n';
import * as records from './records';

/** A notice, kept as a message and its values so it shows in whichever language is chosen. */
export interface Notice {
  key: Key;
  vars: Record<string, string | number>;
  /** Message keys among `vars`, translated when shown. */
  translate: string[];
}

export async function watchCases(account: Account, announce: (notice: Notice) => void): Promise<() => void> {
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
          announce({
            key: 'notice.caseChanged',
            vars: { id: c.id, status: `status.${c.status}`, step: `step.${c.step}` },
            translate: ['status', 'step'],
          });
        if (c.status === 'Active') {
          const p = await records.payments(c.id);
          const count = p?.records.length ?? 0;
          const earlier = paid.get(c.id);
          paid.set(c.id, count);
          if (earlier !== undefined && count > earlier) announce({ key: 'notice.payment', vars: { id: c.id }, translate: [] });
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
