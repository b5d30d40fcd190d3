import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from '@sockscope/testkit';
import { CASES } from '../src/cases/index.js';
import { runCase } from '../src/run-cases.js';

afterAll(() => stopAll());

const context = { soakMinutes: 1, log: () => undefined };
const short = CASES.filter((c) => c.short);

describe('short chaos cases (also in npm run test:chaos)', () => {
  it('has short cases to run', () => {
    expect(short.map((c) => c.name)).toEqual(['connection-flood', 'instrument-token-guard']);
  });

  for (const chaosCase of short) {
    it(`${chaosCase.name} (case ${chaosCase.issueCase}) passes`, { timeout: 50_000 }, async () => {
      const outcome = await runCase(chaosCase, context);
      expect(outcome.line, outcome.line).toMatch(new RegExp(`^${chaosCase.name}: PASS `));
    });
  }
});
