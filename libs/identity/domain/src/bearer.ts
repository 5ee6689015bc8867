import { unauthenticated } from '@jinku/kernel';

/** `Bearer <token68>` (RFC 6750); the scheme is case-insensitive. Tokens are far shorter than the cap. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const MAX_HEADER_LENGTH = 512;

/** The token of an `authorization` value, or an unauthenticated refusal. */
export function parseBearer(authorizationHeader: string | undefined): string {
  if (authorizationHeader === undefined || authorizationHeader.trim() === '') {
    throw unauthenticated('MISSING_CREDENTIALS', 'send "authorization: Bearer <token>"');
  }
  const token = authorizationHeader.length <= MAX_HEADER_LENGTH ? BEARER.exec(authorizationHeader)?.[1] : undefined;
  if (token === undefined) throw unauthenticated('MALFORMED_CREDENTIALS', 'the authorization value must be "Bearer <token>"');
  return token;
}
