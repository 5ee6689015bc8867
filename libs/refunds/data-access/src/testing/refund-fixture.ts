import { approvalsMigrations, createApprovals, type AnyAction, type ApprovalRequest, type Approvals } from '@jinku/approvals';
import type { KeyElements, StepKind } from '@jinku/approvals-domain';
import type { MigrationModule } from '@jinku/db';
import { createTestDatabase, type TestDatabase } from '@jinku/db/testing';
import type { Actor, BusinessDate, Post } from '@jinku/kernel';
import { createLedger, demoTreasuries, jurisdictionsOf, ledgerMigrations, seedLedgerDemo, type Ledger } from '@jinku/ledger';
import { createRevenue, revenueMigrations, sharingRuleChangeAction, type ReceiptInput, type ReceiptPart, type Revenue } from '@jinku/revenue';
import { createSpecimens, sealsMigrations, specimenCardNewAction, type Specimens } from '@jinku/seals';
import { refundsMigrations } from '../migrations';
import { revenueRefundAction } from '../refund-action';
import { createRefunds, type Refunds } from '../refunds';

/** A tax bureau's code: it collects the receipts and files a specimen card, so it may approve their refunds. */
export const TAX_BUREAU = '14403000000';
export const PAYER = { payerName: '深圳某科技有限公司', payerAccount: '4403010000123456' };

export interface RefundFixture {
  readonly database: TestDatabase;
  readonly ledger: Ledger;
  readonly revenue: Revenue;
  readonly refunds: Refunds;
  readonly approvals: Approvals;
  /** The books' first business day, also the date cards take effect and approvals are dated. */
  readonly today: BusinessDate;
  /** A person of `treasuryId` (default SZ) holding `post`, as identity would report them. */
  person(userId: string, post: Post, treasuryId?: string): Actor;
  /** A receipt from the treasury's tax link (default SZ), paid by `PAYER`; returns its parts. */
  receipt(messageId: string, overrides?: Partial<ReceiptInput>, treasuryId?: string): Promise<readonly ReceiptPart[]>;
  /** Files an approved specimen card for `unitId` at `treasuryId` with paper imprints `<unitId> 公章` and `<unitId> 名章`. */
  fileCard(unitId: string, unitKind: string, treasuryId?: string): Promise<void>;
  /** Enters a request as `maker` (default the treasury's fiscal-refund operator). */
  enter(kind: string, payload: unknown, maker?: Actor): Promise<ApprovalRequest>;
  /**
   * Takes the request through review, the blind key-element audit (the maker's elements re-entered) and the
   * supervisor's approval, each by the request's treasury's people; or only up to the step `until`.
   */
  approve(request: ApprovalRequest, until?: StepKind): Promise<ApprovalRequest>;
  /** The balance of an account, in its normal direction. */
  balance(treasuryId: string, account: string): Promise<string>;
  /** Rows of requests, vouchers and refunds: what a refusal must leave as it was. */
  writes(): Promise<{ requests: number; vouchers: number; refunds: number }>;
}

/** What another context's tests add to the fixture: their schemas and the actions they register with approvals. */
export interface FixtureExtension {
  readonly migrations: readonly MigrationModule[];
  actions(contexts: { database: TestDatabase; ledger: Ledger; revenue: Revenue; specimens: Specimens; today: () => BusinessDate }): AnyAction[];
}

/**
 * A fresh database with the demo books (SZ over SZ-FT and SZ-LG) open from 2026-11-20, the regions the branch
 * serves, the VAT shared 50/25/25 between central, municipal and district by an approved parameter, and the
 * refund action wired as the server wires it; `extension` adds another context's schemas and actions.
 */
