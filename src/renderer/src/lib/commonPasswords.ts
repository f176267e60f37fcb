import { useEffect, useState } from 'react';

type IsCommon = (normalizedPassword: string) => boolean;

let loading: Promise<IsCommon> | null = null;

/**
 * The same blocklist the core refuses with (zxcvbn-ts's common passwords, see
 * src/main/core/common-passwords.ts), loaded on demand as its own chunk (~380 kB) so the strength
 * meter can say "Not allowed" while the person types rather than "Fair" until they submit. The
 * core still decides; this only guides.
 */
function loadBlocklist(): Promise<IsCommon> {
  loading ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => {
    const list = new Set(dictionary['passwords-common']);
    return (normalizedPassword: string) => list.has(normalizedPassword.toLowerCase());
  });
  return loading;
}

/** The blocklist check once loaded; undefined until then (or if it cannot be loaded). */
export function useCommonPasswordCheck(): IsCommon | undefined {
  const [check, setCheck] = useState<{ isCommon: IsCommon } | undefined>(undefined);
  useEffect(() => {
    let current = true;
    loadBlocklist().then(
      (isCommon) => current && setCheck({ isCommon }),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);
  return check?.isCommon;
}
