import type { Sql } from '@jinku/db';
import { alreadyExists, invalidArgument, type BusinessDate } from '@jinku/kernel';
import type { Account, CalendarDay, FiscalLevel, Subject } from '@jinku/ledger-domain';
import type { CalendarVersions } from './calendar';
import type { Directory } from './directory';

export interface TreasuryDefinition {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly fiscalLevel: FiscalLevel;
}

export interface AccountDefinition {
  readonly number: string;
  readonly name: string;
  readonly subjectCode: string;
  readonly fiscalLevel: FiscalLevel | null;
  readonly openedOn: BusinessDate;
}

export interface ClassificationCode {
  readonly code: string;
  readonly name: string;
  readonly kind: 'revenue' | 'expenditure_function' | 'expenditure_economic';
}

/**
 * Reference data of the books: treasuries, charts of accounts, classification codes, the calendar.
 * Called by trusted in-process tooling (the CLI's seed, tests); parameter changes that need supervisor
 * approval (R19(1)) go through the approvals context instead (a calendar change: `calendar_change`).
 */
export class LedgerSetup {
  constructor(
    private readonly sql: Sql,
    private readonly directory: Directory,
    private readonly calendars: CalendarVersions,
  ) {}

  async isEmpty(): Promise<boolean> {
    const [row] = await this.sql`select 1 from ledger.treasuries limit 1`;
    return !row;
  }

  async createTreasury(treasury: TreasuryDefinition): Promise<void> {
    const inserted = await this.sql`
      insert into ledger.treasuries (id, name, parent_id, fiscal_level)
      values (${treasury.id}, ${treasury.name}, ${treasury.parentId}, ${treasury.fiscalLevel})
      on conflict (id) do nothing returning id`;
    if (inserted.length === 0) throw alreadyExists('TREASURY_EXISTS', `treasury ${treasury.id} exists`);
  }

  async defineSubjects(treasuryId: string, subjects: readonly Subject[]): Promise<void> {
    for (const s of subjects) {
      if (s.balanceSheet === 'off' && s.normalSide !== 'debit') {
        throw invalidArgument('OFF_BALANCE_SIDE', `off-balance subject ${s.code} increases on receipt: normal side must be debit`);
      }
    }
    await this.sql`
      insert into ledger.subjects ${this.sql(
        subjects.map((s) => ({
          treasury_id: treasuryId,
          code: s.code,
          name: s.name,
          balance_sheet: s.balanceSheet,
          normal_side: s.normalSide,
          is_deposit: s.isDeposit,
          interest_bearing: s.interestBearing,
          role: s.role,
        })),
      )}`;
    this.directory.forget(treasuryId);
  }

  /** Opens sub-ledger accounts with a zero balance row each (the row postings lock). */
  async openAccounts(treasuryId: string, accounts: readonly AccountDefinition[]): Promise<void> {
    const subjects = await this.directory.subjects(treasuryId);
    const unknown = accounts.find((a) => !subjects.has(a.subjectCode));
    if (unknown) throw invalidArgument('UNKNOWN_SUBJECT', `no subject ${unknown.subjectCode} in treasury ${treasuryId}`);
    await this.sql.begin(async (tx) => {
      for (let i = 0; i < accounts.length; i += 5000) {
        const chunk = accounts.slice(i, i + 5000);
        await tx`
          with opened as (
            insert into ledger.accounts ${tx(
              chunk.map((a) => ({
                treasury_id: treasuryId,
                number: a.number,
                name: a.name,
                subject_code: a.subjectCode,
                fiscal_level: a.fiscalLevel,
                opened_on: a.openedOn,
              })),
            )} returning id)
          insert into ledger.account_balances (account_id) select id from opened`;
      }
    });
    this.directory.forget(treasuryId);
  }

  async loadClassificationCodes(codes: readonly ClassificationCode[]): Promise<void> {
    await this.sql`
      insert into ledger.classification_codes ${this.sql(codes.map((c) => ({ code: c.code, name: c.name, kind: c.kind })))}
      on conflict (code) do update set name = excluded.name, kind = excluded.kind`;
    this.directory.forgetCodes();
  }

  async listClassificationCodes(prefix: string): Promise<ClassificationCode[]> {
    return this.sql<ClassificationCode[]>`
      select code, name, kind from ledger.classification_codes where code like ${`${prefix.replace(/[%_\\]/g, '\\$&')}%`} order by code`;
  }

  /**
   * Loads holidays and make-up working days as a new calendar version of each year they fall in; that
   * version is the year's whole schedule (days of the year not listed follow Monday–Friday).
   */
  async loadCalendar(days: readonly CalendarDay[]): Promise<void> {
    await this.calendars.load(days);
  }

  /** A treasury's accounts with their subjects and levels: other contexts route postings by subject and level. */
  async accountsOf(treasuryId: string): Promise<Account[]> {
    return [...(await this.directory.accounts(treasuryId, [])).values()];
  }

  async treasuries(): Promise<TreasuryDefinition[]> {
    return this.sql<TreasuryDefinition[]>`
      select id, name, parent_id as "parentId", fiscal_level as "fiscalLevel" from ledger.treasuries order by id`;
  }
}
