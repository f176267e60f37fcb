/**
 * Where to go after signing in. Only in-app paths are accepted: "//host" and "/\host" would be
 * read as another origin by URL parsers, and the sign-in screens themselves would loop.
 */
const PUBLIC_ONLY = new Set(['/login', '/register']);

export function safeReturnPath(candidate: unknown): string | null {
  if (typeof candidate !== 'string') return null;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return null;
  if (candidate.length > 500) return null;
  // Control characters have no business in a route and would be odd to carry around.
  if (/\p{Cc}/u.test(candidate)) return null;
  const pathOnly = candidate.split(/[?#]/u, 1)[0] ?? '';
  if (PUBLIC_ONLY.has(pathOnly)) return null;
  return candidate;
}

/** The shape the guard stores in the router's location state. */
export interface ReturnState {
  from: string;
}

export function returnPathFrom(state: unknown): string | null {
  if (typeof state !== 'object' || state === null) return null;
  return safeReturnPath((state as Partial<ReturnState>).from);
}
