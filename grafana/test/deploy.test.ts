import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findBinary, run } from './support/binaries.js';
import { REPO } from './support/paths.js';

/** Socket.IO's default heartbeat: a silent peer is dropped after pingInterval + pingTimeout. */
const HEARTBEAT_SECONDS = 25 + 20;
const NODES = ['realtime-1', 'realtime-2', 'realtime-3'];
const tmp = mkdtempSync(path.join(tmpdir(), 'sockscope-deploy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface ComposeService {
  image?: string;
  profiles?: string[];
  network_mode?: string;
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  networks?: Record<string, { ipv4_address?: string } | null>;
  volumes?: unknown[];
  user?: string;
}

/** docker-compose with a clean environment, so the caller's shell cannot leak secrets in. */
function compose(args: string[]) {
  const bin = findBinary('docker-compose', 'docker-compose');
  return run(
    bin,
    ['--project-directory', REPO, '-f', path.join(REPO, 'docker-compose.yml'), ...args],
    {
      cwd: tmp,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp },
    },
  );
}

const seconds = (value: string): number => {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new Error(`not a duration: ${value}`);
  return Number(m[1]) * ({ ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? 's'] ?? 1);
};

describe('docker-compose.yml', () => {
  const envFile = path.join(REPO, '.env.example');
  let parsed: { services: Record<string, ComposeService> } | undefined;
  /** The resolved config with every profile, computed once (docker-compose takes ~1 s). */
  const config = () => {
    if (parsed) return parsed;
    const result = compose([
      '--env-file',
      envFile,
      '--profile',
      'loadtest',
      '--profile',
      'nginx',
      'config',
    ]);
    expect(result.status, result.output).toBe(0);
    parsed = parse(result.output) as { services: Record<string, ComposeService> };
    return parsed;
  };

  it('is accepted by `docker-compose config -q` with the placeholders of .env.example', () => {
    const result = compose(['--env-file', envFile, 'config', '-q']);
    expect(result.status, result.output).toBe(0);
  });

  it('refuses to start without the secrets (negative control)', () => {
    const empty = path.join(tmp, 'empty.env');
    writeFileSync(empty, '');
    const result = compose(['--env-file', empty, 'config', '-q']);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(
      /set (JWT_SECRET|INSTRUMENT_TOKEN|EXPORTER_API_TOKEN|GRAFANA_ADMIN_PASSWORD|DASHBOARD_TOKEN) in \.env/,
    );
  });

  it('runs redis, three redis-adapter nodes each with an exporter in its network namespace, haproxy, prometheus, grafana, the dashboard and a loadtest profile', () => {
    const { services } = config();
    expect(Object.keys(services).sort()).toEqual(
      [
        'dashboard',
        'exporter-1',
        'exporter-2',
        'exporter-3',
        'grafana',
        'haproxy',
        'loadtest',
        'nginx',
        'prometheus',
        'redis',
        ...NODES,
      ].sort(),
    );
    NODES.forEach((node, i) => {
      expect(services[node]?.environment).toMatchObject({
        NODE_ID: node,
        ADAPTER: 'redis',
        REDIS_URL: 'redis://redis:6379',
      });
      expect(services[`exporter-${i + 1}`]?.network_mode).toBe(`service:${node}`);
      expect(services[`exporter-${i + 1}`]?.environment?.SOCKSCOPE_EXPORTER_LISTEN).toBe(
        '0.0.0.0:9464',
      );
    });
    expect(services.loadtest?.profiles).toEqual(['loadtest']);
  });

  it('has a health check on every service', () => {
    const { services } = config();
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test, name).toBeTruthy();
      expect(service.healthcheck?.disable, name).not.toBe(true);
    }
  });

  it('provisions Grafana without anonymous admin, its password from the environment', () => {
    const grafana = config().services.grafana;
    expect(grafana?.environment).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: 'false',
      GF_SECURITY_ADMIN_PASSWORD: 'change-me-grafana-password',
      PROMETHEUS_URL: 'http://prometheus:9090',
    });
    const raw = readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8');
    expect(raw).toContain('GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?');
  });

  it('ships only placeholders in .env.example', () => {
    const lines = readFileSync(envFile, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l));
    for (const line of lines.filter((l) => /(SECRET|TOKEN|PASSWORD)=/.test(l))) {
      expect(line, line).toMatch(/=(change-me[\w-]*)?$/);
    }
  });
});

