/**
 * Progress while the run goes: one rewritten line on a terminal, plain lines (every 10 s) in CI
 * or when stderr is not a TTY.
 */
export interface Progress {
  /** Feeds one line of Artillery's output. */
  line(text: string): void;
  note(message: string): void;
  stop(): void;
}

export interface ProgressOptions {
  plannedSeconds: number;
  stream?: NodeJS.WriteStream;
  /** @default stream.isTTY && !process.env.CI */
  interactive?: boolean;
}

const COUNTER_LINE = /^([\w.@/:-]+):\s\.+\s(\d+(?:\.\d+)?)$/;

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const interactive = options.interactive ?? (Boolean(stream.isTTY) && !process.env['CI']);
  const started = Date.now();
  const totals = { created: 0, completed: 0, failed: 0, received: 0 };
  const status = (): string => {
    const elapsed = Math.round((Date.now() - started) / 1000);
    const pct = options.plannedSeconds > 0 ? Math.min(100, Math.round((elapsed / options.plannedSeconds) * 100)) : 0;
    return `gate: ${elapsed}s/${options.plannedSeconds}s (${pct}%) vusers created ${totals.created} completed ${totals.completed} failed ${totals.failed} messages received ${totals.received}`;
  };
  const timer = setInterval(
    () => {
      if (interactive) stream.write(`\r${status()}\x1b[K`);
      else stream.write(`${status()}\n`);
    },
    interactive ? 1000 : 10_000,
  );
  timer.unref();
  // Artillery prints each 10 s period's counters, then the totals again under "Summary report".
  let inSummary = false;
  return {
    line(text) {
      if (text.includes('Summary report')) inSummary = true;
      const match = COUNTER_LINE.exec(text.trim());
      if (inSummary || !match) return;
      const value = Number(match[2]);
      const name = match[1];
      if (name === 'vusers.created') totals.created += value;
      else if (name === 'vusers.completed') totals.completed += value;
      else if (name === 'vusers.failed') totals.failed += value;
      else if (name === 'sockscope.messages_received') totals.received += value;
    },
    note(message) {
      stream.write(interactive ? `\r${message}\x1b[K\n` : `${message}\n`);
    },
    stop() {
      clearInterval(timer);
      if (interactive) stream.write(`\r${status()}\x1b[K\n`);
    },
  };
}
