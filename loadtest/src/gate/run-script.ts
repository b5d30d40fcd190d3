/**
 * Turns a scenario file into the script Artillery runs: the target, the compiled processor by
 * absolute path, phases from --duration/--rate, and the gate's own `x-sockscope` hooks taken out.
 */
import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { PROCESSOR_PATH } from './paths.js';

export interface GateHooks {
  /** Stops one node mid-run (reconnect-storm). */
  drain?: { afterSeconds: number; node: number; signal: 'SIGTERM' | 'SIGKILL' };
}

const hooksSchema = z
  .object({
    drain: z
      .object({
        after: z.number().positive(),
        node: z.number().int().nonnegative().default(0),
        signal: z.enum(['SIGTERM', 'SIGKILL']).default('SIGTERM'),
      })
      .optional(),
  })
  .strict();

export interface RunScript {
  yaml: string;
  hooks: GateHooks;
  /** Planned length of the arrival phases, seconds. */
  plannedSeconds: number;
}

interface Phase {
  duration?: number;
  pause?: number;
  arrivalRate?: number;
  rampTo?: number;
  arrivalCount?: number;
}

const SHARED_HTTP_AGENTS = 1;

/**
 * Artillery gives every VU its own pair of keep-alive HTTP agents unless `config.http.pool` is
 * set: about 6 KB per VU (measured at 50,000 VUs) that a socketio VU never uses. When every
 * scenario runs on the socketio engine and the script chooses no pool itself, the VUs share one.
 */
function shareHttpAgents(config: Record<string, unknown>, scenarios: unknown[]): void {
  const socketioOnly = scenarios.every(
    (s) => typeof s === 'object' && s !== null && (s as { engine?: unknown }).engine === 'socketio',
  );
  const http = (
    typeof config['http'] === 'object' && config['http'] !== null ? config['http'] : {}
  ) as Record<string, unknown>;
  if (!socketioOnly || http['pool'] !== undefined) return;
  config['http'] = { ...http, pool: SHARED_HTTP_AGENTS };
}

export async function buildRunScript(
  scenarioPath: string,
  target: string,
  overrides: { duration: number | null; rate: number | null },
): Promise<RunScript> {
  const doc = parse(await readFile(scenarioPath, 'utf8')) as Record<string, unknown> | null;
  if (
    !doc ||
    typeof doc !== 'object' ||
    typeof doc['config'] !== 'object' ||
    !Array.isArray(doc['scenarios'])
  ) {
    throw new Error(`${scenarioPath} is not an Artillery script (needs config and scenarios)`);
  }
  const hooksResult = hooksSchema.safeParse(doc['x-sockscope'] ?? {});
  if (!hooksResult.success)
    throw new Error(
      `${scenarioPath}: x-sockscope: ${hooksResult.error.issues[0]?.message ?? 'invalid'}`,
    );
  delete doc['x-sockscope'];
  const config = doc['config'] as Record<string, unknown>;
  config['target'] = target;
  config['processor'] = PROCESSOR_PATH;
  shareHttpAgents(config, doc['scenarios'] as unknown[]);
  let phases = (Array.isArray(config['phases']) ? config['phases'] : []) as Phase[];
  if (overrides.duration !== null || overrides.rate !== null) {
    const first = phases[0] ?? {};
    const duration =
      overrides.duration ?? phases.reduce((s, p) => s + (p.duration ?? p.pause ?? 0), 0);
    const rate = overrides.rate ?? first.arrivalRate ?? 1;
    phases = [{ duration, arrivalRate: rate }];
    config['phases'] = phases;
  }
  const plannedSeconds = phases.reduce((s, p) => s + (p.duration ?? p.pause ?? 0), 0);
  const drain = hooksResult.data.drain;
  return {
    yaml: stringify(doc),
    hooks: drain
      ? { drain: { afterSeconds: drain.after, node: drain.node, signal: drain.signal } }
      : {},
    plannedSeconds,
  };
}