export async function refundFixture(extension?: FixtureExtension): Promise<RefundFixture> {
  const database = await createTestDatabase([ledgerMigrations, approvalsMigrations, sealsMigrations, revenueMigrations, refundsMigrations, ...(extension?.migrations ?? [])]);
  const ledger = createLedger(database);
  const today = await seedLedgerDemo(ledger.setup, ledger.days, '2026-11-20');
  const revenue = createRevenue(database, ledger);
  await revenue.defineRegions([
    { region: '440300', treasuryId: 'SZ', name: '深圳市' },
    { region: '440304', treasuryId: 'SZ-FT', name: '福田区' },
  ]);
  const people = new Map<string, Actor>();
  const specimens = createSpecimens(database);
  const approvals = createApprovals(
    database,
    ledger,
    [
      specimenCardNewAction(database, { today: () => today }),
      sharingRuleChangeAction(ledger),
      revenueRefundAction({ database, ledger, revenue, specimens, today: () => today }),
      ...(extension?.actions({ database, ledger, revenue, specimens, today: () => today }) ?? []),
    ],
    { currentPerson: async (userId) => people.get(userId)! },
  );
  let keys = 0;

  const actorOf = (userId: string, treasuryId: string, kind: 'person' | 'machine', posts: Post[]): Actor => {
    const { reach, jurisdictionId } = jurisdictionsOf(demoTreasuries).get(treasuryId)!;
    return { kind, userId, login: userId, treasuryId, posts, scopes: kind === 'machine' ? ['receipt_posting'] : [], reach, jurisdictionId };
  };
  const person = (userId: string, post: Post, treasuryId = 'SZ'): Actor => {
    const actor = actorOf(userId, treasuryId, 'person', [post]);
    people.set(userId, actor);
    return actor;
  };
  const enter: RefundFixture['enter'] = (kind, payload, maker) => {
    const by = maker ?? person('refunds', 'fiscal_refund_operator');
    return approvals.submit(by, { kind, treasuryId: by.treasuryId, idempotencyKey: `request-${++keys}`, payload, documents: [] });
  };
  const approve: RefundFixture['approve'] = async (request, until) => {
    const treasuryId = request.treasuryId;
    const steps: Record<string, Actor> = {
      review: person(`reviewer-${treasuryId}`, 'reviewer', treasuryId),
      key_element_audit: person(`auditor-${treasuryId}`, 'key_element_auditor', treasuryId),
      supervisor_approval: person(`supervisor-${treasuryId}`, 'accounting_supervisor', treasuryId),
    };
    let current = request;
    for (const step of request.route.slice(request.steps.length)) {
      if (step === until) break;
      const keyElements = step === 'key_element_audit' ? (request.payload as KeyElements) : null;
      current = await approvals.act(steps[step]!, { requestId: request.id, decision: 'approve', comment: 'ok', keyElements });
    }
    return current;
  };

  // The VAT shared with the centre (R31), as an approved parameter of the branch.
  const vat = { revenueCode: '1010101', region: '', effectiveFrom: today, shares: [{ level: 'central', percent: '50' }, { level: 'municipal', percent: '25' }, { level: 'district', percent: '25' }] };
  await approve(await enter('sharing_rule_change', vat, person('admin', 'system_admin')));

  return {
    database,
    ledger,
    revenue,
    refunds: createRefunds(database),
    approvals,
    today,
    person,
    async receipt(messageId, overrides = {}, treasuryId = 'SZ') {
      const link = actorOf(`${treasuryId}.tips`, treasuryId, 'machine', []);
      const input: ReceiptInput = {
        authorityCode: TAX_BUREAU,
        messageId,
        revenueCode: '1010101',
        designation: 'shared',
        region: '440304',
        ...PAYER,
        amount: '100.01',
        collectionDate: today,
        ...overrides,
      };
      const [outcome] = await revenue.submitReceipts(link, [input]);
      if (!outcome?.ok) throw outcome?.error;
      return outcome.parts;
    },
    async fileCard(unitId, unitKind, treasuryId = 'SZ') {
      const card = {
        unitId,
        unitKind,
        unitName: unitId,
        effectiveFrom: today,
        unitSeal: { imprint: `${unitId} 公章`, publicKey: '' },
        representativeName: '张三',
        representativeRole: 'legal_representative',
        representativeSeal: { imprint: `${unitId} 名章`, publicKey: '' },
        documents: ['application', 'representative_certificate', 'specimen_card', 'introduction_letter'].map((kind) => ({ kind, reference: `${unitId}/${kind}` })),
        unitSealDated: false,
      };
      await approve(await enter('specimen_card_new', card, person(`operator-${treasuryId}`, 'fiscal_refund_operator', treasuryId)));
    },
    enter,
    approve,
    async balance(treasuryId, account) {
      return (await ledger.accounts.get(treasuryId, account)).balance.toFixed(2);
    },
    async writes() {
      const [row] = await database.sql<{ requests: number; vouchers: number; refunds: number }[]>`
        select (select count(*)::int from approvals.requests) as requests, (select count(*)::int from ledger.vouchers) as vouchers,
               (select count(*)::int from refunds.refunds) as refunds`;
      return row!;
    },
  };
}
