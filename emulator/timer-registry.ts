/**
 * Every timer the server starts (latency, delay, hang, trickle) goes through here, so stop()
 * can cancel them all and a test process never waits on a forgotten timer.
 */
export class TimerRegistry {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<() => void>();
  private stopped = false;

  /** Resolves after `ms`; rejects with an Error named "EmulatorStopped" on stop(). */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.reject(stoppedError());
    return new Promise((resolve, reject) => {
      const cancel = (): void => reject(stoppedError());
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.pending.delete(cancel);
        resolve();
      }, ms);
      this.timers.add(timer);
      this.pending.add(cancel);
    });
  }

  timeout(ms: number, fn: () => void): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  interval(ms: number, fn: () => void): () => void {
    const timer = setInterval(fn, ms);
    this.timers.add(timer);
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }
}

function stoppedError(): Error {
  const error = new Error("emulator stopped");
  error.name = "EmulatorStopped";
  return error;
}

export function isStoppedError(error: unknown): boolean {
  return error instanceof Error && error.name === "EmulatorStopped";
}
