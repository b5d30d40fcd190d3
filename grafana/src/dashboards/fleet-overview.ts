import { assemble, type GeneratedDashboard } from '../assemble.js';
import { bars, stat, table, timeseries } from '../panels.js';
import { METRICS, UNEXPECTED, increaseOverRange, rate } from '../queries.js';
import { NAMESPACE, NODE } from '../variables.js';

/** The SRE's first screen: how many clients, where, over what, and is anything degrading. */
export function fleetOverview(): GeneratedDashboard {
  return assemble({
    uid: 'sockscope-fleet-overview',
    title: 'Fleet overview',
    description:
      'Connected clients, connection churn, traffic and latency across every realtime node.',
    folder: 'sockscope',
    file: 'fleet-overview',
    tags: ['fleet'],
    panels: [
      stat('Connected clients', { expr: `sum(${METRICS.connectedClients}{${NODE}})` }),
      stat('Nodes connected to their exporter', { expr: `sum(${METRICS.targetUp}{${NODE}})` }),
      stat(
        'Connects per second',
        { expr: `sum(${rate(METRICS.connectionsTotal, NODE)})` },
        { unit: 'reqps' },
      ),
      stat(
        'Unexpected share of disconnects',
        {
          expr: `sum(${rate(METRICS.disconnectsTotal, NODE, UNEXPECTED)}) / sum(${rate(METRICS.disconnectsTotal, NODE)})`,
        },
        {
          unit: 'percentunit',
          description:
            'transport close, transport error, ping timeout and parse error, of all disconnects',
        },
      ),
      timeseries(
        'Connected clients by node',
        [{ expr: `sum by (node) (${METRICS.connectedClients}{${NODE}})`, legend: '{{node}}' }],
        { stacked: true },
      ),
      timeseries(
        'Connected clients by transport',
        [
          {
            expr: `sum by (transport) (${METRICS.connectedClients}{${NODE}})`,
            legend: '{{transport}}',
          },
        ],
        { stacked: true },
      ),
      timeseries(
        'Connects and disconnects per second',
        [
          { expr: `sum(${rate(METRICS.connectionsTotal, NODE)})`, legend: 'connects' },
          { expr: `sum(${rate(METRICS.disconnectsTotal, NODE)})`, legend: 'disconnects' },
          {
            expr: `sum(${rate(METRICS.disconnectsTotal, NODE, UNEXPECTED)})`,
            legend: 'unexpected disconnects',
          },
        ],
        { unit: 'reqps' },
      ),
      timeseries(
        'Events per second',
        [
          {
            expr: `sum by (direction) (${rate(METRICS.eventsTotal, NODE, NAMESPACE)})`,
            legend: '{{direction}}',
          },
        ],
        { unit: 'reqps' },
      ),
      timeseries(
        'Bytes per second on the wire',
        [
          {
            expr: `sum by (direction) (${rate(METRICS.bytesTotal, NODE)})`,
            legend: '{{direction}}',
          },
        ],
        { unit: 'Bps' },
      ),
      timeseries(
        'Ping round trip (fleet)',
        [
          {
            expr: 'quantile:socketio_ping_rtt_seconds:histogram_quantile',
            legend: 'p{{quantile}}',
          },
        ],
        {
          unit: 's',
          description:
            'From the recording rule over 5 minutes: engine.io ping to pong, per connection.',
        },
      ),
      bars(
        'Disconnects by reason in the time range',
        {
          expr: `sort_desc(sum by (reason) (${increaseOverRange(METRICS.disconnectsTotal, NODE)}))`,
        },
        'reason',
      ),
      table('Nodes', [{ expr: `sum by (node) (${METRICS.connectedClients}{${NODE}})` }], {
        description: 'Connected clients per node now.',
      }),
    ],
  });
}
