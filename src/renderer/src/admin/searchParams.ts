/** Paging and filters live in the URL's search part, so Back and a reload keep an admin's place. */

/** A positive whole number from the URL, or null. */
export function positiveInt(value: string | null): number | null {
  const n = Number(value);
  return value !== null && Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function pageFrom(params: URLSearchParams): number {
  return positiveInt(params.get('page')) ?? 1;
}

/** The same parameters with `name` set, or removed when the value is empty. */
export function withParam(params: URLSearchParams, name: string, value: string | number | null | undefined): URLSearchParams {
  const updated = new URLSearchParams(params);
  if (value === null || value === undefined || value === '') updated.delete(name);
  else updated.set(name, String(value));
  return updated;
}

/** The same parameters on another page (page 1 is the absence of one). */
export function withPage(params: URLSearchParams, page: number): URLSearchParams {
  return withParam(params, 'page', page > 1 ? page : null);
}
