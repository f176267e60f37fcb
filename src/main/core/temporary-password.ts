/**
 * Temporary passwords for accounts an administrator creates or resets: 16 characters from a
 * 31-character alphabet without look-alikes (about 79 bits), drawn from the OS's cryptographic
 * source without modulo bias (randomInt), grouped in fours so they can be read aloud.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no i, l, o, 0, 1

export function generateTemporaryPassword(): string {
  const groups: string[] = [];
  for (let group = 0; group < 4; group++) {
    let chunk = '';
    for (let i = 0; i < 4; i++) chunk += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(chunk);
  }
  return groups.join('-');
}
