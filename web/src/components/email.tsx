/** An e-mail address that may wrap after the "@" (never in the middle of a name). */
export function Email({ value }: { value: string }) {
  const at = value.indexOf('@');
  if (at < 0) return <>{value}</>;
  return (
    <>
      {value.slice(0, at + 1)}
      <wbr />
      {value.slice(at + 1)}
    </>
  );
}

export function EmailList({ values }: { values: string[] }) {
  return (
    <>
      {values.map((v, i) => (
        <span key={`${v}-${i}`}>
          {i > 0 ? ', ' : null}
          <Email value={v} />
        </span>
      ))}
    </>
  );
}
