import { describe, expect, it } from 'vitest';
import type { PolicySettings } from '../../../shared/policy-settings';
import { changedSettings, toFormValues } from './settingsForm';
import { STORED_POLICY } from '../test/storedPolicy';

const SAVED: PolicySettings = { ...STORED_POLICY };

describe('the Settings form’s choices (issue 13: two-step verification policy)', () => {
  it('sends a changed choice, and only a value the setting offers', () => {
    const saved = SAVED;
    const values = toFormValues(saved);
    expect(values.choices.twoStepPolicy).toBe('optional');
    expect(changedSettings(saved, values)).toEqual({});
    expect(changedSettings(saved, { ...values, choices: { twoStepPolicy: 'everyone' } })).toEqual({ twoStepPolicy: 'everyone' });
    expect(changedSettings(saved, { ...values, choices: { twoStepPolicy: 'sometimes' } })).toEqual({});
  });
});
