import type { Sql, Tx } from '@jinku/db';
import { excerpt, notFound } from '@jinku/kernel';
import { isFiscalLevel, type PostedVoucher, type Side, type SourceDocument, type VoucherKind } from '@jinku/ledger-domain';
import { Decimal } from 'decimal.js';
import type { Directory } from './directory';
import { countWithin, decodePageToken, isRowId, pageSizeOf, toPage, type Page, type PageRequest } from './pagination';

/** A page of vouchers stays below 3 MB on the wire, inside the 4 MB a gRPC client accepts by default. */
const PAGE_BYTES = 3 * 1024 * 1024;

/**
 * An upper bound of a voucher's protobuf size: UTF-8 takes at most 3 bytes per UTF-16 unit, and each field
 * adds a tag and a length; a line's amount, side and framing stay within 64 bytes.
 */
function wireSizeBound(voucher: PostedVoucher): number {
  const texts = (...values: string[]) => values.reduce((bytes, value) => bytes + 3 * value.length + 6, 0);
  const documents = voucher.documents.reduce((bytes, d) => bytes + texts(d.kind, d.reference), 0);
  const lines = voucher.lines.reduce((bytes, l) => bytes + 64 + texts(l.account.number, l.fiscalLevel ?? '', l.classificationCode ?? ''), 0);
  return 256 + texts(voucher.summary, voucher.idempotencyKey, voucher.makerId) + documents + lines;
}

interface VoucherRow {
  id: string;
  treasury_id: string;
  business_date: string;
  kind: VoucherKind;
  summary: string;
  documents: SourceDocument[];
  maker_id: string;
  idempotency_key: string;
  reverses_voucher_id: string | null;
  corrects_voucher_id: string | null;
  checker_id: string | null;
  approval_request_id: string | null;
  posted_at: Date;
}

interface EntryRow {
  voucher_id: string;
  account_number: string;
  side: Side;
  amount: string;
  fiscal_level: string | null;
  classification_code: string | null;
}

/** Reads posted vouchers back with their lines. */
export class VoucherReader {
  constructor(
    private readonly sql: Sql,
    private readonly directory: Directory,
  ) {}

  /** Inside `tx` when the caller is in a transaction that may hold the voucher uncommitted. */
  async get(treasuryId: string, voucherId: string, tx?: Tx): Promise<PostedVoucher> {
    const sql = (tx ?? this.sql) as Sql;
    if (!isRowId(voucherId) || voucherId === '0') throw notFound('VOUCHER_NOT_FOUND', `no voucher ${excerpt(voucherId)}`);
    const rows = await sql<VoucherRow[]>`
      select id, treasury_id, business_date::text as business_date, kind, summary, documents, maker_id, idempotency_key,
             reverses_voucher_id, corrects_voucher_id, checker_id, approval_request_id, posted_at
      from ledger.vouchers where id = ${voucherId} and treasury_id = ${treasuryId}`;
    if (rows.length === 0) throw notFound('VOUCHER_NOT_FOUND', `no voucher ${voucherId} in treasury ${treasuryId}`);
    return (await this.withLines(treasuryId, rows, sql))[0]!;
  }

  /** The vouchers that correct `voucherId` in part (red and blue, `corrects_voucher_id`), in the order posted. */
  async correctionsOf(treasuryId: string, voucherId: string, tx?: Tx): Promise<PostedVoucher[]> {
    const sql = (tx ?? this.sql) as Sql;
    const rows = await sql<VoucherRow[]>`
      select id, treasury_id, business_date::text as business_date, kind, summary, documents, maker_id, idempotency_key,
             reverses_voucher_id, corrects_voucher_id, checker_id, approval_request_id, posted_at
      from ledger.vouchers where corrects_voucher_id = ${voucherId} and treasury_id = ${treasuryId} order by id`;
    return this.withLines(treasuryId, rows, sql);
  }

  async listOfDay(treasuryId: string, businessDate: string, page: PageRequest): Promise<Page<PostedVoucher>> {
    const size = pageSizeOf(page);
    const [after] = decodePageToken(page.pageToken, ['id']) ?? ['0'];
    const rows = await this.sql<VoucherRow[]>`
      select id, treasury_id, business_date::text as business_date, kind, summary, documents, maker_id, idempotency_key,
             reverses_voucher_id, corrects_voucher_id, checker_id, approval_request_id, posted_at
      from ledger.vouchers
      where treasury_id = ${treasuryId} and business_date = ${businessDate} and id > ${String(after)}
      order by id limit ${size + 1}`;
    const vouchers = await this.withLines(treasuryId, rows);
    return toPage(vouchers, Math.min(size, countWithin(vouchers, PAGE_BYTES, wireSizeBound)), (last) => [last.id]);
  }

  private async withLines(treasuryId: string, rows: VoucherRow[], sql: Sql = this.sql): Promise<PostedVoucher[]> {
    if (rows.length === 0) return [];
    const entries = await sql<EntryRow[]>`
      select e.voucher_id, a.number as account_number, e.side, e.amount, e.fiscal_level, e.classification_code
      from ledger.entries e join ledger.accounts a on a.id = e.account_id
      where e.voucher_id = any(${rows.map((r) => r.id)}::bigint[]) order by e.voucher_id, e.line_no`;
    const accounts = await this.directory.accounts(treasuryId, entries.map((e) => e.account_number));
    const linesOf = new Map<string, PostedVoucher['lines'][number][]>();
    for (const e of entries) {
      const lines = linesOf.get(e.voucher_id) ?? [];
      lines.push({
        account: accounts.get(e.account_number)!,
        side: e.side,
        amount: new Decimal(e.amount),
        fiscalLevel: e.fiscal_level && isFiscalLevel(e.fiscal_level) ? e.fiscal_level : null,
        classificationCode: e.classification_code,
      });
      linesOf.set(e.voucher_id, lines);
    }
    return rows.map((row) => ({
      id: row.id,
      treasuryId: row.treasury_id,
      businessDate: row.business_date,
      kind: row.kind,
      summary: row.summary,
      documents: row.documents,
      makerId: row.maker_id,
      idempotencyKey: row.idempotency_key,
      reversesVoucherId: row.reverses_voucher_id,
      correctsVoucherId: row.corrects_voucher_id,
      checkerId: row.checker_id,
      approvalRequestId: row.approval_request_id,
      postedAt: row.posted_at,
      lines: linesOf.get(row.id) ?? [],
    }));
  }
}
