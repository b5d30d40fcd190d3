/* global process, console, setTimeout, setInterval, clearInterval */
// Concurrent-connection benchmark: starts the local stack (its nodes take the sockets; the
// load processes connect to the nodes directly, each to one, because the stack's entry is an
// in-process proxy that needs two descriptors per connection), then runs `--processes` load
// processes, each opening `--vus / --processes` connections at `--rate` per second and
// holding them. Samples descriptors and RSS of every process every 2 s and prints a summary.
//
//   node loadtest/bench/run-bench.mjs --mode artillery --vus 50000 --processes 3 --nodes 3 --rate 150
//   node loadtest/bench/run-bench.mjs --mode plain     --vus 50000 --processes 3 --nodes 3 --rate 150
// --heap <MB> sets each Artillery process's --max-old-space-size (default 4096).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildRunScript } from '../dist/gate/run-script.js';
import { artilleryBin } from '../dist/gate/run-artillery.js';
import { mintToken } from '../dist/processor/mint-token.js';
import { readSigningConfig } from '../dist/processor/signing.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'artillery' },
    vus: { type: 'string', default: '10000' },
    processes: { type: 'string', default: '1' },
    nodes: { type: 'string', default: '3' },
    rate: { type: 'string', default: '150' },
    hold: { type: 'string', default: '' },
    heap: { type: 'string', default: '4096' },
  },
});
const mode = values.mode;
const vus = Number(values.vus);
const processes = Number(values.processes);
const rate = Number(values.rate);
const perProcess = Math.ceil(vus / processes);
const rampSeconds = Math.ceil(perProcess / rate);
// Hold long enough that the last VU of the slowest process arrives while the first still holds.
const holdSeconds = Number(values.hold || rampSeconds * 2 + 60);

const dir = await mkdtemp(join(tmpdir(), 'sockscope-bench-'));
const stackFile = join(dir, 'stack.json');
const children = [];
const stop = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
};
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

async function proc(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    const fds = (await readdir(`/proc/${pid}/fd`)).length;
    return { rss, fds };
  } catch {
    return { rss: 0, fds: 0 };
  }
}

