import { describe, expect, it } from 'vitest';
import { csvCell, disconnectCsvHeader, disconnectCsvRow } from '../lib/csv';
import { closed, session } from './support/fake-exporter';

describe('CSV', () => {
  it('quotes commas, quotes and newlines', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(-1)).toBe('-1');
  });

  it('writes one row per disconnect with the header columns', () => {
    const r = closed(
      session('node-1', 'sid1', 'user,1', { connectedAt: 1_000 }),
      'transport close',
      4_000,
    );
    const header = disconnectCsvHeader().trim().split(',');
    const row = disconnectCsvRow(r);
    expect(header[0]).toBe('disconnectedAt');
    expect(row).toContain('"user,1"');
    expect(row).toContain('transport close');
    expect(row).toContain('1970-01-01T00:00:04.000Z');
    expect(row.endsWith('\r\n')).toBe(true);
    expect(row.trim().split(',').length).toBe(header.length + 1); // the quoted comma in the user
  });
});
