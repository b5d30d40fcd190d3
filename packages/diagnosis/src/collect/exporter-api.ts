import type {
  DisconnectRecord,
  DisconnectSummary,
  ExporterStatus,
  Page,
  SessionRecord,
} from '@sockscope/contracts';

type Fetch = typeof fetch;

export interface ExporterTarget {
  /** Node id (the label used when the exporter does not answer). */
  node: string;
  /** Exporter base URL, e.g. `http://127.0.0.1:9464`. */
  url: string;
  /** Its API token (`Authorization: Bearer`). */
  token: string;
}

/** A thin client of one exporter's `/api` and `/metrics`. */
export function exporterApi(target: ExporterTarget, fetchImpl: Fetch, timeoutMs: number) {
  const get = async (
    path: string,
    params: Record<string, string | number> = {},
  ): Promise<Response> => {
    const url = new URL(path, target.url);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
    const response = await fetchImpl(url, {
      headers: { authorization: `Bearer ${target.token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response;
  };
  const json = async <T>(path: string, params?: Record<string, string | number>): Promise<T> =>
    (await (await get(path, params)).json()) as T;

  /** Follows `nextCursor` until the end or `max` items. */
  const pages = async <T>(
    path: string,
    params: Record<string, string | number>,
    max: number,
  ): Promise<{ items: T[]; truncated: boolean }> => {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<T> = await json<Page<T>>(path, {
        ...params,
        limit: 1000,
        ...(cursor && { cursor }),
      });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null && items.length < max);
    return { items: items.slice(0, max), truncated: cursor !== null || items.length > max };
  };

  return {
    status: () => json<ExporterStatus>('/api/status'),
    summary: (from: number, to: number) => json<DisconnectSummary>('/api/summary', { from, to }),
    disconnects: (from: number, to: number, max: number) =>
      pages<DisconnectRecord>('/api/disconnects', { from, to }, max),
    sessions: (max: number) => pages<SessionRecord>('/api/sessions', {}, max),
    metricsText: async () => (await get('/metrics')).text(),
  };
}
