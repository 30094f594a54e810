// The democratic review of a case: a member proposes to approve or reject it, the team votes,
// and anyone of the team closes the motion once it has carried, can no longer carry, or its
// time is up. The tally, the threshold and the deadline are the review collective's own.
import { useEffect, useState } from 'preact/hooks';
import type { Account } from '../../account';
import { connect, submitChecked } from '../../chain';
import { t } from '../../i18n';
import type { Json } from '../../records';
import * as staffDocs from '../../staff/documents';
import type { Me } from '../../staff/session';
import { blockTime, ErrorText, Field } from '../ui';
import { useSigned } from './useSigned';

interface Tally {
  proposer: string;
  approve: boolean;
  ayes: string[];
  nays: string[];
  threshold: number;
  end: number;
}

export function ReviewPanel({ account, me, id, best, millis, onDone }: { account: Account; me: Me; id: number; best: number; millis: number; onDone: () => void }) {
  const [tally, setTally] = useState<Tally | null | undefined>();
  const [approve, setApprove] = useState('');
  const [minutes, setMinutes] = useState('');
  const { busy, error, done, run: signed } = useSigned();

  const load = async () => {
    const { api } = await connect();
    const motion = (await api.query.democraticReview.motions(id)) as Json;
    if (!motion.isSome) return setTally(null);
    // Read as JSON: `hash` on a codec object is the hash of its own encoding, not the field.
    const m = motion.unwrap().toJSON() as Json;
    const voting = (await api.query.reviewTeam.voting(m.hash)) as Json;
    if (!voting.isSome) return setTally(null);
    const v = voting.unwrap();
    setTally({
      proposer: String(m.proposer),
      approve: Boolean(m.approve),
      ayes: v.ayes.map((a: Json) => a.toString()),
      nays: v.nays.map((a: Json) => a.toString()),
      threshold: v.threshold.toNumber(),
      end: v.end.toNumber(),
    });
  };
  useEffect(() => {
    load().catch((e) => {
      console.error('reading the motion', e);
      setTally(null);
    });
  }, [id, best]);

  const run = (work: () => Promise<void>, message: string) =>
    signed(work, message, async () => {
      await load();
      onDone();
    });
  const api = async () => (await connect()).api;
  const propose = (e: Event) => {
    e.preventDefault();
    run(async () => {
      const cid = minutes.trim() ? await staffDocs.write(account, id, me.post!.agency, minutes) : null;
      await submitChecked((await api()).tx.democraticReview.propose(id, approve === 'yes', cid), account);
    }, t('review.proposed'));
  };
  const vote = (aye: boolean) => run(async () => void (await submitChecked((await api()).tx.democraticReview.vote(id, aye), account)), t('review.voted'));
  const close = () => run(async () => void (await submitChecked((await api()).tx.democraticReview.close(id), account)), t('review.closed'));
  const voted = tally && [...tally.ayes, ...tally.nays].some((a) => a === me.address);

  return (
    <section class="card" aria-labelledby="review-title" data-testid="review">
      <h3 id="review-title">{t('review.title')}</h3>
      {!me.reviewer && <p class="status">{t('review.notMember')}</p>}
      {tally === undefined && <p>{t('common.loading')}</p>}
      {tally === null && me.reviewer && (
        <form onSubmit={propose}>
          <p>{t('review.noMotion')}</p>
          <fieldset>
            <legend>{t('review.motion')}</legend>
            {['yes', 'no'].map((choice) => (
              <label class="check" key={choice}>
                <input type="radio" name="review-approve" required checked={approve === choice} onChange={() => setApprove(choice)} />
                {t(choice === 'yes' ? 'review.toApprove' : 'review.toReject')}
              </label>
            ))}
          </fieldset>
          <Field id="review-minutes" label={t('review.minutes')} help={t('review.minutesHelp')}>
            <textarea id="review-minutes" value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
          </Field>
          <button type="submit" disabled={busy}>{t('review.propose')}</button>
        </form>
      )}
      {tally === null && !me.reviewer && <p>{t('review.noMotion')}</p>}
      {tally && (
        <>
          <p data-testid="review-tally">
            {t(tally.approve ? 'review.motionApprove' : 'review.motionReject')}{' '}
            {t('review.tally', { ayes: tally.ayes.length, nays: tally.nays.length, threshold: tally.threshold, end: blockTime(tally.end, best, millis) })}
          </p>
          {me.reviewer && !voted && (
            <p>
              <button type="button" disabled={busy} onClick={() => vote(true)}>{t('review.aye')}</button>{' '}
              <button type="button" disabled={busy} onClick={() => vote(false)}>{t('review.nay')}</button>
            </p>
          )}
          {voted && <p>{t('review.youVoted')}</p>}
          {me.reviewer && <button type="button" disabled={busy} onClick={close}>{t('review.close')}</button>}
        </>
      )}
      {done && <p role="status" class="good" data-testid="review-done">{done}</p>}
      <ErrorText text={error} />
    </section>
  );
}
