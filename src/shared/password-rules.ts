/**
 * The rules for usernames, emails and passwords: defined once, used by the main process to
 * decide and by the renderer to explain. Password rules follow NIST SP 800-63B (length and a
 * blocklist, no composition rules).
 */
import { lookalikeProblem } from './username-lookalikes';

/** bcrypt reads only the first 72 bytes of a password; longer ones are refused, not truncated. */
export const PASSWORD_MAX_BYTES = 72;
export const DEFAULT_MIN_PASSWORD_LENGTH = 8;
/** The floor an administrator cannot go below. */
export const MIN_PASSWORD_LENGTH_FLOOR = 8;
export const MAX_PASSWORD_LENGTH_SETTING = 64;

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
export const EMAIL_MAX = 254;

/**
 * Letters and digits of any script (with their combining marks, which scripts such as
 * Devanagari need: "राम"), plus `.`, `_` and `-`. A name cannot start with a combining mark.
 */
const USERNAME_PATTERN = /^[\p{L}\p{N}._-][\p{L}\p{M}\p{N}._-]*$/u;
/** Deliberately plain: one @, no spaces, a dot in the domain. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export interface PasswordPolicy {
  minLength: number;
}

export interface PasswordRule {
  id: 'length' | 'max-bytes' | 'not-common' | 'not-username';
  text: string;
}

/** The rules as a person should read them before typing (the form shows this list). */
export function describePasswordRules(policy: PasswordPolicy): PasswordRule[] {
  return [
    { id: 'length', text: `At least ${policy.minLength} characters` },
    { id: 'max-bytes', text: `At most ${PASSWORD_MAX_BYTES} bytes (about ${PASSWORD_MAX_BYTES} plain letters)` },
    { id: 'not-common', text: 'Not one of the most common passwords' },
    { id: 'not-username', text: 'Does not contain your username' },
  ];
}

export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Counts user-perceived characters closely enough for a length rule (code points, not UTF-16 units). */
export function characterCount(text: string): number {
  return Array.from(text).length;
}

export interface PasswordCheckContext {
  username?: string;
  /** Supplied by the main process, which holds the blocklist; the renderer omits it. */
  isCommon?: (normalizedPassword: string) => boolean;
}

/** Returns why the password is refused, or null when it is acceptable. */
export function checkPassword(
  password: string,
  policy: PasswordPolicy,
  context: PasswordCheckContext = {},
): string | null {
  const normalized = normalizePassword(password);
  if (characterCount(normalized) < policy.minLength) {
    return `Use at least ${policy.minLength} characters.`;
  }
  if (utf8ByteLength(normalized) > PASSWORD_MAX_BYTES) {
    return `Use at most ${PASSWORD_MAX_BYTES} bytes: bcrypt ignores everything after that, so a longer password would not be as strong as it looks.`;
  }
  const username = context.username ? normalizeUsername(context.username) : '';
  if (username.length >= USERNAME_MIN && normalized.toLowerCase().includes(username)) {
    return 'Your password must not contain your username.';
  }
  if (context.isCommon?.(normalized)) {
    return 'This password is one of the most commonly used passwords. Choose something less predictable.';
  }
  return null;
}

/** The key under which usernames are unique: NFKC, lower case. */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

export function checkUsername(username: string): string | null {
  const value = username.normalize('NFKC');
  const length = characterCount(value);
  if (length === 0) return 'Enter a username.';
  if (length < USERNAME_MIN || length > USERNAME_MAX) {
    return `Use ${USERNAME_MIN} to ${USERNAME_MAX} characters.`;
  }
  if (!USERNAME_PATTERN.test(value)) {
    return 'Use only letters, digits, dots (.), underscores (_) and hyphens (-).';
  }
  return lookalikeProblem(value);
}

export function checkEmail(email: string): string | null {
  const value = email.normalize('NFKC').trim();
  if (value.length === 0) return 'Enter an email address.';
  if (value.length > EMAIL_MAX) return `Use at most ${EMAIL_MAX} characters.`;
  // Control and invisible format characters (NUL, ESC, zero-width, bidi overrides) hide or
  // disguise what an administrator reads in lists, logs and the CLI.
  if (/[\p{Cc}\p{Cf}]/u.test(value)) return 'Use only visible characters in an email address.';
  if (!EMAIL_PATTERN.test(value)) return 'Enter an email address like name@example.com.';
  return null;
}

/** A rough strength hint for the form while typing; the rules above decide, this only guides. */
export function estimateStrength(password: string): { score: 0 | 1 | 2 | 3 | 4; label: string } {
  const length = characterCount(password);
  if (length === 0) return { score: 0, label: 'Empty' };
  let classes = 0;
  if (/\p{Ll}/u.test(password)) classes++;
  if (/\p{Lu}/u.test(password)) classes++;
  if (/\p{N}/u.test(password)) classes++;
  if (/[^\p{L}\p{N}]/u.test(password)) classes++;
  const unique = new Set(password).size;
  let score = 0;
  if (length >= 8) score++;
  if (length >= 12) score++;
  if (length >= 16 || (length >= 10 && classes >= 3)) score++;
  if (unique >= 8 && classes >= 2) score++;
  if (unique <= 2) score = 0;
  const clamped = Math.min(4, score) as 0 | 1 | 2 | 3 | 4;
  const labels = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'] as const;
  return { score: clamped, label: labels[clamped] };
}

/**
 * The strength meter's reading under the policy (issue 11): a password the rules refuse is "Not
 * allowed", never "Fair", whatever its length and mix. `refusal` is a reason already known for
 * this value (the core's answer, e.g. a common password when the blocklist is not at hand).
 */
export function strengthUnderPolicy(
  password: string,
  policy: PasswordPolicy,
  context: PasswordCheckContext = {},
  refusal: string | null = null,
): { score: 0 | 1 | 2 | 3 | 4; label: string; refused: boolean } {
  if (password.length > 0 && (refusal !== null || checkPassword(password, policy, context) !== null)) {
    return { score: 0, label: 'Not allowed', refused: true };
  }
  return { ...estimateStrength(password), refused: false };
}