describe('deploy/haproxy/haproxy.cfg', () => {
  const cfg = path.join(REPO, 'deploy/haproxy/haproxy.cfg');
  const text = readFileSync(cfg, 'utf8');

  it('passes `haproxy -c`', () => {
    const result = run(findBinary('haproxy', 'haproxy'), ['-c', '-f', cfg]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('Configuration file is valid');
  });

  it('fails `haproxy -c` on a broken copy (negative control)', () => {
    const broken = path.join(tmp, 'broken-haproxy.cfg');
    writeFileSync(broken, text.replace('balance leastconn', 'balance nonsense'));
    expect(run(findBinary('haproxy', 'haproxy'), ['-c', '-f', broken]).status).not.toBe(0);
  });

  it('routes by the engine.io sid prefix and a cookie, health-checks /readyz, and outlasts the heartbeat', () => {
    for (const node of NODES) {
      expect(text).toContain(`use-server ${node} if { urlp(sid) -m beg ${node}. }`);
      expect(text).toMatch(new RegExp(`server ${node} ${node}:3000 cookie ${node}`));
    }
    expect(text).toMatch(/cookie io_node insert/);
    expect(text).toContain('option httpchk GET /readyz');
    for (const name of ['client', 'server']) {
      const m = new RegExp(`timeout ${name} (\\S+)`).exec(text);
      expect(seconds(m?.[1] ?? '0'), `timeout ${name}`).toBeGreaterThan(HEARTBEAT_SECONDS);
    }
    expect(seconds(/timeout tunnel (\S+)/.exec(text)?.[1] ?? '0')).toBeGreaterThanOrEqual(3600);
  });
});

describe('deploy/nginx/nginx.conf', () => {
  const conf = path.join(REPO, 'deploy/nginx/nginx.conf');
  const text = readFileSync(conf, 'utf8');
  const nginxTest = (file: string) => {
    const prefix = mkdtempSync(path.join(tmp, 'nginx-'));
    return run(findBinary('nginx', 'nginx'), [
      '-t',
      '-c',
      file,
      '-p',
      prefix,
      '-g',
      `pid ${prefix}/nginx.pid; error_log stderr;`,
    ]);
  };

  it('passes `nginx -t`', () => {
    const result = nginxTest(conf);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('test is successful');
  });

  it('fails `nginx -t` on a broken copy (negative control)', () => {
    const broken = path.join(tmp, 'broken-nginx.conf');
    writeFileSync(broken, text.replace('proxy_read_timeout 75s;', 'proxy_read_timeout;'));
    expect(nginxTest(broken).status).not.toBe(0);
  });

  it('upgrades WebSockets, sticks by sid prefix or client address, and outlasts the heartbeat', () => {
    expect(text).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(text).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(text).toContain('hash $remote_addr consistent;');
    for (const node of NODES) expect(text).toContain(`~^${node}\\.`);
    for (const directive of ['proxy_read_timeout', 'proxy_send_timeout']) {
      expect(
        seconds(new RegExp(`${directive} (\\S+);`).exec(text)?.[1] ?? '0'),
        directive,
      ).toBeGreaterThan(HEARTBEAT_SECONDS);
    }
  });

  it('points at the fixed addresses docker-compose gives the nodes', () => {
    const compose = readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8');
    const addresses = [...compose.matchAll(/ipv4_address: ([\d.]+)/g)].map((m) => m[1]);
    expect(addresses).toHaveLength(3);
    for (const address of addresses) expect(text).toContain(`server ${address}:3000`);
  });
});

describe('deploy/docker/Dockerfile', () => {
  const text = readFileSync(path.join(REPO, 'deploy/docker/Dockerfile'), 'utf8');
  const stage = (name: string): string => {
    const start = text.indexOf(` AS ${name}\n`);
    const next = text.indexOf('\nFROM ', start + 1);
    return text.slice(start, next === -1 ? undefined : next);
  };

  it('installs from the lock with every workspace manifest', () => {
    const root = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    const packages = readFileSync(path.join(REPO, 'package-lock.json'), 'utf8');
    const workspaces = Object.keys(
      (JSON.parse(packages) as { packages: Record<string, { link?: boolean }> }).packages,
    ).filter((key) => key !== '' && !key.includes('node_modules'));
    expect(workspaces.length).toBeGreaterThanOrEqual(root.workspaces.length);
    for (const ws of workspaces) expect(text, ws).toContain(`COPY ${ws}/package.json ${ws}/`);
    expect(text).toContain('RUN npm ci');
  });

  it('builds realtime, exporter, dashboard and loadtest targets that run as a non-root user with a health check', () => {
    for (const name of ['realtime', 'exporter', 'dashboard', 'loadtest']) {
      const body = stage(name);
      expect(body, name).toMatch(/\nUSER node\n/);
      expect(body, name).toContain('HEALTHCHECK');
    }
    expect(text).not.toMatch(/\nUSER root/);
  });
});
