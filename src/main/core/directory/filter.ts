/**
 * The user filter with the typed name in it. The name is escaped as an RFC 4515 assertion value
 * (`*` `(` `)` `\` NUL become \2a \28 \29 \5c \00; ldapts's Filter.escape), so whatever is typed
 * is one literal value: it can never add a wildcard, close the filter or open another clause.
 */
import { Filter } from 'ldapts';
import { USERNAME_PLACEHOLDER } from './config';

export function escapeFilterValue(value: string): string {
  return Filter.escape(value);
}

/** `(uid={username})` with `{username}` replaced by the escaped name, every occurrence. */
export function userFilter(template: string, username: string): string {
  // split/join, not replace(): a replacement string would read `$&` in a name as a pattern.
  return template.split(USERNAME_PLACEHOLDER).join(escapeFilterValue(username));
}
