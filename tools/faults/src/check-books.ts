import type { Sql } from '@jinku/db';
import { checkLedgerInvariants } from '@jinku/ledger/testing';
import type { Ack } from './posting-clients';

export interface BooksReport {
  /** Each broken rule, in words; empty when the books are right. */
  readonly violations: readonly string[];
  /** Vouchers of the scenario's keys that were stored though no client got them acknowledged (refused or given up). */
  readonly storedUnacknowledged: number;
}

/**
 * After a scenario: the books add up (balanced vouchers, unique idempotency keys, stored balances equal to
 * the entries), and every voucher a client got acknowledged is stored once, as that voucher, with its amount
 * on both sides — nothing acknowledged was lost, duplicated or altered by the fault.
 */
export async function checkBooks(sql: Sql, keyPrefix: string, acks: readonly Ack[]): Promise<BooksReport> {
  const violations: string[] = [];
  const invariants = await checkLedgerInvariants(sql);
  if (invariants.unbalancedVouchers > 0) violations.push(`${invariants.unbalancedVouchers} vouchers whose debits and credits differ`);
  if (invariants.duplicateKeys > 0) violations.push(`${invariants.duplicateKeys} idempotency keys stored more than once`);
  for (const m of invariants.balanceMismatches) violations.push(`account ${m.account}: stored balance ${m.stored}, its entries sum to ${m.fromEntries}`);

  const stored = await sql<{ key: string; voucherId: string; debit: string; credit: string }[]>`
    select v.idempotency_key as key, v.id::text as "voucherId",
           coalesce(sum(e.amount) filter (where e.side = 'debit'), 0)::text as debit,
           coalesce(sum(e.amount) filter (where e.side = 'credit'), 0)::text as credit
    from ledger.vouchers v left join ledger.entries e on e.voucher_id = v.id
    where v.treasury_id = 'SZ' and starts_with(v.idempotency_key, ${`${keyPrefix}-`})
    group by v.id`;
  const byKey = new Map(stored.map((row) => [row.key, row]));
  const wrong = acks.flatMap((ack) => {
    const row = byKey.get(ack.key);
    if (!row) return [`${ack.key} acknowledged as voucher ${ack.voucherId} but not stored`];
    if (row.voucherId !== ack.voucherId) return [`${ack.key} acknowledged as voucher ${ack.voucherId} but stored as ${row.voucherId}`];
    if (row.debit !== ack.amount || row.credit !== ack.amount) {
      return [`${ack.key} acknowledged for ${ack.amount} but stored with debit ${row.debit}, credit ${row.credit}`];
    }
    return [];
  });
  // The first few name the problem; the count says how big it is.
  violations.push(...wrong.slice(0, 10));
  if (wrong.length > 10) violations.push(`… and ${wrong.length - 10} more acknowledged vouchers wrong or missing`);
  const acknowledged = new Set(acks.map((ack) => ack.key));
  return { violations, storedUnacknowledged: stored.filter((row) => !acknowledged.has(row.key)).length };
}
