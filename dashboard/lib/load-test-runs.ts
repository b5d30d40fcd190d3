/** Load-test gate runs from a directory (one JSON report per run), once the load-test part writes them. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const runSchema = z
  .object({
    name: z.string().optional(),
    scenario: z.string().optional(),
    startedAt: z.union([z.string(), z.number()]).optional(),
    verdict: z.string().optional(),
    passed: z.boolean().optional(),
  })
  .loose();

export interface LoadTestRun {
  file: string;
  name: string;
  startedAt: number | null;
  verdict: string;
}

export async function listLoadTestRuns(dir: string | null): Promise<LoadTestRun[] | null> {
  if (!dir) return null;
  let files: string[];
  try {
    files = (await readdir(/*turbopackIgnore: true*/ dir))
      .filter((f) => f.endsWith('.json'))
      .slice(0, 500);
  } catch {
    return null;
  }
  const runs: LoadTestRun[] = [];
  for (const file of files) {
    try {
      const parsed = runSchema.safeParse(
        JSON.parse(await readFile(/*turbopackIgnore: true*/ join(dir, file), 'utf8')),
      );
      if (!parsed.success) continue;
      const r = parsed.data;
      const started = r.startedAt === undefined ? null : new Date(r.startedAt).getTime();
      runs.push({
        file,
        name: r.name ?? r.scenario ?? file.replace(/\.json$/, ''),
        startedAt: started !== null && !Number.isNaN(started) ? started : null,
        verdict: r.verdict ?? (r.passed === undefined ? 'unknown' : r.passed ? 'pass' : 'fail'),
      });
    } catch {
      // Unreadable report: skipped.
    }
  }
  return runs.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
}
