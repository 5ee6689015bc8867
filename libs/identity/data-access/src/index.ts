export { createIdentity, type Identity, type IdentityOptions, type Jurisdiction, type NewUser, type User } from './identity';
export { hashToken, type IssuedToken } from './tokens';
export type { PasswordChange } from './sign-in';
export type { Handover, HandoverStatus, Leave, NewHandover, NewLeave, StaffChange, StaffChangeKind, StaffChangePage } from './staff';
export { identityMigrations } from './migrations';
export { MACHINE_KEY_PREFIX, PRINCIPAL_KINDS, type IssuedKey, type NewPrincipal, type Principal, type PrincipalKind, type Principals } from './principals';
