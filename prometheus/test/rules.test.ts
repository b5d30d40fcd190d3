import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CONNECT_ERRORS,
  METRIC_LABELS,
  METRICS,
  SESSION_ID_UNKNOWN_CODE,
  UNEXPECTED_DISCONNECT_REASONS,
} from '@sockscope/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { promtool } from './support/promtool.js';
import {
  ROOT,
  allRules,
  baseMetric,
  durationMs,
  isAlert,
  isRecording,
  loadYaml,
  seriesNames,
  yamlFiles,
  type TestFile,
} from './support/rules.js';

const REPO = path.resolve(ROOT, '..');
const rules = allRules();
const alerts = rules.filter(isAlert);
const recordings = rules.filter(isRecording);
const recordNames = new Set(recordings.map((rule) => rule.record));
const testFiles = yamlFiles('tests').map((file) => ({ file, content: loadYaml<TestFile>(file) }));
const contractMetrics: readonly string[] = Object.values(METRICS);
const histograms = [METRICS.sessionDurationSeconds, METRICS.pingRttSeconds];
/** Series Prometheus itself adds (the scrape health of every target). */
const PROMETHEUS_SERIES = new Set(['up', 'ALERTS']);

const tmp = mkdtempSync(path.join(tmpdir(), 'sockscope-prometheus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Metric names an expression uses that are neither in the contract nor recorded by a rule. */
function unknownSeries(expr: string): string[] {
  return seriesNames(expr).filter((name) => {
    if (PROMETHEUS_SERIES.has(name) || recordNames.has(name)) return false;
    return !contractMetrics.includes(baseMetric(name, histograms));
  });
}

const kebab = (name: string): string =>
  name
    .replace(/IO(?=[A-Z])/g, 'io-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();

describe('promtool', () => {
  it('accepts both scrape configs (docker-compose and local stack) and their rule files', () => {
    for (const config of ['prometheus.yml', 'prometheus-local.yml']) {
      const result = promtool(['check', 'config', config], ROOT);
      expect(result.output).toContain('SUCCESS');
      expect(result.status, result.output).toBe(0);
    }
  });

  it('accepts every rule file', () => {
    const result = promtool(['check', 'rules', ...yamlFiles('rules')], ROOT);
    expect(result.status, result.output).toBe(0);
  });

  it('passes every unit test in tests/*.yml', () => {
    const result = promtool(['test', 'rules', ...testFiles.map((t) => t.file)], ROOT);
    expect(result.status, result.output).toBe(0);
    expect(result.output).not.toContain('FAILED');
  });

  it('fails a unit test whose expected value is wrong (negative control)', () => {
    const broken = path.join(tmp, 'broken.test.yml');
    cpSync(path.join(ROOT, 'rules'), path.join(tmp, 'rules'), { recursive: true });
    const text = readFileSync(path.join(ROOT, 'tests/recording.test.yml'), 'utf8')
      .replace('../rules/', 'rules/')
      .replace(/value: 200\n/, 'value: 201\n');
    writeFileSync(broken, text);
    const result = promtool(['test', 'rules', broken], tmp);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('FAILED');
  });
});

describe('coverage of the unit tests', () => {
  it('has at least one exact-value test per recording rule', () => {
    const tested = new Set(
      testFiles.flatMap(({ content }) =>
        content.tests.flatMap((test) =>
          (test.promql_expr_test ?? [])
            .filter((t) => (t.exp_samples ?? []).length > 0)
            .map((t) => t.expr.trim()),
        ),
      ),
    );
    const untested = [...recordNames].filter((name) => !tested.has(name));
    expect(untested).toEqual([]);
    expect(recordNames.size).toBeGreaterThanOrEqual(20);
  });

  it('tests every alert silent one evaluation before its `for` elapses and firing when it does', () => {
    const problems: string[] = [];
    for (const alert of alerts) {
      const covering = testFiles.flatMap(({ content }) => {
        const step = durationMs(content.evaluation_interval ?? '1m');
        return content.tests.map((test) => ({
          step,
          cases: (test.alert_rule_test ?? []).filter((c) => c.alertname === alert.alert),
        }));
      });
      const ok = covering.some(({ step, cases }) =>
        cases.some((firing) => {
          if ((firing.exp_alerts ?? []).length === 0) return false;
          const at = durationMs(firing.eval_time);
          const silentBefore = cases.some(
            (c) => (c.exp_alerts ?? []).length === 0 && durationMs(c.eval_time) === at - step,
          );
          const exact = (firing.exp_alerts ?? []).every(
            (a) =>
              a.exp_labels?.severity !== undefined &&
              a.exp_annotations?.runbook_url === alert.annotations?.runbook_url,
          );
          return silentBefore && exact;
        }),
      );
      if (!ok) problems.push(alert.alert);
    }
    expect(problems).toEqual([]);
    expect(alerts.length).toBeGreaterThanOrEqual(10);
  });
});

describe('rules follow the house conventions', () => {
  it('names recording rules level:metric:operation', () => {
    for (const name of recordNames) expect(name).toMatch(/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/);
  });

  it('gives every alert a for, a severity, a summary, a description and a runbook that exists', () => {
    for (const alert of alerts) {
      expect(alert.for, alert.alert).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning', 'info']).toContain(alert.labels?.severity);
      expect(alert.annotations?.summary, alert.alert).toBeTruthy();
      expect(alert.annotations?.description, alert.alert).toBeTruthy();
      const runbook = `docs/runbooks/${kebab(alert.alert)}.md`;
      expect(alert.annotations?.runbook_url, alert.alert).toMatch(
        new RegExp(`/${runbook.replace(/\./g, '\\.')}$`),
      );
      expect(existsSync(path.join(REPO, runbook)), runbook).toBe(true);
    }
  });
});

describe('rules match the metric contract of @sockscope/contracts', () => {
  it('uses only metric names from METRICS or from recording rules', () => {
    const unknown = rules.flatMap((rule) =>
      unknownSeries(rule.expr).map(
        (name) => `${'alert' in rule ? rule.alert : rule.record}: ${name}`,
      ),
    );
    expect(unknown).toEqual([]);
    const used = new Set(
      rules.flatMap((rule) => seriesNames(rule.expr).map((name) => baseMetric(name, histograms))),
    );
    // every contract metric is used by at least one rule
    expect(contractMetrics.filter((name) => !used.has(name))).toEqual([]);
  });

  it('rejects a name outside the contract (negative control of the check)', () => {
    expect(
      unknownSeries('sum by (node) (rate(socketio_disconnect_total{reason="x"}[5m]))'),
    ).toEqual(['socketio_disconnect_total']);
    expect(
      unknownSeries(
        'histogram_quantile(0.9, sum by (le) (rate(socketio_ping_rtt_seconds_bucket[5m])))',
      ),
    ).toEqual([]);
    expect(unknownSeries('node:not_recorded:rate5m > 1')).toEqual(['node:not_recorded:rate5m']);
  });

  it('uses only label names the contract defines', () => {
    const known = new Set<string>([
      ...Object.values(METRIC_LABELS).flat(),
      'le',
      'quantile',
      'job',
      'instance',
    ]);
    const used = rules.flatMap((rule) => [
      ...[...rule.expr.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g)].flatMap((m) =>
        (m[1] ?? '').split(','),
      ),
      ...[...rule.expr.matchAll(/[{,]\s*([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1] ?? ''),
    ]);
    const unknown = used.map((label) => label.trim()).filter((label) => label && !known.has(label));
    expect(unknown).toEqual([]);
  });

  it('counts exactly UNEXPECTED_DISCONNECT_REASONS as unexpected', () => {
    const expected = `reason=~"${UNEXPECTED_DISCONNECT_REASONS.join('|')}"`;
    const withReasons = rules.filter((rule) =>
      rule.expr.includes('socketio_disconnects_total{reason=~'),
    );
    expect(withReasons.length).toBeGreaterThan(0);
    for (const rule of withReasons) expect(rule.expr).toContain(expected);
  });

  it('counts the token refusals of CONNECT_ERRORS as authentication failures', () => {
    const tokenErrors = Object.values(CONNECT_ERRORS).filter((reason) => reason.includes('token'));
    const auth = alerts.find((alert) => alert.alert === 'SocketIOAuthFailuresHigh');
    expect(auth?.expr).toContain(`reason=~"${tokenErrors.join('|')}"`);
    expect(auth?.expr).not.toContain(CONNECT_ERRORS.rateLimited);
  });

  it('detects non-sticky balancers by the Session ID unknown code', () => {
    const sticky = alerts.find((alert) => alert.alert === 'SocketIOStickySessionsBroken');
    expect(sticky?.expr).toContain(`code="${SESSION_ID_UNKNOWN_CODE}"`);
  });
});
