import { systemActor, parseAmount } from '@jinku/kernel';
import { refusalOf } from '@jinku/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValuables } from './valuables';
import { valuablesFixture, type ValuablesFixture, type ValuablesTreasury } from './testing/valuables-fixture';

let f: ValuablesFixture;

beforeAll(async () => {
  f = await valuablesFixture('2026-03-02');
});

afterAll(async () => {
  await f?.database.drop();
});

/** A treasury of the test's own, its voucher clerk (the keeper), two users, the department head and the supervisor. */
async function treasury() {
  const t: ValuablesTreasury = await f.treasury();
  return {
    ...t,
    clerk: t.person('u-clerk', 'voucher_clerk'),
    user: t.person('u-user', 'income_operator'),
    other: t.person('u-other', 'fiscal_refund_operator'),
    head: t.person('u-head', 'department_head'),
    supervisor: t.person('u-supervisor', 'accounting_supervisor'),
  };
}

type Staff = Awaited<ReturnType<typeof treasury>>;
let keys = 0;
const key = () => `key-${(keys += 1)}`;
const refundBook = 'revenue_refund_book';

const receive = (t: Staff, firstSerial: string, lastSerial: string, kind = refundBook) =>
  f.valuables.receive(t.clerk, { kind, firstSerial, lastSerial, documentReference: 'RK-2026-001', idempotencyKey: key() });
const issue = (t: Staff, firstSerial: string, lastSerial: string, toUserId = t.user.userId, kind = refundBook) =>
  f.valuables.issue(t.clerk, { kind, firstSerial, lastSerial, toUserId, idempotencyKey: key() });
const use = (t: Staff, actor: Staff['user'], serial: string, kind = refundBook) =>
  f.valuables.use(actor, { kind, serial, documentReference: `TR-${serial}`, idempotencyKey: key() });
const voidSerial = (t: Staff, actor: Staff['user'], serial: string) =>
  f.valuables.void(actor, { kind: refundBook, serial, reason: '填写错误', idempotencyKey: key() });
const destroy = (t: Staff, firstSerial: string, lastSerial: string) =>
  f.valuables.destroy(t.head, { kind: refundBook, firstSerial, lastSerial, witnessUserId: t.supervisor.userId, reason: '作废凭证销毁', idempotencyKey: key() });

