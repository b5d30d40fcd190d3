/** Server-rendered notice for results that miss some nodes. */
export function PartialNotice({ missing }: { missing: string[] }) {
  if (missing.length === 0) return null;
  return (
    <div role="status" aria-label="Partial results" className="banner">
      Partial results: {missing.join(', ')} did not answer. The numbers below leave{' '}
      {missing.length === 1 ? 'it' : 'them'} out.
    </div>
  );
}
