import { createHash } from 'node:crypto';
import type { Database, Tx } from '@jinku/db';
import { systemKey } from '@jinku/ledger-domain';
import type { Poster } from './measure';
import { countInto, type Tally } from './receipts-grpc';
import { BRANCH, type ReceiptBooks } from './receipts-setup';
import { AUTHORITY, routeOf, type BenchReceipt, type Level, type ReceiptStream } from './receipts-workload';
import { formatCents } from './workload';

/**
 * The floor SubmitReceipts is compared with: the same rows per receipt — the voucher, its entries (one debit
 * of the clearing account, one credit per part), the balance changes and the receipt row with its parts —
 * written with plain SQL through the `postgres` driver in set-based bulk inserts, one transaction per call,
 * with no gRPC, no authentication, no validation, no idempotency check and no division (the parts come
 * precomputed with the receipts). Where each part goes is taken from receipts the server divided first
 * (`loadRoutes`), so both sides credit the same accounts. Message ids carry their own prefix (`sql-`).
 */

interface Posting {
  readonly accountId: string;
  readonly subjectCode: string;
  readonly normalSide: 'debit' | 'credit';
}

interface Credit extends Posting {
  readonly accountNumber: string;
  readonly treasuryId: string;
}

/** Where a receipt of one code and region is debited and each of its parts credited. */
export interface Route {
  readonly debit: Posting;
  readonly credits: ReadonlyMap<Level, Credit>;
  readonly sharingRuleId: string;
}

interface ProbeRow {
  revenue_code: string;
  region: string;
  sharing_rule_id: string;
  parts: { level: Level; accountNumber: string; treasuryId: string }[];
  side: 'debit' | 'credit';
  fiscal_level: Level | null;
  account_id: string;
  subject_code: string;
  normal_side: 'debit' | 'credit';
}

/** The routes of receipts the server took in (one per code and region), read back from their rows. */
export async function loadRoutes(database: Database, probes: readonly BenchReceipt[]): Promise<Map<string, Route>> {
  const rows = await database.sql<ProbeRow[]>`
    select r.revenue_code, r.region, r.sharing_rule_id::text as sharing_rule_id, r.parts, e.side, e.fiscal_level, e.account_id::text as account_id,
           e.subject_code, s.normal_side
    from revenue.receipts r
    join ledger.entries e on e.voucher_id = r.voucher_id
    join ledger.subjects s on s.treasury_id = e.treasury_id and s.code = e.subject_code
    where r.authority_code = ${AUTHORITY} and r.message_id = any(${probes.map((p) => p.wire.messageId)}::text[])`;
  type Found = { debit?: Posting; credits: Map<Level, Credit>; sharingRuleId: string };
  const routes = new Map<string, Found>();
  for (const row of rows) {
    const key = routeOf(row.revenue_code, row.region);
    const route: Found = routes.get(key) ?? { credits: new Map(), sharingRuleId: row.sharing_rule_id };
    routes.set(key, route);
    const posting = { accountId: row.account_id, subjectCode: row.subject_code, normalSide: row.normal_side };
    if (row.side === 'debit') route.debit = posting;
    else {
      const part = row.parts.find((p) => p.level === row.fiscal_level);
      if (!part) throw new Error(`probe receipt ${key}: a ${row.fiscal_level} credit without its part`);
      route.credits.set(part.level, { ...posting, accountNumber: part.accountNumber, treasuryId: part.treasuryId });
    }
  }
  const complete = new Map<string, Route>();
  for (const probe of probes) {
    const route = routes.get(probe.route);
    if (!route?.debit || probe.parts.some((part) => !route.credits.has(part.level))) throw new Error(`no complete route for ${probe.route} from the probe receipts`);
    complete.set(probe.route, { debit: route.debit, credits: route.credits, sharingRuleId: route.sharingRuleId });
  }
  return complete;
}

/** The voucher summary the intake writes (same text, so the rows weigh the same). */
const summaryOf = ({ wire }: BenchReceipt) =>
  `缴款书 ${wire.revenueCode} ${wire.payerName} ${wire.payerAccount} 征收机关 ${wire.authorityCode} 缴款日 ${wire.collectionDate} 区划 ${wire.region} 级次 ${wire.designation}`;

/** Signed change of the stored balance: positive on the subject's normal side (as the ledger stores it). */
const effect = (posting: Posting, side: 'debit' | 'credit', cents: number) => (posting.normalSide === side ? cents : -cents);

export function receiptsBaseline(books: ReceiptBooks, routes: ReadonlyMap<string, Route>, stream: ReceiptStream, perCall: number, inFlight: number, tally: Tally): Poster {
  const { sql } = books.database;
  const routeFor = (receipt: BenchReceipt) => routes.get(receipt.route) ?? failNoRoute(receipt.route);
  return {
    label: `plain SQL, ${perCall.toLocaleString('en-US')} receipts per commit, ${inFlight} in flight`,
    vouchersPerCall: perCall,
    inFlight,
    async call(phase) {
      const receipts = stream.batch(`sql-${phase}`, perCall);
      const keys = receipts.map((r) => systemKey(`receipt:${r.wire.authorityCode}:${r.wire.messageId}`));
      const deltas = new Map<string, number>();
      const add = (posting: Posting, side: 'debit' | 'credit', cents: number) =>
        deltas.set(posting.accountId, (deltas.get(posting.accountId) ?? 0) + effect(posting, side, cents));
      for (const receipt of receipts) {
        const route = routeFor(receipt);
        add(route.debit, 'debit', receipt.amountCents);
        for (const part of receipt.parts) add(route.credits.get(part.level)!, 'credit', part.cents);
      }
      // Account-id order: the order every writer locks in, so none deadlock.
      const changes = [...deltas].sort(([a], [b]) => Number(a) - Number(b));
      await sql.begin(async (tx) => {
        await tx`select account_id from ledger.account_balances where account_id = any(${changes.map(([id]) => id)}::bigint[]) order by account_id for update`;
        const voucherIds = await insertVouchers(tx, books, receipts, keys);
        await insertEntries(tx, books, routeFor, receipts, keys.map((key) => voucherIds.get(key)!));
        await tx`
          update ledger.account_balances b set balance = b.balance + v.delta
          from unnest(${changes.map(([id]) => id)}::bigint[], ${changes.map(([, cents]) => formatCents(cents))}::numeric[]) as v(account_id, delta)
          where b.account_id = v.account_id`;
        await insertReceipts(tx, books, routeFor, receipts, keys.map((key) => voucherIds.get(key)!));
      });
      countInto(tally, receipts);
    },
  };
}

