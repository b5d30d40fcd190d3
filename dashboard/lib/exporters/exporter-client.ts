/** A typed HTTP client for one exporter's JSON API. Errors are short and never carry the token. */
import type {
  DisconnectRecord,
  DisconnectSummary,
  ExporterStatus,
  Page,
  SessionRecord,
  SessionTimeline,
} from '@sockscope/contracts';
import type { ExporterTarget } from './discovery';

/**
 * How long one exporter may take to answer. Exporters sit beside their nodes on a fast network,
 * so a slower one is stalled: the page answers without it (marked partial) within 2 s.
 */
export const EXPORTER_TIMEOUT_MS = 1500;

export interface ExporterClientOptions {
  target: ExporterTarget;
  /** Per-request timeout in ms. @default EXPORTER_TIMEOUT_MS */
  timeoutMs?: number;
}

export class ExporterError extends Error {
  constructor(
    readonly node: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(`${node}: ${message}`);
  }
}

export type Query = Record<string, string | number | undefined | null>;

export interface ExporterClient {
  readonly node: string;
  status(): Promise<ExporterStatus>;
  sessions(query: Query): Promise<Page<SessionRecord>>;
  /** null when this exporter does not know the session. */
  session(id: string): Promise<SessionTimeline | null>;
  disconnects(query: Query): Promise<Page<DisconnectRecord>>;
  summary(query: Query): Promise<DisconnectSummary>;
  /** Prometheus text from `/metrics`. */
  metrics(): Promise<string>;
}

export function createExporterClient(options: ExporterClientOptions): ExporterClient {
  const { target } = options;
  const timeoutMs = options.timeoutMs ?? EXPORTER_TIMEOUT_MS;

  async function get(
    path: string,
    query: Query = {},
    accept = 'application/json',
  ): Promise<Response> {
    const url = new URL(path, `${target.url}/`);
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { authorization: `Bearer ${target.token}`, accept },
        signal: AbortSignal.timeout(timeoutMs),
        cache: 'no-store',
      });
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      throw new ExporterError(target.node, name === 'TimeoutError' ? 'timed out' : 'unreachable');
    }
    return res;
  }

  async function json<T>(path: string, query?: Query): Promise<T> {
    const res = await get(path, query);
    if (!res.ok) {
      await res.body?.cancel();
      throw new ExporterError(target.node, `answered ${res.status}`, res.status);
    }
    return (await res.json()) as T;
  }

  return {
    node: target.node,
    status: () => json<ExporterStatus>('api/status'),
    sessions: (query) => json<Page<SessionRecord>>('api/sessions', query),
    async session(id) {
      const res = await get(`api/sessions/${encodeURIComponent(id)}`);
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new ExporterError(target.node, `answered ${res.status}`, res.status);
      }
      return (await res.json()) as SessionTimeline;
    },
    disconnects: (query) => json<Page<DisconnectRecord>>('api/disconnects', query),
    summary: (query) => json<DisconnectSummary>('api/summary', query),
    async metrics() {
      const res = await get('metrics', {}, 'text/plain');
      if (!res.ok) {
        await res.body?.cancel();
        throw new ExporterError(target.node, `answered ${res.status}`, res.status);
      }
      return res.text();
    },
  };
}
