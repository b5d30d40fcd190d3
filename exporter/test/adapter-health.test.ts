import { METRICS } from '@sockscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exporter } from '../src/index.js';
import { startFakeInstrument, type FakeInstrument } from './support/fake-instrument.js';
import { getText, parseMetrics } from './support/http.js';
import { startExporter } from './support/running-exporter.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = 'target-token-0123456789';
let target: FakeInstrument;
let exporter: Exporter;

/** Every `socketio_adapter_up` series on /metrics, `labels → value`. */
async function adapterSeries(): Promise<Record<string, number>> {
  const metrics = parseMetrics(await getText(`${exporter.url}/metrics`));
  return Object.fromEntries(
    [...metrics].filter(([key]) => key.startsWith(`${METRICS.adapterUp}{`)),
  );
}

/** Waits until /metrics shows exactly `expected` for the adapter gauge. */
function shows(expected: Record<string, number>, what: string): Promise<unknown> {
  return waitFor(async () => JSON.stringify(await adapterSeries()) === JSON.stringify(expected), {
    what,
  });
}

beforeAll(async () => {
  target = await startFakeInstrument({ token: TOKEN, node: 'node-a' });
  exporter = await startExporter(target.url, { token: TOKEN });
});
afterAll(async () => {
  await exporter?.close();
  await target?.close();
});

describe(`${METRICS.adapterUp}`, () => {
  it('is absent while the instrument does not report adapter health (an older node, admin-ui)', async () => {
    const text = await getText(`${exporter.url}/metrics`);
    expect(text).toContain(`# TYPE ${METRICS.adapterUp} gauge`);
    expect(await adapterSeries()).toEqual({});
  });

  it("follows the instrument's health.adapter: 1 up, 0 down, 1 again", async () => {
    target.state.health.adapter = { kind: 'redis', up: true };
    target.emit([]);
    await shows({ 'socketio_adapter_up{node="node-a",adapter="redis"}': 1 }, 'adapter up');
    target.state.health.adapter = { kind: 'redis', up: false };
    target.emit([]);
    await shows({ 'socketio_adapter_up{node="node-a",adapter="redis"}': 0 }, 'adapter down');
    target.state.health.adapter = { kind: 'redis', up: true };
    target.emit([]);
    await shows({ 'socketio_adapter_up{node="node-a",adapter="redis"}': 1 }, 'adapter up again');
  });

  it('labels an unusable kind `other` (bounded label values)', async () => {
    target.state.health.adapter = { kind: 'Redis at 10.0.0.7 "primary"', up: false };
    target.emit([]);
    await shows({ 'socketio_adapter_up{node="node-a",adapter="other"}': 0 }, 'kind other');
  });

  it('drops the series while the node is out of reach (its last reading is stale)', async () => {
    await target.close();
    await waitFor(async () => (await fetch(`${exporter.url}/readyz`)).status === 503, {
      what: 'exporter readyz 503',
    });
    const metrics = parseMetrics(await getText(`${exporter.url}/metrics`));
    expect(metrics.get('sockscope_target_up{node="node-a"}')).toBe(0);
    expect(await adapterSeries()).toEqual({});
  });
});
