import type { Sql, Tx } from './connection';

/**
 * Runs `work` in a transaction without the connection's statement_timeout. For the few statements whose
 * time grows with the books rather than with one call — a quarter's accumulations over every account of a
 * treasury (17 s for 100,000 accounts, docs/PERFORMANCE.md) — which the limit on calls must not cut.
 */
export async function withoutStatementTimeout<T>(sql: Sql, work: (tx: Tx) => Promise<T>): Promise<T> {
  return (await sql.begin(async (tx) => {
    await tx`set local statement_timeout = 0`;
    return work(tx);
  })) as T;
}
