import { createApprovals, machinePrincipalRegistrationAction, walkThroughApprovals } from '@jinku/approvals';
import type { Database } from '@jinku/db';
import { createDisbursement } from '@jinku/disbursement';
import { DEMO_BUREAU, demoPlan } from '@jinku/disbursement-domain';
import type { Identity } from '@jinku/identity';
import type { BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { specimenCardNewAction } from '@jinku/seals';

const TREASURY = 'SZ-LG';
const BUREAU_SYSTEM = 'sz-lg.finance';

/**
 * The Longgang finance bureau at its sub-treasury: its system registered as a machine principal (scope
 * budget_data) and its specimen card filed, each through approvals, then its expenditure plan sent by its
 * system (see @jinku/disbursement-domain demoPlan for the figures). Returns the plan lines taken.
 */
export async function loadDemoDisbursement(database: Database, ledger: Ledger, identity: Identity, firstDay: BusinessDate): Promise<number> {
  const approvals = createApprovals(database, ledger, [machinePrincipalRegistrationAction(identity.principals), specimenCardNewAction(database)], {
    currentPerson: identity.currentPerson,
  });
  const actorOf = async (login: string) => identity.authenticate((await identity.issueToken(login, 1)).token);
  const checkers = [await actorOf('sz-lg.reviewer'), await actorOf('sz-lg.supervisor')];
  await walkThroughApprovals(approvals, await actorOf('sz-lg.admin'), checkers, {
    kind: 'machine_principal_registration',
    treasuryId: TREASURY,
    idempotencyKey: `demo-register-${BUREAU_SYSTEM}`,
    documents: [{ kind: 'registration_form', reference: `demo/${BUREAU_SYSTEM}` }],
    payload: { name: BUREAU_SYSTEM, kind: 'finance_bureau', scopes: ['budget_data'] },
  });
  await walkThroughApprovals(approvals, await actorOf('sz-lg.refunds'), checkers, {
    kind: 'specimen_card_new',
    treasuryId: TREASURY,
    idempotencyKey: `demo-card-${DEMO_BUREAU}`,
    documents: [],
    payload: {
      unitId: DEMO_BUREAU,
      unitKind: 'finance_bureau',
      unitName: '深圳市龙岗区财政局',
      effectiveFrom: firstDay,
      unitSeal: { imprint: '深圳市龙岗区财政局财务专用章', publicKey: '' },
      representativeName: '龙岗区财政局负责人',
      representativeRole: 'legal_representative',
      representativeSeal: { imprint: '龙岗区财政局负责人名章', publicKey: '' },
      documents: ['application', 'representative_certificate', 'specimen_card', 'introduction_letter'].map((kind) => ({ kind, reference: `demo/${DEMO_BUREAU}/${kind}` })),
      unitSealDated: false,
    },
  });
  const bureauSystem = await identity.authenticate((await identity.principals.issueKey(null, BUREAU_SYSTEM)).key);
  const taken = await createDisbursement(database, { ledger, approvals }).submitPlan(bureauSystem, demoPlan(Number(firstDay.slice(0, 4))));
  return taken.linesAdded;
}
