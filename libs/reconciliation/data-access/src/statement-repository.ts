import type { Database, Tx } from '@jinku/db';
import type { StatementLine } from '@jinku/reconciliation-domain';

type Sql = Database['sql'] | Tx;

export interface StatementRecord {
  readonly id: string;
  readonly treasuryId: string;
  readonly counterpartyKind: string;
  readonly counterpartyCode: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly createdBy: string;
}

export interface DifferenceRecord {
  readonly id: string;
  readonly kind: string;
  readonly reference: string;
  readonly treasury: Omit<StatementLine, 'reference'> | null;
  readonly counterparty: Omit<StatementLine, 'reference'> | null;
}

/** A signed statement as a handover to post-supervision lists it (R59). */
export interface HandedStatement extends StatementRecord {
  readonly outcome: string;
  readonly signedOn: string;
  readonly signer: string;
}

/** Lines go in in batches of this many: one statement each, whatever the statement's size. */
const BATCH = 10_000;

/** The SQL of statements, their lines, runs, differences and results. */
export const statementRepository = {
  async create(tx: Tx, statement: Omit<StatementRecord, 'id'>): Promise<string> {
    const [row] = await tx<{ id: string }[]>`
      insert into reconciliation.statements (treasury_id, counterparty_kind, counterparty_code, period_from, period_to, created_by)
      values (${statement.treasuryId}, ${statement.counterpartyKind}, ${statement.counterpartyCode}, ${statement.periodFrom}, ${statement.periodTo}, ${statement.createdBy})
      on conflict do nothing returning id`;
    return row?.id ?? '';
  },

  async byId(sql: Sql, id: string): Promise<StatementRecord | undefined> {
    const [row] = await sql<StatementRecord[]>`
      select id, treasury_id as "treasuryId", counterparty_kind as "counterpartyKind", counterparty_code as "counterpartyCode",
             period_from::text as "periodFrom", period_to::text as "periodTo", created_by as "createdBy"
      from reconciliation.statements where id = ${id}`;
    return row;
  },

  /** Adds lines to a side; the treasury's side comes whole, in a generation of its own (1 when prepared). */
  async addLines(sql: Sql, statementId: string, side: 'treasury' | 'counterparty', lines: readonly StatementLine[], generation = 1): Promise<void> {
    for (let from = 0; from < lines.length; from += BATCH) {
      const batch = lines.slice(from, from + BATCH);
      await sql`
        insert into reconciliation.lines (statement_id, side, generation, reference, level, code, amount, date)
        select ${statementId}::bigint, ${side}, ${generation}::int, * from unnest(${batch.map((l) => l.reference)}::text[], ${batch.map((l) => l.level)}::text[],
          ${batch.map((l) => l.code)}::text[], ${batch.map((l) => l.amount)}::numeric[], ${batch.map((l) => l.date)}::date[])`;
    }
  },

  /** The next generation of a statement's treasury side, under a lock held to the end of the transaction. */
  async nextTreasuryGeneration(tx: Tx, statementId: string): Promise<number> {
    await tx`select pg_advisory_xact_lock(hashtextextended('reconciliation-statement' || ${statementId}, 0))`;
    const [row] = await tx<{ next: number }[]>`
      select coalesce(max(generation), 0) + 1 as next from reconciliation.lines where statement_id = ${statementId} and side = 'treasury'`;
    return row!.next;
  },

  async hasResult(sql: Sql, statementId: string): Promise<boolean> {
    const [row] = await sql`select 1 from reconciliation.results where statement_id = ${statementId}`;
    return row !== undefined;
  },

  /** The statement's latest run, with how many differences it found and how many are still neither explained nor corrected. */
  async latestRun(sql: Sql, statementId: string): Promise<{ id: string; differences: number; unresolved: number } | undefined> {
    const [row] = await sql<{ id: string; differences: number; unresolved: number }[]>`
      select r.id, count(d.id)::int as differences, count(d.id) filter (where x.id is null)::int as unresolved
      from reconciliation.match_runs r
      left join reconciliation.differences d on d.run_id = r.id
      left join reconciliation.resolutions x on x.difference_id = d.id
      where r.statement_id = ${statementId}
      group by r.id order by r.id desc limit 1`;
    return row;
  },

  /** A difference of a statement's latest run, with whether it was resolved. */
  async differenceOf(sql: Sql, statementId: string, differenceId: string): Promise<{ id: string; resolved: boolean } | undefined> {
    const [row] = await sql<{ id: string; resolved: boolean }[]>`
      select d.id, exists (select 1 from reconciliation.resolutions x where x.difference_id = d.id) as resolved
      from reconciliation.differences d
      where d.id = ${differenceId} and d.run_id = (select max(id) from reconciliation.match_runs where statement_id = ${statementId})`;
    return row;
  },

  async addResolution(sql: Sql, resolution: { differenceId: string; kind: 'explained' | 'corrected'; note: string; correctionReference: string | null; resolvedBy: string }): Promise<void> {
    await sql`
      insert into reconciliation.resolutions (difference_id, kind, note, correction_reference, resolved_by)
      values (${resolution.differenceId}, ${resolution.kind}, ${resolution.note}, ${resolution.correctionReference}, ${resolution.resolvedBy})`;
  },

  async differencesOf(sql: Sql, runId: string, afterId: string, limit: number): Promise<DifferenceRecord[]> {
    const rows = await sql<Record<string, string | null>[]>`
      select id, kind, reference, treasury_level, treasury_code, treasury_amount::text as treasury_amount, treasury_date::text as treasury_date,
             counterparty_level, counterparty_code, counterparty_amount::text as counterparty_amount, counterparty_date::text as counterparty_date
      from reconciliation.differences where run_id = ${runId} and id > ${afterId} order by id limit ${limit}`;
    const side = (row: Record<string, string | null>, prefix: string) =>
      row[`${prefix}_level`] === null ? null : { level: row[`${prefix}_level`]!, code: row[`${prefix}_code`]!, amount: row[`${prefix}_amount`]!, date: row[`${prefix}_date`]! };
    return rows.map((row) => ({ id: row['id']!, kind: row['kind']!, reference: row['reference']!, treasury: side(row, 'treasury'), counterparty: side(row, 'counterparty') }));
  },

  async addResult(tx: Tx, result: { statementId: string; runId: string; outcome: string; signedOn: string; signer: string; sealVerified: boolean }): Promise<void> {
    await tx`
      insert into reconciliation.results (statement_id, run_id, outcome, signed_on, signer, seal_verified)
      values (${result.statementId}, ${result.runId}, ${result.outcome}, ${result.signedOn}, ${result.signer}, ${result.sealVerified})`;
  },

  /**
   * R59: hands every signed statement of the treasury not handed over before to post-supervision, as one handover;
   * none when there is nothing to hand over. Serialized per treasury, so a statement goes in one handover only.
   */
  async handOver(tx: Tx, treasuryId: string, handedBy: string): Promise<{ id: string; recordedAt: Date; statements: HandedStatement[] } | undefined> {
    await tx`select pg_advisory_xact_lock(hashtextextended('reconciliation-handover' || ${treasuryId}, 0))`;
    const [handover] = await tx<{ id: string; recorded_at: Date }[]>`
      insert into reconciliation.handovers (treasury_id, handed_by) values (${treasuryId}, ${handedBy}) returning id, recorded_at`;
    const statements = await tx<HandedStatement[]>`
      with handed as (
        insert into reconciliation.handover_items (handover_id, statement_id)
        select ${handover!.id}::bigint, s.id from reconciliation.statements s
        where s.treasury_id = ${treasuryId} and exists (select 1 from reconciliation.results r where r.statement_id = s.id)
          and not exists (select 1 from reconciliation.handover_items i where i.statement_id = s.id)
        returning statement_id
      )
      select s.id, s.treasury_id as "treasuryId", s.counterparty_kind as "counterpartyKind", s.counterparty_code as "counterpartyCode",
             s.period_from::text as "periodFrom", s.period_to::text as "periodTo", s.created_by as "createdBy",
             r.outcome, r.signed_on::text as "signedOn", r.signer
      from handed h join reconciliation.statements s on s.id = h.statement_id join reconciliation.results r on r.statement_id = s.id
      order by s.id`;
    return statements.length === 0 ? undefined : { id: handover!.id, recordedAt: handover!.recorded_at, statements };
  },
};
