import { createApprovals, walkThroughApprovals } from '@jinku/approvals';
import type { Database } from '@jinku/db';
import type { Identity } from '@jinku/identity';
import type { Ledger } from '@jinku/ledger';
import { createSeals, sealRegistrationAction, type SealKeyring } from '@jinku/seals';

/** The seals every demo treasury keeps in use (R80), with the post of the person who keeps each. */
const DEMO_SEALS = [
  { kind: 'business', name: '国库业务专用章', keeper: 'reviewer', imprint: 'round, dated; impression filed as IMP-{T}-01' },
  { kind: 'transfer_done', name: '国库业务转讫章', keeper: 'operator', imprint: 'triangle, dated; impression filed as IMP-{T}-02' },
] as const;

/**
 * Each demo treasury's business seal and transfer-done seal, registered as every seal is — its system admin
 * enters the request, its reviewer and supervisor approve — then put in use by the supervisor.
 */
export async function registerDemoSeals(database: Database, ledger: Ledger, identity: Identity, keyring: SealKeyring, treasuryIds: readonly string[]): Promise<number> {
  const seals = createSeals(database, { keyring, personOf: identity.currentPerson });
  const approvals = createApprovals(database, ledger, [sealRegistrationAction(seals)], { currentPerson: identity.currentPerson });
  const actorOf = async (login: string) => identity.authenticate((await identity.issueToken(login, 1)).token);
  let registered = 0;
  for (const treasuryId of treasuryIds) {
    const prefix = treasuryId.toLowerCase();
    const supervisor = await actorOf(`${prefix}.supervisor`);
    for (const seal of DEMO_SEALS) {
      const keeper = await actorOf(`${prefix}.${seal.keeper}`);
      const request = await walkThroughApprovals(approvals, await actorOf(`${prefix}.admin`), [await actorOf(`${prefix}.reviewer`), supervisor], {
        kind: 'seal_registration',
        treasuryId,
        idempotencyKey: `demo-seal-${prefix}-${seal.kind}`,
        documents: [{ kind: 'seal_registration_form', reference: `demo/${prefix}/${seal.kind}` }],
        payload: { kind: seal.kind, name: `${treasuryId} ${seal.name}`, custodianUserId: keeper.userId, imprint: seal.imprint.replace('{T}', treasuryId), algorithm: 'sm2_sm3' },
      });
      await seals.putInUse(supervisor, request.result!['sealId']!);
      registered += 1;
    }
  }
  return registered;
}
