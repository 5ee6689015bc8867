import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { createLedger, demoTreasuries, jurisdictionsOf, ledgerMigrations, seedLedgerDemo, type Ledger } from '@jinku/ledger';
import { formatAmount, parseAmount, sumAmounts, type Actor } from '@jinku/kernel';
import { parseSharingRule } from '@jinku/revenue-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptInput, ReceiptOutcome } from './intake';
import { revenueMigrations } from './migrations';
import { receiptRecords } from './receipt-records';
import { createRevenue, type Revenue } from './revenue';
import { recordAdjustment } from './adjustments';
import { sharingRuleRepository } from './sharing-rules';

let database: TestDatabase;
let ledger: Ledger;
let revenue: Revenue;
let firstDay: string;

const link = (treasuryId: string): Actor => {
  const { reach, jurisdictionId } = jurisdictionsOf(demoTreasuries).get(treasuryId)!;
  return { kind: 'machine', userId: `principal:${treasuryId}`, login: `${treasuryId}.tips`, treasuryId, posts: [], scopes: ['receipt_posting'], reach, jurisdictionId };
};

let messages = 0;
const receipt = (overrides: Partial<ReceiptInput> = {}): ReceiptInput => ({
  authorityCode: '14403000000',
  messageId: `m-${++messages}`,
  revenueCode: '10109',
  designation: 'shared',
  region: '440307',
  payerName: '龙岗某制造有限公司',
  payerAccount: '4403070000999',
  amount: '1000.00',
  collectionDate: firstDay,
  ...overrides,
});
const partsOf = (outcome: ReceiptOutcome | undefined) => (outcome?.ok ? outcome.parts : outcome?.error.reason);

beforeAll(async () => {
  database = await createTestDatabase([ledgerMigrations, revenueMigrations]);
  ledger = createLedger(database);
  firstDay = await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20');
  revenue = createRevenue(database, ledger);
  await revenue.defineRegions([
    { region: '440304', treasuryId: 'SZ-FT', name: '福田区' },
    { region: '440307', treasuryId: 'SZ-LG', name: '龙岗区' },
  ]);
  // What an approved sharing_rule_change records (the approval route is tested through gRPC).
  const rule = parseSharingRule({ revenueCode: '10109', region: '', effectiveFrom: firstDay, shares: [{ level: 'municipal', percent: '50' }, { level: 'district', percent: '50' }] });
  await database.sql.begin((tx) => sharingRuleRepository.append(tx, 'SZ', rule, '1'));
});

afterAll(async () => {
  await database?.drop();
});

describe('routing each level’s part (R23, R31)', () => {
  it('sends the district part of a receipt booked at the branch down to the sub-treasury of its region', async () => {
    const [outcome] = await revenue.submitReceipts(link('SZ'), [receipt()]);
    expect(partsOf(outcome)).toEqual([
      { level: 'municipal', amount: '500.00', accountNumber: '201103', treasuryId: 'SZ' },
      { level: 'district', amount: '500.00', accountNumber: '104100', treasuryId: 'SZ-LG' },
    ]);
  });

  it('refuses a part no treasury keeps: a district part from a region no sub-treasury serves', async () => {
    const [outcome] = await revenue.submitReceipts(link('SZ'), [receipt({ region: '440399' })]);
    expect(partsOf(outcome)).toBe('NO_TREASURY_FOR_LEVEL');
  });

  it('sends the upper levels’ parts of a sub-treasury’s receipt up to the branch, keeping its own', async () => {
    const [outcome] = await revenue.submitReceipts(link('SZ-LG'), [receipt({ revenueCode: '10304', designation: 'central', amount: '12.00' })]);
    expect(partsOf(outcome)).toEqual([{ level: 'central', amount: '12.00', accountNumber: '104100', treasuryId: 'SZ' }]);
    const [own] = await revenue.submitReceipts(link('SZ-LG'), [receipt({ revenueCode: '10304', designation: 'district', amount: '7.00' })]);
    expect(partsOf(own)).toEqual([{ level: 'district', amount: '7.00', accountNumber: '201104', treasuryId: 'SZ-LG' }]);
  });
});

