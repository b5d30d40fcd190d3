import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { METRICS } from '@sockscope/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GATE_RUN_TAG,
  dashboardJson,
  dashboardPath,
  dashboards,
  expandQuery,
  panelQueries,
  recordingRuleNames,
  recordingRules,
  seriesNames,
} from '../src/index.js';
import { findBinary, run } from './support/binaries.js';
import { DASHBOARDS_DIR, committedDashboardFiles } from './support/paths.js';
import { validateDashboard } from './support/validate-dashboard.js';

const generated = dashboards();
const queries = panelQueries();
const recorded = recordingRuleNames();
const contract: readonly string[] = Object.values(METRICS);
const histograms: readonly string[] = [METRICS.sessionDurationSeconds, METRICS.pingRttSeconds];
const tmp = mkdtempSync(path.join(tmpdir(), 'sockscope-grafana-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function unknownSeries(expr: string): string[] {
  return seriesNames(expr).filter((name) => {
    if (recorded.has(name)) return false;
    const base = name.replace(/_(bucket|sum|count)$/, '');
    return !contract.includes(name) && !(histograms.includes(base) && base !== name);
  });
}

describe('generated dashboards', () => {
  it('are the four dashboards with stable uids, in their folders', () => {
    expect(generated.map((g) => [dashboardPath(g), g.dashboard.uid, g.dashboard.title])).toEqual([
      ['sockscope/fleet-overview.json', 'sockscope-fleet-overview', 'Fleet overview'],
      [
        'sockscope/disconnect-investigation.json',
        'sockscope-disconnect-investigation',
        'Disconnect investigation',
      ],
      ['sockscope/node-detail.json', 'sockscope-node-detail', 'Node detail'],
      ['load-tests/load-test-runs.json', 'sockscope-load-test-runs', 'Load test runs'],
    ]);
  });

  it('equal the committed JSON (run `npm run generate -w @sockscope/grafana` after a change)', () => {
    expect(committedDashboardFiles()).toEqual(generated.map(dashboardPath).sort());
    for (const g of generated) {
      const committed = readFileSync(path.join(DASHBOARDS_DIR, dashboardPath(g)), 'utf8');
      expect(committed, dashboardPath(g)).toBe(dashboardJson(g));
    }
  });

  it('are well-formed for the SDK types: unique panel ids, a title and a data source on every panel', () => {
    for (const file of committedDashboardFiles()) {
      const json: unknown = JSON.parse(readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8'));
      expect(validateDashboard(json), file).toEqual([]);
    }
  });

  it('reports a duplicate id, a missing title or data source and an unknown property (negative control)', () => {
    const broken = JSON.parse(dashboardJson(generated[0]!)) as {
      panels: Record<string, unknown>[];
    } & Record<string, unknown>;
    broken.panels[1]!.id = broken.panels[0]!.id;
    delete broken.panels[2]!.datasource;
    broken.panels[3]!.title = '';
    broken.panels[4]!.colour = 'red';
    delete broken.schemaVersion;
    const problems = validateDashboard(broken).join('\n');
    expect(problems).toContain('duplicate id');
    expect(problems).toContain('no datasource');
    expect(problems).toContain('no title');
    expect(problems).toContain('unknown property "colour"');
    expect(problems).toContain('missing required "schemaVersion"');
  });

  it('have the datasource, node and namespace variables, with label_values queries', () => {
    for (const { dashboard } of generated) {
      const list = dashboard.templating.list ?? [];
      expect(list.map((v) => v.name)).toEqual(['datasource', 'node', 'namespace']);
      const definitions = list.filter((v) => v.type === 'query').map((v) => v.definition);
      expect(definitions).toEqual([
        `label_values(${METRICS.targetUp}, node)`,
        `label_values(${METRICS.eventsTotal}, namespace)`,
      ]);
    }
  });

  it('show gate runs as annotations on the Load test runs dashboard', () => {
    const runs = generated.find((g) => g.dashboard.uid === 'sockscope-load-test-runs')!.dashboard;
    const target = runs.annotations.list?.find((a) => a.name === 'Gate runs')
      ?.target as unknown as { type: string; tags: string[] };
    expect(target).toMatchObject({ type: 'tags', tags: [GATE_RUN_TAG] });
  });
});

describe('panel queries', () => {
  it('lists the recording rules of prometheus/rules for end-to-end checks', () => {
    expect(recorded.has('node:socketio_connections:rate5m')).toBe(true);
    expect(recordingRules().length).toBeGreaterThan(recorded.size - 1);
    for (const rule of recordingRules()) expect(rule.expr.length, rule.record).toBeGreaterThan(0);
  });

  it('lists every query of every panel, with its dashboard and panel', () => {
    const targets = generated.flatMap(({ dashboard }) =>
      (dashboard.panels ?? []).flatMap((p) => ('targets' in p ? (p.targets ?? []) : [])),
    );
    expect(queries).toHaveLength(targets.length);
    expect(queries.length).toBeGreaterThanOrEqual(40);
    for (const q of queries) expect(q.dashboard && q.panel && q.expr && q.refId).toBeTruthy();
  });

  it('use $__rate_interval (or $__range for totals) and never a fixed range on raw metrics', () => {
    for (const q of queries) {
      for (const match of q.expr.matchAll(/\[([^\]]*)\]/g))
        expect(['$__rate_interval', '$__range'], `${q.panel}: ${q.expr}`).toContain(match[1]);
    }
    expect(queries.filter((q) => q.expr.includes('$__rate_interval')).length).toBeGreaterThan(20);
  });

  it('filter by the node variable wherever they read raw exporter metrics', () => {
    for (const q of queries) {
      const raw = seriesNames(q.expr).filter((name) => !recorded.has(name));
      if (raw.length > 0) expect(q.expr, `${q.dashboard} / ${q.panel}`).toContain('node=~"$node"');
    }
  });

  it('only use metric names from METRICS or recording rules from prometheus/rules', () => {
    const unknown = queries.flatMap((q) =>
      unknownSeries(q.expr).map((name) => `${q.dashboard} / ${q.panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
    expect(unknownSeries('sum(rate(socketio_conections_total[1m]))')).toEqual([
      'socketio_conections_total',
    ]);
    expect(unknownSeries('node:socketio_typo:rate5m')).toEqual(['node:socketio_typo:rate5m']);
  });

  it('are valid PromQL once the Grafana variables are expanded (promtool check rules)', () => {
    const promtool = findBinary('promtool', 'prometheus');
    const rules = {
      groups: [
        {
          name: 'panel-queries',
          rules: queries.map((q, i) => ({
            record: `panel_query:check_${i}`,
            expr: expandQuery(q.expr),
          })),
        },
      ],
    };
    const file = path.join(tmp, 'panel-queries.yml');
    writeFileSync(file, JSON.stringify(rules));
    for (const q of queries) expect(expandQuery(q.expr)).not.toContain('$');
    const result = run(promtool, ['check', 'rules', file]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain(`${queries.length} rules found`);
    // negative control: a syntax error is caught
    writeFileSync(
      file,
      JSON.stringify({
        groups: [{ name: 'bad', rules: [{ record: 'x:y:z', expr: 'sum(rate(x[1m])' }] }],
      }),
    );
    expect(run(promtool, ['check', 'rules', file]).status).not.toBe(0);
  });
});
