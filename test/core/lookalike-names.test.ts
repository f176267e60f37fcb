/**
 * Issue 10 §4: names that display as another account's are refused: invisible characters,
 * overlay marks, mixed scripts, and same-script look-alikes by their UTS #39 skeleton. A store
 * that already holds such names still opens and lists them for an administrator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { editFile, expectError, expectOk, openTestCore, registration, type TestCore } from '../support/core';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const LOOKALIKES: Record<string, string> = {
  'Cyrillic а': '\u0430dmin',
  'U+034F combining grapheme joiner': 'admin\u034F',
  'U+FE0F variation selector': 'admin\uFE0F',
  'U+3164 Hangul filler': 'admin\u3164',
  'U+115F Hangul choseong filler': 'admin\u115F',
  'dotless ı': 'adm\u0131n',
  'U+0336 combining long stroke overlay': 'admin\u0336',
  'zero-width space': 'ad\u200Bmin',
};

describe('a name that displays as "admin" cannot be registered next to it', () => {
  for (const [what, name] of Object.entries(LOOKALIKES)) {
    it(what, async () => {
      t = await openTestCore();
      expectOk(await t.call('auth:register', registration('admin'), 1));
      const answer = await t.call('auth:register', { ...registration('x'), username: name, email: 'other@example.com' }, 2);
      expect(answer.ok, `${what} was accepted`).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('VALIDATION_FAILED');
      // Nor can another account rename itself to it.
      expectOk(await t.call('auth:register', registration('bob'), 3));
      const renamed = await t.call('account:update-profile', { username: name }, 3);
      expect(renamed.ok).toBe(false);
    });
  }

  it('two look-alikes registered at the same instant store one', async () => {
    t = await openTestCore();
    const answers = await Promise.all([
      t.call('auth:register', registration('admin'), 1),
      t.call('auth:register', { ...registration('x'), username: 'adm\u0131n', email: 'other@example.com' }, 2),
    ]);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(t.core.provisioning.listUsers()).toHaveLength(1);
  });

  it('names in one script, or Latin with Han and kana, are fine', async () => {
    t = await openTestCore();
    for (const [i, name] of ['zoë', 'Σωκράτης', 'Андрей', '山田たろう', 'yamada山田', 'josé.m_2'].entries()) {
      expectOk(await t.call('auth:register', { ...registration('x'), username: name, email: `u${i}@example.com` }, 10 + i));
    }
  });

  it('emails with control characters are refused', async () => {
    t = await openTestCore();
    const error = expectError(await t.call('auth:register', { ...registration('zed'), email: 'zed\u0007@example.com' }, 1), 'VALIDATION_FAILED');
    expect(error.fields?.email).toMatch(/visible characters/);
  });
});

describe('a store that already holds look-alike names', () => {
  it('opens, renames nothing, and lists them for an administrator to review', async () => {
    t = await openTestCore();
    expectOk(await t.call('auth:register', registration('admin'), 1));
    await t.core.close();
    // As an older Gatehouse allowed: a Cyrillic look-alike next to admin, no skeletons yet.
    await editFile(t.dir, (db) => {
      db.run(
        `INSERT INTO users (username, username_norm, email, email_norm, password_hash, role, created_at, updated_at, password_changed_at)
         SELECT '\u0430dmin', '\u0430dmin', 'evil@example.com', 'evil@example.com', password_hash, 'user', 0, 0, 0 FROM users WHERE id = 1`,
      );
      db.run('UPDATE users SET username_skeleton = NULL');
    });

    await t.reopen();
    expect(t.core.provisioning.listUsers().map((user) => user.username).sort()).toEqual(['admin', '\u0430dmin']);
    expect(t.core.provisioning.usernamesToReview()).toEqual([expect.objectContaining({ username: '\u0430dmin' })]);
    expectOk(await t.call('auth:login', { identifier: 'admin', password: registration('admin').password }, 1));
    const review = expectOk(await t.call('admin:audit', { event: 'username_review' }, 1)).entries;
    expect(review).toHaveLength(1);
    expect(review[0]!.detail).toContain('\u0430dmin');
    // Reopening again does not repeat the review entry.
    await t.reopen();
    expectOk(await t.call('auth:login', { identifier: 'admin', password: registration('admin').password }, 1));
    expect(expectOk(await t.call('admin:audit', { event: 'username_review' }, 1)).entries).toHaveLength(1);
  });
});
