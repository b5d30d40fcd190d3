/**
 * Demo traffic for the local stack: a few hundred simulated users that connect through the
 * sticky entry with JWTs signed by the stack's dev secret, join rooms, chat, and leave for a
 * realistic mix of reasons (they close the tab, their network drops and they come back, some
 * stay on long-polling). Runs as its own process, started by the stack's demo-traffic service.
 *
 * Environment: SOCKSCOPE_DEMO_ENTRY (entry URL), SOCKSCOPE_DEMO_JWT (the stack file's `jwt`
 * JSON), SOCKSCOPE_DEMO_CLIENTS (default 300).
 */
import { createClient, type SockscopeSocket } from '@sockscope/client';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { z } from 'zod';

const env = z
  .object({
    SOCKSCOPE_DEMO_ENTRY: z.url(),
    SOCKSCOPE_DEMO_JWT: z.string().transform((s, ctx) => {
      try {
        return z
          .object({ secret: z.string(), issuer: z.string(), audience: z.string() })
          .parse(JSON.parse(s));
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'SOCKSCOPE_DEMO_JWT must be the stack file jwt JSON',
        });
        return z.NEVER;
      }
    }),
    SOCKSCOPE_DEMO_CLIENTS: z.coerce.number().int().min(1).max(5000).default(300),
  })
  .safeParse(process.env);

const logger = pino({ name: 'demo-traffic', level: process.env.LOG_LEVEL ?? 'info' });
if (!env.success) {
  logger.fatal(
    `demo traffic: ${env.error.issues[0]?.path.join('.')}: ${env.error.issues[0]?.message}`,
  );
  process.exit(2);
}
const {
  SOCKSCOPE_DEMO_ENTRY: entry,
  SOCKSCOPE_DEMO_JWT: jwt,
  SOCKSCOPE_DEMO_CLIENTS: population,
} = env.data;
const key = new TextEncoder().encode(jwt.secret);
const ROOMS = ['lobby', 'support', 'sales', 'eng', 'ops', 'random', 'announcements', 'design'];
const LINES = [
  'hi all',
  'anyone seen the deploy?',
  'brb',
  'looks good to me',
  'ship it',
  'ping',
  'thanks!',
  'on it',
];

const rand = (min: number, max: number) => min + Math.random() * (max - min);
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

function token(user: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user)
    .setIssuer(jwt.issuer)
    .setAudience(jwt.audience)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(key);
}

let stopping = false;
const live = new Set<SockscopeSocket>();
const timers = new Set<NodeJS.Timeout>();

function later(ms: number, fn: () => void) {
  const t = setTimeout(() => {
    timers.delete(t);
    if (!stopping) fn();
  }, ms);
  timers.add(t);
}

/** One simulated user: connects, chats, and eventually leaves in one of several ways. */
function user(index: number) {
  const id = `demo-${String(index).padStart(4, '0')}`;
  const pollingOnly = Math.random() < 0.15;
  const socket = createClient(entry, {
    token: () => token(id),
    transports: pollingOnly ? ['polling'] : ['polling', 'websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    forceNew: true,
  });
  live.add(socket);
  let chat: NodeJS.Timeout | null = null;
  socket.on('connect', () => {
    const rooms = [pick(ROOMS), pick(ROOMS)];
    for (const room of new Set(rooms)) socket.emit('room:join', { room }, () => undefined);
    if (chat) clearInterval(chat);
    chat = setInterval(
      () => {
        if (socket.connected)
          socket.emit(
            'room:publish',
            { room: rooms[0]!, payload: { text: pick(LINES) } },
            () => undefined,
          );
      },
      rand(4000, 15_000),
    );
  });
  socket.on('connect_error', (err) =>
    logger.debug({ user: id, err: err.message }, 'connect error'),
  );
  later(rand(20_000, 240_000), () => {
    const roll = Math.random();
    if (roll < 0.35) {
      // The network drops: the server sees `transport close`; the client reconnects by itself.
      socket.io.engine?.close();
      later(rand(30_000, 120_000), () => leave(socket, chat, index));
    } else {
      // The user closes the tab: `client namespace disconnect`; someone else arrives later.
      leave(socket, chat, index);
    }
  });
}

function leave(socket: SockscopeSocket, chat: NodeJS.Timeout | null, index: number) {
  if (chat) clearInterval(chat);
  socket.disconnect();
  live.delete(socket);
  later(rand(500, 5000), () => user(index));
}

async function main() {
  logger.info({ entry, population }, 'demo traffic starting');
  // Ramp up over ~10 s rather than a thundering herd.
  for (let i = 0; i < population && !stopping; i += 1) {
    user(i);
    await new Promise((r) => setTimeout(r, 10_000 / population));
  }
  logger.info({ clients: live.size }, 'demo traffic running');
}

function stop() {
  stopping = true;
  for (const t of timers) clearTimeout(t);
  for (const s of live) s.disconnect();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
void main();
