import type { Sql } from '@jinku/db';

export interface BalanceMismatch {
  /** `<treasury>/<account number>`. */
  readonly account: string;
  /** ledger.account_balances. */
  readonly stored: string;
  /** The account's entries, each signed by its subject (closingBalance in the ledger domain). */
  readonly fromEntries: string;
}

/** What must hold of any books, whatever was posted and whatever failed meanwhile. */
export interface LedgerInvariants {
  /** Vouchers with no entries, or whose debits and credits differ (off-balance receipts and payments aside). */
  readonly unbalancedVouchers: number;
  /** Idempotency keys stored more than once in a treasury. */
  readonly duplicateKeys: number;
  /** Accounts whose stored balance is not the sum of their entries (the first 20). */
  readonly balanceMismatches: readonly BalanceMismatch[];
  readonly ok: boolean;
}

/**
 * Checks the books from their rows: the posting engine keeps account_balances in step with the entries it
 * writes, so a crash between the two, or a retry posted twice, shows here.
 */
export async function checkLedgerInvariants(sql: Sql): Promise<LedgerInvariants> {
  const [counts] = await sql<{ unbalancedVouchers: number; duplicateKeys: number }[]>`
    select (select count(*)::int from (
              select v.id from ledger.vouchers v left join ledger.entries e on e.voucher_id = v.id
              group by v.id
              having count(e.id) = 0
                  or coalesce(sum(e.amount) filter (where e.side = 'debit'), 0) <> coalesce(sum(e.amount) filter (where e.side = 'credit'), 0)) u
           ) as "unbalancedVouchers",
           (select count(*)::int from (
              select 1 from ledger.vouchers group by treasury_id, idempotency_key having count(*) > 1) d
           ) as "duplicateKeys"`;
  // A balance grows on its subject's normal side; off-balance (custody) accounts grow by receipts.
  const balanceMismatches = await sql<BalanceMismatch[]>`
    select a.treasury_id || '/' || a.number as account, b.balance::text as stored, m.total::text as "fromEntries"
    from ledger.accounts a
    join ledger.account_balances b on b.account_id = a.id
    join ledger.subjects s on s.treasury_id = a.treasury_id and s.code = a.subject_code
    cross join lateral (
      select coalesce(sum(case when (e.side in ('debit', 'receipt')) = (s.balance_sheet = 'off' or s.normal_side = 'debit')
                               then e.amount else -e.amount end), 0) as total
      from ledger.entries e where e.account_id = a.id) m
    where b.balance <> m.total
    order by a.treasury_id, a.number
    limit 20`;
  const { unbalancedVouchers, duplicateKeys } = counts!;
  return { unbalancedVouchers, duplicateKeys, balanceMismatches, ok: unbalancedVouchers === 0 && duplicateKeys === 0 && balanceMismatches.length === 0 };
}
