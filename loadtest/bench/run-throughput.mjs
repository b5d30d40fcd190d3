/* global process, console, setTimeout */
// Messages-per-second benchmark: starts the local stack, runs chat-throughput.yml through the
// gate (processor on: every delivery timed and checked by seq), then the same load from plain
// socket.io-client sockets (plain-chat.mjs), both through the stack's entry. Prints both.
//
//   node loadtest/bench/run-throughput.mjs
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const dir = await mkdtemp(join(tmpdir(), 'sockscope-throughput-'));
const stackFile = join(dir, 'stack.json');
const stack = spawn(process.execPath, [join(repo, 'stack', 'dist', 'main.js'), '--port', '0', '--no-demo', '--stack-file', stackFile], {
  env: { ...process.env, LOG_LEVEL: 'warn' },
  stdio: 'ignore',
});
for (let i = 0; i < 300 && !existsSync(stackFile); i += 1) await new Promise((r) => setTimeout(r, 100));
await new Promise((r) => setTimeout(r, 1000));
const { entry } = JSON.parse(await readFile(stackFile, 'utf8'));

function run(args, env = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => resolveRun({ code, out }));
  });
}

const out = join(dir, 'gate');
const gate = await run([join(repo, 'loadtest', 'dist', 'gate', 'main.js'), '--scenario', join(here, 'chat-throughput.yml'), '--stack', stackFile, '--slo', join(here, 'throughput-slo.yml'), '--out', out]);
const report = JSON.parse(await readFile(join(out, 'artillery.json'), 'utf8'));
const c = report.aggregate.counters;
const seconds = (report.aggregate.lastCounterAt - report.aggregate.firstCounterAt) / 1000;
const withProcessor = {
  exit: gate.code,
  sent: c['sockscope.messages_sent'],
  received: c['sockscope.messages_received'],
  lost: c['sockscope.messages_lost'],
  seconds,
  deliveryP50: report.aggregate.summaries['sockscope.delivery_latency']?.p50,
  deliveryP99: report.aggregate.summaries['sockscope.delivery_latency']?.p99,
};
const plain = await run([join(here, 'plain-chat.mjs'), '--target', entry], { SOCKSCOPE_STACK: stackFile });
stack.kill('SIGTERM');
console.log(JSON.stringify({ withProcessor, plain: JSON.parse(plain.out.trim().split('\n').pop() ?? '{}') }, null, 2));
process.exit(0);
