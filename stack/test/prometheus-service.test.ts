import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requireBinary } from '@sockscope/testkit';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { StackContext } from '../src/stack-context.js';
import {
  findOnPath,
  prometheusService,
  renderPrometheusConfig,
} from '../src/services/prometheus.js';

const RULES_DIR = fileURLToPath(new URL('../../prometheus/rules/', import.meta.url));
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the prometheus service', () => {
  it('generates a config promtool accepts, with absolute rule files', async () => {
    const promtool = requireBinary('promtool', 'prometheus');
    const ruleFiles = (await readdir(RULES_DIR)).map((name) => join(RULES_DIR, name));
    expect(ruleFiles.length).toBeGreaterThan(0);
    const dir = await mkdtemp(join(tmpdir(), 'sockscope-prometheus-config-'));
    dirs.push(dir);
    const path = join(dir, 'prometheus.yml');
    await writeFile(
      path,
      renderPrometheusConfig({
        self: '127.0.0.1:9090',
        exporters: ['127.0.0.1:3041', '127.0.0.1:3042'],
        ruleFiles,
        interval: '5s',
      }),
    );
    const { stdout } = await promisify(execFile)(promtool, ['check', 'config', path]);
    expect(stdout).toContain('SUCCESS');
    for (const file of ruleFiles) expect(stdout).toContain(file);
  });

  it('without prometheus on PATH: prometheus null and one line saying so', async () => {
    expect(findOnPath('prometheus', '/nonexistent-dir')).toBeUndefined();
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const context = {
      options: { port: 0, host: '127.0.0.1' },
      logger,
      file: { prometheus: null, exporters: [] },
    } as unknown as StackContext;
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent-dir';
    try {
      const running = await prometheusService.start(context);
      await running.stop();
    } finally {
      process.env.PATH = saved;
    }
    expect(context.file.prometheus).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('prometheus not on PATH');
  });
});
