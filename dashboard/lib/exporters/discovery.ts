/**
 * Where the exporters are: `SOCKSCOPE_EXPORTERS`, the local stack's `.sockscope/stack.json`,
 * or Prometheus's targets API. Tokens stay on the dashboard server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StackFile } from '@sockscope/contracts';
import { z } from 'zod';

export interface ExporterTarget {
  /** The node this exporter watches. */
  node: string;
  /** Base URL of the exporter, e.g. `http://127.0.0.1:9464`. */
  url: string;
  /** API token (Bearer). Never sent to the browser. */
  token: string;
  /** The realtime node's own URL when known (its `/readyz` tells draining). */
  nodeUrl?: string | undefined;
}

const targetSchema = z.object({
  node: z.string().min(1),
  url: z.url(),
  token: z.string().min(1),
  nodeUrl: z.url().optional(),
});

/**
 * Parses `SOCKSCOPE_EXPORTERS`: either `node=url#token` entries separated by commas, or a JSON
 * array of `{ node, url, token }`.
 */
export function parseExportersEnv(value: string): ExporterTarget[] {
  const text = value.trim();
  if (text.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error('SOCKSCOPE_EXPORTERS: not valid JSON');
    }
    const parsed = z.array(targetSchema).safeParse(json);
    if (!parsed.success)
      throw new Error(`SOCKSCOPE_EXPORTERS: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return dedupe(parsed.data.map((t) => ({ ...t, url: trimSlash(t.url) })));
  }
  const targets: ExporterTarget[] = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    // URLs cannot contain '#', tokens may.
    const hash = entry.indexOf('#', eq);
    if (eq <= 0 || hash <= eq + 1 || hash === entry.length - 1) {
      throw new Error(
        `SOCKSCOPE_EXPORTERS: "${entry.split('#')[0]}…" must look like node=http://host:port#token`,
      );
    }
    const target = {
      node: entry.slice(0, eq),
      url: entry.slice(eq + 1, hash),
      token: entry.slice(hash + 1),
    };
    const parsed = targetSchema.safeParse(target);
    if (!parsed.success)
      throw new Error(`SOCKSCOPE_EXPORTERS: entry for node "${target.node}" has an invalid URL`);
    targets.push({ ...parsed.data, url: trimSlash(parsed.data.url) });
  }
  return dedupe(targets);
}

/** Reads the exporters (and their nodes' URLs) from a stack file. */
export function readStackFileExporters(path: string): ExporterTarget[] {
  const stack = JSON.parse(readFileSync(/*turbopackIgnore: true*/ path, 'utf8')) as StackFile;
  const nodeUrls = new Map((stack.nodes ?? []).map((n) => [n.id, n.url]));
  return dedupe(
    (stack.exporters ?? []).map((e) => ({
      node: e.node,
      url: trimSlash(e.url),
      token: e.token,
      nodeUrl: nodeUrls.get(e.node),
    })),
  );
}

const promTargetsSchema = z.object({
  data: z.object({
    activeTargets: z.array(
      z.object({
        labels: z.record(z.string(), z.string()),
        scrapeUrl: z.string(),
        health: z.string(),
      }),
    ),
  }),
});

/** Exporters found as Prometheus scrape targets (those whose job name contains `exporter` or `sockscope`). */
export async function fetchPrometheusExporters(
  prometheusUrl: string,
  token: string,
): Promise<ExporterTarget[]> {
  const res = await fetch(`${trimSlash(prometheusUrl)}/api/v1/targets?state=active`, {
    signal: AbortSignal.timeout(3000),
  });
  if (!res.ok) throw new Error(`Prometheus targets API answered ${res.status}`);
  const parsed = promTargetsSchema.parse(await res.json());
  return dedupe(
    parsed.data.activeTargets
      .filter((t) => /exporter|sockscope/.test(t.labels.job ?? ''))
      .map((t) => {
        const url = new URL(t.scrapeUrl);
        return { node: t.labels.node ?? t.labels.instance ?? url.host, url: url.origin, token };
      }),
  );
}

export interface DiscoverOptions {
  exporters: string | null;
  stackFile: string | null;
  prometheusUrl: string | null;
  exporterToken: string | null;
  /** @default process.cwd() */
  cwd?: string;
}

/** The stack file to read when none is configured: `.sockscope/stack.json` here or in a parent. */
export function defaultStackFile(cwd: string): string | null {
  for (const dir of [cwd, resolve(cwd, '..')]) {
    const path = resolve(dir, '.sockscope/stack.json');
    if (existsSync(/*turbopackIgnore: true*/ path)) return path;
  }
  return null;
}

/** Finds the exporters, in order of precedence: env list, stack file, Prometheus. */
export async function discoverExporters(options: DiscoverOptions): Promise<ExporterTarget[]> {
  if (options.exporters) return parseExportersEnv(options.exporters);
  const stackFile = options.stackFile ?? defaultStackFile(options.cwd ?? process.cwd());
  if (stackFile && existsSync(/*turbopackIgnore: true*/ stackFile))
    return readStackFileExporters(stackFile);
  if (options.prometheusUrl && options.exporterToken) {
    return fetchPrometheusExporters(options.prometheusUrl, options.exporterToken);
  }
  return [];
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function dedupe(targets: ExporterTarget[]): ExporterTarget[] {
  const byNode = new Map<string, ExporterTarget>();
  for (const t of targets) byNode.set(t.node, t);
  return [...byNode.values()];
}
