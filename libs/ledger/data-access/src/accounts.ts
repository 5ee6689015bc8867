import type { Sql } from '@jinku/db';
import { notFound, type Amount, type BusinessDate } from '@jinku/kernel';
import type { Account, Side } from '@jinku/ledger-domain';
import { Decimal } from 'decimal.js';
import type { Directory } from './directory';
import { decodePageToken, pageSizeOf, toPage, type Page, type PageRequest } from './pagination';

export interface AccountWithBalance {
  readonly account: Account;
  readonly balance: Amount;
}

/** One line of an account's ledger (分户账). */
export interface AccountEntry {
  readonly entryId: string;
  readonly voucherId: string;
  readonly businessDate: BusinessDate;
  readonly side: Side;
  readonly amount: Amount;
  readonly fiscalLevel: string | null;
  readonly classificationCode: string | null;
}

export class Accounts {
  constructor(
    private readonly sql: Sql,
    private readonly directory: Directory,
  ) {}

  async get(treasuryId: string, number: string): Promise<AccountWithBalance> {
    const account = (await this.directory.accounts(treasuryId, [number])).get(number);
    if (!account) throw notFound('ACCOUNT_NOT_FOUND', `no account ${number} in treasury ${treasuryId}`);
    const [row] = await this.sql<{ balance: string }[]>`select balance from ledger.account_balances where account_id = ${account.id}`;
    return { account, balance: new Decimal(row!.balance) };
  }

  async list(treasuryId: string, page: PageRequest): Promise<Page<AccountWithBalance>> {
    const size = pageSizeOf(page);
    const [after] = decodePageToken(page.pageToken, ['text']) ?? [''];
    const rows = await this.sql<{ number: string; balance: string }[]>`
      select a.number, b.balance from ledger.accounts a join ledger.account_balances b on b.account_id = a.id
      where a.treasury_id = ${treasuryId} and a.number > ${String(after)} order by a.number limit ${size + 1}`;
    const accounts = await this.directory.accounts(treasuryId, rows.map((r) => r.number));
    const items = rows.map((r) => ({ account: accounts.get(r.number)!, balance: new Decimal(r.balance) }));
    return toPage(items, size, (last) => [last.account.number]);
  }

  /** Entries of an account between two business dates inclusive, oldest first. */
  async entries(treasuryId: string, number: string, from: BusinessDate, to: BusinessDate, page: PageRequest): Promise<Page<AccountEntry>> {
    const { account } = await this.get(treasuryId, number);
    const size = pageSizeOf(page);
    const [afterDate, afterId] = decodePageToken(page.pageToken, ['date', 'id']) ?? [from, '0'];
    const rows = await this.sql<
      { id: string; voucher_id: string; business_date: string; side: Side; amount: string; fiscal_level: string | null; classification_code: string | null }[]
    >`
      select id, voucher_id, business_date::text as business_date, side, amount, fiscal_level, classification_code
      from ledger.entries
      where account_id = ${account.id} and business_date <= ${to} and business_date >= ${from}
        and (business_date, id) > (${String(afterDate)}::date, ${String(afterId)}::bigint)
      order by business_date, id limit ${size + 1}`;
    const items = rows.map((r) => ({
      entryId: r.id,
      voucherId: r.voucher_id,
      businessDate: r.business_date,
      side: r.side,
      amount: new Decimal(r.amount),
      fiscalLevel: r.fiscal_level,
      classificationCode: r.classification_code,
    }));
    return toPage(items, size, (last) => [last.businessDate, last.entryId]);
  }
}
