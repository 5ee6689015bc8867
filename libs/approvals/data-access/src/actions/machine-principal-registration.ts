import type { NewPrincipal, Principals } from '@jinku/identity';
import { invalidArgument } from '@jinku/kernel';
import type { ActionDefinition } from '../action';
import { objectOf, text } from './payload';

/**
 * A machine principal (the tax-treasury-bank link, an agency bank's or a finance bureau's front end) is
 * registered for a treasury by its system admin and approved by the supervisor (R7, R19(1)); only then can
 * a client key be issued for it.
 */
export function machinePrincipalRegistrationAction(principals: Principals): ActionDefinition<NewPrincipal> {
  return {
    policy: { kind: 'machine_principal_registration', permission: 'principal.register' },
    async parse(payload) {
      const record = objectOf(payload);
      const scopes = record['scopes'];
      if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string')) {
        throw invalidArgument('MALFORMED_PAYLOAD', 'payload.scopes must be a list of scope names', { field: 'scopes' });
      }
      const principal = principals.validate({ name: text(record, 'name'), kind: text(record, 'kind'), scopes: scopes as string[] });
      await principals.assertNameFree(principal.name);
      return principal;
    },
    targetOf: (principal) => `principal:${principal.name}`,
    amountOf: () => null,
    keyElementsOf: () => null,
    important: () => true,
    async execute(tx, principal, context) {
      const registered = await principals.registerWithin(tx, context.treasuryId, principal, context.requestId);
      return { principalId: registered.id, name: registered.name };
    },
  };
}
