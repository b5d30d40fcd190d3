import { createRequire } from 'node:module';
import type { Versions } from '@sockscope/contracts';

const require = createRequire(import.meta.url);

/** Adapter class names → the package that ships them, for a version next to the name. */
const ADAPTER_PACKAGES: Record<string, string> = {
  Adapter: 'socket.io-adapter',
  SessionAwareAdapter: 'socket.io-adapter',
  RedisStreamsAdapter: '@socket.io/redis-streams-adapter',
  RedisAdapter: '@socket.io/redis-adapter',
  NodeClusterAdapter: '@socket.io/cluster-adapter',
  PostgresAdapter: '@socket.io/postgres-adapter',
  MongoAdapter: '@socket.io/mongo-adapter',
};

function packageVersion(name: string): string | null {
  try {
    const pkg = require(`${name}/package.json`) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

// src/ and dist/ both sit beside this package's package.json.
export const INSTRUMENT_VERSION = packageVersion('..') ?? '0.0.0';

export function versionsOf(adapterName: string): Versions {
  const adapterPackage = ADAPTER_PACKAGES[adapterName];
  const adapterVersion = adapterPackage === undefined ? null : packageVersion(adapterPackage);
  return {
    socketio: packageVersion('socket.io') ?? 'unknown',
    node: process.versions.node,
    adapter:
      adapterVersion === null
        ? adapterName
        : `${adapterName} (${adapterPackage}@${adapterVersion})`,
    instrument: INSTRUMENT_VERSION,
  };
}
