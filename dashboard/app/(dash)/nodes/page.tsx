import type { Metadata } from 'next';
import { NodesLive } from '@/components/nodes-live';

export const metadata: Metadata = { title: 'Nodes' };
export const dynamic = 'force-dynamic';

export default function NodesPage() {
  return (
    <>
      <h1>Nodes</h1>
      <NodesLive />
    </>
  );
}
