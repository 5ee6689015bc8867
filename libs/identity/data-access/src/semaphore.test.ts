import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore';

const busy = () => new Error('busy');
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A promise the test settles by hand, to hold a task running. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('Semaphore', () => {
  it('runs at most `permits` tasks at once; the first in line starts when one ends', async () => {
    const semaphore = new Semaphore({ permits: 2, maxWaitMs: 1_000, maxWaiting: 10 }, busy);
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const tasks = gates.map((g, i) =>
      semaphore.run(async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await g.opened;
        running -= 1;
        return i;
      }),
    );
    await turn();
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await turn();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.open());
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('refuses a caller after maxWaitMs in line, and at once one that finds the line full', async () => {
    const semaphore = new Semaphore({ permits: 1, maxWaitMs: 20, maxWaiting: 1 }, busy);
    const held = gate();
    const holder = semaphore.run(() => held.opened);
    const waiter = semaphore.run(async () => 'ran');
    await expect(semaphore.run(async () => 'ran')).rejects.toThrow('busy');
    await expect(waiter).rejects.toThrow('busy');
    held.open();
    await holder;
    // The timed-out caller left the line, and the permit came back.
    expect(await semaphore.run(async () => 'free again')).toBe('free again');
  });

  it('gives the permit back when a task fails', async () => {
    const semaphore = new Semaphore({ permits: 1, maxWaitMs: 0, maxWaiting: 0 }, busy);
    await expect(semaphore.run(() => Promise.reject(new Error('task failed')))).rejects.toThrow('task failed');
    expect(await semaphore.run(async () => 'next')).toBe('next');
  });
});
