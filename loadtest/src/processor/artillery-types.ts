/** The small part of Artillery's processor interface the functions use. */
export interface ArtilleryEvents {
  emit(type: 'counter' | 'histogram', name: string, value: number): void;
}

export interface ArtilleryContext {
  vars: Record<string, unknown>;
  /** The socketio engine's sockets by namespace; `''` is the VU's main socket. */
  sockets?: Record<string, { disconnect(): unknown }>;
  /** The HTTP engine's per-VU cookie jar. */
  _jar?: unknown;
}

export type Done = (error?: Error) => void;

export type ProcessorFunction = (context: ArtilleryContext, events: ArtilleryEvents, done: Done) => void;
