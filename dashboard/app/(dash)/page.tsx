import type { Metadata } from 'next';
import { OverviewLive } from '@/components/overview-live';
import { dashboardConfig } from '@/lib/config';

export const metadata: Metadata = { title: 'Overview' };
export const dynamic = 'force-dynamic';

export default function OverviewPage() {
  return (
    <>
      <h1>Overview</h1>
      <OverviewLive prometheus={dashboardConfig().prometheusUrl !== null} />
    </>
  );
}
