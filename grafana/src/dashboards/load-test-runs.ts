import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { AnnotationQueryBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { assemble, type GeneratedDashboard } from '../assemble.js';
import { gateRunsTarget } from '../annotations.js';
import { stat, timeseries } from '../panels.js';
import { METRICS, UNEXPECTED, rate } from '../queries.js';
import { NODE } from '../variables.js';

/** Server-side view of load-test gate runs; each run is an annotation (see README). */
export function loadTestRuns(): GeneratedDashboard {
  return assemble({
    uid: 'sockscope-load-test-runs',
    title: 'Load test runs',
    description:
      'The cluster under load: gate runs (sockscope-gate) appear as annotations tagged sockscope-gate, with the scenario and the verdict.',
    folder: 'load-tests',
    file: 'load-test-runs',
    tags: ['loadtest'],
    extend: (builder: DashboardBuilder) => {
      builder.annotation(
        new AnnotationQueryBuilder()
          .name('Gate runs')
          .datasource({ type: 'grafana', uid: '-- Grafana --' })
          .enable(true)
          .iconColor('purple')
          .target(gateRunsTarget()),
      );
    },
    panels: [
      stat('Peak connected clients in the range', {
        expr: 'max_over_time(fleet:socketio_connected_clients:sum[$__range])',
      }),
      stat('Connects in the range', {
        expr: `sum(increase(${METRICS.connectionsTotal}{${NODE}}[$__range]))`,
      }),
      stat('Unexpected disconnects in the range', {
        expr: `sum(increase(${METRICS.disconnectsTotal}{${NODE},${UNEXPECTED}}[$__range]))`,
      }),
      stat(
        'Sticky-session errors in the range',
        {
          expr: `sum(increase(${METRICS.handshakeErrorsTotal}{${NODE},code="1"}[$__range]))`,
        },
        { description: 'engine.io Session ID unknown: must stay 0 behind a sticky balancer.' },
      ),
      timeseries('Connected clients', [
        { expr: 'fleet:socketio_connected_clients:sum', legend: 'fleet' },
        { expr: `sum by (node) (${METRICS.connectedClients}{${NODE}})`, legend: '{{node}}' },
      ]),
      timeseries(
        'Connects per second',
        [
          { expr: 'fleet:socketio_connections:rate5m', legend: 'fleet (5m)' },
          { expr: `sum(${rate(METRICS.connectionsTotal, NODE)})`, legend: 'selected nodes' },
        ],
        { unit: 'reqps' },
      ),
      timeseries(
        'Events per second by direction',
        [{ expr: 'direction:socketio_events:rate5m', legend: '{{direction}}' }],
        { unit: 'reqps' },
      ),
      timeseries(
        'Ping round trip p99 by node',
        [
          {
            expr: `node_quantile:socketio_ping_rtt_seconds:histogram_quantile{${NODE},quantile="0.99"}`,
            legend: '{{node}}',
          },
        ],
        { unit: 's' },
      ),
      timeseries(
        'Unexpected disconnects and handshake errors per second',
        [
          {
            expr: 'fleet:socketio_disconnects_unexpected:rate5m',
            legend: 'unexpected disconnects',
          },
          {
            expr: 'code:socketio_handshake_errors:rate5m',
            legend: 'handshake errors, code {{code}}',
          },
        ],
        { unit: 'reqps' },
      ),
      timeseries(
        'Event loop delay p99 by node',
        [
          {
            expr: `max by (node) (${METRICS.eventLoopDelaySeconds}{${NODE},quantile="0.99"})`,
            legend: '{{node}}',
          },
        ],
        { unit: 's' },
      ),
    ],
  });
}
