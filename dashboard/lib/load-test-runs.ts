/**
 * The load-test gate's runs, read from a directory: each run is a `report.json` (the gate's
 * `--out` directory holds one), either directly in the directory or one level down.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const reportSchema = z.looseObject({
  scenario: z.string(),
  startedAt: z.string(),
  durationSeconds: z.number().optional(),
  verdict: z.enum(['pass', 'fail']),
  target: z.string().optional(),
  slo: z.string().optional(),
  objectives: z
    .array(z.looseObject({ name: z.string(), holds: z.boolean(), message: z.string() }))
    .default([]),
  timeline: z
    .array(
      z.looseObject({
        t: z.number(),
        connected: z.number().nullable().optional(),
        deliveryP99: z.number().nullable().optional(),
        connectP99: z.number().nullable().optional(),
      }),
    )
    .default([]),
});

export interface LoadTestRun {
  /** Path of the report relative to the runs directory. */
  id: string;
  scenario: string;
  startedAt: number | null;
  durationSeconds: number | null;
  verdict: 'pass' | 'fail';
  objectives: { name: string; holds: boolean; message: string }[];
  timeline: {
    t: number;
    connected: number | null;
    deliveryP99: number | null;
    connectP99: number | null;
  }[];
}

async function readRun(dir: string, rel: string): Promise<LoadTestRun | null> {
  try {
    const parsed = reportSchema.safeParse(
      JSON.parse(await readFile(/*turbopackIgnore: true*/ join(dir, rel), 'utf8')),
    );
    if (!parsed.success) return null;
    const r = parsed.data;
    const started = Date.parse(r.startedAt);
    return {
      id: rel,
      scenario: r.scenario,
      startedAt: Number.isNaN(started) ? null : started,
      durationSeconds: r.durationSeconds ?? null,
      verdict: r.verdict,
      objectives: r.objectives.map((o) => ({ name: o.name, holds: o.holds, message: o.message })),
      timeline: r.timeline.map((p) => ({
        t: p.t,
        connected: p.connected ?? null,
        deliveryP99: p.deliveryP99 ?? null,
        connectP99: p.connectP99 ?? null,
      })),
    };
  } catch {
    return null; // unreadable or not a gate report
  }
}

/** Runs newest first; null when no directory is configured or it cannot be read. */
export async function listLoadTestRuns(
  dir: string | null,
  max = 200,
): Promise<LoadTestRun[] | null> {
  if (!dir) return null;
  let entries: string[];
  try {
    entries = await readdir(/*turbopackIgnore: true*/ dir);
  } catch {
    return null;
  }
  const candidates: string[] = [];
  for (const entry of entries.slice(0, 2000)) {
    if (entry.endsWith('.json')) candidates.push(entry);
    else {
      try {
        if ((await stat(/*turbopackIgnore: true*/ join(dir, entry))).isDirectory()) {
          candidates.push(join(entry, 'report.json'));
        }
      } catch {
        // vanished
      }
    }
  }
  const runs = (await Promise.all(candidates.map((c) => readRun(dir, c)))).filter(
    (r): r is LoadTestRun => r !== null,
  );
  return runs.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0)).slice(0, max);
}
