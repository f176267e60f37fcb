import { useCallback, useState } from 'react';

/**
 * Which field errors a form may show. Client-side checks appear only once a field was left or the
 * form was submitted (nobody wants "Enter a username" before typing one); the server's field
 * errors appear at once and disappear as soon as that field is edited. After the server answers,
 * call reset() then setServerErrors(): a field the server emptied (a wrong password) should not
 * turn red with "Enter your password" before the person has had a chance to retype it.
 */
export function useFieldErrors<Name extends string>() {
  const [touched, setTouched] = useState<Partial<Record<Name, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<Partial<Record<Name, string>>>({});

  const visible = useCallback(
    (name: Name, clientError: string | null): string | null =>
      server[name] ?? (submitted || touched[name] ? clientError : null),
    [server, submitted, touched],
  );

  const blurred = useCallback((name: Name) => setTouched((t) => ({ ...t, [name]: true })), []);

  const edited = useCallback(
    (name: Name) =>
      setServer((s) => {
        if (!(name in s)) return s;
        const rest = { ...s };
        delete rest[name];
        return rest;
      }),
    [],
  );

  const reset = useCallback(() => {
    setTouched({});
    setSubmitted(false);
    setServer({});
  }, []);

  return {
    visible,
    blurred,
    edited,
    reset,
    markSubmitted: () => setSubmitted(true),
    setServerErrors: (fields: Record<string, string> | undefined) => setServer((fields ?? {}) as Partial<Record<Name, string>>),
  };
}
