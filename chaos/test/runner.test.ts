import { describe, expect, it } from 'vitest';
import { formatResult, percent, type ChaosCase } from '../src/chaos-case.js';
import { parseCliOptions } from '../src/cli-options.js';
import { runCase } from '../src/run-cases.js';

const context = { soakMinutes: 1, log: () => undefined };

describe('runner', () => {
  it('prints one line with the numbers', () => {
    expect(
      formatResult('x', { pass: true, numbers: { reconnected: percent(1998, 2000), lost: 0 } }),
    ).toBe('x: PASS reconnected=99.9%, lost=0');
    expect(formatResult('y', { pass: false, numbers: {}, note: 'why' })).toBe('y: FAIL (why)');
  });

  it('fails a case that overruns its bound or throws (negative controls)', async () => {
    const slow: ChaosCase = {
      name: 'slow',
      issueCase: 0,
      short: true,
      timeoutMs: () => 50,
      run: () => new Promise(() => undefined),
    };
    expect((await runCase(slow, context)).line).toBe('slow: FAIL (timed out after 50 ms)');
    const broken: ChaosCase = {
      ...slow,
      name: 'broken',
      run: () => Promise.reject(new Error('boom')),
    };
    expect((await runCase(broken, context)).line).toBe('broken: FAIL (boom)');
  });

  it('reads its flags and names a wrong one', () => {
    expect(parseCliOptions([])).toEqual({ only: [], soakMinutes: 15, shortOnly: false });
    expect(parseCliOptions(['--only', 'a,b', '--soak-minutes=2', '--short'])).toEqual({
      only: ['a', 'b'],
      soakMinutes: 2,
      shortOnly: true,
    });
    expect(() => parseCliOptions(['--soak-minutes', 'x'])).toThrow(/^--soak-minutes: /);
    expect(() => parseCliOptions(['--soak-minutes', '0'])).toThrow(/^--soak-minutes: /);
    expect(() => parseCliOptions(['--bogus'])).toThrow('--bogus: unknown flag');
  });
});
