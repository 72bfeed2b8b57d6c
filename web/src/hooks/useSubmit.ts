import { useCallback, useState } from 'react';
import { errorMessage } from '../api/client';

export interface Submit {
  busy: boolean;
  /** The last failure's message, shown in the form. */
  error: string | null;
  /** Runs a save: busy meanwhile, its failure kept as `error`. */
  run: (work: () => Promise<void>) => Promise<void>;
  clearError: () => void;
}

/** The state every save button of a form needs. */
export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}
