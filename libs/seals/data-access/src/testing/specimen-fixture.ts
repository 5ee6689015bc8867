import { approvalsMigrations, createApprovals, type ApprovalRequest, type Approvals } from '@jinku/approvals';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import type { Actor, BusinessDate, Post } from '@jinku/kernel';
import { createLedger, demoTreasuries, jurisdictionsOf, ledgerMigrations, seedLedgerDemo } from '@jinku/ledger';
import { sealsMigrations } from '../migrations';
import { specimenCardChangeAction, specimenCardNewAction, specimenCardRevokeAction } from '../specimen-actions';
import { createSpecimens, type Specimens } from '../specimens';

export type SpecimenRequestKind = 'specimen_card_new' | 'specimen_card_change' | 'specimen_card_revoke';

export interface SpecimenFixture {
  readonly database: TestDatabase;
  readonly specimens: Specimens;
  readonly approvals: Approvals;
  /** A person of `treasuryId` (default SZ) holding `post`, as identity would report them. */
  person(userId: string, post: Post, treasuryId?: string): Actor;
  /** Enters a request as `maker` (by default the treasury's income operator); the payload's documents go with it. */
  enter(kind: SpecimenRequestKind, payload: Record<string, unknown>, maker?: Actor): Promise<ApprovalRequest>;
  /** Enters a request and has the treasury's reviewer and then its supervisor approve it. */
  approved(kind: SpecimenRequestKind, payload: Record<string, unknown>): Promise<ApprovalRequest>;
  /** Rows of specimen cards and of approval requests: what a refusal must leave as it was. */
  writes(): Promise<{ cards: number; requests: number }>;
}

/** A fresh database with the demo books open from `today`, and specimen card requests checked against `today`. */
export async function specimenFixture(today: BusinessDate): Promise<SpecimenFixture> {
  const database = await createTestDatabase([ledgerMigrations, approvalsMigrations, sealsMigrations]);
  const ledger = createLedger(database);
  await seedLedgerDemo(ledger.setup, ledger.days, today);
  const jurisdictions = jurisdictionsOf(demoTreasuries);
  const people = new Map<string, Actor>();
  let requests = 0;
  const options = { today: () => today };
  const actions = [specimenCardNewAction(database, options), specimenCardChangeAction(database, options), specimenCardRevokeAction(database, options)];
  const approvals = createApprovals(database, ledger, actions, { currentPerson: async (userId) => people.get(userId)! });

  const person = (userId: string, post: Post, treasuryId = 'SZ'): Actor => {
    const { reach, jurisdictionId } = jurisdictions.get(treasuryId)!;
    const actor: Actor = { kind: 'person', userId, login: userId, treasuryId, posts: [post], scopes: [], reach, jurisdictionId };
    people.set(userId, actor);
    return actor;
  };

  const enter: SpecimenFixture['enter'] = (kind, payload, maker = person('u-operator', 'income_operator')) =>
    approvals.submit(maker, {
      kind,
      treasuryId: maker.treasuryId,
      idempotencyKey: `specimen-${++requests}`,
      payload,
      documents: Array.isArray(payload.documents) ? payload.documents : [],
    });

  return {
    database,
    specimens: createSpecimens(database),
    approvals,
    person,
    enter,
    async approved(kind, payload) {
      const entered = await enter(kind, payload);
      const approve = (actor: Actor) => approvals.act(actor, { requestId: entered.id, decision: 'approve', comment: 'ok', keyElements: null });
      await approve(person('u-reviewer', 'reviewer'));
      return approve(person('u-supervisor', 'accounting_supervisor'));
    },
    async writes() {
      const [row] = await database.sql<{ cards: number; requests: number }[]>`
        select (select count(*)::int from seals.specimen_cards) as cards, (select count(*)::int from approvals.requests) as requests`;
      return row!;
    },
  };
}
