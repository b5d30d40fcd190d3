import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DisconnectRecord } from '@sockscope/contracts';
import { summary } from './records.js';

export interface StubExporter {
  url: string;
  token: string;
  /** Paths requested, in order (with query). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A stand-in for one exporter's API (the CLI's collector reads it): serves `records` as the
 * disconnect log, two per page so the cursor is followed, and refuses a wrong token.
 */
export async function startStubExporter(
  node: string,
  records: DisconnectRecord[],
): Promise<StubExporter> {
  const token = 'stub-api-token-0123';
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    requests.push(url.pathname + url.search);
    const send = (status: number, body: unknown, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(401, { error: 'unauthorized' });
    switch (url.pathname) {
      case '/api/status':
        return send(200, {
          node,
          targetUp: true,
          instance: 'stub',
          lastSeq: records.length,
          liveSessions: 0,
        });
      case '/api/summary':
        return send(200, summary({ total: records.length }));
      case '/api/sessions':
        return send(200, { items: [], nextCursor: null });
      case '/api/disconnects': {
        const offset = Number(url.searchParams.get('cursor') ?? 0);
        const items = records.slice(offset, offset + 2);
        return send(200, {
          items,
          nextCursor: offset + 2 < records.length ? String(offset + 2) : null,
        });
      }
      case '/metrics':
        return send(
          200,
          `# TYPE socketio_node_event_loop_delay_seconds untyped\nsocketio_node_event_loop_delay_seconds{node="${node}",quantile="max"} 0.012\n`,
          'text/plain',
        );
      default:
        return send(404, { error: 'not found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
