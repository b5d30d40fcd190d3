import { assemble, type GeneratedDashboard } from '../assemble.js';
import { stat, timeseries } from '../panels.js';
import { METRICS, rate } from '../queries.js';
import { NAMESPACE, NODE } from '../variables.js';

/** One node (or a few, picked in the `node` variable): health, load and errors. */
export function nodeDetail(): GeneratedDashboard {
  return assemble({
    uid: 'sockscope-node-detail',
    title: 'Node detail',
    description: 'Health, load, latency and errors of the nodes picked in the node variable.',
    folder: 'sockscope',
    file: 'node-detail',
    tags: ['node'],
    panels: [
      stat(
        'Exporter connected to node',
        { expr: `min(${METRICS.targetUp}{${NODE}})` },
        {
          description: '1 when every selected node is reachable from its exporter.',
          width: 5,
        },
      ),
      stat(
        'Adapter connected to its broker',
        { expr: `min(${METRICS.adapterUp}{${NODE}})` },
        {
          description:
            '1 when the adapter of every selected node reaches its broker (Redis); 0 while broadcasts to other nodes are lost.',
          width: 5,
        },
      ),
      stat(
        'Connected clients',
        { expr: `sum(${METRICS.connectedClients}{${NODE}})` },
        { width: 5 },
      ),
      stat(
        'Event loop delay p99',
        {
          expr: `max(${METRICS.eventLoopDelaySeconds}{${NODE},quantile="0.99"})`,
        },
        { unit: 's', width: 5 },
      ),
      stat(
        'Events per second',
        { expr: `sum(${rate(METRICS.eventsTotal, NODE, NAMESPACE)})` },
        { unit: 'reqps', width: 4 },
      ),
      timeseries('Connected clients by node and transport', [
        {
          expr: `sum by (node, transport) (${METRICS.connectedClients}{${NODE}})`,
          legend: '{{node}} {{transport}}',
        },
      ]),
      timeseries(
        'Event loop delay',
        [
          {
            expr: `max by (node, quantile) (${METRICS.eventLoopDelaySeconds}{${NODE}})`,
            legend: '{{node}} {{quantile}}',
          },
        ],
        { unit: 's', description: 'Above 0.2 s at p99 every event, ack and heartbeat waits.' },
      ),
      timeseries(
        'Ping round trip',
        [
          {
            expr: `node_quantile:socketio_ping_rtt_seconds:histogram_quantile{${NODE}}`,
            legend: '{{node}} p{{quantile}}',
          },
        ],
        { unit: 's', description: 'Recording rule over 5 minutes.' },
      ),
      timeseries(
        'Events per second by name',
        [
          {
            expr: `sum by (node, event, direction) (${rate(METRICS.eventsTotal, NODE, NAMESPACE)})`,
            legend: '{{node}} {{direction}} {{event}}',
          },
        ],
        { unit: 'reqps' },
      ),
      timeseries(
        'Bytes per second',
        [
          {
            expr: `sum by (node, direction) (${rate(METRICS.bytesTotal, NODE)})`,
            legend: '{{node}} {{direction}}',
          },
        ],
        { unit: 'Bps' },
      ),
      timeseries(
        'Connects and disconnects per second',
        [
          {
            expr: `sum by (node) (${rate(METRICS.connectionsTotal, NODE)})`,
            legend: '{{node}} connects',
          },
          {
            expr: `sum by (node, reason) (${rate(METRICS.disconnectsTotal, NODE)})`,
            legend: '{{node}} {{reason}}',
          },
        ],
        { unit: 'reqps' },
      ),
      timeseries(
        'Handshake and connect errors per second',
        [
          {
            expr: `sum by (node, code) (${rate(METRICS.handshakeErrorsTotal, NODE)})`,
            legend: '{{node}} engine.io code {{code}}',
          },
          {
            expr: `sum by (node, reason) (${rate(METRICS.connectErrorsTotal, NODE, NAMESPACE)})`,
            legend: '{{node}} {{reason}}',
          },
        ],
        { unit: 'reqps' },
      ),
      timeseries(
        'Recoveries per second by result',
        [
          {
            expr: `sum by (node, result) (${rate(METRICS.recoveriesTotal, NODE)})`,
            legend: '{{node}} {{result}}',
          },
        ],
        { unit: 'reqps' },
      ),
    ],
  });
}
