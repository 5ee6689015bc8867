import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { approvalsMigrations } from '@jinku/approvals';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { createInterest, interestMigrations } from '@jinku/interest';
import type { Actor } from '@jinku/kernel';
import { createLedger, ledgerMigrations, seedLedgerDemo, type Ledger } from '@jinku/ledger';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueCatchUp } from './catch-up';
import { handlersFor } from './handlers';
import { INTEREST_CATCH_UP, INTEREST_SETTLEMENT } from './schedules';
import type { SettlementProgress } from './settlement-job';
import { startWorker, type RunningWorker } from './worker';

const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const queueName = `jinku-test-${randomUUID()}`;
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
let database: TestDatabase;
let ledger: Ledger;
let worker: RunningWorker;

const supervisor = (treasuryId: string): Actor => ({
  kind: 'person',
  userId: `sup-${treasuryId}`,
  login: 'sup',
  treasuryId,
  posts: ['accounting_supervisor'],
  scopes: [],
  reach: [treasuryId],
  jurisdictionId: 'SZ',
});

async function closeThrough(treasuryId: string, until: string): Promise<void> {
  for (let day = (await ledger.days.current(treasuryId)).date; day < until; day = (await ledger.days.current(treasuryId)).date) {
    await ledger.closeBusinessDay(supervisor(treasuryId), treasuryId, day);
  }
}

beforeAll(async () => {
  database = await createTestDatabase([ledgerMigrations, approvalsMigrations, interestMigrations]);
  ledger = createLedger(database);
  // The books start on Thursday 17 December; Sunday the 20th is closed once Monday the 21st is open.
  await seedLedgerDemo(ledger.setup, ledger.days, '2026-12-17');
  await database.sql`insert into interest.rates (jurisdiction_id, effective_from, annual_rate, approval_request_id) values ('SZ', '2025-01-01', 0.0036, 1)`;
  await closeThrough('SZ', '2026-12-21');
  await closeThrough('SZ-FT', '2026-12-21');
  // SZ-FT's interest of the 20th has run (one run row is enough); SZ-LG has not closed the 20th.
  await database.sql`
    insert into interest.runs (treasury_id, account_id, settlement_day, accumulation, annual_rate, amount, posted_on)
    select 'SZ-FT', id, '2026-12-20', 0, 0.0036, 0, '2026-12-21' from ledger.accounts where treasury_id = 'SZ-FT' limit 1`;
  worker = startWorker({ redisUrl, log: pino({ level: 'silent' }), queueName, handlers: handlersFor(database) });
});

afterAll(async () => {
  await worker?.queue.obliterate({ force: true });
  await worker?.close();
  await database?.drop();
  await connection.quit();
});

describe('catch-up of missed settlements (from PostgreSQL, not Redis)', () => {
  it('finds the settlement days closed since the books started that have no interest run', async () => {
    expect(await createInterest(database, ledger).scheduled.missedSettlements()).toEqual([{ treasuryId: 'SZ', settlementDay: '2026-12-20' }]);
  });

  it('queues a settlement job for the treasuries that missed the day, which queues their posting', async () => {
    const queue = new Queue(queueName, { connection });
    const events = new QueueEvents(queueName, { connection: connection.duplicate() });
    await events.waitUntilReady();

    await queueCatchUp(queue);
    const [catchUp] = await queue.getJobs(['waiting', 'active', 'completed'], 0, 0);
    expect(catchUp!.name).toBe(INTEREST_CATCH_UP.id);
    expect(await catchUp!.waitUntilFinished(events, 20_000)).toEqual({ missed: [{ treasuryId: 'SZ', settlementDay: '2026-12-20' }] });

    const settlement = (await queue.getJobs(['waiting', 'active', 'completed', 'failed'])).find((j) => j.name === INTEREST_SETTLEMENT.id)!;
    expect(settlement.data).toEqual({ settlementDay: '2026-12-20', treasuryIds: ['SZ'] });
    const settled = (await settlement.waitUntilFinished(events, 20_000)) as SettlementProgress;
    expect(settled.treasuries).toEqual({ SZ: { status: 'queued', postingDay: '2026-12-21' } });
    expect((await queue.getDelayed()).map((j) => j.id)).toEqual(['interest-posting:SZ:2026-12-20']);

    await events.close();
    await queue.close();
  });
});
