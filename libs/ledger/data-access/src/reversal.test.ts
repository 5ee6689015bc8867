import { parseAmount, type Actor } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { redReversalOf, type PostedVoucher, type VoucherDraft } from '@jinku/ledger-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval, ReverseVoucherCommand } from './ledger';
import { FIRST_DAY, ledgerFixture, payment, receipt, TREASURY, voucher, type LedgerFixture } from './testing/fixture';

let f: LedgerFixture;
/** The maker of every correction request here; the supervisor approves them. */
let maker: Actor;
let wrong: PostedVoucher;

beforeAll(async () => {
  f = await ledgerFixture();
  maker = f.person(['fiscal_refund_operator']);
  await f.receive('fund', receipt('1000.00'));
  // Paid out 300.00 where the payment order said 30.00.
  wrong = await f.postSystem('wrong-1', payment('300.00'));
});
afterAll(() => f.database.drop());

const balanceOf = async (number: string) => (await f.ledger.accounts.get(TREASURY, number)).balance.toFixed(2);
const linesOf = (v: PostedVoucher) => v.lines.map((l) => [l.account.number, l.side, l.amount.toFixed(2)]);
const approvalOf = (requestId: number): Approval => ({ checkerId: f.supervisor.userId, requestId: String(requestId) });

const commandOf = (voucherId: string, requestId: number, correctionAmount: string | null): ReverseVoucherCommand => ({
  treasuryId: TREASURY,
  voucherId,
  summary: '冲正错付库款',
  documents: [{ kind: 'correction_notice', reference: `CN-${requestId}` }],
  correctionLines: correctionAmount === null ? [] : payment(correctionAmount).lines,
});

/** The correction approved by request `requestId`, posted in the transaction of its final approval. */
const reverse = (voucherId: string, requestId: number, correctionAmount: string | null) =>
  f.database.sql.begin((tx) => f.ledger.reverseApproved(tx, maker, approvalOf(requestId), commandOf(voucherId, requestId, correctionAmount)));

