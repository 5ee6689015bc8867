import type { Database } from '@jinku/db';

export interface BooksCheck {
  readonly vouchers: number;
  readonly entries: number;
  readonly ok: boolean;
}

/**
 * After the run, the books must still add up: two entries per voucher and, since every bench line lands on
 * its account's normal side, the balances sum to the entries' amounts. Catches a baseline or a server
 * that wrote rows and balances out of step.
 */
export async function checkBooks(database: Database): Promise<BooksCheck> {
  const [row] = await database.sql<{ vouchers: number; entries: number; balances: string; amounts: string }[]>`
    select (select count(*)::int from ledger.vouchers) as vouchers,
           (select count(*)::int from ledger.entries) as entries,
           (select coalesce(sum(balance), 0)::text from ledger.account_balances) as balances,
           (select coalesce(sum(amount), 0)::text from ledger.entries) as amounts`;
  const { vouchers, entries, balances, amounts } = row!;
  return { vouchers, entries, ok: entries === 2 * vouchers && balances === amounts };
}
