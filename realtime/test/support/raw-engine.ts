import { request } from 'node:http';
import { WebSocket } from 'ws';

/** engine.io v4 packet separator in a long-polling body. */
export const RECORD_SEPARATOR = '\x1e';

const engineUrl = (base: string, transport: 'websocket' | 'polling', sid?: string): string => {
  const url = new URL('/socket.io/', base);
  url.searchParams.set('EIO', '4');
  url.searchParams.set('transport', transport);
  if (sid !== undefined) url.searchParams.set('sid', sid);
  if (transport === 'websocket') url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
};

/**
 * A raw engine.io WebSocket: resolves once the server's open packet arrived, and, with a
 * token, once the socket.io namespace connect was accepted.
 */
export function rawWebSocket(base: string, token?: string, timeoutMs = 10_000): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(engineUrl(base, 'websocket'));
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('raw websocket: no open/connect packet in time'));
    }, timeoutMs);
    const done = (error?: Error): void => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      if (error) reject(error);
      else resolve(ws);
    };
    const onMessage = (data: Buffer, isBinary: boolean): void => {
      const text = isBinary ? '' : data.toString();
      if (text.startsWith('0{')) {
        if (token === undefined) done();
        else ws.send(`40${JSON.stringify({ token })}`);
      } else if (text.startsWith('40{')) done();
      else if (text.startsWith('44')) done(new Error(`connect refused: ${text}`));
      else if (text === '2') ws.send('3');
    };
    ws.on('message', onMessage);
    ws.on('error', (error) => done(error));
    ws.on('close', () => done(new Error('closed before open')));
  });
}

/** Sends a frame, then waits until the server answered an ack with id `ackId` (in order). */
export function sendAndSync(
  ws: WebSocket,
  frames: readonly (string | Buffer)[],
  ackId: number,
  timeoutMs = 15_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ack ${ackId} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (data: Buffer): void => {
      const text = data.toString();
      if (text === '2') ws.send('3');
      if (text.startsWith(`43${ackId}[`)) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        ws.off('close', onClose);
        resolve();
      }
    };
    const onClose = (): void => {
      clearTimeout(timer);
      reject(new Error('closed before the sync ack'));
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
    for (const frame of frames) ws.send(frame);
    ws.send(`42${ackId}["room:join",{"room":"sync"}]`);
  });
}

/** A long-polling handshake; resolves with the sid. */
export async function pollingHandshake(base: string): Promise<string> {
  const res = await fetch(engineUrl(base, 'polling'));
  const body = await res.text();
  if (!res.ok || !body.startsWith('0{'))
    throw new Error(`polling handshake failed: ${res.status} ${body}`);
  return (JSON.parse(body.slice(1)) as { sid: string }).sid;
}

/** POSTs a raw body to a polling session (sid may be anything, or missing). */
export async function pollingPost(
  base: string,
  sid: string | undefined,
  body: string | Uint8Array,
): Promise<number> {
  const res = await fetch(engineUrl(base, 'polling', sid), {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
  });
  await res.arrayBuffer();
  return res.status;
}

/** GETs pending packets of a polling session. */
export async function pollingGet(
  base: string,
  sid: string,
): Promise<{ status: number; body: string }> {
  const res = await fetch(engineUrl(base, 'polling', sid));
  return { status: res.status, body: await res.text() };
}

/** Raw GET/POST against arbitrary engine.io query strings. */
export async function rawRequest(
  base: string,
  pathAndQuery: string,
  init: RequestInit = {},
): Promise<number> {
  const res = await fetch(new URL(pathAndQuery, base), init);
  await res.arrayBuffer();
  return res.status;
}

/**
 * A long-polling handshake that joins no namespace, with an optional Origin (node:http, since
 * fetch may not send one): its status, body and headers.
 */
export function engineHandshake(
  base: string,
  origin?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers = origin === undefined ? {} : { origin };
    const req = request(engineUrl(base, 'polling'), { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw WebSocket upgrade with an optional Origin: 101, or the status of the refusal. */
export function upgradeStatus(base: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(engineUrl(base, 'websocket'), origin === undefined ? {} : { origin });
    ws.once('upgrade', (res) => {
      ws.terminate();
      resolve(res.statusCode ?? 0);
    });
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', reject);
  });
}
