/**
 * What the on-screen keyboard shows: plain data, one layout per kind of field. A key is either a
 * character it types or a function; a function key's name is what a screen reader says and what
 * tests look for.
 */
export type FunctionKey = 'Shift' | 'Backspace' | 'Enter' | 'Space' | 'Symbols' | 'Letters';

export type Key = { char: string } | { fn: FunctionKey };

export type LayerName = 'letters' | 'symbols' | 'digits';

const chars = (row: string): Key[] => [...row].map((char) => ({ char }));
const fn = (name: FunctionKey): Key => ({ fn: name });

/** Lower-case letters; Shift turns them upper-case for one character. A digit row saves a trip to symbols. */
const LETTERS: Key[][] = [
  chars('1234567890'),
  chars('qwertyuiop'),
  chars('asdfghjkl'),
  [fn('Shift'), ...chars('zxcvbnm'), fn('Backspace')],
  [fn('Symbols'), ...chars('@'), fn('Space'), ...chars('.-'), fn('Enter')],
];

/** Every printable ASCII symbol, so any password the core accepts can be typed. */
const SYMBOLS: Key[][] = [
  chars('!@#$%^&*()'),
  chars('-_=+[]{};:'),
  chars('\'",.<>/?'),
  [...chars('\\|`~'), fn('Backspace')],
  [fn('Letters'), fn('Space'), fn('Enter')],
];

/** For a code: digits only. */
const DIGITS: Key[][] = [chars('123'), chars('456'), chars('789'), [fn('Backspace'), ...chars('0'), fn('Enter')]];

export const LAYERS: Record<LayerName, Key[][]> = { letters: LETTERS, symbols: SYMBOLS, digits: DIGITS };

/** The fields the keyboard types into: single-line text of any kind. */
const TEXT_TYPES = new Set(['text', 'password', 'email', 'search', 'tel', 'url', 'number']);

export function isTypable(element: EventTarget | null): element is HTMLInputElement {
  return (
    element instanceof HTMLInputElement && TEXT_TYPES.has(element.type) && !element.readOnly && !element.disabled
  );
}

/** A field that asks for a number or a code gets digits only; everything else gets letters. */
export function layerFor(input: HTMLInputElement): LayerName {
  return input.type === 'number' || input.inputMode === 'numeric' ? 'digits' : 'letters';
}

export function keyName(key: Key, shifted: boolean): string {
  if ('fn' in key) return key.fn;
  return shifted ? key.char.toUpperCase() : key.char;
}
