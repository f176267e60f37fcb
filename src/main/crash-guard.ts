/**
 * Decides what to do after a renderer crash: reload, or give up and show the recovery page.
 * An unattended kiosk must not spin forever reloading a page that crashes on load.
 */

export type CrashVerdict = 'reload' | 'give-up';

export interface CrashGuardOptions {
  /** This many crashes within `windowMs` means give up. */
  maxCrashes: number;
  windowMs: number;
  now: () => number;
}

export const DEFAULT_CRASH_GUARD: Omit<CrashGuardOptions, 'now'> = { maxCrashes: 3, windowMs: 60_000 };

/**
 * Returns a function to call on each crash. With the defaults, crashes one and two reload;
 * the third within a minute gives up, and so does every crash after it.
 */
export function createCrashGuard(options: CrashGuardOptions): () => CrashVerdict {
  let recent: number[] = [];
  let gaveUp = false;
  return () => {
    const at = options.now();
    recent = [...recent.filter((t) => at - t < options.windowMs), at];
    if (recent.length >= options.maxCrashes) gaveUp = true;
    return gaveUp ? 'give-up' : 'reload';
  };
}
