/** Scenario variables (`config.variables`) the processor functions read, with defaults. */
import type { ArtilleryContext } from './artillery-types.js';

export interface VuVars {
  /** `websocket`, `polling` (long-polling only) or `upgrade` (polling then websocket). @default websocket */
  transport: 'websocket' | 'polling' | 'upgrade';
  /** Rooms the VUs spread over. @default 5 */
  rooms: number;
  /** @default room */
  roomPrefix: string;
  /** Messages each publishing VU sends. @default 10 */
  publishes: number;
  /** @default 1000 */
  publishIntervalMs: number;
  /** Extra payload bytes per message. @default 0 */
  padBytes: number;
  /** How long a VU stays connected in hold steps. @default 10 */
  holdSeconds: number;
  /** Quiet time before a VU judges loss. @default 500 */
  settleMs: number;
}

function num(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}

export function readVuVars(context: ArtilleryContext): VuVars {
  const v = context.vars;
  const transport = v['transport'];
  return {
    transport: transport === 'polling' || transport === 'upgrade' ? transport : 'websocket',
    rooms: Math.max(1, num(v['rooms'], 5)),
    roomPrefix: typeof v['roomPrefix'] === 'string' ? v['roomPrefix'] : 'room',
    publishes: num(v['publishes'], 10),
    publishIntervalMs: num(v['publishIntervalMs'], 1000),
    padBytes: num(v['padBytes'], 0),
    holdSeconds: num(v['holdSeconds'], 10),
    settleMs: num(v['settleMs'], 500),
  };
}

export function transportsOf(vars: VuVars): ('websocket' | 'polling')[] {
  if (vars.transport === 'polling') return ['polling'];
  if (vars.transport === 'upgrade') return ['polling', 'websocket'];
  return ['websocket'];
}
