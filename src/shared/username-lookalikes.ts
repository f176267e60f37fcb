/**
 * Usernames that look like someone else's (issue 10 §4). Applied by checkUsername, so the core,
 * the CLI and the forms share one rule:
 * - no default-ignorable code points (U+034F, variation selectors, Hangul fillers U+115F/U+3164,
 *   zero-width characters), which render as nothing;
 * - no overlay marks (canonical combining class 1, such as U+0336), which strike a letter through
 *   so `admin̶` still reads as admin;
 * - one script per name at UTS #39's Highly Restrictive level: letters from a single script, or
 *   Latin with Han and Hiragana/Katakana, Bopomofo or Hangul (how Japanese, Chinese and Korean
 *   names are written). Digits, `.`, `_`, `-` and inherited marks belong to every script.
 * Look-alikes within one script (`admın`) are caught by the confusable skeleton in the core.
 */

/** Canonical combining class 1 (Overlay), from UnicodeData.txt: not expressible as a regex property. */
const OVERLAY_MARKS = /[\u0334-\u0338\u1CD4\u1CE2-\u1CE8\u20D2\u20D3\u20D8-\u20DA\u20E5\u20E6\u20EA\u20EB\u{10A39}\u{16AF0}-\u{16AF4}\u{1BC9E}\u{1D167}-\u{1D169}]/u;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0]/u;

/** Scripts a username's letters may come from (UTS #39 Table 1 and the scripts in use today). */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko', 'Devanagari', 'Bengali',
  'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan',
  'Myanmar', 'Georgian', 'Hangul', 'Ethiopic', 'Cherokee', 'Canadian_Aboriginal', 'Ogham', 'Runic', 'Khmer', 'Mongolian',
  'Hiragana', 'Katakana', 'Bopomofo', 'Han', 'Yi', 'Tagalog', 'Coptic', 'Tifinagh', 'Javanese', 'Balinese', 'Sundanese',
  'Vai', 'Cham', 'Tai_Tham', 'Tai_Viet', 'Adlam', 'Bamum', 'Batak', 'Buginese', 'Lepcha', 'Limbu', 'Ol_Chiki', 'Saurashtra',
  'Tai_Le', 'New_Tai_Lue', 'Glagolitic', 'Gothic', 'Old_Italic', 'Deseret', 'Shavian', 'Osmanya', 'Braille',
];
const SCRIPT_TESTS = SCRIPTS.map((name) => ({ name, test: new RegExp(`\\p{scx=${name}}`, 'u') }));
const SHARED = /[\p{sc=Common}\p{sc=Inherited}]/u;

/** UTS #39 Highly Restrictive: the combinations of scripts one writing system uses together. */
const ALLOWED_COMBINATIONS: readonly ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

function scriptsOf(char: string): Set<string> {
  const found = new Set<string>();
  for (const { name, test } of SCRIPT_TESTS) if (test.test(char)) found.add(name);
  if (found.size === 0) found.add(`other:${char}`); // a script not listed: it only matches itself
  return found;
}

/** UTS #39 Highly Restrictive, on the resolved script sets of the name's characters. */
export function isHighlyRestrictive(name: string): boolean {
  const sets = Array.from(name)
    .filter((char) => !SHARED.test(char))
    .map(scriptsOf);
  if (sets.length === 0) return true;
  const common = sets.reduce((acc, set) => new Set([...acc].filter((script) => set.has(script))));
  if (common.size > 0) return true;
  return ALLOWED_COMBINATIONS.some((allowed) => sets.every((set) => [...set].some((script) => allowed.has(script))));
}

/** Why this username could pass for another one, or null. */
export function lookalikeProblem(name: string): string | null {
  if (INVISIBLE.test(name)) return 'Use only visible characters: this name contains an invisible one.';
  if (OVERLAY_MARKS.test(name)) return 'Use letters without strike-through or overlay marks.';
  if (!isHighlyRestrictive(name)) return 'Use letters from one alphabet (for example not Latin and Cyrillic together).';
  return null;
}
