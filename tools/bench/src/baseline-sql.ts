import { createHash } from 'node:crypto';
import type { Tx } from '@jinku/db';
import type { Poster } from './measure';
import { TREASURY, type BenchBooks } from './setup';
import { balanceEffectCents, DOCUMENT_KIND, formatCents, SUMMARY, type VoucherSpec, type Workload } from './workload';

/**
 * The floor the gRPC paths are compared with: the same rows (voucher, two entries, two balance changes)
 * written with plain SQL through the `postgres` driver, with no gRPC, no validation, no idempotency check
 * and no balance read. Its makers are the bench's machine principal (`principal:<id>`, as the server records
 * it) and its keys carry their own prefix so they never meet the server's.
 */

interface VoucherRow {
  readonly key: string;
  readonly documents: string;
  readonly hash: string;
}

const voucherRow = (spec: VoucherSpec): VoucherRow => ({
  key: spec.idempotencyKey,
  documents: JSON.stringify([{ kind: DOCUMENT_KIND, reference: spec.idempotencyKey }]),
  // Same width as the server's request hash, so the rows weigh the same.
  hash: createHash('sha256').update(spec.idempotencyKey).digest('base64url'),
});

const lines = (spec: VoucherSpec) =>
  [
    { lineNo: 0, account: spec.debit, side: 'debit' as const },
    { lineNo: 1, account: spec.credit, side: 'credit' as const },
  ].map((line) => ({ ...line, amount: formatCents(spec.amountCents) }));

/** Net balance change per account, in account-id order: the order every writer locks in, so none deadlock. */
function balanceChanges(specs: readonly VoucherSpec[]): [accountId: string, delta: string][] {
  const cents = new Map<string, number>();
  for (const spec of specs) {
    for (const { account, side } of lines(spec)) {
      cents.set(account.id, (cents.get(account.id) ?? 0) + balanceEffectCents(account, side, spec.amountCents));
    }
  }
  return [...cents.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([id, delta]) => [id, formatCents(delta)]);
}

/** (a) One voucher per commit: insert the voucher, its two entries, then update each balance row. */
export function baselineOnePerCommit(books: BenchBooks, workload: Workload, inFlight: number): Poster {
  const { sql } = books.database;
  return {
    label: `plain SQL, 1 voucher per commit, ${inFlight} in flight`,
    vouchersPerCall: 1,
    inFlight,
    async call(phase) {
      const spec = workload.next(`sql1:${workload.name}:${phase}`);
      const row = voucherRow(spec);
      await sql.begin(async (tx) => {
        const [voucher] = await tx<{ id: string }[]>`
          insert into ledger.vouchers (treasury_id, business_date, kind, summary, documents, maker_id, idempotency_key, request_hash)
          values (${TREASURY}, ${books.businessDate}, 'ordinary', ${SUMMARY}, ${row.documents}::jsonb, ${books.makerId}, ${row.key}, ${row.hash})
          returning id`;
        const [debit, credit] = lines(spec).map((line) => ({ ...line, voucherId: voucher!.id }));
        await tx`
          insert into ledger.entries
            (voucher_id, line_no, treasury_id, business_date, account_id, subject_code, side, amount, fiscal_level, classification_code)
          values
            (${debit!.voucherId}, ${debit!.lineNo}, ${TREASURY}, ${books.businessDate}, ${debit!.account.id}, ${debit!.account.subjectCode},
             ${debit!.side}, ${debit!.amount}::numeric, ${debit!.account.fiscalLevel}, null),
            (${credit!.voucherId}, ${credit!.lineNo}, ${TREASURY}, ${books.businessDate}, ${credit!.account.id}, ${credit!.account.subjectCode},
             ${credit!.side}, ${credit!.amount}::numeric, ${credit!.account.fiscalLevel}, null)`;
        for (const [accountId, delta] of balanceChanges([spec])) {
          await tx`update ledger.account_balances set balance = balance + ${delta}::numeric where account_id = ${accountId}`;
        }
      });
    },
  };
}

/**
 * (b) Many vouchers per commit: lock the touched balance rows in id order, bulk-insert vouchers and
 * entries through unnest(), then one UPDATE applying each account's net change once.
 */
export function baselineBatchPerCommit(books: BenchBooks, workload: Workload, vouchersPerCommit: number, inFlight: number): Poster {
  const { sql } = books.database;
  return {
    label: `plain SQL, ${vouchersPerCommit} vouchers per commit, ${inFlight} in flight`,
    vouchersPerCall: vouchersPerCommit,
    inFlight,
    async call(phase) {
      const specs = Array.from({ length: vouchersPerCommit }, () => workload.next(`sqlN:${workload.name}:${phase}`));
      const rows = specs.map(voucherRow);
      const changes = balanceChanges(specs);
      await sql.begin(async (tx) => {
        await tx`
          select account_id from ledger.account_balances
          where account_id = any(${changes.map(([id]) => id)}::bigint[]) order by account_id for update`;
        const posted = await insertVouchers(tx, books, rows);
        await insertEntries(tx, books, specs, posted);
        await tx`
          update ledger.account_balances b set balance = b.balance + v.delta
          from unnest(${changes.map(([id]) => id)}::bigint[], ${changes.map(([, delta]) => delta)}::numeric[]) as v(account_id, delta)
          where b.account_id = v.account_id`;
      });
    },
  };
}

async function insertVouchers(tx: Tx, books: BenchBooks, rows: readonly VoucherRow[]): Promise<Map<string, string>> {
  const posted = await tx<{ id: string; idempotency_key: string }[]>`
    insert into ledger.vouchers (treasury_id, business_date, kind, summary, documents, maker_id, idempotency_key, request_hash)
    select ${TREASURY}, ${books.businessDate}::date, 'ordinary', ${SUMMARY}, v.documents::jsonb, ${books.makerId}, v.key, v.hash
    from unnest(${rows.map((r) => r.key)}::text[], ${rows.map((r) => r.documents)}::text[], ${rows.map((r) => r.hash)}::text[])
      as v(key, documents, hash)
    returning id, idempotency_key`;
  return new Map(posted.map((row) => [row.idempotency_key, row.id]));
}

async function insertEntries(tx: Tx, books: BenchBooks, specs: readonly VoucherSpec[], posted: Map<string, string>): Promise<void> {
  const entries = specs.flatMap((spec) => lines(spec).map((line) => ({ ...line, voucherId: posted.get(spec.idempotencyKey)! })));
  const column = <T>(pick: (entry: (typeof entries)[number]) => T) => entries.map(pick);
  await tx`
    insert into ledger.entries
      (voucher_id, line_no, treasury_id, business_date, account_id, subject_code, side, amount, fiscal_level, classification_code)
    select v.voucher_id, v.line_no, ${TREASURY}, ${books.businessDate}::date, v.account_id, v.subject_code, v.side, v.amount, v.fiscal_level, null
    from unnest(
      ${column((e) => e.voucherId)}::bigint[],
      ${column((e) => e.lineNo)}::int[],
      ${column((e) => e.account.id)}::bigint[],
      ${column((e) => e.account.subjectCode)}::text[],
      ${column((e) => e.side)}::text[],
      ${column((e) => e.amount)}::numeric[],
      ${column((e) => e.account.fiscalLevel)}::text[])
      as v(voucher_id, line_no, account_id, subject_code, side, amount, fiscal_level)`;
}
