import type { Authenticator, GrpcService, UnaryOptions } from '@jinku/grpc-kit';
import { unary } from '@jinku/grpc-kit';
import type { Identity, Principal } from '@jinku/identity';
import { parseBearer } from '@jinku/identity-domain';
import { identityV1 } from '@jinku/proto';

export function bearerAuthenticator(identity: Identity): Authenticator {
  return (authorization) => identity.authenticate(parseBearer(authorization));
}

export function identityGrpcService(identity: Identity, options: UnaryOptions): GrpcService {
  const implementation: identityV1.IdentityServiceServer = {
    whoAmI: unary('WhoAmI', options, async (_request: identityV1.WhoAmIRequest, { actor }) => ({
      userId: actor.userId,
      login: actor.login,
      treasuryId: actor.treasuryId,
      posts: [...actor.posts],
      kind: actor.kind,
      scopes: [...actor.scopes],
    })),
    signOut: unary(
      'SignOut',
      options,
      async (_request: identityV1.SignOutRequest, { authorization }) => {
        await identity.revokeToken(parseBearer(authorization));
        return {};
      },
      { mutation: () => ({}) },
    ),
    issuePrincipalKey: unary(
      'IssuePrincipalKey',
      options,
      async (request: identityV1.IssuePrincipalKeyRequest, { actor }) => {
        const issued = await identity.principals.issueKey(actor, request.name);
        return { key: issued.key, principal: principalToWire(issued.principal) };
      },
      // Never the key: the principal it was issued to, whose earlier keys it revoked.
      { mutation: ({ principal }) => ({ principal: principal?.name, principalId: principal?.principalId, earlierKeysRevoked: true }) },
    ),
    listPrincipals: unary('ListPrincipals', options, async (request: identityV1.ListPrincipalsRequest, { actor }) => ({
      principals: (await identity.principals.list(actor, request.treasuryId)).map(principalToWire),
    })),
  };
  return { name: 'jinku.identity.v1.IdentityService', definition: identityV1.IdentityServiceService, implementation };
}

const principalToWire = (p: Principal): identityV1.Principal => ({
  principalId: p.id,
  treasuryId: p.treasuryId,
  name: p.name,
  kind: p.kind,
  scopes: [...p.scopes],
  approvalRequestId: p.approvalRequestId,
  registerTime: p.registeredAt.toISOString(),
});

export { staffGrpcService } from './staff-service';
export { publicUnary } from './public-unary';
