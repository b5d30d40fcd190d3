// Each detector on synthetic records: the signal it looks for, and a near miss it must ignore.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../src/diagnose.js';
import { closed, input, nodeInput, range, session, summary, T0 } from './support/records.js';

const ids = (findings: { id: string }[]): string[] => findings.map((f) => f.id);

describe('proxy idle timeout', () => {
  it('transport close at one fixed duration (60 s ± 2 s) is found, with the duration', () => {
    const cut = range(10).map((i) =>
      closed('transport close', 59_000 + (i % 3) * 1000, { connectedAt: T0 + i * 7000 }),
    );
    const findings = diagnose(input([nodeInput('node-1', { disconnects: cut })]));
    expect(findings[0]?.id).toBe('proxy-idle-timeout');
    expect(findings[0]?.impact).toEqual({ sessions: 10, users: 10, nodes: 1 });
    expect(findings[0]?.title).toContain('60.0 s');
  });

  it('sessions opened and cut in one batch are not a proxy timeout, however equal their durations', () => {
    const batch = range(10).map(() => closed('transport close', 5000));
    expect(ids(diagnose(input([nodeInput('node-1', { disconnects: batch })])))).not.toContain(
      'proxy-idle-timeout',
    );
  });

  it('transport close at scattered durations is not a proxy timeout', () => {
    const scattered = range(10).map((i) => closed('transport close', 3000 + i * 9000));
    expect(ids(diagnose(input([nodeInput('node-1', { disconnects: scattered })])))).not.toContain(
      'proxy-idle-timeout',
    );
  });
});

describe('sticky sessions', () => {
  it('"Session ID unknown" handshake errors on two nodes', () => {
    const errors = summary({ handshakeErrors: { '1 Session ID unknown': 12 } });
    const findings = diagnose(
      input([nodeInput('node-1', { summary: errors }), nodeInput('node-2', { summary: errors })]),
    );
    expect(findings[0]?.id).toBe('sticky-sessions');
    expect(findings[0]?.impact.nodes).toBe(2);
    expect(findings[0]?.impact.sessions).toBe(24);
  });

  it('other handshake errors are not stickiness', () => {
    const errors = summary({ handshakeErrors: { '3 Bad request': 12 } });
    expect(ids(diagnose(input([nodeInput('node-1', { summary: errors })])))).toEqual([]);
  });
});

