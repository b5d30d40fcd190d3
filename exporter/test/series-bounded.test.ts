import { MAX_EVENT_NAMES } from '@sockscope/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exporter } from '../src/index.js';
import { spawnChild, type Child } from './support/child.js';
import { getJson, getText } from './support/http.js';
import {
  startInstrumentedServer,
  TARGET_TOKEN,
  type InstrumentedServer,
} from './support/instrumented-server.js';
import { startExporter } from './support/running-exporter.js';
import { waitFor } from './support/wait-for.js';

const SWARM = new URL('./fixtures/client-swarm.mjs', import.meta.url).pathname;
const EVENT_NAMES = 500;
let server: InstrumentedServer | undefined;
let exporter: Exporter | undefined;
const swarms: Child[] = [];

afterAll(async () => {
  for (const s of swarms) await s.kill();
  await exporter?.close();
  await server?.close();
});

/** Series lines per metric family in a scrape. */
function series(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const name = line.slice(0, line.search(/[{ ]/));
    out.set(name, (out.get(name) ?? 0) + 1);
  }
  return out;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

async function swarm(url: string, count: number, prefix: string): Promise<void> {
  // Processes hold at most 20,000 files each: clients live in their own processes.
  const child = await spawnChild(
    SWARM,
    [url, String(count), prefix, String(EVENT_NAMES)],
    {},
    120_000,
  );
  swarms.push(child);
  expect(child.ready.failed).toBe(0);
}

describe('label cardinality', () => {
  it(
    '10,000 users and 500 event names leave the number of series bounded',
    { timeout: 170_000 },
    async () => {
      server = await startInstrumentedServer('node-many');
      const s = server;
      exporter = await startExporter(s.url, { token: TARGET_TOKEN });
      const e = exporter;

      await swarm(s.url, 1000, 'a');
      await waitFor(() => e.status().liveSessions === 1000, {
        what: '1,000 sessions',
        timeoutMs: 60_000,
      });
      await waitFor(
        async () =>
          (series(await getText(`${e.url}/metrics`)).get('socketio_events_total') ?? 0) >=
          MAX_EVENT_NAMES,
        {
          what: 'event series',
        },
      );
      const before = series(await getText(`${e.url}/metrics`));

      await Promise.all([swarm(s.url, 4500, 'b'), swarm(s.url, 4500, 'c')]);
      await waitFor(() => e.status().liveSessions === 10_000, {
        what: '10,000 sessions',
        timeoutMs: 90_000,
      });
      const text = await getText(`${e.url}/metrics`);
      const after = series(text);

      // Ten times the users, the same series: nothing grows with users or event names.
      expect(total(after)).toBe(total(before));
      expect(after).toEqual(before);
      // 500 names sent; at most MAX_EVENT_NAMES of them plus `other`, per direction.
      expect(after.get('socketio_events_total')).toBeLessThanOrEqual((MAX_EVENT_NAMES + 1) * 2);
      expect(text).toMatch(/event="other"/);
      expect(text).not.toMatch(/[abc]-\d+/);
      // Users are in the API instead (O(1) lookup), not in metrics.
      const one = await getJson<{ items: Array<{ user: string }> }>(
        `${e.url}/api/sessions?user=c-4499`,
      );
      expect(one.body.items.map((x) => x.user)).toEqual(['c-4499']);
    },
  );
});
