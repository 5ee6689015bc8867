import type { Sql } from '@jinku/db';
import { isFiscalLevel, type Account, type FiscalLevel, type Subject, type SubjectRole } from '@jinku/ledger-domain';

interface SubjectRow {
  code: string;
  name: string;
  balance_sheet: 'on' | 'off';
  normal_side: 'debit' | 'credit';
  is_deposit: boolean;
  interest_bearing: boolean;
  role: SubjectRole;
}

export function toSubject(row: SubjectRow): Subject {
  return {
    code: row.code,
    name: row.name,
    balanceSheet: row.balance_sheet,
    normalSide: row.normal_side,
    isDeposit: row.is_deposit,
    interestBearing: row.interest_bearing,
    role: row.role,
  };
}

interface TreasuryChart {
  readonly subjects: ReadonlyMap<string, Subject>;
  readonly accountsByNumber: Map<string, Account>;
}

/**
 * In-memory view of the charts of accounts and classification codes. Opened accounts and codes never
 * change, so the cache is only ever extended: an unknown number triggers one reload before refusing.
 */
export class Directory {
  private readonly charts = new Map<string, Promise<TreasuryChart>>();
  private codes: Promise<Set<string>> | undefined;

  constructor(private readonly sql: Sql) {}

  async subjects(treasuryId: string): Promise<ReadonlyMap<string, Subject>> {
    return (await this.chart(treasuryId)).subjects;
  }

  /** The accounts named, by number; reloads the treasury's chart once when one is unknown. */
  async accounts(treasuryId: string, numbers: Iterable<string>): Promise<ReadonlyMap<string, Account>> {
    const wanted = [...numbers];
    let chart = await this.chart(treasuryId);
    if (wanted.some((n) => !chart.accountsByNumber.has(n))) {
      this.charts.delete(treasuryId);
      chart = await this.chart(treasuryId);
    }
    return chart.accountsByNumber;
  }

  async isKnownClassificationCode(code: string): Promise<boolean> {
    this.codes ??= this.loadCodes();
    if ((await this.codes).has(code)) return true;
    this.codes = this.loadCodes();
    return (await this.codes).has(code);
  }

  /** Codes change rarely; posting validates against the snapshot taken here. */
  async classificationCodes(): Promise<ReadonlySet<string>> {
    this.codes ??= this.loadCodes();
    return this.codes;
  }

  forget(treasuryId: string): void {
    this.charts.delete(treasuryId);
  }

  forgetCodes(): void {
    this.codes = undefined;
  }

  private chart(treasuryId: string): Promise<TreasuryChart> {
    let chart = this.charts.get(treasuryId);
    if (!chart) {
      chart = this.loadChart(treasuryId);
      chart.catch(() => this.charts.delete(treasuryId));
      this.charts.set(treasuryId, chart);
    }
    return chart;
  }

  private async loadChart(treasuryId: string): Promise<TreasuryChart> {
    const subjectRows = await this.sql<SubjectRow[]>`
      select code, name, balance_sheet, normal_side, is_deposit, interest_bearing, role
      from ledger.subjects where treasury_id = ${treasuryId}`;
    const subjects = new Map(subjectRows.map((row) => [row.code, toSubject(row)]));
    const accountRows = await this.sql<{ id: string; number: string; name: string; subject_code: string; fiscal_level: string | null }[]>`
      select id, number, name, subject_code, fiscal_level from ledger.accounts where treasury_id = ${treasuryId}`;
    const accountsByNumber = new Map<string, Account>();
    for (const row of accountRows) {
      accountsByNumber.set(row.number, {
        id: row.id,
        treasuryId,
        number: row.number,
        name: row.name,
        subject: subjects.get(row.subject_code)!,
        fiscalLevel: row.fiscal_level && isFiscalLevel(row.fiscal_level) ? (row.fiscal_level as FiscalLevel) : null,
      });
    }
    return { subjects, accountsByNumber };
  }

  private async loadCodes(): Promise<Set<string>> {
    const rows = await this.sql<{ code: string }[]>`select code from ledger.classification_codes`;
    return new Set(rows.map((row) => row.code));
  }
}
