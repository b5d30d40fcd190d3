import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mintToken, spawnRealtimeNode, type RealtimeNodeProcess } from '@sockscope/testkit';

/** A HS256 key for nodes spawned by the cases (new per process). */
export const JWT = {
  secret: randomBytes(32).toString('base64url'),
  issuer: 'sockscope-chaos',
  audience: 'sockscope',
} as const;

/** `realtime/dist/main.js` with the chaos JWT settings and `env` on top. */
export function spawnNode(env: Record<string, string> = {}): Promise<RealtimeNodeProcess> {
  return spawnRealtimeNode({
    JWT_SECRET: JWT.secret,
    JWT_ISSUER: JWT.issuer,
    JWT_AUDIENCE: JWT.audience,
    LOG_LEVEL: 'warn',
    REDIS_URL: undefined,
    ...env,
  });
}

export function userToken(sub: string, expiresIn: string | number = '1h'): Promise<string> {
  return mintToken({ ...JWT, sub, expiresIn });
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)}MB`;
