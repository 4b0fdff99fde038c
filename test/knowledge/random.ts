/** A small seeded random generator (mulberry32), so property tests fail the same way every run. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** 0 <= x < 1 */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A non-empty random subset, in the original order. */
  subset<T>(xs: readonly T[]): T[] {
    const out = xs.filter(() => this.chance(0.6));
    return out.length > 0 ? out : [this.pick(xs)];
  }
}
