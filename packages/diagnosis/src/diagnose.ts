import { buildContext } from './context.js';
import { blockedEventLoop } from './detectors/blocked-event-loop.js';
import { clientNetworkLoss } from './detectors/client-network-loss.js';
import { deployRestart } from './detectors/deploy-restart.js';
import { incompleteData } from './detectors/incomplete-data.js';
import { oversizedPayload } from './detectors/oversized-payload.js';
import { proxyIdleTimeout } from './detectors/proxy-idle-timeout.js';
import { reconnectStorm } from './detectors/reconnect-storm.js';
import { serverKicks } from './detectors/server-kicks.js';
import { stickySessions } from './detectors/sticky-sessions.js';
import { tokenExpiry } from './detectors/token-expiry.js';
import { websocketBlocked } from './detectors/websocket-blocked.js';
import type { DiagnoseOptions, DiagnosisInput, Detector, Finding, Severity } from './types.js';

/** Every detector, by id. */
export const DETECTORS: Record<string, Detector> = {
  'proxy-idle-timeout': proxyIdleTimeout,
  'sticky-sessions': stickySessions,
  'blocked-event-loop': blockedEventLoop,
  'deploy-restart': deployRestart,
  'reconnect-storm': reconnectStorm,
  'websocket-blocked': websocketBlocked,
  'client-network-loss': clientNetworkLoss,
  'token-expiry': tokenExpiry,
  'oversized-payload': oversizedPayload,
  'server-kicks': serverKicks,
  'incomplete-data': incompleteData,
};

const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

/** The ranking key: sessions affected, weighted by severity and confidence. */
export function impactScore(finding: Finding): number {
  return finding.impact.sessions * SEVERITY_WEIGHT[finding.severity] * finding.confidence;
}

/**
 * Findings for the window, ranked by impact (sessions × severity weight × confidence; ties by
 * severity, then users). Pure: same input, same output, no I/O.
 */
export function diagnose(input: DiagnosisInput, options: DiagnoseOptions = {}): Finding[] {
  const context = buildContext(input, options);
  const findings = Object.values(DETECTORS).flatMap((detect) => detect(context));
  return findings
    .filter((f) => f.confidence >= context.options.minConfidence)
    .map((f) => ({ ...f, confidence: Math.round(f.confidence * 100) / 100 }))
    .sort(
      (a, b) =>
        impactScore(b) - impactScore(a) ||
        SEVERITY_WEIGHT[b.severity] - SEVERITY_WEIGHT[a.severity] ||
        b.impact.users - a.impact.users ||
        a.id.localeCompare(b.id),
    );
}
