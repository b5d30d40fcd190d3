import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { spawnTracked, tail, type TrackedProcess } from './processes.js';
import { requireBinary } from './require-binary.js';
import { waitFor } from './wait-for.js';

export interface HaproxyBackend {
  /** The node id, i.e. the prefix of the engine.io sids it issues (`<id>.<random>`). */
  id: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
}

export interface HaproxyOptions {
  backends: HaproxyBackend[];
  /**
   * true: a request carrying `sid=<id>.…` goes to backend `<id>` (polling and the websocket
   * upgrade both carry the sid in the query, and no cookie is needed); new handshakes are
   * balanced round-robin. false: plain round-robin, so polling sessions break.
   */
  sticky: boolean;
  /** `tcp` balances connections (sticky = `balance source`). @default 'http' */
  mode?: 'http' | 'tcp';
  /** Health check path; a backend answering non-200 gets no new handshakes. null = no checks. @default '/readyz' */
  healthCheckPath?: string | null;
  /** Loopback port for the frontend. @default a free port */
  port?: number;
  /**
   * Cut connections idle this long (`timeout client/server/tunnel/http-keep-alive`), e.g. `'5s'`:
   * a proxy whose idle timeout is shorter than the heartbeat. @default 120 s (tunnels 1 h)
   */
  idleTimeout?: string;
}

export interface Haproxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The generated haproxy.cfg. */
  config: string;
  readonly process: TrackedProcess;
  /** What HAProxy's own access log (one line per request, written when it ends) shows so far. */
  stats(): HaproxyStats;
  stop(): Promise<void>;
}

export interface HaproxyStats {
  /** Requests by status code. In http mode a 400 on `/socket.io/` is an engine.io error such as `Session ID unknown`. */
  byStatus: Record<number, number>;
  /** Requests carrying an engine.io `sid` (long-polling requests and upgrades of a session). */
  withSid: number;
  /** Requests carrying `sid=<id>.…` that HAProxy sent to a server other than `<id>`: a stickiness failure. */
  misrouted: number;
  /** Misrouted requests answered 400, i.e. `Session ID unknown` from a node that never had the session. */
  misroutedSessionIdUnknown: number;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/i;
const TIMEOUT_PATTERN = /^\d+(ms|s|m)$/;
const LOG_MARKER = 'sockscope-haproxy';

function hostPort(url: string): string {
  const parsed = new URL(url);
  if (!parsed.port) throw new Error(`backend url needs an explicit port: ${url}`);
  return `${parsed.hostname}:${parsed.port}`;
}

/** The haproxy.cfg that startHaproxy() runs (exported so tests and docs can show it). */
export function renderHaproxyConfig(options: HaproxyOptions & { port: number }): string {
  const mode = options.mode ?? 'http';
  const checkPath = options.healthCheckPath === undefined ? '/readyz' : options.healthCheckPath;
  if (options.backends.length === 0) throw new Error('startHaproxy: backends must not be empty');
  for (const backend of options.backends) {
    if (!ID_PATTERN.test(backend.id))
      throw new Error(`startHaproxy: bad backend id ${JSON.stringify(backend.id)}`);
  }
  const idle = options.idleTimeout;
  if (idle !== undefined && !TIMEOUT_PATTERN.test(idle))
    throw new Error(`startHaproxy: bad idleTimeout ${JSON.stringify(idle)} (e.g. '5s')`);
  const check = checkPath ? ' check inter 500ms fall 2 rise 1' : '';
  const lines = [
    'global',
    '  maxconn 8000',
    '  log stdout format raw local0',
    '',
    'defaults',
    `  mode ${mode}`,
    '  log global',
    // The readiness probe below opens and closes a connection without a request.
    '  option dontlognull',
    mode === 'http'
      ? `  log-format "${LOG_MARKER} %ST %HM %b/%s %HU"`
      : `  log-format "${LOG_MARKER} tcp %b/%s"`,
    '  timeout connect 5s',
    // Longer than engine.io's heartbeat (pingInterval 25 s + pingTimeout 20 s) and long-polls.
    `  timeout client ${idle ?? '120s'}`,
    `  timeout server ${idle ?? '120s'}`,
    `  timeout tunnel ${idle ?? '1h'}`,
    ...(mode === 'http'
      ? ['  timeout http-request 30s', `  timeout http-keep-alive ${idle ?? '120s'}`]
      : []),
    '  retries 3',
    '  option redispatch',
    '',
    'frontend entry',
    `  bind 127.0.0.1:${options.port}`,
    '  default_backend nodes',
    '',
    'backend nodes',
    options.sticky && mode === 'tcp' ? '  balance source' : '  balance roundrobin',
    ...(checkPath
      ? [
          `  option httpchk GET ${checkPath}`,
          '  http-check expect status 200',
          // A busy node answers slowly; that must not look like a failed check.
          '  timeout check 3s',
        ]
      : []),
  ];
  options.backends.forEach((backend, index) => {
    if (options.sticky && mode === 'http') {
      // engine.io sids are `<nodeId>.<random>`: route every request of a session to its node.
      lines.push(`  acl sid_${index} urlp(sid) -m beg ${backend.id}.`);
      lines.push(`  use-server ${backend.id} if sid_${index}`);
      // Even when its check fails, only the owner knows the session: never move it elsewhere.
      lines.push(`  force-persist if sid_${index}`);
    }
  });
  for (const backend of options.backends) {
    lines.push(`  server ${backend.id} ${hostPort(backend.url)}${check}`);
  }
  return `${lines.join('\n')}\n`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Starts a real HAProxy (`haproxy -db -f <generated cfg>`) on a free loopback port. */
export async function startHaproxy(options: HaproxyOptions): Promise<Haproxy> {
  const binary = requireBinary('haproxy', 'haproxy');
  const port = options.port ?? (await freePort());
  const config = renderHaproxyConfig({ ...options, port });
  const dir = await mkdtemp(join(tmpdir(), 'sockscope-haproxy-'));
  const configPath = join(dir, 'haproxy.cfg');
  await writeFile(configPath, config);
  const child = spawnTracked(binary, ['-db', '-f', configPath]);
  // Counted as lines arrive, so the counts survive the bounded log buffer.
  const stats: HaproxyStats = {
    byStatus: {},
    withSid: 0,
    misrouted: 0,
    misroutedSessionIdUnknown: 0,
  };
  const linePattern = new RegExp(`${LOG_MARKER} (\\d{3}) \\S+ [^/\\s]+/(\\S+) (\\S*)`);
  child.onLine((line) => {
    const match = linePattern.exec(line);
    if (!match) return;
    const [, statusText = '', server = '', uri = ''] = match;
    const status = Number(statusText);
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    const sid = new URLSearchParams(uri.split('?')[1] ?? '').get('sid');
    if (!sid) return;
    stats.withSid += 1;
    if (sid.slice(0, sid.indexOf('.')) !== server) {
      stats.misrouted += 1;
      if (status === 400) stats.misroutedSessionIdUnknown += 1;
    }
  });
  try {
    await waitFor(
      async () => {
        if (child.process.exitCode !== null)
          throw new Error(`haproxy exited:\n${tail(child.logs)}`);
        return accepts(port);
      },
      { timeoutMs: 15_000, message: `haproxy on port ${port}` },
    );
  } catch (error) {
    await child.stop('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    config,
    process: child,
    stats: () => ({ ...stats, byStatus: { ...stats.byStatus } }),
    async stop() {
      await child.stop('SIGTERM', 5000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
