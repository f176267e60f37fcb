/** The Gatehouse mark: a gate between two towers. Drawn inline so the app loads nothing remote. */
export function LogoMark({ size = 32 }: { size?: number }) {
  return (
    <svg
      className="logo-mark"
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <rect className="logo-mark__tile" width="32" height="32" rx="8" />
      <path
        className="logo-mark__keep"
        d="M7 25V10h3.2v2.4h2.6V10h6.4v2.4h2.6V10H25v15Z"
      />
      <path className="logo-mark__gate" d="M12.6 25v-4.6a3.4 3.4 0 0 1 6.8 0V25Z" />
    </svg>
  );
}
