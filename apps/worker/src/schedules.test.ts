import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { INTEREST_CATCH_UP, INTEREST_SETTLEMENT, nextSettlementFirings, PAYMENT_DISPATCH, upsertSchedules } from './schedules';

const connection = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
afterAll(() => connection.quit());

describe('interest settlement schedule (R47)', () => {
  it('fires at 18:00 Shanghai time on the 20th of March, June, September and December', () => {
    const firings = nextSettlementFirings(new Date('2026-11-22T00:00:00Z'), 5).map((d) => d.toISOString());
    // 18:00 in UTC+8 is 10:00 UTC
    expect(firings).toEqual([
      '2026-12-20T10:00:00.000Z',
      '2027-03-20T10:00:00.000Z',
      '2027-06-20T10:00:00.000Z',
      '2027-09-20T10:00:00.000Z',
      '2027-12-20T10:00:00.000Z',
    ]);
  });

  it('does not fire again on the settlement day after 18:00', () => {
    expect(nextSettlementFirings(new Date('2026-12-20T10:00:01Z'), 1)[0]!.toISOString()).toBe('2027-03-20T10:00:00.000Z');
  });

  it('is upserted into BullMQ once, however often the worker starts, with the computed next firing, beside the daily catch-up', async () => {
    const queue = new Queue(`jinku-test-${randomUUID()}`, { connection });
    await upsertSchedules(queue);
    await upsertSchedules(queue);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => ({ key: s.key, pattern: s.pattern, tz: s.tz, every: s.every })).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: INTEREST_CATCH_UP.id, pattern: '0 0 7 * * *', tz: 'Asia/Shanghai', every: undefined },
      { key: INTEREST_SETTLEMENT.id, pattern: INTEREST_SETTLEMENT.pattern, tz: 'Asia/Shanghai', every: undefined },
      { key: PAYMENT_DISPATCH.id, pattern: undefined, tz: undefined, every: 5_000 },
    ]);
    const settlement = schedulers.find((s) => s.key === INTEREST_SETTLEMENT.id)!;
    expect(settlement.next).toBe(nextSettlementFirings(new Date(), 1)[0]!.getTime());
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
