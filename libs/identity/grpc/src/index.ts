import type { Authenticator, GrpcService, UnaryOptions } from '@jinku/grpc-kit';
import { unary } from '@jinku/grpc-kit';
import type { Identity } from '@jinku/identity';
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
    })),
    signOut: unary('SignOut', options, async (_request: identityV1.SignOutRequest, { authorization }) => {
      await identity.revokeToken(parseBearer(authorization));
      return {};
    }),
  };
  return { name: 'jinku.identity.v1.IdentityService', definition: identityV1.IdentityServiceService, implementation };
}

export { staffGrpcService } from './staff-service';
export { publicUnary } from './public-unary';
