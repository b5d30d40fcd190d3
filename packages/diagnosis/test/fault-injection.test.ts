// Fault injection: each cause reproduced for real (realtime nodes with instrument(io), real
// exporters, HAProxy, socket.io clients), then diagnose() must rank the matching finding first
// with the right numbers. One fleet for the file; each scenario diagnoses its own window.
import {
  nodeOf,
  runPollingSessions,
  startHaproxy,
  stopAll,
  waitFor,
  type Haproxy,
  type PrometheusServer,
} from '@sockscope/testkit';
import type { SockscopeSocket } from '@sockscope/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectDiagnosisInput } from '../src/collect/collect-input.js';
import { diagnose } from '../src/diagnose.js';
import type { DiagnosisInput, Finding } from '../src/types.js';
import { startBlackHoleRelay, type BlackHoleRelay } from './support/black-hole-relay.js';
import { client, closeClients, connected } from './support/clients.js';
import { prometheusSampleTimes, watchEventLoopDelay } from './support/delay-watch.js';
import { range } from './support/records.js';
import {
  collect,
  disconnectsOf,
  startNodeWithExporter,
  startScrapingPrometheus,
  settle,
  startShortTunnelHaproxy,
  token,
  waitForDisconnects,
  type NodeWithExporter,
} from './support/fleet.js';

// Short heartbeats for the fleet (a blocked loop shows within seconds); the node behind the
// short-tunnel proxy keeps a long one, longer than the proxy's 5 s, which is the fault.
const FAST = { PING_INTERVAL_MS: '1000', PING_TIMEOUT_MS: '1000' };
const FAST_DIAGNOSE = { pingIntervalMs: 1000, pingTimeoutMs: 1000 };
const STORM_CLIENTS = 60;

let a: NodeWithExporter;
let b: NodeWithExporter;
let p: NodeWithExporter;
let c: NodeWithExporter;
let sticky: Haproxy;
let nonSticky: Haproxy;
let crashEntry: Haproxy;
let tunnel: Haproxy;
let prometheus: PrometheusServer;

beforeAll(async () => {
  const fleetEnv = {
    ...FAST,
    TEST_HOOKS: '1',
    SOCKSCOPE_TEST_KICK_ROOM: 'room:kick-me',
    MAX_HTTP_BUFFER_SIZE: '100000',
  };
  [a, b, p, c] = await Promise.all([
    startNodeWithExporter('node-a', fleetEnv),
    startNodeWithExporter('node-b', fleetEnv),
    startNodeWithExporter('node-p', { PING_INTERVAL_MS: '10000', PING_TIMEOUT_MS: '5000' }),
    startNodeWithExporter('node-c', { ...FAST }),
  ]);
  const backends = [
    { id: a.id, url: a.node.url },
    { id: b.id, url: b.node.url },
  ];
  [sticky, nonSticky, tunnel, prometheus, crashEntry] = await Promise.all([
    startHaproxy({ backends, sticky: true }),
    startHaproxy({ backends, sticky: false }),
    startShortTunnelHaproxy([{ id: p.id, url: p.node.url }], '5s'),
    startScrapingPrometheus([a, b].map((n) => new URL(n.exporter.url).host)),
    startHaproxy({
      backends: [
        { id: a.id, url: a.node.url },
        { id: c.id, url: c.node.url },
      ],
      sticky: true,
    }),
  ]);
}, 90_000);

// Each scenario's window starts clean: the previous scenario's clients are gone and recorded.
afterEach(async () => {
  closeClients();
  await settle([a, b, p, c].filter(Boolean).map((n) => n.target));
}, 30_000);

afterAll(async () => {
  closeClients();
  await tunnel?.stop();
  await prometheus?.stop();
  await stopAll();
}, 60_000);

const fleet = (): NodeWithExporter[] => [a, b];
const aboveInfo = (findings: Finding[]): Finding[] => findings.filter((f) => f.severity !== 'info');
const show = (findings: Finding[]): string =>
  JSON.stringify(
    findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      impact: f.impact,
      confidence: f.confidence,
    })),
  );

