import {
  PASSWORD_MAX_BYTES,
  characterCount,
  describePasswordRules,
  normalizePassword,
  normalizeUsername,
  USERNAME_MIN,
  utf8ByteLength,
  type PasswordPolicy,
  type PasswordRule,
} from '../../../shared/password-rules';
import { CheckIcon, CrossIcon, DotIcon } from './Icons';

type RuleState = 'met' | 'unmet' | 'idle' | 'on-submit';

/**
 * The rule's live state where the renderer can compute it. "not-common" needs the blocklist,
 * which only the main process holds, so it is checked on submit.
 */
function ruleState(rule: PasswordRule, password: string, username: string, policy: PasswordPolicy): RuleState {
  if (rule.id === 'not-common') return 'on-submit';
  if (password.length === 0) return 'idle';
  const normalized = normalizePassword(password);
  switch (rule.id) {
    case 'length':
      return characterCount(normalized) >= policy.minLength ? 'met' : 'unmet';
    case 'max-bytes':
      return utf8ByteLength(normalized) <= PASSWORD_MAX_BYTES ? 'met' : 'unmet';
    case 'not-username': {
      const name = normalizeUsername(username);
      return name.length >= USERNAME_MIN && normalized.toLowerCase().includes(name) ? 'unmet' : 'met';
    }
  }
}

const SPOKEN_STATE: Record<RuleState, string> = {
  met: 'done',
  unmet: 'not met yet',
  idle: '',
  'on-submit': 'checked when you submit',
};

interface PasswordRulesProps {
  id: string;
  policy: PasswordPolicy;
  password: string;
  username: string;
}

/** The password rules, listed before the person types and ticked off as they do. */
export function PasswordRules({ id, policy, password, username }: PasswordRulesProps) {
  return (
    <div className="rules" id={id}>
      <p className="rules__title">Password requirements:</p>
      <ul className="rules__list">
        {describePasswordRules(policy).map((rule) => {
          const state = ruleState(rule, password, username, policy);
          return (
            <li key={rule.id} className={`rules__item rules__item--${state}`}>
              {state === 'met' ? (
                <CheckIcon className="rules__icon" />
              ) : state === 'unmet' ? (
                <CrossIcon className="rules__icon" />
              ) : (
                <DotIcon className="rules__icon" />
              )}
              <span>
                {rule.text}
                {SPOKEN_STATE[state] && <span className="visually-hidden"> ({SPOKEN_STATE[state]})</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
