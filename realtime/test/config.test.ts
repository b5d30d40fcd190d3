import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';

const base = { JWT_SECRET: 's'.repeat(32), JWT_ISSUER: 'iss', JWT_AUDIENCE: 'aud' };

const problemsOf = (env: Record<string, string>, argv: string[] = []): string => {
  try {
    loadConfig(env, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base, []);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      rateLimitRate: 20,
      rateLimitBurst: 40,
      maxHttpBufferSize: 100_000,
      pingIntervalMs: 25_000,
      pingTimeoutMs: 20_000,
      connectTimeoutMs: 45_000,
      recoveryWindowMs: 120_000,
      drainTimeoutMs: 10_000,
      allowedOrigins: [],
      testHooks: false,
      logLevel: 'info',
    });
    expect(config.nodeId).toBeUndefined();
    expect(config.adapter).toBeUndefined();
  });

  it('reads env vars and lets --kebab-case flags win', () => {
    const config = loadConfig(
      {
        ...base,
        PORT: '4000',
        NODE_ID: 'env-node',
        ALLOWED_ORIGINS: 'http://a.test, https://b.test:8443',
      },
      ['--port', '0', '--node-id=flag-node', '--test-hooks', '1', '--delivery-delay-ms=5'],
    );
    expect(config.port).toBe(0);
    expect(config.nodeId).toBe('flag-node');
    expect(config.allowedOrigins).toEqual(['http://a.test', 'https://b.test:8443']);
    expect(config.testHooks).toBe(true);
    expect(config.deliveryDelayMs).toBe(5);
  });

  it('turns literal \\n in JWT_PUBLIC_KEY into newlines', () => {
    const config = loadConfig(
      {
        JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----',
        JWT_ISSUER: 'i',
        JWT_AUDIENCE: 'a',
      },
      [],
    );
    expect(config.jwtPublicKey).toBe('-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----');
  });

  it.each([
    [{ PORT: 'abc' }, /PORT \(--port\): expected a whole number/],
    [{ PORT: '70000' }, /PORT \(--port\): expected a number <= 65535/],
    [{ NODE_ID: 'Node_1' }, /NODE_ID \(--node-id\): expected 1-64 characters of \[a-z0-9-\]/],
    [{ RATE_LIMIT_RATE: '0' }, /RATE_LIMIT_RATE \(--rate-limit-rate\)/],
    [{ ADAPTER: 'kafka' }, /ADAPTER \(--adapter\)/],
    [{ ADAPTER: 'redis' }, /REDIS_URL \(--redis-url\): required with ADAPTER=redis/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL \(--redis-url\): expected redis:\/\/host:port/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET \(--jwt-secret\): expected at least 32 characters/],
    [
      { JWT_ALGORITHMS: 'RS256' },
      /JWT_ALGORITHMS \(--jwt-algorithms\): RS256 cannot be used with a shared secret/,
    ],
    [{ JWT_ALGORITHMS: 'none' }, /JWT_ALGORITHMS \(--jwt-algorithms\)/],
    [{ JWT_ISSUER: '' }, /JWT_ISSUER \(--jwt-issuer\): required/],
    [{ TLS_CERT: '/tmp/cert.pem' }, /TLS_KEY \(--tls-key\): TLS_CERT and TLS_KEY go together/],
    [{ ALLOWED_ORIGINS: 'evil' }, /ALLOWED_ORIGINS \(--allowed-origins\)/],
    [{ TEST_HOOKS: 'maybe' }, /TEST_HOOKS \(--test-hooks\): expected 1\/0 or true\/false/],
    [{ DELIVERY_DELAY_MS: '10' }, /DELIVERY_DELAY_MS \(--delivery-delay-ms\): is a test hook/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL \(--log-level\)/],
  ])('names the bad variable: %j', (overrides, expected) => {
    const env: Record<string, string> = { ...base, ...overrides };
    if ('JWT_ISSUER' in overrides) delete env.JWT_ISSUER;
    expect(problemsOf(env)).toMatch(expected);
  });

  it('requires exactly one verification key', () => {
    expect(problemsOf({ JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' })).toMatch(
      /JWT_SECRET \(--jwt-secret\): one of JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL is required/,
    );
    expect(problemsOf({ ...base, JWT_JWKS_URL: 'https://idp.test/jwks' })).toMatch(
      /set only one of/,
    );
  });

  it('reports every problem at once, and unknown flags', () => {
    const message = problemsOf({ ...base, PORT: 'x', RATE_LIMIT_BURST: '-1' });
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/RATE_LIMIT_BURST/);
    expect(problemsOf(base, ['--prot', '1'])).toMatch(/--prot: unknown flag/);
    expect(problemsOf(base, ['--port'])).toMatch(/--port: expects a value/);
  });
});
