import { readFileSync } from 'node:fs';
import type { ExporterOptions } from './options.js';

export const HELP_TEXT = `sockscope-exporter — the sockscope sidecar beside one Socket.IO node

Usage: sockscope-exporter --target <url> (--token <t> | --token-file <path>) --api-token <t> [options]
       sockscope-exporter --target <url> --admin-ui-user <u> --admin-ui-password <p> --api-token <t> [options]

Target
  --target <url>               the node's base URL (http://127.0.0.1:3000)
  --token <t>                  token of the node's /sockscope namespace (instrument(io))
  --token-file <path>          read that token from a file
  --admin-ui-user <u>          watch a server running only @socket.io/admin-ui instead
  --admin-ui-password <p>      its basic-auth password (plain text)
  --admin-ui-namespace <ns>    default /admin
  --node <id>                  node label (default: the node's own id)
Serving
  --listen <host:port>         default 127.0.0.1:9464
  --api-token <t>              bearer token for /api and the /feed live feed (required)
  --api-token-file <path>      read it from a file
Storage
  --store <path>               SQLite file, or :memory: (default ./sockscope-exporter.db)
  --retention-days <n>         default 7
  --retention-bytes <size>     e.g. 1GB, 500MB, 1048576 (default 1GB)
  --help                       this text

Every flag can also be given as an environment variable SOCKSCOPE_EXPORTER_<FLAG>, e.g.
SOCKSCOPE_EXPORTER_API_TOKEN_FILE. Flags win over the environment. LOG_LEVEL sets the log level.
`;

const FLAGS = [
  'target',
  'token',
  'token-file',
  'admin-ui-user',
  'admin-ui-password',
  'admin-ui-namespace',
  'node',
  'listen',
  'store',
  'api-token',
  'api-token-file',
  'retention-days',
  'retention-bytes',
] as const;
type Flag = (typeof FLAGS)[number];

/** A bad command line; `flag` names the flag (e.g. `--listen`). */
export class CliError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(`${flag}: ${message}`);
    this.name = 'CliError';
  }
}

export type CliResult = { help: true } | { help: false; options: ExporterOptions };

function envName(flag: Flag): string {
  return `SOCKSCOPE_EXPORTER_${flag.toUpperCase().replaceAll('-', '_')}`;
}

function readSecret(flag: string, path: string): string {
  try {
    const value = readFileSync(path, 'utf8').trim();
    if (!value) throw new CliError(flag, 'the file is empty');
    return value;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(flag, `cannot read ${path}`);
  }
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
};

export function parseSize(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = SIZE_UNITS[(m?.[2] ?? '').toUpperCase()];
  if (!m || unit === undefined)
    throw new CliError(flag, 'expected a size like 1GB, 500MB or a number of bytes');
  return Math.round(Number(m[1]) * unit);
}

function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new CliError('--listen', 'expected host:port, e.g. 127.0.0.1:9464');
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port };
}

/** Parses flags (winning) and SOCKSCOPE_EXPORTER_* variables into ExporterOptions. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const values = new Map<Flag, string>();
  for (const flag of FLAGS) {
    const v = env[envName(flag)];
    if (v !== undefined && v !== '') values.set(flag, v);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { help: true };
    if (!arg.startsWith('--')) throw new CliError(arg, 'unexpected argument (flags start with --)');
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)) as Flag;
    if (!FLAGS.includes(name)) throw new CliError(`--${name}`, 'unknown flag (see --help)');
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new CliError(`--${name}`, 'needs a value');
    values.set(name, value);
  }
  const get = (flag: Flag): string | undefined => values.get(flag);
  const need = (flag: Flag, why: string): string => {
    const v = get(flag);
    if (v === undefined || v === '') throw new CliError(`--${flag}`, why);
    return v;
  };

  const target = need('target', "required: the node's base URL");
  if (!/^(https?|wss?):\/\/[^\s/]+/.test(target))
    throw new CliError('--target', 'expected a URL like http://127.0.0.1:3000');

  const tokenFile = get('token-file');
  const token = get('token') ?? (tokenFile ? readSecret('--token-file', tokenFile) : undefined);
  const adminUser = get('admin-ui-user');
  const adminPassword = get('admin-ui-password');
  if (token !== undefined && adminUser !== undefined)
    throw new CliError('--token', 'give --token or --admin-ui-user, not both');
  if (adminUser !== undefined && adminPassword === undefined)
    throw new CliError('--admin-ui-password', 'required with --admin-ui-user');
  if (adminUser === undefined && adminPassword !== undefined)
    throw new CliError('--admin-ui-user', 'required with --admin-ui-password');
  if (token === undefined && adminUser === undefined)
    throw new CliError('--token', 'required (or --token-file, or --admin-ui-user)');

  const apiTokenFile = get('api-token-file');
  const apiToken =
    get('api-token') ?? (apiTokenFile ? readSecret('--api-token-file', apiTokenFile) : undefined);
  if (apiToken === undefined) throw new CliError('--api-token', 'required (or --api-token-file)');
  if (apiToken.length < 8) throw new CliError('--api-token', 'must be at least 8 characters');

  const options: ExporterOptions = { target, apiToken };
  if (token !== undefined) options.token = token;
  if (adminUser !== undefined && adminPassword !== undefined) {
    const ns = get('admin-ui-namespace') ?? '/admin';
    if (!ns.startsWith('/')) throw new CliError('--admin-ui-namespace', 'must start with /');
    options.adminUi = { user: adminUser, password: adminPassword, namespace: ns };
  }
  const node = get('node');
  if (node !== undefined) {
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(node))
      throw new CliError('--node', 'letters, digits, _ . : - (at most 64)');
    options.node = node;
  }
  const listen = get('listen');
  if (listen !== undefined) Object.assign(options, parseListen(listen));
  const store = get('store');
  if (store !== undefined) options.store = store;
  const days = get('retention-days');
  if (days !== undefined) {
    const n = Number(days);
    if (!/^\d+(\.\d+)?$/.test(days) || !(n > 0))
      throw new CliError('--retention-days', 'expected a positive number of days');
    options.retentionDays = n;
  }
  const bytes = get('retention-bytes');
  if (bytes !== undefined) {
    const n = parseSize('--retention-bytes', bytes);
    if (n < 1024 * 1024) throw new CliError('--retention-bytes', 'must be at least 1MB');
    options.retentionBytes = n;
  }
  return { help: false, options };
}