function failNoRoute(route: string): never {
  throw new Error(`no route for ${route}`);
}

async function insertVouchers(tx: Tx, books: ReceiptBooks, receipts: readonly BenchReceipt[], keys: readonly string[]): Promise<Map<string, string>> {
  const documents = receipts.map((r) => JSON.stringify([{ kind: 'payment_receipt', reference: `${r.wire.authorityCode}/${r.wire.messageId}` }]));
  // Same width as the server's request hash, so the rows weigh the same.
  const hashes = keys.map((key) => createHash('sha256').update(key).digest('base64url'));
  const posted = await tx<{ id: string; idempotency_key: string }[]>`
    insert into ledger.vouchers (treasury_id, business_date, kind, summary, documents, maker_id, idempotency_key, request_hash)
    select ${BRANCH}, ${books.businessDate}::date, 'ordinary', v.summary, v.documents::jsonb, ${books.makerId}, v.key, v.hash
    from unnest(${receipts.map(summaryOf)}::text[], ${documents}::text[], ${keys as string[]}::text[], ${hashes}::text[]) as v(summary, documents, key, hash)
    returning id, idempotency_key`;
  return new Map(posted.map((row) => [row.idempotency_key, row.id]));
}

async function insertEntries(tx: Tx, books: ReceiptBooks, routeFor: (r: BenchReceipt) => Route, receipts: readonly BenchReceipt[], voucherIds: readonly string[]): Promise<void> {
  const entries = receipts.flatMap((receipt, i) => {
    const route = routeFor(receipt);
    return [
      { voucherId: voucherIds[i]!, posting: route.debit, side: 'debit', cents: receipt.amountCents, level: null, code: null },
      ...receipt.parts.map((part) => ({ voucherId: voucherIds[i]!, posting: route.credits.get(part.level)!, side: 'credit', cents: part.cents, level: part.level, code: receipt.wire.revenueCode })),
    ].map((entry, lineNo) => ({ ...entry, lineNo }));
  });
  const column = <T>(pick: (entry: (typeof entries)[number]) => T) => entries.map(pick);
  await tx`
    insert into ledger.entries
      (voucher_id, line_no, treasury_id, business_date, account_id, subject_code, side, amount, fiscal_level, classification_code)
    select v.voucher_id, v.line_no, ${BRANCH}, ${books.businessDate}::date, v.account_id, v.subject_code, v.side, v.amount, v.fiscal_level, v.code
    from unnest(
      ${column((e) => e.voucherId)}::bigint[],
      ${column((e) => e.lineNo)}::int[],
      ${column((e) => e.posting.accountId)}::bigint[],
      ${column((e) => e.posting.subjectCode)}::text[],
      ${column((e) => e.side)}::text[],
      ${column((e) => formatCents(e.cents))}::numeric[],
      ${column((e) => e.level)}::text[],
      ${column((e) => e.code)}::text[])
      as v(voucher_id, line_no, account_id, subject_code, side, amount, fiscal_level, code)`;
}

async function insertReceipts(tx: Tx, books: ReceiptBooks, routeFor: (r: BenchReceipt) => Route, receipts: readonly BenchReceipt[], voucherIds: readonly string[]): Promise<void> {
  const column = <T>(pick: (receipt: BenchReceipt) => T) => receipts.map(pick);
  const parts = receipts.map((receipt) => {
    const route = routeFor(receipt);
    return JSON.stringify(
      receipt.parts.map((part) => {
        const credit = route.credits.get(part.level)!;
        return { level: part.level, amount: formatCents(part.cents), accountNumber: credit.accountNumber, treasuryId: credit.treasuryId };
      }),
    );
  });
  await tx`
    insert into revenue.receipts
      (treasury_id, authority_code, message_id, principal_id, revenue_code, designation, region, payer_name, payer_account, amount,
       collection_date, business_date, parts, sharing_rule_id, voucher_id)
    select ${BRANCH}, v.authority, v.message, ${books.makerId}, v.code, v.designation, v.region, v.payer, v.account, v.amount,
           v.collected::date, ${books.businessDate}::date, v.parts::jsonb, v.rule, v.voucher
    from unnest(
      ${column((r) => r.wire.authorityCode)}::text[],
      ${column((r) => r.wire.messageId)}::text[],
      ${column((r) => r.wire.revenueCode)}::text[],
      ${column((r) => r.wire.designation)}::text[],
      ${column((r) => r.wire.region)}::text[],
      ${column((r) => r.wire.payerName)}::text[],
      ${column((r) => r.wire.payerAccount)}::text[],
      ${column((r) => r.wire.amount)}::numeric[],
      ${column((r) => r.wire.collectionDate)}::text[],
      ${parts}::text[],
      ${column((r) => routeFor(r).sharingRuleId)}::bigint[],
      ${voucherIds as string[]}::bigint[])
      as v(authority, message, code, designation, region, payer, account, amount, collected, parts, rule, voucher)`;
}
