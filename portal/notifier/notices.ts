// Which events of a finalized block the citizens who opted in hear about, and in what words
// (Chinese and English): every change of their case's status or step, and every payment.
import type { ApiPromise } from '@polkadot/api';
import type { Notice } from './store';

const STATUS: Record<string, [string, string]> = {
  AwaitingCorrection: ['needs your correction', '待您更正'],
  InReview: ['in review', '审核中'],
  Suspended: ['suspended', '已暂停'],
  Active: ['approved', '已批准'],
  Rejected: ['rejected', '未获批准'],
  Withdrawn: ['withdrawn', '已撤回'],
  Closed: ['closed', '已结束'],
};

function yuan(fen: string): string {
  const v = BigInt(fen);
  return `¥${v / 100n}.${(v % 100n).toString().padStart(2, '0')}`;
}

/** The notices of the block `hash` (number `number`) for accounts in `subscribed`. */
export async function noticesOf(
  api: ApiPromise,
  hash: string,
  number: number,
  subscribed: (account: string) => boolean,
  portal: string,
): Promise<Notice[]> {
  const at = await api.at(hash);
  const events = (await at.query.system.events()) as unknown as { event: { section: string; method: string; data: { toJSON(): unknown } & unknown[] } }[];
  const notices: Notice[] = [];
  const applicantOf = async (caseId: number): Promise<string | undefined> => {
    const c = (await at.query.cases.cases(caseId)) as unknown as { isSome: boolean; unwrap(): { applicant: { toString(): string } } };
    return c.isSome ? c.unwrap().applicant.toString() : undefined;
  };
  const statusOf = async (caseId: number): Promise<string> => {
    const c = (await at.query.cases.cases(caseId)) as unknown as { isSome: boolean; unwrap(): { status: { toString(): string } } };
    return c.isSome ? c.unwrap().status.toString() : 'Closed';
  };
  for (const [index, { event }] of events.entries()) {
    const id = `${number}-${index}`;
    const data = event.data.toJSON() as Record<string, never>[] | Record<string, never>;
    const field = (name: string, position: number) =>
      Array.isArray(data) ? data[position] : (data as Record<string, never>)[name];
    const link = (caseId: number) => `${portal}/#/case/${caseId}`;
    if (event.section === 'cases' && ['CaseOpened', 'ChecksFailed', 'CaseResubmitted', 'CaseAdvanced'].includes(event.method)) {
      const caseId = Number(field('case', 0));
      const account = await applicantOf(caseId);
      if (!account || !subscribed(account)) continue;
      const [en, zh] = STATUS[await statusOf(caseId)] ?? ['changed', '已变更'];
      notices.push({
        id,
        account,
        subject: { en: `Case ${caseId}: ${en}`, zh: `案件 ${caseId}：${zh}` },
        body: {
          en: `Your case ${caseId} is now ${en} (block ${number}). See every step: ${link(caseId)}`,
          zh: `您的案件 ${caseId} 现在为：${zh}（区块 ${number}）。查看全部环节：${link(caseId)}`,
        },
      });
    }
    if (event.section === 'payments' && event.method === 'PaymentMade') {
      const caseId = Number(field('case', 1));
      const [payer, payee] = [String(field('payer', 3)), String(field('payee', 4))];
      const amount = yuan(String(field('amount', 5)));
      const applicant = await applicantOf(caseId);
      if (applicant && payee === applicant && subscribed(payee))
        notices.push({
          id,
          account: payee,
          subject: { en: `Case ${caseId}: ${amount} paid to you`, zh: `案件 ${caseId}：已向您支付 ${amount}` },
          body: {
            en: `A payment of ${amount} for case ${caseId} reached your account (block ${number}). ${link(caseId)}`,
            zh: `案件 ${caseId} 的一笔 ${amount} 款项已到账（区块 ${number}）。${link(caseId)}`,
          },
        });
      if (applicant && payer === applicant && subscribed(payer))
        notices.push({
          id,
          account: payer,
          subject: { en: `Case ${caseId}: premium of ${amount} withheld`, zh: `案件 ${caseId}：已代扣保费 ${amount}` },
          body: {
            en: `A premium of ${amount} for case ${caseId} was withheld from your account (block ${number}). ${link(caseId)}`,
            zh: `案件 ${caseId} 的保费 ${amount} 已从您的账户代扣（区块 ${number}）。${link(caseId)}`,
          },
        });
    }
  }
  return notices;
}
