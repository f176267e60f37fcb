import { describe, expect, it } from 'vitest';
import { describeDetail, humanizeKey } from './auditDetail';

describe('describeDetail', () => {
  it('shows a settings change in the unit of the Settings screen, with its label', () => {
    const detail = JSON.stringify({ lockoutDurationMs: { from: 900_000, to: 1_800_000 }, selfRegistration: { from: true, to: false } });
    expect(describeDetail('policy_change', detail)).toEqual([
      { label: 'Lockout duration', value: '15 → 30 minutes' },
      { label: 'Anyone can create an account', value: 'on → off' },
    ]);
  });

  it('names roles as the Users screen does', () => {
    expect(describeDetail('admin_set_role', '{"from":"user","to":"admin"}')).toEqual([{ label: 'Role', value: 'User → Administrator' }]);
    expect(describeDetail('admin_create_user', '{"role":"admin"}')).toEqual([{ label: 'Role', value: 'Administrator' }]);
  });

  it('keeps other details as readable pairs and never loses text it cannot parse', () => {
    expect(describeDetail('session_expired', '{"reason":"idle"}')).toEqual([{ label: 'Reason', value: 'idle' }]);
    expect(describeDetail('signin_success', '{"remember":false}')).toEqual([{ label: 'Remember', value: 'no' }]);
    expect(describeDetail('store_recovered', '<b>not json</b>')).toEqual([{ label: 'Detail', value: '<b>not json</b>' }]);
    expect(describeDetail('signout', null)).toEqual([]);
  });

  it('turns keys into words', () => {
    expect(humanizeKey('rememberAllowed')).toBe('Remember allowed');
    expect(humanizeKey('backup_file')).toBe('Backup file');
  });
});
