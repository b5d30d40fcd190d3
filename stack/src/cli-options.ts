import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { STACK_FILE_PATH } from '@sockscope/contracts';
import { z } from 'zod';

/** What the stack runs with, from flags and environment. */
export interface StackOptions {
  /** Realtime nodes to start. @default 3 */
  nodes: number;
  /** Entry point port; nodes take port+1…port+N, or ephemeral ports when 0. @default 3000 */
  port: number;
  /** Address everything binds to. @default '127.0.0.1' */
  host: string;
  /** Where the stack file is written. @default '.sockscope/stack.json' */
  stackFile: string;
  /** Run demo traffic (when that service is present). @default true */
  demo: boolean;
  /** Use the Redis Streams adapter instead of the node:cluster adapter. @default $REDIS_URL */
  redisUrl: string | undefined;
  /** pino level for the stack and its nodes. @default $LOG_LEVEL or 'info' */
  logLevel: string;
}

export const USAGE = `Usage: npm start -- [flags]   (or: node stack/dist/main.js [flags])

Starts the sockscope local stack: realtime nodes behind a sticky entry point.

Flags:
  --nodes <n>           realtime nodes to start, 1-16 (default 3)
  --port <port>         entry point port (default 3000; nodes use port+1..port+n);
                        0 = every port ephemeral
  --host <address>      address to bind (default 127.0.0.1)
  --stack-file <path>   where to write the stack file (default ${STACK_FILE_PATH})
  --no-demo             do not start demo traffic
  --help                show this help

Environment:
  REDIS_URL             use the Redis Streams adapter (redis://host:port) instead of node:cluster
  LOG_LEVEL             pino level: fatal, error, warn, info, debug, trace (default info)
`;

export class UsageError extends Error {}

const portSchema = z.coerce.number().int().min(0).max(65535);
const schema = z
  .object({
    nodes: z.coerce.number().int().min(1).max(16),
    port: portSchema,
    host: z
      .string()
      .min(1)
      .refine((h) => isIP(h) !== 0 || /^[a-z0-9.-]+$/i.test(h), 'an IP address or a host name'),
    stackFile: z.string().min(1),
    demo: z.boolean(),
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// URL')
      .optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  })
  .refine((o) => o.port === 0 || o.port + o.nodes <= 65535, {
    message: 'leaves no room for the node ports (port + nodes must be <= 65535)',
    path: ['port'],
  });

const NAMES: Record<string, string> = {
  nodes: '--nodes',
  port: '--port',
  host: '--host',
  stackFile: '--stack-file',
  demo: '--no-demo',
  redisUrl: 'REDIS_URL',
  logLevel: 'LOG_LEVEL',
};

/** Parses flags and environment; returns 'help' for --help; throws UsageError naming the bad parameter. */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): StackOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        nodes: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'stack-file': { type: 'string' },
        'no-demo': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return 'help';
  const parsed = schema.safeParse({
    nodes: values.nodes ?? '3',
    port: values.port ?? '3000',
    host: values.host ?? '127.0.0.1',
    stackFile: values['stack-file'] ?? STACK_FILE_PATH,
    demo: !values['no-demo'],
    redisUrl: env.REDIS_URL === '' ? undefined : env.REDIS_URL,
    logLevel: env.LOG_LEVEL ?? 'info',
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    // REDIS_URL may carry a password: never echo it.
    const raw: Record<string, unknown> = {
      nodes: values.nodes,
      port: values.port,
      host: values.host,
      stackFile: values['stack-file'],
      logLevel: env.LOG_LEVEL,
    };
    const given = raw[key] === undefined ? '' : ` (got ${JSON.stringify(raw[key])})`;
    throw new UsageError(`${NAMES[key] ?? key}: ${issue?.message ?? 'invalid'}${given}`);
  }
  return { ...parsed.data, redisUrl: parsed.data.redisUrl };
}
