import WebSocket from 'ws';

/**
 * A minimal Socket.IO client speaking the wire protocol directly over one WebSocket
 * (EIO 4, main namespace): light enough that the server, not the driver, is the bottleneck.
 */
export class RawClient {
  private nextId = 0;
  private readonly acks = new Map<number, () => void>();
  /** Events (not acks) received. */
  received = 0;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => this.onMessage(raw.toString()));
  }

  /** Connects to the main namespace, with `auth` in its CONNECT packet when given. */
  static connect(url: string, auth?: Record<string, unknown>): Promise<RawClient> {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const client = new RawClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('error', reject);
      const onOpen = (raw: Buffer): void => {
        const text = raw.toString();
        if (text.startsWith('0')) ws.send(auth === undefined ? '40' : `40${JSON.stringify(auth)}`);
        else if (text.startsWith('44')) reject(new Error(`connect refused: ${text.slice(2)}`));
        else if (text.startsWith('40')) {
          ws.off('message', onOpen);
          resolve(client);
        }
      };
      ws.on('message', onOpen);
    });
  }

  /** Emits with an ack; resolves when the server acknowledges. */
  emit(event: string, payload: unknown, done: () => void): void {
    const id = this.nextId++;
    this.acks.set(id, done);
    this.ws.send(`42${id}${JSON.stringify([event, payload])}`);
  }

  emitAsync(event: string, payload: unknown): Promise<void> {
    return new Promise((resolve) => this.emit(event, payload, resolve));
  }

  close(): void {
    this.ws.terminate();
  }

  private onMessage(text: string): void {
    if (text === '2') {
      this.ws.send('3');
      return;
    }
    if (text.startsWith('43')) {
      let end = 2;
      while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
      const id = Number(text.slice(2, end));
      const done = this.acks.get(id);
      this.acks.delete(id);
      done?.();
    } else if (text.startsWith('42')) {
      this.received++;
    }
  }
}
