import type { StackNode } from './stack-context.js';

export interface NodeReadinessOptions {
  nodes: readonly StackNode[];
  /** Pause between two rounds of /readyz checks. @default 250 */
  intervalMs?: number;
}

/**
 * Keeps `node.ready` in step with each node's /readyz, so a draining node (503 at once) gets
 * no new handshakes. Returns a stop function.
 */
export function watchNodeReadiness(options: NodeReadinessOptions): () => void {
  const { nodes, intervalMs = 250 } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const round = async (): Promise<void> => {
    await Promise.all(
      nodes.map(async (node) => {
        if (node.exited) {
          node.ready = false;
          return;
        }
        node.ready = await fetch(`${node.url}/readyz`, { signal: AbortSignal.timeout(1000) })
          .then(async (res) => {
            await res.arrayBuffer();
            return res.ok;
          })
          .catch(() => false);
      }),
    );
    if (!stopped) timer = setTimeout(() => void round(), intervalMs);
  };
  timer = setTimeout(() => void round(), intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
