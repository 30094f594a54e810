// The one way the workbench's pages run a signed call: busy while it runs, the page's message
// when it succeeded (then whatever must be read again), the runtime's answer in words when not.
import { useState } from 'preact/hooks';
import { failure } from './ActionForm';

export function useSigned(explain: (e: unknown) => string = failure) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  /** Runs `work`, then `after`; whether it succeeded. */
  const run = async (work: () => Promise<void>, message: string, after?: () => Promise<void> | void): Promise<boolean> => {
    setBusy(true);
    setError('');
    setDone('');
    try {
      await work();
      setDone(message);
      await after?.();
      return true;
    } catch (e) {
      console.error(e);
      setError(explain(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, setError, run };
}
