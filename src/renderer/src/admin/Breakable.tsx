import { Fragment } from 'react';

const JOINTS = {
  /** After the dots, underscores and hyphens of a username: "a.very.long." / "username". */
  name: /(?<=[._-])/u,
  /** Before the @ of an address only: "someone" / "@example.com", never "example." / "com". */
  email: /(?=@)/u,
};

/** Text that may wrap at its natural joints in a narrow table column, never mid-word. */
export function Breakable({ text, at }: { text: string; at: keyof typeof JOINTS }) {
  const parts = text.split(JOINTS[at]);
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
