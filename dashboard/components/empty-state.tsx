import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" role="note" aria-label={title}>
      <strong>{title}</strong>
      {children ? <div>{children}</div> : null}
    </div>
  );
}
