import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { INSTRUMENT_NAMESPACE } from '@sockscope/contracts';
import { startStack } from '@sockscope/testkit';
import { io } from 'socket.io-client';
import type { ChaosCase } from '../chaos-case.js';
import { dashboardCookie, probe } from '../http-probe.js';
import { spawnNode } from '../realtime.js';

/** The connect_error message of one sidecar login attempt ('connected' if it got in). */
function sidecarAttempt(url: string, auth: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const socket = io(`${url}${INSTRUMENT_NAMESPACE}`, {
      auth,
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
    });
    const done = (result: string): void => {
      clearTimeout(timer);
      socket.disconnect();
      resolve(result);
    };
    const timer = setTimeout(() => done('timeout'), 10_000);
    socket.once('connect', () => done('connected'));
    socket.once('connect_error', (error) => done(error.message));
  });
}

/** GET status from a chosen loopback source address (Linux routes all of 127/8 to lo); 0 on error. */
function statusFrom(url: string, localAddress: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { localAddress, agent: false, timeout: 5000, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** Case 11a: the instrumentation namespace refuses, then rate limits, wrong tokens. */
export const instrumentTokenGuard: ChaosCase = {
  name: 'instrument-token-guard',
  issueCase: 11,
  short: true,
  timeoutMs: () => 45_000,
  async run() {
    const token = randomBytes(24).toString('base64url');
    const node = await spawnNode({ INSTRUMENT_TOKEN: token });
    const missing = await sidecarAttempt(node.url, {});
    const wrong: string[] = [];
    for (let i = 0; i < 10; i++) {
      wrong.push(await sidecarAttempt(node.url, { token: `wrong-${i}-${'x'.repeat(24)}` }));
    }
    const rightAfter = await sidecarAttempt(node.url, { token });
    const leaked = node.logs.some((line) => line.includes(token) || line.includes('wrong-0-'));
    const pass =
      missing !== 'connected' &&
      wrong.every((w) => w !== 'connected') &&
      wrong.some((w) => /rate/i.test(w)) &&
      /rate/i.test(rightAfter) &&
      !leaked;
    return {
      pass,
      numbers: {
        'no token': missing,
        'wrong ×10': [...new Set(wrong)].join(' then '),
        'right token after': rightAfter,
        'token in logs': leaked ? 'yes' : 'no',
      },
    };
  },
};

/** Case 11b: the exporter API (and the dashboard) without, with wrong, and with the token. */
export const exporterApiTokenGuard: ChaosCase = {
  name: 'exporter-api-token-guard',
  issueCase: 11,
  short: false,
  timeoutMs: () => 120_000,
  async run() {
    const stack = await startStack({ nodes: 1, env: { LOG_LEVEL: 'warn' } });
    try {
      const { exporters, dashboard, jwt } = stack.stackFile;
      const exporter = exporters[0];
      if (!exporter) throw new Error('stack without an exporter');
      const secrets = [exporter.token, jwt.secret, ...(dashboard ? [dashboard.token] : [])];
      const noToken = await probe(`${exporter.url}/api/status`);
      // The guesser comes from 127.0.0.2, so its block does not hit the dashboard on 127.0.0.1.
      const wrong: number[] = [];
      for (let i = 0; i < 10; i++) {
        wrong.push(
          await statusFrom(
            `${exporter.url}/api/status`,
            '127.0.0.2',
            `wrong-${i}-${'y'.repeat(20)}`,
          ),
        );
      }
      const rightWhileBlocked = await statusFrom(
        `${exporter.url}/api/status`,
        '127.0.0.2',
        exporter.token,
      );
      const right = await probe(`${exporter.url}/api/status`, {
        headers: { authorization: `Bearer ${exporter.token}` },
      });
      const auth = { authorization: `Bearer ${exporter.token}` };
      const bodies = await Promise.all([
        probe(`${exporter.url}/metrics`),
        ...['/api/status', '/api/sessions', '/api/disconnects', '/api/summary', '/api/nope'].map(
          (path) => probe(`${exporter.url}${path}`, { headers: auth }),
        ),
      ]);
      if (dashboard) {
        const cookie = await dashboardCookie(dashboard.url, dashboard.token);
        for (const path of ['/api/nodes', '/api/overview', '/api/disconnects', '/', '/nodes']) {
          bodies.push(await probe(`${dashboard.url}${path}`, { headers: { cookie } }));
        }
      }
      const leaks = bodies.filter(
        (b) =>
          secrets.some((s) => b.body.includes(s)) ||
          /authorization|set-cookie|bearer /i.test(b.body),
      ).length;
      const rateLimited = wrong.some((s) => s === 429);
      const pass =
        noToken.status === 401 &&
        wrong.every((s) => s === 401 || s === 429) &&
        rateLimited &&
        rightWhileBlocked === 429 &&
        right.status === 200 &&
        leaks === 0;
      return {
        pass,
        numbers: {
          'no token': noToken.status,
          'wrong ×10': [...new Set(wrong)].join('/'),
          'rate limited': rateLimited ? 'yes' : 'no',
          'right token, blocked address': rightWhileBlocked,
          'right token': right.status,
          'responses checked': bodies.length,
          'responses with a secret': leaks,
        },
        ...(!rateLimited && {
          note: 'the exporter API does not rate limit wrong tokens (401 every time)',
        }),
      };
    } finally {
      await stack.stop();
    }
  },
};
