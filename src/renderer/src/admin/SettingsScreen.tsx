import { useMemo, useRef, useState, type FormEvent } from 'react';
import { BOOLEAN_SETTINGS, CHOICE_SETTINGS, NUMBER_SETTINGS, type PolicySettings } from '../../../shared/policy-settings';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Checkbox';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { Screen } from '../components/Screen';
import { SelectField } from '../components/SelectField';
import { describeError } from '../lib/errors';
import { focusField } from '../lib/focusField';
import { useFieldErrors } from '../lib/useFieldErrors';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../session/store';
import { AdminNav, BackToDashboard } from './AdminNav';
import { DirectoryPanel } from './DirectoryPanel';
import { BackUpNow } from './BackUpNow';
import { EncryptionPanel } from './EncryptionPanel';
import { changedSettings, settingProblems, toFormValues, type NumberKey } from './settingsForm';
import { useLoaded } from './useLoaded';
import './admin.css';

const NUMBER_KEYS = NUMBER_SETTINGS.map((s) => s.key);

export function SettingsScreen() {
  const loaded = useLoaded('policy', () => api.getPolicy({}));
  const loadAlert = useMemo(() => (loaded.error ? { message: describeError(loaded.error) } : null), [loaded.error]);

  return (
    <Screen
      nav={<AdminNav />}
      title="Settings"
      intro="The rules for every account on this device. Changes apply at once, without a restart."
      width="wide"
      footer={<BackToDashboard />}
    >
      <Alert error={loadAlert} />
      {loaded.data ? (
        <>
          <SettingsForm initial={loaded.data.policy} />
          <BackUpNow />
        </>
      ) : (
        !loaded.error && <p className="muted">Loading the settings…</p>
      )}
      <DirectoryPanel />
      <EncryptionPanel />
    </Screen>
  );
}

function SettingsForm({ initial }: { initial: PolicySettings }) {
  const appInfoChanged = useSession((s) => s.appInfoChanged);
  const [saved, setSaved] = useState(initial);
  const [values, setValues] = useState(() => toFormValues(initial));
  const [notice, setNotice] = useState<{ tone: 'success' | 'info'; text: string } | null>(null);
  const [alert, setAlert] = useState<{ message: string } | null>(null);
  const errors = useFieldErrors<NumberKey>();
  const { busy, run } = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);

  const problems = settingProblems(saved, values);
  const changes = changedSettings(saved, values);
  const hasChanges = Object.keys(changes).length > 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.markSubmitted();
    setNotice(null);
    const firstInvalid = NUMBER_KEYS.find((key) => problems[key]);
    if (firstInvalid) {
      setAlert(null);
      focusField(event.currentTarget, firstInvalid);
      return;
    }
    if (!hasChanges) {
      setNotice({ tone: 'info', text: 'Nothing to save: no setting was changed.' });
      return;
    }
    void run(async () => {
      setAlert(null);
      const result = await api.setPolicy({ policy: changes });
      if (!result.ok) {
        errors.reset();
        errors.setServerErrors(result.error.fields);
        setAlert({ message: describeError(result.error, NUMBER_KEYS) });
        return;
      }
      setSaved(result.data.policy);
      setValues(toFormValues(result.data.policy));
      errors.reset();
      setNotice({ tone: 'success', text: 'Settings saved.' });
      // Screens that explain the rules (change password) read the policy from the session store.
      const info = await api.info({});
      if (info.ok) appInfoChanged(info.data);
    });
  };

  return (
    <form ref={formRef} className="form settings-form" onSubmit={submit} noValidate>
      <Notice tone={notice?.tone ?? 'success'}>{notice?.text}</Notice>
      <Alert error={alert} />
      <fieldset className="settings-group">
        <legend className="settings-group__legend">Limits</legend>
        <div className="settings-grid">
          {NUMBER_SETTINGS.map((setting) => (
            <Field
              key={setting.key}
              name={setting.key}
              label={`${setting.label} (${setting.unit})`}
              hint={`${setting.help ? `${setting.help} ` : ''}From ${setting.min} to ${setting.max}.`}
              type="number"
              inputMode="numeric"
              min={setting.min}
              max={setting.max}
              step={1}
              value={values.numbers[setting.key]}
              error={errors.visible(setting.key, problems[setting.key] ?? null)}
              onChange={(event) => {
                const typed = event.target.value;
                setValues((v) => ({ ...v, numbers: { ...v.numbers, [setting.key]: typed } }));
                setNotice(null);
                errors.edited(setting.key);
              }}
              onBlur={() => errors.blurred(setting.key)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="settings-group">
        <legend className="settings-group__legend">Options</legend>
        {CHOICE_SETTINGS.map((setting) => (
          <SelectField
            key={setting.key}
            name={setting.key}
            label={setting.label}
            value={values.choices[setting.key]}
            onChange={(event) => {
              const chosen = event.target.value;
              setValues((v) => ({ ...v, choices: { ...v.choices, [setting.key]: chosen } }));
              setNotice(null);
            }}
          >
            {setting.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </SelectField>
        ))}
        {BOOLEAN_SETTINGS.map((setting) => (
          <Checkbox
            key={setting.key}
            name={setting.key}
            label={setting.label}
            {...(setting.help ? { hint: setting.help } : {})}
            checked={values.booleans[setting.key]}
            onChange={(event) => {
              const checked = event.target.checked;
              setValues((v) => ({ ...v, booleans: { ...v.booleans, [setting.key]: checked } }));
              setNotice(null);
            }}
          />
        ))}
      </fieldset>
      <div className="actions">
        {hasChanges && (
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => {
              setValues(toFormValues(saved));
              errors.reset();
              setAlert(null);
              // This button disappears with the changes; Save is the next thing in the form.
              formRef.current?.querySelector<HTMLElement>('button[type="submit"]')?.focus();
            }}
          >
            Discard changes
          </Button>
        )}
        <Button type="submit" busy={busy} busyLabel="Saving…">
          Save settings
        </Button>
      </div>
    </form>
  );
}
