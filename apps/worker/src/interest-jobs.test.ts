import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { approvalsMigrations } from '@jinku/approvals';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { interestMigrations } from '@jinku/interest';
import { parseAmount, systemActor, type Actor } from '@jinku/kernel';
import { createLedger, ledgerMigrations, seedLedgerDemo } from '@jinku/ledger';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlersFor } from './handlers';
import { INTEREST_POSTING } from './posting-job';
import type { SettlementProgress } from './settlement-job';
import { startWorker, type RunningWorker } from './worker';

const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const queueName = `jinku-test-${randomUUID()}`;
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
let database: TestDatabase;
let worker: RunningWorker;
let closeThrough: (treasuryId: string, until: string) => Promise<void>;

beforeAll(async () => {
  database = await createTestDatabase([ledgerMigrations, approvalsMigrations, interestMigrations]);
  const ledger = createLedger(database);
  await seedLedgerDemo(ledger.setup, ledger.days, '2026-09-18');
  // The rate's approval route is tested with the interest lib; here it is reference data.
  await database.sql`insert into interest.rates (jurisdiction_id, effective_from, annual_rate, approval_request_id) values ('SZ', '2025-01-01', 0.0036, 1)`;
  await database.sql.begin((tx) =>
    ledger.postWithin(tx, systemActor('test', 'SZ'), [
      {
        treasuryId: 'SZ',
        purpose: 'receipt',
        draft: {
          kind: 'ordinary',
          summary: '入库',
          documents: [{ kind: 'form', reference: 'r' }],
          lines: [
            { accountNumber: '105100', side: 'debit', amount: parseAmount('360000.00'), fiscalLevel: null, classificationCode: null },
            { accountNumber: '201103', side: 'credit', amount: parseAmount('360000.00'), fiscalLevel: null, classificationCode: null },
          ],
        },
      },
    ]),
  );
  closeThrough = async (treasuryId: string, until: string) => {
    const supervisor: Actor = {
      kind: 'person',
      userId: `sup-${treasuryId}`,
      login: 'sup',
      treasuryId,
      posts: ['accounting_supervisor'],
      scopes: [],
      reach: [treasuryId],
      jurisdictionId: 'SZ',
    };
    for (let day = (await ledger.days.current(treasuryId)).date; day < until; day = (await ledger.days.current(treasuryId)).date) {
      await ledger.closeBusinessDay(supervisor, treasuryId, day);
    }
  };
  await closeThrough('SZ', '2026-12-21');
  await closeThrough('SZ-FT', '2026-12-21');
  worker = startWorker({ redisUrl, log: pino({ level: 'silent' }), queueName, handlers: handlersFor(database) });
});

afterAll(async () => {
  await worker?.close();
  await database?.drop();
  await connection.quit();
});

describe('interest jobs', () => {
  it('the settlement job queues each treasury\'s posting on its own, a refused one on retry; the posting job posts once', async () => {
    const queue = new Queue(queueName, { connection });
    const events = new QueueEvents(queueName, { connection: connection.duplicate() });
    await events.waitUntilReady();

    // SZ-LG has not closed 20 December yet: it is refused, the others are queued, and the job fails to be retried.
    const settlement = await queue.add('interest-settlement', { settlementDay: '2026-12-20' });
    await expect(settlement.waitUntilFinished(events, 20_000)).rejects.toThrow(
      'settlement 2026-12-20 not queued for SZ-LG (SETTLEMENT_DAY_NOT_CLOSED); retried later, the others are queued',
    );
    const refused = (await queue.getJob(settlement.id!))!.progress as SettlementProgress;
    expect(refused.treasuries).toEqual({
      SZ: { status: 'queued', postingDay: '2026-12-21' },
      'SZ-FT': { status: 'queued', postingDay: '2026-12-21' },
      'SZ-LG': { status: 'refused', reason: 'SETTLEMENT_DAY_NOT_CLOSED', message: expect.stringContaining('still open') },
    });
    expect(await queue.getDelayedCount()).toBe(2);

    // Once SZ-LG closes, the retry queues SZ-LG only; the others stay queued from the first attempt.
    await closeThrough('SZ-LG', '2026-12-21');
    await settlement.retry();
    const checked = (await settlement.waitUntilFinished(events, 20_000)) as SettlementProgress;
    expect(Object.values(checked.treasuries).map((t) => t.status)).toEqual(['queued', 'queued', 'queued']);
    expect(await queue.getDelayedCount()).toBe(3); // one posting job per treasury, however often it ran

    // The posting job waits (delayed) for 09:00 on the posting day; promote it instead of waiting a month.
    const posting = (await queue.getJob(`${INTEREST_POSTING}:SZ:2026-12-20`))!;
    expect(await posting.getState()).toBe('delayed');
    await posting.promote();
    // 360,000.00 × 91 days × 0.0036 ÷ 360 = 327.60
    expect(await posting.waitUntilFinished(events, 20_000)).toMatchObject({ posted: 1, alreadyDone: 0 });
    const [voucher] = await database.sql<{ amount: string }[]>`
      select e.amount from ledger.entries e join ledger.vouchers v on v.id = e.voucher_id
      where v.maker_id = 'system:interest' and e.side = 'credit'`;
    expect(voucher!.amount).toBe('327.60');

    // A second delivery of the same job (e.g. after a Redis restart) posts nothing more.
    const replay = await queue.add(INTEREST_POSTING, { treasuryId: 'SZ', settlementDay: '2026-12-20' });
    expect(await replay.waitUntilFinished(events, 20_000)).toMatchObject({ posted: 0 });
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
