/** Time source. Everything that reads the time takes a Clock so tests can drive it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told: for tests of timers, SLAs and leases. */
export class ManualClock implements Clock {
  constructor(private t: number = Date.parse('2026-11-20T10:00:00Z')) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(t: number): void {
    this.t = t;
  }
}
