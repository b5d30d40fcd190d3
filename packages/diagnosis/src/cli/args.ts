import type { ExporterTarget } from '../collect/exporter-api.js';

export const HELP_TEXT = `sockscope-diagnose — why did clients disconnect? Ranked findings with evidence and the fix

Usage: sockscope-diagnose --from <time> [--to <time>] (--exporters <list> | --stack <path>) [options]

  --from <time>            window start: ISO-8601, epoch ms, or relative (-15m, -2h, -30s, -1d)
  --to <time>              window end (default: now)
  --exporters <list>       node=url#token,... (e.g. node-1=http://127.0.0.1:9464#secret)
  --stack <path>           a .sockscope/stack.json instead of --exporters
  --prometheus <url>       Prometheus for counter increases and event-loop history
  --ping-interval <ms>     the nodes' pingInterval (default 25000)
  --ping-timeout <ms>      the nodes' pingTimeout (default 20000)
  --json                   print the findings as JSON
  --help                   this text

Exit codes: 0 no finding above info, 1 warnings or critical findings, 2 bad flags, 3 no data.
`;

export interface CliOptions {
  from: number;
  to: number;
  exporters?: ExporterTarget[];
  stackFile?: string;
  prometheusUrl?: string;
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  json: boolean;
}

/** A bad command line; `flag` names the flag. */
export class CliError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(`${flag}: ${message}`);
    this.name = 'CliError';
  }
}

const VALUE_FLAGS = [
  '--from',
  '--to',
  '--exporters',
  '--stack',
  '--prometheus',
  '--ping-interval',
  '--ping-timeout',
] as const;
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** ISO-8601, epoch ms (or s, if it has 10 digits or fewer), or `-<n><s|m|h|d>` before `now`. */
export function parseTime(flag: string, text: string, now: number): number {
  const relative = /^-(\d+(?:\.\d+)?)([smhd])$/.exec(text);
  if (relative)
    return Math.round(now - Number(relative[1]) * (UNITS[relative[2] as string] as number));
  if (text === 'now') return now;
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return text.length <= 10 ? value * 1000 : value;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const value = Date.parse(text);
    if (!Number.isNaN(value)) return value;
  }
  throw new CliError(flag, `not a time: ${JSON.stringify(text)} (ISO-8601, epoch ms, or -15m)`);
}

function parseUrl(flag: string, text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return text;
  } catch {
    // reported below
  }
  throw new CliError(flag, `not an http(s) URL: ${JSON.stringify(text)}`);
}

/** `node=url#token,...` */
export function parseExporters(text: string): ExporterTarget[] {
  const targets = text.split(',').map((entry) => {
    const match = /^([a-z0-9][a-z0-9._-]*)=([^#]+)#(.+)$/i.exec(entry.trim());
    if (!match)
      throw new CliError(
        '--exporters',
        `expected node=url#token, got ${JSON.stringify(entry.replace(/#.*/, '#…'))}`,
      );
    return {
      node: match[1] as string,
      url: parseUrl('--exporters', match[2] as string),
      token: match[3] as string,
    };
  });
  if (targets.length === 0) throw new CliError('--exporters', 'empty');
  return targets;
}

function parseMs(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0 || Number(text) > 3_600_000)
    throw new CliError(flag, `expected milliseconds (1..3600000), got ${JSON.stringify(text)}`);
  return Number(text);
}

export function parseArgs(
  argv: string[],
  now = Date.now(),
): { help: true } | { help: false; options: CliOptions } {
  const values = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--json') {
      json = true;
      continue;
    }
    const [name, inline] =
      arg.includes('=') && arg.startsWith('--')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (!(VALUE_FLAGS as readonly string[]).includes(name as string))
      throw new CliError(name as string, 'unknown flag (see --help)');
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new CliError(name as string, 'needs a value');
    if (values.has(name as string)) throw new CliError(name as string, 'given twice');
    values.set(name as string, value);
  }
  const fromText = values.get('--from');
  if (fromText === undefined) throw new CliError('--from', 'required (e.g. --from -15m)');
  const from = parseTime('--from', fromText, now);
  const to = values.has('--to') ? parseTime('--to', values.get('--to') as string, now) : now;
  if (from > to) throw new CliError('--from', 'must not be after --to');
  const exportersText = values.get('--exporters');
  const stackFile = values.get('--stack');
  if ((exportersText === undefined) === (stackFile === undefined))
    throw new CliError('--exporters', 'give exactly one of --exporters or --stack');
  const prometheus = values.get('--prometheus');
  const pingInterval = values.get('--ping-interval');
  const pingTimeout = values.get('--ping-timeout');
  return {
    help: false,
    options: {
      from,
      to,
      json,
      ...(exportersText !== undefined && { exporters: parseExporters(exportersText) }),
      ...(stackFile !== undefined && { stackFile }),
      ...(prometheus !== undefined && { prometheusUrl: parseUrl('--prometheus', prometheus) }),
      ...(pingInterval !== undefined && {
        pingIntervalMs: parseMs('--ping-interval', pingInterval),
      }),
      ...(pingTimeout !== undefined && { pingTimeoutMs: parseMs('--ping-timeout', pingTimeout) }),
    },
  };
}
