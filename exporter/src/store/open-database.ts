import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS disconnects (
  id TEXT PRIMARY KEY,
  node TEXT NOT NULL,
  instance TEXT NOT NULL,
  seq INTEGER NOT NULL,
  user TEXT,
  namespace TEXT NOT NULL,
  transport TEXT NOT NULL,
  reason TEXT NOT NULL,
  client_version TEXT,
  connected_at INTEGER NOT NULL,
  disconnected_at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  record TEXT NOT NULL,
  events TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS disconnects_time ON disconnects (disconnected_at, id);
CREATE INDEX IF NOT EXISTS disconnects_user ON disconnects (user, disconnected_at);
CREATE TABLE IF NOT EXISTS errors (
  instance TEXT NOT NULL,
  seq INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL,
  code TEXT NOT NULL,
  namespace TEXT,
  message TEXT NOT NULL,
  PRIMARY KEY (instance, seq)
);
CREATE INDEX IF NOT EXISTS errors_time ON errors (ts);
`;

/** Opens (or creates) the store: WAL so readers never block the writer, NORMAL sync is crash-safe in WAL. */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  db.exec(SCHEMA);
  return db;
}
