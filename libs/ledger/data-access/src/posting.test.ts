import { refusalOf } from '@jinku/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerFixture, payment, receipt, TREASURY, voucher, type LedgerFixture } from './testing/fixture';

let f: LedgerFixture;
beforeAll(async () => {
  f = await ledgerFixture();
});
afterAll(() => f.database.drop());


const balanceOf = async (number: string) => (await f.ledger.accounts.get(TREASURY, number)).balance.toFixed(2);

describe('posting vouchers', () => {
  it('posts a balanced voucher into the open day and moves both balances', async () => {
    const posted = await f.ledger.postVoucher(f.operator, { treasuryId: TREASURY, idempotencyKey: 'post-1', draft: receipt('1000.10') });
    expect(posted.businessDate).toBe('2026-11-20');
    expect(posted.makerId).toBe(f.operator.userId);
    expect(await balanceOf('201103')).toBe('1000.10');
    expect(await balanceOf('105100')).toBe('1000.10');
  });

  it('refuses an unbalanced voucher and writes nothing', async () => {
    const before = await f.counts();
    const draft = voucher([['105100', 'debit', '10.00'], ['201103', 'credit', '9.99']]);
    expect(await refusalOf(f.ledger.postVoucher(f.operator, { treasuryId: TREASURY, idempotencyKey: 'unbalanced', draft }))).toMatchObject({
      kind: 'invalid_argument',
      reason: 'UNBALANCED_VOUCHER',
    });
    expect(await f.counts()).toEqual(before);
  });

  it('lets only posting posts of the same treasury post', async () => {
    const before = await f.counts();
    const draft = receipt('1.00');
    for (const [actor, reason] of [
      [f.supervisor, 'POST_MAY_NOT_POST'],
      [f.actor(['system_admin']), 'POST_MAY_NOT_POST'],
      [f.actor(['income_operator'], 'FT'), 'OTHER_TREASURY'],
    ] as const) {
      expect(await refusalOf(f.ledger.postVoucher(actor, { treasuryId: TREASURY, idempotencyKey: `perm-${reason}`, draft }))).toMatchObject({
        kind: 'permission_denied',
        reason,
      });
    }
    expect(await f.counts()).toEqual(before);
  });

  it('refuses an overdraft of a deposit account and writes nothing', async () => {
    const available = await balanceOf('201103');
    const before = await f.counts();
    const overdraft = payment('1000.11');
    expect(await refusalOf(f.ledger.postVoucher(f.operator, { treasuryId: TREASURY, idempotencyKey: 'overdraft', draft: overdraft }))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'INSUFFICIENT_BALANCE',
    });
    expect(await f.counts()).toEqual(before);
    expect(await balanceOf('201103')).toBe(available);
  });

  it('under concurrency, two debits that fit alone but not together: exactly one succeeds', async () => {
    await f.ledger.postVoucher(f.operator, { treasuryId: TREASURY, idempotencyKey: 'fund-2011-02', draft: voucher([['105100', 'debit', '100.00'], ['201102', 'credit', '100.00']]) });
    const debit = (key: string) =>
      f.ledger.postVouchers(f.operator, [{ treasuryId: TREASURY, idempotencyKey: key, draft: voucher([['201102', 'debit', '60.00'], ['105100', 'credit', '60.00']]) }]);
    const results = (await Promise.all([debit('race-a'), debit('race-b'), debit('race-c')])).flat();
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.reason)).toEqual(['INSUFFICIENT_BALANCE', 'INSUFFICIENT_BALANCE']);
    expect(await balanceOf('201102')).toBe('40.00');
  });

  it('a retry with the same key returns the first voucher, even from many concurrent clients', async () => {
    const before = await f.counts();
    const post = () => f.ledger.postVoucher(f.operator, { treasuryId: TREASURY, idempotencyKey: 'retry-1', draft: receipt('5.00') });
    const batch = () => f.ledger.postVouchers(f.operator, [{ treasuryId: TREASURY, idempotencyKey: 'retry-1', draft: receipt('5.00') }]);
    const [a, b, c, [d]] = await Promise.all([post(), post(), post(), batch()]);
    expect(new Set([a.id, b.id, c.id, d!.ok && d!.voucher.id])).toEqual(new Set([a.id]));
    const after = await f.counts();
    expect(after.vouchers - before.vouchers).toBe(1);
    expect(after.entries - before.entries).toBe(2);
  });

  it('the same key with a different body is refused', async () => {
    expect(await refusalOf(f.ledger.postVoucher(f.operator, { treasuryId: TREASURY, idempotencyKey: 'retry-1', draft: receipt('5.01') }))).toMatchObject({
      kind: 'already_exists',
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('a batch is atomic per voucher: good vouchers post, bad ones are refused', async () => {
    const outcomes = await f.ledger.postVouchers(f.operator, [
      { treasuryId: TREASURY, idempotencyKey: 'batch-1', draft: receipt('1.00') },
      { treasuryId: TREASURY, idempotencyKey: 'batch-2', draft: payment('999999.00') },
      { treasuryId: TREASURY, idempotencyKey: 'batch-3', draft: receipt('2.00') },
    ]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.reason))).toEqual(['ok', 'INSUFFICIENT_BALANCE', 'ok']);
  });

  it('posted rows cannot be updated or deleted, even by direct SQL', async () => {
    await expect(f.database.sql`update ledger.entries set amount = amount + 1`).rejects.toThrow(/append-only/);
    await expect(f.database.sql`delete from ledger.vouchers`).rejects.toThrow(/append-only/);
    await expect(f.database.sql`truncate ledger.entries cascade`).rejects.toThrow(/append-only/);
  });
});
