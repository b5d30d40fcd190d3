import { describe, expect, it } from 'vitest';
import { DISCONNECT_REASONS, reasonLabel } from './disconnect-reasons.js';
import { METRIC_LABELS, METRICS } from './metric-names.js';

describe('contracts', () => {
  it('keeps Socket.IO reasons unchanged and folds unknown ones into other', () => {
    expect(reasonLabel('ping timeout')).toBe('ping timeout');
    expect(reasonLabel('some user text')).toBe('other');
    expect(DISCONNECT_REASONS).toContain('server shutting down');
  });

  it('never labels a metric with a user, socket or room', () => {
    for (const name of Object.values(METRICS)) {
      const labels: readonly string[] = METRIC_LABELS[name];
      expect(labels.filter((l) => ['user', 'socket', 'sid', 'room', 'id'].includes(l))).toEqual([]);
    }
  });
});
