import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { AppError, Result } from '../../../shared/result';

interface Loaded<T> {
  key: string;
  error: AppError | null;
  data: T | null;
}

/**
 * Loads whatever `load` fetches each time `key` changes (the key spells out the request: query,
 * page, filters, a reload counter). The last good data stays on screen while the next request
 * runs, so paging does not flash an empty table; an answer for an older key is dropped.
 */
export function useLoaded<T>(key: string, load: () => Promise<Result<T>>) {
  const latestLoad = useRef(load);
  useLayoutEffect(() => {
    latestLoad.current = load;
  });
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);

  useEffect(() => {
    let current = true;
    void latestLoad.current().then((result) => {
      if (!current) return;
      setLoaded((previous) => ({
        key,
        error: result.ok ? null : result.error,
        data: result.ok ? result.data : (previous?.data ?? null),
      }));
    });
    return () => {
      current = false;
    };
  }, [key]);

  return { data: loaded?.data ?? null, error: loaded?.error ?? null, loading: loaded?.key !== key };
}
