import type { Database } from '@jinku/db';

export interface BooksCheck {
  readonly vouchers: number;
  readonly entries: number;
  /** Entries that are not part of a receipt (a debit off clearing, a credit off revenue/deposit): must be 0. */
  readonly notReceiptLines: number;
  /** Vouchers whose maker is not the bench's machine principal: must be 0. */
  readonly otherMakers: number;
  readonly ok: boolean;
}

/**
 * After the run, the books must still add up: two entries per voucher and, since every bench line lands on
 * its account's normal side (a receipt debits clearing and credits revenue or deposits), the balances sum
 * to the entries' amounts. Every entry must be receipt-shaped and every voucher made by the bench's
 * principal, whoever wrote it (server or baseline). Catches a baseline or a server that wrote rows and
 * balances out of step, or rows the server would not write.
 */
export async function checkBooks(database: Database, makerId: string): Promise<BooksCheck> {
  const [row] = await database.sql<{ vouchers: number; entries: number; notReceiptLines: number; otherMakers: number; balances: string; amounts: string }[]>`
    select (select count(*)::int from ledger.vouchers) as vouchers,
           (select count(*)::int from ledger.entries) as entries,
           (select count(*)::int
              from ledger.entries e join ledger.subjects s on s.treasury_id = e.treasury_id and s.code = e.subject_code
              where not ((e.side = 'debit' and s.role = 'clearing') or (e.side = 'credit' and s.role in ('revenue', 'deposit')))) as "notReceiptLines",
           (select count(*)::int from ledger.vouchers where maker_id <> ${makerId}) as "otherMakers",
           (select coalesce(sum(balance), 0)::text from ledger.account_balances) as balances,
           (select coalesce(sum(amount), 0)::text from ledger.entries) as amounts`;
  const { vouchers, entries, notReceiptLines, otherMakers, balances, amounts } = row!;
  return {
    vouchers,
    entries,
    notReceiptLines,
    otherMakers,
    ok: entries === 2 * vouchers && balances === amounts && notReceiptLines === 0 && otherMakers === 0,
  };
}