describe('the register of receipts', () => {
  it('records each accepted receipt once, with its parts summing to its amount, and nothing for a refused one', async () => {
    const inputs = [receipt({ amount: '0.03' }), receipt({ amount: '-1.00' }), receipt({ amount: '33.33' })];
    const outcomes = await revenue.submitReceipts(link('SZ'), [...inputs, inputs[0]!]);
    expect(outcomes.map((o) => (o.ok ? (o.replayed ? 'replayed' : 'accepted') : o.error.reason))).toEqual(['accepted', 'NON_POSITIVE_AMOUNT', 'accepted', 'replayed']);
    const rows = await database.sql<{ message_id: string; amount: string; parts: { amount: string }[] }[]>`
      select message_id, amount::text, parts from revenue.receipts where message_id in ${database.sql(inputs.map((i) => i.messageId))} order by id`;
    expect(rows.map((r) => [r.message_id, r.amount])).toEqual([
      [inputs[0]!.messageId, '0.03'],
      [inputs[2]!.messageId, '33.33'],
    ]);
    for (const row of rows) expect(formatAmount(sumAmounts(row.parts.map((part) => parseAmount(part.amount))))).toBe(row.amount);
  });

  it('routes and records a mixed chunk receipt by receipt, as if each came alone: its row, its parts, its voucher lines', async () => {
    // Both districts, a region no sub-treasury serves, a part that rounds to nothing, the same route again.
    const inputs = [
      receipt({ region: '440304', amount: '10.00' }),
      receipt({ region: '440399' }),
      receipt({ region: '440307', amount: '0.01' }),
      receipt({ region: '440304', amount: '2.50', collectionDate: '2026-11-19', payerName: '福田 "某" 商行' }),
      receipt({ revenueCode: '10304', designation: 'district', amount: '3.00' }),
    ];
    const outcomes = await revenue.submitReceipts(link('SZ'), inputs);
    expect(outcomes.map(partsOf)).toEqual([
      [
        { level: 'municipal', amount: '5.00', accountNumber: '201103', treasuryId: 'SZ' },
        { level: 'district', amount: '5.00', accountNumber: '104100', treasuryId: 'SZ-FT' },
      ],
      'NO_TREASURY_FOR_LEVEL',
      [
        { level: 'municipal', amount: '0.01', accountNumber: '201103', treasuryId: 'SZ' },
        { level: 'district', amount: '0.00', accountNumber: '104100', treasuryId: 'SZ-LG' },
      ],
      'NO_SHARING_RULE',
      [{ level: 'district', amount: '3.00', accountNumber: '104100', treasuryId: 'SZ-LG' }],
    ]);
    const [rule] = await sharingRuleRepository.inForce(database.sql, 'SZ');
    for (const [i, outcome] of outcomes.entries()) {
      const record = await receiptRecords.byMessage(database.sql, inputs[i]!.authorityCode, inputs[i]!.messageId);
      if (!outcome.ok) {
        expect(record).toBeUndefined();
        continue;
      }
      expect(record).toMatchObject({
        treasuryId: 'SZ',
        receipt: inputs[i],
        voucherId: outcome.voucherId,
        businessDate: firstDay,
        parts: outcome.parts,
        sharingRuleId: inputs[i]!.designation === 'shared' ? rule!.id : null,
        principalId: 'principal:SZ',
      });
      // A part of 0.00 is answered and recorded, but the voucher credits only what there is.
      const voucher = await ledger.getVoucher(link('SZ'), 'SZ', outcome.voucherId);
      expect(voucher.lines.map((line) => [line.side, line.account.number, formatAmount(line.amount), line.fiscalLevel])).toEqual([
        ['debit', '105100', inputs[i]!.amount, null],
        ...outcome.parts.filter((part) => part.amount !== '0.00').map((part) => ['credit', part.accountNumber, part.amount, part.level]),
      ]);
    }
  });

  it('refuses more receipts in one call than it takes, taking none', async () => {
    await expect(revenue.submitReceipts(link('SZ'), new Array(50_001).fill(receipt()))).rejects.toMatchObject({ reason: 'TOO_MANY_RECEIPTS' });
  });
});

describe('the day’s remittance, net of refunds (R31, R33(2))', () => {
  it('sends what the day owes and, when refunds of the parts outrun what it sent, takes the difference back from the keeper', async () => {
    const supervisor: Actor = { ...link('SZ'), kind: 'person', userId: 'u-sup', login: 'sz.supervisor', posts: ['accounting_supervisor'], scopes: [] };
    const balance = async (treasuryId: string, number: string) => (await ledger.accounts.get(treasuryId, number)).balance;
    const before = await balance('SZ-LG', '201104');
    await revenue.remit(supervisor, 'SZ');
    const afterFirst = await balance('SZ-LG', '201104');
    // What a refund of a Longgang part records in its transaction (the refund's voucher is the refunds lib's).
    await database.sql.begin((tx) =>
      recordAdjustment(tx, {
        kind: 'refund',
        treasuryId: 'SZ',
        businessDate: firstDay,
        reference: 'approval-request:test',
        receipt: null,
        parts: [{ authorityCode: 'TAX', revenueCode: '1010101', level: 'district', accountNumber: '301100', keeperTreasuryId: 'SZ-LG', amount: '-200.00' }],
      }),
    );
    const [back] = await revenue.remit(supervisor, 'SZ');
    expect(back).toMatchObject({ fromTreasuryId: 'SZ', toTreasuryId: 'SZ-LG', level: 'district', amount: '-200.00' });
    expect(afterFirst.minus(await balance('SZ-LG', '201104')).toFixed(2)).toBe('200.00');
    expect(afterFirst.greaterThan(before)).toBe(true);
    expect(await revenue.remit(supervisor, 'SZ')).toEqual([]);
  });
});

