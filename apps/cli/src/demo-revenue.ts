import { createApprovals, walkThroughApprovals } from '@jinku/approvals';
import type { Database } from '@jinku/db';
import type { Identity } from '@jinku/identity';
import type { BusinessDate } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { createRevenue, sharingRuleChangeAction } from '@jinku/revenue';
import { demoSharingRules } from '@jinku/revenue-domain';

/** The regions the demo treasuries serve: the branch the city itself, each sub-treasury its district. */
const DEMO_REGIONS = [
  { region: '440300', treasuryId: 'SZ', name: '深圳市' },
  { region: '440304', treasuryId: 'SZ-FT', name: '福田区' },
  { region: '440307', treasuryId: 'SZ-LG', name: '龙岗区' },
];

/**
 * The branch's sharing parameters (see @jinku/revenue-domain demoSharingRules for where each figure comes
 * from), entered by its system admin and approved by its reviewer and supervisor as every change is.
 */
export async function loadDemoRevenue(database: Database, ledger: Ledger, identity: Identity, firstDay: BusinessDate): Promise<number> {
  await createRevenue(database, ledger).defineRegions(DEMO_REGIONS);
  const approvals = createApprovals(database, ledger, [sharingRuleChangeAction(ledger)], { currentPerson: identity.currentPerson });
  const actorOf = async (login: string) => identity.authenticate((await identity.issueToken(login, 1)).token);
  const rules = demoSharingRules(firstDay);
  for (const rule of rules) {
    await walkThroughApprovals(approvals, await actorOf('sz.admin'), [await actorOf('sz.reviewer'), await actorOf('sz.supervisor')], {
      kind: 'sharing_rule_change',
      treasuryId: 'SZ',
      idempotencyKey: `demo-sharing-${rule.revenueCode}`,
      documents: [{ kind: 'fiscal_system_notice', reference: `demo/sharing/${rule.revenueCode}` }],
      payload: { revenueCode: rule.revenueCode, region: rule.region ?? '', effectiveFrom: rule.effectiveFrom, shares: rule.shares.map((s) => ({ level: s.level, percent: s.percent.toString() })) },
    });
  }
  return rules.length;
}