describe('the register of important blank vouchers and valuable documents (R27)', () => {
  it('lists the kinds with their off-balance custody and use accounts', async () => {
    const t = await treasury();
    expect(await f.valuables.kinds(t.user)).toContainEqual({
      code: 'revenue_refund_book',
      name: '收入退还书',
      category: 'blank_voucher',
      unitValue: '1.00',
      custodyAccount: '702110',
      useAccount: '702120',
    });
    expect((await f.valuables.kinds(t.user)).find((k) => k.category === 'valuable_document')).toMatchObject({ custodyAccount: '702210', useAccount: '702220' });
  });

  it('receives, issues, uses, voids and destroys in number order, posting each step to the custody and use accounts', async () => {
    const t = await treasury();
    const received = await receive(t, '1', '100');
    expect(received).toMatchObject({ event: 'received', firstSerial: '00000001', lastSerial: '00000100', count: 100, actorUserId: 'u-clerk', holderUserId: null });
    const issued = await issue(t, '00000001', '00000020');
    expect(issued).toMatchObject({ event: 'issued', count: 20, holderUserId: 'u-user' });
    const voucher = await f.ledger.getVoucher(t.head, t.treasuryId, issued.voucherId!);
    expect(voucher.lines.map((l) => [l.account.number, l.side, l.amount.toFixed(2)])).toEqual([
      ['702110', 'payment', '20.00'],
      ['702120', 'receipt', '20.00'],
    ]);
    expect(voucher.makerId).toBe('system:valuables');
    expect(await use(t, t.user, '1')).toMatchObject({ event: 'used', firstSerial: '00000001', holderUserId: 'u-user', documentReference: 'TR-1' });
    expect(await voidSerial(t, t.user, '2')).toMatchObject({ event: 'voided', reason: '填写错误' });
    await use(t, t.user, '3');
    const destroyedVoided = await destroy(t, '2', '2');
    expect(destroyedVoided).toMatchObject({ event: 'destroyed', voucherId: null });
    expect(await destroy(t, '91', '100')).toMatchObject({ event: 'destroyed', count: 10, voucherId: expect.any(String) });
    await issue(t, '21', '90', t.other.userId);
    expect((await t.books()).balances).toMatchObject({ '702110': '0.00', '702120': '87.00' });
  });

  it('refuses a skipped serial, saying which one is next, and posts nothing', async () => {
    const t = await treasury();
    await receive(t, '1', '50');
    await issue(t, '1', '10');
    const before = await t.books();
    expect(await refusalOf(issue(t, '12', '20'))).toMatchObject({ kind: 'failed_precondition', reason: 'SERIAL_SKIPPED', details: { nextSerial: '00000011' } });
    const skippedUse = await refusalOf(use(t, t.user, '2'));
    expect(skippedUse).toMatchObject({ reason: 'SERIAL_SKIPPED', details: { nextSerial: '00000001' } });
    expect(skippedUse.message).toContain('00000001');
    expect(await refusalOf(issue(t, '11', '60'))).toMatchObject({ reason: 'SERIAL_NOT_IN_CUSTODY' });
    expect(await refusalOf(receive(t, '40', '60'))).toMatchObject({ reason: 'SERIAL_ALREADY_RECEIVED', details: { serial: '00000040' } });
    expect(await refusalOf(issue(t, '11', '11', t.user.userId, 'correction_notice'))).toMatchObject({ reason: 'SERIAL_NOT_IN_CUSTODY' });
    expect(await t.books()).toEqual(before);
  });

  it("refuses someone else's serial, a spent one, and the keeper issuing to themself, posting nothing", async () => {
    const t = await treasury();
    await receive(t, '1', '10');
    await issue(t, '1', '5');
    await use(t, t.user, '1');
    const before = await t.books();
    expect(await refusalOf(use(t, t.other, '2'))).toMatchObject({ kind: 'permission_denied', reason: 'SERIAL_NOT_ISSUED_TO_YOU' });
    expect(await refusalOf(voidSerial(t, t.other, '6'))).toMatchObject({ reason: 'SERIAL_NOT_ISSUED_TO_YOU' });
    expect(await refusalOf(use(t, t.user, '1'))).toMatchObject({ reason: 'SERIAL_ALREADY_USED' });
    expect(await refusalOf(issue(t, '6', '10', t.clerk.userId))).toMatchObject({ kind: 'permission_denied', reason: 'KEEPER_MAY_NOT_ISSUE_TO_SELF' });
    expect(await t.books()).toEqual(before);
  });

  it('refuses posts without the permission, bad input and undestroyable serials, writing nothing', async () => {
    const t = await treasury();
    await receive(t, '1', '10');
    await issue(t, '1', '5');
    await use(t, t.user, '1');
    const before = await t.books();
    const operatorReceives = f.valuables.receive(t.user, { kind: refundBook, firstSerial: '11', lastSerial: '20', documentReference: 'RK-2', idempotencyKey: key() });
    expect(await refusalOf(operatorReceives)).toMatchObject({ kind: 'permission_denied', reason: 'POST_MAY_NOT_KEEP_VALUABLES' });
    const clerkDestroys = f.valuables.destroy(t.clerk, { kind: refundBook, firstSerial: '6', lastSerial: '10', witnessUserId: 'u-head', reason: 'x', idempotencyKey: key() });
    expect(await refusalOf(clerkDestroys)).toMatchObject({ reason: 'POST_MAY_NOT_DESTROY_VALUABLES' });
    expect(await refusalOf(f.valuables.count(t.clerk))).toMatchObject({ reason: 'POST_MAY_NOT_COUNT_VALUABLES' });
    expect(await refusalOf(receive(t, '11', '20', 'cheque'))).toMatchObject({ kind: 'invalid_argument', reason: 'UNKNOWN_VALUABLE_KIND' });
    expect(await refusalOf(receive(t, '11', '1e3'))).toMatchObject({ reason: 'MALFORMED_SERIAL' });
    expect(await refusalOf(receive(t, '100000', '200000'))).toMatchObject({ reason: 'RANGE_TOO_LARGE' });
    const selfWitnessed = f.valuables.destroy(t.head, { kind: refundBook, firstSerial: '6', lastSerial: '10', witnessUserId: 'u-head', reason: 'x', idempotencyKey: key() });
    expect(await refusalOf(selfWitnessed)).toMatchObject({ reason: 'WITNESS_MAY_NOT_DESTROY' });
    expect(await refusalOf(destroy(t, '1', '1'))).toMatchObject({ reason: 'SERIAL_NOT_DESTROYABLE' });
    expect(await refusalOf(destroy(t, '2', '2'))).toMatchObject({ reason: 'SERIAL_NOT_DESTROYABLE' });
    expect(await refusalOf(destroy(t, '5', '6'))).toMatchObject({ reason: 'SERIAL_NOT_DESTROYABLE' });
    expect(await t.books()).toEqual(before);
  });

  it('answers a retry with the same key with the first movement, posting once, and refuses the key for another request', async () => {
    const t = await treasury();
    const request = { kind: refundBook, firstSerial: '1', lastSerial: '10', documentReference: 'RK-3', idempotencyKey: 'receive-rk-3' };
    const first = await f.valuables.receive(t.clerk, request);
    expect(await f.valuables.receive(t.clerk, { ...request, firstSerial: '0001' })).toEqual(first);
    expect(await t.books()).toMatchObject({ movements: 1, vouchers: 1, balances: { '702110': '10.00' } });
    const before = await t.books();
    expect(await refusalOf(f.valuables.receive(t.clerk, { ...request, lastSerial: '11' }))).toMatchObject({ kind: 'already_exists', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await refusalOf(f.valuables.issue(t.clerk, { ...request, toUserId: t.user.userId }))).toMatchObject({ reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await t.books()).toEqual(before);
    // Keys are each person's own: another person's same key is another request.
    await f.valuables.issue(t.clerk, { kind: refundBook, firstSerial: '1', lastSerial: '2', toUserId: t.user.userId, idempotencyKey: 'k' });
    await f.valuables.issue(t.clerk, { kind: refundBook, firstSerial: '3', lastSerial: '4', toUserId: t.other.userId, idempotencyKey: 'k2' });
    await f.valuables.use(t.user, { kind: refundBook, serial: '1', documentReference: 'TR-1', idempotencyKey: 'k' });
    await f.valuables.use(t.other, { kind: refundBook, serial: '3', documentReference: 'TR-3', idempotencyKey: 'k' });
    expect((await t.books()).balances['702120']).toBe('2.00');
  });

  it('hands a range to only one of two concurrent issues, and a piece to only one of two concurrent uses', async () => {
    const t = await treasury();
    await receive(t, '1', '10');
    const issues = await Promise.allSettled([issue(t, '1', '10', t.user.userId), issue(t, '1', '10', t.other.userId)]);
    expect(issues.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const [refused] = issues.filter((o) => o.status === 'rejected');
    expect(await refusalOf(Promise.reject(refused!.reason))).toMatchObject({ reason: 'SERIAL_NOT_IN_CUSTODY' });
    const holder = issues[0]!.status === 'fulfilled' ? t.user : t.other;
    const uses = await Promise.allSettled([use(t, holder, '1'), use(t, holder, '1')]);
    expect(uses.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await t.books()).toMatchObject({ movements: 3, vouchers: 3, balances: { '702110': '0.00', '702120': '9.00' } });
  });

  it('keeps the off-balance books equal to the physical stock, and shows where they part', async () => {
    const t = await treasury();
    const bondForm = 'bond_receipt_form';
    await receive(t, '1', '100000', bondForm); // one movement, one set-based write
    await issue(t, '1', '250', t.user.userId, bondForm);
    await use(t, t.user, '1', bondForm);
    await receive(t, '1', '40');
    await receive(t, '1001', '1030', 'correction_notice');
    await issue(t, '1', '15');
    await issue(t, '1001', '1010', t.other.userId, 'correction_notice');
    await use(t, t.user, '1');
    await voidSerial(t, t.user, '2');
    await destroy(t, '2', '2');
    await destroy(t, '31', '40');
    const count = await f.valuables.count(t.supervisor);
    expect(count.agrees).toBe(true);
    expect(count.lines.map((l) => [l.accountNumber, l.holding, l.kind, l.registerCount, l.registerValue, l.bookBalance, l.difference])).toEqual([
      ['702110', 'custody', 'revenue_refund_book,correction_notice,inter_treasury_transfer_voucher', 35, '35.00', '35.00', '0.00'],
      ['702120', 'use', 'revenue_refund_book,correction_notice,inter_treasury_transfer_voucher', 23, '23.00', '23.00', '0.00'],
      ['702210', 'custody', 'bond_receipt_form', 99_750, '99750.00', '99750.00', '0.00'],
      ['702220', 'use', 'bond_receipt_form', 249, '249.00', '249.00', '0.00'],
    ]);
    expect(await f.valuables.stockDifference(t.treasuryId)).toBeNull();
    // A posting on the custody account behind the register's back is what the count is for.
    await f.database.sql.begin((tx) =>
      f.ledger.postWithin(tx, systemActor('test', t.treasuryId), [
        {
          treasuryId: t.treasuryId,
          purpose: `stray:${t.treasuryId}`,
          draft: {
            kind: 'ordinary',
            summary: '误记',
            documents: [{ kind: 'form', reference: 'X-1' }],
            lines: [{ accountNumber: '702110', side: 'receipt', amount: parseAmount('5.00'), fiscalLevel: null, classificationCode: null }],
          },
        },
      ]),
    );
    const off = await f.valuables.count(t.head);
    expect(off.agrees).toBe(false);
    expect(off.lines[0]).toMatchObject({ accountNumber: '702110', registerValue: '35.00', bookBalance: '40.00', difference: '5.00' });
    // The month end (R57(4)) is refused with the same finding.
    expect(await f.valuables.stockDifference(t.treasuryId)).toBe('revenue_refund_book,correction_notice,inter_treasury_transfer_voucher custody: register 35.00, books 40.00');
  });

  it('counts again when a movement lands while the books are read', async () => {
    const t = await treasury();
    await receive(t, '1', '10');
    let landed = false;
    const ledger = {
      ...f.ledger,
      getAccount: async (...args: Parameters<typeof f.ledger.getAccount>) => {
        if (!landed) {
          landed = true;
          await receive(t, '11', '15');
        }
        return f.ledger.getAccount(...args);
      },
    };
    const count = await createValuables(f.database, ledger).count(t.supervisor);
    expect(count).toMatchObject({ agrees: true, lines: expect.arrayContaining([expect.objectContaining({ accountNumber: '702110', registerCount: 15, bookBalance: '15.00' })]) });
  });

  it('keeps the register append-only, even by direct SQL', async () => {
    const t = await treasury();
    const received = await receive(t, '1', '10');
    for (const statement of [
      f.database.sql`update seals.valuable_movements set last_serial = 5 where id = ${received.movementId}`,
      f.database.sql`delete from seals.valuable_movements where id = ${received.movementId}`,
      f.database.sql`truncate seals.valuable_movements`,
    ]) {
      await expect(statement).rejects.toMatchObject({ code: '23001' });
    }
  });
});
