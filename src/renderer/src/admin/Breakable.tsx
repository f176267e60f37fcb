import { Fragment } from 'react';

/**
 * Text that may wrap at its natural joints instead of mid-word or not at all: after the dots,
 * underscores and hyphens of a username, and before the @ of an address. A narrow table column
 * then breaks "a.very.long.username" as "a.very.long." / "username".
 */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[._-])|(?=@)/u);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
