/**
 * The reconnect-storm hook: `afterSeconds` after Artillery's first phase started, send a signal
 * to one node's process (SIGTERM drains it: the node refuses new connections and closes its
 * sessions for recovery elsewhere). Counting from the phase start, not from spawning Artillery,
 * keeps a slow start-up on a loaded machine from draining a node no VU has reached yet.
 */
export interface DrainTarget {
  id: string;
  pid: number;
}

export interface DrainHandle {
  /** Feed Artillery's output lines: the first "Phase started" arms the timer. */
  line(text: string): void;
  /** Resolves with what happened, once the hook fired (or was cancelled). */
  done: Promise<string>;
  cancel(): void;
}

export function scheduleDrain(target: DrainTarget, afterSeconds: number, signal: NodeJS.Signals): DrainHandle {
  let timer: NodeJS.Timeout | null = null;
  let settle: (message: string) => void = () => undefined;
  const done = new Promise<string>((resolve) => {
    settle = resolve;
  });
  const fire = (): void => {
    try {
      process.kill(target.pid, signal);
      settle(`sent ${signal} to node ${target.id} (pid ${target.pid}) ${afterSeconds}s into the run`);
    } catch (error) {
      settle(`could not signal node ${target.id} (pid ${target.pid}): ${(error as Error).message}`);
    }
  };
  return {
    line(text) {
      if (timer === null && text.includes('Phase started')) timer = setTimeout(fire, afterSeconds * 1000);
    },
    done,
    cancel() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => undefined, 0);
      settle('drain hook cancelled before it fired');
    },
  };
}
