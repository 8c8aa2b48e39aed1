import type { Clock, Ids, Random } from '../../src/main/services/deps'

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 5, 15, 0, 0)) {}
  now(): number {
    return this.current
  }
  set(ms: number): void {
    this.current = ms
  }
  advance(ms: number): void {
    this.current += ms
  }
}

/** Ids that read well in a failing test: 00000000-0000-4000-8000-000000000001, …002, … */
export class SequentialIds implements Ids {
  private n = 0
  uuid(): string {
    this.n += 1
    return `00000000-0000-4000-8000-${String(this.n).padStart(12, '0')}`
  }
}

/** Chance that returns the values it is given, in order, then repeats the last one. */
export class ScriptedRandom implements Random {
  constructor(private readonly values: number[] = [0.5]) {}
  next(): number {
    return this.values.length > 1 ? (this.values.shift() as number) : (this.values[0] ?? 0.5)
  }
}
