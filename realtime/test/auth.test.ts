import { SignJWT, importPKCS8 } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { CONNECT_ERRORS } from '@sockscope/contracts';
import { client, closeClients, connected, refusal } from './support/clients.js';
import { startNode, stopNodes } from './support/nodes.js';
import {
  AUDIENCE,
  ISSUER,
  claims,
  hs256Token,
  rsaKeyPair,
  sign,
  unsignedToken,
} from './support/tokens.js';
import { rawWebSocket } from './support/raw-engine.js';
import { waitFor } from './support/wait-for.js';

afterEach(async () => {
  closeClients();
  await stopNodes();
});

describe('handshake JWT (HS256 node)', () => {
  it('accepts a valid token and keeps sub as the user id (positive control)', async () => {
    const node = await startNode();
    const socket = await connected(client(node.url, await hs256Token({ sub: 'alice' })));
    expect(socket.connected).toBe(true);
    const [serverSocket] = await node.io.fetchSockets();
    expect(serverSocket?.data.userId).toBe('alice');
    expect(serverSocket?.data.tokenExp).toBeGreaterThan(Date.now());
  });

  it.each<[string, () => Promise<{ token?: string; query?: Record<string, string> }>, string]>([
    ['alg: none', async () => ({ token: unsignedToken(claims()) }), CONNECT_ERRORS.invalidToken],
    [
      'a wrong key',
      async () => ({ token: await hs256Token({ secret: 'another-secret-that-is-long-enough!!' }) }),
      CONNECT_ERRORS.invalidToken,
    ],
    [
      'an expired token',
      async () => ({ token: await hs256Token({ expiresIn: -60 }) }),
      CONNECT_ERRORS.expiredToken,
    ],
    [
      'a wrong aud',
      async () => ({ token: await hs256Token({ audience: 'someone-else' }) }),
      CONNECT_ERRORS.invalidToken,
    ],
    [
      'a wrong iss',
      async () => ({ token: await hs256Token({ issuer: 'evil-idp' }) }),
      CONNECT_ERRORS.invalidToken,
    ],
    [
      'a token without sub',
      async () => ({ token: await noSubToken() }),
      CONNECT_ERRORS.invalidToken,
    ],
    ['garbage', async () => ({ token: 'not.a.jwt' }), CONNECT_ERRORS.invalidToken],
    ['no token', async () => ({}), CONNECT_ERRORS.missingToken],
    [
      'a token only in the query string',
      async () => ({ query: { token: await hs256Token() } }),
      CONNECT_ERRORS.tokenInQuery,
    ],
  ])('refuses %s with connect_error', async (_name, make, expected) => {
    const node = await startNode();
    const { token, query } = await make();
    const message = await refusal(client(node.url, token, query ? { query } : {}));
    expect(message).toBe(expected);
    expect(node.io.of('/').sockets.size).toBe(0);
    expect(node.stats.authRefused).toBe(1);
  });

  it('refuses a query-string token over long-polling too, even with a valid auth token', async () => {
    const node = await startNode();
    const token = await hs256Token();
    const message = await refusal(
      client(node.url, token, { transports: ['polling'], query: { access_token: token } }),
    );
    expect(message).toBe(CONNECT_ERRORS.tokenInQuery);
  });
});

async function noSubToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode('test-secret-that-is-long-enough-for-hs256!'));
}

describe('handshake JWT (RS256 node)', () => {
  it('accepts RS256 and refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const { publicKey, privateKey } = rsaKeyPair();
    const node = await startNode({ jwtSecret: undefined, jwtPublicKey: publicKey });

    const good = await sign(
      new SignJWT({}).setProtectedHeader({ alg: 'RS256' }),
      {},
      await importPKCS8(privateKey, 'RS256'),
    );
    await connected(client(node.url, good));

    // The attacker knows the public key and uses its PEM text as an HMAC secret.
    const forged = await sign(
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }),
      {},
      new TextEncoder().encode(publicKey),
    );
    expect(await refusal(client(node.url, forged))).toBe(CONNECT_ERRORS.invalidToken);

    const other = rsaKeyPair();
    const wrongKey = await sign(
      new SignJWT({}).setProtectedHeader({ alg: 'RS256' }),
      {},
      await importPKCS8(other.privateKey, 'RS256'),
    );
    expect(await refusal(client(node.url, wrongKey))).toBe(CONNECT_ERRORS.invalidToken);
    expect(await refusal(client(node.url, unsignedToken(claims())))).toBe(
      CONNECT_ERRORS.invalidToken,
    );
  });
});

