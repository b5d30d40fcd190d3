import { existsSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliOptions, type StackOptions } from '../src/cli-options.js';
import { createStack, StackAbortedError } from '../src/create-stack.js';
import { createLogger } from '../src/logger.js';
import type { StackService } from '../src/stack-context.js';

const options = (): StackOptions => {
  const parsed = parseCliOptions(
    ['--stack-file', join(mkdtempSync(join(tmpdir(), 'stack-')), 's.json')],
    {},
  );
  if (parsed === 'help') throw new Error('unexpected');
  return parsed;
};
const logger = createLogger('silent');

function recorder(log: string[], name: string, start?: () => Promise<void>): StackService {
  return {
    name,
    async start(context) {
      await start?.();
      log.push(`start ${name}`);
      if (name === 'entry') context.file.entry = 'http://127.0.0.1:1';
      return {
        urls: [{ label: name, url: `http://${name}` }],
        stop: async () => void log.push(`stop ${name}`),
      };
    },
  };
}

describe('createStack', () => {
  it('starts services in order, writes the file 0600, stops in reverse and removes it', async () => {
    const log: string[] = [];
    const stack = await createStack({
      options: options(),
      logger,
      services: [recorder(log, 'nodes'), recorder(log, 'entry')],
    });
    expect(statSync(stack.stackFilePath).mode & 0o777).toBe(0o600);
    expect(stack.urls.map((u) => u.label)).toEqual(['nodes', 'entry']);
    await stack.stop();
    await stack.stop(); // twice is harmless
    expect(log).toEqual(['start nodes', 'start entry', 'stop entry', 'stop nodes']);
    expect(existsSync(stack.stackFilePath)).toBe(false);
  });

  it('a failed start stops what already started and writes no file', async () => {
    const log: string[] = [];
    const opts = options();
    const broken: StackService = {
      name: 'broken',
      start: () => Promise.reject(new Error('port in use')),
    };
    await expect(
      createStack({ options: opts, logger, services: [recorder(log, 'nodes'), broken] }),
    ).rejects.toThrow('port in use');
    expect(log).toEqual(['start nodes', 'stop nodes']);
    expect(existsSync(opts.stackFile)).toBe(false);
  });

  it('a signal while starting (abort) stops what started and writes no file', async () => {
    const log: string[] = [];
    const opts = options();
    const controller = new AbortController();
    const stack = createStack({
      options: opts,
      logger,
      signal: controller.signal,
      services: [
        recorder(log, 'nodes'),
        recorder(log, 'entry', async () => controller.abort()),
        recorder(log, 'dashboard'),
      ],
    });
    await expect(stack).rejects.toBeInstanceOf(StackAbortedError);
    expect(log).toEqual(['start nodes', 'start entry', 'stop entry', 'stop nodes']);
    expect(existsSync(opts.stackFile)).toBe(false);
  });
});