describe('diagnosis under fault injection', () => {
  it('a healthy run under small load yields no finding above info', async () => {
    const from = Date.now();
    const sockets = await Promise.all(
      Array.from({ length: 6 }, async (_, i) =>
        client(sticky.url, { token: await token(`healthy-${i}`) }),
      ),
    );
    await connected(sockets);
    for (const [i, socket] of sockets.entries()) {
      expect((await socket.emitWithAck('room:join', { room: 'healthy' })).ok).toBe(true);
      for (let n = 0; n < 5; n++) {
        expect(
          (await socket.emitWithAck('room:publish', { room: 'healthy', payload: { i, n } })).ok,
        ).toBe(true);
      }
    }
    // Long enough that a session still on polling would count as "never upgraded".
    await waitFor(() => Date.now() - from > 2500, { message: 'sessions older than 2.5 s' });
    closeClients();
    const records = await waitForDisconnects(
      fleet().map((n) => n.target),
      from,
      6,
    );
    expect(records.every((d) => d.reason === 'client namespace disconnect')).toBe(true);
    const findings = diagnose(
      await collect(
        fleet().map((n) => n.target),
        from,
      ),
      FAST_DIAGNOSE,
    );
    expect(aboveInfo(findings), show(findings)).toEqual([]);
  });

  it('HAProxy with a 5 s tunnel timeout: proxy idle timeout first, sessions cut at ~5 s', async () => {
    const from = Date.now();
    // Staggered, as real clients arrive: each connection is cut on its own idle clock.
    const sockets: SockscopeSocket[] = [];
    for (let i = 0; i < 6; i += 1) {
      const socket = client(tunnel.url, {
        token: await token(`proxied-${i}`),
        reconnection: false,
      });
      await connected([socket]);
      sockets.push(socket);
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    const records = await waitForDisconnects(
      [p.target],
      from,
      6,
      (d) => d.reason === 'transport close',
    );
    const input = await collect([p.target], from);
    const findings = diagnose(input, { pingIntervalMs: 10_000, pingTimeoutMs: 5000 });
    const first = findings[0];
    expect(first?.id, show(findings)).toBe('proxy-idle-timeout');
    expect(first?.impact).toEqual({ sessions: 6, users: 6, nodes: 1 });
    expect(first?.severity).toBe('critical');
    const median = first?.evidence.find((e) => e.label.startsWith('session duration'))?.value;
    const seconds = Number(String(median).replace(' s', ''));
    expect(seconds).toBeGreaterThan(4.5);
    expect(seconds).toBeLessThan(6.5);
    // Ground truth: every recorded duration is 5 s ± 1 s.
    for (const d of records) expect(Math.abs(d.durationMs - 5000)).toBeLessThan(1000);
    expect(first?.fix).toMatch(/timeout/);
  });

  it('a balancer without stickiness: missing sticky sessions first, on both nodes', async () => {
    const from = Date.now();
    const result = await runPollingSessions({
      url: nonSticky.url,
      count: 8,
      concurrency: 8,
      token: (i) => token(`unsticky-${i}`),
      sessionTimeoutMs: 10_000,
    });
    expect(result.sessionIdUnknown, result.samples.join('\n')).toBeGreaterThan(0);
    let findings: Finding[] = [];
    await waitFor(
      async () => {
        findings = diagnose(
          await collect(
            fleet().map((n) => n.target),
            from,
          ),
          FAST_DIAGNOSE,
        );
        return (
          findings[0]?.id === 'sticky-sessions' &&
          findings[0].impact.nodes === 2 &&
          findings[0].impact.sessions >= result.sessionIdUnknown
        );
      },
      { timeoutMs: 20_000, intervalMs: 300, message: 'the sticky-sessions finding on both nodes' },
    ).catch(() => undefined);
    const first = findings[0];
    expect(first?.id, show(findings)).toBe('sticky-sessions');
    expect(first?.impact.nodes).toBe(2);
    // Every client that saw "Session ID unknown" is counted (the nodes may count more: retries).
    expect(first?.impact.sessions).toBeGreaterThanOrEqual(result.sessionIdUnknown);
    expect(first?.impact.sessions).toBeGreaterThanOrEqual(3);
  });

  // Retried: on a machine loaded by other suites, the stall's reading sometimes never reaches
  // node-a's exporter gauge (under investigation); a quiet machine passes first time.
  it(
    'a node whose event loop is blocked: blocked event loop first, on that node only',
    { retry: 2 },
    async () => {
      const from = Date.now();
      const onA = await Promise.all(
        [0, 1, 2].map(async (i) => client(a.node.url, { token: await token(`loop-a-${i}`) })),
      );
      const onB = await Promise.all(
        [0, 1, 2].map(async (i) => client(b.node.url, { token: await token(`loop-b-${i}`) })),
      );
      await connected([...onA, ...onB]);
      const previous = new Set(onA.map((s) => s.id));
      const watchA = watchEventLoopDelay(a.exporter.url, 2);
      const watchB = watchEventLoopDelay(b.exporter.url, 2);
      const blocked = await fetch(`${a.node.url}/test-hooks/block-event-loop?ms=3500`, {
        method: 'POST',
      });
      expect(blocked.status).toBeLessThan(300);
      await waitForDisconnects([a.target], from, 3);
      // The clients came back (and told the node what they saw).
      await waitFor(() => onA.every((s) => s.connected && !previous.has(s.id)), {
        timeoutMs: 20_000,
        message: 'clients of node-a reconnected',
      });
      let findings: Finding[] = [];
      let input: DiagnosisInput | undefined;
      await waitFor(
        async () => {
          // With Prometheus: the event-loop delay peak over the window, not just as of now.
          input = await collectDiagnosisInput({
            exporters: fleet().map((n) => n.target),
            from,
            to: Date.now(),
            prometheusUrl: prometheus.url,
          });
          findings = diagnose(input, FAST_DIAGNOSE);
          return findings[0]?.id === 'blocked-event-loop' && findings[0].impact.sessions === 3;
        },
        {
          timeoutMs: 10_000,
          intervalMs: 300,
          message: 'blocked-event-loop finding with the delay peak',
        },
      ).catch(() => undefined);
      const first = findings[0];
      expect(first?.id, show(findings)).toBe('blocked-event-loop');
      expect(first?.title).toContain('node-a');
      expect(first?.impact).toEqual({ sessions: 3, users: 3, nodes: 1 });
      // The delay spiked on node-a (the 3.5 s block), not on node-b: the exporters' own gauges.
      // A block this long also drops the exporter's link to its node: the reading arrives with
      // the exporter's reconnect (about a second or more later), which can outlast the findings.
      await waitFor(() => watchA.peak() > 2, {
        timeoutMs: 15_000,
        intervalMs: 100,
        message: "the 3.5 s stall on node-a's exporter gauge",
      }).catch(() => undefined);
      const truthA = await watchA.stop();
      const truthB = await watchB.stop();
      expect(truthA.peak).toBeGreaterThan(2);
      expect(truthB.peak).toBeLessThan(1);
      // Through Prometheus, the collector reports that peak for the window (when a scrape landed
      // while the exporter's gauge held it: about a second, which a busy machine can miss).
      const peak = (node: string): number =>
        input?.nodes.find((n) => n.node === node)?.metrics?.eventLoopDelayMaxSeconds ?? -1;
      expect(peak('node-b')).toBeGreaterThanOrEqual(0);
      expect(peak('node-b')).toBeLessThan(1);
      const scrapes = await prometheusSampleTimes(
        prometheus.url,
        'socketio_node_event_loop_delay_seconds{node="node-a",quantile="max"}',
        60,
      );
      const scrapedDuringSpike = scrapes.some(
        (t) => t >= (truthA.spikeFrom ?? Infinity) - 50 && t <= (truthA.spikeTo ?? 0) + 50,
      );
      if (scrapedDuringSpike) {
        // Collected again: Prometheus may have stored that scrape after the first collection.
        input = await collectDiagnosisInput({
          exporters: fleet().map((n) => n.target),
          from,
          to: Date.now(),
          prometheusUrl: prometheus.url,
        });
        const again = diagnose(input, FAST_DIAGNOSE);
        expect(peak('node-a')).toBeGreaterThan(2);
        expect(again[0]?.id).toBe('blocked-event-loop');
        // The window's peak is the evidence, and it raises the confidence (by 0.25 over a finding
        // made from disconnects alone; what the clients report back is timing-dependent).
        const evidence = again[0]?.evidence.find((e) => e.label === 'event-loop delay peak');
        expect(Number.parseFloat(String(evidence?.value))).toBeGreaterThan(2);
        expect(again[0]?.confidence).toBeGreaterThanOrEqual(0.75);
      } else {
        console.warn('prometheus missed the event-loop spike (busy machine): peak check skipped');
      }
      // Negative control: node-b, same clients and settings, not blocked, has no finding.
      expect(findings.some((f) => f.title.includes('node-b'))).toBe(false);
      closeClients();
    },
  );

  it('clients with WebSocket disabled: websocket blocked first, grouped by user agent', async () => {
    const from = Date.now();
    const legacy = await Promise.all(
      [a, a, b, b].map(async (n, i) =>
        client(n.node.url, {
          token: await token(`legacy-${i}`),
          transports: ['polling'],
          extraHeaders: { 'user-agent': 'legacy-app/1.0' },
        }),
      ),
    );
    const modern = await Promise.all(
      [a, b].map(async (n, i) => client(n.node.url, { token: await token(`modern-${i}`) })),
    );
    await connected([...legacy, ...modern]);
    await waitFor(() => Date.now() - from > 2600, { message: 'sessions older than 2.5 s' });
    const findings = diagnose(
      await collect(
        fleet().map((n) => n.target),
        from,
      ),
      FAST_DIAGNOSE,
    );
    const first = findings[0];
    expect(first?.id, show(findings)).toBe('websocket-blocked');
    expect(first?.impact).toEqual({ sessions: 4, users: 4, nodes: 2 });
    expect(first?.evidence.find((e) => e.label.startsWith('top user agent'))?.label).toContain(
      'legacy-app/1.0',
    );
    expect(modern.every((s) => s.io.engine.transport.name === 'websocket')).toBe(true);
    closeClients();
  });

  it('oversized sends: oversized payload first', async () => {
    const from = Date.now();
    const senders = await Promise.all(
      [0, 1, 2].map(async (i) =>
        client(a.node.url, {
          token: await token(`big-${i}`),
          reconnection: false,
          // Two over WebSocket, one over long-polling (an oversized POST).
          ...(i === 2 && { transports: ['polling' as const] }),
        }),
      ),
    );
    await connected(senders);
    for (const s of senders)
      s.emit('room:publish', { room: 'big', payload: 'x'.repeat(150_000) }, () => undefined);
    const records = await waitForDisconnects([a.target], from, 3);
    const findings = diagnose(
      await collect(
        fleet().map((n) => n.target),
        from,
      ),
      FAST_DIAGNOSE,
    );
    const first = findings[0];
    expect(
      first?.id,
      `${show(findings)} ${JSON.stringify(records.map((d) => [d.reason, d.description]))}`,
    ).toBe('oversized-payload');
    expect(first?.impact).toEqual({ sessions: 3, users: 3, nodes: 1 });
    // What engine.io says on each transport, shown as evidence.
    const evidence = Object.fromEntries(first?.evidence.map((e) => [e.label, e.value]) ?? []);
    expect(evidence['description "RangeError: Max payload size exceeded"']).toBe(2);
    expect(evidence['description "payload too large"']).toBe(1);
    closeClients();
  });

  it('a server-side kick loop: server kicks first, every kick counted', async () => {
    const from = Date.now();
    let kicks = 0;
    const kicked = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const socket = client(b.node.url, { token: await token(`kicked-${i}`) });
        socket.on('connect', () => socket.emit('room:join', { room: 'kick-me' }, () => undefined));
        socket.on('disconnect', (reason) => {
          // A kicked client is not reconnected by socket.io-client: the app does it (the loop).
          if (reason !== 'io server disconnect') return;
          kicks++;
          if (kicks < 12) socket.connect();
        });
        return socket;
      }),
    );
    await waitFor(() => kicks >= 9, { timeoutMs: 30_000, message: `9 kicks (${kicks})` });
    closeClients();
    await waitForDisconnects(
      [b.target],
      from,
      kicks,
      (d) => d.reason === 'server namespace disconnect',
    );
    const truth = (await disconnectsOf(b.target, from)).filter(
      (d) => d.reason === 'server namespace disconnect',
    );
    const findings = diagnose(
      await collect(
        fleet().map((n) => n.target),
        from,
      ),
      FAST_DIAGNOSE,
    );
    const first = findings[0];
    expect(first?.id, show(findings)).toBe('server-kicks');
    expect(first?.impact).toEqual({ sessions: truth.length, users: 3, nodes: 1 });
    expect(truth.length).toBeGreaterThanOrEqual(9);
    expect(findings.some((f) => f.id === 'token-expiry')).toBe(false);
    expect(kicked.length).toBe(3);
  });

  it('tokens that expire in seconds: token expiry first, with the refused reconnects', async () => {
    const from = Date.now();
    const sockets = await Promise.all(
      [0, 1, 2, 3].map(async (i) =>
        client(a.node.url, { token: await token(`expiring-${i}`, '4s'), reconnection: false }),
      ),
    );
    await connected(sockets);
    await waitForDisconnects(
      [a.target],
      from,
      4,
      (d) => d.reason === 'server namespace disconnect',
    );
    // Reconnecting with the same (now expired) token is refused.
    const refusals = await Promise.all(
      sockets.map(
        (s) =>
          new Promise<string>((resolve) => {
            s.once('connect_error', (error) => resolve(error.message));
            s.connect();
          }),
      ),
    );
    expect(refusals).toEqual(['token expired', 'token expired', 'token expired', 'token expired']);
    let findings: Finding[] = [];
    await waitFor(
      async () => {
        findings = diagnose(
          await collect(
            fleet().map((n) => n.target),
            from,
          ),
          FAST_DIAGNOSE,
        );
        return (
          (findings[0]?.evidence.find((e) => e.label.startsWith('reconnects refused'))?.value ??
            0) === 4
        );
      },
      { timeoutMs: 10_000, intervalMs: 300, message: 'the refusals in the summary' },
    ).catch(() => undefined);
    const first = findings[0];
    expect(first?.id, show(findings)).toBe('token-expiry');
    expect(first?.impact).toEqual({ sessions: 4, users: 4, nodes: 1 });
    expect(first?.evidence.find((e) => e.label.startsWith('reconnects refused'))?.value).toBe(4);
    closeClients();
  });

  it('clients of one user agent losing their network: client-side network loss first', async () => {
    const relays = await Promise.all([a, b].map((n) => startBlackHoleRelay(n.node.url)));
    try {
      const from = Date.now();
      const mobile = await Promise.all(
        range(6).map(async (i) =>
          client((relays[i % 2] as BlackHoleRelay).url, {
            token: await token(`mobile-${i}`),
            extraHeaders: { 'user-agent': 'mobile-app/3.1' },
          }),
        ),
      );
      const web = await Promise.all(
        range(6).map(async (i) =>
          client((i % 2 ? b : a).node.url, {
            token: await token(`web-${i}`),
            extraHeaders: { 'user-agent': 'web-app/5.0' },
          }),
        ),
      );
      await connected([...mobile, ...web]);
      const before = new Set(mobile.map((s) => s.id));
      for (const relay of relays) relay.blackHole();
      await waitFor(() => mobile.every((s) => s.connected && !before.has(s.id)), {
        timeoutMs: 20_000,
        message: 'the mobile clients back on a new connection',
      });
      await waitForDisconnects(
        fleet().map((n) => n.target),
        from,
        6,
        (d) => d.reason === 'ping timeout',
      );
      let findings: Finding[] = [];
      await waitFor(
        async () => {
          findings = diagnose(
            await collect(
              fleet().map((n) => n.target),
              from,
            ),
            FAST_DIAGNOSE,
          );
          return findings[0]?.id === 'client-network-loss' && findings[0].impact.sessions === 6;
        },
        { timeoutMs: 10_000, intervalMs: 300, message: 'the client-network-loss finding' },
      ).catch(() => undefined);
      const first = findings[0];
      expect(first?.id, show(findings)).toBe('client-network-loss');
      expect(first?.impact).toEqual({ sessions: 6, users: 6, nodes: 2 });
      expect(first?.title).toContain('mobile-app/3.1');
      expect(
        first?.evidence.find((e) => e.label === 'server view of the same sessions')?.value,
      ).toBe('ping timeout: 6');
      // Negative control: both nodes kept their other clients, so no node is blamed.
      expect(
        findings.some((f) => f.id === 'blocked-event-loop'),
        show(findings),
      ).toBe(false);
      expect(web.every((s) => s.connected)).toBe(true);
    } finally {
      closeClients();
      await Promise.all(relays.map((r) => r.close()));
    }
  });

  it('a node killed with SIGKILL: deploy/restart (no drain) first, clients back elsewhere', async () => {
    const sockets = await Promise.all(
      range(6).map(async (i) => client(crashEntry.url, { token: await token(`crash-${i}`) })),
    );
    await connected(sockets);
    await waitFor(
      () =>
        sockets.some((s) => nodeOf(s) === 'node-c') && sockets.some((s) => nodeOf(s) === 'node-a'),
      { message: 'clients on both nodes' },
    );
    const onC = sockets.filter((s) => nodeOf(s) === 'node-c');
    // The exporter knows them as live before the node dies.
    await waitFor(
      async () => {
        const status = (await (
          await fetch(`${c.exporter.url}/api/status`, {
            headers: { authorization: `Bearer ${c.target.token}` },
          })
        ).json()) as { liveSessions: number };
        return status.liveSessions === onC.length;
      },
      { message: 'node-c sessions live on its exporter' },
    );
    const from = Date.now();
    await c.node.stop('SIGKILL');
    await waitFor(() => sockets.every((s) => s.connected && nodeOf(s) === 'node-a'), {
      timeoutMs: 30_000,
      message: 'every client back, on node-a',
    });
    const targets = [a, b, c].map((n) => n.target);
    let findings: Finding[] = [];
    await waitFor(
      async () => {
        findings = diagnose(await collect(targets, from), FAST_DIAGNOSE);
        return findings[0]?.evidence.find((e) => e.label === 'share recovered')?.value === '100%';
      },
      { timeoutMs: 15_000, intervalMs: 300, message: 'the reconnects on node-a' },
    ).catch(() => undefined);
    const first = findings[0];
    expect(first?.id, show(findings)).toBe('deploy-restart');
    expect(first?.title).toContain('node-c went down without draining');
    expect(first?.impact).toEqual({ sessions: onC.length, users: onC.length, nodes: 1 });
    expect(first?.evidence.find((e) => e.label === 'reconnected on')?.value).toBe('node-a');
    // The exporter still answers for the dead node: an info note, not a second alarm.
    expect(findings.filter((f) => f.severity !== 'info').map((f) => f.id)).toEqual([
      'deploy-restart',
    ]);
  });

  it('a drained node: deploy/restart first, with the share of clients that came back', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 6 }, async (_, i) =>
        client(sticky.url, { token: await token(`deploy-${i}`) }),
      ),
    );
    await connected(sockets);
    await waitFor(
      () =>
        sockets.some((s) => nodeOf(s) === 'node-b') && sockets.some((s) => nodeOf(s) === 'node-a'),
      {
        message: 'clients on both nodes',
      },
    );
    const onB = sockets.filter((s) => nodeOf(s) === 'node-b');
    const from = Date.now();
    await b.node.stop('SIGTERM');
    await waitForDisconnects(
      [b.target],
      from,
      onB.length,
      (d) => d.reason === 'server shutting down',
    );
    await waitFor(() => sockets.every((s) => s.connected && nodeOf(s) === 'node-a'), {
      timeoutMs: 30_000,
      message: 'every client back, on node-a',
    });
    let findings: Finding[] = [];
    await waitFor(
      async () => {
        findings = diagnose(
          await collect(
            fleet().map((n) => n.target),
            from,
          ),
          FAST_DIAGNOSE,
        );
        return findings[0]?.evidence.find((e) => e.label === 'share recovered')?.value === '100%';
      },
      { timeoutMs: 15_000, intervalMs: 300, message: 'the reconnects on node-a' },
    ).catch(() => undefined);
    const first = findings[0];
    expect(first?.id, show(findings)).toBe('deploy-restart');
    expect(first?.impact).toEqual({ sessions: onB.length, users: onB.length, nodes: 1 });
    expect(first?.title).toContain('node-b');
    expect(first?.evidence.find((e) => e.label === 'share recovered')?.value).toBe('100%');
    expect(
      String(first?.evidence.find((e) => e.label === 'reconnected on other nodes')?.value),
    ).toContain('node-a');
  });

  // A reconnect storm: every client of node-a loses its connection in the same instant (the
  // relay in front of the node resets them all: no drain, no "server shutting down", the node
  // stays up, so neither deploy-restart nor client-network-loss applies) and all retry after the
  // same fixed delay. 60 reconnects land within one second; the negative control is the same
  // outage with jittered clients, whose reconnects spread over seconds.
  const stormOutage = async (
    prefix: string,
    reconnect: {
      reconnectionDelay: number;
      reconnectionDelayMax: number;
      randomizationFactor: number;
    },
  ): Promise<{ findings: Finding[]; from: number }> => {
    const relay = await startBlackHoleRelay(a.node.url);
    try {
      const from = Date.now();
      const sockets = await Promise.all(
        range(STORM_CLIENTS).map(async (i) =>
          client(relay.url, { token: await token(`${prefix}-${i}`), ...reconnect }),
        ),
      );
      await connected(sockets, 30_000);
      const before = new Set(sockets.map((s) => s.id));
      relay.cut();
      await waitFor(
        () => {
          const back = sockets.filter((s) => s.connected && !before.has(s.id)).length;
          if (back === sockets.length) return true;
          const stuck = sockets.filter((s) => !s.connected).length;
          throw new Error(`${back}/${sockets.length} back, ${stuck} not connected`);
        },
        // Generous: on a loaded machine a handshake can hang until the client's 20 s timeout.
        { timeoutMs: 45_000, message: 'every client back on a new connection' },
      );
      let findings: Finding[] = [];
      await waitFor(
        async () => {
          const input = await collect([a.target], from);
          findings = diagnose(input, FAST_DIAGNOSE);
          // Settled once every reconnect is recorded.
          const reconnected = input.nodes
            .flatMap((n) => n.liveSessions)
            .filter((s) => s.lastDisconnect !== null);
          return reconnected.length === STORM_CLIENTS;
        },
        { timeoutMs: 10_000, intervalMs: 300, message: 'the reconnects recorded' },
      ).catch(() => undefined);
      return { findings, from };
    } finally {
      closeClients();
      await relay.close();
    }
  };

  // Retried once: the storm's densest second and every client's return are timings, which a
  // loaded two-core machine can stretch (the thresholds stay as they are).
  const STORM_TEST = { retry: 1, timeout: 90_000 };

  it(
    'an outage with fixed-delay clients: reconnect storm first, with the outage in it',
    STORM_TEST,
    async () => {
      const { findings } = await stormOutage('storm', {
        reconnectionDelay: 1000,
        reconnectionDelayMax: 1000,
        randomizationFactor: 0,
      });
      const first = findings[0];
      expect(first?.id, show(findings)).toBe('reconnect-storm');
      // Nearly every client: one whose first attempt fails comes back a second later, outside
      // the storm's densest second (seen here: 58 of 60 once).
      expect(first?.impact.nodes).toBe(1);
      expect(first?.impact.users).toBe(first?.impact.sessions);
      expect(first?.impact.sessions).toBeGreaterThanOrEqual(STORM_CLIENTS * 0.9);
      expect(first?.impact.sessions).toBeLessThanOrEqual(STORM_CLIENTS);
      const evidence = Object.fromEntries(first?.evidence.map((e) => [e.label, e.value]) ?? []);
      expect(Number(evidence['peak reconnects per second'])).toBeGreaterThanOrEqual(50);
      // Nobody reconnected before the outage, so the only reconnects outside the storm are its
      // stragglers (a client whose first attempt failed): the baseline is at most their count, 0
      // when there are none, never the storm's own rate.
      const stragglers = STORM_CLIENTS - (first?.impact.sessions ?? 0);
      const baseline = Number(evidence['median reconnects per busy second outside the storm']);
      expect(baseline).toBeLessThanOrEqual(stragglers);
      // Every client waited the same fixed second: gaps bunched around 1 s, too little jitter.
      const gap = Number.parseFloat(String(evidence['reconnect gap (median)']));
      expect(gap).toBeGreaterThanOrEqual(0.9);
      expect(gap).toBeLessThan(2.5);
      expect(String(evidence['jitter (p90 − p10 of the gaps / median gap)'])).toContain(
        'too little',
      );
      expect(first?.confidence).toBeGreaterThanOrEqual(0.8);
    },
  );

  it('the same outage with jittered clients: no reconnect storm', STORM_TEST, async () => {
    const { findings } = await stormOutage('jittered', {
      reconnectionDelay: 4000,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    expect(
      findings.some((f) => f.id === 'reconnect-storm'),
      show(findings),
    ).toBe(false);
  });
});
