/**
 * The dashboard end to end, in Debian's Chromium, against the real local stack started by the
 * global setup (3 realtime nodes, their exporters, the dashboard; demo traffic off).
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { waitFor } from '@sockscope/testkit';
import {
  closeAll,
  connectUsers,
  dashboardUrl,
  expect,
  signIn,
  stackFile,
  test,
  type TestClient,
} from './support/fixtures';

const run = Date.now().toString(36);
const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

function count(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9]/g, '') || 'NaN');
}

test.describe.configure({ mode: 'serial' });

const clients: TestClient[] = [];
test.afterAll(() => closeAll(clients));

test('signs in with the token form', async ({ page }) => {
  await page.goto(`${dashboardUrl()}/`);
  await expect(page).toHaveURL(/\/sign-in/);
  await shot(page, 'sign-in');
  await page.getByLabel('Token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That token is not valid.')).toBeVisible();
  await page.getByLabel('Token').fill(stackFile().dashboard!.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Nodes' }).getByRole('row')).toHaveCount(4);
  await expect(page.getByRole('group', { name: 'Connected clients', exact: true })).toBeVisible();
  await shot(page, 'overview');
});

test('refuses every page and API without a valid session', async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: dashboardUrl() });
  for (const path of ['/', '/sessions', '/sessions/x', '/disconnects', '/nodes', '/load-tests']) {
    const res = await anonymous.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(307);
    expect(res.headers().location, path).toContain('/sign-in');
  }
  for (const path of ['/api/nodes', '/api/disconnects/csv', '/api/overview/range?range=1h']) {
    const res = await anonymous.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(401);
    expect(await res.json()).toEqual({ error: 'sign in first' });
  }
  const forged = await anonymous.get('/api/nodes', {
    headers: { cookie: 'sockscope_session=AAAAAAAAAAAAAAAAAAAAAAAA.9999999999999.x' },
  });
  expect(forged.status()).toBe(401);
  const socket = await anonymous.get('/socket.io/?EIO=4&transport=polling', { maxRedirects: 0 });
  expect(socket.status()).toBe(403);
  await anonymous.dispose();
});

const user = `e2e-${run}`;

test('40 clients of one user appear on the Sessions page within 3 s', async ({ page }) => {
  await signIn(page, `/sessions?user=${user}`);
  const status = page.getByRole('status', { name: 'Matching sessions' });
  await expect(status).toHaveText(/^0 of /);
  clients.push(...(await connectUsers(user, 40)));
  await expect(status).toHaveText(/^40 of /, { timeout: 3000 });
  await expect(
    page.getByRole('table', { name: 'Live sessions' }).getByRole('link', { name: user }).first(),
  ).toBeVisible();
  await shot(page, 'sessions');

  // A row opens its session.
  await page
    .getByRole('table', { name: 'Live sessions' })
    .getByRole('link', { name: user })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: /^Session / })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Session timeline' })).toContainText('Handshake');
  await shot(page, 'session');
});

test('client-side disconnects and closed transports show with their reasons on Disconnects', async ({
  page,
}) => {
  const leaving = clients.splice(0, 15);
  for (const c of leaving.slice(0, 10)) c.socket.disconnect();
  for (const c of leaving.slice(10)) c.socket.io.engine.close();
  await signIn(page, `/disconnects?range=15m&user=${user}`);
  const byReason = page.getByRole('table', { name: 'Disconnects by reason' });
  await expect(async () => {
    await page.reload();
    await expect(byReason.getByRole('row', { name: 'client namespace disconnect' })).toContainText(
      '10',
      { timeout: 2000 },
    );
    await expect(byReason.getByRole('row', { name: 'transport close' })).toContainText('5', {
      timeout: 2000,
    });
  }).toPass({ timeout: 30_000 });
  await expect(byReason.getByRole('row')).toHaveCount(3);
  // The findings of the window come first, above the numbers and charts: a list or the empty state.
  const findings = page.getByRole('region', { name: 'Findings' });
  await expect(findings).toBeVisible();
  await expect(
    findings
      .getByRole('list', { name: 'Findings ranked by impact' })
      .or(findings.getByRole('note', { name: 'No findings in this window' })),
  ).toBeVisible();
  expect(
    await findings.evaluate((el) => {
      const reasons = document.getElementById('by-reason');
      return (
        reasons !== null &&
        (el.compareDocumentPosition(reasons) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
      );
    }),
    'findings above the breakdowns',
  ).toBe(true);
  await expect(page.getByRole('table', { name: 'Disconnect events' }).getByRole('row')).toHaveCount(
    16,
  );
  await shot(page, 'disconnects');

  // A click on a reason filters the table.
  await byReason.getByRole('link', { name: 'transport close' }).click();
  await expect(page.getByRole('table', { name: 'Disconnect events' }).getByRole('row')).toHaveCount(
    6,
  );

  const csv = await page.request.get(
    `${dashboardUrl()}/api/disconnects/csv?range=15m&user=${user}`,
  );
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect((await csv.text()).trim().split('\r\n')).toHaveLength(16);
});

test('draining a node moves its clients and shows `server shutting down`', async ({ page }) => {
  const drainUser = `${user}-drain`;
  const movers = await connectUsers(drainUser, 30, { reconnection: true });
  clients.push(...movers);
  const drained = 'node-1';
  const onDrained = movers.filter((c) => c.node === drained).length;
  expect(onDrained, 'clients placed on the node to drain').toBeGreaterThan(0);

  await signIn(page, '/');
  const card = (node: string) => page.getByRole('group', { name: `Connected on ${node}` });
  const others = stackFile()
    .nodes.map((n) => n.id)
    .filter((id) => id !== drained);
  const expectedOnDrained = clients.filter((c) => c.node === drained && c.socket.connected).length;
  await expect(card(drained).locator('.value')).toHaveText(String(expectedOnDrained));
  // Read the others only once every card has caught up with the clients just connected.
  await expect
    .poll(
      async () =>
        (
          await Promise.all(
            others.map(async (n) => count(await card(n).locator('.value').textContent())),
          )
        ).reduce((a, b) => a + b, 0),
      { timeout: 20_000 },
    )
    .toBe(clients.filter((c) => c.node !== drained && c.socket.connected).length);
  const before = await Promise.all(
    others.map(async (n) => count(await card(n).locator('.value').textContent())),
  );

  process.kill(stackFile().nodes.find((n) => n.id === drained)!.pid!, 'SIGTERM');
  await waitFor(
    () =>
      movers.every(
        (c) => c.socket.connected && c.socket.io.engine?.id?.startsWith(drained) === false,
      ),
    {
      timeoutMs: 30_000,
      message: 'the drained clients reconnected elsewhere',
    },
  );
  await expect
    .poll(
      async () =>
        (
          await Promise.all(
            others.map(async (n) => count(await card(n).locator('.value').textContent())),
          )
        ).reduce((a, b) => a + b, 0),
      {
        timeout: 20_000,
      },
    )
    .toBe(before.reduce((a, b) => a + b, 0) + onDrained);
  await expect(
    page
      .getByRole('table', { name: 'Disconnect reasons in this range' })
      .getByRole('row', { name: /server shutting down/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Nodes' }).getByRole('row', { name: drained }),
  ).toContainText(/draining|down|unavailable/);
  await shot(page, 'overview-after-drain');

  // The Disconnects page names the cause: a restart of node-1, with how many came back.
  await page.goto(`${dashboardUrl()}/disconnects?range=15m`);
  const findings = page.getByRole('region', { name: 'Findings' });
  const restart = findings.getByRole('listitem', {
    name: new RegExp(`Node ${drained} shut down \\(deploy or restart\\)`),
  });
  await expect(async () => {
    await page.reload();
    await expect(restart).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expect(restart).toContainText(/Confidence \d+ %/);
  await expect(restart).toContainText('Fix');
  await expect(restart.getByRole('link').first()).toHaveAttribute(
    'href',
    /^\/(disconnects|sessions|nodes)/,
  );
  await shot(page, 'disconnects-findings');
});

test('a stopped exporter is named unavailable while the other nodes keep updating', async ({
  page,
}) => {
  const file = stackFile();
  const stopped = file.exporters.find((e) => e.node === 'node-2')!;
  await signIn(page, '/nodes');
  await expect(page.getByRole('heading', { name: 'node-3' })).toBeVisible();
  process.kill(stopped.pid!, 'SIGSTOP');
  try {
    await expect(page.getByRole('status', { name: 'Unavailable nodes' })).toContainText('node-2', {
      timeout: 20_000,
    });
    await expect(page.getByLabel('node-2 state')).toContainText('unavailable');
    await shot(page, 'nodes-partial');

    // The others stay live: new clients on node-3 show up on the Sessions page.
    const lateUser = `${user}-late`;
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('searchbox', { name: 'User' }).fill(lateUser);
    const late = await connectUsers(lateUser, 12);
    clients.push(...late);
    const visible = late.filter((c) => c.node === 'node-3').length;
    await expect(page.getByRole('status', { name: 'Matching sessions' })).toHaveText(
      new RegExp(`^${visible} of `),
      { timeout: 10_000 },
    );
    await expect(page.getByRole('status', { name: 'Unavailable nodes' })).toContainText('node-2');

    // The findings say they leave the silent node out.
    await page.goto(`${dashboardUrl()}/disconnects?range=15m`);
    await expect(page.getByRole('status', { name: 'Partial findings' })).toContainText('node-2');
  } finally {
    process.kill(stopped.pid!, 'SIGCONT');
  }
});

test('every page renders (screenshots kept as artifacts)', async ({ page }) => {
  await signIn(page, '/nodes');
  await expect(page.getByRole('heading', { name: 'Nodes', level: 1 })).toBeVisible();
  await shot(page, 'nodes');
  await page.getByRole('link', { name: 'Load tests' }).click();
  await expect(page.getByRole('heading', { name: 'Load tests' })).toBeVisible();
  await shot(page, 'load-tests');
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await shot(page, 'overview-theme-toggled');
});
