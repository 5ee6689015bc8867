import postgres from 'postgres';
import type { Sql } from './connection';

export interface DatabaseProbe {
  /** Whether PostgreSQL answers `select 1` within the timeout. Never throws. */
  check(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A health probe on a connection of its own, so a busy pool cannot make a healthy database look down.
 * After a failed check the connection is dropped and the next check opens a fresh one: a connection
 * that timed out may be dead without knowing it.
 */
export function databaseProbe(url: string, timeoutMs: number): DatabaseProbe {
  let client: Sql | undefined;
  const open = () => postgres(url, { max: 1, connect_timeout: timeoutMs / 1000, backoff: false, onnotice: () => undefined });
  return {
    async check() {
      const sql = (client ??= open());
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('probe timed out')), timeoutMs)));
      try {
        await Promise.race([sql`select 1`, timedOut]);
        return true;
      } catch {
        if (client === sql) client = undefined;
        void sql.end({ timeout: 0 }).catch(() => undefined);
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await client?.end({ timeout: 0 });
      client = undefined;
    },
  };
}
