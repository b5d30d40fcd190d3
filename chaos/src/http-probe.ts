/** GET with a deadline; never throws: status 0 when the server does not answer. */
export async function probe(
  url: string,
  init: { headers?: Record<string, string>; timeoutMs?: number; method?: string } = {},
): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(init.timeoutMs ?? 5000),
    });
    return { status: res.status, body: await res.text(), ms: Date.now() - started };
  } catch {
    return { status: 0, body: '', ms: Date.now() - started };
  }
}

/** Signs in to the dashboard through `/sign-in?token=` and returns the cookie (`name=value`). */
export async function dashboardCookie(url: string, token: string): Promise<string> {
  // The stack writes its file as the dashboard starts: retry until it answers.
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/sign-in?token=${encodeURIComponent(token)}`, {
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      const cookie = res.headers.get('set-cookie');
      if (cookie) return cookie.split(';')[0] as string;
      if (Date.now() > deadline) throw new Error(`dashboard sign-in failed: ${res.status}`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Milliseconds from `since` until `check` holds (polled every 100 ms), or undefined. */
export async function timeUntil(
  check: () => Promise<boolean>,
  since: number,
  timeoutMs: number,
): Promise<number | undefined> {
  while (Date.now() - since < timeoutMs) {
    if (await check()) return Date.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
