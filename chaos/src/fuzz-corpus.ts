import { randomBytes } from 'node:crypto';

/** A small deterministic PRNG (mulberry32) so a failing run can be replayed by its seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);

/** Engine.IO / Socket.IO frames: wrong types, broken JSON, bad attachments, huge nesting. */
const FRAMES: readonly string[] = [
  '',
  '9',
  '0',
  '1',
  '3',
  '5',
  '6',
  '2probe',
  '4',
  '40',
  '41',
  '43',
  '44{}',
  '4x',
  '49',
  '40/nope,',
  '40/sockscope,{"token":1}',
  '40{"token":{"$ne":null}}',
  '40{"token":"a.b.c"}',
  '42',
  '42[',
  '42{}',
  '42[]',
  '42[1]',
  '42["room:join"',
  '42["room:join",{"room":null}]',
  '420["room:join",{"room":"x"}]',
  '4299999999999999999999["room:publish",{}]',
  '42["__proto__",{"constructor":{"prototype":{"x":1}}}]',
  '42["room:publish",{"room":"a","payload":' + deep(200) + '}]',
  '451-["x",{"_placeholder":true,"num":99}]',
  '45-["x"]',
  '452-["x",{"_placeholder":true,"num":0}]',
  '46-[1]',
  '43["x"]',
  '4\u0000\u0001\u0002',
  '42["\ud800"]',
  'a'.repeat(2000),
];

/** One malformed frame: from the list, random bytes, or random text. */
export function malformedFrame(random: () => number): string | Buffer {
  const r = random();
  if (r < 0.7) return pick(random, FRAMES);
  if (r < 0.85) return randomBytes(1 + Math.floor(random() * 64));
  return '4' + randomBytes(1 + Math.floor(random() * 48)).toString('latin1');
}

const PATHS: readonly string[] = [
  '/',
  '/healthz',
  '/readyz',
  '/metrics',
  '/api/status',
  '/api/sessions',
  '/api/sessions/%00',
  '/api/sessions/' + 'x'.repeat(5000),
  '/api/disconnects?limit=-1',
  '/api/disconnects?from=yesterday&to=%ZZ',
  '/api/disconnects?limit=1e309&cursor=%FF%FE',
  '/api/summary?from[]=1&from[]=2',
  '/api/nodes',
  '/api/overview?range=%27%3B--',
  '/api/disconnects/csv?reason=%3Cscript%3E',
  '/sessions/..%2F..%2Fetc%2Fpasswd',
  '/sign-in?next=//evil.example&token=',
  '/socket.io/',
  '/socket.io/?EIO=4',
  '/socket.io/?EIO=9&transport=polling',
  '/socket.io/?EIO=4&transport=carrier-pigeon',
  '/socket.io/?EIO=4&transport=polling&sid=nope',
  '/socket.io/?EIO=4&transport=polling&sid=' + '%'.repeat(100),
  '/socket.io/?EIO=4&transport=polling&b64=1&j=0',
  '/socket.io/?EIO=4&transport=websocket',
  '/feed/?EIO=4&transport=polling',
  '/test-hooks/stats',
  '/%',
  '/..',
  '/' + 'a/'.repeat(500),
];

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD'] as const;

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** One malformed HTTP request: odd path, method, headers and body. */
export function malformedRequest(random: () => number): FuzzRequest {
  const method = pick(random, METHODS);
  const headers: Record<string, string> = {};
  if (random() < 0.3)
    headers['content-type'] = pick(random, [
      'application/json',
      'text/plain',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
    ]);
  if (random() < 0.2) headers.origin = 'https://evil.example';
  if (random() < 0.2) headers.cookie = 'sockscope_session=' + randomBytes(24).toString('base64');
  if (random() < 0.2)
    headers.authorization = pick(random, [
      'Bearer',
      'Bearer  ',
      'Basic Zm9vOmJhcg==',
      'Bearer ' + 'z'.repeat(4000),
    ]);
  if (random() < 0.1) headers['x-forwarded-for'] = '::ffff:1.2.3.4, 999.1.1.1';
  const withBody = method !== 'GET' && method !== 'HEAD';
  const body = withBody
    ? random() < 0.5
      ? pick(random, ['{', '1:4', '42["x"]', '\u0000'.repeat(100), '{"a":' + deep(500) + '}'])
      : randomBytes(64).toString('latin1')
    : undefined;
  return { method, path: pick(random, PATHS), headers, ...(body !== undefined && { body }) };
}

/** Raw bytes that are not valid HTTP at all. */
export const RAW_GARBAGE: readonly string[] = [
  'BREW /pot HTTP/1.1\r\n\r\n',
  'GET /\r\n\r\n',
  'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'POST /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n',
  'GET / HTTP/1.1\r\n' + 'X: ' + 'a'.repeat(20_000) + '\r\n\r\n',
  '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003',
  'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 99\r\n\r\n',
];
