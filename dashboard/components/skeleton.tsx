export function Skeleton({
  height = 20,
  width = '100%',
}: {
  height?: number;
  width?: number | string;
}) {
  return <div className="skeleton" aria-hidden="true" style={{ height, width }} />;
}

export function PageSkeleton({ label }: { label: string }) {
  return (
    <div role="status" aria-label={`Loading ${label}`} aria-busy="true">
      <Skeleton height={28} width={240} />
      <div className="cards" style={{ marginTop: 16 }}>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={70} />
        ))}
      </div>
      <Skeleton height={280} />
    </div>
  );
}
