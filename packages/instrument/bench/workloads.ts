import { SignJWT } from 'jose';
import { RawClient } from './raw-client.js';

export const SERVERS = ['micro', 'reference'] as const;
/**
 * `micro`: bench-server.ts, a Socket.IO server whose handlers do nothing but answer (the worst
 * case for a per-packet cost). `reference`: this repository's realtime node (JWT auth, payload
 * validation, rate limits, room sequences), as an application server would run it.
 */
export type ServerKind = (typeof SERVERS)[number];

/** What the reference node verifies tokens with (a loopback-only benchmark). */
export const REFERENCE_JWT = {
  secret: 'bench-jwt-secret-0123456789abcdef0123',
  issuer: 'sockscope-bench',
  audience: 'sockscope',
};

const PAYLOAD = { text: 'x'.repeat(64), n: 42 };

/** How a workload talks to its server: connect, join a room, and the next operation. */
export interface Workload {
  connect(url: string, index: number): Promise<RawClient>;
  join(client: RawClient, room: string): Promise<void>;
  /** One emit-with-ack: a room publish when `publish`, else the cheap operation. */
  operate(client: RawClient, index: number, room: string, publish: boolean, done: () => void): void;
}

const micro: Workload = {
  connect: (url) => RawClient.connect(url),
  join: (client, room) => client.emitAsync('join', room),
  operate(client, _index, room, publish, done) {
    if (publish) client.emit('publish', { room, payload: PAYLOAD }, done);
    else client.emit('echo', PAYLOAD, done);
  },
};

const userOf = (index: number): string => `bench-user-${index}`;

/** The reference node: a direct message to oneself (one delivery), or a room publish. */
const reference: Workload = {
  async connect(url, index) {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userOf(index))
      .setIssuer(REFERENCE_JWT.issuer)
      .setAudience(REFERENCE_JWT.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(REFERENCE_JWT.secret));
    return RawClient.connect(url, { token });
  },
  join: (client, room) => client.emitAsync('room:join', { room }),
  operate(client, index, room, publish, done) {
    if (publish) client.emit('room:publish', { room, payload: PAYLOAD }, done);
    else client.emit('direct:send', { to: userOf(index), payload: PAYLOAD }, done);
  },
};

export const WORKLOADS: Record<ServerKind, Workload> = { micro, reference };
