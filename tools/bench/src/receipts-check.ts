import type { Database } from '@jinku/db';
import { checkLedgerInvariants, type LedgerInvariants } from '@jinku/ledger/testing';

export interface ReceiptBooksCheck {
  readonly receipts: number;
  /** What the bench's callers were told was taken in (server) or wrote (baseline), warm-ups and probes included. */
  readonly expectedReceipts: number;
  readonly vouchers: number;
  readonly entries: number;
  readonly minParts: number;
  readonly maxParts: number;
  /** Receipts whose parts do not sum to their amount: must be 0. */
  readonly partsOff: number;
  /** Receipts whose voucher is missing, shared with another receipt, or does not carry exactly its parts: must be 0. */
  readonly vouchersOff: number;
  /** Vouchers that are no receipt's: must be 0. */
  readonly strayVouchers: number;
  /** Vouchers whose maker is not the bench's link principal: must be 0. */
  readonly otherMakers: number;
  /** Balanced vouchers, unique keys, stored balances equal to the entries. */
  readonly invariants: LedgerInvariants;
  readonly ok: boolean;
}

/**
 * After the runs, whoever wrote them (server or baseline): every receipt's parts sum to its amount; one
 * voucher per receipt, debiting the amount once and crediting each non-zero part to its level; no other
 * voucher; every stored balance the sum of its account's entries (the ledger's own invariants).
 */
export async function checkReceiptBooks(database: Database, makerId: string, expectedReceipts: number): Promise<ReceiptBooksCheck> {
  const [row] = await database.sql<Omit<ReceiptBooksCheck, 'expectedReceipts' | 'invariants' | 'ok'>[]>`
    with parts as (
      select r.voucher_id, r.amount, p.level, p.amount::numeric as part
      from revenue.receipts r cross join lateral jsonb_to_recordset(r.parts) as p(level text, amount text)),
    credits as (
      select voucher_id, fiscal_level as level, amount from ledger.entries where side = 'credit'),
    debits as (
      select voucher_id, count(*) as lines, sum(amount) as amount from ledger.entries where side = 'debit' group by voucher_id)
    select
      (select count(*)::int from revenue.receipts) as receipts,
      (select count(*)::int from ledger.vouchers) as vouchers,
      (select count(*)::int from ledger.entries) as entries,
      (select coalesce(min(jsonb_array_length(parts)), 0)::int from revenue.receipts) as "minParts",
      (select coalesce(max(jsonb_array_length(parts)), 0)::int from revenue.receipts) as "maxParts",
      (select count(*)::int from (select voucher_id from parts group by voucher_id, amount having sum(part) <> amount) o) as "partsOff",
      (select count(*)::int from revenue.receipts r left join debits d using (voucher_id) where d.lines is distinct from 1 or d.amount <> r.amount)
        + (select count(*)::int from (select voucher_id from revenue.receipts group by voucher_id having count(*) > 1) twice)
        + (select count(*)::int from (
             (select voucher_id, level, part from parts where part > 0 except all select voucher_id, level, amount from credits)
             union all
             (select voucher_id, level, amount from credits except all select voucher_id, level, part from parts where part > 0)) c) as "vouchersOff",
      (select count(*)::int from ledger.vouchers v where not exists (select 1 from revenue.receipts r where r.voucher_id = v.id)) as "strayVouchers",
      (select count(*)::int from ledger.vouchers where maker_id <> ${makerId}) as "otherMakers"`;
  const counts = row!;
  const invariants = await checkLedgerInvariants(database.sql);
  const ok =
    invariants.ok &&
    counts.receipts === expectedReceipts &&
    counts.vouchers === counts.receipts &&
    counts.partsOff === 0 &&
    counts.vouchersOff === 0 &&
    counts.strayVouchers === 0 &&
    counts.otherMakers === 0 &&
    counts.minParts >= 3 &&
    counts.maxParts <= 4;
  return { ...counts, expectedReceipts, invariants, ok };
}