describe('blocked event loop', () => {
  it('ping timeouts on one node while its event-loop delay peaks', () => {
    const stalled = range(5).map((i) =>
      closed('ping timeout', 20_000 + i, { node: 'node-1', connectedAt: T0 - i }),
    );
    const findings = diagnose(
      input([
        nodeInput('node-1', {
          disconnects: stalled,
          metrics: {
            scope: 'window',
            eventsOut: {},
            eventLoopDelayMaxSeconds: 4.2,
            clientReportedDisconnects: {},
          },
        }),
        nodeInput('node-2', { liveSessions: [session({ node: 'node-2' })] }),
      ]),
    );
    expect(findings[0]?.id).toBe('blocked-event-loop');
    expect(findings[0]?.impact).toEqual({ sessions: 5, users: 5, nodes: 1 });
    expect(findings[0]?.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('ping timeouts spread over every node are not one blocked node', () => {
    const spread = ['node-1', 'node-2', 'node-3'].map((node) => ({
      node,
      records: range(3).map((i) =>
        closed('ping timeout', 30_000 + i * 5000, { node, connectedAt: T0 + i * 11_000 }),
      ),
    }));
    const findings = diagnose(
      input(spread.map((s) => nodeInput(s.node, { disconnects: s.records }))),
    );
    expect(ids(findings)).not.toContain('blocked-event-loop');
  });
});

describe('deploy or restart', () => {
  it('server shutting down on one node, clients back on another: share recovered', () => {
    const shut = range(4).map((i) =>
      closed('server shutting down', 10_000, {
        node: 'node-1',
        user: `d${i}`,
        connectedAt: T0 + i,
      }),
    );
    const back = shut.slice(0, 3).map((d, i) =>
      session({
        node: 'node-2',
        user: d.user,
        connectedAt: T0 + 11_000 + i * 100,
        lastDisconnect: {
          reason: 'transport close',
          at: T0 + 10_000,
          previousId: d.id,
          gapMs: 1000,
        },
      }),
    );
    const findings = diagnose(
      input([
        nodeInput('node-1', { disconnects: shut }),
        nodeInput('node-2', { liveSessions: back }),
      ]),
    );
    expect(findings[0]?.id).toBe('deploy-restart');
    expect(findings[0]?.impact).toEqual({ sessions: 4, users: 4, nodes: 1 });
    expect(findings[0]?.evidence.find((e) => e.label === 'share recovered')?.value).toBe('75%');
    expect(findings[0]?.severity).toBe('warning');
  });
});

describe('reconnect storm', () => {
  it('hundreds of reconnects within one second after an outage', () => {
    const storm = range(120).map((i) =>
      session({
        connectedAt: T0 + 30_000 + (i % 10) * 50,
        lastDisconnect: { reason: 'transport close', at: T0 + 29_000, gapMs: 1000 + (i % 10) * 50 },
      }),
    );
    const trickle = range(20).map((i) =>
      session({
        connectedAt: T0 + i * 60_000,
        lastDisconnect: { reason: 'transport close', at: T0, gapMs: 5000 },
      }),
    );
    const findings = diagnose(
      input([nodeInput('node-1', { liveSessions: [...storm, ...trickle] })]),
    );
    expect(findings[0]?.id).toBe('reconnect-storm');
    expect(findings[0]?.impact.sessions).toBe(120);
    expect(
      String(findings[0]?.evidence.find((e) => e.label.startsWith('jitter'))?.value),
    ).toContain('too little');
  });

  it('a storm alone in the window, straddling a clock second, is still one storm', () => {
    // Half the burst before a second boundary, half after; no other reconnect to compare with.
    const boundary = Math.ceil(T0 / 1000) * 1000 + 30_000;
    const storm = range(60).map((i) =>
      session({
        connectedAt: boundary - 300 + i * 10,
        lastDisconnect: { reason: 'transport close', at: boundary - 1300, gapMs: 1000 },
      }),
    );
    const findings = diagnose(input([nodeInput('node-1', { liveSessions: storm })]));
    expect(findings[0]?.id).toBe('reconnect-storm');
    expect(findings[0]?.impact.sessions).toBe(60);
    expect(findings[0]?.title).toContain('60 reconnects');
  });

  it('reconnects spread over time are no storm', () => {
    const spread = range(120).map((i) =>
      session({
        connectedAt: T0 + i * 10_000,
        lastDisconnect: { reason: 'transport close', at: T0, gapMs: 3000 },
      }),
    );
    expect(ids(diagnose(input([nodeInput('node-1', { liveSessions: spread })])))).not.toContain(
      'reconnect-storm',
    );
  });
});

describe('websocket blocked', () => {
  it('sessions that stay on polling, grouped by client version', () => {
    const stuck = range(6).map(() =>
      session({ transport: 'polling', upgrades: [], clientVersion: '0.9.0' }),
    );
    const fine = range(6).map(() => session());
    const findings = diagnose(input([nodeInput('node-1', { liveSessions: [...stuck, ...fine] })]));
    expect(findings[0]?.id).toBe('websocket-blocked');
    expect(findings[0]?.impact.sessions).toBe(6);
    expect(findings[0]?.evidence.some((e) => e.label.includes('0.9.0'))).toBe(true);
  });
});

describe('client-side network loss', () => {
  it('lost connections reported by one client version far more often than the rest', () => {
    const mobile = range(10).map(() =>
      session({
        clientVersion: 'mobile-2.1',
        lastDisconnect: { reason: 'ping timeout', at: T0, gapMs: 4000 },
      }),
    );
    const mobileOk = range(2).map(() => session({ clientVersion: 'mobile-2.1' }));
    const web = range(30).map(() => session({ clientVersion: 'web-5.0' }));
    const findings = diagnose(
      input([nodeInput('node-1', { liveSessions: [...mobile, ...mobileOk, ...web] })]),
    );
    expect(findings[0]?.id).toBe('client-network-loss');
    expect(findings[0]?.impact.sessions).toBe(10);
    expect(findings[0]?.title).toContain('mobile-2.1');
  });

  it('the same loss rate everywhere is not concentrated', () => {
    const everyone = range(40).map((i) =>
      session({
        clientVersion: i % 2 ? 'a' : 'b',
        userAgent: i % 2 ? 'ua-a' : 'ua-b',
        lastDisconnect: i % 3 === 0 ? { reason: 'ping timeout', at: T0, gapMs: 1 } : null,
      }),
    );
    expect(ids(diagnose(input([nodeInput('node-1', { liveSessions: everyone })])))).not.toContain(
      'client-network-loss',
    );
  });
});

describe('token expiry and auth', () => {
  it('server namespace disconnects explained by auth:expired, and refusals by reason', () => {
    const expired = range(4).map((i) =>
      closed('server namespace disconnect', 3000, { connectedAt: T0 + i }),
    );
    const findings = diagnose(
      input([
        nodeInput('node-1', {
          disconnects: expired,
          summary: summary({ connectErrors: { '/ token expired': 4, '/ invalid token': 2 } }),
          metrics: {
            scope: 'window',
            eventsOut: { 'auth:expired': 4 },
            eventLoopDelayMaxSeconds: 0,
            clientReportedDisconnects: {},
          },
        }),
      ]),
    );
    expect(ids(findings)).toEqual(['token-expiry', 'auth-refusals']);
    expect(findings[0]?.impact).toEqual({ sessions: 4, users: 4, nodes: 1 });
    expect(findings[1]?.evidence).toEqual([
      { label: 'connect_error "token expired"', value: 4 },
      { label: 'connect_error "invalid token"', value: 2 },
    ]);
  });
});

describe('oversized payloads and parse errors', () => {
  it('transport error "Max payload size exceeded" and parse error', () => {
    const records = [
      closed('transport error', 500, { description: 'RangeError: Max payload size exceeded' }),
      closed('transport error', 700, { description: 'RangeError: Max payload size exceeded' }),
      closed('parse error', 900),
    ];
    const findings = diagnose(input([nodeInput('node-1', { disconnects: records })]));
    expect(findings[0]?.id).toBe('oversized-payload');
    expect(findings[0]?.impact.sessions).toBe(3);
  });

  it('a transport error without a payload description is not one', () => {
    const records = [closed('transport error', 500, { description: 'socket hang up' })];
    expect(ids(diagnose(input([nodeInput('node-1', { disconnects: records })])))).toEqual([]);
  });
});

describe('server kicks', () => {
  it('server namespace disconnects without auth:expired are kicks; repeat users are named', () => {
    const kicks = range(6).map((i) =>
      closed('server namespace disconnect', 500, { user: `k${i % 2}`, connectedAt: T0 + i * 1000 }),
    );
    const findings = diagnose(input([nodeInput('node-1', { disconnects: kicks })]));
    expect(findings[0]?.id).toBe('server-kicks');
    expect(findings[0]?.impact).toEqual({ sessions: 6, users: 2, nodes: 1 });
  });
});

describe('ranking and purity', () => {
  it('ranks by impact and returns the same findings for the same input', () => {
    const data = input([
      nodeInput('node-1', {
        disconnects: [
          ...range(3).map(() => closed('parse error', 100)),
          ...range(12).map((i) => closed('transport close', 5000, { connectedAt: T0 + i * 3000 })),
        ],
      }),
    ]);
    const first = diagnose(data);
    expect(ids(first)).toEqual(['proxy-idle-timeout', 'oversized-payload']);
    expect(diagnose(structuredClone(data))).toEqual(first);
  });

  it('an unreachable exporter is an info finding, never a crash', () => {
    const findings = diagnose(
      input([
        {
          node: 'node-9',
          status: null,
          error: 'ECONNREFUSED',
          disconnects: [],
          liveSessions: [],
          summary: null,
          metrics: null,
        },
      ]),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: 'incomplete-data', severity: 'info' });
  });
});
