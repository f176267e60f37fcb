import { estimateStrength } from '../../../shared/password-rules';

/** A strength hint while typing. It guides; the rules decide. */
export function StrengthMeter({ password }: { password: string }) {
  if (password.length === 0) return null;
  const { score, label } = estimateStrength(password);
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
