import { describe, expect, it } from 'vitest';
import { returnPathFrom, safeReturnPath } from './returnPath';

describe('safeReturnPath', () => {
  it('accepts in-app paths', () => {
    expect(safeReturnPath('/dashboard')).toBe('/dashboard');
    expect(safeReturnPath('/admin/users?page=2')).toBe('/admin/users?page=2');
  });

  it.each([
    ['another origin', '//evil.example/'],
    ['a backslash origin', '/\\evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a relative path', 'dashboard'],
    ['a control character', '/dash\nboard'],
    ['the sign-in screen itself', '/login'],
    ['the registration screen', '/register?x=1'],
    ['something that is not text', 42],
  ])('refuses %s', (_why, candidate) => {
    expect(safeReturnPath(candidate)).toBeNull();
  });

  it('reads only a well-formed router state', () => {
    expect(returnPathFrom({ from: '/change-password' })).toBe('/change-password');
    expect(returnPathFrom({ from: '//evil.example' })).toBeNull();
    expect(returnPathFrom(null)).toBeNull();
    expect(returnPathFrom('/dashboard')).toBeNull();
  });
});
