import { strengthUnderPolicy, type PasswordPolicy } from '../../../shared/password-rules';
import { useCommonPasswordCheck } from '../lib/commonPasswords';

interface StrengthMeterProps {
  password: string;
  policy: PasswordPolicy;
  username: string;
  /** The field's current error (the form's check or the core's answer) for this value, if any. */
  refusal?: string | null;
}

/** A strength hint while typing. It guides; the rules decide, and a refused password is never "Fair". */
export function StrengthMeter({ password, policy, username, refusal = null }: StrengthMeterProps) {
  const isCommon = useCommonPasswordCheck();
  if (password.length === 0) return null;
  const { score, label } = strengthUnderPolicy(password, policy, { username, ...(isCommon ? { isCommon } : {}) }, refusal);
  return (
    <div className={`strength strength--${score}`}>
      <div
        className="strength__bar"
        role="meter"
        aria-label="Password strength"
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={score}
        aria-valuetext={label}
      >
        {[1, 2, 3, 4].map((step) => (
          <span key={step} className={step <= Math.max(score, 1) ? 'strength__step strength__step--on' : 'strength__step'} />
        ))}
      </div>
      <p className="strength__text">
        Strength: <strong>{label}</strong>
      </p>
    </div>
  );
}
