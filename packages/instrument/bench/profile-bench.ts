/**
 * Where a bench server's CPU goes: runs one variant of bench-server.ts under `--cpu-prof`,
 * drives it with bench-driver.ts, and prints each package's share of the server's busy CPU
 * (self time, idle excluded), the instrument's files one by one, and the busiest functions.
 * Self time only: what a hook costs Socket.IO's own code (inlining, call frames) shows there,
 * not here, which is why the overhead benchmark (run-bench.ts) is the measure and this the
 * diagnosis.
 *
 *   npm run bench:profile -w packages/instrument -- [--variant sockscope] [--seconds 8]
 *     [--warmup 2] [--top 15]
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { jsonLine, runBenchFile } from './processes.js';
import { VARIANTS, type Variant } from './variants.js';
import type { DriverResult } from './bench-driver.js';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'sockscope' },
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    top: { type: 'string', default: '15' },
  },
});
const variant = values.variant as Variant;
if (!VARIANTS.includes(variant))
  throw new Error(`--variant must be one of ${VARIANTS.join(', ')}; got ${values.variant}`);
const numbers = {
  seconds: Number(values.seconds),
  warmup: Number(values.warmup),
  top: Number(values.top),
};
for (const [name, value] of Object.entries(numbers)) {
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer`);
}

const dir = await mkdtemp(join(tmpdir(), 'sockscope-profile-'));
try {
  const server = runBenchFile('bench-server.ts', [variant], 0, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
  ]);
  const { port } = await jsonLine<{ port?: number }>(
    server,
    (line) => typeof line.port === 'number',
  );
  const driver = runBenchFile(
    'bench-driver.ts',
    [`http://127.0.0.1:${port}`, variant, String(numbers.warmup), String(numbers.seconds), 'micro'],
    1,
  );
  const result = await jsonLine<DriverResult>(driver);
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  await exited;
  console.log(
    `${variant}: ${(result.roundTrips / result.seconds).toFixed(0)} round trips/s, ` +
      `${((result.serverCpuSeconds * 1e6) / result.roundTrips).toFixed(1)} µs server CPU per round trip (profiler on)`,
  );
  report(await mainThreadProfile(dir), numbers.top);
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** The main thread's profile (thread 0; tsx's loader thread writes one too). */
async function mainThreadProfile(folder: string): Promise<CpuProfile> {
  const file = (await readdir(folder)).find((name) => /\.0\.\d+\.cpuprofile$/.test(name));
  if (file === undefined) throw new Error(`no main-thread profile was written in ${folder}`);
  return JSON.parse(await readFile(join(folder, file), 'utf8')) as CpuProfile;
}

/** `socket.io-parser`, `node:events`, `instrument/wire-meter.js`, `(native)`… */
function ownerOf(url: string): string {
  if (url === '') return '(native)';
  const instrument = /\/packages\/instrument\/(?:dist|src)\/(.+)$/.exec(url);
  if (instrument !== null) return `instrument/${instrument[1]}`;
  const modules = url.split('/node_modules/');
  if (modules.length > 1) {
    const parts = modules[modules.length - 1]!.split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return url.startsWith('node:') ? url : '(bench)';
}

function report(profile: CpuProfile, top: number): void {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)!;
    if (frame.functionName === '(idle)') return;
    const micros = profile.timeDeltas[i] ?? 0;
    busy += micros;
    const owner = ownerOf(frame.url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    const name = `${frame.functionName || '(anonymous)'} ${owner}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  const share = (micros: number): string => `${((micros / busy) * 100).toFixed(2)}%`.padStart(7);
  const instrument = [...byOwner].filter(([owner]) => owner.startsWith('instrument/'));
  console.log(
    `\ninstrument, all files: ${share(instrument.reduce((sum, [, micros]) => sum + micros, 0))} of busy CPU`,
  );
  for (const [owner, micros] of instrument.sort((a, b) => b[1] - a[1]))
    console.log(`  ${share(micros)} ${owner}`);
  console.log('\nby package (self time, share of busy CPU):');
  for (const [owner, micros] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${share(micros)} ${owner}`);
  console.log('\nbusiest functions:');
  for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${share(micros)} ${name}`);
}
