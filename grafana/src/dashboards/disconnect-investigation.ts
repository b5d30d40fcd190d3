import { assemble, type GeneratedDashboard } from '../assemble.js';
import { bars, table, timeseries } from '../panels.js';
import { METRICS, UNEXPECTED, histogramQuantile, increaseOverRange, rate } from '../queries.js';
import { NAMESPACE, NODE } from '../variables.js';

/** On-call: clients are dropping — why, where, since when, over which transport. */
export function disconnectInvestigation(): GeneratedDashboard {
  return assemble({
    uid: 'sockscope-disconnect-investigation',
    title: 'Disconnect investigation',
    description:
      'Why clients drop: Socket.IO disconnect reasons, the clients own reasons, handshake and connect errors, recovery and session length. Per-session detail: the exporter API /api/disconnects.',
    folder: 'sockscope',
    file: 'disconnect-investigation',
    tags: ['disconnects'],
    panels: [
      timeseries(
        'Disconnects per second by reason',
        [
          {
            expr: `sum by (reason) (${rate(METRICS.disconnectsTotal, NODE)})`,
            legend: '{{reason}}',
          },
        ],
        { unit: 'reqps', stacked: true },
      ),
      timeseries(
        'Unexpected disconnects per second by node',
        [
          {
            expr: `sum by (node) (${rate(METRICS.disconnectsTotal, NODE, UNEXPECTED)})`,
            legend: '{{node}}',
          },
        ],
        {
          unit: 'reqps',
          description: 'transport close, transport error, ping timeout, parse error',
        },
      ),
      timeseries(
        'Unexpected share of disconnects by node',
        [
          {
            expr: `node:socketio_disconnects_unexpected:ratio_rate5m{${NODE}}`,
            legend: '{{node}}',
          },
        ],
        { unit: 'percentunit', description: 'Recording rule over 5 minutes.' },
      ),
      timeseries(
        'Disconnects per second by transport',
        [
          {
            expr: `sum by (transport) (${rate(METRICS.disconnectsTotal, NODE)})`,
            legend: '{{transport}}',
          },
        ],
        { unit: 'reqps' },
      ),
      timeseries(
        'Reasons reported by clients on reconnect',
        [
          {
            expr: `sum by (reason) (${rate(METRICS.clientReportedDisconnectsTotal, NODE)})`,
            legend: '{{reason}}',
          },
        ],
        {
          unit: 'reqps',
          description:
            'The client side of the previous disconnect, sent by the sockscope client helper.',
        },
      ),
      timeseries(
        'Handshake errors per second by engine.io code',
        [
          {
            expr: `sum by (code) (${rate(METRICS.handshakeErrorsTotal, NODE)})`,
            legend: 'code {{code}}',
          },
        ],
        {
          unit: 'reqps',
          description: 'Code 1 = Session ID unknown: the load balancer is not sticky.',
        },
      ),
      timeseries(
        'Connect errors per second by reason',
        [
          {
            expr: `sum by (reason) (${rate(METRICS.connectErrorsTotal, NODE, NAMESPACE)})`,
            legend: '{{reason}}',
          },
        ],
        {
          unit: 'reqps',
          description: 'Middleware refusals (connect_error): tokens, origins, rate limits.',
        },
      ),
      timeseries(
        'Connection state recovery by result',
        [
          {
            expr: `sum by (result) (${rate(METRICS.recoveriesTotal, NODE)})`,
            legend: '{{result}}',
          },
        ],
        { unit: 'reqps' },
      ),
      timeseries(
        'Session duration by reason (p50, p99)',
        [
          {
            expr: histogramQuantile(0.5, METRICS.sessionDurationSeconds, ['reason'], NODE),
            legend: 'p50 {{reason}}',
          },
          {
            expr: histogramQuantile(0.99, METRICS.sessionDurationSeconds, ['reason'], NODE),
            legend: 'p99 {{reason}}',
          },
        ],
        {
          unit: 's',
          description: 'Short sessions ending in ping timeout or transport close point at proxies.',
        },
      ),
      bars(
        'Disconnects by reason in the time range',
        {
          expr: `sort_desc(sum by (reason) (${increaseOverRange(METRICS.disconnectsTotal, NODE)}))`,
        },
        'reason',
      ),
      table(
        'Disconnects by node, reason and transport in the time range',
        [
          {
            expr: `sort_desc(sum by (node, reason, transport) (${increaseOverRange(METRICS.disconnectsTotal, NODE)}))`,
          },
        ],
        { width: 24 },
      ),
    ],
  });
}