const stack = spawn(process.execPath, [join(repo, 'stack', 'dist', 'main.js'), '--port', '0', '--nodes', String(values.nodes), '--no-demo', '--stack-file', stackFile], {
  env: { ...process.env, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
children.push(stack);
for (let i = 0; i < 300 && !existsSync(stackFile); i += 1) await new Promise((r) => setTimeout(r, 100));
await new Promise((r) => setTimeout(r, 1000));
const stackJson = JSON.parse(await readFile(stackFile, 'utf8'));
const nodes = stackJson.nodes;
const env = { ...process.env, SOCKSCOPE_STACK: stackFile, ARTILLERY_DISABLE_TELEMETRY: 'true', WORKERS: '1' };
env.SOCKSCOPE_ENGINE_TOKEN = await mintToken(readSigningConfig(env), 'bench-engine');

const nodeBase = await Promise.all(nodes.map((n) => proc(n.pid)));
const loads = [];
for (let i = 0; i < processes; i += 1) {
  const node = nodes[i % nodes.length];
  const out = join(dir, `artillery-${i}.json`);
  let child;
  if (mode === 'artillery') {
    const script = await buildRunScript(process.env.BENCH_SCENARIO ?? join(here, 'hold.yml'), node.url, { duration: rampSeconds, rate });
    const path = join(dir, `hold-${i}.yml`);
    await writeFile(path, script.yaml.replace(/holdSeconds: \d+/, `holdSeconds: ${holdSeconds}`));
    child = spawn(process.execPath, [`--max-old-space-size=${values.heap}`, artilleryBin(), 'run', '--quiet', '--output', out, path], {
      env: { ...env, SOCKSCOPE_TARGET: node.url },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } else {
    child = spawn(process.execPath, [join(here, 'plain-clients.mjs'), '--target', node.url, '--vus', String(perProcess), '--rate', String(rate), '--hold', String(holdSeconds)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  let stdout = '';
  child.stdout?.on('data', (d) => (stdout += d));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  children.push(child);
  loads.push({ child, out, node: node.id, exited: new Promise((r) => child.once('exit', (code) => r(code))), stdout: () => stdout, stderr: () => stderr });
}

// Baseline RSS of each load process once it has loaded (before its sockets matter much).
await new Promise((r) => setTimeout(r, 1500));
const loadBase = await Promise.all(loads.map((l) => proc(l.child.pid)));
let peak = { connections: 0, loadRss: 0, loadFds: 0, at: 0 };
/** (connections, load RSS) every 2 s, for the marginal cost of one more VU. */
const samples = [];
const started = Date.now();
const timer = setInterval(async () => {
  const n = await Promise.all(nodes.map((x) => proc(x.pid)));
  const l = await Promise.all(loads.map((x) => proc(x.child.pid)));
  const connections = n.reduce((s, x, i) => s + Math.max(0, x.fds - nodeBase[i].fds), 0);
  const loadRss = l.reduce((s, x) => s + x.rss, 0);
  const loadFds = l.reduce((s, x) => s + x.fds, 0);
  samples.push([connections, loadRss]);
  if (connections > peak.connections) peak = { connections, loadRss, loadFds, at: Math.round((Date.now() - started) / 1000) };
  if (process.stderr.isTTY) process.stderr.write(`\r${Math.round((Date.now() - started) / 1000)}s connections ${connections} load RSS ${(loadRss / 2 ** 20).toFixed(0)} MB\x1b[K`);
}, 2000);

const codes = await Promise.all(loads.map((l) => l.exited));
clearInterval(timer);
let failed = 0;
let connected = 0;
const errors = {};
for (const [i, l] of loads.entries()) {
  if (mode === 'artillery') {
    try {
      const report = JSON.parse(await readFile(l.out, 'utf8'));
      const c = report.aggregate.counters;
      failed += c['vusers.failed'] ?? 0;
      connected += c['sockscope.connected'] ?? 0;
      for (const [k, v] of Object.entries(c)) if (k.startsWith('errors.')) errors[k] = (errors[k] ?? 0) + v;
    } catch {
      failed += perProcess;
      errors[`process ${i} exit ${codes[i]}`] = l.stderr().slice(-300);
    }
  } else {
    try {
      const r = JSON.parse(l.stdout().trim().split('\n').pop());
      failed += r.failed;
      connected += r.connected;
    } catch {
      failed += perProcess;
      errors[`process ${i} exit ${codes[i]}`] = l.stderr().slice(-300);
    }
  }
}
stop();
const baseRss = loadBase.reduce((s, x) => s + x.rss, 0);

/**
 * KB per VU as the slope of load RSS over connections (least squares) while connections rise
 * from a quarter of the peak to the peak: what one more VU costs, without the load processes'
 * one-off growth (V8's young generation and compiled code reaching their working size), which
 * the incremental figure spreads over the VUs.
 */
function marginalKbPerVu() {
  const rising = [];
  for (const [c, rss] of samples) {
    if (c < peak.connections / 4) continue;
    rising.push([c, rss]);
    if (c >= peak.connections) break;
  }
  if (rising.length < 5) return null;
  const n = rising.length;
  const mx = rising.reduce((s, [x]) => s + x, 0) / n;
  const my = rising.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = rising.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = rising.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxx > 0 ? Math.round((sxy / sxx / 1024) * 10) / 10 : null;
}
const result = {
  mode,
  vus,
  processes,
  nodes: nodes.length,
  ratePerProcess: rate,
  heapMB: mode === 'artillery' ? Number(values.heap) : null,
  holdSeconds,
  connected,
  failed,
  errors,
  peakConcurrentConnections: peak.connections,
  peakAtSeconds: peak.at,
  loadRssAtPeakMB: Math.round(peak.loadRss / 2 ** 20),
  loadRssBaselineMB: Math.round(baseRss / 2 ** 20),
  kbPerVuTotal: peak.connections ? Math.round(peak.loadRss / 1024 / peak.connections * 10) / 10 : null,
  kbPerVuIncremental: peak.connections ? Math.round((peak.loadRss - baseRss) / 1024 / peak.connections * 10) / 10 : null,
  kbPerVuMarginal: marginalKbPerVu(),
};
console.log(JSON.stringify(result, null, 2));
process.exit(0);
