import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  discoverExporters,
  parseExportersEnv,
  readStackFileExporters,
} from '../lib/exporters/discovery';
import { readDashboardConfig } from '../lib/config';

describe('exporter discovery', () => {
  it('parses the node=url#token list', () => {
    expect(parseExportersEnv('n1=http://127.0.0.1:9001#t1, n2=http://127.0.0.1:9002/#t#2')).toEqual(
      [
        { node: 'n1', url: 'http://127.0.0.1:9001', token: 't1' },
        { node: 'n2', url: 'http://127.0.0.1:9002', token: 't#2' },
      ],
    );
  });

  it('parses JSON', () => {
    expect(parseExportersEnv('[{"node":"a","url":"http://h:1","token":"x"}]')).toEqual([
      { node: 'a', url: 'http://h:1', token: 'x' },
    ]);
  });

  it('says what is wrong without echoing the token', () => {
    expect(() => parseExportersEnv('n1=http://h:1')).toThrow(/node=http/);
    expect(() => parseExportersEnv('n1=not a url#secret-token')).toThrow(/n1/);
    try {
      parseExportersEnv('n1=not a url#secret-token');
    } catch (err) {
      expect(String(err)).not.toContain('secret-token');
    }
    expect(() => parseExportersEnv('[{"node":"a"}]')).toThrow(/SOCKSCOPE_EXPORTERS/);
  });

  it('reads exporters and node URLs from a stack file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockscope-stack-'));
    const file = join(dir, 'stack.json');
    writeFileSync(
      file,
      JSON.stringify({
        entry: 'http://127.0.0.1:1',
        nodes: [{ id: 'node-1', url: 'http://127.0.0.1:2' }],
        exporters: [{ node: 'node-1', url: 'http://127.0.0.1:3/', token: 'tk' }],
        dashboard: null,
        prometheus: null,
        jwt: { alg: 'HS256', secret: 's', issuer: 'i', audience: 'a' },
        pid: 1,
        startedAt: new Date().toISOString(),
      }),
    );
    const expected = [
      { node: 'node-1', url: 'http://127.0.0.1:3', token: 'tk', nodeUrl: 'http://127.0.0.1:2' },
    ];
    expect(readStackFileExporters(file)).toEqual(expected);
    expect(
      await discoverExporters({
        exporters: null,
        stackFile: file,
        prometheusUrl: null,
        exporterToken: null,
      }),
    ).toEqual(expected);
    expect(
      await discoverExporters({
        exporters: null,
        stackFile: join(dir, 'missing.json'),
        prometheusUrl: null,
        exporterToken: null,
        cwd: dir,
      }),
    ).toEqual([]);
  });
});

describe('dashboard config', () => {
  it('requires the dashboard token and names it', () => {
    expect(() => readDashboardConfig({})).toThrow(/SOCKSCOPE_DASHBOARD_TOKEN/);
    expect(() => readDashboardConfig({ SOCKSCOPE_DASHBOARD_TOKEN: 'short' })).toThrow(
      /at least 16/,
    );
    expect(
      readDashboardConfig({ SOCKSCOPE_DASHBOARD_TOKEN: 'x'.repeat(16), PROMETHEUS_URL: '' })
        .prometheusUrl,
    ).toBeNull();
  });
});
