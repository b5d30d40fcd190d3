/** CSV for the disconnect log (RFC 4180 quoting; cells that start like a formula are defused). */
import type { DisconnectRecord } from '@sockscope/contracts';

export const DISCONNECT_CSV_COLUMNS = [
  'disconnectedAt',
  'node',
  'user',
  'id',
  'namespace',
  'transport',
  'reason',
  'description',
  'durationMs',
  'connectedAt',
  'clientVersion',
  'remoteAddress',
  'recovered',
] as const;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  // Spreadsheets run cells that start with these as formulas.
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

export function disconnectCsvHeader(): string {
  return csvRow(DISCONNECT_CSV_COLUMNS);
}

export function disconnectCsvRow(r: DisconnectRecord): string {
  return csvRow([
    new Date(r.disconnectedAt).toISOString(),
    r.node,
    r.user,
    r.id,
    r.namespace,
    r.transport,
    r.reason,
    r.description,
    r.durationMs,
    new Date(r.connectedAt).toISOString(),
    r.clientVersion,
    r.remoteAddress,
    r.recovered,
  ]);
}
