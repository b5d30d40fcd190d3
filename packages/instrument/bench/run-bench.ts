/**
 * The instrument's overhead against bare Socket.IO and stock @socket.io/admin-ui (production
 * mode), on the same run: ROUNDS rounds; in each, a fresh server process per variant, all
 * driven at the same time by their own driver processes (start order rotated per round).
 * Reports medians and the median of per-round ratios to bare.
 *
 *   npm run bench -w packages/instrument -- [--rounds 5] [--seconds 8] [--warmup 2]
 *     [--variants bare,sockscope,admin-ui,import-only] [--server micro|reference]
 *
 * `--server reference` runs this repository's realtime node (realtime/dist/main.js, built
 * first) instead of the micro server, without and with its instrument(io): variants bare and
 * sockscope only.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jsonLine, pinning, runBenchFile, runNode } from './processes.js';
import { BENCH_TOKEN, DEFAULT_VARIANTS, VARIANTS, type Variant } from './variants.js';
import { REFERENCE_JWT, SERVERS, type ServerKind } from './workloads.js';
import type { DriverResult } from './bench-driver.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    variants: { type: 'string' },
    server: { type: 'string', default: 'micro' },
  },
});
const server = values.server as ServerKind;
if (!SERVERS.includes(server))
  throw new Error(`--server must be one of ${SERVERS.join(', ')}; got ${values.server}`);
const reference = server === 'reference';
const REFERENCE_MAIN = fileURLToPath(new URL('../../../realtime/dist/main.js', import.meta.url));
if (reference && !existsSync(REFERENCE_MAIN))
  throw new Error(
    `--server reference needs ${REFERENCE_MAIN}: npx turbo run build --filter=@sockscope/realtime`,
  );
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
for (const [name, value] of Object.entries({ rounds, seconds, warmup })) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
}

const allowed: readonly Variant[] = reference ? ['bare', 'sockscope'] : VARIANTS;
const variants = (values.variants?.split(',') ??
  (reference ? allowed : DEFAULT_VARIANTS)) as Variant[];
const unknown = variants.filter((v) => !allowed.includes(v));
if (unknown.length > 0 || !variants.includes('bare'))
  throw new Error(
    `--variants must list bare and any of ${allowed.join(', ')}; got ${values.variants}`,
  );

/** The realtime node, bare or instrumented, with limits out of the benchmark's way. */
function runReferenceNode(variant: Variant, core: number): ChildProcess {
  return runNode([REFERENCE_MAIN], core, {
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: REFERENCE_JWT.secret,
    JWT_ISSUER: REFERENCE_JWT.issuer,
    JWT_AUDIENCE: REFERENCE_JWT.audience,
    RATE_LIMIT_RATE: '1000000',
    RATE_LIMIT_BURST: '1000000',
    LOG_LEVEL: 'warn',
    INSTRUMENT_TOKEN: variant === 'sockscope' ? BENCH_TOKEN : undefined,
  });
}

/**
 * One round: every variant's server at once on one core, every driver at once on the other.
 * The servers share their core equally, so whatever else the machine does hits all variants
 * at the same moments, and a variant that costs more CPU per round trip completes fewer.
 */
async function runRound(order: readonly Variant[]): Promise<DriverResult[]> {
  const servers = order.map((variant) =>
    reference ? runReferenceNode(variant, 0) : runBenchFile('bench-server.ts', [variant], 0),
  );
  try {
    const ports = await Promise.all(
      servers.map((child) =>
        jsonLine<{ port?: number; msg?: string }>(
          child,
          (line) => typeof line.port === 'number' && (!reference || line.msg === 'listening'),
        ),
      ),
    );
    const drivers = order.map((variant, i) =>
      runBenchFile(
        'bench-driver.ts',
        [
          `http://127.0.0.1:${ports[i]!.port}`,
          variant,
          String(warmup),
          String(seconds),
          server,
          ...(reference ? [String(servers[i]!.pid)] : []),
        ],
        1,
      ),
    );
    return await Promise.all(drivers.map((driver) => jsonLine<DriverResult>(driver)));
  } finally {
    for (const server of servers) server.kill('SIGTERM');
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const throughput = (r: DriverResult): number => r.roundTrips / r.seconds;
const capacity = (r: DriverResult): number => r.roundTrips / r.serverCpuSeconds;

const results: DriverResult[][] = [];
for (let round = 0; round < rounds; round++) {
  const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
  const byVariant = await runRound(order);
  for (const result of byVariant) {
    console.error(
      `round ${round + 1}/${rounds} ${result.variant.padEnd(9)} ${throughput(result).toFixed(0)} round trips/s, ` +
        `${(result.deliveries / result.seconds).toFixed(0)} deliveries/s, ` +
        `${((result.serverCpuSeconds * 1e6) / result.roundTrips).toFixed(1)} µs server CPU/round trip`,
    );
  }
  results.push(byVariant);
}

const find = (round: DriverResult[], variant: Variant): DriverResult =>
  round.find((r) => r.variant === variant)!;

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}${pinning ? ', servers pinned to core 0, drivers to core 1' : ''}`,
);
console.log(
  `runs: ${rounds} rounds, ${server} server, the ${variants.length} variants side by side in each, ${warmup} s warm-up + ${seconds} s measured\n`,
);
console.log(
  '| variant | round trips/s (median) | broadcast deliveries/s | server CPU µs / round trip | round trips per server CPU-second | throughput vs bare (median of ratios) | capacity vs bare (median of ratios) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const variant of variants) {
  const runs = results.map((round) => find(round, variant));
  const ratios = results.map(
    (round) => throughput(find(round, variant)) / throughput(find(round, 'bare')),
  );
  const capacityRatios = results.map(
    (round) => capacity(find(round, variant)) / capacity(find(round, 'bare')),
  );
  console.log(
    `| ${variant} | ${median(runs.map(throughput)).toFixed(0)} | ${median(runs.map((r) => r.deliveries / r.seconds)).toFixed(0)} | ` +
      `${median(runs.map((r) => (r.serverCpuSeconds * 1e6) / r.roundTrips)).toFixed(2)} | ${median(runs.map(capacity)).toFixed(0)} | ` +
      `${(median(ratios) * 100).toFixed(1)}% | ${(median(capacityRatios) * 100).toFixed(1)}% |`,
  );
}
console.log(`\nraw: ${JSON.stringify(results)}`);
