import { request } from 'node:http';

/**
 * GET from a chosen loopback source address (Linux routes all of 127/8 to `lo`), so one test can
 * be two different clients to a server bound on 127.0.0.1.
 */
export function getFrom(
  url: string,
  localAddress: string,
  token: string | null,
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        localAddress,
        agent: false,
        timeout: 10_000,
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
