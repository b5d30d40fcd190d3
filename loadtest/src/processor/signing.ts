/**
 * How virtual users sign their JWTs: the stack's development secret (from stack.json) or a
 * signing key given in the environment. Read once per Artillery worker.
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { StackFile } from '@sockscope/contracts';

export interface SigningConfig {
  alg: string;
  key: Uint8Array | KeyObject;
  /** Present so auth-abuse can sign with a key the server does not trust. */
  issuer: string;
  audience: string;
  /** Token lifetime in seconds. */
  ttlSeconds: number;
}

/** Environment variables the processor reads (the gate sets them from its flags). */
export const SIGNING_ENV = {
  stack: 'SOCKSCOPE_STACK',
  secret: 'SOCKSCOPE_JWT_SECRET',
  privateKey: 'SOCKSCOPE_JWT_PRIVATE_KEY',
  alg: 'SOCKSCOPE_JWT_ALG',
  issuer: 'SOCKSCOPE_JWT_ISSUER',
  audience: 'SOCKSCOPE_JWT_AUDIENCE',
  ttl: 'SOCKSCOPE_JWT_TTL_SECONDS',
} as const;

export function readSigningConfig(env: NodeJS.ProcessEnv = process.env): SigningConfig {
  const ttlSeconds = Number(env[SIGNING_ENV.ttl] ?? 3600);
  const privateKey = env[SIGNING_ENV.privateKey];
  const secret = env[SIGNING_ENV.secret];
  if (privateKey || secret) {
    const issuer = env[SIGNING_ENV.issuer];
    const audience = env[SIGNING_ENV.audience];
    if (!issuer || !audience) {
      throw new Error(`${SIGNING_ENV.issuer} and ${SIGNING_ENV.audience} are required with a signing key`);
    }
    if (privateKey) {
      return { alg: env[SIGNING_ENV.alg] ?? 'RS256', key: createPrivateKey(privateKey), issuer, audience, ttlSeconds };
    }
    return { alg: 'HS256', key: new TextEncoder().encode(secret), issuer, audience, ttlSeconds };
  }
  const stackPath = env[SIGNING_ENV.stack];
  if (!stackPath) {
    throw new Error(`set ${SIGNING_ENV.stack} (stack.json) or ${SIGNING_ENV.secret}/${SIGNING_ENV.privateKey} with issuer and audience`);
  }
  const stack = JSON.parse(readFileSync(stackPath, 'utf8')) as StackFile;
  return {
    alg: stack.jwt.alg,
    key: new TextEncoder().encode(stack.jwt.secret),
    issuer: stack.jwt.issuer,
    audience: stack.jwt.audience,
    ttlSeconds,
  };
}
