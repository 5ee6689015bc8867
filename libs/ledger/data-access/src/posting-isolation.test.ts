import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from './ledger';
import type { PostingOutcome } from './posting-engine';
import { ledgerFixture, receipt, TREASURY, voucher, type LedgerFixture } from './testing/fixture';

/**
 * Issue "robust under bad input and faults": a voucher the database refuses must cost no other voucher of
 * the transaction it was grouped into. Validation keeps known bad input out; these tests make the real
 * database refuse what validation let through — a constraint, and a column, narrower than the ledger's
 * own limits, as a schema drifting from the code would be — and check that every other voucher posts.
 */
let f: LedgerFixture;
beforeAll(async () => {
  f = await ledgerFixture();
});
afterAll(() => f.database.drop());

const LEGACY_SUMMARY_WIDTH = 40;
const command = (idempotencyKey: string, draft = receipt('1.00')) => ({ treasuryId: TREASURY, idempotencyKey, draft });
/** A receipt whose summary is within the ledger's limit (500) but beyond the legacy constraint below. */
const tooWideForTheDatabase = (idempotencyKey: string) => command(idempotencyKey, voucher([['105100', 'debit', '1.00'], ['201103', 'credit', '1.00']], '摘'.repeat(LEGACY_SUMMARY_WIDTH + 1)));
const reasonsOf = (outcomes: PostingOutcome[]) => outcomes.map((o) => (o.ok ? 'ok' : o.error.reason));
const balanceOf = async (number: string) => (await f.ledger.accounts.get(TREASURY, number)).balance.toFixed(2);

async function withLegacySummaryConstraint(work: () => Promise<void>): Promise<void> {
  await f.database.sql.unsafe(`alter table ledger.vouchers add constraint legacy_summary_width check (char_length(summary) <= ${LEGACY_SUMMARY_WIDTH})`);
  try {
    await work();
  } finally {
    await f.database.sql`alter table ledger.vouchers drop constraint legacy_summary_width`;
  }
}

describe('a voucher the database refuses', () => {
  it('in a batch: only that voucher is refused (REFUSED_BY_DATABASE), every other one posts', async () => {
    await withLegacySummaryConstraint(async () => {
      const before = await f.counts();
      const balance = await balanceOf('201103');
      const commands = Array.from({ length: 10 }, (_, i) => (i === 6 ? tooWideForTheDatabase('batch-poison') : command(`batch-${i}`)));
      const outcomes = await f.ledger.postReceipts(f.link, commands);
      expect(reasonsOf(outcomes)).toEqual(commands.map((_, i) => (i === 6 ? 'REFUSED_BY_DATABASE' : 'ok')));
      expect(outcomes[6]).toMatchObject({ ok: false, error: { kind: 'failed_precondition', details: { sqlState: '23514' } } });
      const after = await f.counts();
      expect({ vouchers: after.vouchers - before.vouchers, entries: after.entries - before.entries }).toEqual({ vouchers: 9, entries: 18 });
      expect(await balanceOf('201103')).toBe((Number(balance) + 9).toFixed(2));
    });
  });

  it('in a group commit: 40 concurrent callers all post, the two poisoned ones alone are refused', async () => {
    // One transaction in flight at a time: everything that arrives meanwhile goes into the next group together.
    const ledger = createLedger(f.database, { concurrency: 1 });
    await withLegacySummaryConstraint(async () => {
      const before = await f.counts();
      const calls = [
        ...Array.from({ length: 20 }, (_, i) => command(`group-a-${i}`)),
        tooWideForTheDatabase('group-poison-1'),
        ...Array.from({ length: 20 }, (_, i) => command(`group-b-${i}`)),
        tooWideForTheDatabase('group-poison-2'),
      ];
      const results = await Promise.allSettled(calls.map((c) => ledger.postReceipt(f.link, c)));
      const outcome = (r: PromiseSettledResult<unknown>) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { reason: string }).reason);
      expect(results.map(outcome)).toEqual(calls.map((c) => (c.idempotencyKey.includes('poison') ? 'REFUSED_BY_DATABASE' : 'ok')));
      const after = await f.counts();
      expect(after.vouchers - before.vouchers).toBe(40);
    });
  });

  it('a value the database cannot store (a data exception) is UNSTORABLE_VALUE for that voucher only', async () => {
    // As if the entries column were narrower than NUMERIC(20,2): 10^10 yuan no longer fits.
    await f.database.sql`alter table ledger.entries alter column amount type numeric(12,2)`;
    try {
      const before = await f.counts();
      const outcomes = await f.ledger.postReceipts(f.link, [command('narrow-1'), command('narrow-big', receipt('10000000000.00')), command('narrow-2')]);
      expect(reasonsOf(outcomes)).toEqual(['ok', 'UNSTORABLE_VALUE', 'ok']);
      expect(outcomes[1]).toMatchObject({ ok: false, error: { kind: 'invalid_argument', details: { sqlState: '22003' } } });
      expect((await f.counts()).vouchers - before.vouchers).toBe(2);
    } finally {
      await f.database.sql`alter table ledger.entries alter column amount type numeric(20,2)`;
    }
  });

  it('inside an all-or-nothing posting nothing is split: the failure stays the whole posting’s', async () => {
    await withLegacySummaryConstraint(async () => {
      const before = await f.counts();
      const wide = voucher([['105100', 'debit', '1.00'], ['201103', 'credit', '1.00']], '摘'.repeat(LEGACY_SUMMARY_WIDTH + 1));
      await expect(f.postSystem('all-or-nothing-wide', wide)).rejects.toMatchObject({ code: '23514' });
      expect(await f.counts()).toEqual(before);
    });
  });
});
