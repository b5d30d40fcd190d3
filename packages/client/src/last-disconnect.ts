import type { ClientLastDisconnect } from '@sockscope/contracts';

/** Remembers why the previous connection dropped until a connect has reported it. */
export class LastDisconnectMemory {
  private last: ClientLastDisconnect | null = null;
  private currentId: string | undefined;

  connected(id: string | undefined): void {
    this.currentId = id;
    this.last = null;
  }

  disconnected(reason: string, at = Date.now()): void {
    this.last =
      this.currentId === undefined ? { reason, at } : { reason, at, previousId: this.currentId };
    this.currentId = undefined;
  }

  get current(): ClientLastDisconnect | null {
    return this.last;
  }
}
