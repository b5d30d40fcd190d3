/**
 * Deterministic malformed inputs. "soft" frames are well-formed socket.io packets with bad
 * payloads (the connection stays open and every one reaches validation); "hard" frames break
 * the engine.io or socket.io framing (the server closes that connection).
 */

export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(rng: () => number, items: readonly T[]): T =>
  items[Math.floor(rng() * items.length)] as T;

const randomText = (rng: () => number, max: number): string => {
  const length = Math.floor(rng() * max);
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(Math.floor(rng() * 0x2fff));
  return out;
};

const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** Payload shapes that are wrong for every event, or right shapes with bad values. */
const BAD_ARGS = [
  '',
  'null',
  '1',
  '"room"',
  '[]',
  '{}',
  '{"room":1}',
  '{"room":null}',
  '{"room":""}',
  '{"room":["a"]}',
  '{"room":{"$ne":1}}',
  `{"room":"${'x'.repeat(5000)}"}`,
  '{"room":"a b c"}',
  '{"room":"a","extra":true}',
  '{"room":"a","payload":1e999}',
  `{"room":"a","payload":${'9'.repeat(500)}}`,
  '{"room":"a","payload":-0,"clientMsgId":123}',
  '{"room":"a","clientMsgId":""}',
  '{"to":{},"payload":1}',
  '{"to":"","payload":1}',
  '{"__proto__":{"polluted":true},"room":"a"}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `{"room":"a","payload":${deep(2000)}}`,
  `{"room":"a","payload":${deep(30_000)}}`,
];

const EVENTS = ['room:join', 'room:leave', 'room:publish', 'direct:send'];
const UNKNOWN_EVENTS = [
  'unknown',
  'room:delete',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'x'.repeat(3000),
  '🙂',
];

export function softFrame(rng: () => number, ackId: number): string {
  const r = rng();
  const withAck = rng() < 0.7 ? String(ackId) : '';
  if (r < 0.55) return `42${withAck}["${pick(rng, EVENTS)}",${pick(rng, BAD_ARGS) || 'null'}]`;
  if (r < 0.65) return `42${withAck}["${pick(rng, EVENTS)}"]`; // no payload
  if (r < 0.75) return `42["${pick(rng, EVENTS)}",{"room":"ok"}]`; // valid payload, no ack
  if (r < 0.85) return `42${withAck}[${JSON.stringify(pick(rng, UNKNOWN_EVENTS))},{}]`;
  if (r < 0.9) return `42${'9'.repeat(25)}["room:join",{"room":"a"}]`; // absurd ack id
  if (r < 0.95) return `42${withAck}["room:join",{"room":"a"},{"room":"b"},3]`; // extra args
  return `43${Math.floor(rng() * 1e9)}[{"ok":true}]`; // an ack the server never asked for
}

export function hardFrame(rng: () => number): string | Buffer {
  const r = rng();
  if (r < 0.15) return randomText(rng, 200);
  if (r < 0.25) {
    const bytes = Buffer.alloc(1 + Math.floor(rng() * 300));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng() * 256);
    return bytes;
  }
  return pick(rng, [
    '',
    '9',
    '7{"x":1}',
    '0',
    '1',
    'x',
    '4',
    '42',
    '42[',
    '42{}',
    '42null',
    '42"x"',
    '42[]',
    '42[1]',
    '42[null,{}]',
    '42[{},{}]',
    '42["disconnect"]',
    '42["connect",{}]',
    '42["error",{}]',
    '4x["room:join",{}]',
    '44{}',
    '41extra',
    '40{"token":5}',
    '40/nope,{}',
    '451-["room:publish",{"_placeholder":true,"num":0}]',
    '452-["room:publish",{"_placeholder":true,"num":9}]',
    '45-1-["x"]',
    `42${deep(60_000).slice(0, 60_000)}`,
    `4${randomText(rng, 50)}`,
    `42["room:publish",${'{"a":'.repeat(1000)}`,
  ]);
}
