import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { parseAmount, systemActor, type Actor, type BusinessDate, type MachineScope, type Post } from '@jinku/kernel';
import type { PostedVoucher, Side, VoucherDraft } from '@jinku/ledger-domain';
import { chinaCalendarOverrides } from '../demo/calendar-cn';
import { standardAccounts, standardSubjects } from '../demo/chart';
import { createLedger, type Ledger } from '../ledger';
import { ledgerMigrations } from '../migrations';

export const TREASURY = 'SZ';
/** A district sub-treasury under TREASURY, for tests that cross treasuries (created by the tests needing it). */
export const SUB_TREASURY = 'FT';
export const FIRST_DAY = '2026-11-20'; // a Friday

export interface LedgerFixture {
  readonly database: TestDatabase;
  readonly ledger: Ledger;
  /** The tax-treasury-bank link of TREASURY: the machine principal that posts receipts. */
  readonly link: Actor;
  readonly supervisor: Actor;
  /** Jinku itself, posting what an approved or scheduled operation needs (never a client). */
  readonly system: Actor;
  person(posts: Post[], treasuryId?: string): Actor;
  machine(scopes: MachineScope[], treasuryId?: string): Actor;
  /** A receipt posted by the link under a client key. */
  receive(idempotencyKey: string, draft: VoucherDraft): Promise<PostedVoucher>;
  /** A voucher posted by the system in a transaction of its own, under the key `sys:<purpose>`. */
  postSystem(purpose: string, draft: VoucherDraft, treasuryId?: string): Promise<PostedVoucher>;
  /** Row counts of the posted tables, to prove a refusal wrote nothing. */
  counts(): Promise<{ vouchers: number; entries: number }>;
}

/**
 * A fresh database with the demo working calendar (2025–2026), one municipal treasury with its standard
 * chart and its first business day open.
 */
export async function ledgerFixture(firstDay: BusinessDate = FIRST_DAY): Promise<LedgerFixture> {
  const database = await createTestDatabase([ledgerMigrations]);
  const ledger = createLedger(database);
  await ledger.setup.loadCalendar(chinaCalendarOverrides);
  await ledger.setup.createTreasury({ id: TREASURY, name: '深圳市分库', parentId: null, fiscalLevel: 'municipal' });
  await ledger.setup.defineSubjects(TREASURY, standardSubjects);
  await ledger.setup.openAccounts(TREASURY, standardAccounts(['provincial', 'municipal'], firstDay));
  await ledger.setup.loadClassificationCodes([
    { code: '101', name: '税收收入', kind: 'revenue' },
    { code: '10101', name: '增值税', kind: 'revenue' },
  ]);
  await ledger.days.openFirst(TREASURY, firstDay);
  let next = 1; // principal:1 is the link
  // The branch oversees the sub-treasury; both are in the branch's jurisdiction.
  const reachOf = (treasuryId: string) => (treasuryId === TREASURY ? [TREASURY, SUB_TREASURY] : [treasuryId]);
  const person = (posts: Post[], treasuryId = TREASURY): Actor => {
    next += 1;
    return { kind: 'person', userId: `u${next}`, login: `user${next}`, treasuryId, posts, scopes: [], reach: reachOf(treasuryId), jurisdictionId: TREASURY };
  };
  const machine = (scopes: MachineScope[], treasuryId = TREASURY): Actor => {
    next += 1;
    return { kind: 'machine', userId: `principal:${next}`, login: `link${next}`, treasuryId, posts: [], scopes, reach: [treasuryId], jurisdictionId: TREASURY };
  };
  const link: Actor = {
    kind: 'machine',
    userId: 'principal:1',
    login: 'sz.tips',
    treasuryId: TREASURY,
    posts: [],
    scopes: ['receipt_posting'],
    reach: [TREASURY],
    jurisdictionId: TREASURY,
  };
  const system = systemActor('ledger-test', TREASURY);
  return {
    database,
    ledger,
    link,
    supervisor: person(['accounting_supervisor']),
    system,
    person,
    machine,
    receive: (idempotencyKey, draft) => ledger.postReceipt(link, { treasuryId: TREASURY, idempotencyKey, draft }),
    async postSystem(purpose, draft, treasuryId = TREASURY) {
      const [posted] = await database.sql.begin((tx) => ledger.postWithin(tx, system, [{ treasuryId, purpose, draft }]));
      return posted!;
    },
    async counts() {
      const [row] = await database.sql<{ vouchers: number; entries: number }[]>`
        select (select count(*)::int from ledger.vouchers) as vouchers, (select count(*)::int from ledger.entries) as entries`;
      return row!;
    },
  };
}

type LineSpec = [accountNumber: string, side: Side, amount: string];

export function voucher(lines: LineSpec[], summary = '国内增值税入库'): VoucherDraft {
  return {
    kind: 'ordinary',
    summary,
    documents: [{ kind: 'tax_payment_form', reference: 'TIPS-20261120-0001' }],
    lines: lines.map(([accountNumber, side, amount]) => ({
      accountNumber,
      side,
      amount: parseAmount(amount),
      fiscalLevel: null,
      classificationCode: null,
    })),
  };
}

/** Revenue received through the clearing account into the municipal deposit account. */
export const receipt = (amount: string) => voucher([['105100', 'debit', amount], ['201103', 'credit', amount]]);
/** Money paid out of the municipal deposit account: only the system or an approved operation posts it. */
export const payment = (amount: string) => voucher([['201103', 'debit', amount], ['105100', 'credit', amount]], '库款支拨');
