/**
 * Shared e2e fixtures: the running stack (from global setup), a signed-in page, real Socket.IO
 * clients through the stack's entry, and a scan of everything the browser receives for any
 * exporter token.
 */
import { test as base, expect, type Page } from '@playwright/test';
import type { StackFile } from '@sockscope/contracts';
import { createClient, type SockscopeSocket } from '@sockscope/client';
import { mintToken, nodeOf, waitFor } from '@sockscope/testkit';

export function stackFile(): StackFile {
  const text = process.env.SOCKSCOPE_E2E_STACK;
  if (!text) throw new Error('no stack: run through playwright.config.ts (global setup starts it)');
  return JSON.parse(text) as StackFile;
}

export function dashboardUrl(): string {
  return stackFile().dashboard!.url;
}

/** Signs the page in through the stack's sign-in URL. */
export async function signIn(page: Page, path = '/'): Promise<void> {
  const file = stackFile();
  await page.goto(
    `${file.dashboard!.url}/sign-in?token=${encodeURIComponent(file.dashboard!.token)}&next=${encodeURIComponent(path)}`,
  );
  await expect(page).not.toHaveURL(/\/sign-in/);
}

export interface TestClient {
  socket: SockscopeSocket;
  node: string | undefined;
}

/** Connects `count` real clients as `user` through the entry and waits until all are connected. */
export async function connectUsers(
  user: string,
  count: number,
  options: { reconnection?: boolean } = {},
): Promise<TestClient[]> {
  const file = stackFile();
  const token = await mintToken({
    secret: file.jwt.secret,
    issuer: file.jwt.issuer,
    audience: file.jwt.audience,
    sub: user,
  });
  const sockets: SockscopeSocket[] = [];
  for (let i = 0; i < count; i += 1) {
    sockets.push(
      createClient(file.entry, {
        token,
        forceNew: true,
        transports: ['websocket'],
        reconnection: options.reconnection ?? false,
      }),
    );
  }
  await waitFor(() => sockets.every((s) => s.connected), {
    timeoutMs: 20_000,
    message: `${count} clients of ${user} connected`,
  });
  return sockets.map((socket) => ({
    socket,
    node: nodeOf(socket as Parameters<typeof nodeOf>[0]),
  }));
}

export function closeAll(clients: readonly TestClient[]): void {
  for (const c of clients) c.socket.disconnect();
}

/** Exporter tokens found in anything the browser received (responses and WebSocket frames). */
const leaks: string[] = [];

export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    const tokens = stackFile().exporters.map((e) => e.token);
    const check = (where: string, text: string) => {
      for (const t of tokens) if (text.includes(t)) leaks.push(where);
    };
    page.on('response', async (res) => {
      try {
        check(res.url(), await res.text());
      } catch {
        // redirects and aborted requests have no body
      }
    });
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) =>
        check(
          `${ws.url()} frame`,
          typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'),
        ),
      );
    });
    await use(page);
    expect(leaks, 'exporter tokens seen by the browser').toEqual([]);
  },
});

export { expect };
