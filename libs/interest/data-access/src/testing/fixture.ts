import { approvalsMigrations, createApprovals, type AnyAction, type ApprovalRequest, type Approvals } from '@jinku/approvals';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import { parseAmount, systemActor, type Actor, type BusinessDate, type Post } from '@jinku/kernel';
import {
  createLedger,
  demoTreasuries,
  jurisdictionsOf,
  ledgerMigrations,
  seedLedgerDemo,
  standardAccounts,
  standardSubjects,
  type Ledger,
  type TreasuryDefinition,
} from '@jinku/ledger';
import { createInterest, type Interest } from '../interest';
import { interestMigrations } from '../migrations';

export interface InterestFixture {
  readonly database: TestDatabase;
  readonly ledger: Ledger;
  readonly interest: Interest;
  /** A person of `treasuryId` (default SZ) holding `post`, as identity would report them. */
  person(userId: string, post: Post, treasuryId?: string): Actor;
  /** Approvals with these actions; the people it re-authorizes are the fixture's. */
  approvals(actions: readonly AnyAction[]): Approvals;
  /** Moves `amount` between the clearing account and a deposit account, as an approved operation posts it. */
  move(treasuryId: string, purpose: string, amount: string, into: boolean, deposit?: string): Promise<void>;
  /** Closes open days until the open day is `until` or later. */
  closeThrough(treasuryId: string, until: BusinessDate): Promise<void>;
  /** A treasury with the standard chart whose books start on `firstDay` (another branch, or one going live). */
  addTreasury(treasury: TreasuryDefinition, firstDay: BusinessDate): Promise<void>;
  /** Enters a request in the maker's treasury, has the treasury's reviewer and supervisor approve it. */
  approved(approvals: Approvals, maker: Actor, request: { kind: string; idempotencyKey: string; payload: unknown }): Promise<ApprovalRequest>;
}

/** A fresh database with the demo books (SZ over SZ-FT and SZ-LG) open from `today`. */
export async function interestFixture(today: BusinessDate): Promise<InterestFixture> {
  const database = await createTestDatabase([ledgerMigrations, approvalsMigrations, interestMigrations]);
  const ledger = createLedger(database);
  const interest = createInterest(database, ledger);
  await seedLedgerDemo(ledger.setup, ledger.days, today);
  const treasuries: TreasuryDefinition[] = [...demoTreasuries];
  const people = new Map<string, Actor>();

  const person = (userId: string, post: Post, treasuryId = 'SZ'): Actor => {
    const { reach, jurisdictionId } = jurisdictionsOf(treasuries).get(treasuryId)!;
    const actor: Actor = { kind: 'person', userId, login: userId, treasuryId, posts: [post], scopes: [], reach, jurisdictionId };
    people.set(userId, actor);
    return actor;
  };

  return {
    database,
    ledger,
    interest,
    person,
    approvals: (actions) => createApprovals(database, ledger, actions, { currentPerson: async (userId) => people.get(userId)! }),
    async move(treasuryId, purpose, amount, into, deposit = '201103') {
      const money = parseAmount(amount);
      await database.sql.begin((tx) =>
        ledger.postWithin(tx, systemActor('test', treasuryId), [
          {
            treasuryId,
            purpose,
            draft: {
              kind: 'ordinary',
              summary: into ? '入库' : '拨付',
              documents: [{ kind: 'form', reference: purpose }],
              lines: [
                { accountNumber: '105100', side: into ? 'debit' : 'credit', amount: money, fiscalLevel: null, classificationCode: null },
                { accountNumber: deposit, side: into ? 'credit' : 'debit', amount: money, fiscalLevel: null, classificationCode: null },
              ],
            },
          },
        ]),
      );
    },
    async closeThrough(treasuryId, until) {
      const supervisor = person(`supervisor-${treasuryId}`, 'accounting_supervisor', treasuryId);
      for (let day = (await ledger.days.current(treasuryId)).date; day < until; day = (await ledger.days.current(treasuryId)).date) {
        await ledger.closeBusinessDay(supervisor, treasuryId, day);
      }
    },
    async addTreasury(treasury, firstDay) {
      await ledger.setup.createTreasury(treasury);
      await ledger.setup.defineSubjects(treasury.id, standardSubjects);
      await ledger.setup.openAccounts(treasury.id, standardAccounts([treasury.fiscalLevel], firstDay));
      await ledger.days.openFirst(treasury.id, firstDay);
      treasuries.push(treasury);
    },
    async approved(approvals, maker, request) {
      const treasuryId = maker.treasuryId;
      const entered = await approvals.submit(maker, { ...request, treasuryId, documents: [{ kind: 'notice', reference: request.idempotencyKey }] });
      const approve = (actor: Actor) => approvals.act(actor, { requestId: entered.id, decision: 'approve', comment: 'ok', keyElements: null });
      await approve(person(`reviewer-${treasuryId}`, 'reviewer', treasuryId));
      return approve(person(`supervisor-${treasuryId}`, 'accounting_supervisor', treasuryId));
    },
  };
}
