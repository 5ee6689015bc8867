import { parseAmount, POSTS } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import type { VoucherDraft } from '@jinku/ledger-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerFixture, payment, receipt, SUB_TREASURY, TREASURY, voucher, type LedgerFixture } from './testing/fixture';

let f: LedgerFixture;
beforeAll(async () => {
  f = await ledgerFixture();
});
afterAll(() => f.database.drop());

const balanceOf = async (number: string) => (await f.ledger.accounts.get(TREASURY, number)).balance.toFixed(2);
const command = (idempotencyKey: string, draft: VoucherDraft) => ({ treasuryId: TREASURY, idempotencyKey, draft });
const reasonsOf = (outcomes: Awaited<ReturnType<LedgerFixture['ledger']['postReceipts']>>) => outcomes.map((o) => (o.ok ? 'ok' : o.error.reason));

describe('posting receipts', () => {
  it('posts a balanced receipt into the open day and moves both balances', async () => {
    const posted = await f.receive('post-1', receipt('1000.10'));
    expect(posted.businessDate).toBe('2026-11-20');
    expect(posted.makerId).toBe(f.link.userId);
    expect(posted.idempotencyKey).toBe('post-1');
    expect(await balanceOf('201103')).toBe('1000.10');
    expect(await balanceOf('105100')).toBe('1000.10');
  });

  it('refuses an unbalanced voucher and writes nothing', async () => {
    const before = await f.counts();
    const draft = voucher([['105100', 'debit', '10.00'], ['201103', 'credit', '9.99']]);
    expect(await refusalOf(f.receive('unbalanced', draft))).toMatchObject({ kind: 'invalid_argument', reason: 'UNBALANCED_VOUCHER' });
    expect(await f.counts()).toEqual(before);
  });

  it('lets only a receipt-posting principal of the same treasury post; a person with any post is refused', async () => {
    const before = await f.counts();
    const refused = [
      ...POSTS.map((post) => [f.person([post]), 'POST_MAY_NOT_POST'] as const),
      [f.person([...POSTS]), 'POST_MAY_NOT_POST'],
      [f.machine(['ledger_read']), 'POST_MAY_NOT_POST'],
      [f.system, 'POST_MAY_NOT_POST'],
      [f.machine(['receipt_posting'], SUB_TREASURY), 'OTHER_TREASURY'],
    ] as const;
    for (const [actor, reason] of refused) {
      const label = `${actor.kind} ${actor.posts.join() || actor.scopes.join()}@${actor.treasuryId}`;
      expect(await refusalOf(f.ledger.postReceipt(actor, command(`perm-${actor.userId}`, receipt('1.00')))), label).toMatchObject({
        kind: 'permission_denied',
        reason,
      });
      expect(reasonsOf(await f.ledger.postReceipts(actor, [command(`perm-batch-${actor.userId}`, receipt('1.00'))])), label).toEqual([reason]);
    }
    expect(await f.counts()).toEqual(before);
  });

  it('refuses anything that is not a receipt (NOT_A_RECEIPT) and writes nothing', async () => {
    const before = await f.counts();
    // A red reversal of a receipt: negative amounts on the receipt's own lines.
    const reversal: VoucherDraft = { ...voucher([['105100', 'debit', '-1.00'], ['201103', 'credit', '-1.00']]), kind: 'reversal' };
    const correction: VoucherDraft = { ...receipt('1.00'), kind: 'correction' };
    const drafts: [string, VoucherDraft][] = [
      ['payment out of a deposit', payment('1.00')],
      ['suspense payment', voucher([['103100', 'debit', '1.00'], ['201103', 'credit', '1.00']])],
      ['into suspense receipts', voucher([['105100', 'debit', '1.00'], ['203100', 'credit', '1.00']])],
      ['between deposits', voucher([['201103', 'debit', '1.00'], ['201102', 'credit', '1.00']])],
      ['interest expense', voucher([['501100', 'debit', '1.00'], ['201103', 'credit', '1.00']])],
      ['off-balance custody', voucher([['701100', 'receipt', '1.00']])],
      ['a reversal', reversal],
      ['a correction', correction],
    ];
    for (const [label, draft] of drafts) {
      expect(await refusalOf(f.receive(`not-receipt-${label}`, draft)), label).toMatchObject({ kind: 'permission_denied', reason: 'NOT_A_RECEIPT' });
    }
    const outcomes = await f.ledger.postReceipts(
      f.link,
      drafts.map(([label, draft]) => command(`not-receipt-batch-${label}`, draft)),
    );
    expect(reasonsOf(outcomes)).toEqual(drafts.map(() => 'NOT_A_RECEIPT'));
    expect(await f.counts()).toEqual(before);
  });

  it('refuses client keys in the system key space (RESERVED_IDEMPOTENCY_KEY), so the system can still use them', async () => {
    const before = await f.counts();
    for (const key of ['sys:approval-request:1', 'sys:interest']) {
      expect(await refusalOf(f.receive(key, receipt('1.00'))), key).toMatchObject({ kind: 'invalid_argument', reason: 'RESERVED_IDEMPOTENCY_KEY' });
      expect(reasonsOf(await f.ledger.postReceipts(f.link, [command(key, receipt('1.00'))])), key).toEqual(['RESERVED_IDEMPOTENCY_KEY']);
    }
    expect(await f.counts()).toEqual(before);
    // A key that merely mentions the prefix later is the client's own.
    expect((await f.receive('tips:sys:1', receipt('0.01'))).idempotencyKey).toBe('tips:sys:1');
    expect((await f.postSystem('interest', receipt('0.01'))).idempotencyKey).toBe('sys:interest');
  });

  it('refuses an overdraft of a deposit account and writes nothing', async () => {
    const available = await balanceOf('201103');
    const before = await f.counts();
    const overdraft = payment(parseAmount(available).plus('0.01').toFixed(2));
    expect(await refusalOf(f.postSystem('overdraft', overdraft))).toMatchObject({ kind: 'failed_precondition', reason: 'INSUFFICIENT_BALANCE' });
    expect(await f.counts()).toEqual(before);
    expect(await balanceOf('201103')).toBe(available);
  });

  it('under concurrency, two debits that fit alone but not together: exactly one succeeds', async () => {
    await f.receive('fund-2011-02', voucher([['105100', 'debit', '100.00'], ['201102', 'credit', '100.00']]));
    const debit = (purpose: string) => f.postSystem(purpose, voucher([['201102', 'debit', '60.00'], ['105100', 'credit', '60.00']], '库款支拨'));
    const results = await Promise.allSettled([debit('race-a'), debit('race-b'), debit('race-c')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { reason: string }).reason] : []))).toEqual([
      'INSUFFICIENT_BALANCE',
      'INSUFFICIENT_BALANCE',
    ]);
    expect(await balanceOf('201102')).toBe('40.00');
  });

  it('a retry with the same key returns the first voucher, even from many concurrent clients', async () => {
    const before = await f.counts();
    const post = () => f.receive('retry-1', receipt('5.00'));
    const batch = () => f.ledger.postReceipts(f.link, [command('retry-1', receipt('5.00'))]);
    const [a, b, c, [d]] = await Promise.all([post(), post(), post(), batch()]);
    expect(new Set([a.id, b.id, c.id, d!.ok && d!.voucher.id])).toEqual(new Set([a.id]));
    const after = await f.counts();
    expect(after.vouchers - before.vouchers).toBe(1);
    expect(after.entries - before.entries).toBe(2);
  });

  it('the same key with a different body is refused', async () => {
    expect(await refusalOf(f.receive('retry-1', receipt('5.01')))).toMatchObject({ kind: 'already_exists', reason: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('a key replays only to the principal that used it first: another principal is refused and learns nothing', async () => {
    const first = await f.receive('shared-key', receipt('6.00'));
    const before = await f.counts();
    const other = f.machine(['receipt_posting']);
    expect(await refusalOf(f.ledger.postReceipt(other, command('shared-key', receipt('6.00'))))).toMatchObject({
      kind: 'already_exists',
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(reasonsOf(await f.ledger.postReceipts(other, [command('shared-key', receipt('6.00'))]))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await f.counts()).toEqual(before);
    expect((await f.receive('shared-key', receipt('6.00'))).id).toBe(first.id);
  });

  it('eight concurrent calls with one key and two bodies: one voucher, replayed to its body, refused to the other', async () => {
    const before = await f.counts();
    const amounts = Array.from({ length: 8 }, (_, i) => (i % 3 === 1 ? '8.01' : '8.00'));
    const results = await Promise.allSettled(amounts.map((amount) => f.receive('contested', receipt(amount))));

    const stored = await f.database.sql<{ id: string }[]>`select id from ledger.vouchers where idempotency_key = 'contested'`;
    expect(stored).toHaveLength(1);
    const winner = await f.ledger.vouchers.get(TREASURY, stored[0]!.id);
    const winningAmount = winner.lines[0]!.amount.toFixed(2);
    results.forEach((result, i) => {
      if (amounts[i] === winningAmount) expect(result.status === 'fulfilled' && result.value.id, `call ${i}`).toBe(winner.id);
      else expect(result.status === 'rejected' && (result.reason as { reason: string }).reason, `call ${i}`).toBe('IDEMPOTENCY_KEY_REUSED');
    });
    const after = await f.counts();
    expect({ vouchers: after.vouchers - before.vouchers, entries: after.entries - before.entries }).toEqual({ vouchers: 1, entries: 2 });
  });

  it('a batch is atomic per voucher: good vouchers post, bad ones are refused, before or inside the transaction', async () => {
    const before = await f.counts();
    const outcomes = await f.ledger.postReceipts(f.link, [
      command('batch-1', receipt('1.00')),
      command('retry-1', receipt('5.02')), // refused inside the transaction, on the stored key
      command('batch-2', payment('1.00')), // refused before it
      command('batch-3', voucher([['105100', 'debit', '1.00'], ['201103', 'credit', '0.99']])),
      command('batch-4', receipt('2.00')),
    ]);
    expect(reasonsOf(outcomes)).toEqual(['ok', 'IDEMPOTENCY_KEY_REUSED', 'NOT_A_RECEIPT', 'UNBALANCED_VOUCHER', 'ok']);
    const after = await f.counts();
    expect({ vouchers: after.vouchers - before.vouchers, entries: after.entries - before.entries }).toEqual({ vouchers: 2, entries: 4 });
  });

  it('posted rows cannot be updated or deleted, even by direct SQL', async () => {
    await expect(f.database.sql`update ledger.entries set amount = amount + 1`).rejects.toThrow(/append-only/);
    await expect(f.database.sql`delete from ledger.vouchers`).rejects.toThrow(/append-only/);
    await expect(f.database.sql`truncate ledger.entries cascade`).rejects.toThrow(/append-only/);
  });
});
