import { createServer } from 'node:net';
import { jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, mintToken, requireBinary, stopAll, waitFor } from '../src/index.js';
import { spawnTracked } from '../src/processes.js';

afterAll(() => stopAll());

describe('freePort', () => {
  it('returns a loopback port that can be bound', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    await expect(
      waitFor(() => (++calls >= 3 ? 'done' : undefined), { intervalMs: 1 }),
    ).resolves.toBe('done');
    expect(calls).toBe(3);
  });

  it('times out naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('not yet');
        },
        { timeoutMs: 50, intervalMs: 5, message: 'the moon' },
      ),
    ).rejects.toThrow(/timed out after 50ms waiting for the moon \(last error: not yet\)/);
  });
});

describe('requireBinary', () => {
  it('finds an executable on PATH', () => {
    expect(requireBinary('sh', 'dash')).toMatch(/\/sh$/);
  });

  it('names the Debian package when the binary is missing', () => {
    expect(() => requireBinary('no-such-binary-xyz', 'xyz-tools')).toThrow(
      'no-such-binary-xyz not found: install the Debian package xyz-tools (apt-get install xyz-tools)',
    );
  });
});

describe('mintToken', () => {
  const secret = 'a-test-secret-of-enough-length-123456';
  it('signs a token with sub, iss, aud and exp', async () => {
    const token = await mintToken({
      secret,
      issuer: 'iss',
      audience: 'aud',
      sub: 'user-1',
      expiresIn: 60,
    });
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: 'iss',
      audience: 'aud',
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.sub).toBe('user-1');
    expect(payload.exp! - Math.floor(Date.now() / 1000)).toBeGreaterThan(50);
  });

  it('is refused for another audience (so the check above can fail)', async () => {
    const token = await mintToken({ secret, issuer: 'iss', audience: 'aud', sub: 'user-1' });
    await expect(
      jwtVerify(token, new TextEncoder().encode(secret), { issuer: 'iss', audience: 'other' }),
    ).rejects.toThrow();
  });
});

describe('process tracking', () => {
  it('stopAll() ends every process the testkit started', async () => {
    const child = spawnTracked(process.execPath, [
      '-e',
      'setInterval(() => {}, 1000); console.log("up")',
    ]);
    await waitFor(() => child.logs.includes('up'), { message: 'child output' });
    await stopAll();
    expect(child.process.exitCode !== null || child.process.signalCode !== null).toBe(true);
  });
});
