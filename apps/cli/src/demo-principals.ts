import { createApprovals, machinePrincipalRegistrationAction, walkThroughApprovals } from '@jinku/approvals';
import type { Database } from '@jinku/db';
import type { Identity } from '@jinku/identity';
import type { Ledger } from '@jinku/ledger';

/**
 * The tax-treasury-bank link's front end (TIPS) of each demo treasury, registered the way every machine
 * principal is: the treasury's system admin enters it, its reviewer and accounting supervisor approve
 * (the demo people of demoUsers). Its key is issued separately (`issue-machine-key sz.tips`).
 */
export async function registerDemoPrincipals(database: Database, ledger: Ledger, identity: Identity, treasuryIds: readonly string[]): Promise<string[]> {
  const approvals = createApprovals(database, ledger, [machinePrincipalRegistrationAction(identity.principals)], { currentPerson: identity.currentPerson });
  const actorOf = async (login: string) => identity.authenticate((await identity.issueToken(login, 1)).token);
  const names: string[] = [];
  for (const treasuryId of treasuryIds) {
    const prefix = treasuryId.toLowerCase();
    const name = `${prefix}.tips`;
    await walkThroughApprovals(approvals, await actorOf(`${prefix}.admin`), [await actorOf(`${prefix}.reviewer`), await actorOf(`${prefix}.supervisor`)], {
      kind: 'machine_principal_registration',
      treasuryId,
      idempotencyKey: `demo-register-${name}`,
      documents: [{ kind: 'registration_form', reference: `demo/${name}` }],
      payload: { name, kind: 'tax_link', scopes: ['receipt_posting', 'ledger_read'] },
    });
    names.push(name);
  }
  return names;
}
