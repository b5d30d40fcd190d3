import type { Detector } from '../types.js';

/** Exporters that did not answer or targets that are down: the findings may miss something. */
export const incompleteData: Detector = ({ input }) => {
  const missing = input.nodes.filter((n) => n.status === null || !n.status.targetUp || n.truncated);
  if (missing.length === 0) return [];
  return [
    {
      id: 'incomplete-data',
      title: `Data incomplete for ${missing.length} node(s)`,
      severity: 'info',
      confidence: 1,
      impact: { sessions: 0, users: 0, nodes: missing.length },
      evidence: missing.map((n) => ({
        label: n.node,
        value:
          n.status === null
            ? `exporter unreachable: ${n.error ?? 'no answer'}`
            : n.truncated
              ? 'disconnect log truncated (narrow the window)'
              : 'exporter up, its node is down',
        link: `/nodes?node=${encodeURIComponent(n.node)}`,
      })),
      cause: 'Some exporters did not answer, lost their node, or had more records than were read.',
      fix: 'Check those exporters and nodes; narrow the time window.',
    },
  ];
};