describe('token expiry', () => {
  it('tells the client and disconnects it within exp + 2 s', async () => {
    const node = await startNode();
    const exp = Math.floor(Date.now() / 1000) + 3;
    const socket = client(node.url, await hs256Token({ exp }));
    let expiredAt = 0;
    let notice: { exp: number } | undefined;
    let disconnect: { at: number; reason: string } | undefined;
    socket.on('auth:expired', (n) => {
      expiredAt = Date.now();
      notice = n;
    });
    socket.on('disconnect', (reason) => (disconnect = { at: Date.now(), reason }));
    await connected(socket);
    await waitFor(() => disconnect, { timeoutMs: 8000, what: 'the expiry disconnect' });

    const lateMs = (disconnect?.at ?? 0) - exp * 1000;
    expect(notice).toEqual({ exp: exp * 1000 });
    expect(expiredAt).toBeGreaterThan(0);
    expect(disconnect?.reason).toBe('io server disconnect');
    expect(lateMs).toBeGreaterThanOrEqual(-50); // not before exp
    expect(lateMs).toBeLessThanOrEqual(2000);
    expect(node.stats.tokensExpired).toBe(1);
  });

  /** Connects, joins a room, loses the transport, waits, then reconnects with the same token. */
  async function dropAndReconnect(token: string, waitUntil: number) {
    const node = await startNode();
    const socket = await connected(client(node.url, token));
    await socket.emitWithAck('room:join', { room: 'gap' });
    const publisher = await connected(client(node.url, await hs256Token({ sub: 'publisher' })));
    // One message before the drop gives the client an offset to recover from.
    const first = new Promise((resolve) => socket.once('room:message', resolve));
    await publisher.emitWithAck('room:publish', { room: 'gap', payload: 'before' });
    await first;

    const lost = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.io.engine.close(); // as if the network dropped: the server keeps the session
    expect(await lost).toBe('forced close'); // client side; the server sees "transport close"
    await waitFor(() => node.io.of('/').sockets.size === 1, { what: 'the server to see the drop' });
    const ack = await publisher.emitWithAck('room:publish', { room: 'gap', payload: 'missed' });
    expect(ack.ok).toBe(true);

    await waitFor(() => Date.now() > waitUntil, { timeoutMs: 6000, what: 'the token to expire' });
    const missed: unknown[] = [];
    socket.on('room:message', (message) => missed.push(message.payload));
    // Everything the server sends on the new connection, before any client-side buffering.
    const wire: string[] = [];
    socket.io.once('open', () =>
      socket.io.engine.on('packet', (packet: { data?: unknown }) => wire.push(String(packet.data))),
    );
    socket.connect();
    return { node, socket, missed, wire };
  }

  it('an expired token cannot recover its session (middlewares run on recovery)', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const { node, socket, missed, wire } = await dropAndReconnect(
      await hs256Token({ exp }),
      exp * 1000 + 100,
    );
    expect(await refusal(socket)).toBe(CONNECT_ERRORS.expiredToken);
    expect(socket.recovered).toBe(false);
    expect(missed).toEqual([]);
    // Not even sent: socket.io alone would write the missed packets before its middlewares ran.
    expect(wire.join('\n')).not.toContain('missed');
    expect(node.io.of('/').sockets.size).toBe(1); // only the publisher
  });

  it('a valid token recovers its session and the missed message (negative control)', async () => {
    const { socket, missed, wire } = await dropAndReconnect(await hs256Token(), Date.now());
    await connected(socket);
    expect(socket.recovered).toBe(true);
    await waitFor(() => missed.length === 1, { what: 'the missed message' });
    expect(missed).toEqual(['missed']);
    expect(wire.join('\n')).toContain('missed');
  });

  it("another user's valid token cannot take over a session (sub must match)", async () => {
    const node = await startNode();
    const victim = await connected(client(node.url, await hs256Token({ sub: 'victim' })));
    await victim.emitWithAck('room:join', { room: 'private' });
    const publisher = await connected(client(node.url, await hs256Token({ sub: 'publisher' })));
    const first = new Promise((resolve) => victim.once('room:message', resolve));
    await publisher.emitWithAck('room:publish', { room: 'private', payload: 'before' });
    await first;
    const { _pid: pid, _lastOffset: offset } = victim as unknown as {
      _pid: string;
      _lastOffset: string;
    };
    const oldId = victim.id;
    victim.io.engine.close();
    await waitFor(() => node.io.of('/').sockets.size === 1, { what: 'the server to see the drop' });
    await publisher.emitWithAck('room:publish', { room: 'private', payload: 'secret' });

    const ws = await rawWebSocket(node.url);
    const received: string[] = [];
    ws.on('message', (data: Buffer) => received.push(data.toString()));
    ws.send(`40${JSON.stringify({ token: await hs256Token({ sub: 'attacker' }), pid, offset })}`);
    await waitFor(() => received.some((m) => m.startsWith('40')), { what: 'the CONNECT answer' });
    ws.close();
    const connect = JSON.parse(received.find((m) => m.startsWith('40'))?.slice(2) ?? '{}') as {
      sid?: string;
    };
    expect(connect.sid).toBeDefined();
    expect(connect.sid).not.toBe(oldId); // a fresh socket, not the victim's
    expect(received.join('\n')).not.toContain('secret');
  });
});
