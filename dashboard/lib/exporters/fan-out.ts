/**
 * Asks every exporter the same question in parallel. A failing exporter never fails the whole
 * answer: its node is listed as missing and the result is marked partial.
 */
import type { ExporterClient } from './exporter-client';

export interface FanOutResult<T> {
  /** Answers of the exporters that answered, by node. */
  results: { node: string; value: T }[];
  /** Nodes whose exporter did not answer. */
  missing: string[];
  /** True when at least one exporter did not answer. */
  partial: boolean;
}

export async function fanOut<T>(
  clients: readonly ExporterClient[],
  ask: (client: ExporterClient) => Promise<T>,
): Promise<FanOutResult<T>> {
  const settled = await Promise.allSettled(clients.map((c) => ask(c)));
  const results: { node: string; value: T }[] = [];
  const missing: string[] = [];
  settled.forEach((s, i) => {
    const node = clients[i]!.node;
    if (s.status === 'fulfilled') results.push({ node, value: s.value });
    else missing.push(node);
  });
  return { results, missing, partial: missing.length > 0 };
}
