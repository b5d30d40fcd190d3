/** One number with its label; a skeleton until the number is known. */
import { Skeleton } from './skeleton';

export function StatCard({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="card" role="group" aria-label={label}>
      <div className="label">{label}</div>
      <div className="value">{value ?? <Skeleton height={28} width={80} />}</div>
    </div>
  );
}
