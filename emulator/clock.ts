/**
 * The emulator's notion of "now": an injectable base clock plus an offset the control surface
 * moves, so tests can jump over phase windows and key lifetimes without sleeping.
 */
export class EmulatorClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offsetMs;
  }

  set(epochMs: number): void {
    this.offsetMs = epochMs - this.base();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  offset(): number {
    return this.offsetMs;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
