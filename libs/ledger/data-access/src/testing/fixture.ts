import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { parseAmount, type Actor, type Post } from '@jinku/kernel';
import type { Side, VoucherDraft } from '@jinku/ledger-domain';
import { standardAccounts, standardSubjects } from '../demo/chart';
import { createLedger, type Ledger } from '../ledger';
import { ledgerMigrations } from '../migrations';

export const TREASURY = 'SZ';
export const FIRST_DAY = '2026-11-20'; // a Friday

export interface LedgerFixture {
  readonly database: TestDatabase;
  readonly ledger: Ledger;
  readonly operator: Actor;
  readonly supervisor: Actor;
  actor(posts: Post[], treasuryId?: string): Actor;
  /** Row counts of the posted tables, to prove a refusal wrote nothing. */
  counts(): Promise<{ vouchers: number; entries: number }>;
}

/** A fresh database with one municipal treasury, its standard chart and its first business day open. */
export async function ledgerFixture(): Promise<LedgerFixture> {
  const database = await createTestDatabase([ledgerMigrations]);
  const ledger = createLedger(database);
  await ledger.setup.createTreasury({ id: TREASURY, name: '深圳市分库', parentId: null, fiscalLevel: 'municipal' });
  await ledger.setup.defineSubjects(TREASURY, standardSubjects);
  await ledger.setup.openAccounts(TREASURY, standardAccounts(['provincial', 'municipal'], FIRST_DAY));
  await ledger.setup.loadClassificationCodes([
    { code: '101', name: '税收收入', kind: 'revenue' },
    { code: '10101', name: '增值税', kind: 'revenue' },
  ]);
  await ledger.days.openFirst(TREASURY, FIRST_DAY);
  let next = 0;
  const actor = (posts: Post[], treasuryId = TREASURY): Actor => {
    next += 1;
    return { userId: `u${next}`, login: `user${next}`, treasuryId, posts };
  };
  return {
    database,
    ledger,
    operator: actor(['income_operator']),
    supervisor: actor(['accounting_supervisor']),
    actor,
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
/** Money paid out of the municipal deposit account. */
export const payment = (amount: string) => voucher([['201103', 'debit', amount], ['105100', 'credit', amount]], '库款支拨');