describe('red reversal and blue correction (R30)', () => {
  let fixed: Awaited<ReturnType<typeof reverse>>;

  it('posts a red reversal and a blue correction linked to the original; balances end as if only the right voucher was posted', async () => {
    expect(await balanceOf('201103')).toBe('700.00'); // 1000.00 − 300.00
    const original = await f.ledger.vouchers.get(TREASURY, wrong.id);
    const before = await f.counts();

    fixed = await reverse(wrong.id, 1, '30.00');

    expect(fixed.reversal).toMatchObject({ kind: 'reversal', reversesVoucherId: wrong.id, correctsVoucherId: null, businessDate: FIRST_DAY });
    // Maker and checker are on both vouchers, under keys derived from the request in the system's key space.
    const approved = { makerId: maker.userId, checkerId: f.supervisor.userId, approvalRequestId: '1' };
    expect(fixed.reversal).toMatchObject({ ...approved, idempotencyKey: 'sys:approval-request:1' });
    expect(fixed.correction).toMatchObject({ ...approved, idempotencyKey: 'sys:approval-request:1:correction' });
    expect(linesOf(fixed.reversal)).toEqual([
      ['201103', 'debit', '-300.00'],
      ['105100', 'credit', '-300.00'],
    ]);
    expect(fixed.correction).toMatchObject({ kind: 'correction', correctsVoucherId: wrong.id, reversesVoucherId: null });
    expect(linesOf(fixed.correction!)).toEqual([
      ['201103', 'debit', '30.00'],
      ['105100', 'credit', '30.00'],
    ]);

    // What was stored, not only what was returned.
    const storedReversal = await f.ledger.vouchers.get(TREASURY, fixed.reversal.id);
    expect(storedReversal).toMatchObject({ kind: 'reversal', reversesVoucherId: wrong.id, correctsVoucherId: null });
    expect(linesOf(storedReversal)).toEqual(linesOf(fixed.reversal));
    const storedCorrection = await f.ledger.vouchers.get(TREASURY, fixed.correction!.id);
    expect(storedCorrection).toMatchObject({ kind: 'correction', correctsVoucherId: wrong.id, reversesVoucherId: null });
    expect(linesOf(storedCorrection)).toEqual(linesOf(fixed.correction!));

    // 1000.00 received, 30.00 paid: as if only the right voucher had been posted.
    expect(await balanceOf('201103')).toBe('970.00');
    expect(await balanceOf('105100')).toBe('970.00');
    const after = await f.counts();
    expect({ vouchers: after.vouchers - before.vouchers, entries: after.entries - before.entries }).toEqual({ vouchers: 2, entries: 4 });

    // The wrong voucher itself is untouched (append-only, R70).
    expect(await f.ledger.vouchers.get(TREASURY, wrong.id)).toEqual(original);

    // Red ink lowers turnover: 201103 debit = 300.00 − 300.00 + 30.00 = 30.00, credit 1000.00, closing 970.00.
    const statement = await f.ledger.days.statement(TREASURY, FIRST_DAY);
    const row = statement.accounts.find((r) => r.accountNumber === '201103')!;
    expect([row.debit, row.credit, row.closing].map((a) => a.toFixed(2))).toEqual(['30.00', '1000.00', '970.00']);
    expect(statement.failures).toEqual([]);
  });

  it('a retry of the same approved request returns the same vouchers and posts nothing', async () => {
    const before = await f.counts();
    const again = await reverse(wrong.id, 1, '30.00');
    expect(again.reversal.id).toBe(fixed.reversal.id);
    expect(again.correction!.id).toBe(fixed.correction!.id);
    expect(again).toEqual(fixed);
    const concurrent = await Promise.all([1, 2, 3].map(() => reverse(wrong.id, 1, '30.00')));
    expect(new Set(concurrent.flatMap((r) => [r.reversal.id, r.correction!.id]))).toEqual(new Set([fixed.reversal.id, fixed.correction!.id]));
    expect(await f.counts()).toEqual(before);
    expect(await balanceOf('201103')).toBe('970.00');
  });

  it('the same request with a different correction, or none, is refused', async () => {
    const before = await f.counts();
    for (const correction of ['31.00', null]) {
      expect(await refusalOf(reverse(wrong.id, 1, correction)), `correction ${correction}`).toMatchObject({
        kind: 'already_exists',
        reason: 'IDEMPOTENCY_KEY_REUSED',
      });
    }
    expect(await f.counts()).toEqual(before);
  });

  it('a request first posted without a correction cannot later bring one', async () => {
    const other = await f.postSystem('wrong-k', payment('5.00'));
    const plain = await reverse(other.id, 2, null);
    expect(plain.correction).toBeNull();
    const before = await f.counts();
    expect(await refusalOf(reverse(other.id, 2, '4.00'))).toMatchObject({ kind: 'already_exists', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await f.counts()).toEqual(before);
    expect(await balanceOf('201103')).toBe('970.00'); // −5.00 paid, +5.00 reversed, nothing more
  });

  it('reversing an already reversed voucher is refused and writes nothing', async () => {
    const before = await f.counts();
    for (const [requestId, correction] of [[3, '30.00'], [4, null]] as const) {
      expect(await refusalOf(reverse(wrong.id, requestId, correction))).toMatchObject({
        kind: 'failed_precondition',
        reason: 'ALREADY_REVERSED',
      });
    }
    expect(await f.counts()).toEqual(before);
    expect(await balanceOf('201103')).toBe('970.00');
  });

  it('two different reversals of one voucher racing: exactly one is posted', async () => {
    const target = await f.postSystem('wrong-race', payment('10.00'));
    const before = await f.counts();
    const results = await Promise.allSettled([reverse(target.id, 5, '1.00'), reverse(target.id, 6, '2.00'), reverse(target.id, 7, null)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { reason: string }).reason] : []));
    expect(refused).toEqual(['ALREADY_REVERSED', 'ALREADY_REVERSED']);
    const after = await f.counts();
    const won = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof reverse>>>).value;
    expect(after.vouchers - before.vouchers).toBe(won.correction ? 2 : 1);
    const [links] = await f.database.sql<{ n: number }[]>`select count(*)::int as n from ledger.vouchers where reverses_voucher_id = ${target.id}`;
    expect(links!.n).toBe(1);
  });

  it('a reversal cannot itself be reversed', async () => {
    const before = await f.counts();
    expect(await refusalOf(reverse(fixed.reversal.id, 8, null))).toMatchObject({
      kind: 'failed_precondition',
      reason: 'CANNOT_REVERSE_REVERSAL',
    });
    expect(await f.counts()).toEqual(before);
  });

  it('a correction that would overdraw refuses both vouchers, and the original can still be reversed afterwards', async () => {
    const wrong2 = await f.postSystem('wrong-2', payment('200.00'));
    const balance = await balanceOf('201103');
    const before = await f.counts();
    // After the red reversal the account would hold balance + 200.00; a correction of one fen more overdraws it.
    const tooMuch = parseAmount(balance).plus('200.01').toFixed(2);
    expect(await refusalOf(reverse(wrong2.id, 9, tooMuch))).toMatchObject({ kind: 'failed_precondition', reason: 'INSUFFICIENT_BALANCE' });
    expect(await f.counts()).toEqual(before);
    expect(await balanceOf('201103')).toBe(balance);
    const [links] = await f.database.sql<{ n: number }[]>`
      select count(*)::int as n from ledger.vouchers where reverses_voucher_id = ${wrong2.id} or corrects_voucher_id = ${wrong2.id}`;
    expect(links!.n).toBe(0);

    // Nothing half-written: the same voucher reverses fine with a correction that fits.
    const ok = await reverse(wrong2.id, 10, '20.00');
    expect(ok.reversal.reversesVoucherId).toBe(wrong2.id);
    expect(await balanceOf('201103')).toBe(parseAmount(balance).plus('180.00').toFixed(2)); // + 200.00 red − 20.00 blue
  });

  it('an invalid correction refuses the reversal too, with the correction’s own reason', async () => {
    const wrong3 = await f.postSystem('wrong-3', payment('3.00'));
    const before = await f.counts();
    const unbalanced = voucher([['201103', 'debit', '2.00'], ['105100', 'credit', '1.99']]).lines;
    const command = { ...commandOf(wrong3.id, 11, null), summary: '冲正', correctionLines: unbalanced };
    expect(await refusalOf(f.database.sql.begin((tx) => f.ledger.reverseApproved(tx, maker, approvalOf(11), command)))).toMatchObject({
      kind: 'invalid_argument',
      reason: 'UNBALANCED_VOUCHER',
    });
    expect(await f.counts()).toEqual(before);
  });

  it('refuses an unknown voucher, writing nothing', async () => {
    const before = await f.counts();
    expect(await refusalOf(reverse('999999', 12, null))).toMatchObject({ kind: 'not_found', reason: 'VOUCHER_NOT_FOUND' });
    expect(await f.counts()).toEqual(before);
  });

  it('a client cannot reverse directly: a red voucher through postReceipt is NOT_A_RECEIPT', async () => {
    const before = await f.counts();
    const red: VoucherDraft = { kind: 'reversal', summary: '冲正', documents: [{ kind: 'correction_notice', reference: 'CN-client' }], lines: redReversalOf(wrong) };
    expect(await refusalOf(f.receive('client-reversal', red))).toMatchObject({ kind: 'permission_denied', reason: 'NOT_A_RECEIPT' });
    expect(await f.counts()).toEqual(before);
  });

  it('a correction rolled back with its approval leaves nothing, and the voucher can still be corrected', async () => {
    const target = await f.postSystem('wrong-rollback', payment('7.00'));
    const before = await f.counts();
    const balance = await balanceOf('201103');
    const approvalFailed = new Error('the final approval did not commit');
    await expect(
      f.database.sql.begin(async (tx) => {
        await f.ledger.reverseApproved(tx, maker, approvalOf(13), commandOf(target.id, 13, '0.70'));
        throw approvalFailed;
      }),
    ).rejects.toBe(approvalFailed);
    expect(await f.counts()).toEqual(before);
    expect(await balanceOf('201103')).toBe(balance);
    expect((await reverse(target.id, 13, '0.70')).reversal.reversesVoucherId).toBe(target.id);
  });

  it('reversing a voucher of a closed day posts into the open day and leaves the closed statement as it was (R42)', async () => {
    const late = await f.postSystem('wrong-4', payment('40.00'));
    const { statement: friday, opened } = await f.ledger.closeBusinessDay(f.supervisor, TREASURY, FIRST_DAY);
    const balance = await balanceOf('201103');

    const fix = await reverse(late.id, 14, '4.00');
    expect(fix.reversal.businessDate).toBe(opened.date);
    expect(fix.correction!.businessDate).toBe(opened.date);
    expect(await balanceOf('201103')).toBe(parseAmount(balance).plus('36.00').toFixed(2)); // + 40.00 red − 4.00 blue

    const frozen = await f.ledger.days.statement(TREASURY, FIRST_DAY);
    const money = (s: typeof friday) => s.accounts.map((r) => [r.accountNumber, r.opening, r.debit, r.credit, r.closing].map(String));
    expect(money(frozen)).toEqual(money(friday));
    // Monday: 201103 debit = −40.00 red + 4.00 blue = −36.00
    const monday = (await f.ledger.days.statement(TREASURY, opened.date)).accounts.find((r) => r.accountNumber === '201103')!;
    expect(monday.debit.toFixed(2)).toBe('-36.00');
  });
});
