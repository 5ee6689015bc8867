import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import type { Actor, BusinessDate, Post } from '@jinku/kernel';
import { createLedger, ledgerMigrations, seedLedgerDemo, standardAccounts, standardSubjects, type Ledger } from '@jinku/ledger';
import { sealsMigrations } from '../migrations';
import { createValuables, type Valuables } from '../valuables';

/** What a refused call must leave as it was: the register's rows, the books' vouchers and balances. */
export interface Books {
  readonly movements: number;
  readonly vouchers: number;
  readonly balances: Readonly<Record<string, string>>;
}

/** A treasury of its own (the no-skip rule makes every test's stock its own), with its people. */
export interface ValuablesTreasury {
  readonly treasuryId: string;
  person(userId: string, post: Post): Actor;
  books(): Promise<Books>;
}

export interface ValuablesFixture {
  readonly database: TestDatabase;
  readonly ledger: Ledger;
  readonly valuables: Valuables;
  treasury(): Promise<ValuablesTreasury>;
}

const VALUABLE_ACCOUNTS = ['702110', '702120', '702210', '702220'];

/** A fresh database with the demo books open from `today`, and fresh sub-treasuries of SZ on demand. */
export async function valuablesFixture(today: BusinessDate): Promise<ValuablesFixture> {
  const database = await createTestDatabase([ledgerMigrations, sealsMigrations]);
  const ledger = createLedger(database);
  const valuables = createValuables(database, ledger);
  const firstDay = await seedLedgerDemo(ledger.setup, ledger.days, today);
  let treasuries = 0;

  return {
    database,
    ledger,
    valuables,
    async treasury() {
      treasuries += 1;
      const treasuryId = `SZ-V${treasuries}`;
      await ledger.setup.createTreasury({ id: treasuryId, name: `深圳市测试支库${treasuries}`, parentId: 'SZ', fiscalLevel: 'district' });
      await ledger.setup.defineSubjects(treasuryId, standardSubjects);
      await ledger.setup.openAccounts(treasuryId, standardAccounts(['district'], firstDay));
      await ledger.days.openFirst(treasuryId, firstDay);
      const person = (userId: string, post: Post): Actor => ({
        kind: 'person',
        userId,
        login: userId,
        treasuryId,
        posts: [post],
        scopes: [],
        reach: [treasuryId],
        jurisdictionId: 'SZ',
      });
      const reader = person('u-books-reader', 'reviewer');
      return {
        treasuryId,
        person,
        async books() {
          const [movements] = await database.sql<{ n: number }[]>`select count(*)::int as n from seals.valuable_movements where treasury_id = ${treasuryId}`;
          const vouchers = await ledger.listVouchers(reader, treasuryId, firstDay, { pageSize: 1000, pageToken: '' });
          const balances = await Promise.all(VALUABLE_ACCOUNTS.map(async (number) => [number, (await ledger.getAccount(reader, treasuryId, number)).balance.toFixed(2)]));
          return { movements: movements!.n, vouchers: vouchers.items.length, balances: Object.fromEntries(balances) };
        },
      };
    },
  };
}
