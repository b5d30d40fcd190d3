import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SessionsTable } from '@/components/sessions-table';
import { PageSkeleton } from '@/components/skeleton';

export const metadata: Metadata = { title: 'Sessions' };
export const dynamic = 'force-dynamic';

export default function SessionsPage() {
  return (
    <>
      <h1>Live sessions</h1>
      <Suspense fallback={<PageSkeleton label="sessions" />}>
        <SessionsTable />
      </Suspense>
    </>
  );
}
