/**
 * The blocklist NIST SP 800-63B asks for: the most common passwords from a maintained package
 * (zxcvbn-ts's list, ~49,000 entries drawn from real breaches), loaded once.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

let blocklist: Set<string> | null = null;

export function isCommonPassword(normalizedPassword: string): boolean {
  blocklist ??= new Set(dictionary['passwords-common']);
  return blocklist.has(normalizedPassword.toLowerCase());
}
