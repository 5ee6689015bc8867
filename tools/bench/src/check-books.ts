import type { Database } from '@jinku/db';
import { checkLedgerInvariants, type LedgerInvariants } from '@jinku/ledger/testing';

export interface BooksCheck {
  readonly vouchers: number;
  readonly entries: number;
  /** Entries that are not part of a receipt (a debit off clearing, a credit off revenue/deposit): must be 0. */
  readonly notReceiptLines: number;
  /** Vouchers whose maker is not the bench's machine principal: must be 0. */
  readonly otherMakers: number;
  /** Balanced vouchers, unique keys, stored balances equal to the entries: must all hold. */
  readonly invariants: LedgerInvariants;
  readonly ok: boolean;
}

/**
 * After the run, the books must still add up: two entries per voucher, every voucher balanced and every
 * stored balance the sum of its account's entries. Every entry must be receipt-shaped and every voucher
 * made by the bench's principal, whoever wrote it (server or baseline). Catches a baseline or a server
 * that wrote rows and balances out of step, or rows the server would not write.
 */
export async function checkBooks(database: Database, makerId: string): Promise<BooksCheck> {
  const [row] = await database.sql<{ vouchers: number; entries: number; notReceiptLines: number; otherMakers: number }[]>`
    select (select count(*)::int from ledger.vouchers) as vouchers,
           (select count(*)::int from ledger.entries) as entries,
           (select count(*)::int
              from ledger.entries e join ledger.subjects s on s.treasury_id = e.treasury_id and s.code = e.subject_code
              where not ((e.side = 'debit' and s.role = 'clearing') or (e.side = 'credit' and s.role in ('revenue', 'deposit')))) as "notReceiptLines",
           (select count(*)::int from ledger.vouchers where maker_id <> ${makerId}) as "otherMakers"`;
  const { vouchers, entries, notReceiptLines, otherMakers } = row!;
  const invariants = await checkLedgerInvariants(database.sql);
  return {
    vouchers,
    entries,
    notReceiptLines,
    otherMakers,
    invariants,
    ok: entries === 2 * vouchers && invariants.ok && notReceiptLines === 0 && otherMakers === 0,
  };
}
