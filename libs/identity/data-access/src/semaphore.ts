export interface SemaphoreLimits {
  /** Tasks that run at once. */
  readonly permits: number;
  /** How long a caller waits for a permit before it is refused. */
  readonly maxWaitMs: number;
  /** Callers that may wait at once; one more is refused without waiting. */
  readonly maxWaiting: number;
}

/**
 * Runs at most `permits` tasks at once. Over that, a caller waits briefly in line and is then refused with
 * `busy()`: under a flood, work is turned away instead of piling up in memory.
 */
export class Semaphore {
  private running = 0;
  private readonly line: (() => void)[] = [];

  constructor(
    private readonly limits: SemaphoreLimits,
    private readonly busy: () => Error,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.limits.permits) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.line.length >= this.limits.maxWaiting) return Promise.reject(this.busy());
    return new Promise((resolve, reject) => {
      const admit = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.line.splice(this.line.indexOf(admit), 1);
        reject(this.busy());
      }, this.limits.maxWaitMs);
      this.line.push(admit);
    });
  }

  /** The permit passes straight to the first in line, so `running` never exceeds `permits`. */
  private release(): void {
    const next = this.line.shift();
    if (next) next();
    else this.running -= 1;
  }
}
