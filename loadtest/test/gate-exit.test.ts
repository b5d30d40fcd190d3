/** A run that cannot happen exits 2 quickly, with the reason. */
import { describe, expect, it } from 'vitest';
import { freePort } from '@sockscope/testkit';
import { runGateCli } from './support/gate-cli.js';

describe('sockscope-gate: runs that cannot happen', () => {
  it('exits 2 naming a bad flag', async () => {
    const run = await runGateCli(['--scenario', 'chat', '--target', 'not a url', '--slo', 'x.yml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--target must be an http(s) URL');
    const rate = await runGateCli(['--scenario', 'chat', '--target', 'http://127.0.0.1:1', '--rate', '-3']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/--rate/);
  });

  it('exits 2 within 15 s with a clear message when the target is unreachable', async () => {
    const port = await freePort();
    const run = await runGateCli(['--scenario', 'auth-abuse', '--target', `http://127.0.0.1:${port}`], {
      env: { SOCKSCOPE_JWT_SECRET: 'x'.repeat(32), SOCKSCOPE_JWT_ISSUER: 'i', SOCKSCOPE_JWT_AUDIENCE: 'a' },
    });
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(15_000);
    expect(run.stderr).toContain(`target http://127.0.0.1:${port} is unreachable (ECONNREFUSED)`);
  });

  it('exits 2 when the SLO names server metrics and no server-side source is given', async () => {
    const run = await runGateCli(['--scenario', 'chat', '--target', 'http://127.0.0.1:1'], {
      env: { SOCKSCOPE_JWT_SECRET: 'x'.repeat(32), SOCKSCOPE_JWT_ISSUER: 'i', SOCKSCOPE_JWT_AUDIENCE: 'a' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the SLO names server metrics \(server\.disconnects.*\) but there is no server-side source/);
  });

  it('exits 2 naming the SLO file problem', async () => {
    const run = await runGateCli(['--scenario', 'chat', '--target', 'http://127.0.0.1:1', '--slo', '/nonexistent/slo.yml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--slo /nonexistent/slo.yml: ENOENT');
  });
});
